// The parsing driver: text -> ANTLR parse tree -> AST, with syntax errors
// turned into diagnostics.
//
// Speed: compile time counts (thousands of triggers are compiled at
// start-up), so parsing uses ANTLR's two-stage strategy: SLL prediction
// with a bail-out error strategy first, which is enough for almost every
// program, and full LL only when SLL fails (a real syntax error, or one of
// the rare inputs SLL cannot decide).  One lexer/parser per thread is kept
// and reused; the prediction DFA the generated parser caches is shared by
// all instances, so it stays warm across programs.
#include <antlr4-runtime.h>

#include <optional>

#include "JqLexer.h"
#include "JqParser.h"
#include "frontend/ast_builder.h"
#include "support/diagnostics.h"
#include "frontend/frontend.h"
#include "frontend/syntax_messages.h"

namespace riposte::frontend {
namespace {

// The lexer pops a mode at every `)`; at the top level there is nothing to
// pop (an unbalanced parenthesis, reported by the parser), so keep the mode.
class GuardedLexer : public gen::JqLexer {
 public:
  using gen::JqLexer::JqLexer;
  size_t popMode() override { return modeStack.empty() ? mode : gen::JqLexer::popMode(); }
};

// Records the first syntax error and stops the parse (no recovery: one
// precise error beats a cascade of guesses).
class FirstErrorStrategy : public antlr4::DefaultErrorStrategy {
 public:
  std::optional<SyntaxError> error;

  void reset(antlr4::Parser* p) override {
    error.reset();
    DefaultErrorStrategy::reset(p);
  }
  void reportError(antlr4::Parser*, const antlr4::RecognitionException& e) override {
    record(e.getOffendingToken(), e.getExpectedTokens());
  }
  void recover(antlr4::Parser*, std::exception_ptr) override { throw antlr4::ParseCancellationException(); }
  antlr4::Token* recoverInline(antlr4::Parser* p) override {
    record(p->getCurrentToken(), p->getExpectedTokens());
    throw antlr4::ParseCancellationException();
  }
  void sync(antlr4::Parser*) override {}

 private:
  void record(antlr4::Token* t, const antlr4::misc::IntervalSet& expected) {
    if (error || !t) return;
    error = SyntaxError{t->getType(), t->getText(), loc_of(t), expected.toList()};
  }
};

// Bounds the nesting of a program.  The parser, the AST builder, the
// lowering and the IR passes recurse on the native stack, one or more frames
// per level, so `[[[[...]]]]` 10,000 deep, or a chain of 100,000 `|`, would
// overflow the stack; past kMaxNesting open rule contexts (both the parser's
// own recursion and the nesting of left-recursive operator chains, which is
// what the later stages recurse on) the parse stops with a `too-deep`
// diagnostic.  Real programs stay far below it: a few dozen levels, and a
// list of thousands of literals separated by `,` stays well inside.
class NestingGuard : public antlr4::tree::ParseTreeListener {
 public:
  static constexpr size_t kMaxNesting = 12'000;
  std::optional<SourceLoc> exceeded;  // where the limit was passed

  void reset() {
    depth_ = 0;
    exceeded.reset();
  }
  void enterEveryRule(antlr4::ParserRuleContext* ctx) override {
    if (++depth_ <= kMaxNesting || exceeded) return;
    exceeded = ctx->start ? loc_of(ctx->start) : SourceLoc{1, 1};
    throw antlr4::ParseCancellationException();
  }
  void exitEveryRule(antlr4::ParserRuleContext*) override {
    if (depth_) --depth_;
  }
  void visitTerminal(antlr4::tree::TerminalNode*) override {}
  void visitErrorNode(antlr4::tree::ErrorNode*) override {}

 private:
  size_t depth_ = 0;
};

// Limits checked on the tokens before parsing.  Operator chains (`1, 2,
// 3, ...`, `.a.b.c...`) parse in a loop but build left-deep trees that the
// later stages recurse on, so the number of tokens bounds the depth too.
// Nested `try` without parentheses makes ANTLR's prediction look ahead to
// the end of the program at every level (cubic time: 1,000 levels take
// seconds), so their number is bounded as well.
constexpr size_t kMaxTokens = 40'000;
constexpr size_t kMaxTry = 200;

struct Session {
  antlr4::ANTLRInputStream input;
  GuardedLexer lexer{&input};
  antlr4::CommonTokenStream tokens{&lexer};
  gen::JqParser parser{&tokens};
  std::shared_ptr<antlr4::BailErrorStrategy> bail = std::make_shared<antlr4::BailErrorStrategy>();
  std::shared_ptr<FirstErrorStrategy> first_error = std::make_shared<FirstErrorStrategy>();
  NestingGuard nesting;

  Session() {
    lexer.removeErrorListeners();
    parser.removeErrorListeners();
    parser.addParseListener(&nesting);
  }

  void load(std::string_view text) {
    input.load(std::string(text));
    lexer.setInputStream(&input);
    tokens.setTokenSource(&lexer);
    parser.setTokenStream(&tokens);
  }

  gen::JqParser::ProgramContext* parse_with(antlr4::atn::PredictionMode mode,
                                            std::shared_ptr<antlr4::ANTLRErrorStrategy> strategy) {
    parser.setErrorHandler(std::move(strategy));
    parser.reset();
    nesting.reset();
    parser.getInterpreter<antlr4::atn::ParserATNSimulator>()->setPredictionMode(mode);
    try {
      return parser.program();
    } catch (antlr4::ParseCancellationException&) {
      return nullptr;
    }
  }
};

Session& session() {
  thread_local Session s;
  return s;
}

}  // namespace

ParseResult parse(std::string_view text, std::string_view /*file*/) {
  ParseResult result;
  Session& s = session();
  s.load(text);
  s.tokens.fill();
  size_t tries = 0, count = s.tokens.size();
  antlr4::Token* too_many = count > kMaxTokens ? s.tokens.get(kMaxTokens) : nullptr;
  for (size_t i = 0; i < count && !too_many; ++i)
    if (antlr4::Token* t = s.tokens.get(i); t->getType() == gen::JqLexer::KW_TRY && ++tries > kMaxTry) too_many = t;
  if (too_many) {
    result.diagnostics.push_back(support::emit(support::diag::TooLarge, support::Span::at(loc_of(too_many)),
                                               tries > kMaxTry ? kMaxTry : kMaxTokens,
                                               tries > kMaxTry ? "`try`" : "tokens"));
    s.parser.reset();
    return result;
  }
  auto* tree = s.parse_with(antlr4::atn::PredictionMode::SLL, s.bail);
  if (!tree && !s.nesting.exceeded) tree = s.parse_with(antlr4::atn::PredictionMode::LL, s.first_error);
  if (!tree && s.nesting.exceeded) {
    result.diagnostics.push_back(
        support::emit(support::diag::TooDeep, support::Span::at(*s.nesting.exceeded), NestingGuard::kMaxNesting));
    s.parser.reset();
    return result;
  }
  if (!tree) {
    if (s.first_error->error) result.diagnostics.push_back(describe(*s.first_error->error, s.parser.getVocabulary()));
    s.parser.reset();
    return result;
  }
  ExprPtr root = build_ast(tree, result.diagnostics);
  s.parser.reset();  // frees the parse tree
  if (result.diagnostics.empty()) {
    result.ast = std::make_unique<Ast>();
    result.ast->root = std::move(root);
  }
  return result;
}

}  // namespace riposte::frontend
