// The engine's implementation of actions::EnginePort (engine/engine_port.h,
// docs/actions-engine.md).
#include "engine/engine_port.h"

#include <fmt/format.h>

#include "engine/access.h"
#include "engine/ids.h"
#include "engine/playbook_access.h"
#include "engine/resources.h"
#include "engine/runtime.h"
#include "engine/service.h"
#include "value/json.h"

namespace riposte::engine {
namespace {

using actions::CallContext;
using actions::PortReply;

constexpr std::string_view kRole = "tier2Analyst";  // ingest, change, launch
constexpr std::string_view kRequestHash = "engine-port";  // a retry replays whatever its parameters
constexpr size_t kMaxChain = 64;  // instances followed up a chain of runPlaybook launches

PortReply failed(std::string why) { return PortReply{false, "null", std::move(why)}; }
PortReply answered(const Value& v) { return PortReply{true, to_json(v), {}}; }
PortReply answered_text(std::string text) { return PortReply{true, std::move(text), {}}; }

// "409: a closed alert cannot be edited; ... (Status: ...)".
std::string problem_text(const Problem& p) {
  std::string s = fmt::format("{}: {}", p.status, p.detail.empty() ? p.title : p.detail);
  for (const support::Diagnostic& d : p.errors)
    if (d.path && !d.path->empty() && s.find(d.message) == std::string::npos)
      s += fmt::format(" ({}: {})", *d.path, d.message);
  return s;
}

bool parse(const std::string& text, Value& out) {
  JsonError err;
  return parse_json(text, out, err);
}

std::string text_member(const Value& o, std::string_view key) {
  const Value* v = o.is_object() ? o.find(key) : nullptr;
  return v && v->is_string() ? std::string(v->str()) : std::string();
}

std::string route_of(std::string_view what) { return "engine " + std::string(what); }

// The answer stored under `key` before, if any.
std::optional<std::string> seen(store::Tx& tx, const std::string& user, std::string_view key) {
  if (key.empty()) return std::nullopt;
  auto row = tx.idempotency(user, key);
  if (!row) return std::nullopt;
  return row->body;
}

void remember(store::Tx& tx, const std::string& user, std::string_view key, std::string_view what,
              const std::string& body) {
  if (key.empty()) return;
  tx.insert_idempotency(store::IdempotencyRow{user, std::string(key), route_of(what), std::string(kRequestHash), 200,
                                              body, now_rfc3339()});
}

}  // namespace

std::string author_of(const CallContext& ctx) {
  return fmt::format("playbook:{}/instance:{}", ctx.playbook.empty() ? "-" : ctx.playbook,
                     ctx.instance.empty() ? "-" : ctx.instance);
}

std::string instance_of_author(std::string_view author) {
  if (!author.starts_with("playbook:")) return "";
  size_t at = author.find("/instance:");
  if (at == std::string_view::npos) return "";
  std::string_view id = author.substr(at + 10);
  return id == "-" ? "" : std::string(id);
}

namespace {

// The caller a call acts as: Tier 2 analyst on its object's tenant, under
// the administrator's id (for the idempotency rows), shown as its playbook.
Outcome<Caller> acting(Service& service, const CallContext& ctx) {
  if (ctx.tenants.empty()) return bad_request("the call comes from no tenant");
  Outcome<Caller> admin = service.administrator();
  if (!admin.ok()) return admin.problem();
  Caller c{admin.value().user, {store::RoleGrant{ctx.tenants.back(), std::string(kRole)}}, author_of(ctx)};
  return c;
}

}  // namespace

PortReply StorePort::create_incident(const CallContext& ctx, std::string_view idempotency_key,
                                     const std::string& incident_json) {
  Outcome<Caller> c = acting(service_, ctx);
  if (!c.ok()) return failed(problem_text(c.problem()));
  Value incident;
  if (!parse(incident_json, incident) || !incident.is_object()) return failed("the incident is not a JSON object");
  incident.set("TenantID", Value::string(ctx.tenants.back()));
  // From an alert's instance: the incident holds the alert as it is now.
  if (!incident.find("Alerts") && ctx.object_kind == "alert" && !ctx.object_id.empty()) {
    std::optional<std::string> alert;
    service_.store_.read([&](store::Tx& tx) {
      if (auto row = tx.object(store::ObjectKind::Alert, ctx.object_id)) alert = row->json;
    });
    Value a;
    if (alert && parse(*alert, a)) {
      Array alerts;
      alerts.push_back(std::move(a));
      incident.set("Alerts", Value::array(std::move(alerts)));
    }
  }
  std::optional<Idempotency> idem;
  if (!idempotency_key.empty())
    idem = Idempotency{std::string(idempotency_key), route_of("createIncident"), std::string(kRequestHash)};
  Value one[] = {std::move(incident)};
  Outcome<Created> made = service_.ingest(c.value(), store::ObjectKind::Incident, one, false, idem);
  if (!made.ok()) return failed(problem_text(made.problem()));
  std::string id = text_member(made.value().body, "id");
  if (!ctx.instance.empty() && !id.empty())
    service_.store_.write([&](store::Tx& tx) {
      tx.set_instance_incident(ctx.instance, id);
      return true;
    });
  return answered(made.value().body);
}

PortReply StorePort::edit_object(const CallContext& ctx, std::string_view idempotency_key, std::string_view kind,
                                 std::string_view id, const std::string& patch_json) {
  Outcome<Caller> c = acting(service_, ctx);
  if (!c.ok()) return failed(problem_text(c.problem()));
  store::ObjectKind k = kind == "incident" ? store::ObjectKind::Incident : store::ObjectKind::Alert;
  std::string target(id);
  if (target.empty()) {
    if (ctx.object_kind != kind_name(k) || ctx.object_id.empty())
      return failed(ctx.object_kind.empty() || ctx.object_id.empty()
                        ? fmt::format("this run has no {} in the store: name one with \"id\"", kind_name(k))
                        : fmt::format("this instance runs for an {}, not an {}: name the {} with \"id\"",
                                      ctx.object_kind, kind_name(k), kind_name(k)));
    target = ctx.object_id;
  }
  Value patch;
  if (!parse(patch_json, patch) || !patch.is_object()) return failed("the change is not a JSON object");
  const std::string& user = c.value().user;
  std::optional<std::string> replay;
  std::optional<std::string> unknown_user;
  service_.store_.read([&](store::Tx& tx) {
    replay = seen(tx, user, idempotency_key);
    if (replay) return;
    // Assignees named by user id get the user's name.
    const Value* assignee = patch.find("Assignee");
    if (!assignee) return;
    auto fill = [&](Value person) {
      std::string uid = text_member(person, "ID");
      if (uid.empty() || person.find("Name")) return person;
      if (auto u = tx.user(uid)) person.set("Name", Value::string(u->name));
      else if (!unknown_user) unknown_user = uid;
      return person;
    };
    if (assignee->is_array()) {
      Array people;
      for (const Value& person : assignee->items()) people.push_back(fill(person));
      patch.set("Assignee", Value::array(std::move(people)));
    } else if (assignee->is_object()) {
      patch.set("Assignee", fill(*assignee));
    }
  });
  if (replay) return answered_text(*replay);
  if (unknown_user) return failed(fmt::format("no such user \"{}\" to assign", *unknown_user));
  Outcome<Value> after = service_.patch_object(c.value(), k, target, patch);
  if (!after.ok()) return failed(problem_text(after.problem()));
  Value answer = object_of({{"id", Value::string(target)},
                            {"kind", Value::string(kind_name(k))},
                            {"Status", Value::string(text_member(after.value(), "Status"))},
                            {"UpdatedAt", Value::string(text_member(after.value(), "UpdatedAt"))}});
  std::string body = to_json(answer);
  service_.store_.write([&](store::Tx& tx) {
    if (seen(tx, user, idempotency_key)) return false;
    remember(tx, user, idempotency_key, "edit", body);
    return true;
  });
  return answered_text(std::move(body));
}

PortReply StorePort::launch_playbook(const CallContext& ctx, std::string_view idempotency_key,
                                     std::string_view playbook, const std::string& input_json) {
  Outcome<Caller> c = acting(service_, ctx);
  if (!c.ok()) return failed(problem_text(c.problem()));
  const std::string& user = c.value().user;
  std::string error, body;
  LaunchEffects fx;
  bool launched = false;
  service_.store_.write([&](store::Tx& tx) {
    fx = LaunchEffects();
    error.clear();
    if (auto replay = seen(tx, user, idempotency_key)) {
      body = *replay;
      return false;
    }
    TenantTree tree(tx.tenants());
    const std::string& own = ctx.tenants.back();
    auto p = tx.playbook(playbook);
    if (!p || p->deleted) {
      error = fmt::format("no such playbook \"{}\"", playbook);
      return false;
    }
    // The object: the instance's own, or (an incident playbook from an
    // alert's instance) the incident this instance created.
    std::string object;
    std::string_view scope = kind_name(p->scope);
    if (ctx.object_kind == scope) {
      object = ctx.object_id;
    } else if (p->scope == store::ObjectKind::Incident && !ctx.instance.empty()) {
      object = tx.instance_incident(ctx.instance).value_or("");
    }
    if (object.empty()) {
      error = ctx.object_kind == scope
                  ? fmt::format("this run's {} is not in the store: playbook \"{}\" has nothing to run for", scope,
                                p->name)
                  : fmt::format("playbook \"{}\" runs for incidents: this instance runs for an {} and created no "
                                "incident (call createIncident first)",
                                p->name, ctx.object_kind.empty() ? "object outside the store" : ctx.object_kind);
      if (p->scope == store::ObjectKind::Alert && ctx.object_kind != scope)
        error = fmt::format("playbook \"{}\" runs for alerts: this instance runs for an {}", p->name,
                            ctx.object_kind.empty() ? "object outside the store" : ctx.object_kind);
      return false;
    }
    auto row = tx.object(p->scope, object);
    if (!row || !tree.covers(own, row->tenant)) {
      error = fmt::format("the {} {} is not in the store", scope, object);
      return false;
    }
    if (!playbook_held_by(tree, *p, row->tenant)) {
      error = fmt::format("playbook \"{}\" does not apply to the tenant of {} {}", p->name, scope, object);
      return false;
    }
    // Recursion: how many times the playbook runs in the chain of launches
    // up to this call (the calling instance, the one that launched it, ...).
    int depth = ctx.playbook == p->id ? 1 : 0;
    std::string next = ctx.instance;
    for (size_t i = 0; i < kMaxChain && !next.empty(); ++i) {
      auto inst = tx.instance(next);
      if (!inst) break;
      if (i > 0 && inst->playbook == p->id) ++depth;
      next = instance_of_author(inst->launched_by);
    }
    if (depth >= kMaxPlaybookRecursion) {
      error = fmt::format("playbook \"{}\" runs {} times already in this chain of runPlaybook launches (at most {})",
                          p->name, depth, kMaxPlaybookRecursion);
      return false;
    }
    std::string now = now_rfc3339();
    LaunchAsk ask;
    ask.playbook = &*p;
    ask.algorithm_key = sha256_hex(p->algorithm);
    ask.kind = p->scope;
    ask.object = row->internal_id;
    ask.tenant = row->tenant;
    ask.launched_by = author_of(ctx);
    ask.input = input_json.empty() ? "null" : input_json;
    std::string id = service_.runtime_->launch(tx, ask, now, fx);
    Value answer = id.empty() ? object_of({{"launched", Value::boolean(false)},
                                           {"reason", Value::string("an instance of the playbook is under way for "
                                                                    "the object and its launching rule is skip")}})
                              : object_of({{"launched", Value::boolean(true)},
                                           {"instance", Value::string(id)},
                                           {"playbook", Value::string(p->id)},
                                           {"objectId", Value::string(row->internal_id)}});
    body = to_json(answer);
    remember(tx, user, idempotency_key, "runPlaybook", body);
    launched = true;
    return true;
  });
  if (!error.empty()) return failed(error);
  if (launched) service_.runtime_->apply(fx);
  return answered_text(std::move(body));
}

PortReply StorePort::index_documents(const CallContext& ctx, std::string_view idempotency_key,
                                     std::string_view index, const std::string& documents_json, bool update,
                                     std::string_view key) {
  if (ctx.tenants.empty()) return failed("the call comes from no tenant");
  if (index.empty() || index.size() > 255) return failed("the index name must have 1 to 255 characters");
  Value docs;
  if (!parse(documents_json, docs) || !docs.is_array()) return failed("the documents are not a JSON array");
  for (size_t i = 0; i < docs.size(); ++i)
    if (!docs.at(i).is_object()) return failed(fmt::format("document {} is not a JSON object", i));
  Outcome<Caller> c = acting(service_, ctx);
  if (!c.ok()) return failed(problem_text(c.problem()));
  const std::string& user = c.value().user;
  std::string body;
  service_.store_.write([&](store::Tx& tx) {
    if (auto replay = seen(tx, user, idempotency_key)) {
      body = *replay;
      return false;
    }
    std::string now = now_rfc3339();
    int64_t updated = 0, appended = 0;
    for (const Value& d : docs.items()) {
      store::IndexDocumentRow r;
      r.index = std::string(index);
      r.tenant = ctx.tenants.back();
      if (const Value* k = key.empty() ? nullptr : d.find(key); k && !k->is_null())
        r.key = k->is_string() ? std::string(k->str()) : to_json(*k);
      r.doc = to_json(d);
      r.created = now;
      if (update && !r.key.empty() && tx.replace_index_document(r)) {
        ++updated;
      } else {
        tx.insert_index_document(r);
        ++appended;
      }
    }
    body = to_json(object_of({{"index", Value::string(index)},
                              {"written", Value::integer(updated + appended)},
                              {"updated", Value::integer(updated)},
                              {"appended", Value::integer(appended)}}));
    remember(tx, user, idempotency_key, "index", body);
    return true;
  });
  return answered_text(std::move(body));
}

std::optional<std::string> StorePort::incident_created_by(const CallContext& ctx) {
  if (ctx.instance.empty()) return std::nullopt;
  std::optional<std::string> id;
  service_.store_.read([&](store::Tx& tx) { id = tx.instance_incident(ctx.instance); });
  return id;
}

}  // namespace riposte::engine
