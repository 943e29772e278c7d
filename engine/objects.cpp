// Alerts and incidents (api.md): intake of one object or a JSON Lines
// batch, reading, lists, and changes with their change events
// (data-model.md).  docs/engine.md, "Alerts and incidents".
#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "engine/body.h"
#include "engine/change_event.h"
#include "engine/cursor.h"
#include "engine/ids.h"
#include "engine/resources.h"
#include "engine/service.h"
#include "engine/view.h"
#include "value/json.h"

namespace riposte::engine {
namespace {

using store::ObjectKind;

const std::vector<std::string_view> kAlertStatuses = {"new", "inProgress", "inIncident", "closed"};
const std::vector<std::string_view> kIncidentStatuses = {"open", "inProgress", "hold", "closed"};
const std::vector<std::string_view> kSeverities = {"critical", "high", "medium", "low"};

struct FieldShape {
  std::string_view name;
  Kind kind;
};
// Fields of the data model whose type intake checks (others are kept as
// they come: sources add their own).
constexpr FieldShape kAlertShapes[] = {
    {"DetectionTechnologies", Kind::Array}, {"Assignee", Kind::Array},     {"MITRETactics", Kind::Array},
    {"MITRETechniques", Kind::Array},       {"Rules", Kind::Array},        {"Assets", Kind::Array},
    {"Observables", Kind::Array},           {"OriginalEvents", Kind::Array}, {"Extra", Kind::Object},
    {"AdditionalData", Kind::Object},       {"ExternalReference", Kind::String}, {"DetectSource", Kind::String},
    {"CreatedAt", Kind::String},            {"UpdatedAt", Kind::String},   {"IncidentID", Kind::String},
};
constexpr FieldShape kIncidentShapes[] = {
    {"Alerts", Kind::Array},           {"DetectionTechnologies", Kind::Array}, {"Assignee", Kind::Object},
    {"AdditionalData", Kind::Object},  {"ExternalReference", Kind::String},   {"Name", Kind::String},
    {"Description", Kind::String},     {"CreatedAt", Kind::String},           {"UpdatedAt", Kind::String},
    {"Priority", Kind::String},        {"IncidentType", Kind::Object},
};

std::string_view shape_phrase(Kind k) {
  return k == Kind::Array ? "an array" : k == Kind::Object ? "an object" : "a string";
}

bool kind_matches(const Value& v, Kind k) {
  return v.is_null() || v.kind() == k;
}

std::string one_of(const std::vector<std::string_view>& set) {
  std::string s = "must be one of ";
  for (size_t i = 0; i < set.size(); ++i) s += (i ? ", " : "") + std::string(set[i]);
  return s;
}

// A problem of the object on `line` of a batch (0: a single object): the
// detail names the line, each diagnostic carries it as its line.
Problem at_line(Problem p, size_t line) {
  if (line == 0) return p;
  p.detail = fmt::format("line {}: {}", line, p.detail);
  for (support::Diagnostic& d : p.errors) d.span = support::Span{uint32_t(line), 1, uint32_t(line), 1};
  return p;
}

// Checks one incoming object and fills what intake assigns (InternalID,
// ID, Status, CreatedAt, UpdatedAt).  Authorisation: the caller must hold
// IngestObject on its TenantID (404 unknown or unreadable, 403 otherwise).
std::optional<Problem> admit(const View& v, ObjectKind kind, Value& obj, int64_t& next_id, const std::string& now) {
  if (!obj.is_object()) {
    BodyReader r(obj);
    return r.finish();
  }
  BodyReader r(obj);
  for (const auto& [key, value] : obj.entries()) {
    (void)value;
    r.allow(key);
  }
  auto tenant = r.string("TenantID", Need::Required);
  auto internal = r.string("InternalID");
  auto id = r.integer("ID");
  auto status = r.string("Status");
  auto severity = r.string("Severity");
  if (internal && !is_uuid(*internal)) r.refuse("InternalID", "must be a UUID");
  if (id && *id < 1) r.refuse("ID", "must be a positive integer");
  const auto& statuses = kind == ObjectKind::Alert ? kAlertStatuses : kIncidentStatuses;
  if (status && std::find(statuses.begin(), statuses.end(), *status) == statuses.end()) r.refuse("Status", one_of(statuses));
  if (severity && std::find(kSeverities.begin(), kSeverities.end(), *severity) == kSeverities.end())
    r.refuse("Severity", one_of(kSeverities));
  std::span<const FieldShape> shapes =
      kind == ObjectKind::Alert ? std::span<const FieldShape>(kAlertShapes) : std::span<const FieldShape>(kIncidentShapes);
  for (const FieldShape& f : shapes)
    if (const Value* m = obj.find(f.name); m && !kind_matches(*m, f.kind)) r.wrong_type(std::string(f.name), shape_phrase(f.kind), *m);
  if (kind == ObjectKind::Incident)
    if (const Value* a = obj.find("Alerts"); a && a->is_array() && a->size() > 200)
      r.refuse("Alerts", fmt::format("{} alerts, an incident holds at most 200", a->size()));
  if (auto p = r.finish()) return p;
  if (!v.tree.exists(*tenant) || !v.access.can_read(*tenant)) {
    Problem p = not_found("tenant " + *tenant);
    p.errors.push_back(support::Diagnostic{support::DiagKind::RequestInvalidValue, support::Severity::Error,
                                           "invalid-value", "no such tenant", {}, std::string("TenantID")});
    return p;
  }
  if (!v.access.can(Operation::IngestObject, *tenant))
    return forbidden(fmt::format("not allowed to ingest {}s into tenant {}", kind_name(kind), *tenant));
  if (!internal) obj.set("InternalID", Value::string(new_uuid()));
  if (!id) obj.set("ID", Value::integer(next_id++));
  else next_id = std::max(next_id, *id + 1);
  if (!status) obj.set("Status", Value::string(kind == ObjectKind::Alert ? "new" : "open"));
  if (!obj.find("CreatedAt")) obj.set("CreatedAt", Value::string(now));
  if (!obj.find("UpdatedAt")) obj.set("UpdatedAt", Value::string(now));
  return std::nullopt;
}

store::ObjectRow row_of(ObjectKind kind, const Value& obj) {
  auto text = [&](std::string_view k) { const Value* m = obj.find(k); return m ? std::string(m->str()) : std::string(); };
  store::ObjectRow row;
  row.kind = kind;
  row.internal_id = text("InternalID");
  row.short_id = obj.find("ID")->as_int();
  row.tenant = text("TenantID");
  row.status = text("Status");
  row.severity = text("Severity");
  row.created_at = text("CreatedAt");
  row.updated_at = text("UpdatedAt");
  row.json = to_json(obj);
  return row;
}

Value parse_stored(const std::string& text) {
  Value v;
  JsonError err;
  if (!parse_json(text, v, err)) throw store::StoreError("a stored object is not valid JSON: " + err.message);
  return v;
}

std::string what(ObjectKind kind, std::string_view id) {
  return fmt::format("{} {}", kind_name(kind), id);
}

}  // namespace

Outcome<Created> Service::ingest(const Caller& c, ObjectKind kind, std::span<const Value> objects, bool batch,
                                 const std::optional<Idempotency>& idem) {
  if (objects.empty()) return bad_request("no object to ingest");
  std::optional<Problem> problem;
  Created answer;
  std::vector<Value> stored;
  store_.write([&](store::Tx& tx) {
    if (idem) {
      if (auto seen = tx.idempotency(c.user, idem->key)) {
        if (seen->route != idem->route || seen->request_hash != idem->request_hash) {
          problem = conflict("Idempotency-Key \"" + idem->key + "\" was used before for a different request");
        } else {
          answer = Created{parse_stored(seen->body), seen->status, true};
        }
        return false;
      }
    }
    View v(tx, c);
    std::string now = now_rfc3339();
    int64_t next_id = tx.next_short_id(kind);
    std::set<std::string> ids;
    for (size_t i = 0; i < objects.size(); ++i) {
      Value obj = objects[i];
      size_t line = batch ? i + 1 : 0;
      if (auto p = admit(v, kind, obj, next_id, now)) {
        problem = at_line(*p, line);
        return false;
      }
      std::string internal(obj.find("InternalID")->str());
      if (!ids.insert(internal).second || tx.object(kind, internal)) {
        problem = at_line(conflict(what(kind, internal) + " exists already"), line);
        return false;
      }
      store::ObjectRow row = row_of(kind, obj);
      tx.insert_object(row);
      stored.push_back(std::move(obj));
    }
    if (batch) {
      Array list;
      for (const Value& o : stored) list.push_back(*o.find("InternalID"));
      answer = Created{object_of({{"accepted", Value::integer(int64_t(stored.size()))}, {"ids", Value::array(std::move(list))}}), 200};
    } else {
      const Value& o = stored.front();
      answer = Created{object_of({{"id", *o.find("InternalID")}, {"ID", *o.find("ID")}, {"TenantID", *o.find("TenantID")},
                                  {"Status", *o.find("Status")}}), 201};
    }
    if (idem)
      tx.insert_idempotency(store::IdempotencyRow{c.user, idem->key, idem->route, idem->request_hash, answer.status,
                                                  to_json(answer.body), now});
    return true;
  });
  if (problem) return *problem;
  if (!answer.replayed) {
    (kind == ObjectKind::Alert ? stats_.alerts_ingested : stats_.incidents_ingested) += stored.size();
    if (listener_) {
      Value event = change_event(false, {kind == ObjectKind::Alert ? "alertCreated" : "incidentCreated"});
      for (const Value& o : stored) listener_->on_object(kind, o, event);
    }
  }
  return answer;
}

Outcome<Value> Service::get_object(const Caller& c, ObjectKind kind, std::string_view id) {
  std::optional<std::string> json;
  store_.read([&](store::Tx& tx) {
    View v(tx, c);
    if (auto row = tx.object(kind, id); row && v.access.can_read(row->tenant)) json = row->json;
  });
  if (!json) return not_found(what(kind, id));
  return parse_stored(*json);
}

Outcome<Listing> Service::list_objects(const Caller& c, ObjectKind kind, const ObjectQuery& q, const Page& page) {
  auto after = decode_cursor(page.cursor);
  if (!after) return bad_cursor();
  std::optional<Problem> problem;
  std::vector<store::ObjectRow> rows;
  size_t limit = std::clamp<size_t>(page.limit, 1, kMaxLimit);
  store_.read([&](store::Tx& tx) {
    View v(tx, c);
    store::ObjectFilter f;
    f.kind = kind;
    if (!q.tenant.empty()) {
      if (!v.tree.exists(q.tenant) || !v.access.can_read(q.tenant)) {
        problem = not_found("tenant " + q.tenant);
        return;
      }
      f.tenants = {q.tenant};
    } else {
      f.tenants = v.access.tenants_where(Operation::Read);
    }
    f.status = q.status;
    f.severity = q.severity;
    f.short_id = q.id;
    f.created_from = q.created_from;
    f.created_to = q.created_to;
    f.after_seq = *after;
    f.limit = limit + 1;
    rows = tx.objects(f);
  });
  if (problem) return *problem;
  Listing out;
  for (size_t i = 0; i < rows.size() && i < limit; ++i) out.items.push_back(parse_stored(rows[i].json));
  if (rows.size() > limit) out.next = encode_cursor(rows[limit - 1].seq);
  return out;
}

Outcome<Value> Service::patch_object(const Caller& c, ObjectKind kind, std::string_view id, const Value& body) {
  std::optional<Problem> problem;
  Value after, event;
  bool changed = false;
  store_.write([&](store::Tx& tx) {
    View v(tx, c);
    auto row = tx.object(kind, id);
    if (!row || !v.access.can_read(row->tenant)) {
      problem = not_found(what(kind, id));
      return false;
    }
    if (!v.access.can(Operation::ChangeObject, row->tenant)) {
      problem = forbidden("not allowed to change " + what(kind, id));
      return false;
    }
    Value patch = body;
    // An incident's addAlerts name alerts by InternalID: the change stores
    // the alerts themselves, which must be readable by the caller.
    if (kind == ObjectKind::Incident && body.is_object())
      if (const Value* add = body.find("addAlerts"); add && add->is_array()) {
        Array resolved;
        for (size_t i = 0; i < add->size(); ++i) {
          const Value& ref = add->at(i);
          auto alert = ref.is_string() ? tx.object(ObjectKind::Alert, ref.str()) : std::nullopt;
          if (!alert || !v.access.can_read(alert->tenant)) {
            problem = refused(index_path("addAlerts", i), "no such alert");
            return false;
          }
          resolved.push_back(parse_stored(alert->json));
        }
        patch.set("addAlerts", Value::array(std::move(resolved)));
      }
    std::string now = now_rfc3339();
    auto applied = apply_change(kind, parse_stored(row->json), patch, now);
    if (!applied.ok()) {
      problem = applied.problem();
      return false;
    }
    after = applied.value().object;
    if (applied.value().operations.empty()) return false;  // nothing changed: nothing to store
    event = change_event(applied.value().manual, applied.value().operations);
    store::ObjectRow updated = row_of(kind, after);
    updated.seq = row->seq;
    tx.update_object(updated);
    store::ObjectChangeRow change{0, kind, row->internal_id, now, c.user, to_json(event), to_json(body)};
    tx.insert_change(change);
    changed = true;
    return true;
  });
  if (problem) return *problem;
  if (changed) {
    stats_.objects_changed++;
    if (listener_) listener_->on_object(kind, after, event);
  }
  return after;
}

Outcome<Listing> Service::object_changes(const Caller& c, ObjectKind kind, std::string_view id, const Page& page) {
  auto after = decode_cursor(page.cursor);
  if (!after) return bad_cursor();
  std::optional<std::vector<store::ObjectChangeRow>> changes;
  store_.read([&](store::Tx& tx) {
    View v(tx, c);
    if (auto row = tx.object(kind, id); row && v.access.can_read(row->tenant)) changes = tx.changes(kind, id);
  });
  if (!changes) return not_found(what(kind, id));
  size_t limit = std::clamp<size_t>(page.limit, 1, kMaxLimit);
  Listing out;
  for (const store::ObjectChangeRow& ch : *changes) {
    if (ch.seq <= *after) continue;
    if (out.items.size() == limit) {
      out.next = encode_cursor(ch.seq - 1);
      break;
    }
    out.items.push_back(change_json(ch));
  }
  return out;
}

}  // namespace riposte::engine
