// The real mode's placeholder for connectors not written yet.
#include <fmt/format.h>

#include "actions/bindings.h"

namespace riposte::actions {

namespace {
class UnboundBinding : public Binding {
 public:
  using Binding::Binding;
  Outcome invoke(const Call&) override {
    return Outcome::error(Failure::Unbound, fmt::format("no real binding for {} yet", type()));
  }
};
}  // namespace

std::unique_ptr<Binding> make_unbound_binding(const ActionSchema& schema) {
  return std::make_unique<UnboundBinding>(schema);
}

}  // namespace riposte::actions
