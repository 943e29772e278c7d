// What match/test/capture/... compile a (pattern, flags) pair to, for other
// code that must match exactly as `test` does (triggers/scope_program.cpp
// answers many `test("c")` triggers with one RE2::Set per value).
#pragma once

#include <re2/re2.h>

#include <string>
#include <string_view>

namespace riposte::stdlib {

// The RE2 expression of jq's `pattern` under `flags` (g, i, m; "" for none):
// false with `error` set (gojq's message) for any other flag.  The
// expression may still fail to compile (RE2's own error).
bool regex_expression(std::string_view pattern, std::string_view flags, std::string& expr, std::string& error);
// The options every expression is compiled with.
RE2::Options regex_options();

}  // namespace riposte::stdlib
