// Blocks, and the steps without side effects: switch and updateData.
#include <fmt/format.h>

#include <chrono>
#include <ctime>

#include "ir/algorithm/printer.h"
#include "orchestrator/data_ops.h"
#include "orchestrator/runner.h"

namespace riposte::orchestrator {

namespace g = ir::algorithm;

std::string now_rfc3339() {
  auto now = std::chrono::system_clock::now();
  std::time_t t = std::chrono::system_clock::to_time_t(now);
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  return fmt::format("{}.{:03}Z", buf, ms);
}

int64_t steady_now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

BlockResult Runner::run_block(const g::Block& b, Value& data, const std::string& scope, Trace& trace) {
  BlockResult out;
  for (const g::Step& s : b.steps) {
    BlockResult r = run_step(s, data, scope, trace);
    if (!goes_on(r.status)) return r;
    out.status = worse(out.status, r.status);
  }
  return out;
}

BlockResult Runner::run_step(const g::Step& s, Value& data, const std::string& scope, Trace& trace) {
  if (shared_.options.terminate && shared_.options.terminate->load())
    return {Status::Terminated, StepError{s.path, "the instance was terminated"}};
  if (shared_.suspend.load()) return {Status::InProgress, std::nullopt};
  if (shared_.deadline_ns && steady_now_ns() > shared_.deadline_ns) {
    std::string limit = g::print_duration(shared_.algorithm.graph->run_timeout_ns);
    return {Status::Error, StepError{s.path, "playbookRunTimeout of " + limit + " exceeded", true}};
  }
  Object rec;
  rec.emplace("step", Value::string(s.path));
  rec.emplace("kind", Value::string(s.kind_key));
  if (!scope.empty()) rec.emplace("scope", Value::string(scope));
  rec.emplace("start", Value::string(now_rfc3339()));
  Value record = Value::object(std::move(rec));
  size_t at = trace.history.size();
  trace.history.push_back(Value());  // a step's record precedes its inner steps'
  BlockResult r;
  switch (s.kind) {
    case g::Step::Kind::Action: r = run_action(s, data, scope, trace, record); break;
    case g::Step::Kind::FanOut: r = run_fan_out(s, data, scope, trace, record); break;
    case g::Step::Kind::Switch: r = run_switch(s, data, scope, trace, record); break;
    case g::Step::Kind::Update: r = run_update(s, data, record); break;
  }
  record.set("end", Value::string(now_rfc3339()));
  if (!record.find("status")) record.set("status", Value::string(status_name(r.status)));
  if (r.error && !record.find("error")) record.set("error", Value::string(r.error->text()));
  bound_history_record(record, shared_.history_bytes);
  trace.history[at] = std::move(record);
  if (!paused(r.status)) {
    int64_t done = shared_.steps_done.fetch_add(1) + 1;
    if (shared_.stop_at >= 0 && done >= shared_.stop_at) shared_.suspend.store(true);
  }
  return r;
}

BlockResult Runner::run_switch(const g::Step& s, Value& data, const std::string& scope, Trace& trace,
                               Value& record) {
  for (size_t i = 0; i < s.cases.size(); ++i) {
    Evaluated c = ev_.condition(s.cases[i].condition, data);
    if (!c.ok()) return {Status::Error, c.error};
    if (c.value.kind() != Kind::True) continue;
    record.set("result", Value::object(Object{{"case", Value::integer(int64_t(i))}}));
    return run_block(*s.cases[i].steps, data, scope, trace);
  }
  record.set("result", Value::object(Object{{"case", Value()}}));
  return {};
}

BlockResult Runner::run_update(const g::Step& s, Value& data, Value& record) {
  Evaluated e = apply_output(s.update, data, data, ev_);
  if (!e.ok()) return {Status::Error, e.error};
  data = std::move(e.value);
  record.set("result", data);
  return {};
}

}  // namespace riposte::orchestrator
