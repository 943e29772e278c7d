// "Find" (engine.md): a trigger evaluated over the stored alerts or
// incidents the caller may read; and the checks without saving.
#include <algorithm>
#include <cstdint>
#include <thread>

#include <fmt/format.h>

#include "compiler/algorithm.h"
#include "engine/body.h"
#include "engine/cursor.h"
#include "engine/playbook_access.h"
#include "engine/playbook_json.h"
#include "engine/playbook_rules.h"
#include "engine/service.h"
#include "frontend/algorithm/algorithm.h"
#include "support/diagnostic_render.h"
#include "triggers/check/check_trigger.h"
#include "triggers/trigger_set.h"
#include "value/json.h"

namespace riposte::engine {
namespace {

constexpr size_t kFindBatch = 1000;
constexpr size_t kFindThreads = 4;
// Objects one request scans at most: a page then ends early (fewer than
// `limit` matches, `next` set), so a trigger that matches nothing in a
// large store answers in bounded time and the client pages on.
constexpr uint64_t kFindScanBudget = 200'000;

Value diagnostics_value(const std::vector<support::Diagnostic>& diags) {
  Array out;
  for (const support::Diagnostic& d : diags) {
    Value v;
    JsonError err;
    if (!parse_json(support::render_json(d), v, err)) continue;
    out.push_back(std::move(v));
  }
  return Value::array(std::move(out));
}

Value check_answer(const std::vector<support::Diagnostic>& diags) {
  Object o;
  o["ok"] = Value::boolean(!triggers::check::has_errors(diags));
  o["diagnostics"] = diagnostics_value(diags);
  return Value::object(std::move(o));
}

triggers::Scope trigger_scope(store::ObjectKind k) {
  return k == store::ObjectKind::Alert ? triggers::Scope::Alert : triggers::Scope::Incident;
}

// Reads {"scope", "trigger"}.
std::optional<Problem> read_scope_trigger(const Value& body, store::ObjectKind& scope, std::string& trigger) {
  BodyReader r(body);
  auto s = r.string("scope", Need::Required);
  auto t = r.string("trigger", Need::Required);
  if (s) {
    if (auto k = parse_scope_text(*s)) scope = *k;
    else r.refuse("scope", "must be \"alert\" or \"incident\"");
  }
  if (t) trigger = *t;
  return r.finish();
}

std::vector<support::Diagnostic> trigger_diagnostics(std::string_view text, store::ObjectKind scope) {
  auto diags = triggers::check::check_trigger(text, trigger_scope(scope));
  for (support::Diagnostic& d : diags) d.path = "trigger";
  return diags;
}

bool has_role(const Caller& c) {
  return std::any_of(c.roles.begin(), c.roles.end(), [](const store::RoleGrant& g) { return parse_role(g.role); });
}

}  // namespace

Outcome<Listing> Service::find(const Caller& c, const Value& body, const Page& page) {
  store::ObjectKind scope = store::ObjectKind::Alert;
  std::string text;
  if (auto p = read_scope_trigger(body, scope, text)) return *p;
  auto after = decode_cursor(page.cursor);
  if (!after) return bad_cursor();
  const size_t limit = page.limit == 0 ? kDefaultLimit : std::min(page.limit, kMaxLimit);

  std::vector<support::Diagnostic> errors;
  for (support::Diagnostic& d : trigger_diagnostics(text, scope))
    if (d.severity == support::Severity::Error) errors.push_back(std::move(d));
  if (!errors.empty()) {
    Problem p = invalid_playbook(std::move(errors));
    p.title = "Invalid trigger";
    return p;
  }
  triggers::TriggerSet set({triggers::TriggerSpec{"find", text, trigger_scope(scope)}});
  if (!set.compile_error(0).empty()) {
    Problem p = invalid_playbook({rule_error("trigger", set.compile_error(0))});
    p.title = "Invalid trigger";
    return p;
  }
  const JsonProjection& projection = set.read_projection();

  Listing out;
  uint64_t evaluated = 0, matches = 0, failures = 0;
  store_.read([&](store::Tx& tx) {
    View v(tx, c);
    store::ObjectFilter filter;
    filter.kind = scope;
    filter.tenants = v.access().tenants_where(Operation::Read);
    if (filter.tenants.empty()) return;
    filter.after_seq = *after;
    filter.limit = kFindBatch;
    // Objects are parsed (with the trigger's projection) and evaluated by
    // up to kFindThreads threads per batch; matches are kept in seq order.
    const size_t threads = std::clamp<size_t>(std::thread::hardware_concurrency(), 1, kFindThreads);
    std::vector<triggers::Verdict> verdicts;
    for (;;) {
      std::vector<store::ObjectRow> rows = tx.objects(filter);
      verdicts.assign(rows.size(), triggers::Verdict::NoMatch);
      auto work = [&](size_t begin, size_t end) {
        std::vector<triggers::TriggerResult> results;
        const Value null_event;
        for (size_t i = begin; i < end; ++i) {
          Value object;
          JsonError err;
          // A stored object is valid JSON; if not, it counts as an error.
          if (!parse_json_projected(rows[i].json, projection, object, err)) {
            verdicts[i] = triggers::Verdict::Error;
            continue;
          }
          set.evaluate_all(object, null_event, results);
          verdicts[i] = results[0].verdict;
        }
      };
      const size_t chunk = (rows.size() + threads - 1) / std::max<size_t>(threads, 1);
      std::vector<std::thread> pool;
      for (size_t t = 1; t < threads && t * chunk < rows.size(); ++t)
        pool.emplace_back(work, t * chunk, std::min(rows.size(), (t + 1) * chunk));
      work(0, std::min(rows.size(), chunk));
      for (std::thread& t : pool) t.join();
      for (size_t i = 0; i < rows.size(); ++i) {
        ++evaluated;
        if (verdicts[i] == triggers::Verdict::Error) ++failures;
        if (verdicts[i] != triggers::Verdict::Match) continue;
        ++matches;
        Value whole;
        JsonError err;
        if (!parse_json(rows[i].json, whole, err)) continue;
        out.items.push_back(std::move(whole));
        if (out.items.size() == limit) {
          out.next = encode_cursor(rows[i].seq);
          return;
        }
      }
      if (rows.size() < kFindBatch) return;
      filter.after_seq = rows.back().seq;
      if (evaluated >= kFindScanBudget) {
        out.next = encode_cursor(filter.after_seq);
        return;
      }
    }
  });
  stats_.triggers_evaluated.fetch_add(evaluated, std::memory_order_relaxed);
  stats_.trigger_matches.fetch_add(matches, std::memory_order_relaxed);
  stats_.trigger_errors.fetch_add(failures, std::memory_order_relaxed);
  return out;
}

Outcome<Value> Service::check_trigger(const Caller& c, const Value& body) {
  if (!has_role(c)) return forbidden("checking needs a role on some tenant");
  store::ObjectKind scope = store::ObjectKind::Alert;
  std::string text;
  if (auto p = read_scope_trigger(body, scope, text)) return *p;
  return check_answer(trigger_diagnostics(text, scope));
}

Outcome<Value> Service::check_algorithm(const Caller& c, const Value& body) {
  if (!has_role(c)) return forbidden("checking needs a role on some tenant");
  BodyReader r(body);
  const Value* a = r.member("algorithm", Need::Required);
  if (a && !a->is_object() && !a->is_string()) r.wrong_type("algorithm", "an object or a string", *a);
  if (auto p = r.finish()) return *p;
  std::string text;
  if (a->is_object()) write_json(*a, text, JsonWriteOptions{});
  else text = std::string(a->str());
  auto res = frontend::algorithm::check_algorithm(text, compiler::algorithm_check_options());
  for (support::Diagnostic& d : res.diagnostics) d.path = algorithm_path(d.path);
  return check_answer(res.diagnostics);
}

}  // namespace riposte::engine
