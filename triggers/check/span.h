// Source ranges for the diagnostics of `riposte check`.  IR nodes carry the
// start of their construct only (the `.` of `.name`, the `[` of `x[]`, the
// operator of a binary expression); the ends are recovered from the text,
// which is what the caret underlines.
#pragma once

#include <string_view>

#include "ir/ir.h"
#include "support/source_span.h"

namespace riposte::triggers::check {

// The member name of a key at `loc`: `Severity` in `.Severity`, `"Severity"`
// in `."Severity"` and `.["Severity"]`.
support::Span key_span(std::string_view source, ir::Loc loc, std::string_view name);
// What yields several values: `.DetectionTechnologies[]` for an iterator,
// the `,` of a comma, the name of a call.
support::Span witness_span(std::string_view source, const ir::Node& witness);
// The expression whose value the program yields (the last stage of its
// pipes): a whole `[ ... ]` or `{ ... }`, else the node's own position.
support::Span result_span(std::string_view source, const ir::Node& main);

}  // namespace riposte::triggers::check
