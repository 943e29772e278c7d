// Builds the AST (ast.h) from the ANTLR parse tree of JqParser.g4.
#pragma once

#include <vector>

#include "JqParser.h"
#include "frontend/ast.h"
#include "support/diagnostics.h"

namespace riposte::frontend {

// Returns the program's AST; appends diagnostics for what the grammar
// accepts but the language rejects (modules, invalid escapes).  The AST is
// still returned then, but must not be used.
ExprPtr build_ast(gen::JqParser::ProgramContext* program, std::vector<support::Diagnostic>& diags);

SourceLoc loc_of(const antlr4::Token* t);

}  // namespace riposte::frontend
