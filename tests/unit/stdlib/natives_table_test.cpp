// The natives table and builtins.jq: lookups, the intrinsic list agreed
// with the VM, what the front end needs, and gojq's list of builtins.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "frontend/frontend.h"
#include "frontend/prelude.h"
#include "stdlib/natives.h"
#include "value/json.h"

namespace riposte {
namespace {

TEST(NativesTable, FindsEveryEntryAndNothingElse) {
  std::set<std::string> seen;
  for (const stdlib::NativeInfo& n : stdlib::all_natives()) {
    std::string sig = std::string(n.name) + "/" + std::to_string(n.arity);
    EXPECT_TRUE(seen.insert(sig).second) << "duplicate " << sig;
    EXPECT_EQ(stdlib::find_native(n.name, n.arity), &n) << sig;
    EXPECT_EQ(n.fn == nullptr, n.kind == stdlib::NativeKind::Intrinsic) << sig;
  }
  EXPECT_EQ(stdlib::find_native("length", 1), nullptr);
  EXPECT_EQ(stdlib::find_native("no_such_builtin", 0), nullptr);
  EXPECT_EQ(stdlib::find_native("", 0), nullptr);
}

TEST(NativesTable, IntrinsicsAreTheAgreedList) {
  std::set<std::string> intrinsics;
  for (const stdlib::NativeInfo& n : stdlib::all_natives())
    if (n.kind == stdlib::NativeKind::Intrinsic) intrinsics.insert(std::string(n.name) + "/" + std::to_string(n.arity));
  std::set<std::string> agreed = {"empty/0", "error/0", "getpath/1", "range/2", "range/3",
                                  "input/0", "debug/0", "debug/1", "stderr/0", "input_line_number/0",
                                  "input_filename/0", "halt/0", "halt_error/1"};
  EXPECT_EQ(intrinsics, agreed);
}

TEST(NativesTable, HasWhatTheFrontEndLowersTo) {
  for (const char* name : {"tostring", "@text", "@json", "@csv", "@tsv", "@html", "@uri", "@sh", "@base64",
                           "@base64d", "@base32", "@base32d", "$ENV"})
    EXPECT_NE(stdlib::find_native(name, 0), nullptr) << name;
  EXPECT_NE(stdlib::find_native("_negate", 1), nullptr);
  EXPECT_NE(stdlib::find_native("_plus", 1), nullptr);
}

TEST(BuiltinsJq, ParsesAndDefinesWhatTheFrontEndNeeds) {
  const frontend::Prelude& prelude = frontend::prelude_for(stdlib::builtins_jq_source());
  for (const auto& d : prelude.diagnostics()) ADD_FAILURE() << d.message << " at line " << d.span.line;
  ASSERT_TRUE(prelude.diagnostics().empty());
  // Every definition parses (they are parsed on first call at run time).
  for (const std::string& sig : prelude.signatures()) {
    auto slash = sig.rfind('/');
    std::string name = sig.substr(0, slash);
    unsigned arity = static_cast<unsigned>(std::stoul(sig.substr(slash + 1)));
    EXPECT_NE(prelude.find(name, arity), nullptr) << sig;
    for (const auto& d : prelude.errors(name, arity)) ADD_FAILURE() << sig << ": " << d.message;
  }
  EXPECT_NE(prelude.find("_modify", 2), nullptr);
  EXPECT_NE(prelude.find("_assign", 2), nullptr);
  EXPECT_NE(prelude.find("recurse", 0), nullptr);
  EXPECT_NE(prelude.find("map", 1), nullptr);
  EXPECT_NE(prelude.find("select", 1), nullptr);
}

// Every definition lowers: all the names it calls exist (natives or jq).
TEST(BuiltinsJq, EveryDefinitionLowers) {
  const frontend::Prelude& prelude = frontend::prelude_for(stdlib::builtins_jq_source());
  frontend::LowerOptions opt;
  opt.natives.facts = stdlib::native_facts;
  opt.prelude = stdlib::builtins_jq_source();
  for (const std::string& sig : prelude.signatures()) {
    auto slash = sig.rfind('/');
    unsigned arity = static_cast<unsigned>(std::stoul(sig.substr(slash + 1)));
    std::string program = sig.substr(0, slash);
    for (unsigned i = 0; i < arity; ++i) program += i == 0 ? "(." : "; .";
    if (arity) program += ")";
    auto lowered = frontend::compile_to_ir(program, opt);
    for (const auto& d : lowered.diagnostics) ADD_FAILURE() << program << ": " << d.message;
  }
  for (const char* program : {".a |= 1", ".a = 1", ".a += 1", "..", "-.", "+.", "\"\\(1)\"", "@base64 \"x\\(.)\"",
                              "$ENV", "@base32d", "@urid", "$__loc__"}) {
    auto lowered = frontend::compile_to_ir(program, opt);
    for (const auto& d : lowered.diagnostics) ADD_FAILURE() << program << ": " << d.message;
  }
}

// gojq 0.12.11's `builtins`: every one must exist here, natively or in jq.
TEST(BuiltinsJq, CoversGojqBuiltins) {
  const char* gojq =
      "IN/1 IN/2 INDEX/1 INDEX/2 JOIN/2 JOIN/3 JOIN/4 acos/0 acosh/0 add/0 all/0 all/1 all/2 any/0 any/1 any/2 "
      "arrays/0 ascii_downcase/0 ascii_upcase/0 asin/0 asinh/0 atan/0 atan2/2 atanh/0 booleans/0 bsearch/1 "
      "builtins/0 capture/1 capture/2 cbrt/0 ceil/0 combinations/0 combinations/1 contains/1 copysign/2 cos/0 "
      "cosh/0 debug/0 del/1 delpaths/1 drem/2 empty/0 endswith/1 env/0 erf/0 erfc/0 error/0 error/1 exp/0 "
      "exp10/0 exp2/0 explode/0 expm1/0 fabs/0 fdim/2 finites/0 first/0 first/1 flatten/0 flatten/1 floor/0 "
      "fma/3 fmax/2 fmin/2 fmod/2 format/1 frexp/0 from_entries/0 fromdate/0 fromdateiso8601/0 fromjson/0 "
      "fromstream/1 gamma/0 getpath/1 gmtime/0 group_by/1 gsub/2 gsub/3 halt/0 halt_error/0 halt_error/1 has/1 "
      "hypot/2 implode/0 in/1 index/1 indices/1 infinite/0 input/0 input_filename/0 inputs/0 inside/1 "
      "isempty/1 isfinite/0 isinfinite/0 isnan/0 isnormal/0 iterables/0 j0/0 j1/0 jn/2 join/1 keys/0 last/0 "
      "last/1 ldexp/2 leaf_paths/0 length/0 lgamma/0 limit/2 localtime/0 log/0 log10/0 log1p/0 log2/0 logb/0 "
      "ltrimstr/1 map/1 map_values/1 match/1 match/2 max/0 max_by/1 min/0 min_by/1 mktime/0 modf/0 "
      "modulemeta/0 nan/0 nearbyint/0 nextafter/2 nexttoward/2 normals/0 not/0 now/0 nth/1 nth/2 nulls/0 "
      "numbers/0 objects/0 path/1 paths/0 paths/1 pow/2 pow10/0 range/1 range/2 range/3 recurse/0 recurse/1 "
      "recurse/2 remainder/2 repeat/1 reverse/0 rindex/1 rint/0 round/0 rtrimstr/1 scalars/0 scalb/2 "
      "scalbln/2 scan/1 scan/2 select/1 setpath/2 significand/0 sin/0 sinh/0 sort/0 sort_by/1 split/1 "
      "split/2 splits/1 splits/2 sqrt/0 startswith/1 stderr/0 strflocaltime/1 strftime/1 strings/0 "
      "strptime/1 sub/2 sub/3 tan/0 tanh/0 test/1 test/2 tgamma/0 to_entries/0 todate/0 todateiso8601/0 "
      "tojson/0 tonumber/0 tostream/0 tostring/0 transpose/0 trunc/0 truncate_stream/1 type/0 unique/0 "
      "unique_by/1 until/2 utf8bytelength/0 values/0 walk/1 while/2 with_entries/1 y0/0 y1/0 yn/2";
  const frontend::Prelude& prelude = frontend::prelude_for(stdlib::builtins_jq_source());
  std::string sig;
  int count = 0;
  for (const char* p = gojq;; ++p) {
    if (*p != ' ' && *p != '\0') {
      sig += *p;
      continue;
    }
    auto slash = sig.rfind('/');
    std::string name = sig.substr(0, slash);
    unsigned arity = static_cast<unsigned>(std::stoul(sig.substr(slash + 1)));
    bool is_path = name == "path" && arity == 1;  // an IR node of the front end
    EXPECT_TRUE(is_path || stdlib::find_native(name, arity) || prelude.find(name, arity)) << sig;
    ++count;
    sig.clear();
    if (*p == '\0') break;
  }
  EXPECT_EQ(count, 210);
}

TEST(BuiltinsJq, BuiltinsListsPublicNamesOnce) {
  const stdlib::NativeInfo* builtins = stdlib::find_native("builtins", 0);
  ASSERT_NE(builtins, nullptr);
  stdlib::NativeCtx ctx;
  Value out;
  ASSERT_TRUE(builtins->fn(ctx, Value(), nullptr, out));
  ASSERT_TRUE(out.is_array());
  std::set<std::string> names;
  for (const Value& v : out.items()) {
    std::string s(v.str());
    EXPECT_TRUE(names.insert(s).second) << s;
    EXPECT_NE(s[0], '_') << s;
  }
  EXPECT_TRUE(names.count("map/1"));
  EXPECT_TRUE(names.count("length/0"));
  EXPECT_TRUE(names.count("sort_by/1"));
  EXPECT_FALSE(names.count("_modify/2"));
}

}  // namespace
}  // namespace riposte
