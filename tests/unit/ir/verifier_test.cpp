// The verifier rejects malformed modules, one table row per rule.
#include <gtest/gtest.h>

#include <functional>
#include <string>

#include "ir/verifier.h"

namespace riposte::ir {
namespace {

// `def f(g): .;`
Function function_f() {
  Function f;
  f.name = "f";
  f.params = {"g"};
  f.body = make(NodeKind::Identity);
  return f;
}

// A module whose main is `.`, with one variable and one label declared.
Module base_module() {
  Module m;
  m.vars = {"x"};
  m.labels = {"out"};
  m.main = make(NodeKind::Identity);
  return m;
}

struct BadCase {
  const char* name;
  std::function<void(Module&)> damage;
  const char* expected;  // a substring of the first problem
};

const BadCase kBadCases[] = {
    {"unbound variable", [](Module& m) { m.main = make(NodeKind::Var); m.main->var = 0; }, "not bound"},
    {"break outside label", [](Module& m) { m.main = make(NodeKind::Break); m.main->label = 0; }, "outside that label"},
    {"odd object", [](Module& m) { m.main = make(NodeKind::Object, make_const("\"a\"")); }, "odd operand count"},
    {"pipe with one operand", [](Module& m) { m.main = make(NodeKind::Pipe, make(NodeKind::Identity)); }, "1 operands"},
    {"call out of range", [](Module& m) { m.main = make(NodeKind::CallFunc); m.main->func = 7; }, "out of range"},
    {"empty constant", [](Module& m) { m.main = make(NodeKind::Const); }, "without JSON text"},
    {"closure parameter outside its function",
     [](Module& m) {
       m.funcs.push_back(function_f());
       m.main = make(NodeKind::CallParam);
       m.main->func = 0;
       m.main->param = 0;
     },
     "outside its function"},
    {"bind without pattern", [](Module& m) { m.main = make(NodeKind::Bind, make(NodeKind::Identity), make(NodeKind::Identity)); },
     "without a pattern"},
    {"wrong call arity",
     [](Module& m) {
       m.funcs.push_back(function_f());
       m.main = make(NodeKind::CallFunc);
       m.main->func = 0;
     },
     "0 operands"},
    {"no main", [](Module& m) { m.main = nullptr; }, "no main"},
};

TEST(Verifier, AcceptsWellFormedModule) {
  Module m = base_module();
  auto bind = make(NodeKind::Bind, make(NodeKind::Identity), make(NodeKind::Var));
  bind->kids[1]->var = 0;
  Pattern p;
  p.var = 0;
  bind->patterns.push_back(std::move(p));
  m.main = make(NodeKind::Label, std::move(bind));
  m.main->label = 0;
  EXPECT_TRUE(verify(m).empty());
}

TEST(Verifier, RejectsEachMalformedModule) {
  for (const BadCase& c : kBadCases) {
    Module m = base_module();
    c.damage(m);
    std::vector<VerifyError> errors = verify(m);
    ASSERT_FALSE(errors.empty()) << c.name;
    EXPECT_NE(errors[0].message.find(c.expected), std::string::npos) << c.name << ": " << errors[0].message;
  }
}

}  // namespace
}  // namespace riposte::ir
