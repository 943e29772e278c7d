#include "orchestrator/evaluator.h"

#include <fmt/format.h>

#include <unordered_map>

#include "value/json.h"

namespace riposte::orchestrator {

namespace g = ir::algorithm;

vm::Budgets default_expression_budgets() {
  vm::Budgets b;
  b.fuel = 50'000'000;
  b.memory_bytes = 256ull * 1024 * 1024;
  b.max_depth = 10'000;
  return b;
}

Evaluator::Evaluator(const CompiledAlgorithm& algorithm, const Value& object, bool incident, const vm::Budgets& budgets)
    : algorithm_(algorithm), alert_(incident ? Value() : object), incident_(incident ? object : Value()),
      budgets_(budgets) {}

std::vector<Value> Evaluator::globals_for(const ir::Module& m) const {
  std::vector<Value> out;
  for (ir::VarId id : m.globals) {
    const std::string& name = m.vars[id];
    if (name == kAlertGlobal) out.push_back(alert_);
    else if (name == kIncidentGlobal) out.push_back(incident_);
    else if (name == "ARGS") {
      Object args;
      args.emplace("named", Value::object());
      args.emplace("positional", Value::array());
      out.push_back(Value::object(std::move(args)));
    } else {
      out.push_back(Value());
    }
  }
  return out;
}

Evaluated Evaluator::fail(g::ExprId id, std::string message) const {
  const g::Expression& e = algorithm_.graph->expressions.at(id);
  return Evaluated{Value(), StepError{e.path, std::move(message)}};
}

namespace {

// The nesting depth of `v` and the size of its JSON text (approximately:
// strings count their bytes, other scalars 8), both capped just past the
// limits.  Values share substructure (`{a: ., b: .}` forty times is a DAG of
// forty containers whose text is terabytes), so each container is measured
// once (post-order, memoised by identity) with an explicit stack: the value
// may be far deeper than the native stack allows.
struct Measure {
  size_t depth = 0;
  uint64_t bytes = 0;
};

Measure measure(const Value& root, size_t max_depth, uint64_t max_bytes) {
  auto id_of = [](const Value& v) -> const void* {
    return v.is_array() ? static_cast<const void*>(v.items().data()) : static_cast<const void*>(&v.entries());
  };
  auto scalar = [](const Value& v) -> uint64_t { return v.is_string() ? v.str().size() + 2 : 8; };
  if (!root.is_array() && !root.is_object()) return Measure{0, scalar(root)};
  std::unordered_map<const void*, Measure> done;
  struct Frame {
    const Value* v;
    bool expanded;
    size_t depth;
  };
  std::vector<Frame> todo{{&root, false, 1}};
  while (!todo.empty()) {
    Frame& f = todo.back();
    const Value& v = *f.v;
    const void* id = id_of(v);
    if (done.count(id) && !f.expanded) {
      todo.pop_back();
      continue;
    }
    if (!f.expanded) {
      f.expanded = true;
      size_t depth = f.depth;
      if (depth > max_depth) return Measure{depth, 0};
      size_t before = todo.size();
      auto push = [&](const Value& kid) {
        if ((kid.is_array() || kid.is_object()) && !done.count(id_of(kid))) todo.push_back({&kid, false, depth + 1});
      };
      if (v.is_array())
        for (const Value& kid : v.items()) push(kid);
      else
        for (const auto& [key, kid] : v.entries()) push(kid);
      if (todo.size() != before) continue;
    }
    Measure m{1, 2};
    auto add = [&](const Value& kid, uint64_t extra) {
      if (kid.is_array() || kid.is_object()) {
        const Measure& k = done.at(id_of(kid));
        m.depth = std::max(m.depth, k.depth + 1);
        m.bytes = std::min(max_bytes + 1, m.bytes + k.bytes + extra);
      } else {
        m.bytes = std::min(max_bytes + 1, m.bytes + scalar(kid) + extra);
      }
    };
    if (v.is_array())
      for (const Value& kid : v.items()) add(kid, 1);
    else
      for (const auto& [key, kid] : v.entries()) add(kid, key.size() + 4);
    done[id] = m;
    todo.pop_back();
  }
  return done.at(id_of(root));
}

std::string outcome_message(const vm::Program::Outcome& r) {
  const Value& v = r.status == vm::Program::Status::Halt ? r.halt_value : r.error;
  std::string text = v.is_string() ? std::string(v.str()) : to_json(v);
  switch (r.status) {
    case vm::Program::Status::BudgetExceeded: return "budget exceeded: " + text;
    case vm::Program::Status::Halt: return "the expression called halt: " + text;
    default: return "jq error: " + text;
  }
}

}  // namespace

Evaluated Evaluator::eval(g::ExprId id, const Value& input) const {
  const vm::Program* p = algorithm_.programs.at(id).get();
  if (!p) return fail(id, "the expression did not compile");
  vm::FirstOutput out;
  static const vm::Host kNoHost;
  const ir::Module& m = *algorithm_.graph->expressions[id].module;
  vm::Program::Outcome r = p->run(input, globals_for(m), budgets_, kNoHost, out.emitter());
  if (r.status != vm::Program::Status::Ok) return fail(id, outcome_message(r));
  size_t outputs = out.count;
  Value& first = out.first;
  if (outputs == 0) return fail(id, "the expression yielded no value; it must yield exactly one");
  if (outputs > 1) return fail(id, "the expression yielded more than one value; it must yield exactly one");
  Measure size = measure(first, kMaxValueDepth, budgets_.memory_bytes);
  if (size.depth > kMaxValueDepth)
    return fail(id, fmt::format("budget exceeded: the value is nested more than {} levels deep", kMaxValueDepth));
  if (budgets_.memory_bytes && size.bytes > budgets_.memory_bytes)
    return fail(id, fmt::format("budget exceeded: the value's JSON text is larger than the memory budget of {} bytes",
                                budgets_.memory_bytes));
  first.detach();  // kept in the instance's state, which may outlive the program
  return Evaluated{std::move(first), std::nullopt};
}

Evaluated Evaluator::condition(g::ExprId id, const Value& input) const {
  Evaluated e = eval(id, input);
  if (!e.ok()) return e;
  if (e.value.is_null()) return Evaluated{Value::boolean(false), std::nullopt};
  if (!e.value.is_bool()) return fail(id, fmt::format("a condition must yield a boolean, got {}", e.value.type_name()));
  return e;
}

Evaluated Evaluator::render(const g::ValueTemplate& t, const Value& input) const {
  switch (t.kind) {
    case g::ValueTemplate::Kind::Literal: {
      Value v;
      JsonError err;
      if (!parse_json(t.literal, v, err)) return Evaluated{Value(), StepError{"", "bad literal " + t.literal}};
      return Evaluated{std::move(v), std::nullopt};
    }
    case g::ValueTemplate::Kind::Expression: return eval(t.expr, input);
    case g::ValueTemplate::Kind::Interpolation: {
      std::string s;
      for (const g::ValueTemplate::Part& part : t.parts) {
        if (part.expr == ir::kNone) {
          s += part.text;
          continue;
        }
        Evaluated e = eval(part.expr, input);
        if (!e.ok()) return e;
        s += e.value.is_string() ? std::string(e.value.str()) : to_json(e.value);
      }
      return Evaluated{Value::string(std::move(s)), std::nullopt};
    }
    case g::ValueTemplate::Kind::Array: {
      Array items;
      for (const g::ValueTemplate& kid : t.items) {
        Evaluated e = render(kid, input);
        if (!e.ok()) return e;
        items.push_back(std::move(e.value));
      }
      return Evaluated{Value::array(std::move(items)), std::nullopt};
    }
    case g::ValueTemplate::Kind::Object: {
      Object members;
      for (const auto& [key, kid] : t.members) {
        Evaluated e = render(kid, input);
        if (!e.ok()) return e;
        members.insert_or_assign(key, std::move(e.value));
      }
      return Evaluated{Value::object(std::move(members)), std::nullopt};
    }
  }
  return Evaluated{};
}

}  // namespace riposte::orchestrator
