// responseAction: parameters and assets evaluated, manual approval per
// asset, one call per asset (replayed from the journal when it already
// ran), per-asset results, output, onError.
#include <fmt/format.h>

#include "value/json.h"
#include "orchestrator/data_ops.h"
#include "orchestrator/runner.h"

namespace riposte::orchestrator {

namespace g = ir::algorithm;

namespace {

std::string_view call_status_name(CallStatus s) {
  return s == CallStatus::Success ? "Success" : s == CallStatus::Warning ? "Warning" : "Error";
}

std::string reply_json(const CallReply& r) {
  Object o;
  o.emplace("status", Value::string(call_status_name(r.status)));
  o.emplace("result", r.result);
  if (!r.error.empty()) o.emplace("error", Value::string(r.error));
  if (r.system) o.emplace("system", Value::boolean(true));
  return to_json(Value::object(std::move(o)));
}

CallReply reply_from_json(const std::string& text) {
  Value v;
  JsonError err;
  CallReply r;
  if (!parse_json(text, v, err)) return r;
  std::string_view st = v.find("status") ? v.find("status")->str() : "Success";
  r.status = st == "Error" ? CallStatus::Error : st == "Warning" ? CallStatus::Warning : CallStatus::Success;
  if (const Value* res = v.find("result")) r.result = *res;
  if (const Value* e = v.find("error")) r.error = std::string(e->str());
  r.system = v.find("system") != nullptr;
  return r;
}

Status status_of(CallStatus s) {
  return s == CallStatus::Success ? Status::Success : s == CallStatus::Warning ? Status::Warning : Status::Error;
}

// The assets' value must be an array of strings.
std::optional<std::string> check_assets(const Value& v) {
  if (!v.is_array()) return fmt::format("assets must be an array of asset ID strings, got {}", v.type_name());
  for (const Value& item : v.items())
    if (!item.is_string()) return fmt::format("assets must be asset ID strings, got {}", item.type_name());
  return std::nullopt;
}

struct Target {
  std::optional<std::string> asset;
  Status status = Status::Success;  // Rejected / ApprovalTimeExpired: not called
  CallReply reply;
};

// Parameters (an object, {} when absent) and the targets: one per asset, or
// one without an asset.  Returns the step's result when it ends here.
std::optional<BlockResult> evaluate_inputs(const Evaluator& ev, const g::Step& s, const Value& data, Value& params,
                                           std::vector<Target>& targets, Value& record) {
  const g::ActionStep& a = s.action;
  std::string fn = s.path + ".responseAction.function";
  if (a.params.present()) {
    Evaluated p = ev.render(a.params, data);
    if (!p.ok()) return BlockResult{Status::Error, p.error};
    if (!p.value.is_object())
      return BlockResult{Status::Error,
                         StepError{fn + ".params", fmt::format("params must be an object, got {}", p.value.type_name())}};
    params = std::move(p.value);
  }
  record.set("params", mask_secrets(params));
  if (!a.takes_assets) {
    targets.push_back(Target{std::nullopt, Status::Success, {}});
    return std::nullopt;
  }
  Evaluated as = ev.render(a.assets, data);
  if (!as.ok()) return BlockResult{Status::Error, as.error};
  if (auto bad = check_assets(as.value)) return BlockResult{Status::Error, StepError{fn + ".assets", *bad}};
  record.set("assets", as.value);
  for (const Value& id : as.value.items()) targets.push_back(Target{std::string(id.str()), Status::Success, {}});
  if (!targets.empty()) return std::nullopt;
  record.set("result", Value::array());
  record.set("error", Value::string("the asset list is empty: the action was not called"));
  return BlockResult{Status::Warning, std::nullopt};
}

Approval journaled_approval(const std::string& entry) {
  return entry == "\"Rejected\"" ? Approval::Rejected : entry == "\"Expired\"" ? Approval::Expired : Approval::Approved;
}

// Manual approval of every target, before any call; decisions are
// journaled like calls.  True when some target still waits.
bool ask_approvals(Shared& shared, const g::Step& s, const Value& params, const std::string& key_base,
                   std::vector<Target>& targets) {
  bool waiting = false;
  for (Target& t : targets) {
    std::string key = key_base + "#approve:" + t.asset.value_or("");
    Approval d;
    if (auto j = shared.journal.find(key)) {
      d = journaled_approval(*j);
    } else {
      const g::ManualApprove& ma = s.action.approve;
      std::string asset = t.asset.value_or("");
      Value masked = shared.port.mask(mask_secrets(params));
      d = shared.approver.decide(ApprovalAsk{s.path, s.action.type, masked, asset, key,
                                             scaled(ma.timeout_ns, shared.options.time_scale),
                                             ma.email ? scaled(ma.email_delay_ns, shared.options.time_scale) : 0});
      if (d == Approval::Pending) {
        waiting = true;
        Object p{{"step", Value::string(s.path)}, {"key", Value::string(key)},
                 {"asset", t.asset ? Value::string(*t.asset) : Value()}};
        std::lock_guard<std::mutex> lock(shared.pending_mu);
        shared.pending.push_back(to_json(Value::object(std::move(p))));
        continue;
      }
      shared.journal.record(key, d == Approval::Rejected  ? "\"Rejected\""
                                 : d == Approval::Expired ? "\"Expired\""
                                                          : "\"Approved\"");
    }
    if (d == Approval::Rejected) t.status = Status::Rejected;
    if (d == Approval::Expired) t.status = Status::ApprovalTimeExpired;
  }
  return waiting;
}

Value call_record(const g::Step& s, const Value& shown_params, const Target& t) {
  Object call{{"step", Value::string(s.path)},
              {"type", Value::string(s.action.type)},
              {"params", shown_params},
              {"asset", t.asset ? Value::string(*t.asset) : Value()},
              {"status", Value::string(status_name(t.status))},
              {"result", t.reply.result}};
  if (!t.reply.error.empty()) call.emplace("error", Value::string(t.reply.error));
  return Value::object(std::move(call));
}

// One call per approved target, in order; a call the journal holds is
// replayed instead of made.
void call_targets(Shared& shared, const g::Step& s, const Value& params, const std::string& key_base,
                  std::vector<Target>& targets, Trace& trace) {
  int64_t timeout = scaled(s.action.timeout_ns, shared.options.time_scale);
  int64_t deadline = timeout ? steady_now_ns() + timeout : 0;
  if (shared.deadline_ns && (!deadline || shared.deadline_ns < deadline)) deadline = shared.deadline_ns;
  for (Target& t : targets) {
    if (t.status != Status::Success) continue;
    std::string key = key_base + (t.asset ? "#asset:" + *t.asset : std::string("#call"));
    if (auto j = shared.journal.find(key)) {
      t.reply = reply_from_json(*j);
    } else {
      t.reply = shared.port.call(CallRequest{s.path, s.action.type, params, t.asset, key, deadline});
      shared.journal.record(key, reply_json(t.reply));
    }
    t.status = status_of(t.reply.status);
    trace.calls.push_back(call_record(s, shared.port.mask(mask_secrets(params)), t));
  }
}

struct Verdict {
  Status status = Status::Success;
  Value result;
  std::optional<StepError> error;
};

// The step's status, result (per asset, or the call's) and error.
Verdict judge(const g::Step& s, const std::vector<Target>& targets) {
  Verdict v;
  size_t called = 0, rejected = 0, succeeded = 0;
  bool system = false;
  std::string first_error;
  Array per_asset;
  for (const Target& t : targets) {
    bool ran = t.status != Status::Rejected && t.status != Status::ApprovalTimeExpired;
    called += ran;
    rejected += t.status == Status::Rejected;
    succeeded += t.status == Status::Success;
    system |= t.reply.system;
    if (ran) v.status = worse(v.status, t.status);
    if (t.status == Status::Error && first_error.empty())
      first_error = t.asset ? fmt::format("asset {}: {}", *t.asset, t.reply.error) : t.reply.error;
    Object o{{"asset", t.asset ? Value::string(*t.asset) : Value()},
             {"status", Value::string(status_name(t.status))},
             {"result", t.reply.result}};
    if (!t.reply.error.empty()) o.emplace("error", Value::string(t.reply.error));
    per_asset.push_back(Value::object(std::move(o)));
  }
  if (called == 0) {
    v.status = rejected == targets.size() ? Status::Rejected : Status::ApprovalTimeExpired;
    v.error = StepError{s.path, v.status == Status::Rejected ? "rejected" : "approval time expired"};
  } else if (v.status == Status::Success && succeeded != targets.size()) {
    v.status = Status::Warning;  // some assets rejected or expired, the others ran
  }
  if (!first_error.empty()) v.error = StepError{s.path, first_error, system};
  v.result = s.action.takes_assets ? Value::array(std::move(per_asset)) : targets[0].reply.result;
  return v;
}

}  // namespace

BlockResult Runner::run_action(const g::Step& s, Value& data, const std::string& scope, Trace& trace,
                               Value& record) {
  const g::ActionStep& a = s.action;
  record.set("type", Value::string(a.type));
  Value params = Value::object();
  std::vector<Target> targets;
  auto early = evaluate_inputs(ev_, s, data, params, targets, record);
  if (const Value* shown = record.find("params")) record.set("params", shared_.port.mask(*shown));
  if (early) return *early;
  std::string key_base = scope + s.path;
  if (a.approve.enabled && ask_approvals(shared_, s, params, key_base, targets)) return {Status::AwaitingApproval, std::nullopt};
  call_targets(shared_, s, params, key_base, targets, trace);
  Verdict v = judge(s, targets);
  record.set("result", v.result);
  record.set("status", Value::string(status_name(v.status)));
  if (goes_on(v.status)) {
    Evaluated e = apply_output(a.output, v.result, data, ev_);
    if (!e.ok()) return {Status::Error, e.error};
    data = std::move(e.value);
    return {v.status, std::nullopt};
  }
  if (v.error) record.set("error", Value::string(v.error->text()));
  bool system = v.error && v.error->system;
  if (a.on_error == g::OnError::Continue && !system) return {Status::Warning, std::nullopt};
  return {v.status, v.error};
}

}  // namespace riposte::orchestrator
