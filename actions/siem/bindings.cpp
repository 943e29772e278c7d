// The index-writing bindings: indexEvents, mitreTechnique, riskScore and
// mitreRiskScore.  Each checks its parameters, shapes its documents and
// hands them to the call's sink (the embedded store or a _bulk endpoint).
// The factory, make_siem_bindings, is declared in actions/bindings.h.
#include <fmt/format.h>

#include <cmath>

#include "actions/engine_port.h"
#include "actions/siem/siem_internal.h"

namespace riposte::actions::siem {

namespace {
// Fills `batch` from the parameters; problems go to `p`.
using Build = void (*)(Params& p, const Call& call, EnginePort* engine, Batch& batch);

void index_name(Params& p, std::string_view param, std::string name, Batch& batch) {
  if (std::string why = check_index_name(name); !why.empty()) p.fail(param, why);
  batch.index = std::move(name);
}

// The results a call writes: all, or the first with runOnce.
std::vector<Value> chosen_results(Params& p, bool run_once) {
  std::vector<Value> results = p.results();
  if (run_once && results.size() > 1) results.resize(1);
  return results;
}

void build_index_events(Params& p, const Call&, EnginePort*, Batch& b) {
  index_name(p, "index", p.string("index", true).value_or(""), b);
  b.update = p.boolean("update");
  if (auto key = p.string("key")) b.key = *key;
  if (b.update && b.key.empty())
    p.fail("key", "is required when update is true (the field naming a document)");
  for (Value& r : chosen_results(p, p.boolean("runOnce"))) {
    if (r.is_object()) {
      b.documents.push_back(std::move(r));
    } else {
      Value doc = Value::object();
      doc.set("result", std::move(r));
      b.documents.push_back(std::move(doc));
    }
  }
}

void build_mitre(Params& p, const Call& call, EnginePort* engine, Batch& b) {
  b.index = "mitre";
  MitreTags t;
  t.name = p.string("name");
  t.rule = p.string("rule");
  t.layer = p.string("layer");
  t.techniques = p.strings("techniques", true);
  if (p.ok() && t.techniques.empty()) p.fail("techniques", "needs at least one technique");
  for (size_t i = 0; i < t.techniques.size(); ++i)
    if (std::string why = check_technique_id(t.techniques[i]); !why.empty())
      p.fail(fmt::format("techniques[{}]", i), why);
  t.severity = p.choice("severity", {"low", "medium", "high"});
  t.additional = p.object("additionalFields");
  std::vector<Value> results = chosen_results(p, p.boolean("runOnce"));
  if (!p.ok()) return;
  if (engine) t.incident_id = engine->incident_created_by(call.context);
  const std::string now = now_timestamp();
  if (results.empty()) b.documents.push_back(mitre_document(nullptr, t, call.context, now));
  for (const Value& r : results) b.documents.push_back(mitre_document(&r, t, call.context, now));
}

std::optional<double> finite_score(Params& p) {
  std::optional<double> s = p.number("score", true);
  if (s && !std::isfinite(*s)) p.fail("score", "must be a finite number");
  return s;
}

void risk_documents(Params& p, const RiskTags& t, bool run_once, const Call& call, Batch& b) {
  std::vector<Value> results = chosen_results(p, run_once);
  if (!p.ok()) return;
  const std::string now = now_timestamp();
  if (results.empty()) b.documents.push_back(risk_document(nullptr, t, call.context, now));
  for (const Value& r : results) b.documents.push_back(risk_document(&r, t, call.context, now));
}

void build_risk_score(Params& p, const Call& call, EnginePort*, Batch& b) {
  RiskTags t;
  t.score = finite_score(p).value_or(0);
  index_name(p, "index", p.string("index").value_or("risk"), b);
  t.fields = p.object("resultFields");
  t.scoring_type = p.string("scoringType");
  risk_documents(p, t, false, call, b);
}

void build_mitre_risk_score(Params& p, const Call& call, EnginePort*, Batch& b) {
  b.index = "risk";
  RiskTags t;
  t.name = p.string("name");
  t.category = p.choice("category", {"system", "user", "both"}, true);
  t.score = finite_score(p).value_or(0);
  if (auto f = p.number("fidelity")) {
    if (!(*f >= 0 && *f <= 1)) p.fail("fidelity", fmt::format("must be from 0 to 1, got {}", *f));
    t.fidelity = *f;
  }
  t.fields = p.object("additionalFields");
  risk_documents(p, t, p.boolean("runOnce"), call, b);
}

class IndexBinding : public Binding {
 public:
  IndexBinding(const ActionSchema& schema, const BindingContext& context, Build build)
      : Binding(schema), context_(context), build_(build) {}

  Outcome invoke(const Call& call) override {
    Params p(call.params);
    Batch batch;
    build_(p, call, context_.engine, batch);
    if (!p.ok()) return Outcome::error(Failure::BadCall, fmt::format("{}: {}", call.type, p.error()));
    if (call.cancel.cancelled()) return Outcome::error(Failure::Cancelled, call.type + ": cancelled");
    if (batch.documents.empty()) {  // no results: nothing to write
      Value result = Value::object();
      result.set("index", Value::string(batch.index));
      result.set("documents", Value::integer(0));
      return Outcome::success(std::move(result));
    }
    return sink_for(context_, call)->write(call, batch);
  }

 private:
  BindingContext context_;
  Build build_;
};
}  // namespace

std::unique_ptr<Binding> make_siem_bindings(const ActionSchema& schema, const BindingContext& context) {
  struct Entry {
    std::string_view type;
    Build build;
  };
  static constexpr Entry kIndexers[] = {{"indexEvents", build_index_events},
                                        {"mitreTechnique", build_mitre},
                                        {"riskScore", build_risk_score},
                                        {"mitreRiskScore", build_mitre_risk_score}};
  for (const Entry& e : kIndexers)
    if (schema.type == e.type) return std::make_unique<IndexBinding>(schema, context, e.build);
  if (schema.type == "logEvents") return make_log_events_binding(schema, context);
  return nullptr;
}

}  // namespace riposte::actions::siem
