// The table behind native_summaries.h.  Only natives whose result type is
// fixed by the manual are listed; everything else is "any type", which
// keeps the non-boolean proof conservative.
#include "ir/analysis/native_summaries.h"

#include <array>

namespace riposte::ir::analysis {
namespace {

struct NativeTypes {
  std::string_view name;
  TypeSet types;
};

constexpr std::array kTypes = {
    // booleans
    NativeTypes{"not", kBool}, NativeTypes{"has", kBool}, NativeTypes{"contains", kBool},
    NativeTypes{"startswith", kBool}, NativeTypes{"endswith", kBool}, NativeTypes{"isinfinite", kBool},
    NativeTypes{"isnan", kBool}, NativeTypes{"isnormal", kBool}, NativeTypes{"toboolean", kBool},
    NativeTypes{"have_decnum", kBool}, NativeTypes{"have_literal_numbers", kBool},
    // numbers
    NativeTypes{"length", kNumber}, NativeTypes{"utf8bytelength", kNumber}, NativeTypes{"tonumber", kNumber},
    NativeTypes{"now", kNumber}, NativeTypes{"mktime", kNumber}, NativeTypes{"floor", kNumber},
    NativeTypes{"ceil", kNumber}, NativeTypes{"round", kNumber}, NativeTypes{"sqrt", kNumber},
    NativeTypes{"pow", kNumber}, NativeTypes{"log", kNumber}, NativeTypes{"fabs", kNumber},
    NativeTypes{"_negate", kNumber},
    // strings
    NativeTypes{"type", kString}, NativeTypes{"tostring", kString}, NativeTypes{"tojson", kString},
    NativeTypes{"ascii_downcase", kString}, NativeTypes{"ascii_upcase", kString}, NativeTypes{"join", kString},
    NativeTypes{"implode", kString}, NativeTypes{"strftime", kString}, NativeTypes{"trim", kString},
    NativeTypes{"ltrim", kString}, NativeTypes{"rtrim", kString}, NativeTypes{"@text", kString},
    NativeTypes{"@json", kString}, NativeTypes{"@html", kString}, NativeTypes{"@uri", kString},
    NativeTypes{"@csv", kString}, NativeTypes{"@tsv", kString}, NativeTypes{"@sh", kString},
    NativeTypes{"@base64", kString}, NativeTypes{"@base64d", kString}, NativeTypes{"format", kString},
    // arrays
    NativeTypes{"keys", kArray}, NativeTypes{"keys_unsorted", kArray}, NativeTypes{"split", kArray},
    NativeTypes{"explode", kArray}, NativeTypes{"sort", kArray}, NativeTypes{"unique", kArray},
    NativeTypes{"to_entries", kArray}, NativeTypes{"transpose", kArray}, NativeTypes{"gmtime", kArray},
    NativeTypes{"flatten", kArray}, NativeTypes{"indices", kArray | kNull},
    // objects
    NativeTypes{"from_entries", kObject},
};

}  // namespace

NativeOutputs native_outputs(std::string_view name, size_t arity) {
  if (name == "empty" || name == "error" || name == "halt" || name == "halt_error") return NativeOutputs::None;
  if (name == "range" && arity >= 2) return NativeOutputs::Several;
  return NativeOutputs::One;
}

TypeSet native_result_types(std::string_view name, size_t /*arity*/) {
  for (const NativeTypes& t : kTypes)
    if (t.name == name) return t.types;
  return kAnyType;
}

}  // namespace riposte::ir::analysis
