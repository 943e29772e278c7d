// Dry-run mocks: what a call answers for each form of mock, and the
// errors of a bad mocks file.
#include <gtest/gtest.h>

#include "actions/mocks.h"
#include "tests/unit/actions/actions_test_util.h"

namespace riposte::actions {
namespace {
using namespace testing;

struct MockCase {
  const char* name;
  std::string type;
  std::optional<std::string> asset;
  Status status;
  std::string result;   // compact JSON
  std::string message;
};

constexpr const char* kMocks = R"({
  "killProcess": {"killed": true},
  "avScan": {"error": "unreachable"},
  "updateBases": {"warning": "bases are old", "updated": false},
  "quarantineFile": {"error": {"code": 7}},
  "iocsEnrichment": [{"verdict": "clean"}],
  "blockLDAPAccount": {"$perAsset": {"u1": {"blocked": true}, "u2": {"error": "no such user"}, "*": {"blocked": "maybe"}}},
  "resetLDAPPassword": {"$perAsset": {"u1": {"reset": true}}}
})";

TEST(Mocks, EachFormAnswersAsDocumented) {
  const MockCase cases[] = {
      {"plain result", "killProcess", "h1", Status::Success, R"({"killed":true})", ""},
      {"error member fails", "avScan", "h1", Status::Error, R"({"error":"unreachable"})", "unreachable"},
      {"warning member", "updateBases", "h1", Status::Warning, R"({"updated":false,"warning":"bases are old"})",
       "bases are old"},
      {"non-string error", "quarantineFile", "h1", Status::Error, R"({"error":{"code":7}})", R"({"code":7})"},
      {"any JSON is a result", "iocsEnrichment", std::nullopt, Status::Success, R"([{"verdict":"clean"}])", ""},
      {"per asset", "blockLDAPAccount", "u1", Status::Success, R"({"blocked":true})", ""},
      {"per asset error", "blockLDAPAccount", "u2", Status::Error, R"({"error":"no such user"})", "no such user"},
      {"per asset default", "blockLDAPAccount", "u9", Status::Success, R"({"blocked":"maybe"})", ""},
      {"per asset, none for it", "resetLDAPPassword", "u2", Status::Success, R"({"dryRun":true})", ""},
      {"type without mock", "netIsolateOff", "h1", Status::Success, R"({"dryRun":true})", ""},
  };
  Registry& r = dry_run_registry(kMocks);
  for (const MockCase& c : cases) {
    Outcome o = r.call(make_call(c.type, "{}", c.asset));
    EXPECT_EQ(o.status, c.status) << c.name;
    EXPECT_EQ(to_json(o.result), c.result) << c.name;
    EXPECT_EQ(o.message, c.message) << c.name;
    EXPECT_EQ(o.failure, c.status == Status::Error ? Failure::Action : Failure::None) << c.name;
  }
}

TEST(Mocks, AnswersDoNotDependOnCallOrder) {
  Registry& r = dry_run_registry(kMocks);
  for (int i = 0; i < 3; ++i)
    EXPECT_EQ(to_json(r.call(make_call("blockLDAPAccount", "{}", "u1")).result), R"({"blocked":true})");
}

TEST(Mocks, BadMocksAreRefusedWithAReason) {
  const std::pair<std::string, std::string> cases[] = {
      {"[1]", "mocks: must be an object of action type -> mock, got array"},
      {"{\"kilProcess\": {}}", R"(mocks: unknown action type "kilProcess")"},
      {R"({"executeCustomScript": {"$perAsset": {}}})",
       "mocks.executeCustomScript: $perAsset is for asset actions; executeCustomScript takes no assets"},
      {R"({"avScan": {"$perAsset": {}, "x": 1}})", "mocks.avScan: $perAsset must be the only member"},
      {R"({"avScan": {"$perAsset": [1]}})", "mocks.avScan.$perAsset: must be an object of asset ID -> mock, got array"},
  };
  for (const auto& [text, error] : cases) {
    MadeRegistry made = make_registry({.mode = Mode::DryRun, .mocks_json = text});
    EXPECT_EQ(made.error, error) << text;
    EXPECT_EQ(made.registry, nullptr) << text;
  }
  EXPECT_TRUE(make_registry({.mode = Mode::DryRun, .mocks_json = "{"}).error.starts_with("mocks: ")) << "syntax";
}

}  // namespace
}  // namespace riposte::actions
