// The real writeToDatabase binding (spec/actions.md; docs/
// actions-database.md): parameters checked into a plan, then the plan
// written by the writer of the connection's kind; the result is
// {"connection", "table", "rows"} with the rows actually inserted.
#include <fmt/format.h>

#include "actions/database/database_internal.h"

namespace riposte::actions::database {
namespace {

class WriteBinding final : public Binding {
 public:
  WriteBinding(const ActionSchema& schema, const BindingContext& context)
      : Binding(schema), context_(context) {}

  Outcome invoke(const Call& call) override {
    try {
      return write(call);
    } catch (const std::exception& e) {  // out of memory: an outcome, never an exception
      return Outcome::error(Failure::Action, fmt::format("writeToDatabase: {}", e.what()));
    }
  }

 private:
  Outcome write(const Call& call) {
    std::shared_ptr<const config::Connections> connections =
        context_.config->for_tenants(call.context.tenants);
    WritePlan plan;
    if (std::string e = make_plan(call.params, *connections, plan); !e.empty())
      return Outcome::error(Failure::BadCall, e);
    if (call.cancel.cancelled()) return Outcome::error(Failure::Cancelled, "writeToDatabase: cancelled");
    const WriteResult r =
        plan.db->sqlite() ? write_sqlite(plan, call) : write_postgres(plan, call, *connections);
    Value result = Value::object();
    result.set("connection", Value::string(plan.db->name));
    result.set("table", Value::string(plan.table_text));
    result.set("rows", Value::integer(int64_t(r.rows)));
    if (r.failure != Failure::None) return Outcome::error(r.failure, r.message, result);
    return Outcome::success(result);
  }

  BindingContext context_;
};

}  // namespace

std::unique_ptr<Binding> make_write_binding(const ActionSchema& schema, const BindingContext& context) {
  return std::make_unique<WriteBinding>(schema, context);
}

std::unique_ptr<Binding> make_database_bindings(const ActionSchema& schema, const BindingContext& context) {
  if (schema.type == "writeToDatabase") return make_write_binding(schema, context);
  return nullptr;
}

}  // namespace riposte::actions::database
