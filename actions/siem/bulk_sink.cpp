// The OpenSearch/Elasticsearch `_bulk` sink: one NDJSON request per call
// through the shared HTTP client (allow-list, deadline, cancellation,
// Idempotency-Key), basic authentication, the answer's `errors` checked.
#include <fmt/format.h>

#include "actions/http/client.h"
#include "actions/siem/siem_internal.h"
#include "value/json.h"

namespace riposte::actions::siem {

namespace {
constexpr size_t kMaxBody = size_t(64) << 20;      // bytes of NDJSON per call
constexpr size_t kMaxResponse = size_t(16) << 20;  // bytes of the _bulk answer read

std::string bulk_url(std::string_view base) {
  while (base.ends_with('/')) base.remove_suffix(1);
  return std::string(base) + "/_bulk";
}

std::string id_of(const Value& v) {
  return v.is_string() ? std::string(v.str()) : to_json(v);
}
std::string text(const Value* v) {
  return v ? id_of(*v) : "?";
}

// The action line of one document.
std::string action_line(const Batch& batch, const Value& doc, size_t n, std::string_view idempotency_key) {
  Value meta = Value::object();
  meta.set("_index", Value::string(batch.index));
  if (batch.update) {
    if (const Value* k = doc.find(batch.key); k && !k->is_null()) meta.set("_id", Value::string(id_of(*k)));
  } else if (!idempotency_key.empty()) {
    meta.set("_id", Value::string(fmt::format("{}-{}", idempotency_key, n)));
  }
  Value line = Value::object();
  line.set("index", std::move(meta));
  return to_json(line);
}

std::string item_failure(const Value& item, size_t i) {
  if (!item.is_object() || item.size() != 1) return {};
  const auto& [op, body] = *item.entries().begin();
  const Value* error = body.find("error");
  if (!error || error->is_null()) return {};
  std::string what = error->is_object()
                         ? fmt::format("{}: {}", text(error->find("type")), text(error->find("reason")))
                         : id_of(*error);
  const Value* status = body.find("status");
  const Value* id = body.find("_id");
  return fmt::format("item {} ({}{}) failed with status {}: {}", i, op,
                     id ? " _id " + id_of(*id) : std::string(), status ? to_json(*status) : "?", what);
}

class BulkSink : public DocumentSink {
 public:
  BulkSink(config::HttpPeerConfig peer, std::vector<std::string> allowed)
      : peer_(std::move(peer)), allowed_(std::move(allowed)) {}

  Outcome write(const Call& call, const Batch& batch) override {
    http::Request req;
    req.method = "POST";
    req.url = bulk_url(peer_.url);
    req.body = bulk_body(batch, call.idempotency_key);
    if (req.body.size() > kMaxBody)
      return Outcome::error(Failure::BadCall,
                            fmt::format("{}: the documents take {} bytes (at most {} per call)", call.type,
                                        req.body.size(), kMaxBody));
    req.headers = {{"Content-Type", "application/x-ndjson"}, {"Accept", "application/json"}};
    req.idempotency_key = call.idempotency_key;
    req.ca_file = peer_.ca_file;
    req.basic_user = peer_.username;
    req.basic_password = peer_.password;
    req.response_cap = kMaxResponse;
    http::Response r = http::perform(req, allowed_, call.deadline, call.cancel);
    if (r.failure != http::Failure::None) return failed(call.type, r);
    if (!r.ok())
      return Outcome::error(Failure::Action, fmt::format("{}: _bulk at {} answered HTTP {}: {}", call.type,
                                                         peer_.host, r.status, r.body.substr(0, 300)));
    if (std::string why = bulk_failure(r.body); !why.empty())
      return Outcome::error(Failure::Action,
                            fmt::format("{}: _bulk into {}: {}", call.type, batch.index, why));
    Value result = Value::object();
    result.set("sink", Value::string("bulk"));
    result.set("index", Value::string(batch.index));
    result.set("documents", Value::integer(int64_t(batch.documents.size())));
    return Outcome::success(std::move(result));
  }

 private:
  static Outcome failed(std::string_view type, const http::Response& r) {
    Failure f = r.failure == http::Failure::Timeout     ? Failure::Timeout
                : r.failure == http::Failure::Cancelled ? Failure::Cancelled
                                                        : Failure::Action;
    return Outcome::error(f, fmt::format("{}: _bulk: {}", type, r.error));
  }

  config::HttpPeerConfig peer_;
  std::vector<std::string> allowed_;
};
}  // namespace

std::string bulk_body(const Batch& batch, std::string_view idempotency_key) {
  std::string body;
  for (size_t i = 0; i < batch.documents.size(); ++i) {
    body += action_line(batch, batch.documents[i], i, idempotency_key);
    body += '\n';
    body += to_json(batch.documents[i]);
    body += '\n';
  }
  return body;
}

std::string bulk_failure(const std::string& response_body) {
  Value v;
  JsonError err;
  if (!parse_json(response_body, v, err) || !v.is_object())
    return "the answer is not a JSON object" +
           std::string(response_body.size() >= kMaxResponse ? " (truncated)" : "");
  const Value* errors = v.find("errors");
  if (!errors || !errors->truthy()) return {};
  const Value* items = v.find("items");
  for (size_t i = 0; items && i < items->size(); ++i)
    if (std::string why = item_failure(items->at(i), i); !why.empty()) return why;
  return "errors: true, no failed item named";
}

std::unique_ptr<DocumentSink> make_bulk_sink(config::HttpPeerConfig peer,
                                             std::vector<std::string> allowed_hosts) {
  return std::make_unique<BulkSink>(std::move(peer), std::move(allowed_hosts));
}

}  // namespace riposte::actions::siem
