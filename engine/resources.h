// The JSON shapes of api.md's resources for the rows engine/ owns besides
// playbooks (engine/playbook_json.h): Tenant, User, a token's answer, a
// change of an alert or incident; and the small builders every operation
// uses.
#pragma once

#include <string_view>
#include <utility>
#include <vector>

#include "store/records.h"
#include "value/value.h"

namespace riposte::engine {

// {"k1": v1, ...} from pairs, in any order (objects are sorted by key).
Value object_of(std::initializer_list<std::pair<std::string_view, Value>> members);
Value string_or_null(std::string_view s);  // "" -> null
Value parsed_or_null(const std::string& text);  // stored JSON text -> its value; "" or bad -> null
Value strings_array(const std::vector<std::string>& items);

Value tenant_json(const store::TenantRow& t);
Value user_json(const store::UserRow& u);
Value change_json(const store::ObjectChangeRow& c);  // {"at","user","event","patch"}

std::string_view kind_name(store::ObjectKind k);  // "alert" | "incident"

}  // namespace riposte::engine
