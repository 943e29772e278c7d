#include "support/diagnostics.h"

namespace riposte::support {

std::string_view severity_name(Severity s) {
  switch (s) {
    case Severity::Error:
      return "error";
    case Severity::Warning:
      return "warning";
    case Severity::Note:
      return "note";
  }
  return "error";
}

namespace detail {

Diagnostic make(DiagKind k, Span at, std::string message) {
  const KindInfo& i = info(k);
  Diagnostic d;
  d.kind = k;
  d.severity = i.severity;
  d.code = i.code;
  d.message = std::move(message);
  d.span = at;
  return d;
}

}  // namespace detail
}  // namespace riposte::support
