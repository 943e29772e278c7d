// The environments a program is compiled in, as data: which names a jq
// program, a trigger and an algorithm expression may call, and the host
// functions each one adds.  `riposte jq` gets everything; the programs a
// tenant writes (triggers, algorithm expressions) run inside the server and
// see none of its environment, files or inputs (docs/architecture.md,
// "Environments").
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "frontend/frontend.h"

namespace riposte::compiler {

enum class Environment : uint8_t {
  Jq,               // `riposte jq`: every builtin
  AlertTrigger,     // a trigger of scope alert: `event`, `alert`
  IncidentTrigger,  // a trigger of scope incident: `event`, `incident`
  Algorithm,        // an expression of a playbook algorithm: `alert`, `incident`
};

std::string_view environment_name(Environment env);    // "jq", "alert trigger", ...
std::string_view environment_phrase(Environment env);  // "a trigger", for diagnostics

// The capabilities of natives (stdlib/natives.def) a program of `env` may
// use: all for `riposte jq`; for triggers and algorithm expressions, pure
// functions and the clock only.
ir::CapabilitySet allowed_capabilities(Environment env);

// Globals behind the host functions; the space in each name keeps them out
// of reach of `$name` in jq text.
inline constexpr std::string_view kEventGlobal = "trigger event";
inline constexpr std::string_view kTriggerObjectGlobal = "trigger object";
inline constexpr std::string_view kAlertGlobal = "alert global";
inline constexpr std::string_view kIncidentGlobal = "incident global";

// Lowering options of `env`: the natives it may call, the jq-defined
// builtins (the prelude) and its host functions.  `global_vars` are the
// names the caller binds ($foo from --arg, without '$'; `riposte jq` only).
frontend::LowerOptions lower_options(Environment env, const std::vector<std::string>& global_vars = {});

}  // namespace riposte::compiler
