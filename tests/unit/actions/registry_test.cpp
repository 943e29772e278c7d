// The registry: every action type bound in both modes; dry-run answers;
// real placeholders; unknown types and bad calls.
#include <set>
#include <gtest/gtest.h>

#include "actions/recording.h"
#include "tests/unit/actions/actions_test_util.h"

namespace riposte::actions {
namespace {
using namespace testing;

TEST(Registry, EveryActionTypeIsBoundInEveryMode) {
  for (Mode mode : {Mode::DryRun, Mode::Real}) {
    MadeRegistry made = make_registry({.mode = mode});
    ASSERT_EQ(made.error, "");
    std::vector<std::string_view> expected;
    for (const ActionSchema& a : all_actions()) expected.push_back(a.type);
    std::sort(expected.begin(), expected.end());
    EXPECT_EQ(made.registry->types(), expected) << mode_name(mode);
    for (const ActionSchema& a : all_actions()) {
      const Binding* b = made.registry->find(a.type);
      ASSERT_NE(b, nullptr) << a.type;
      EXPECT_EQ(&b->schema(), &a) << a.type;  // the one table, not a copy
      EXPECT_EQ(b->takes_assets(), a.assets != AssetKind::None) << a.type;
    }
  }
}

TEST(Registry, SeedActionsArePresent) {
  for (std::string_view type : {"executeCustomScript", "iocsEnrichment", "blockLDAPAccount", "resetLDAPPassword",
                                "addToLDAPGroup", "removeFromLDAPGroup", "updateBases", "avScan",
                                "moveHostsToAdministrationGroup", "quarantineFile", "killProcess",
                                "changeAuthorizationStatus", "netIsolateOn", "netIsolateOff", "executeCommand",
                                "addFilePreventionRules", "deleteFilePreventionRules", "resetFilePreventionRules",
                                "assignKasapGroup", "assignAlert", "setAlertStatus", "setAlertExternalRef",
                                "assignIncident", "setIncidentStatus"})
    EXPECT_NE(find_action(type), nullptr) << type;
}

TEST(Registry, DryRunAnswersDryRunForEveryType) {
  Registry& r = dry_run_registry();
  for (const ActionSchema& a : all_actions()) {
    Outcome o = r.call(make_call(std::string(a.type), "{}", asset_for(a)));
    EXPECT_EQ(o.status, Status::Success) << a.type << ": " << o.message;
    EXPECT_EQ(to_json(o.result), R"({"dryRun":true})") << a.type;
  }
}

// The types with a real binding; each group of bindings adds its own.
const std::set<std::string_view> kRealTypes = {
    "executeCustomScript",
    "runScript",
    "webhook",
    "iocsEnrichment",
    // actions/endpoint/
    "updateBases",
    "avScan",
    "moveHostsToAdministrationGroup",
    "quarantineFile",
    "killProcess",
    "changeAuthorizationStatus",
    "netIsolateOn",
    "netIsolateOff",
    "executeCommand",
    "addFilePreventionRules",
    "deleteFilePreventionRules",
    "resetFilePreventionRules",
    "assignKasapGroup",
    // actions/engine_acts/: without an engine they answer their own system error (engine_acts_test)
    "createIncident", "runPlaybook", "assignAlert", "setAlertStatus", "setAlertExternalRef", "assignIncident",
    "setIncidentStatus",
    "blockLDAPAccount",
    "resetLDAPPassword",
    "addToLDAPGroup",
    "removeFromLDAPGroup",
    "writeToDatabase",
    // actions/siem/: the index writers and the job log
    "indexEvents", "mitreTechnique", "riskScore", "mitreRiskScore", "logEvents",
    "sendEmail",
};

TEST(Registry, RealModeWithoutARealBindingIsASystemError) {
  MadeRegistry made = make_registry({.mode = Mode::Real});
  for (const ActionSchema& a : all_actions()) {
    if (kRealTypes.count(a.type)) continue;
    Outcome o = made.registry->call(make_call(std::string(a.type), "{}", asset_for(a)));
    EXPECT_EQ(o.status, Status::Error) << a.type;
    EXPECT_EQ(o.failure, Failure::Unbound) << a.type;
    EXPECT_TRUE(o.system()) << a.type;
    EXPECT_EQ(o.message, "no real binding for " + std::string(a.type) + " yet");
  }
}

struct BadCallCase {
  const char* name;
  std::string type, params;
  std::optional<std::string> asset;
  Failure failure;
  std::string message;
};

TEST(Registry, BadCallsAreAnsweredAtOnce) {
  const BadCallCase cases[] = {
      {"unknown type", "kilProcess", "{}", "a1", Failure::Unbound, R"(no binding for action type "kilProcess")"},
      {"asset action without asset", "killProcess", "{}", std::nullopt, Failure::BadCall,
       "killProcess: takes hosts, but the call names no asset"},
      {"asset on an action without assets", "executeCustomScript", "{}", "a1", Failure::BadCall,
       R"(executeCustomScript: takes no assets, but the call names asset "a1")"},
      {"params not an object", "netIsolateOff", "[1]", "a1", Failure::BadCall,
       "netIsolateOff: params must be an object, got array"},
  };
  Registry& r = dry_run_registry();
  for (const BadCallCase& c : cases) {
    Pending p = r.start(make_call(c.type, c.params, c.asset));
    EXPECT_TRUE(p.ready()) << c.name;
    Outcome o = p.wait();
    EXPECT_EQ(o.status, Status::Error) << c.name;
    EXPECT_EQ(o.failure, c.failure) << c.name;
    EXPECT_EQ(o.message, c.message) << c.name;
  }
}

TEST(Registry, BindReplacesTheBindingOfItsType) {
  Registry& r = dry_run_registry();
  auto log = std::make_shared<RecordingLog>();
  r.bind(make_recording_binding(*find_action("avScan"), log, R"({"scanned":1})"));
  EXPECT_EQ(r.types().size(), all_actions().size());
  Outcome o = r.call(make_call("avScan", R"({"wait":true})", "h1"));
  EXPECT_EQ(to_json(o.result), R"({"scanned":1})");
  ASSERT_EQ(log->calls().size(), 1u);
  EXPECT_EQ(log->calls()[0].params_json, R"({"wait":true})");
  EXPECT_EQ(log->calls()[0].asset, "h1");
}

TEST(Registry, ModesByName) {
  EXPECT_EQ(parse_mode("dry-run"), Mode::DryRun);
  EXPECT_EQ(parse_mode("real"), Mode::Real);
  EXPECT_EQ(parse_mode("mock"), std::nullopt);
  EXPECT_EQ(mode_name(Mode::Real), "real");
}

TEST(Registry, MocksOnlyInDryRun) {
  MadeRegistry made = make_registry({.mode = Mode::Real, .mocks_json = "{}"});
  EXPECT_EQ(made.registry, nullptr);
  EXPECT_EQ(made.error, "mocks apply to --bindings dry-run only");
}

}  // namespace
}  // namespace riposte::actions
