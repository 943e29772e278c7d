// The table of natives (from natives.def), its lookup, and the embedded
// jq-defined builtins.
#include "stdlib/natives.h"

#include <algorithm>
#include <iterator>
#include <vector>

#include "stdlib/native_util.h"

namespace riposte::stdlib {

namespace {

#define RIPOSTE_FN_Function(fn) &stdlib::fn
#define RIPOSTE_FN_Impure(fn) &stdlib::fn
#define RIPOSTE_FN_Intrinsic(fn) nullptr
// Built in a class scope so that the result column's names (Array, Null,
// ...) are ir::ResultTypes', not the value types of the same names.
struct Table : ir::ResultTypes {
  static constexpr NativeInfo kNatives[] = {
#define X(name, arity, kind, outputs, result, input, capability, fn)                                        \
  {name,                                                                                                    \
   arity,                                                                                                   \
   NativeKind::kind,                                                                                        \
   RIPOSTE_FN_##kind(fn),                                                                                   \
   {ir::NativeOutputs::outputs, result, ir::NativeInput::input, ir::Capability::capability,               \
    NativeKind::kind == NativeKind::Function}},
#include "stdlib/natives.def"
#undef X
  };
};
constexpr const NativeInfo* kNatives = Table::kNatives;
#undef RIPOSTE_FN_Function
#undef RIPOSTE_FN_Impure
#undef RIPOSTE_FN_Intrinsic

constexpr size_t kNativeCount = std::size(Table::kNatives);

bool by_signature(const NativeInfo* a, const NativeInfo* b) {
  return a->name != b->name ? a->name < b->name : a->arity < b->arity;
}

// Pointers into kNatives sorted by (name, arity), for binary search.
const std::vector<const NativeInfo*>& sorted_natives() {
  static const std::vector<const NativeInfo*> sorted = [] {
    std::vector<const NativeInfo*> v;
    v.reserve(kNativeCount);
    for (const NativeInfo& n : Table::kNatives) v.push_back(&n);
    std::sort(v.begin(), v.end(), by_signature);
    return v;
  }();
  return sorted;
}

constexpr const char kBuiltinsJq[] =
#include "builtins_jq.inc"
    ;

}  // namespace

const NativeInfo* find_native(std::string_view name, unsigned arity) {
  const auto& sorted = sorted_natives();
  NativeInfo key{name, static_cast<uint8_t>(arity), NativeKind::Function, nullptr, {}};
  auto it = std::lower_bound(sorted.begin(), sorted.end(), &key, by_signature);
  if (it == sorted.end() || (*it)->name != name || (*it)->arity != arity) return nullptr;
  return *it;
}

const ir::NativeFacts* native_facts(std::string_view name, unsigned arity) {
  const NativeInfo* info = find_native(name, arity);
  return info ? &info->facts : nullptr;
}

std::span<const NativeInfo> all_natives() { return {kNatives, kNativeCount}; }

std::string_view builtins_jq_source() { return {kBuiltinsJq, sizeof(kBuiltinsJq) - 1}; }

}  // namespace riposte::stdlib
