// How step results reach the data (algorithm.md "output"): the filter runs
// over the result, then merge (jq's `*`: recursive object merge, new values
// win; overwrite when either side is not an object) or overwrite.  Also the
// masking of secrets in recorded parameters and the batches of a split.
#pragma once

#include <string_view>

#include "ir/algorithm/step_graph.h"
#include "vm/orchestrator/evaluator.h"
#include "vm/value.h"

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

// `items` cut into arrays of at most `size` elements, in order.
Array batches(const Value& items, uint32_t size);

}  // namespace riposte::orchestrator
