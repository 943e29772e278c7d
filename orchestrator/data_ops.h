// How step results reach the data (algorithm.md "output"): the filter runs
// over the result, then merge (jq's `*`: recursive object merge, new values
// win; overwrite when either side is not an object) or overwrite.  Also the
// masking of secrets in recorded parameters and the batches of a split.
#pragma once

#include <atomic>
#include <cstdint>
#include <string_view>

#include "ir/algorithm/step_graph.h"
#include "orchestrator/evaluator.h"
#include "value/value.h"

namespace riposte::orchestrator {

Value deep_merge(const Value& base, const Value& overlay);

// The data after `output` applies `result` to `data`; an absent output
// leaves the data unchanged.  A filter error names the filter's path.
Evaluated apply_output(const ir::algorithm::Output& output, const Value& result, const Value& data,
                       const Evaluator& ev);

// A copy with the values of secret-looking keys (password, secret, token,
// apikey/api_key, credential, privatekey) replaced by "***".
Value mask_secrets(const Value& v);
bool is_secret_key(std::string_view key);

// What history records keep of the values they show (result, params,
// assets): each value itself while it is small and the run's history
// budget lasts, otherwise a string saying it was omitted.  History keeps
// every step's record, and an updateData step's result is the whole data:
// unbounded, a long flow that grows its data would hold every version
// (quadratic memory; actions.md: output kept in history is bounded).  Sizes
// are estimated without making the text and the walk stops at the limit,
// so a large value costs O(limit).
inline constexpr size_t kHistoryValueBytes = 64 * 1024;           // one value
inline constexpr uint64_t kHistoryBudgetBytes = 16 * 1024 * 1024;  // all values of one run
// Replaces the members result, params and assets of `record` as above;
// `spent` is the run's running total (shared by its threads).
void bound_history_record(Value& record, std::atomic<uint64_t>& spent);

// `items` cut into arrays of at most `size` elements, in order.
Array batches(const Value& items, uint32_t size);

}  // namespace riposte::orchestrator
