#include "engine/change_event.h"

#include <algorithm>
#include <array>

#include "engine/body.h"
#include "engine/resources.h"

namespace riposte::engine {
namespace {

using store::ObjectKind;
using Names = std::vector<std::string_view>;

const Names kAlertStatuses = {"new", "inProgress", "closed"};
const Names kIncidentStatuses = {"open", "inProgress", "hold", "closed"};
const Names kResolutions = {"truePositive", "falsePositive", "lowPriority", "merged"};
const Names kPriorities = {"critical", "high", "medium", "low"};
const Names kLinkTypes = {"auto", "manual"};

std::string list_of(const Names& set) {
  std::string s;
  for (std::string_view v : set) s += (s.empty() ? "" : ", ") + std::string(v);
  return s;
}

// The operations of one change, each once, in the order they were found.
struct Ops {
  std::vector<std::string> list;
  void add(std::string_view op) {
    if (std::find(list.begin(), list.end(), op) == list.end()) list.emplace_back(op);
  }
};

// Applies one PATCH body to one object: each field reader checks its value
// and records the operations of what actually changed.
class Change {
 public:
  Change(const Value& patch, Value object, const std::string& now) : r_(patch), obj_(std::move(object)), now_(now) {}

  BodyReader& reader() { return r_; }
  Value& object() { return obj_; }
  Ops& ops() { return ops_; }

  std::string_view current(std::string_view key) const {
    const Value* v = obj_.find(key);
    return v ? v->str() : std::string_view();
  }

  // A string from `allowed` (or any string when empty; null clears it when
  // `nullable`); the new value when it changed.
  std::optional<std::string> choice(std::string_view key, const Names& allowed, bool nullable) {
    const Value* v = r_.nullable(key);
    if (!v) return std::nullopt;
    if (v->is_null() && nullable) return set(key, Value::null()) ? std::optional<std::string>("") : std::nullopt;
    if (!v->is_string()) {
      r_.wrong_type(r_.path_of(key), nullable ? "a string or null" : "a string", *v);
      return std::nullopt;
    }
    if (!allowed.empty() && std::find(allowed.begin(), allowed.end(), v->str()) == allowed.end()) {
      r_.refuse(r_.path_of(key), "must be one of " + list_of(allowed));
      return std::nullopt;
    }
    return set(key, *v) ? std::optional<std::string>(std::string(v->str())) : std::nullopt;
  }

  // Sets key (null removes it); true when the stored value changed.
  bool set(std::string_view key, const Value& v) {
    const Value* old = obj_.find(key);
    if (v.is_null()) {
      if (!old) return false;
      obj_.erase(key);
      return true;
    }
    if (old && *old == v) return false;
    obj_.set(key, v);
    return true;
  }

  // {"ID": S, "Name": S}
  bool person_ok(const Value& v, const std::string& path) {
    if (v.is_object() && v.find("ID") && v.find("ID")->is_string()) {
      const Value* name = v.find("Name");
      bool only_known = std::all_of(v.entries().begin(), v.entries().end(),
                                    [](const auto& e) { return e.first == "ID" || e.first == "Name"; });
      if ((!name || name->is_string()) && only_known) return true;
    }
    r_.wrong_type(path, "{\"ID\": string, \"Name\": string}", v);
    return false;
  }

  void status_changed(std::string_view before, const std::string& after) {
    obj_.set("StatusChangedAt", Value::string(now_));
    (void)before;
    (void)after;
  }

 private:
  BodyReader r_;
  Value obj_;
  std::string now_;
  Ops ops_;
};

void alert_fields(Change& ch) {
  BodyReader& r = ch.reader();
  std::string before(ch.current("Status"));
  if (auto s = ch.choice("Status", kAlertStatuses, false)) {
    ch.status_changed(before, *s);
    if (before == "closed") ch.ops().add("alertReopened");
    ch.ops().add(*s == "new" ? "alertChangedToNew" : *s == "inProgress" ? "alertChangedToInProgress" : "alertChangedToClosed");
  }
  ch.choice("StatusResolution", kResolutions, true);
  if (const Value* a = r.nullable("Assignee")) {
    bool ok = a->is_null() || a->is_array();
    if (!ok) r.wrong_type("Assignee", "an array of {\"ID\", \"Name\"} or null", *a);
    for (size_t i = 0; ok && i < a->size(); ++i) ok = ch.person_ok(a->at(i), index_path("Assignee", i));
    if (ok) {
      bool was = ch.object().find("Assignee") && ch.object().find("Assignee")->size() > 0;
      Value next = a->is_null() ? Value::array() : *a;
      if (ch.set("Assignee", next)) {
        if (next.size() > 0) ch.ops().add("alertAssigned");
        else if (was) ch.ops().add("alertUnassigned");
      }
    }
  }
  std::optional<std::string> link_type;
  if (const Value* t = r.nullable("IncidentLinkType")) {
    if (!t->is_string() || std::find(kLinkTypes.begin(), kLinkTypes.end(), t->str()) == kLinkTypes.end())
      r.refuse("IncidentLinkType", "must be one of " + list_of(kLinkTypes));
    else link_type = std::string(t->str());
  }
  if (const Value* inc = r.nullable("IncidentID")) {
    if (!inc->is_null() && !inc->is_string()) r.wrong_type("IncidentID", "a string or null", *inc);
    else if (inc->is_null()) {
      if (ch.set("IncidentID", Value::null())) {
        ch.set("IncidentLinkType", Value::null());
        if (ch.current("Status") == "inIncident") ch.set("Status", Value::string("inProgress"));
        ch.ops().add("alertUnlinkedFromIncident");
      }
    } else if (ch.set("IncidentID", *inc)) {
      std::string type = link_type.value_or("manual");
      ch.set("IncidentLinkType", Value::string(type));
      ch.set("Status", Value::string("inIncident"));
      ch.ops().add(type == "manual" ? "alertLinkedWithIncidentManually" : "alertLinkedWithIncidentBySystem");
    }
  } else if (link_type) {
    r.refuse("IncidentLinkType", "only together with IncidentID");
  }
  if (const Value* e = r.nullable("ExternalReference")) {
    if (!e->is_null() && !e->is_string()) r.wrong_type("ExternalReference", "a string or null", *e);
    else if (ch.set("ExternalReference", *e)) ch.ops().add("alertExternalReferenceChanged");
  }
  if (const Value* d = r.nullable("AdditionalData")) {
    if (!d->is_null() && !d->is_object()) r.wrong_type("AdditionalData", "an object or null", *d);
    else if (ch.set("AdditionalData", *d)) ch.ops().add("alertAdditionalDataChanged");
  }
}

void incident_fields(Change& ch) {
  BodyReader& r = ch.reader();
  std::string before(ch.current("Status"));
  if (auto s = ch.choice("Status", kIncidentStatuses, false)) {
    ch.status_changed(before, *s);
    if (before == "closed") ch.ops().add("incidentReopened");
    ch.ops().add("incidentStatusChanged");
  }
  ch.choice("StatusResolution", kResolutions, true);
  if (ch.choice("Priority", kPriorities, false)) ch.ops().add("incidentPriorityChanged");
  if (const Value* a = r.nullable("Assignee")) {
    if (a->is_null() || ch.person_ok(*a, "Assignee")) {
      bool was = ch.object().find("Assignee") != nullptr;
      if (ch.set("Assignee", *a)) {
        if (!a->is_null()) ch.ops().add("incidentAssigned");
        else if (was) ch.ops().add("incidentUnassigned");
      }
    }
  }
  // addAlerts: whole alert objects (engine/objects.cpp resolves the ids the
  // client sends); removeAlerts: InternalIDs.
  if (const Value* add = r.array("addAlerts")) {
    Value alerts = ch.object().find("Alerts") ? *ch.object().find("Alerts") : Value::array();
    if (!alerts.is_array()) alerts = Value::array();
    bool added = false;
    for (const Value& a : add->items()) {
      const Value* id = a.find("InternalID");
      bool present = std::any_of(alerts.items().begin(), alerts.items().end(),
                                 [&](const Value& x) { return id && x.find("InternalID") && *x.find("InternalID") == *id; });
      if (present) continue;
      if (alerts.size() >= 200) {
        r.refuse("addAlerts", "an incident holds at most 200 alerts");
        break;
      }
      alerts.mutable_items().push_back(a);
      added = true;
    }
    if (added) {
      ch.set("Alerts", alerts);
      ch.ops().add("incidentAlertsAdded");
    }
  }
  if (auto remove = r.strings("removeAlerts")) {
    const Value* alerts = ch.object().find("Alerts");
    if (alerts && alerts->is_array()) {
      Array kept;
      for (const Value& a : alerts->items()) {
        const Value* id = a.find("InternalID");
        bool drop = id && std::find(remove->begin(), remove->end(), id->str()) != remove->end();
        if (!drop) kept.push_back(a);
      }
      if (kept.size() != alerts->size()) {
        ch.set("Alerts", Value::array(std::move(kept)));
        ch.ops().add("incidentAlertsRemoved");
      }
    }
  }
  if (const Value* e = r.nullable("ExternalReference")) {
    if (!e->is_null() && !e->is_string()) r.wrong_type("ExternalReference", "a string or null", *e);
    else if (ch.set("ExternalReference", *e)) ch.ops().add("incidentExternalReferenceChanged");
  }
  if (const Value* d = r.nullable("AdditionalData")) {
    if (!d->is_null() && !d->is_object()) r.wrong_type("AdditionalData", "an object or null", *d);
    else if (ch.set("AdditionalData", *d)) ch.ops().add("incidentAdditionalDataChanged");
  }
}

}  // namespace

Outcome<AppliedChange> apply_change(ObjectKind kind, const Value& object, const Value& patch, const std::string& now) {
  Change ch(patch, object, now);
  BodyReader& r = ch.reader();
  std::string before(ch.current("Status"));
  bool alert = kind == ObjectKind::Alert;
  AppliedChange out;
  out.manual = r.boolean("manual").value_or(false);
  auto comment = r.string("comment");
  if (comment && comment->empty()) r.refuse("comment", "must not be empty");
  if (alert) alert_fields(ch);
  else incident_fields(ch);
  if (auto p = r.finish()) return *p;
  if (before == "closed" && ch.current("Status") == "closed")
    return conflict(std::string("a closed ") + (alert ? "alert" : "incident") +
                    " cannot be edited; reopen it first (change its Status)");
  if (comment) {
    ch.ops().add(alert ? "alertCommentAdded" : "incidentCommentAdded");
    out.comment = *comment;
  }
  out.operations = std::move(ch.ops().list);
  if (!out.operations.empty()) ch.object().set("UpdatedAt", Value::string(now));
  out.object = std::move(ch.object());
  return out;
}

Value change_event(bool manual, const std::vector<std::string>& operations) {
  return object_of({{"manual", Value::boolean(manual)}, {"updateOperations", strings_array(operations)}});
}

}  // namespace riposte::engine
