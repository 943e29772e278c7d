// The one renderer of diagnostics (support/diagnostics.h):
//   - terminal text with the source line and a caret under the span;
//   - JSON for tools (`riposte check --format json`);
//   - RFC 9457 problem+json for the HTTP API.
// docs/diagnostics.md shows each form.  Columns count code points.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "support/diagnostics.h"

namespace riposte::support {

// "file:3:7: error: message\n    <source line>\n          ^~~~\n"; a
// document's JSON path goes before the message ("file:3:7: error: a.b: ...").
std::string render_text(const Diagnostic& d, std::string_view source, std::string_view file);
std::string render_text(std::span<const Diagnostic> diags, std::string_view source, std::string_view file);

// {"severity":..,"code":..,"message":..,["path":..,]"line":..,"column":..,"end_line":..,"end_column":..}
// ("path" only when the diagnostic has one).
std::string render_json(const Diagnostic& d);
// "[\n  {...},\n  {...}\n]\n", one diagnostic per line; "[]\n" when none.
std::string render_json_array(std::span<const Diagnostic> diags);

// An RFC 9457 problem document (application/problem+json).
struct Problem {
  std::string type = "about:blank";  // a URI naming the problem type
  std::string title;                 // short, the same for every occurrence of the type
  int status = 400;                  // the HTTP status code
  std::string detail;                // this occurrence; "" = a count of the diagnostics
};
// {"type":..,"title":..,"status":..,"detail":..,"errors":[{"code":..,"severity":..,"message":..,
//  "line":..,"column":..,"end_line":..,"end_column":..[,"path":..]}, ...]} on one line.
std::string render_problem_json(const Problem& p, std::span<const Diagnostic> diags);

}  // namespace riposte::support
