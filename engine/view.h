// The one look at the tenant tree through a caller's roles (class View,
// engine/playbook_access.h), taken inside a store transaction: every
// authorisation decision of an operation is made against the same snapshot
// it reads and writes.  And the display-name rule.
#pragma once

#include <string>
#include <string_view>

#include "engine/playbook_access.h"

namespace riposte::engine {

// 1 to 255 code points, none of < > " (engine.md's rule for playbook
// names, used for every display name); "" when acceptable, else why not.
std::string display_name_problem(std::string_view name);

}  // namespace riposte::engine
