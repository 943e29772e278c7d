// The run-time check of the endpoint actions' parameters (actions/endpoint/
// validate.cpp over actions/param_validate.h) as one table: action, the
// evaluated params as JSON, and "ok" or the exact error.  Every parameter
// of the vendor's table (seeds/002, "ResponseFunction parameters") has its
// rows; then the canonical form sent to the connector, and the generic
// checker on schemas that are not the endpoint's.
#include <gtest/gtest.h>

#include "actions/endpoint/endpoint.h"
#include "actions/param_validate.h"
#include "tests/unit/actions/actions_test_util.h"
#include "value/json.h"

namespace riposte::actions {
namespace {

using testing::json;

struct Row {
  const char* action;
  const char* params;
  const char* expected;  // "ok" or the error
};

constexpr const char* kMd5 = "44d88612fea8a8f36de82e1278abb02f";

// clang-format off
const Row kRows[] = {
    // ---- params itself
    {"updateBases", R"([])", "params: expected an object, found array []"},
    {"updateBases", R"({})", "ok"},
    {"updateBases", R"({"wait": true})", "ok"},
    {"updateBases", R"({"wait": null})", "ok"},
    {"updateBases", R"({"wait": "yes"})", R"(params.wait: expected a boolean, found string "yes")"},
    {"updateBases", R"({"wiat": true})", R"(params.wiat: unknown key "wiat" (known: "wait"))"},
    {"netIsolateOff", R"({})", "ok"},
    {"netIsolateOff", R"({"x": 1})", R"(params.x: unknown key "x": this action takes no parameters)"},
    {"resetFilePreventionRules", R"({})", "ok"},
    {"resetFilePreventionRules", R"({"md5": []})", R"(params.md5: unknown key "md5": this action takes no parameters)"},
    {"netIsolateOff", R"({"a b": 1})", R"(params["a b"]: unknown key "a b": this action takes no parameters)"},

    // ---- avScan: scope.area full|critical|selective; allowScanNetworkDrives only with full; path only and
    // required with selective
    {"avScan", R"({"wait": false, "scope": {"area": "full", "allowScanNetworkDrives": false}})", "ok"},
    {"avScan", R"({"scope": {"area": "full", "allowScanNetworkDrives": true}})", "ok"},
    {"avScan", R"({"scope": {"area": "critical"}})", "ok"},
    {"avScan", R"({"scope": {"area": "selective", "path": "C:\\Users\\x"}})", "ok"},
    {"avScan", R"({"scope": {"area": "selective", "path": ["/tmp/a", "/tmp/b"]}})", "ok"},
    {"avScan", R"({"scope": {"area": "quick"}})", R"(params.scope.area: "quick" is not one of "full", "critical", "selective")"},
    {"avScan", R"({"scope": {"area": 1}})", R"(params.scope.area: expected one of "full", "critical", "selective", found number 1)"},
    {"avScan", R"({"scope": {}})", R"(params.scope.area: missing required key "area")"},
    {"avScan", R"({"scope": {"area": null}})", R"(params.scope.area: missing required key "area")"},
    {"avScan", R"({"scope": "full"})", R"(params.scope: expected an object, found string "full")"},
    {"avScan", R"({"scope": {"area": "critical", "allowScanNetworkDrives": true}})",
     R"(params.scope.allowScanNetworkDrives: "allowScanNetworkDrives" applies only when "area" is "full", not "critical")"},
    {"avScan", R"({"scope": {"area": "selective", "allowScanNetworkDrives": false, "path": "/x"}})",
     R"(params.scope.allowScanNetworkDrives: "allowScanNetworkDrives" applies only when "area" is "full", not "selective")"},
    {"avScan", R"({"scope": {"area": "full", "allowScanNetworkDrives": "no"}})",
     R"(params.scope.allowScanNetworkDrives: expected a boolean, found string "no")"},
    {"avScan", R"({"scope": {"area": "full", "path": "/x"}})",
     R"(params.scope.path: "path" applies only when "area" is "selective", not "full")"},
    {"avScan", R"({"scope": {"area": "selective"}})", R"(params.scope.path: "path" is required when "area" is "selective")"},
    {"avScan", R"({"scope": {"area": "selective", "path": []}})", "params.scope.path: expected a non-empty array, found []"},
    {"avScan", R"({"scope": {"area": "selective", "path": ""}})", R"(params.scope.path: expected a non-empty string, found "")"},
    {"avScan", R"({"scope": {"area": "selective", "path": ["/a", 3]}})", "params.scope.path[1]: expected a string, found number 3"},
    {"avScan", R"({"scope": {"area": "selective", "path": ["/a", "/b\u0000c"]}})", "params.scope.path[1]: contains a NUL character"},
    {"avScan", R"({"scope": {"area": "selective", "path": "/b\nc"}})", "params.scope.path: contains a control character (a path has none)"},
    {"avScan", R"({"scope": {"area": "selective", "path": "   "}})", "params.scope.path: a path of blanks only"},
    {"avScan", R"({"scope": {"area": "full", "depth": 2}})",
     R"(params.scope.depth: unknown key "depth" (known: "area", "allowScanNetworkDrives", "path"))"},

    // ---- moveHostsToAdministrationGroup: group, an administration group path
    {"moveHostsToAdministrationGroup", R"({"group": "HQ/OrgUnit1"})", "ok"},
    {"moveHostsToAdministrationGroup", R"({"group": "Managed devices"})", "ok"},
    {"moveHostsToAdministrationGroup", R"({})", R"(params.group: missing required key "group")"},
    {"moveHostsToAdministrationGroup", R"({"group": ""})", R"(params.group: expected a non-empty string, found "")"},
    {"moveHostsToAdministrationGroup", R"({"group": "HQ//OrgUnit1"})",
     R"(params.group: "HQ//OrgUnit1" has an empty group name: expected names separated by "/", e.g. "HQ/OrgUnit1")"},
    {"moveHostsToAdministrationGroup", R"({"group": "HQ/"})",
     R"(params.group: "HQ/" has an empty group name: expected names separated by "/", e.g. "HQ/OrgUnit1")"},
    {"moveHostsToAdministrationGroup", R"({"group": ["HQ"]})", R"(params.group: expected a string, found array ["HQ"])"},

    // ---- quarantineFile: the full path, and at most one hash
    {"quarantineFile", R"({"path": "C:\\Temp\\evil.exe"})", "ok"},
    {"quarantineFile", R"({"path": "/tmp/evil", "md5": "44D88612FEA8A8F36DE82E1278ABB02F"})", "ok"},
    {"quarantineFile", R"({"path": "\\\\srv\\share\\evil.exe", "sha256": "275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f"})", "ok"},
    {"quarantineFile", R"({"path": "%TEMP%\\evil.exe"})", "ok"},
    {"quarantineFile", R"({"path": "evil.exe"})",
     R"(params.path: "evil.exe" is not a full path: expected /..., C:\..., \\server\share\... or %VAR%\...)"},
    {"quarantineFile", R"({"path": "%TEMP"})",
     R"(params.path: "%TEMP" is not a full path: expected /..., C:\..., \\server\share\... or %VAR%\...)"},
    {"quarantineFile", R"({"md5": "44d88612fea8a8f36de82e1278abb02f"})", R"(params.path: missing required key "path")"},
    {"quarantineFile", R"({"path": "/x", "md5": "44d88612fea8a8f36de82e1278abb02"})",
     R"(params.md5: "44d88612fea8a8f36de82e1278abb02" is not an MD5 hash: expected 32 hexadecimal digits)"},
    {"quarantineFile", R"({"path": "/x", "md5": "g4d88612fea8a8f36de82e1278abb02f"})",
     R"(params.md5: "g4d88612fea8a8f36de82e1278abb02f" is not an MD5 hash: expected 32 hexadecimal digits)"},
    {"quarantineFile", R"({"path": "/x", "sha256": "44d88612fea8a8f36de82e1278abb02f"})",
     R"(params.sha256: "44d88612fea8a8f36de82e1278abb02f" is not a SHA256 hash: expected 64 hexadecimal digits)"},
    {"quarantineFile", R"({"path": "/x", "md5": 12})", "params.md5: expected an MD5 hash (32 hexadecimal digits), found number 12"},
    {"quarantineFile", R"({"path": "/x", "md5": "44d88612fea8a8f36de82e1278abb02f", "sha256": "275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f"})",
     R"(params.sha256: "md5" and "sha256" exclude each other: give one of "md5", "sha256")"},

    // ---- killProcess: pid, path, md5, sha256 (one at least; one hash at most)
    {"killProcess", R"({"pid": 4242})", "ok"},
    {"killProcess", R"({"pid": 4242.0})", "ok"},
    {"killProcess", R"({"pid": 4294967295})", "ok"},
    {"killProcess", R"({"path": "notepad.exe"})", "ok"},
    {"killProcess", R"({"md5": "44d88612fea8a8f36de82e1278abb02f", "pid": 7})", "ok"},
    {"killProcess", R"({})", R"(params: one of "pid", "path", "md5", "sha256" is required)"},
    {"killProcess", R"({"pid": null})", R"(params: one of "pid", "path", "md5", "sha256" is required)"},
    {"killProcess", R"({"pid": 0})", "params.pid: 0 is not a process that can be terminated: expected 1 to 4294967295"},
    {"killProcess", R"({"pid": -1})", "params.pid: -1 is out of range: expected 0 to 4294967295"},
    {"killProcess", R"({"pid": 4294967296})", "params.pid: 4294967296 is out of range: expected 0 to 4294967295"},
    {"killProcess", R"({"pid": 123456789012345678901234567890})",
     "params.pid: 123456789012345678901234567890 is out of range: expected 0 to 4294967295"},
    {"killProcess", R"({"pid": 1.5})", "params.pid: expected an integer, found a fraction (1.5)"},
    {"killProcess", R"({"pid": "42"})", R"(params.pid: expected an integer, found string "42")"},
    {"killProcess", R"({"path": ""})", R"(params.path: expected a non-empty string, found "")"},
    {"killProcess", R"({"path": "a\u0000b"})", "params.path: contains a NUL character"},
    {"killProcess", R"({"sha256": "275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f", "md5": "44d88612fea8a8f36de82e1278abb02f"})",
     R"(params.sha256: "md5" and "sha256" exclude each other: give one of "md5", "sha256")"},
    {"killProcess", R"({"pid": 1, "name": "x"})", R"(params.name: unknown key "name" (known: "pid", "path", "md5", "sha256"))"},

    // ---- changeAuthorizationStatus: authorized true|false
    {"changeAuthorizationStatus", R"({"authorized": false})", "ok"},
    {"changeAuthorizationStatus", R"({})", R"(params.authorized: missing required key "authorized")"},
    {"changeAuthorizationStatus", R"({"authorized": "false"})", R"(params.authorized: expected a boolean, found string "false")"},

    // ---- netIsolateOn: the period in seconds (1 h ... 9999 h; 1 ... 416 days inside), exclusions, conflicts
    {"netIsolateOn", R"({})", "ok"},
    {"netIsolateOn", R"({"isolationTimeoutSec": 3600})", "ok"},
    {"netIsolateOn", R"({"isolationTimeoutSec": 35996400})", "ok"},
    {"netIsolateOn", R"({"isolationTimeoutSec": 35942400})", "ok"},  // 416 days
    {"netIsolateOn", R"({"isolationTimeoutSec": 86400.0})", "ok"},
    {"netIsolateOn", R"({"isolationTimeoutSec": 3599})",
     "params.isolationTimeoutSec: 3599 is out of range: the isolation period is in seconds, from 3600 (1 hour) to "
     "35996400 (9999 hours); 1 to 416 days (86400 to 35942400) lie inside; 3599 hours is 12956400"},
    {"netIsolateOn", R"({"isolationTimeoutSec": 24})",
     "params.isolationTimeoutSec: 24 is out of range: the isolation period is in seconds, from 3600 (1 hour) to "
     "35996400 (9999 hours); 1 to 416 days (86400 to 35942400) lie inside; 24 hours is 86400, 24 days is 2073600"},
    {"netIsolateOn", R"({"isolationTimeoutSec": 35996401})",
     "params.isolationTimeoutSec: 35996401 is out of range: the isolation period is in seconds, from 3600 (1 hour) to "
     "35996400 (9999 hours); 1 to 416 days (86400 to 35942400) lie inside"},
    {"netIsolateOn", R"({"isolationTimeoutSec": 0})",
     "params.isolationTimeoutSec: 0 is out of range: the isolation period is in seconds, from 3600 (1 hour) to "
     "35996400 (9999 hours); 1 to 416 days (86400 to 35942400) lie inside"},
    {"netIsolateOn", R"({"isolationTimeoutSec": 3600.5})", "params.isolationTimeoutSec: expected an integer, found a fraction (3600.5)"},
    {"netIsolateOn", R"({"isolationTimeoutSec": "3600"})", R"(params.isolationTimeoutSec: expected an integer, found string "3600")"},
    {"netIsolateOn", R"({"exclusions": [{"remoteIPV4Address": "192.168.2.15"}], "exclusionsConflictBehavior": "replace"})", "ok"},
    {"netIsolateOn", R"({"exclusions": [{"remoteIPV6Address": "2001:db8::ff00:42:8329"}, {"localPortRange": 443}]})", "ok"},
    {"netIsolateOn", R"({"exclusions": [{"remotePortRange": "1000-2000", "localPortRange": {"from": 80, "to": 80}}]})", "ok"},
    {"netIsolateOn", R"({"exclusions": [{"remoteIPV4Address": "10.0.0.1", "remotePortRange": "8080"}]})", "ok"},
    {"netIsolateOn", R"({"exclusions": []})", "ok"},
    {"netIsolateOn", R"({"exclusions": [{}]})",
     R"(params.exclusions[0]: one of "remoteIPV4Address", "remoteIPV6Address", "remotePortRange", "localPortRange" is required)"},
    {"netIsolateOn", R"({"exclusions": [{"remoteIPV4Address": "10.0.0.1", "remoteIPV6Address": "::1"}]})",
     R"(params.exclusions[0].remoteIPV6Address: "remoteIPV4Address" and "remoteIPV6Address" exclude each other: give one of "remoteIPV4Address", "remoteIPV6Address")"},
    {"netIsolateOn", R"({"exclusions": [{"remoteIPV4Address": "10.0.0.256"}]})",
     R"(params.exclusions[0].remoteIPV4Address: "10.0.0.256" is not a valid IPv4 address)"},
    {"netIsolateOn", R"({"exclusions": [{"remoteIPV4Address": "::1"}]})",
     R"(params.exclusions[0].remoteIPV4Address: "::1" is not a valid IPv4 address)"},
    {"netIsolateOn", R"({"exclusions": [{"localPortRange": 1}, {"remoteIPV6Address": "2001:0db8:0000:0000:0000:ff00:0042"}]})",
     R"(params.exclusions[1].remoteIPV6Address: "2001:0db8:0000:0000:0000:ff00:0042" is not a valid IPv6 address)"},
    {"netIsolateOn", R"({"exclusions": [{"remotePortRange": "2000-1000"}]})",
     R"(params.exclusions[0].remotePortRange: invalid port range "2000-1000": expected a port 1-65535, "FROM-TO" or {"from": FROM, "to": TO} with FROM <= TO)"},
    {"netIsolateOn", R"({"exclusions": [{"remotePortRange": 0}]})",
     R"(params.exclusions[0].remotePortRange: invalid port range 0: expected a port 1-65535, "FROM-TO" or {"from": FROM, "to": TO} with FROM <= TO)"},
    {"netIsolateOn", R"({"exclusions": [{"localPortRange": "80-"}]})",
     R"(params.exclusions[0].localPortRange: invalid port range "80-": expected a port 1-65535, "FROM-TO" or {"from": FROM, "to": TO} with FROM <= TO)"},
    {"netIsolateOn", R"({"exclusions": [{"localPortRange": {"from": 90, "to": 80}}]})",
     R"(params.exclusions[0].localPortRange: invalid port range {"from":90,"to":80}: expected a port 1-65535, "FROM-TO" or {"from": FROM, "to": TO} with FROM <= TO)"},
    {"netIsolateOn", R"({"exclusions": [{"localPortRange": {"from": 90}}]})",
     R"(params.exclusions[0].localPortRange.to: missing required key "to")"},
    {"netIsolateOn", R"({"exclusions": [{"localPortRange": {"from": 90, "to": 70000}}]})",
     "params.exclusions[0].localPortRange.to: 70000 is out of range: expected 1 to 65535"},
    {"netIsolateOn", R"({"exclusions": [{"localPortRange": {"from": 1, "to": 2, "step": 1}}]})",
     R"(params.exclusions[0].localPortRange.step: unknown key "step" (known: "from", "to"))"},
    {"netIsolateOn", R"({"exclusions": [{"localPortRange": true}]})",
     R"(params.exclusions[0].localPortRange: expected a port, "FROM-TO" or {"from": FROM, "to": TO}, found boolean true)"},
    {"netIsolateOn", R"({"exclusions": [{"remoteIPV4Address": "10.0.0.1", "protocol": "tcp"}]})",
     R"(params.exclusions[0].protocol: unknown key "protocol" (known: "remoteIPV4Address", "remoteIPV6Address", "remotePortRange", "localPortRange"))"},
    {"netIsolateOn", R"({"exclusions": {"remoteIPV4Address": "10.0.0.1"}})",
     R"(params.exclusions: expected an array, found object {"remoteIPV4Address":"10.0.0.1"})"},
    {"netIsolateOn", R"({"exclusionsConflictBehavior": "merge"})",
     R"(params.exclusionsConflictBehavior: "merge" is not one of "replace", "skip", "fail")"},
    {"netIsolateOn", R"({"exclusionsConflictBehavior": "skip"})", "ok"},

    // ---- executeCommand: path, workingDirectory, commandLineParameters
    {"executeCommand", R"({"path": "C:\\Tools\\collect.exe", "workingDirectory": "C:\\Tools", "commandLineParameters": "-a \"b c\""})", "ok"},
    {"executeCommand", R"({"path": "collect.sh"})", "ok"},
    {"executeCommand", R"({"workingDirectory": "/tmp"})", R"(params.path: missing required key "path")"},
    {"executeCommand", R"({"path": "/x", "workingDirectory": ""})", R"(params.workingDirectory: expected a non-empty string, found "")"},
    {"executeCommand", R"({"path": "/x", "workingDirectory": "/a\tb"})", "params.workingDirectory: contains a control character (a path has none)"},
    {"executeCommand", R"({"path": "/x", "commandLineParameters": "a\u0000b"})", "params.commandLineParameters: contains a NUL character"},
    {"executeCommand", R"({"path": "/x", "commandLineParameters": ["-a"]})", R"(params.commandLineParameters: expected a string, found array ["-a"])"},

    // ---- add/deleteFilePreventionRules: md5 and sha256 arrays, one hash at least
    {"addFilePreventionRules", R"({"md5": ["44d88612fea8a8f36de82e1278abb02f"]})", "ok"},
    {"addFilePreventionRules", R"({"md5": [], "sha256": ["275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f"]})", "ok"},
    {"addFilePreventionRules", R"({})", R"(params: one of "md5", "sha256" is required)"},
    {"addFilePreventionRules", R"({"md5": []})", "params: no hash given: md5 and sha256 are empty"},
    {"deleteFilePreventionRules", R"({"sha256": ["275A021BBFB6489E54D471899F7DB9D1663FC695EC2FE2A2C4538AABF651FD0F"]})", "ok"},
    {"deleteFilePreventionRules", R"({"md5": [], "sha256": []})", "params: no hash given: md5 and sha256 are empty"},
    {"deleteFilePreventionRules", R"({"md5": "44d88612fea8a8f36de82e1278abb02f"})",
     R"(params.md5: expected an array, found string "44d88612fea8a8f36de82e1278abb02f")"},
    {"deleteFilePreventionRules", R"({"md5": ["44d88612fea8a8f36de82e1278abb02f", "xyz"]})",
     R"(params.md5[1]: "xyz" is not an MD5 hash: expected 32 hexadecimal digits)"},
    {"deleteFilePreventionRules", R"({"sha256": ["44d88612fea8a8f36de82e1278abb02f"]})",
     R"(params.sha256[0]: "44d88612fea8a8f36de82e1278abb02f" is not a SHA256 hash: expected 64 hexadecimal digits)"},

    // ---- assignKasapGroup: groupId
    {"assignKasapGroup", R"({"groupId": "b7c9a3e2-0001"})", "ok"},
    {"assignKasapGroup", R"({})", R"(params.groupId: missing required key "groupId")"},
    {"assignKasapGroup", R"({"groupId": "  "})", "params.groupId: an identifier of blanks only"},
    {"assignKasapGroup", R"({"groupId": 7})", "params.groupId: expected a string, found number 7"},
};
// clang-format on

TEST(EndpointValidate, Table) {
  for (const Row& row : kRows) {
    const ActionSchema* schema = find_action(row.action);
    ASSERT_NE(schema, nullptr) << row.action;
    ASSERT_TRUE(endpoint::is_endpoint_action(row.action)) << row.action;
    std::string got = endpoint::validate(*schema, json(row.params));
    EXPECT_EQ(got.empty() ? "ok" : got, row.expected) << row.action << " " << row.params;
  }
}

// Every endpoint action has rows, ok and refused.
TEST(EndpointValidate, EveryActionHasRows) {
  for (const ActionSchema& a : all_actions()) {
    if (!endpoint::is_endpoint_action(a.type)) continue;
    bool ok = false, refused = false;
    for (const Row& row : kRows)
      if (row.action == a.type) (std::string_view(row.expected) == "ok" ? ok : refused) = true;
    EXPECT_TRUE(ok && refused) << a.type;
  }
}

TEST(EndpointValidate, LongHashListsAndPaths) {
  std::string many = "{\"md5\": [";
  for (int i = 0; i < 10001; ++i) many += std::string(i ? "," : "") + "\"" + kMd5 + "\"";
  many += "]}";
  EXPECT_EQ(endpoint::validate(*find_action("addFilePreventionRules"), json(many)),
            "params: 10001 hashes: at most 10000 in one call");
  std::string path = "{\"path\": \"/" + std::string(32767, 'a') + "\"}";
  EXPECT_EQ(endpoint::validate(*find_action("quarantineFile"), json(path)),
            "params.path: a path of 32768 bytes: at most 32767");
}

struct CanonicalRow {
  const char* action;
  const char* params;
  const char* canonical;
};

TEST(EndpointValidate, CanonicalForm) {
  const CanonicalRow rows[] = {
      {"quarantineFile", R"({"path": "/x", "md5": "44D88612FEA8A8F36DE82E1278ABB02F", "sha256": null})",
       R"({"md5":"44d88612fea8a8f36de82e1278abb02f","path":"/x"})"},
      {"avScan", R"({"wait": true, "scope": {"area": "selective", "path": "/a"}})",
       R"({"scope":{"area":"selective","path":["/a"]},"wait":true})"},
      {"netIsolateOn",
       R"({"isolationTimeoutSec": 7200.0, "exclusions": [{"remotePortRange": "1000-2000", "localPortRange": 443},
           {"remoteIPV4Address": "10.0.0.1", "localPortRange": {"from": 1, "to": 2}}]})",
       R"({"exclusions":[{"localPortRange":{"from":443,"to":443},"remotePortRange":{"from":1000,"to":2000}},)"
       R"({"localPortRange":{"from":1,"to":2},"remoteIPV4Address":"10.0.0.1"}],"isolationTimeoutSec":7200})"},
      {"addFilePreventionRules", R"({"md5": ["44D88612FEA8A8F36DE82E1278ABB02F"]})",
       R"({"md5":["44d88612fea8a8f36de82e1278abb02f"]})"},
      {"killProcess", R"({"pid": 42.0})", R"({"pid":42})"},
  };
  for (const CanonicalRow& row : rows) {
    const ActionSchema& schema = *find_action(row.action);
    Value params = json(row.params);
    ASSERT_EQ(endpoint::validate(schema, params), "") << row.params;
    EXPECT_EQ(to_json(endpoint::canonical_params(schema, params)), row.canonical) << row.params;
  }
}

// The generic checker serves the other bindings too.
TEST(ParamValidate, OtherSchemas) {
  const Row rows[] = {
      {"sendEmail", R"({"to": "a@b.example", "subject": "s"})", "ok"},
      {"sendEmail", R"({"to": [], "subject": "s"})", "params.to: expected a non-empty array, found []"},
      {"sendEmail", R"({"subject": "s"})", R"(params.to: missing required key "to")"},
      {"webhook", R"({"host": "h", "port": 0})", "params.port: 0 is out of range: expected 1 to 65535"},
      {"webhook", R"({"host": "h", "headers": []})", "params.headers: expected an object, found array []"},
      {"webhook", R"({"host": "h", "tls": {"verify": 1}})",
       "params.tls.verify: expected a boolean, found number 1"},
      {"mitreRiskScore", R"({"category": "user", "score": 3, "fidelity": 1.5})",
       "params.fidelity: 1.5 is out of range: expected 0 to 1"},
      {"mitreRiskScore", R"({"category": "user", "score": "3"})",
       R"(params.score: expected a number, found string "3")"},
      {"mitreTechnique", R"({"techniques": ["T1059", ""]})",
       R"(params.techniques[1]: expected a non-empty string, found "")"},
      {"iocsEnrichment", R"({"observables": [1, {"x": null}]})", "ok"},
      {"setAlertStatus", R"({"status": "Closed", "anything": [1]})",
       R"(params.anything: unknown key "anything" (known: "status", "resolution", "comment", "id"))"},
      {"setAlertStatus", R"(5)", "params: expected an object, found number 5"},
  };
  for (const Row& row : rows) {
    std::string got = validate_params(*find_action(row.action), json(row.params));
    EXPECT_EQ(got.empty() ? "ok" : got, row.expected) << row.action << " " << row.params;
  }
}

TEST(ParamValidate, Paths) {
  EXPECT_EQ(param_child_path("params", "scope"), "params.scope");
  EXPECT_EQ(param_child_path("params", "a.b"), "params[\"a.b\"]");
  EXPECT_EQ(param_index_path("params.x", 3), "params.x[3]");
}

}  // namespace
}  // namespace riposte::actions
