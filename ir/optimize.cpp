// The standard pass pipeline: inline small builtins first so that folding
// sees through them, fold, then drop what became dead.
#include <fmt/format.h>

#include "ir/passes.h"
#include "ir/printer.h"

namespace riposte::ir {
namespace {

template <typename Pass>
void run_pass(Module& m, const PassOptions& opt, const char* name, Pass&& pass) {
  pass(m);
  if (opt.print_after_all && opt.trace) *opt.trace += fmt::format("; *** IR after {} ***\n{}", name, print(m));
}

}  // namespace

void optimize(Module& m, const PassOptions& opt) {
  run_pass(m, opt, "inline", [](Module& mod) { inline_functions(mod); });
  run_pass(m, opt, "fold", [&](Module& mod) { fold_constants(mod, opt.folder); });
  run_pass(m, opt, "dead-code", [](Module& mod) { remove_dead_code(mod); });
}

}  // namespace riposte::ir
