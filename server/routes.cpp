// The route table and its handlers: each handler reads its path parameters
// and query into engine arguments, makes one engine::Service call and turns
// the Outcome into a Reply.  Nothing else happens here.
#include "server/routes.h"

#include <algorithm>

#include "server/api.h"
#include "server/metrics.h"
#include "server/query.h"
#include "server/reply.h"
#include "store/records.h"

namespace riposte::server {

std::string_view method_name(Method m) {
  switch (m) {
    case Method::Get:
      return "GET";
    case Method::Post:
      return "POST";
    case Method::Put:
      return "PUT";
    case Method::Patch:
      return "PATCH";
    case Method::Delete:
      return "DELETE";
  }
  return "GET";
}

std::optional<Method> method_of(std::string_view name) {
  if (name == "GET" || name == "HEAD") return Method::Get;
  if (name == "POST") return Method::Post;
  if (name == "PUT") return Method::Put;
  if (name == "PATCH") return Method::Patch;
  if (name == "DELETE") return Method::Delete;
  return std::nullopt;
}

std::string_view Call::param(std::string_view name) const {
  for (const auto& [n, v] : params)
    if (n == name) return v;
  return {};
}

namespace {

using store::ObjectKind;

// -- the handlers, one engine call each

Reply healthz(Call&) {
  Value v = Value::object();
  v.set("status", Value::string("ok"));
  return json_reply(200, v);
}

Reply metrics(Call& c) {
  Reply r;
  r.body = c.api.metrics().render(c.service.stats(), c.service.labelled_metrics());
  r.content_type = "text/plain; version=0.0.4; charset=utf-8";
  return r;
}

Reply openapi(Call& c) {
  Reply r;
  r.body = c.api.openapi();
  return r;
}

// Runs `list` with the page of the query (400 when the page is bad).
template <class F>
Reply paged(Call& c, F&& list) {
  auto page = page_of(c.query);
  if (!page.ok()) return problem_reply(page.problem());
  return listing_reply(list(page.value()));
}

Reply create_tenant(Call& c) {
  return created_reply(c.service.create_tenant(c.caller, c.body));
}
Reply list_tenants(Call& c) {
  return paged(c, [&](const engine::Page& p) { return c.service.list_tenants(c.caller, p); });
}
Reply get_tenant(Call& c) {
  return value_reply(c.service.get_tenant(c.caller, c.param("id")));
}

Reply create_user(Call& c) {
  return created_reply(c.service.create_user(c.caller, c.body));
}
Reply list_users(Call& c) {
  return paged(c, [&](const engine::Page& p) { return c.service.list_users(c.caller, p); });
}
Reply get_user(Call& c) {
  return value_reply(c.service.get_user(c.caller, c.param("id")));
}
Reply set_roles(Call& c) {
  return value_reply(c.service.set_roles(c.caller, c.param("id"), c.body));
}

Reply issue_token(Call& c) {
  return created_reply(c.service.issue_token(c.caller, c.body));
}
Reply revoke_token(Call& c) {
  return value_reply(c.service.revoke_token(c.caller, c.param("id")));
}

Reply list_playbooks(Call& c) {
  auto q = playbook_query_of(c.query);
  if (!q.ok()) return problem_reply(q.problem());
  return paged(c, [&](const engine::Page& p) { return c.service.list_playbooks(c.caller, q.value(), p); });
}
Reply create_playbook(Call& c) {
  return created_reply(c.service.create_playbook(c.caller, c.body));
}
Reply get_playbook(Call& c) {
  return value_reply(c.service.get_playbook(c.caller, c.param("id")));
}
Reply update_playbook(Call& c) {
  return value_reply(c.service.update_playbook(c.caller, c.param("id"), c.body));
}
Reply delete_playbook(Call& c) {
  return value_reply(c.service.delete_playbook(c.caller, c.param("id")));
}
Reply duplicate_playbook(Call& c) {
  return created_reply(c.service.duplicate_playbook(c.caller, c.param("id"), c.body));
}
Reply playbook_changelog(Call& c) {
  return paged(
      c, [&](const engine::Page& p) { return c.service.playbook_changelog(c.caller, c.param("id"), p); });
}
Reply find(Call& c) {
  return paged(c, [&](const engine::Page& p) { return c.service.find(c.caller, c.body, p); });
}

Reply check_trigger(Call& c) {
  return value_reply(c.service.check_trigger(c.caller, c.body));
}
Reply check_algorithm(Call& c) {
  return value_reply(c.service.check_algorithm(c.caller, c.body));
}

template <ObjectKind K>
Reply ingest(Call& c) {
  return created_reply(c.service.ingest(c.caller, K, std::span<const std::string_view>(c.texts), c.batch, c.idempotency));
}
template <ObjectKind K>
Reply list_objects(Call& c) {
  auto q = object_query_of(c.query);
  if (!q.ok()) return problem_reply(q.problem());
  return paged(c, [&](const engine::Page& p) { return c.service.list_objects(c.caller, K, q.value(), p); });
}
template <ObjectKind K>
Reply get_object(Call& c) {
  return value_reply(c.service.get_object(c.caller, K, c.param("id")));
}
template <ObjectKind K>
Reply patch_object(Call& c) {
  return value_reply(c.service.patch_object(c.caller, K, c.param("id"), c.body));
}
template <ObjectKind K>
Reply object_changes(Call& c) {
  return paged(
      c, [&](const engine::Page& p) { return c.service.object_changes(c.caller, K, c.param("id"), p); });
}

Reply launch(Call& c) {
  return created_reply(c.service.launch(c.caller, c.param("id"), c.body, c.idempotency));
}
Reply launch_progress(Call& c) {
  return value_reply(c.service.launch_progress(c.caller, c.param("id")));
}

Reply list_instances(Call& c) {
  engine::InstanceQuery q = instance_query_of(c.query);
  return paged(c, [&](const engine::Page& p) { return c.service.list_instances(c.caller, q, p); });
}
Reply get_instance(Call& c) {
  return value_reply(c.service.get_instance(c.caller, c.param("id")));
}
Reply terminate_instances(Call& c) {
  return value_reply(c.service.terminate(c.caller, c.body));
}

Reply list_approvals(Call& c) {
  engine::ApprovalQuery q = approval_query_of(c.query);
  return paged(c, [&](const engine::Page& p) { return c.service.list_approvals(c.caller, q, p); });
}
Reply decide_approvals(Call& c) {
  return value_reply(c.service.decide(c.caller, c.body));
}

Reply list_history(Call& c) {
  engine::HistoryQuery q = history_query_of(c.query);
  return paged(c, [&](const engine::Page& p) { return c.service.list_history(c.caller, q, p); });
}

constexpr std::span<const QueryParam> kNone{};
constexpr std::span<const QueryParam> kPage{kPageParams};
constexpr std::span<const QueryParam> kPlaybookList{kPlaybookListParams};
constexpr std::span<const QueryParam> kObjectList{kObjectListParams};
constexpr std::span<const QueryParam> kInstanceList{kInstanceListParams};
constexpr std::span<const QueryParam> kApprovalList{kApprovalListParams};
constexpr std::span<const QueryParam> kHistoryList{kHistoryListParams};

constexpr ObjectKind kAlert = ObjectKind::Alert;
constexpr ObjectKind kIncident = ObjectKind::Incident;

using M = Method;
using B = BodyKind;

// clang-format off
constexpr Route kRoutes[] = {
  // method, path, operationId, summary, auth, body, query, success, other success and its summary, idempotent, handler
  {M::Get, "/healthz", "healthz", "Liveness: {\"status\": \"ok\"}", false, B::None, kNone, 200, 0, "", false, healthz},
  {M::Get, "/metrics", "metrics", "Prometheus metrics (text exposition format)", true, B::None, kNone, 200, 0, "", false, metrics},
  {M::Get, "/api/v1/openapi.json", "openapi", "This OpenAPI description, generated from the route table", true, B::None, kNone, 200, 0, "", false, openapi},

  {M::Post, "/api/v1/tenants", "createTenant", "Create a tenant: {\"name\", \"parent\"}", true, B::Json, kNone, 201, 0, "", false, create_tenant},
  {M::Get, "/api/v1/tenants", "listTenants", "List the tenants the caller may read", true, B::None, kPage, 200, 0, "", false, list_tenants},
  {M::Get, "/api/v1/tenants/{id}", "getTenant", "One tenant", true, B::None, kNone, 200, 0, "", false, get_tenant},

  {M::Post, "/api/v1/users", "createUser", "Create a user: {\"name\", \"email\", \"roles\": [{\"tenant\", \"role\"}]}", true, B::Json, kNone, 201, 0, "", false, create_user},
  {M::Get, "/api/v1/users", "listUsers", "List users", true, B::None, kPage, 200, 0, "", false, list_users},
  {M::Get, "/api/v1/users/{id}", "getUser", "One user with its roles", true, B::None, kNone, 200, 0, "", false, get_user},
  {M::Put, "/api/v1/users/{id}/roles", "setUserRoles", "Replace a user's roles: [{\"tenant\", \"role\"}]", true, B::Json, kNone, 200, 0, "", false, set_roles},

  {M::Post, "/api/v1/tokens", "issueToken", "Issue a token for a user: {\"user\"} -> {\"id\", \"token\"} (shown once)", true, B::Json, kNone, 201, 0, "", false, issue_token},
  {M::Delete, "/api/v1/tokens/{id}", "revokeToken", "Revoke a token by its id", true, B::None, kNone, 200, 0, "", false, revoke_token},

  {M::Get, "/api/v1/playbooks", "listPlaybooks", "List playbooks, filtered", true, B::None, kPlaybookList, 200, 0, "", false, list_playbooks},
  {M::Post, "/api/v1/playbooks", "createPlaybook", "Create a playbook (a Playbook without the system fields)", true, B::Json, kNone, 201, 0, "", false, create_playbook},
  {M::Post, "/api/v1/playbooks/find", "findObjects", "The stored alerts or incidents a trigger matches: {\"scope\", \"trigger\"}", true, B::Json, kPage, 200, 0, "", false, find},
  {M::Get, "/api/v1/playbooks/{id}", "getPlaybook", "One playbook (deleted ones too)", true, B::None, kNone, 200, 0, "", false, get_playbook},
  {M::Put, "/api/v1/playbooks/{id}", "updatePlaybook", "Edit a playbook (a mode change carries runningInstances)", true, B::Json, kNone, 200, 0, "", false, update_playbook},
  {M::Delete, "/api/v1/playbooks/{id}", "deletePlaybook", "Delete a playbook", true, B::None, kNone, 200, 0, "", false, delete_playbook},
  {M::Post, "/api/v1/playbooks/{id}/duplicate", "duplicatePlaybook", "Duplicate and edit a playbook: the body holds the changed fields", true, B::Json, kNone, 201, 0, "", false, duplicate_playbook},
  {M::Get, "/api/v1/playbooks/{id}/changelog", "playbookChangelog", "A playbook's changes: time, user, readable diff", true, B::None, kPage, 200, 0, "", false, playbook_changelog},

  {M::Post, "/api/v1/check/trigger", "checkTrigger", "Diagnostics of a trigger without saving: {\"scope\", \"trigger\"}", true, B::Json, kNone, 200, 0, "", false, check_trigger},
  {M::Post, "/api/v1/check/algorithm", "checkAlgorithm", "Diagnostics of an algorithm without saving: {\"algorithm\"}", true, B::Json, kNone, 200, 0, "", false, check_algorithm},

  {M::Post, "/api/v1/alerts", "ingestAlerts", "Ingest one alert (201) or a JSON Lines batch (200 {\"accepted\", \"ids\"}), answered once stored", true, B::JsonOrNdjson, kNone, 201, 200, "a JSON Lines batch stored: {\"accepted\", \"ids\"}", true, ingest<kAlert>},
  {M::Get, "/api/v1/alerts", "listAlerts", "List stored alerts, filtered", true, B::None, kObjectList, 200, 0, "", false, list_objects<kAlert>},
  {M::Get, "/api/v1/alerts/{id}", "getAlert", "One alert by its InternalID", true, B::None, kNone, 200, 0, "", false, get_object<kAlert>},
  {M::Patch, "/api/v1/alerts/{id}", "patchAlert", "Change an alert (manual: true for a person's edit)", true, B::Json, kNone, 200, 0, "", false, patch_object<kAlert>},
  {M::Get, "/api/v1/alerts/{id}/changes", "alertChanges", "An alert's stored changes, oldest first", true, B::None, kPage, 200, 0, "", false, object_changes<kAlert>},

  {M::Post, "/api/v1/incidents", "ingestIncidents", "Ingest one incident (201) or a JSON Lines batch (200 {\"accepted\", \"ids\"}), answered once stored", true, B::JsonOrNdjson, kNone, 201, 200, "a JSON Lines batch stored: {\"accepted\", \"ids\"}", true, ingest<kIncident>},
  {M::Get, "/api/v1/incidents", "listIncidents", "List stored incidents, filtered", true, B::None, kObjectList, 200, 0, "", false, list_objects<kIncident>},
  {M::Get, "/api/v1/incidents/{id}", "getIncident", "One incident by its InternalID", true, B::None, kNone, 200, 0, "", false, get_object<kIncident>},
  {M::Patch, "/api/v1/incidents/{id}", "patchIncident", "Change an incident (manual: true for a person's edit)", true, B::Json, kNone, 200, 0, "", false, patch_object<kIncident>},
  {M::Get, "/api/v1/incidents/{id}/changes", "incidentChanges", "An incident's stored changes, oldest first", true, B::None, kPage, 200, 0, "", false, object_changes<kIncident>},

  {M::Post, "/api/v1/playbooks/{id}/launch", "launchPlaybook", "Launch a playbook by hand: {\"objectId\", \"targets\"?: {\"observables\", \"assets\"}, \"ifRunning\"?: \"wait\"|\"terminate\"|\"cancel\"} -> the Instance", true, B::Json, kNone, 201, 200, "not launched (ifRunning cancel, and an instance runs): {\"launched\": false, \"reason\"}", true, launch},
  {M::Get, "/api/v1/playbooks/{id}/launch-progress", "launchProgress", "Progress of the playbook's last launch for all matching objects (an extension of api.md): {\"state\": \"running\"|\"done\"|\"none\", \"total\", \"scanned\", \"matched\", \"launched\"}", true, B::None, kNone, 200, 0, "", false, launch_progress},

  {M::Get, "/api/v1/instances", "listInstances", "List playbook instances, filtered", true, B::None, kInstanceList, 200, 0, "", false, list_instances},
  {M::Post, "/api/v1/instances/terminate", "terminateInstances", "Terminate instances: {\"ids\"} -> {\"terminated\", \"unchanged\"}", true, B::Json, kNone, 200, 0, "", false, terminate_instances},
  {M::Get, "/api/v1/instances/{id}", "getInstance", "One instance with its steps and calls", true, B::None, kNone, 200, 0, "", false, get_instance},

  {M::Get, "/api/v1/approvals", "listApprovals", "List approval requests, filtered (Pending ones unless status says otherwise)", true, B::None, kApprovalList, 200, 0, "", false, list_approvals},
  {M::Post, "/api/v1/approvals/decide", "decideApprovals", "Decide approval requests: {\"ids\", \"assets\"?, \"decision\": \"approve\"|\"reject\"} -> {\"decided\"}", true, B::Json, kNone, 200, 0, "", false, decide_approvals},

  {M::Get, "/api/v1/history", "listHistory", "The response history, filtered", true, B::None, kHistoryList, 200, 0, "", false, list_history},
};
// clang-format on

// The segments of a path: "/a/b" -> {"a", "b"}; "/" -> {""}.
std::vector<std::string_view> segments(std::string_view path) {
  std::vector<std::string_view> out;
  if (path.empty() || path[0] != '/') return out;
  path.remove_prefix(1);
  while (true) {
    size_t slash = path.find('/');
    out.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return out;
}

bool is_parameter(std::string_view segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

// Whether `path` matches `tmpl`; fills the parameters and a specificity
// (literal segments from the left weigh more) when it does.
bool matches(std::string_view tmpl, const std::vector<std::string_view>& path, PathParams* params,
             uint64_t* specificity) {
  std::vector<std::string_view> t = segments(tmpl);
  if (t.size() != path.size()) return false;
  uint64_t score = 0;
  for (size_t i = 0; i < t.size(); ++i) {
    score <<= 1;
    if (is_parameter(t[i])) {
      if (path[i].empty()) return false;
      continue;
    }
    if (t[i] != path[i]) return false;
    score |= 1;
  }
  if (params) {
    params->clear();
    for (size_t i = 0; i < t.size(); ++i)
      if (is_parameter(t[i])) params->emplace_back(t[i].substr(1, t[i].size() - 2), std::string(path[i]));
  }
  if (specificity) *specificity = score;
  return true;
}

}  // namespace

std::span<const Route> routes() {
  return kRoutes;
}

std::vector<std::string_view> path_parameters(std::string_view path_template) {
  std::vector<std::string_view> out;
  for (std::string_view s : segments(path_template))
    if (is_parameter(s)) out.push_back(s.substr(1, s.size() - 2));
  return out;
}

Match match_route(std::span<const Route> table, std::string_view method, std::string_view path) {
  Match m;
  std::optional<Method> wanted = method_of(method);
  std::vector<std::string_view> parts = segments(path);
  if (parts.empty()) return m;
  uint64_t best = 0;
  for (const Route& r : table) {
    uint64_t score = 0;
    if (!matches(r.path, parts, nullptr, &score)) continue;
    if (std::find(m.allowed.begin(), m.allowed.end(), r.method) == m.allowed.end())
      m.allowed.push_back(r.method);
    if (wanted && r.method == *wanted && (!m.route || score > best)) {
      m.route = &r;
      best = score;
    }
  }
  if (m.route) {
    matches(m.route->path, parts, &m.params, nullptr);
    m.allowed.clear();
  }
  return m;
}

}  // namespace riposte::server
