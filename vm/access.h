// Reading into values with jq's (gojq 0.12.11's) rules: `.[k]`, slices,
// getpath.  Each returns false with a jq error value in `out` on failure.
#pragma once

#include "value/value.h"

namespace riposte::vm {

bool index_value(const Value& t, const Value& key, Value& out);
bool slice_value(const Value& t, const Value& from, const Value& to, Value& out);
bool getpath_value(const Value& v, const Value& path, Value& out);
// gojq's "path intact" test: w is still the value a path expression
// tracked (the same array or object, or an equal scalar).
bool same_value(const Value& w, const Value& tracked);
// l + r updating l in place when it is uniquely owned and both are arrays,
// strings or objects (`reduce ... (.; . + [$x])` stays linear); false when
// the general operator must do it.
bool add_in_place(Value& l, const Value& r);
// The path element of a slice: {"start": from, "end": to}.
Value slice_key(const Value& from, const Value& to);

}  // namespace riposte::vm
