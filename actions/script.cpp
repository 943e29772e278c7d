// The real executeCustomScript binding: parameters -> run_process -> the
// outcome (docs/actions.md, "executeCustomScript").
#include "actions/script.h"

#include <fmt/format.h>

#include <cstring>

#include "actions/argv_split.h"
#include "actions/bindings.h"
#include "actions/process.h"

namespace riposte::actions {

namespace {
// A string parameter: `out` set and "" returned, or why not.
std::string string_param(std::string_view type, const Value& params, std::string_view name, bool required,
                         std::string& out) {
  const Value* v = params.find(name);
  if (!v) return required ? fmt::format("{}: params.{} is required", type, name) : std::string();
  if (!v->is_string()) return fmt::format("{}: params.{} must be a string, got {}", type, name, v->type_name());
  out = std::string(v->str());
  return {};
}

// The process to run for these parameters, or why there is none.
std::string make_spec(const Call& call, size_t cap, ProcessSpec& spec) {
  std::string program, parameters;
  std::string why = string_param(call.type, call.params, "commandLine", true, program);
  if (why.empty()) why = string_param(call.type, call.params, "commandLineParameters", false, parameters);
  if (why.empty()) why = string_param(call.type, call.params, "stdIn", false, spec.stdin_data);
  if (why.empty()) why = string_param(call.type, call.params, "workingDirectory", false, spec.working_directory);
  if (!why.empty()) return why;
  if (program.empty()) return call.type + ": params.commandLine is empty";
  SplitArgs args = split_args(parameters);
  if (!args.error.empty()) return fmt::format("{}: {}", call.type, args.error);
  spec.argv.push_back(std::move(program));
  spec.argv.insert(spec.argv.end(), args.words.begin(), args.words.end());
  if (!call.idempotency_key.empty()) spec.env.push_back("RIPOSTE_IDEMPOTENCY_KEY=" + call.idempotency_key);
  spec.deadline = call.deadline;
  spec.cancel = call.cancel;
  spec.output_cap = cap;
  return {};
}

Value captured_text(const Captured& c) {
  if (c.dropped == 0) return Value::string(c.text);
  return Value::string(fmt::format("{}\n[riposte: output truncated, {} more bytes]", c.text, c.dropped));
}

Value result_of(const ProcessResult& r) {
  Object o;
  o.emplace("exitCode", r.signal ? Value() : Value::integer(r.exit_code));
  o.emplace("stdout", captured_text(r.out));
  o.emplace("stderr", captured_text(r.err));
  if (r.signal) o.emplace("signal", Value::integer(r.signal));
  if (r.timed_out) o.emplace("timedOut", Value::boolean(true));
  if (r.out.dropped) o.emplace("stdoutTruncated", Value::integer(int64_t(r.out.dropped)));
  if (r.err.dropped) o.emplace("stderrTruncated", Value::integer(int64_t(r.err.dropped)));
  return Value::object(std::move(o));
}

Outcome outcome_of(std::string_view type, const ProcessResult& r) {
  if (!r.spawn_error.empty()) return Outcome::error(Failure::Action, std::string(type) + ": " + r.spawn_error);
  Value result = result_of(r);
  if (r.timed_out)
    return Outcome::error(Failure::Timeout, fmt::format("{}: deadline exceeded, process group killed", type), result);
  if (r.cancelled) return Outcome::error(Failure::Cancelled, fmt::format("{}: cancelled, process group killed", type), result);
  if (r.signal)
    return Outcome::error(Failure::Action, fmt::format("{}: killed by signal {} ({})", type, r.signal,
                                                       strsignal(r.signal)), result);
  if (r.exit_code != 0)
    return Outcome::error(Failure::Action, fmt::format("{}: exited with code {}", type, r.exit_code), result);
  return Outcome::success(std::move(result));
}

class ScriptBinding : public Binding {
 public:
  ScriptBinding(const ActionSchema& schema, const ScriptOptions& options) : Binding(schema), options_(options) {}

  Outcome invoke(const Call& call) override {
    ProcessSpec spec;
    if (std::string why = make_spec(call, options_.output_cap, spec); !why.empty())
      return Outcome::error(Failure::BadCall, std::move(why));
    return outcome_of(call.type, run_process(spec));
  }

 private:
  ScriptOptions options_;
};
}  // namespace

std::unique_ptr<Binding> make_script_binding(const ScriptOptions& options) {
  return std::make_unique<ScriptBinding>(*find_action("executeCustomScript"), options);
}

// executeCustomScript and the SIEM's runScript ("as executeCustomScript").
std::unique_ptr<Binding> make_script_bindings(const ActionSchema& schema, const BindingContext& context) {
  if (schema.type != "executeCustomScript" && schema.type != "runScript") return nullptr;
  return std::make_unique<ScriptBinding>(schema, context.script);
}

}  // namespace riposte::actions
