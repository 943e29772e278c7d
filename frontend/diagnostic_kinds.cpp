#include "frontend/diagnostic_kinds.h"

namespace riposte::frontend {

const DiagInfo& info(DiagKind k) {
  static const DiagInfo table[] = {
#define X(kind, code, severity, format) {code, Severity::severity, format},
#include "frontend/diagnostic_kinds.def"
#undef X
  };
  return table[static_cast<size_t>(k)];
}

}  // namespace riposte::frontend
