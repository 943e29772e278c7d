// The table of response actions.  Sources: the vendor's "Response action
// parameters" table (seeds/002, "ResponseFunction parameters") for the
// endpoint, LDAP, script and enrichment actions; spec/actions.md for the
// alert and incident edits, whose parameters the vendor does not document
// (docs/actions-engine.md defines them).  Moved here from
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

// ---- the SIEM's active actions (spec/actions.md, "Parameters of the active
// actions"; seeds/000).  `results` is the array the action works on,
// `runOnce` once for all results (or, for the index, database, MITRE, risk
// and job actions, as the seed says: only for the first result).
constexpr sv kMethods[] = {"GET", "POST", "PUT", "DELETE"};
constexpr sv kProtocols[] = {"http", "https"};
constexpr sv kDrilldownTypes[] = {"search", "link"};
constexpr sv kMitreSeverities[] = {"low", "medium", "high"};
constexpr sv kRiskCategories[] = {"system", "user", "both"};
constexpr P kCredentialRef[] = {{.name = "credential", .type = T::String, .required = true}};
constexpr P kTlsOptions[] = {{.name = "verify", .type = T::Bool}};
constexpr P kDrilldown[] = {
    {.name = "type", .type = T::Enum, .required = true, .choices = kDrilldownTypes},
    {.name = "text", .type = T::String, .required = true},
    {.name = "from", .type = T::String},
    {.name = "to", .type = T::String},
};
constexpr P kSendEmail[] = {
    {.name = "to", .type = T::StringOrStrings, .required = true},
    {.name = "subject", .type = T::String, .required = true},
    {.name = "body", .type = T::Any},
    {.name = "html", .type = T::Bool},
    {.name = "signature", .type = T::Any},
    {.name = "serverTime", .type = T::Bool},
    {.name = "table", .type = T::Bool},
    {.name = "attachCsv", .type = T::Bool},
    {.name = "merge", .type = T::Bool},
    {.name = "runOnce", .type = T::Bool},
    {.name = "headers", .type = T::AnyObject},
    {.name = "results", .type = T::Any},
};
constexpr P kWebhook[] = {
    {.name = "method", .type = T::Enum, .choices = kMethods},
    {.name = "protocol", .type = T::Enum, .choices = kProtocols},
    {.name = "host", .type = T::String, .required = true},
    {.name = "port", .type = T::Integer, .min = 1, .max = 65535},
    {.name = "path", .type = T::String},
    {.name = "query", .type = T::AnyObject},
    {.name = "headers", .type = T::AnyObject},
    {.name = "authorization", .type = T::Object, .fields = kCredentialRef},
    {.name = "body", .type = T::Any},
    {.name = "tls", .type = T::Object, .fields = kTlsOptions},
    {.name = "runOnce", .type = T::Bool},
    {.name = "results", .type = T::Any},
};
constexpr P kCreateIncident[] = {
    {.name = "title", .type = T::String, .required = true},
    {.name = "severity", .type = T::String},
    {.name = "workflow", .type = T::String},
    {.name = "description", .type = T::String},
    {.name = "drilldown", .type = T::Object, .fields = kDrilldown},
    {.name = "indexSuffix", .type = T::String},
    {.name = "fields", .type = T::AnyObject},
    {.name = "additionalFields", .type = T::AnyObject},
    {.name = "inventory", .type = T::AnyObject},
    {.name = "localParameters", .type = T::AnyObject},
    {.name = "runOnce", .type = T::Bool},
    {.name = "results", .type = T::Any},
};
constexpr P kIndexEvents[] = {
    {.name = "index", .type = T::String, .required = true},
    {.name = "update", .type = T::Bool},
    {.name = "key", .type = T::String},
    {.name = "runOnce", .type = T::Bool},
    {.name = "results", .type = T::Any},
};
constexpr P kWriteToDatabase[] = {
    {.name = "connection", .type = T::String, .required = true},
    {.name = "table", .type = T::String, .required = true},
    {.name = "runOnce", .type = T::Bool},
    {.name = "results", .type = T::Any},
};
constexpr P kLogEvents[] = {{.name = "results", .type = T::Any}};
constexpr P kMitreTechnique[] = {
    {.name = "name", .type = T::String},
    {.name = "rule", .type = T::String},
    {.name = "layer", .type = T::String},
    {.name = "techniques", .type = T::Strings, .required = true},
    {.name = "severity", .type = T::Enum, .choices = kMitreSeverities},
    {.name = "additionalFields", .type = T::AnyObject},
    {.name = "runOnce", .type = T::Bool},
    {.name = "results", .type = T::Any},
};
constexpr P kRiskScore[] = {
    {.name = "score", .type = T::Number, .required = true},
    {.name = "index", .type = T::String},
    {.name = "resultFields", .type = T::AnyObject},
    {.name = "scoringType", .type = T::String},
    {.name = "results", .type = T::Any},
};
constexpr P kMitreRiskScore[] = {
    {.name = "name", .type = T::String},
    {.name = "category", .type = T::Enum, .required = true, .choices = kRiskCategories},
    {.name = "score", .type = T::Number, .required = true},
    {.name = "fidelity", .type = T::Fraction},
    {.name = "additionalFields", .type = T::AnyObject},
    {.name = "runOnce", .type = T::Bool},
    {.name = "results", .type = T::Any},
};
constexpr P kRunPlaybook[] = {
    {.name = "playbook", .type = T::String, .required = true},
    {.name = "runOnce", .type = T::Bool},
    {.name = "results", .type = T::Any},
};

// ---- the alert and incident edits (docs/actions-engine.md): the target is
// the instance's own object unless `id` names another (its InternalID);
// `comment` is recorded with the change, as a PATCH's.
constexpr sv kAlertStatuses[] = {"new", "inProgress", "closed"};
constexpr sv kIncidentStatuses[] = {"open", "inProgress", "hold", "closed"};
constexpr sv kResolutions[] = {"truePositive", "falsePositive", "lowPriority", "merged"};
constexpr P kAssignAlert[] = {
    {.name = "assignee", .type = T::StringOrStrings, .required = true},
    {.name = "comment", .type = T::String},
    {.name = "id", .type = T::String},
};
constexpr P kSetAlertStatus[] = {
    {.name = "status", .type = T::Enum, .required = true, .choices = kAlertStatuses},
    {.name = "resolution", .type = T::Enum, .choices = kResolutions},
    {.name = "comment", .type = T::String},
    {.name = "id", .type = T::String},
};
constexpr P kSetAlertExternalRef[] = {
    {.name = "externalRef", .type = T::String, .required = true},
    {.name = "comment", .type = T::String},
    {.name = "id", .type = T::String},
};
constexpr P kAssignIncident[] = {
    {.name = "assignee", .type = T::String, .required = true},
    {.name = "comment", .type = T::String},
    {.name = "id", .type = T::String},
};
constexpr P kSetIncidentStatus[] = {
    {.name = "status", .type = T::Enum, .required = true, .choices = kIncidentStatuses},
    {.name = "resolution", .type = T::Enum, .choices = kResolutions},
    {.name = "comment", .type = T::String},
    {.name = "id", .type = T::String},
};

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
    {.type = "sendEmail", .assets = AssetKind::None, .params = kSendEmail},
    {.type = "webhook", .assets = AssetKind::None, .params = kWebhook},
    {.type = "createIncident", .assets = AssetKind::None, .params = kCreateIncident},
    {.type = "indexEvents", .assets = AssetKind::None, .params = kIndexEvents},
    {.type = "writeToDatabase", .assets = AssetKind::None, .params = kWriteToDatabase},
    {.type = "logEvents", .assets = AssetKind::None, .params = kLogEvents},
    {.type = "mitreTechnique", .assets = AssetKind::None, .params = kMitreTechnique},
    {.type = "riskScore", .assets = AssetKind::None, .params = kRiskScore},
    {.type = "mitreRiskScore", .assets = AssetKind::None, .params = kMitreRiskScore},
    {.type = "runPlaybook", .assets = AssetKind::None, .params = kRunPlaybook},
    {.type = "runScript", .assets = AssetKind::None, .params = kCustomScript},
    {.type = "assignAlert", .assets = AssetKind::None, .params = kAssignAlert},
    {.type = "setAlertStatus", .assets = AssetKind::None, .params = kSetAlertStatus},
    {.type = "setAlertExternalRef", .assets = AssetKind::None, .params = kSetAlertExternalRef},
    {.type = "assignIncident", .assets = AssetKind::None, .params = kAssignIncident},
    {.type = "setIncidentStatus", .assets = AssetKind::None, .params = kSetIncidentStatus},
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
