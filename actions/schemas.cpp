// The table of response actions.  Sources: the vendor's "Response action
// parameters" table (seeds/002, "ResponseFunction parameters") for the
// endpoint, LDAP, script and enrichment actions; spec/actions.md for the
// alert and incident edits, whose parameters the vendor does not document
// (they accept any object; see docs/algorithm.md).  Moved here from
// frontend/algorithm/ so that actions/ owns it (docs/actions.md).
//
// Decisions where the vendor is vague (docs/algorithm.md lists them):
// avScan's allowScanNetworkDrives and path sit in `scope`, as in the
// vendor's example; the isolation period is seconds between 1 h and
// 9999 h (416 days lies inside); an exclusion rule needs at least one key.
#include <array>

#include "actions/schema.h"

namespace riposte::actions {
namespace {

using sv = std::string_view;
using P = ParamSpec;
using T = ParamType;

// ---- avScan
constexpr sv kAreas[] = {"full", "critical", "selective"};
constexpr sv kAllowNetwork[] = {"allowScanNetworkDrives"};
constexpr sv kPath[] = {"path"};
constexpr ParamRule kScopeRules[] = {
    {.kind = RuleKind::OnlyWhen, .keys = kAllowNetwork, .when_key = "area", .when_value = "full"},
    {.kind = RuleKind::OnlyWhen, .keys = kPath, .when_key = "area", .when_value = "selective"},
    {.kind = RuleKind::RequiredWhen, .keys = kPath, .when_key = "area", .when_value = "selective"},
};
constexpr P kScope[] = {
    {.name = "area", .type = T::Enum, .required = true, .choices = kAreas},
    {.name = "allowScanNetworkDrives", .type = T::Bool},
    {.name = "path", .type = T::StringOrStrings},
};
constexpr P kAvScan[] = {
    {.name = "wait", .type = T::Bool},
    {.name = "scope", .type = T::Object, .fields = kScope, .rules = kScopeRules},
};

// ---- file and process actions
constexpr sv kHashes[] = {"md5", "sha256"};
constexpr sv kProcessKeys[] = {"pid", "path", "md5", "sha256"};
constexpr ParamRule kOneHash[] = {{.kind = RuleKind::AtMostOne, .keys = kHashes}};
constexpr ParamRule kProcessRules[] = {{.kind = RuleKind::AtLeastOne, .keys = kProcessKeys},
                                       {.kind = RuleKind::AtMostOne, .keys = kHashes}};
constexpr ParamRule kSomeHashes[] = {{.kind = RuleKind::AtLeastOne, .keys = kHashes}};
constexpr P kWait[] = {{.name = "wait", .type = T::Bool}};
constexpr P kMoveToGroup[] = {{.name = "group", .type = T::String, .required = true}};
constexpr P kQuarantine[] = {
    {.name = "path", .type = T::String, .required = true},
    {.name = "md5", .type = T::Md5},
    {.name = "sha256", .type = T::Sha256},
};
constexpr P kKillProcess[] = {
    {.name = "pid", .type = T::Integer, .min = 0, .max = 4294967295},
    {.name = "path", .type = T::String},
    {.name = "md5", .type = T::Md5},
    {.name = "sha256", .type = T::Sha256},
};
constexpr P kAuthorization[] = {{.name = "authorized", .type = T::Bool, .required = true}};
constexpr P kPreventionRules[] = {
    {.name = "md5", .type = T::Md5List},
    {.name = "sha256", .type = T::Sha256List},
};
constexpr P kExecuteCommand[] = {
    {.name = "path", .type = T::String, .required = true},
    {.name = "workingDirectory", .type = T::String},
    {.name = "commandLineParameters", .type = T::String},
};

// ---- netIsolateOn
constexpr sv kConflictBehaviors[] = {"replace", "skip", "fail"};
constexpr sv kExclusionKeys[] = {"remoteIPV4Address", "remoteIPV6Address", "remotePortRange", "localPortRange"};
constexpr sv kAddressKeys[] = {"remoteIPV4Address", "remoteIPV6Address"};
constexpr ParamRule kExclusionRules[] = {{.kind = RuleKind::AtLeastOne, .keys = kExclusionKeys},
                                         {.kind = RuleKind::AtMostOne, .keys = kAddressKeys}};
constexpr P kExclusion[] = {
    {.name = "remoteIPV4Address", .type = T::IPv4},
    {.name = "remoteIPV6Address", .type = T::IPv6},
    {.name = "remotePortRange", .type = T::PortRange},
    {.name = "localPortRange", .type = T::PortRange},
};
constexpr int64_t kHourSeconds = 3600;
constexpr P kNetIsolateOn[] = {
    {.name = "isolationTimeoutSec", .type = T::Integer, .min = 1 * kHourSeconds, .max = 9999 * kHourSeconds},
    {.name = "exclusions", .type = T::ObjectList, .fields = kExclusion, .rules = kExclusionRules},
    {.name = "exclusionsConflictBehavior", .type = T::Enum, .choices = kConflictBehaviors},
};

// ---- LDAP, KASAP
constexpr P kKasap[] = {{.name = "groupId", .type = T::String, .required = true}};
constexpr P kLdapGroup[] = {{.name = "groupDN", .type = T::String, .required = true}};

// ---- actions without assets
constexpr P kCustomScript[] = {
    {.name = "commandLine", .type = T::String, .required = true},
    {.name = "commandLineParameters", .type = T::String},
    {.name = "stdIn", .type = T::String},
    {.name = "workingDirectory", .type = T::String},
};
constexpr sv kSources[] = {"OpenTIP", "TIP"};
constexpr P kIocs[] = {
    {.name = "observables", .type = T::Any, .required = true},
    {.name = "source", .type = T::Enum, .choices = kSources},
    {.name = "fullEnrichment", .type = T::Bool},
};
constexpr std::span<const P> kNoParams = {};

constexpr ActionSchema kActions[] = {
    {.type = "updateBases", .assets = AssetKind::Hosts, .params = kWait},
    {.type = "avScan", .assets = AssetKind::Hosts, .params = kAvScan},
    {.type = "moveHostsToAdministrationGroup", .assets = AssetKind::Hosts, .params = kMoveToGroup},
    {.type = "quarantineFile", .assets = AssetKind::Hosts, .params = kQuarantine, .rules = kOneHash},
    {.type = "killProcess", .assets = AssetKind::Hosts, .params = kKillProcess, .rules = kProcessRules},
    {.type = "changeAuthorizationStatus", .assets = AssetKind::Hosts, .params = kAuthorization},
    {.type = "netIsolateOn", .assets = AssetKind::Hosts, .params = kNetIsolateOn},
    {.type = "netIsolateOff", .assets = AssetKind::Hosts, .params = kNoParams},
    {.type = "executeCommand", .assets = AssetKind::Hosts, .params = kExecuteCommand},
    {.type = "addFilePreventionRules", .assets = AssetKind::Hosts, .params = kPreventionRules, .rules = kSomeHashes},
    {.type = "deleteFilePreventionRules", .assets = AssetKind::Hosts, .params = kPreventionRules, .rules = kSomeHashes},
    {.type = "resetFilePreventionRules", .assets = AssetKind::Hosts, .params = kNoParams},
    {.type = "assignKasapGroup", .assets = AssetKind::Users, .params = kKasap},
    {.type = "addToLDAPGroup", .assets = AssetKind::Users, .params = kLdapGroup},
    {.type = "removeFromLDAPGroup", .assets = AssetKind::Users, .params = kLdapGroup},
    {.type = "blockLDAPAccount", .assets = AssetKind::Users, .params = kNoParams},
    {.type = "resetLDAPPassword", .assets = AssetKind::Users, .params = kNoParams},
    {.type = "executeCustomScript", .assets = AssetKind::None, .params = kCustomScript},
    {.type = "iocsEnrichment", .assets = AssetKind::None, .params = kIocs},
    {.type = "assignAlert", .assets = AssetKind::None, .params = kNoParams, .open = true},
    {.type = "setAlertStatus", .assets = AssetKind::None, .params = kNoParams, .open = true},
    {.type = "setAlertExternalRef", .assets = AssetKind::None, .params = kNoParams, .open = true},
    {.type = "assignIncident", .assets = AssetKind::None, .params = kNoParams, .open = true},
    {.type = "setIncidentStatus", .assets = AssetKind::None, .params = kNoParams, .open = true},
};

}  // namespace

const ActionSchema* find_action(std::string_view type) {
  for (const ActionSchema& a : kActions)
    if (a.type == type) return &a;
  return nullptr;
}

std::span<const ActionSchema> all_actions() { return kActions; }

std::string_view describe(AssetKind k) {
  switch (k) {
    case AssetKind::None: return "nothing";
    case AssetKind::Users: return "user accounts";
    case AssetKind::Hosts: return "hosts";
    case AssetKind::HostsOrUsers: return "hosts or users";
  }
  return "assets";
}

}  // namespace riposte::actions
