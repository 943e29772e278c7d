// The document sinks: which one a call uses, and the embedded store's.
#include <fmt/format.h>

#include "actions/engine_port.h"
#include "actions/siem/siem_internal.h"
#include "value/json.h"

namespace riposte::actions::siem {

namespace {
// The embedded store, through the engine's port (quick: no deadline of its own).
class StoreSink : public DocumentSink {
 public:
  explicit StoreSink(EnginePort* engine) : engine_(engine) {}

  Outcome write(const Call& call, const Batch& batch) override {
    if (!engine_)
      return Outcome::error(
          Failure::Unbound,
          fmt::format("{} needs a document store: the engine's (run inside `riposte serve`/"
                      "`process`, or `riposte run --db FILE`) or an `index` section in --config "
                      "(an OpenSearch/Elasticsearch _bulk endpoint)",
                      call.type));
    if (call.cancel.cancelled()) return Outcome::error(Failure::Cancelled, call.type + ": cancelled");
    PortReply r =
        engine_->index_documents(call.context, call.idempotency_key, batch.index,
                                 to_json(Value::array(Array(batch.documents))), batch.update, batch.key);
    if (!r.ok)
      return Outcome::error(Failure::Action, fmt::format("{}: the store refused: {}", call.type, r.error));
    Value result = Value::object();
    JsonError err;
    if (Value parsed; parse_json(r.result_json, parsed, err) && parsed.is_object()) result = parsed;
    result.set("sink", Value::string("store"));
    result.set("index", Value::string(batch.index));
    result.set("documents", Value::integer(int64_t(batch.documents.size())));
    return Outcome::success(std::move(result));
  }

 private:
  EnginePort* engine_;
};
}  // namespace

std::unique_ptr<DocumentSink> make_store_sink(EnginePort* engine) {
  return std::make_unique<StoreSink>(engine);
}

std::unique_ptr<DocumentSink> sink_for(const BindingContext& context, const Call& call) {
  std::shared_ptr<const config::Connections> c = context.config->for_tenants(call.context.tenants);
  if (c->index) return make_bulk_sink(*c->index, c->allowed_hosts);
  return make_store_sink(context.engine);
}

}  // namespace riposte::actions::siem
