#include "frontend/algorithm/diagnostics.h"

#include <array>

namespace riposte::frontend::algorithm {
namespace {

constexpr std::array kInfos{
#define X(kind, code, severity, format) AlgoDiagInfo{code, Severity::severity, format},
#include "frontend/algorithm/diagnostics.def"
#undef X
};

}  // namespace

const AlgoDiagInfo& info(AlgoDiag k) { return kInfos[static_cast<size_t>(k)]; }

}  // namespace riposte::frontend::algorithm
