// The trigger environment: lowering options, host globals, event detection.
#include "triggers/trigger_env.h"

#include <functional>

#include "compiler/environment.h"

namespace riposte::triggers {

std::string_view scope_name(Scope s) { return s == Scope::Alert ? "alert" : "incident"; }

std::optional<Scope> parse_scope(std::string_view name) {
  if (name == "alert") return Scope::Alert;
  if (name == "incident") return Scope::Incident;
  return std::nullopt;
}

compiler::Environment trigger_environment(Scope scope) {
  return scope == Scope::Alert ? compiler::Environment::AlertTrigger : compiler::Environment::IncidentTrigger;
}

frontend::LowerOptions trigger_lower_options(Scope scope) { return compiler::lower_options(trigger_environment(scope)); }

namespace {

Value empty_args() {
  Object args;
  args.emplace("named", Value::object());
  args.emplace("positional", Value::array());
  return Value::object(std::move(args));
}

// The id of global `name` in m, or kNone.
ir::VarId global_id(const ir::Module& m, std::string_view name) {
  for (ir::VarId id : m.globals)
    if (m.vars[id] == name) return id;
  return ir::kNone;
}

bool reads_var(const ir::Node& n, ir::VarId var) {
  if (n.kind == ir::NodeKind::Var && n.var == var) return true;
  for (const ir::NodePtr& kid : n.kids)
    if (kid && reads_var(*kid, var)) return true;
  // Object patterns hold key expressions: `{(event.x): $v}`.
  std::function<bool(const ir::Pattern&)> in_pattern = [&](const ir::Pattern& p) {
    for (const ir::Pattern& e : p.elems)
      if (in_pattern(e)) return true;
    for (const auto& e : p.entries)
      if ((e.key && reads_var(*e.key, var)) || (e.value && in_pattern(*e.value))) return true;
    return false;
  };
  for (const ir::Pattern& p : n.patterns)
    if (in_pattern(p)) return true;
  return false;
}

bool is_word_byte(unsigned char c) {
  // Python's \w on text: letters, digits, '_' and (approximately) any
  // non-ASCII character.
  return c == '_' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
}

}  // namespace

void trigger_globals(const ir::Module& m, const Value& object, const Value& event, std::vector<Value>& out) {
  // Built once and shared by every thread: evaluations run by the million.
  static const Value kEmptyArgs = [] {
    Value v = empty_args();
    v.share_across_threads();
    return v;
  }();
  out.clear();
  for (ir::VarId id : m.globals) {
    const std::string& name = m.vars[id];
    if (name == kEventGlobal) {
      out.push_back(event);
    } else if (name == kObjectGlobal) {
      out.push_back(object);
    } else {
      out.push_back(name == "ARGS" ? kEmptyArgs : Value::null());
    }
  }
}

std::vector<Value> trigger_globals(const ir::Module& m, const Value& object, const Value& event) {
  std::vector<Value> out;
  trigger_globals(m, object, event, out);
  return out;
}

bool calls_event(const ir::Module& m) {
  ir::VarId var = global_id(m, kEventGlobal);
  if (var == ir::kNone) return false;
  if (m.main && reads_var(*m.main, var)) return true;
  for (const ir::Function& f : m.funcs)
    if (f.body && reads_var(*f.body, var)) return true;
  return false;
}

ir::analysis::InputProjection object_projection(const ir::Module& m) {
  return ir::analysis::project_input(m, global_id(m, kObjectGlobal));
}

bool mentions_event(std::string_view text) {
  constexpr std::string_view kWord = "event";
  for (size_t at = text.find(kWord); at != std::string_view::npos; at = text.find(kWord, at + 1)) {
    if (at > 0) {
      unsigned char before = static_cast<unsigned char>(text[at - 1]);
      if (before == '.' || before == '$' || is_word_byte(before)) continue;
    }
    size_t end = at + kWord.size();
    if (end < text.size() && is_word_byte(static_cast<unsigned char>(text[end]))) continue;
    return true;
  }
  return false;
}

JsonProjection json_projection(const ir::analysis::InputProjection& p) {
  JsonProjection out;
  out.whole = p.whole;
  for (const auto& [key, below] : p.members) out.members.emplace(key, json_projection(below));
  if (p.elements) out.elements = std::make_unique<JsonProjection>(json_projection(*p.elements));
  return out;
}

}  // namespace riposte::triggers
