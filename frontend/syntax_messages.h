// Syntax errors in words: the offending token and what the parser
// expected, phrased for people ("expected a term") rather than as ANTLR's
// token-name dumps.
#pragma once

#include <string>
#include <vector>

#include "frontend/ast.h"

namespace antlr4::dfa {
class Vocabulary;
}
#include "support/diagnostics.h"

namespace riposte::frontend {

struct SyntaxError {
  size_t token_type = 0;       // JqLexer token type (EOF = size_t(-1) in ANTLR)
  std::string token_text;
  SourceLoc loc;
  std::vector<ssize_t> expected;  // token types
};

// `vocabulary` is the generated parser's (literal spellings of tokens).
support::Diagnostic describe(const SyntaxError& e, const antlr4::dfa::Vocabulary& vocabulary);

}  // namespace riposte::frontend
