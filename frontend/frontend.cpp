// compile_to_ir: parse, then lower with the prelude in scope.  parse() is in
// parse.cpp and print_ast() in print_ast.cpp.
#include "frontend/frontend.h"

#include "frontend/ast.h"
#include "support/diagnostics.h"
#include "frontend/lower.h"
#include "frontend/prelude.h"

namespace riposte::frontend {

LowerResult compile_to_ir(std::string_view text, const LowerOptions& opt, std::string_view file) {
  LowerResult result;
  const Prelude* prelude = nullptr;
  if (!opt.prelude.empty()) {
    prelude = &prelude_for(opt.prelude);
    for (const support::Diagnostic& d : prelude->diagnostics()) {
      result.diagnostics.push_back(
          support::emit(support::diag::PreludeError, {}, d.span.line, d.span.column, d.message));
    }
    if (!prelude->diagnostics().empty()) return result;
  }
  ParseResult parsed = parse(text, file);
  result.diagnostics.insert(result.diagnostics.end(), parsed.diagnostics.begin(), parsed.diagnostics.end());
  if (!parsed.ast) return result;
  Lowerer lowerer(opt, prelude, result.diagnostics);
  result.module = lowerer.lower_program(*parsed.ast->root);
  return result;
}

}  // namespace riposte::frontend
