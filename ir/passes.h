// IR optimisation passes.  Each pass keeps the observable behaviour of the
// program (outputs, errors and their order) exactly.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "ir/ir.h"

namespace riposte::ir {

// Folds a native call or binary operator over constant JSON operands.
// Returns the folded constant's JSON, or nullopt when it must not be folded
// (it errors, or is not pure).  Supplied by the VM so ir/ needs no values.
struct Folder {
  std::function<std::optional<std::string>(BinOp, std::string_view, std::string_view)> binary;
  // operands: the input of the call first, then its arguments.
  std::function<std::optional<std::string>(std::string_view name, const std::vector<std::string>& operands)> native;
};

struct PassOptions {
  Folder folder;
  bool print_after_all = false;  // each pass's result appended to `trace`
  std::string* trace = nullptr;
};

void fold_constants(Module& m, const Folder& folder);
void inline_functions(Module& m);   // small, non-recursive jq-defined functions
void remove_dead_code(Module& m);   // unreachable functions, unused FuncDefs entries
// The standard pipeline used by `--stage opt` and by every compile.
void optimize(Module& m, const PassOptions& opt);

}  // namespace riposte::ir
