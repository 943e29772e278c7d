#include "actions/registry.h"

#include <fmt/format.h>

#include <algorithm>

#include "actions/bindings.h"
#include "actions/mocks.h"

namespace riposte::actions {

std::optional<Mode> parse_mode(std::string_view text) {
  if (text == "dry-run") return Mode::DryRun;
  if (text == "real") return Mode::Real;
  return std::nullopt;
}

std::string_view mode_name(Mode m) { return m == Mode::DryRun ? "dry-run" : "real"; }

namespace {
bool by_type(const std::unique_ptr<Binding>& b, std::string_view type) { return b->type() < type; }

// Each group of real bindings (actions/bindings.h); the first that has the type wins.
constexpr RealFactory kRealFactories[] = {
    make_script_bindings,
    http::make_http_bindings,
    endpoint::make_endpoint_bindings,
    engine_acts::make_engine_bindings,
    ldap::make_ldap_bindings,
    database::make_database_bindings,
    siem::make_siem_bindings,
    email::make_mail_bindings,
};

std::unique_ptr<Binding> real_binding(const ActionSchema& action, const BindingContext& context) {
  for (RealFactory make : kRealFactories)
    if (std::unique_ptr<Binding> b = make(action, context)) return b;
  return make_unbound_binding(action);
}
}  // namespace

Binding* Registry::find(std::string_view type) const {
  auto it = std::lower_bound(bindings_.begin(), bindings_.end(), type, by_type);
  return it != bindings_.end() && (*it)->type() == type ? it->get() : nullptr;
}

void Registry::bind(std::unique_ptr<Binding> binding) {
  auto it = std::lower_bound(bindings_.begin(), bindings_.end(), binding->type(), by_type);
  if (it != bindings_.end() && (*it)->type() == binding->type())
    *it = std::move(binding);
  else
    bindings_.insert(it, std::move(binding));
}

std::vector<std::string_view> Registry::types() const {
  std::vector<std::string_view> out;
  for (const auto& b : bindings_) out.push_back(b->type());
  return out;
}

Pending Registry::start(const Call& call) const {
  Binding* b = find(call.type);
  if (!b) return Pending::done(Outcome::error(Failure::Unbound, fmt::format("no binding for action type \"{}\"", call.type)));
  return actions::start(*b, call);
}

Outcome Registry::call(const Call& call) const { return masked(start(call).wait()); }

Outcome Registry::masked(Outcome outcome) const {
  if (!config_ || !config_->has_secrets()) return outcome;
  outcome.result = config_->mask(outcome.result);
  outcome.message = config_->mask(outcome.message);
  return outcome;
}

MadeRegistry make_registry(const RegistryOptions& options) {
  MadeRegistry out;
  Mocks mocks;
  if (!options.mocks_json.empty()) {
    if (options.mode != Mode::DryRun) {
      out.error = "mocks apply to --bindings dry-run only";
      return out;
    }
    mocks = parse_mocks(options.mocks_json);
    if (!mocks.error.empty()) {
      out.error = std::move(mocks.error);
      return out;
    }
  }
  auto registry = std::make_unique<Registry>();
  BindingContext context{.config = options.config ? options.config : std::make_shared<config::ActionConfig>(),
                         .engine = options.engine,
                         .script = options.script};
  registry->set_config(context.config);
  for (const ActionSchema& action : all_actions()) {
    if (options.mode == Mode::Real) {
      registry->bind(real_binding(action, context));
      continue;
    }
    std::optional<std::string> mock;
    if (auto it = mocks.by_type.find(action.type); it != mocks.by_type.end()) mock = it->second;
    registry->bind(make_dry_run_binding(action, std::move(mock)));
  }
  out.registry = std::move(registry);
  return out;
}

}  // namespace riposte::actions
