// Instances, approvals and history rows as the API shows them (api.md,
// Resources: Instance, Approval, History), and the history row an
// instance's state implies.
#pragma once

#include <string>
#include <string_view>

#include "store/records.h"
#include "value/value.h"

namespace riposte::engine {

// The playbook's row of the response history for an instance.
store::HistoryRow history_of(const store::InstanceRow& r);
// The row of one responseAction record (orchestrator step record) of an
// instance; `index` is its place among the instance's records.
store::HistoryRow action_history(const store::InstanceRow& r, const Value& record, size_t index);

// A pending approval request of `kind` ("launch" | "action") for an
// instance, asked at `now`, no asset and no decision yet.
store::ApprovalRow new_request(const store::InstanceRow& r, std::string_view kind, const std::string& now);

// {"<asset>": {"decision", "user", "at"}} with one decision added to `decisions` (JSON text).
std::string decision_json(std::string_view asset, std::string_view decision, std::string_view user,
                          std::string_view at, std::string_view decisions = "{}");

Value instance_value(const store::InstanceRow& r, bool with_steps);
Value approval_value(const store::ApprovalRow& a);
Value history_value(const store::HistoryRow& h);

}  // namespace riposte::engine
