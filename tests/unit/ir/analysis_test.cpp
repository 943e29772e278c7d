// The static analyses of ir/analysis on real programs, as tables: the
// cardinality and types of a program's result, and the fields it reads.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "frontend/frontend.h"
#include "ir/analysis/field_access.h"
#include "ir/analysis/shape.h"
#include "compiler/pipeline.h"

namespace riposte {
namespace {

namespace an = ir::analysis;

std::unique_ptr<ir::Module> lower(const char* program) {
  frontend::LowerResult r = frontend::compile_to_ir(program, compiler::lower_options(compiler::Environment::Jq));
  EXPECT_TRUE(r.module) << program;
  return std::move(r.module);
}

// ---- cardinality: min/max outputs and whether "several" is proven.
struct CardCase {
  const char* program;
  int min, max;  // 2 = several
  bool can_many;
};

const CardCase kCardCases[] = {
    {".", 1, 1, false},
    {".a", 1, 1, false},
    {".a[]", 0, 2, true},
    {".a[]?", 0, 2, true},
    {".DetectionTechnologies[] == \"IOC\"", 0, 2, true},
    {"[.a[]]", 1, 1, false},
    {"[.a[] | . == 1] | any", 1, 1, false},
    {"any(.a[]; . == 1)", 1, 1, false},
    {"all(.a[]; . == 1)", 1, 1, false},
    {".a[] | select(false)", 0, 0, false},
    {"empty", 0, 0, false},
    {"error(\"x\")", 0, 0, false},
    {"1, 2", 2, 2, true},
    {"1, empty", 1, 1, false},
    {"first(.a[])", 0, 1, false},
    {"limit(1; .a[])", 0, 1, false},
    {"limit(3; .a[])", 0, 2, true},
    {"if true then 1 else (1, 2) end", 1, 1, false},
    {"if .x then .a[] else 1 end", 0, 2, true},
    {".a // .b", 1, 1, false},
    {"[1, 2] | .[]", 2, 2, true},
    {"[1] | .[]", 1, 1, false},
    {"[.a] | .[]", 1, 1, false},
    {"reduce .a[] as $x (0; . + $x)", 1, 1, false},
    {"range(0; 5)", 0, 2, true},
    {"range(0; .n)", 0, 2, false},         // the bounds are data: not proven
    {".s | match(\"a\")", 0, 2, false},   // a computed array: its length is unknown
    {"label $f | .a[] | ., break $f", 0, 2, false},
    {".. | .a?", 0, 2, true},
    {".a and .b", 1, 1, false},
    {".a[] and true", 0, 2, true},
    {"false and .a[]", 1, 1, false},
    {".a[] as $x | $x.b", 0, 2, true},
    {"def f: .a[]; [f] | length", 1, 1, false},
    {"def f: .a[]; f == 1", 0, 2, true},
};

TEST(Cardinality, Table) {
  for (const CardCase& c : kCardCases) {
    auto m = lower(c.program);
    ASSERT_TRUE(m);
    an::Shape s = an::infer_shape(*m);
    EXPECT_EQ(s.card.min, c.min) << c.program;
    EXPECT_EQ(s.card.max, c.max) << c.program;
    EXPECT_EQ(s.card.can_many, c.can_many) << c.program;
    if (s.card.can_many) {
      EXPECT_NE(s.card.witness, nullptr) << c.program;
    }
  }
}

// ---- types: the set of JSON types the result can have.
struct TypeCase {
  const char* program;
  an::TypeSet types;
};

const TypeCase kTypeCases[] = {
    {"[.a]", an::kArray},
    {"[(.Severity == \"critical\") and (.Rules[] | .Name | contains(\"Rule_1\"))]", an::kArray},
    {"{a: 1}", an::kObject},
    {"1 + 1", an::kNumber},
    {"\"a\" + \"b\"", an::kString},
    {". == 1", an::kBool},
    {".a and .b", an::kBool},
    {"true", an::kTrue},
    {"null", an::kNull},
    {"false and .a", an::kFalse},
    {"length", an::kNumber},
    {".a | length > 1", an::kBool},
    {"if . then [] else {} end", an::kArray | an::kObject},
    {"test(\"x\")", an::kBool},
    {"[.[]] | any", an::kBool},
    {"not", an::kBool},
    {".a", an::kAnyType},
    {".a // \"x\"", static_cast<an::TypeSet>((an::kAnyType & ~an::kFalsy) | an::kString)},
    {"now | todate", an::kString},
    {".CreatedAt | split(\".\")[0] + \"Z\"", an::kString},
    {"select(. == 1) | [.]", an::kArray},
};

TEST(Types, Table) {
  for (const TypeCase& c : kTypeCases) {
    auto m = lower(c.program);
    ASSERT_TRUE(m);
    EXPECT_EQ(an::infer_shape(*m).types, c.types)
        << c.program << ": got " << an::type_names(an::infer_shape(*m).types);
  }
}

TEST(Types, Names) {
  EXPECT_EQ(an::type_names(an::kArray), "array");
  EXPECT_EQ(an::type_names(an::kBool), "boolean");
  EXPECT_EQ(an::type_names(an::kNumber | an::kString), "number or string");
}

// ---- field accesses: "path@line:column" in source order.
struct FieldCase {
  const char* program;
  std::vector<std::string> accesses;
};

const FieldCase kFieldCases[] = {
    {".a", {"a@1:1"}},
    {".Assets[].Name", {"Assets@1:1", "Assets[].Name@1:10"}},
    {"(.Serverity == \"high\") and (.DetectSource == \"KES\")", {"Serverity@1:2", "DetectSource@1:29"}},
    {"[.OriginalEvents[] | .ExternalID == \"R350\"] | any", {"OriginalEvents@1:2", "OriginalEvents[].ExternalID@1:22"}},
    {".\"a b\"", {"a b@1:2"}},
    {".[\"a\"]", {"a@1:3"}},
    {".a[0].b", {"a@1:1", "a[].b@1:6"}},
    {".a?.b", {"a@1:1", "a.b@1:4"}},
    {"select(.a) | .b", {"a@1:8", "b@1:14"}},
    {"map(.x)", {"[].x@1:5"}},
    {"[.Assets[] | select(.AttackerOrVictim == \"attacker\") | .ID]",
     {"Assets@1:2", "Assets[].AttackerOrVictim@1:21", "Assets[].ID@1:56"}},
    {".a as $x | $x.b", {"a@1:1", "a.b@1:14"}},
    {". as {a: $v} | $v.b", {"a@1:7", "a.b@1:18"}},
    {"[.a] | .[0].b", {"a@1:2"}},           // through a constructor: not followed
    {".. | .a", {}},                        // below `..` nothing is known
    {"length | .a", {}},                    // a native's result has no path
    {"def f: .x; .a | f", {"a.x@1:8", "a@1:12"}},
    {"if .c then .t else .e end", {"c@1:4", "t@1:12", "e@1:20"}},
    {"reduce .a[] as $x (0; . + $x.n)", {"a@1:8", "a[].n@1:29"}},
};

TEST(FieldAccess, Table) {
  for (const FieldCase& c : kFieldCases) {
    auto m = lower(c.program);
    ASSERT_TRUE(m);
    std::vector<std::string> got;
    for (const an::FieldAccess& a : an::collect_field_accesses(*m, {}))
      got.push_back(an::to_string(a.path) + "@" + std::to_string(a.loc.line) + ":" + std::to_string(a.loc.column));
    EXPECT_EQ(got, c.accesses) << c.program;
  }
}

TEST(FieldAccess, GlobalRoots) {
  // A global standing for the change event roots its own paths.
  frontend::LowerOptions opt = compiler::lower_options(compiler::Environment::Jq);
  opt.global_functions.push_back({"event", "test event"});
  frontend::LowerResult r = frontend::compile_to_ir("event.manual and .a", opt);
  ASSERT_TRUE(r.module);
  an::FieldRoots roots;
  for (ir::VarId id : r.module->globals)
    if (r.module->vars[id] == "test event") roots.globals.emplace_back(id, "event");
  std::vector<std::string> got;
  for (const an::FieldAccess& a : an::collect_field_accesses(*r.module, roots)) got.push_back(an::to_string(a.path));
  EXPECT_EQ(got, (std::vector<std::string>{"event.manual", "a"}));
}

}  // namespace
}  // namespace riposte
