// split and scatter-gather: the fan-out into units (one per batch, or one
// per named branch), each run on its own local data, then the join:
// aggregate over the units' final data and output into the step's data.
// Parallel units run on a bounded pool of worker threads; a worker reads
// the unit's input from JSON text and returns its outcome as JSON text, so
// no reference-counted Value crosses threads.
#include <fmt/format.h>

#include <optional>
#include <thread>

#include "value/json.h"
#include "orchestrator/data_ops.h"
#include "orchestrator/runner.h"

namespace riposte::orchestrator {

namespace g = ir::algorithm;

struct Unit {
  const g::Block* steps = nullptr;
  std::string name;   // scatter-gather: the branch name
  Value input;        // main thread
  std::string scope;  // idempotency-key prefix
  // Outcome:
  bool ran = false;
  BlockResult result;
  Value data;
  Trace trace;
};

namespace {

Unit make_unit(const g::Block* steps, std::string name, Value input, std::string scope) {
  Unit u;
  u.steps = steps;
  u.name = std::move(name);
  u.input = std::move(input);
  u.scope = std::move(scope);
  return u;
}

// The unit's outcome as JSON text, made on the thread that ran it.
std::string outcome_text(const BlockResult& r, const Value& data, const Trace& t) {
  Object o{{"status", Value::string(status_name(r.status))},
           {"data", data},
           {"history", Value::array(Array(t.history))},
           {"calls", Value::array(Array(t.calls))}};
  if (r.error) {
    o.emplace("path", Value::string(r.error->path));
    o.emplace("message", Value::string(r.error->message));
    o.emplace("system", Value::boolean(r.error->system));
  }
  return to_json(Value::object(std::move(o)));
}

void read_outcome(const std::string& text, Unit& u) {
  Value v;
  JsonError err;
  parse_json(text, v, err);
  u.ran = true;
  u.result.status = parse_status(v.find("status")->str()).value_or(Status::Error);
  u.data = *v.find("data");
  for (const Value& h : v.find("history")->items()) u.trace.history.push_back(h);
  for (const Value& c : v.find("calls")->items()) u.trace.calls.push_back(c);
  if (const Value* m = v.find("message"))
    u.result.error = StepError{std::string(v.find("path")->str()), std::string(m->str()),
                               v.find("system")->kind() == Kind::True};
}

bool unit_failed(const Unit& u) { return u.ran && !goes_on(u.result.status) && !paused(u.result.status); }

bool terminated(const Unit& u) { return u.ran && u.result.status == Status::Terminated; }


// The units of the fan-out: one per batch of the input (split), or one per
// branch with the same input (scatter-gather).
std::optional<BlockResult> make_units(const g::Step& s, const Value& input, const std::string& scope,
                                      std::vector<Unit>& units) {
  const g::FanOut& f = s.fan_out;
  if (!f.is_split) {
    for (const g::Branch& b : f.branches)
      units.push_back(make_unit(b.steps.get(), b.name, input, fmt::format("{}{}/branch {}/", scope, s.path, b.name)));
    return std::nullopt;
  }
  if (!input.is_array())
    return BlockResult{Status::Error, StepError{s.path + ".split.input",
                                                fmt::format("split input must be an array, got {}", input.type_name())}};
  Array parts = batches(input, f.batch_size);
  for (size_t i = 0; i < parts.size(); ++i)
    units.push_back(make_unit(f.branches[0].steps.get(), "", parts[i], fmt::format("{}{}/batch {}/", scope, s.path, i)));
  return std::nullopt;
}

// The aggregate's input: the units' final data in input order (split), or
// keyed by branch name (scatter-gather).
Value gathered(const g::FanOut& f, const std::vector<Unit>& units) {
  if (f.is_split) {
    Array finals;
    for (const Unit& u : units) finals.push_back(u.data);
    return Value::array(std::move(finals));
  }
  Object finals;
  for (const Unit& u : units) finals.insert_or_assign(u.name, u.data);
  return Value::object(std::move(finals));
}

}  // namespace

void Runner::run_units_in_sequence(std::vector<Unit>& units, bool stop) {
  for (Unit& u : units) {
    if (shared_.suspend.load()) break;
    u.data = u.input;
    u.result = run_block(*u.steps, u.data, u.scope, u.trace);
    u.ran = true;
    if (paused(u.result.status) || terminated(u) || (stop && unit_failed(u))) break;
  }
}

// Workers take the next unit until none is left, or until a failure under
// onError stop (or a pause) forbids new starts; running units finish.  The
// first unit of each worker is handed out before any thread starts: those
// units start together when the step starts, so a worker that the OS
// schedules late still runs its unit (otherwise whether batch 3 of 3 ran
// under onError stop would depend on thread start-up timing).
void Runner::run_units_in_parallel(std::vector<Unit>& units, bool stop) {
  std::vector<std::string> inputs, outcomes(units.size());
  for (const Unit& u : units) inputs.push_back(to_json(u.input));
  size_t n = std::min<size_t>(shared_.options.pool, units.size());
  std::atomic<size_t> next{n};
  std::atomic<bool> halt{false};
  auto worker = [&](size_t first) {
    Value object;
    JsonError err;
    parse_json(shared_.object_json, object, err);
    Evaluator ev(ev_.algorithm(), object, shared_.incident, shared_.options.budgets);
    Runner runner(shared_, ev);
    for (size_t i = first; i < units.size(); i = halt.load() ? units.size() : next.fetch_add(1)) {
      Value local;
      parse_json(inputs[i], local, err);
      Trace t;
      BlockResult r = runner.run_block(*units[i].steps, local, units[i].scope, t);
      outcomes[i] = outcome_text(r, local, t);
      if (paused(r.status) || r.status == Status::Terminated || (stop && !goes_on(r.status))) halt.store(true);
    }
  };
  std::vector<std::thread> threads;
  for (size_t i = 0; i < n; ++i) threads.emplace_back(worker, i);
  for (std::thread& t : threads) t.join();
  for (size_t i = 0; i < units.size(); ++i)
    if (!outcomes[i].empty()) read_outcome(outcomes[i], units[i]);
}

BlockResult Runner::run_fan_out(const g::Step& s, Value& data, const std::string& scope, Trace& trace,
                                Value& record) {
  const g::FanOut& f = s.fan_out;
  Value input = data;
  if (f.input.present()) {
    Evaluated in = ev_.render(f.input, data);
    if (!in.ok()) return {Status::Error, in.error};
    input = std::move(in.value);
  }
  std::vector<Unit> units;
  if (auto early = make_units(s, input, scope, units)) return *early;
  record.set("units", Value::integer(int64_t(units.size())));
  bool parallel = !f.is_split || f.parallel;
  bool stop = f.on_error == g::OnError::Stop;
  if (!parallel || shared_.options.pool <= 1 || units.size() <= 1) run_units_in_sequence(units, stop);
  else run_units_in_parallel(units, stop);
  // Calls and history in unit order; then the verdict.
  Status status = Status::Success;
  std::optional<BlockResult> failure, pause;
  for (Unit& u : units) {
    for (Value& h : u.trace.history) trace.history.push_back(std::move(h));
    for (Value& c : u.trace.calls) trace.calls.push_back(std::move(c));
    if (!u.ran) continue;
    if (paused(u.result.status)) {
      if (!pause || u.result.status == Status::AwaitingApproval) pause = u.result;
    } else if (unit_failed(u)) {
      if (!failure) failure = u.result;
      if ((u.result.error && u.result.error->system) || terminated(u)) stop = true;
      status = Status::Warning;
    } else {
      status = worse(status, u.result.status);
    }
  }
  if (pause || shared_.suspend.load()) return pause ? *pause : BlockResult{Status::InProgress, std::nullopt};
  if (failure && stop) return *failure;
  if (failure) record.set("error", Value::string(failure->error ? failure->error->text() : "a branch failed"));
  if (f.aggregate == ir::kNone) return {status, std::nullopt};
  Evaluated agg = ev_.eval(f.aggregate, gathered(f, units));
  if (!agg.ok()) return {Status::Error, agg.error};
  record.set("result", agg.value);
  Evaluated out = apply_output(f.output, agg.value, data, ev_);
  if (!out.ok()) return {Status::Error, out.error};
  data = std::move(out.value);
  return {status, std::nullopt};
}

}  // namespace riposte::orchestrator
