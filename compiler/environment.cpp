// The environments: natives filtered by what each may call, plus the host
// functions of triggers and algorithm expressions.
#include "compiler/environment.h"

#include "stdlib/natives.h"

namespace riposte::compiler {
namespace {

bool native_exists(std::string_view name, unsigned arity) {
  return stdlib::find_native(name, arity) != nullptr;
}

bool native_is_value_function(std::string_view name, unsigned arity) {
  const stdlib::NativeInfo* info = stdlib::find_native(name, arity);
  return info != nullptr && info->kind == stdlib::NativeKind::Function;
}

}  // namespace

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
  opt.natives.exists = native_exists;
  opt.natives.is_value_function = native_is_value_function;
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
