// The Playbook resource of api.md, from a stored row:
//   {"id", "tenant", "name", "tags", "description", "scope", "mode",
//    "launchingRule" (null unless auto), "trigger" (string | null),
//    "algorithm" (the JSON document as an object), "inheritance":
//    {"enabled", "excludedTenants"}, "predefined", "deleted", "launches",
//    "availability", "createdAt", "createdBy", "updatedAt", "updatedBy"}
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "store/records.h"
#include "value/value.h"

namespace riposte::engine {

std::string_view scope_text(store::ObjectKind scope);  // "alert" | "incident"
std::optional<store::ObjectKind> parse_scope_text(std::string_view s);

// The stored algorithm text as a value: the document, or the text itself
// when it does not parse (never the case for a row the engine saved).
Value algorithm_value(std::string_view text);

Value strings_value(const std::vector<std::string>& items);

// `available`: whether the caller may launch it (docs/engine.md, Playbooks).
Value playbook_value(const store::PlaybookRow& p, bool available);

}  // namespace riposte::engine
