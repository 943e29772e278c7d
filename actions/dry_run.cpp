// The dry-run binding: calls nothing; answers {"dryRun": true} or the mock.
#include "actions/bindings.h"
#include "actions/mocks.h"

namespace riposte::actions {

namespace {
class DryRunBinding : public Binding {
 public:
  DryRunBinding(const ActionSchema& schema, std::optional<std::string> mock)
      : Binding(schema), mock_(std::move(mock)) {}

  Outcome invoke(const Call& call) override {
    if (call.cancel.cancelled()) return Outcome::error(Failure::Cancelled, "cancelled");
    if (mock_) return mock_outcome(*mock_, call.asset);
    return Outcome::success(Value::object(Object{{"dryRun", Value::boolean(true)}}));
  }

 private:
  std::optional<std::string> mock_;  // JSON text, parsed per call (Values are per thread)
};
}  // namespace

std::unique_ptr<Binding> make_dry_run_binding(const ActionSchema& schema, std::optional<std::string> mock_json) {
  return std::make_unique<DryRunBinding>(schema, std::move(mock_json));
}

}  // namespace riposte::actions
