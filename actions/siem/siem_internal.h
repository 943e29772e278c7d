// Shared by the SIEM's active-action bindings of actions/siem/ (indexEvents,
// mitreTechnique, riskScore, mitreRiskScore, logEvents; docs/actions-siem.md):
// the checks of index names and ATT&CK IDs, the parameter reader, the
// document shapes, the document sinks and the job log.  Internal to
// actions/siem/.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "actions/binding.h"
#include "actions/bindings.h"
#include "actions/config/config.h"

namespace riposte::actions::siem {

// ---- names (names.cpp)

// "" when `name` is a valid OpenSearch index name, else why not.
std::string check_index_name(std::string_view name);
// "" when `id` is an ATT&CK technique or sub-technique ID (T1059, T1059.001),
// else why not (a tactic, TA0001, is refused: the field holds techniques).
std::string check_technique_id(std::string_view id);
// Now as RFC 3339 UTC with milliseconds ("2026-12-04T23:59:01.123Z").
std::string now_timestamp();

// ---- parameters (params.cpp)

// The evaluated parameters, checked here (a `${ }` value is known only
// now).  The first problem is kept as "params.<path>: <what>".
class Params {
 public:
  explicit Params(const Value& v) : v_(v) {}
  bool ok() const { return error_.empty(); }
  const std::string& error() const { return error_; }
  void fail(std::string_view path, std::string_view what);

  const Value* get(std::string_view name) const;  // null when absent or null
  std::optional<std::string> string(std::string_view name, bool required = false);
  bool boolean(std::string_view name);
  std::optional<double> number(std::string_view name, bool required = false);
  Value object(std::string_view name);  // an object, {} when absent
  std::optional<std::string> choice(std::string_view name, std::initializer_list<std::string_view> choices,
                                    bool required = false);
  std::vector<std::string> strings(std::string_view name, bool required = false);
  // `results`: absent = none; an array = its items; any other value = one result.
  std::vector<Value> results();

 private:
  const Value& v_;
  std::string error_;
};

// At most this many documents or log lines per call (more is a bad call).
constexpr size_t kMaxResults = 10000;

// ---- documents (documents.cpp)

struct MitreTags {
  std::optional<std::string> name, rule, layer, severity;
  std::vector<std::string> techniques;
  Value additional = Value::object();
  std::optional<std::string> incident_id;
};
// One `mitre` document: the result's fields (a non-object result under
// "result"), then additionalFields, then the tags (the tags win).
Value mitre_document(const Value* result, const MitreTags& tags, const CallContext& ctx,
                     const std::string& now);

struct RiskTags {
  double score = 0;
  double fidelity = 1;
  std::optional<std::string> name, category, scoring_type;
  Value fields = Value::object();  // additionalFields (mitreRiskScore) or resultFields (riskScore)
};
// The risked object of a result: {"host": ..., "user": ...} by category
// ("system": host only, "user": user only, both or none: both), members only
// when the result has them.
Value risk_object(const Value* result, std::string_view category);
// One `risk` document (docs/actions-siem.md, "Risk documents").
Value risk_document(const Value* result, const RiskTags& tags, const CallContext& ctx,
                    const std::string& now);

// ---- sinks (sink.cpp, store_sink.cpp, bulk_sink.cpp)

struct Batch {
  std::string index;
  std::vector<Value> documents;  // objects
  bool update = false;
  std::string key;  // update: the field naming a document
};

// Where documents go: the embedded store (the engine's port) when the
// --config file has no `index`, else its OpenSearch/Elasticsearch `_bulk`.
class DocumentSink {
 public:
  virtual ~DocumentSink() = default;
  // Success {"index", "sink", "written", ...}, or an error.
  virtual Outcome write(const Call& call, const Batch& batch) = 0;
};
std::unique_ptr<DocumentSink> make_store_sink(EnginePort* engine);
std::unique_ptr<DocumentSink> make_bulk_sink(config::HttpPeerConfig peer,
                                             std::vector<std::string> allowed_hosts);
std::unique_ptr<DocumentSink> sink_for(const BindingContext& context, const Call& call);

// The NDJSON body of a _bulk request (bulk_sink.cpp; exposed for tests).
// Update: `_id` is the document's `key` field (a string as is, other values
// as JSON text); append: `_id` is "<idempotency key>-<n>" so that a retried
// call replaces what its first try wrote (no `_id` without a key).
std::string bulk_body(const Batch& batch, std::string_view idempotency_key);
// "" when a _bulk answer says every item succeeded, else the first failure.
std::string bulk_failure(const std::string& response_body);

// ---- the job log (job_log.cpp)

// Appends `lines` (each without its newline) to the log, rotating before a
// line that would take the file past max_bytes: PATH.keep-1 -> PATH.keep ...
// PATH -> PATH.1 (the oldest is replaced), then a new PATH.  One
// process-wide mutex; O_APPEND; each line one write.  "" or why not.
std::string append_job_log(const config::JobLogConfig& log, const std::vector<std::string>& lines);

// ---- bindings (bindings.cpp, log_events.cpp)
std::unique_ptr<Binding> make_log_events_binding(const ActionSchema& schema, const BindingContext& context);

}  // namespace riposte::actions::siem
