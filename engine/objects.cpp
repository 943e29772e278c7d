// Alerts and incidents (api.md): intake of one object or a JSON Lines
// batch, reading, lists, and changes with their change events
// (data-model.md).  docs/engine.md, "Alerts and incidents".
#include <algorithm>
#include <array>
#include <unordered_set>

#include <fmt/format.h>

#include "engine/body.h"
#include "engine/change_event.h"
#include "engine/cursor.h"
#include "engine/ids.h"
#include "engine/resources.h"
#include "engine/top_level.h"
#include "engine/runtime.h"
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
  if (!v.tree().exists(*tenant) || !v.access().can_read(*tenant)) {
    Problem p = not_found("tenant " + *tenant);
    p.errors.push_back(support::Diagnostic{support::DiagKind::RequestInvalidValue, support::Severity::Error,
                                           "invalid-value", "no such tenant", {}, std::string("TenantID")});
    return p;
  }
  if (!v.access().can(Operation::IngestObject, *tenant))
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


// -- the fast path of intake (docs/bench.md, "Intake"): an object intake
// accepts as it comes is read with simdjson (engine/top_level.h) and stored
// as its own text, the members intake assigns written in front; anything
// else takes the Value path above (parse_json, admit, to_json), which
// decides and words the problem exactly as before.

// The members the fast path reads: these five, then the kind's shapes.
enum : size_t { kTenant, kInternal, kId, kStatus, kSeverity, kShapes };

template <size_t N>
constexpr auto names_of(const FieldShape (&shapes)[N]) {
  std::array<std::string_view, kShapes + N> names{"TenantID", "InternalID", "ID", "Status", "Severity"};
  for (size_t i = 0; i < N; ++i) names[kShapes + i] = shapes[i].name;
  return names;
}
constexpr auto kAlertNames = names_of(kAlertShapes);
constexpr auto kIncidentNames = names_of(kIncidentShapes);

// What the fast path read of an acceptable object.
struct Fast {
  std::string tenant;
  std::optional<std::string> internal_id;
  std::optional<int64_t> id;
  std::optional<std::string> status;
  std::string severity;  // "" when absent
  bool has_created = false, has_updated = false;
  std::string created_at, updated_at;
  size_t brace = 0, end = 0;  // the object's braces in its text
};

bool in(const std::vector<std::string_view>& set, std::string_view s) {
  return std::find(set.begin(), set.end(), s) != set.end();
}

// The object as admit would accept it, or nullopt when it needs the Value
// path: not JSON simdjson takes, not an object, a member intake reads
// missing where required, repeated, null where intake would assign it, of
// the wrong type or out of its values.  The tenant is checked later, in
// the write transaction.
std::optional<Fast> read_fast(TopLevelReader& reader, std::string_view text, ObjectKind kind) {
  std::span<const std::string_view> names =
      kind == ObjectKind::Alert ? std::span<const std::string_view>(kAlertNames) : std::span<const std::string_view>(kIncidentNames);
  std::span<const FieldShape> shapes =
      kind == ObjectKind::Alert ? std::span<const FieldShape>(kAlertShapes) : std::span<const FieldShape>(kIncidentShapes);
  std::array<TopMember, std::max(kAlertNames.size(), kIncidentNames.size())> members;
  std::span<TopMember> m(members.data(), names.size());
  if (!reader.read(text, names, m)) return std::nullopt;
  for (const TopMember& x : m)
    if (x.repeated) return std::nullopt;
  auto is_string = [](const TopMember& x) { return x.present && x.kind == Kind::String; };
  Fast f;
  if (!is_string(m[kTenant])) return std::nullopt;
  f.tenant = m[kTenant].string;
  if (m[kInternal].present) {
    if (!is_string(m[kInternal]) || !is_uuid(m[kInternal].string)) return std::nullopt;
    f.internal_id = std::string(m[kInternal].string);
  }
  if (m[kId].present) {
    if (!m[kId].is_int || m[kId].integer < 1) return std::nullopt;
    f.id = m[kId].integer;
  }
  const auto& statuses = kind == ObjectKind::Alert ? kAlertStatuses : kIncidentStatuses;
  if (m[kStatus].present) {
    if (!is_string(m[kStatus]) || !in(statuses, m[kStatus].string)) return std::nullopt;
    f.status = std::string(m[kStatus].string);
  }
  if (m[kSeverity].present) {
    if (!is_string(m[kSeverity]) || !in(kSeverities, m[kSeverity].string)) return std::nullopt;
    f.severity = m[kSeverity].string;
  }
  for (size_t i = 0; i < shapes.size(); ++i) {
    const TopMember& x = m[kShapes + i];
    if (!x.present) continue;
    bool stamp = shapes[i].name == "CreatedAt" || shapes[i].name == "UpdatedAt";
    if (stamp ? x.kind != Kind::String : x.kind != Kind::Null && x.kind != shapes[i].kind) return std::nullopt;
    if (shapes[i].name == "Alerts" && x.kind == Kind::Array && x.size > 200) return std::nullopt;
    if (shapes[i].name == "CreatedAt") f.has_created = true, f.created_at = x.string;
    if (shapes[i].name == "UpdatedAt") f.has_updated = true, f.updated_at = x.string;
  }
  f.brace = reader.brace;
  f.end = reader.end;
  return f;
}

// The caller holds IngestObject on the tenant (which exists and is readable).
bool may_ingest(const View& v, const std::string& tenant) {
  return v.tree().exists(tenant) && v.access().can_read(tenant) && v.access().can(Operation::IngestObject, tenant);
}

// The row of an object the fast path read: what intake assigns is written
// after the opening brace, the source's text follows as it came.
void fill_row(store::ObjectRow& row, ObjectKind kind, const Fast& f, std::string_view text, int64_t& next_id,
              const std::string& now) {
  row.internal_id = f.internal_id ? *f.internal_id : new_uuid();
  if (f.id) {
    row.short_id = *f.id;
    next_id = std::max(next_id, *f.id + 1);
  } else {
    row.short_id = next_id++;
  }
  row.tenant = f.tenant;
  row.status = f.status ? *f.status : std::string(kind == ObjectKind::Alert ? "new" : "open");
  row.severity = f.severity;
  row.created_at = f.has_created ? f.created_at : now;
  row.updated_at = f.has_updated ? f.updated_at : now;
  std::string& json = row.json;
  json.clear();
  json.reserve(f.end - f.brace + 160);
  json += '{';
  // The assigned values need no escapes: a UUID, digits, a status name, RFC 3339.
  if (!f.internal_id) json.append("\"InternalID\":\"").append(row.internal_id).append("\",");
  if (!f.id) json.append("\"ID\":").append(std::to_string(row.short_id)).append(",");
  if (!f.status) json.append("\"Status\":\"").append(row.status).append("\",");
  if (!f.has_created) json.append("\"CreatedAt\":\"").append(now).append("\",");
  if (!f.has_updated) json.append("\"UpdatedAt\":\"").append(now).append("\",");
  // The object has members (TenantID at least): an assigned one's comma
  // stays in front of them.
  json.append(text.substr(f.brace + 1, f.end - f.brace - 1));
}

// One text to ingest: the fast path's reading, or the parsed Value.
struct Pending {
  size_t line;  // the JSON Lines line (0: a single object)
  std::string_view text;
  std::optional<Fast> fast;
  Value value;
  size_t index;  // in the request's texts
};

// What the answer and the counters need of a stored object.
struct Stored {
  std::string internal_id;
  int64_t short_id;
  std::string tenant, status;
};

bool is_blank(std::string_view s) {
  return s.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

}  // namespace

Outcome<Created> Service::ingest(const Caller& c, ObjectKind kind, std::span<const Value> objects, bool batch,
                                 const std::optional<Idempotency>& idem) {
  std::vector<std::string> texts;
  texts.reserve(objects.size());
  for (const Value& o : objects) texts.push_back(to_json(o));
  std::vector<std::string_view> views(texts.begin(), texts.end());
  return ingest(c, kind, std::span<const std::string_view>(views), batch, idem);
}

Outcome<Created> Service::ingest(const Caller& c, ObjectKind kind, std::span<const std::string_view> texts,
                                 bool batch, const std::optional<Idempotency>& idem) {
  return ingest_texts(c, kind, texts, batch, idem, {});
}

Outcome<Created> Service::ingest_with_events(const Caller& c, ObjectKind kind, std::span<const std::string_view> texts,
                                             std::span<const Value> events, const std::optional<Idempotency>& idem,
                                             size_t first_line) {
  if (!events.empty() && events.size() != texts.size()) return bad_request("one change event per object is needed");
  return ingest_texts(c, kind, texts, true, idem, events, first_line);
}

Outcome<Created> Service::ingest_texts(const Caller& c, ObjectKind kind, std::span<const std::string_view> texts,
                                       bool batch, const std::optional<Idempotency>& idem,
                                       std::span<const Value> events, size_t first_line) {
  // 1. Outside the write transaction: every text is read (the fast path) or
  // parsed (the Value path); a malformed one refuses the whole request.
  thread_local TopLevelReader reader;
  std::vector<Pending> pending;
  pending.reserve(texts.size());
  for (size_t i = 0; i < texts.size(); ++i) {
    std::string_view text = texts[i];
    if (batch && is_blank(text)) continue;
    Pending p{batch ? first_line + i + 1 : 0, text, read_fast(reader, text, kind), Value(), i};
    if (!p.fast) {
      JsonError err;
      if (!parse_json(text, p.value, err)) {
        if (batch)
          return malformed_json(fmt::format("JSON Lines body, line {}: malformed JSON at column {}: {}", p.line,
                                            err.column, err.message),
                                uint32_t(p.line), err.column, err.message);
        return malformed_json(
            fmt::format("malformed JSON at line {}, column {}: {}", err.line, err.column, err.message), err.line,
            err.column, err.message);
      }
    }
    pending.push_back(std::move(p));
  }
  if (pending.empty()) return bad_request("no object to ingest");

  // 2. In one write transaction: the rules that need the store, then the rows.
  std::optional<Problem> problem;
  Created answer;
  std::vector<Stored> stored;
  stored.reserve(pending.size());
  std::vector<std::string> listened;  // the stored texts, for the listener
  // Matching runs in the transaction that stores the objects (runtime.h):
  // an object and its launches commit together.
  bool matching = runtime_->catalog.current(kind) && runtime_->catalog.current(kind)->set;
  Value created_event = change_event(false, {kind == ObjectKind::Alert ? "alertCreated" : "incidentCreated"});
  LaunchEffects fx;
  std::optional<TenantTree> tree;
  store_.write([&](store::Tx& tx) {
    fx = LaunchEffects();
    tree.reset();
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
    std::unordered_set<std::string> ids;
    ids.reserve(pending.size());
    store::ObjectRow row;  // reused: its strings keep their capacity
    row.kind = kind;
    std::optional<std::string> checked_tenant;  // the last TenantID the caller may ingest into
    for (Pending& p : pending) {
      bool fast = p.fast && (p.fast->tenant == checked_tenant || may_ingest(v, p.fast->tenant));
      if (fast) {
        if (p.fast->tenant != checked_tenant) checked_tenant = p.fast->tenant;
        fill_row(row, kind, *p.fast, p.text, next_id, now);
      } else {
        if (p.fast) {  // the tenant is refused: the Value path words the problem
          JsonError err;
          parse_json(p.text, p.value, err);
        }
        if (auto bad = admit(v, kind, p.value, next_id, now)) {
          problem = at_line(*bad, p.line);
          return false;
        }
        row = row_of(kind, p.value);
      }
      // An InternalID intake drew itself is a new random UUID: only the
      // source's own are looked up.
      bool drawn = fast && !p.fast->internal_id;
      if (!drawn && (!ids.insert(row.internal_id).second || tx.object(kind, row.internal_id))) {
        problem = at_line(conflict(what(kind, row.internal_id) + " exists already"), p.line);
        return false;
      }
      tx.insert_object(row);
      stored.push_back(Stored{row.internal_id, row.short_id, row.tenant, row.status});
      if (listener_) listened.push_back(row.json);
      if (matching) {
        if (!tree) tree.emplace(tx.tenants());
        runtime_->match(tx, *tree, kind, parse_stored(row.json), events.empty() ? created_event : events[p.index],
                        now, fx);
      }
    }
    if (batch) {
      Array list;
      list.reserve(stored.size());
      for (const Stored& o : stored) list.push_back(Value::string(o.internal_id));
      answer = Created{object_of({{"accepted", Value::integer(int64_t(stored.size()))}, {"ids", Value::array(std::move(list))}}), 200};
    } else {
      const Stored& o = stored.front();
      answer = Created{object_of({{"id", Value::string(o.internal_id)}, {"ID", Value::integer(o.short_id)},
                                  {"TenantID", Value::string(o.tenant)}, {"Status", Value::string(o.status)}}), 201};
    }
    if (idem)
      tx.insert_idempotency(store::IdempotencyRow{c.user, idem->key, idem->route, idem->request_hash, answer.status,
                                                  to_json(answer.body), now});
    return true;
  });
  if (problem) return *problem;
  if (!answer.replayed) {
    runtime_->apply(fx);
    (kind == ObjectKind::Alert ? stats_.alerts_ingested : stats_.incidents_ingested) += stored.size();
    if (listener_) {
      Value event = change_event(false, {kind == ObjectKind::Alert ? "alertCreated" : "incidentCreated"});
      for (const std::string& text : listened) listener_->on_object(kind, parse_stored(text), event);
    }
  }
  return answer;
}

Outcome<Value> Service::get_object(const Caller& c, ObjectKind kind, std::string_view id) {
  std::optional<std::string> json;
  store_.read([&](store::Tx& tx) {
    View v(tx, c);
    if (auto row = tx.object(kind, id); row && v.access().can_read(row->tenant)) json = row->json;
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
      if (!v.tree().exists(q.tenant) || !v.access().can_read(q.tenant)) {
        problem = not_found("tenant " + q.tenant);
        return;
      }
      f.tenants = {q.tenant};
    } else {
      f.tenants = v.access().tenants_where(Operation::Read);
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
  return page_of(rows, limit, [](const store::ObjectRow& r) { return parse_stored(r.json); });
}

Outcome<Value> Service::patch_object(const Caller& c, ObjectKind kind, std::string_view id, const Value& body) {
  std::optional<Problem> problem;
  Value after, event;
  bool changed = false;
  LaunchEffects fx;
  store_.write([&](store::Tx& tx) {
    View v(tx, c);
    auto row = tx.object(kind, id);
    if (!row || !v.access().can_read(row->tenant)) {
      problem = not_found(what(kind, id));
      return false;
    }
    if (!v.access().can(Operation::ChangeObject, row->tenant)) {
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
          if (!alert || !v.access().can_read(alert->tenant)) {
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
    store::ObjectChangeRow change{0, kind, row->internal_id, now, c.shown(), to_json(event), to_json(body)};
    tx.insert_change(change);
    fx = LaunchEffects();
    runtime_->match(tx, v.tree(), kind, after, event, now, fx);
    changed = true;
    return true;
  });
  if (problem) return *problem;
  if (changed) {
    runtime_->apply(fx);
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
    if (auto row = tx.object(kind, id); row && v.access().can_read(row->tenant)) changes = tx.changes(kind, id);
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
