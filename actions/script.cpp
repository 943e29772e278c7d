// The real executeCustomScript binding: parameters -> run_process -> the
// outcome (docs/actions.md, "executeCustomScript").
#include "actions/script.h"

#include <fmt/format.h>

#include <cstring>

#include "actions/argv_split.h"
#include "actions/process.h"

namespace riposte::actions {

namespace {
// A string parameter: `out` set and "" returned, or why not.
std::string string_param(const Value& params, std::string_view name, bool required, std::string& out) {
  const Value* v = params.find(name);
  if (!v) return required ? fmt::format("executeCustomScript: params.{} is required", name) : std::string();
  if (!v->is_string()) return fmt::format("executeCustomScript: params.{} must be a string, got {}", name, v->type_name());
  out = std::string(v->str());
  return {};
}

// The process to run for these parameters, or why there is none.
std::string make_spec(const Call& call, size_t cap, ProcessSpec& spec) {
  std::string program, parameters;
  std::string why = string_param(call.params, "commandLine", true, program);
  if (why.empty()) why = string_param(call.params, "commandLineParameters", false, parameters);
  if (why.empty()) why = string_param(call.params, "stdIn", false, spec.stdin_data);
  if (why.empty()) why = string_param(call.params, "workingDirectory", false, spec.working_directory);
  if (!why.empty()) return why;
  if (program.empty()) return "executeCustomScript: params.commandLine is empty";
  SplitArgs args = split_args(parameters);
  if (!args.error.empty()) return fmt::format("executeCustomScript: {}", args.error);
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

Outcome outcome_of(const ProcessResult& r) {
  if (!r.spawn_error.empty()) return Outcome::error(Failure::Action, "executeCustomScript: " + r.spawn_error);
  Value result = result_of(r);
  if (r.timed_out)
    return Outcome::error(Failure::Timeout, "executeCustomScript: deadline exceeded, process group killed", result);
  if (r.cancelled) return Outcome::error(Failure::Cancelled, "executeCustomScript: cancelled, process group killed", result);
  if (r.signal)
    return Outcome::error(Failure::Action, fmt::format("executeCustomScript: killed by signal {} ({})", r.signal,
                                                       strsignal(r.signal)), result);
  if (r.exit_code != 0)
    return Outcome::error(Failure::Action, fmt::format("executeCustomScript: exited with code {}", r.exit_code), result);
  return Outcome::success(std::move(result));
}

class ScriptBinding : public Binding {
 public:
  explicit ScriptBinding(const ScriptOptions& options)
      : Binding(*find_action("executeCustomScript")), options_(options) {}

  Outcome invoke(const Call& call) override {
    ProcessSpec spec;
    if (std::string why = make_spec(call, options_.output_cap, spec); !why.empty())
      return Outcome::error(Failure::BadCall, std::move(why));
    return outcome_of(run_process(spec));
  }

 private:
  ScriptOptions options_;
};
}  // namespace

std::unique_ptr<Binding> make_script_binding(const ScriptOptions& options) {
  return std::make_unique<ScriptBinding>(options);
}

}  // namespace riposte::actions
