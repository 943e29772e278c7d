#include "frontend/syntax_messages.h"

#include <antlr4-runtime.h>

#include <algorithm>

#include "JqLexer.h"
#include "support/diagnostics.h"

namespace riposte::frontend {
namespace {

using L = gen::JqLexer;

bool contains(const std::vector<ssize_t>& set, ssize_t t) { return std::find(set.begin(), set.end(), t) != set.end(); }

// Tokens that can start a term: when the parser wants one of these, the
// message says "a term" instead of listing twenty tokens.
bool starts_term(ssize_t t) {
  switch (t) {
    case L::DOT: case L::DOTDOT: case L::FIELD: case L::NUMBER: case L::QUOTE: case L::FORMAT:
    case L::KW_NULL: case L::KW_TRUE: case L::KW_FALSE: case L::LPAREN: case L::LBRACKET:
    case L::LBRACE: case L::VARIABLE: case L::LOC: case L::IDENT: case L::KW_BREAK:
    case L::KW_REDUCE: case L::KW_FOREACH: case L::KW_IF: case L::KW_TRY: case L::MINUS:
    case L::PLUS: case L::KW_DEF: case L::KW_LABEL:
      return true;
    default:
      return false;
  }
}

// Tokens that continue an expression (binary operators, postfix forms):
// summarized as "an operator" unless nothing more specific is expected.
bool continues_expression(ssize_t t) {
  switch (t) {
    case L::PIPE: case L::COMMA: case L::ALT: case L::ASSIGN: case L::UPDATE_PIPE: case L::UPDATE_ADD:
    case L::UPDATE_SUB: case L::UPDATE_MUL: case L::UPDATE_DIV: case L::UPDATE_MOD: case L::UPDATE_ALT:
    case L::KW_OR: case L::KW_AND: case L::EQ: case L::NE: case L::LT: case L::LE: case L::GT: case L::GE:
    case L::PLUS: case L::MINUS: case L::STAR: case L::SLASH: case L::PERCENT: case L::QUESTION:
    case L::FIELD: case L::DOT: case L::LBRACKET: case L::KW_AS:
      return true;
    default:
      return false;
  }
}

std::string spelling(ssize_t t, const antlr4::dfa::Vocabulary& vocabulary) {
  switch (t) {
    case -1: return "end of input";  // antlr4::Token::EOF
    case L::IDENT: return "a name";
    case L::VARIABLE: return "a variable";
    case L::FIELD: return "a field";
    case L::NUMBER: return "a number";
    case L::FORMAT: return "a format";
    case L::QUOTE: return "a string";
    case L::STR_END: return "'\"'";
    case L::STR_TEXT: case L::STR_ESCAPE: case L::STR_UNICODE: return "string text";
    case L::INTERP_START: return "'\\('";
    default: {
      std::string literal = vocabulary.getLiteralName(t);  // 'x' with quotes
      return literal.empty() ? vocabulary.getSymbolicName(t) : literal;
    }
  }
}

std::string join_alternatives(const std::vector<std::string>& words) {
  std::string out;
  for (size_t i = 0; i < words.size(); ++i) {
    if (i > 0) out += i + 1 == words.size() ? " or " : ", ";
    out += words[i];
  }
  return out;
}

// "a term", "']' or ','", "an operator", or "" when nothing useful.
std::string expected_words(const std::vector<ssize_t>& expected, const antlr4::dfa::Vocabulary& vocabulary) {
  std::vector<std::string> words;
  bool wants_term = contains(expected, L::IDENT) && contains(expected, L::NUMBER) && contains(expected, L::DOT);
  bool wants_operator = contains(expected, L::PIPE) || contains(expected, L::STAR);
  if (wants_term) words.push_back("a term");
  for (ssize_t t : expected) {
    if (wants_term && starts_term(t)) continue;
    if (wants_operator && continues_expression(t)) continue;
    if (t == L::STR_TEXT || t == L::STR_ESCAPE || t == L::STR_UNICODE || t == L::INTERP_START) continue;
    words.push_back(spelling(t, vocabulary));
  }
  if (words.empty() && wants_operator) words.push_back("an operator");
  if (words.size() > 6) return "";
  return join_alternatives(words);
}

std::string offending(const SyntaxError& e) {
  if (e.token_type == static_cast<size_t>(antlr4::Token::EOF)) return "end of input";
  return "token '" + e.token_text + "'";
}

// The offending character as the message shows it: a control character
// (NUL, ESC, ...) printed raw would be invisible or garble the terminal,
// so it is named by its code point.
std::string quoted_character(const std::string& text) {
  if (text.size() == 1 && (static_cast<unsigned char>(text[0]) < 0x20 || text[0] == 0x7f)) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    unsigned char c = static_cast<unsigned char>(text[0]);
    return std::string("U+00") + kHex[c >> 4] + kHex[c & 15];
  }
  return "'" + text + "'";
}

}  // namespace

support::Diagnostic describe(const SyntaxError& e, const antlr4::dfa::Vocabulary& vocabulary) {
  SourceLoc end = e.loc;
  if (e.token_text.find('\n') == std::string::npos && e.token_text.size() > 1 &&
      e.token_type != static_cast<size_t>(antlr4::Token::EOF)) {
    end.column += static_cast<uint32_t>(e.token_text.size()) - 1;
  }
  support::Span at = support::Span::between(e.loc, end);
  switch (e.token_type) {
    case L::STR_BAD_ESCAPE:
      return support::emit(support::diag::InvalidEscape, at, "'" + e.token_text + "'");
    case L::INVALID:
      return support::emit(support::diag::InvalidCharacter, at, quoted_character(e.token_text));
    case L::BAD_NUMBER:
      return support::emit(support::diag::InvalidNumber, at, "'" + e.token_text + "'");
    default:
      break;
  }
  bool at_end = e.token_type == static_cast<size_t>(antlr4::Token::EOF);
  if (at_end && contains(e.expected, L::STR_END)) return support::emit(support::diag::UnterminatedString, at);
  std::string expected = expected_words(e.expected, vocabulary);
  if (expected.empty()) return support::emit(support::diag::UnexpectedTokenNoHint, at, offending(e));
  return support::emit(support::diag::UnexpectedToken, at, offending(e), expected);
}

}  // namespace riposte::frontend
