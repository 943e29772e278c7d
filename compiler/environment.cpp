// The environments: natives filtered by what each may call, plus the host
// functions of triggers and algorithm expressions.
#include "compiler/environment.h"

#include "stdlib/natives.h"

namespace riposte::compiler {

ir::CapabilitySet allowed_capabilities(Environment env) {
  using ir::Capability;
  switch (env) {
    case Environment::Jq:
      return ir::kAllCapabilities;
    case Environment::AlertTrigger:
    case Environment::IncidentTrigger:
    case Environment::Algorithm:
      // triggers.md: `now`, `todate`, `mktime`, ... as in gojq; nothing of
      // the server (environment, input stream, files, stderr, process).
      return ir::capability_bit(Capability::None) | ir::capability_bit(Capability::Time);
  }
  return ir::capability_bit(Capability::None);
}

std::string_view environment_phrase(Environment env) {
  switch (env) {
    case Environment::Jq: return "jq";
    case Environment::AlertTrigger:
    case Environment::IncidentTrigger: return "a trigger";
    case Environment::Algorithm: return "an algorithm expression";
  }
  return "this program";
}

std::string_view environment_name(Environment env) {
  switch (env) {
    case Environment::Jq:
      return "jq";
    case Environment::AlertTrigger:
      return "alert trigger";
    case Environment::IncidentTrigger:
      return "incident trigger";
    case Environment::Algorithm:
      return "algorithm expression";
  }
  return "?";
}

frontend::LowerOptions lower_options(Environment env, const std::vector<std::string>& global_vars) {
  frontend::LowerOptions opt;
  opt.natives.facts = stdlib::native_facts;
  opt.natives.allowed = allowed_capabilities(env);
  opt.natives.environment = environment_phrase(env);
  opt.prelude = stdlib::builtins_jq_source();
  switch (env) {
    case Environment::Jq:
      opt.global_vars = global_vars;
      break;
    case Environment::AlertTrigger:
    case Environment::IncidentTrigger:
      opt.global_functions.push_back({"event", std::string(kEventGlobal)});
      opt.global_functions.push_back(
          {env == Environment::AlertTrigger ? "alert" : "incident", std::string(kTriggerObjectGlobal)});
      break;
    case Environment::Algorithm:
      opt.global_functions.push_back({"alert", std::string(kAlertGlobal)});
      opt.global_functions.push_back({"incident", std::string(kIncidentGlobal)});
      break;
  }
  return opt;
}

}  // namespace riposte::compiler
