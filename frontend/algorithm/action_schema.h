// The response-action schema table now lives in actions/ (actions/schema.h,
// library riposte_action_schemas: pure data, no dependency on the bindings
// or the VM), which owns it for both readers: this validator and the
// binding registry.  These names keep the validator's spelling.
#pragma once

#include "actions/schema.h"

namespace riposte::frontend::algorithm {

using actions::ActionSchema;
using actions::all_actions;
using actions::AssetKind;
using actions::describe;
using actions::find_action;
using actions::ParamRule;
using actions::ParamSpec;
using actions::ParamType;
using actions::RuleKind;

}  // namespace riposte::frontend::algorithm
