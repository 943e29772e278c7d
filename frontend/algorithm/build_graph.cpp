// Document -> step graph.  The document has passed validation, so shapes
// are trusted here; only expression compilation can still fail.
#include "frontend/algorithm/build_graph.h"

#include <fmt/format.h>

#include <algorithm>

#include "frontend/algorithm/action_schema.h"
#include "frontend/algorithm/checker.h"
#include "frontend/algorithm/duration.h"
#include "frontend/algorithm/template.h"
#include "support/json_text.h"

namespace riposte::frontend::algorithm {
namespace {

namespace g = ir::algorithm;

constexpr int64_t kDefaultRunTimeout = 24 * kHour;
constexpr int64_t kDefaultApproval = 60 * kMinute;
constexpr int64_t kDefaultEmailDelay = 10 * kMinute;

int64_t duration_of(const JsonNode* n, int64_t fallback) {
  if (!n || !n->is(JsonKind::String)) return fallback;
  auto d = parse_duration(n->text);
  return std::holds_alternative<int64_t>(d) ? std::get<int64_t>(d) : fallback;
}

std::string string_of(const JsonNode* n, std::string fallback = {}) {
  return n && n->is(JsonKind::String) ? n->text : fallback;
}

class Builder {
 public:
  Builder(std::string_view text, const CompileExpression& compile, BuildResult& out)
      : text_(text), compile_(compile), out_(out), lines_(text) {}

  std::unique_ptr<g::Algorithm> document(const JsonNode& root) {
    auto a = std::make_unique<g::Algorithm>();
    algo_ = a.get();
    a->dsl_version = string_of(root.find("dslSpecVersion"));
    a->version = string_of(root.find("version"));
    a->actions_version = string_of(root.find("responseActionsSpecVersion"), string_of(root.find("actionsSpecVersion")));
    a->run_timeout_ns = duration_of(root.find("playbookRunTimeout"), kDefaultRunTimeout);
    if (const JsonNode* t = root.find("timeouts")) timeouts(*t);
    if (const JsonNode* n = root.find("input")) a->input = jq_field(*n, "input");
    if (const JsonNode* n = root.find("output")) a->output = jq_field(*n, "output");
    steps(*root.find("executionFlow"), "executionFlow", a->flow);
    return a;
  }

 private:
  void timeouts(const JsonNode& list) {
    for (const JsonNode& p : list.items) {
      g::Timeout t{string_of(p.find("name")), duration_of(p.find("scheduleToCloseTimeout"), 0)};
      if (t.name == "default") algo_->default_step_timeout_ns = t.schedule_to_close_ns;
      algo_->timeouts.push_back(std::move(t));
    }
  }

  g::ExprId expression(std::string_view jq, const JsonNode& holder, const std::string& path) {
    std::vector<support::Diagnostic> diags;
    std::unique_ptr<ir::Module> m = compile_(jq, diags);
    if (!m) {
      for (support::Diagnostic& d : diags) {
        d.path = path;
        d.span = support::Span::between(lines_.position(holder.begin), lines_.position(holder.end));
        out_.diagnostics.push_back(std::move(d));
      }
    }
    algo_->expressions.push_back(g::Expression{path, std::string(jq), std::move(m)});
    return static_cast<g::ExprId>(algo_->expressions.size() - 1);
  }

  // A field that is jq by definition; `${...}` around the whole is accepted.
  g::ExprId jq_field(const JsonNode& n, const std::string& path) {
    Template t = parse_template(n.text);
    if (t.is_whole_expression()) return expression(t.parts[0].text, n, path);
    return expression(n.text, n, path);
  }

  g::ValueTemplate value(const JsonNode& n, const std::string& path) {
    g::ValueTemplate t;
    switch (n.kind) {
      case JsonKind::String: return string_value(n, path);
      case JsonKind::Array:
        t.kind = g::ValueTemplate::Kind::Array;
        for (size_t i = 0; i < n.items.size(); ++i) t.items.push_back(value(n.items[i], index_path(path, i)));
        break;
      case JsonKind::Object:
        t.kind = g::ValueTemplate::Kind::Object;
        for (const JsonMember& m : n.members) t.members.emplace_back(m.key, value(m.value, child_path(path, m.key)));
        break;
      default: t.literal = std::string(n.raw(text_)); return t;
    }
    return collapse(std::move(t));
  }

  // An array or object of literals is one literal.
  static g::ValueTemplate collapse(g::ValueTemplate t) {
    bool is_array = t.kind == g::ValueTemplate::Kind::Array;
    std::string lit = is_array ? "[" : "{";
    size_t n = is_array ? t.items.size() : t.members.size();
    for (size_t i = 0; i < n; ++i) {
      const g::ValueTemplate& kid = is_array ? t.items[i] : t.members[i].second;
      if (kid.kind != g::ValueTemplate::Kind::Literal) return t;
      if (i) lit += ',';
      if (!is_array) support::append_json_quoted(lit, t.members[i].first), lit += ':';
      lit += kid.literal;
    }
    g::ValueTemplate out;
    out.literal = lit + (is_array ? "]" : "}");
    return out;
  }

  g::ValueTemplate string_value(const JsonNode& n, const std::string& path) {
    Template parsed = parse_template(n.text);
    g::ValueTemplate t;
    if (parsed.is_whole_expression()) {
      t.kind = g::ValueTemplate::Kind::Expression;
      t.expr = expression(parsed.parts[0].text, n, path);
      return t;
    }
    if (!parsed.has_expressions()) {
      std::string s;
      for (const TemplatePart& p : parsed.parts) s += p.text;
      support::append_json_quoted(t.literal, s);
      return t;
    }
    t.kind = g::ValueTemplate::Kind::Interpolation;
    for (const TemplatePart& p : parsed.parts)
      t.parts.push_back(p.is_expression ? g::ValueTemplate::Part{"", expression(p.text, n, path)}
                                        : g::ValueTemplate::Part{p.text, ir::kNone});
    return t;
  }

  g::Output output(const JsonNode* n, const std::string& path, bool default_merge) {
    g::Output o;
    if (!n) {
      o.present = default_merge;
      return o;
    }
    o.present = true;
    if (n->is(JsonKind::String)) {
      o.action = n->text == "overwrite" ? g::OutputAction::Overwrite : g::OutputAction::Merge;
      return o;
    }
    o.action = string_of(n->find("action")) == "overwrite" ? g::OutputAction::Overwrite : g::OutputAction::Merge;
    if (const JsonNode* f = n->find("filter")) o.filter = jq_field(*f, child_path(path, "filter"));
    return o;
  }

  static g::OnError on_error(const JsonNode& n) {
    return string_of(n.find("onError")) == "continue" ? g::OnError::Continue : g::OnError::Stop;
  }

  void steps(const JsonNode& list, const std::string& path, g::Block& into) {
    for (size_t i = 0; i < list.items.size(); ++i) into.steps.push_back(step(list.items[i], index_path(path, i)));
  }

  std::unique_ptr<g::Block> block(const JsonNode* list, const std::string& path) {
    auto b = std::make_unique<g::Block>();
    if (list) steps(*list, path, *b);
    return b;
  }

  g::Step step(const JsonNode& n, const std::string& path) {
    g::Step s;
    s.path = path;
    const JsonMember& m = n.members.at(0);
    s.kind_key = m.key;
    std::string body = child_path(path, m.key);
    if (m.key == "responseAction") {
      s.kind = g::Step::Kind::Action;
      action(m.value, body, s.action);
    } else if (m.key == "split" || m.key == "scatter-gather") {
      s.kind = g::Step::Kind::FanOut;
      fan_out(m.value, body, m.key == "split", s.fan_out);
    } else if (m.key == "switch") {
      s.kind = g::Step::Kind::Switch;
      cases(m.value, body, s.cases);
    } else {
      s.kind = g::Step::Kind::Update;
      s.update = update(m.value, body);
    }
    return s;
  }

  g::Output update(const JsonNode& n, const std::string& path) {
    if (n.is(JsonKind::Object)) return output(&n, path, false);
    g::Output o;
    o.present = true;
    o.action = g::OutputAction::Overwrite;
    o.filter = jq_field(n, path);
    return o;
  }

  void action(const JsonNode& n, const std::string& path, g::ActionStep& a) {
    const JsonNode& fn = *n.find("function");
    std::string fn_path = child_path(path, "function");
    a.type = string_of(fn.find("type"));
    const ActionSchema* schema = find_action(a.type);
    a.takes_assets = schema && schema->assets != AssetKind::None;
    if (const JsonNode* p = fn.find("params")) a.params = value(*p, child_path(fn_path, "params"));
    if (const JsonNode* as = fn.find("assets")) a.assets = value(*as, child_path(fn_path, "assets"));
    a.output = output(n.find("output"), child_path(path, "output"), false);
    a.on_error = on_error(n);
    step_timeout(n.find("timeout"), a);
    approval(n.find("manualApprove"), a.approve);
    if (const JsonNode* fp = n.find("filterProduct")) {
      if (const JsonNode* l = fp->find("allowed"))
        for (const JsonNode& s : l->items) a.allowed_products.push_back(s.text);
      if (const JsonNode* l = fp->find("restricted"))
        for (const JsonNode& s : l->items) a.restricted_products.push_back(s.text);
    }
  }

  void step_timeout(const JsonNode* n, g::ActionStep& a) {
    a.timeout_ns = algo_->default_step_timeout_ns;
    if (!n) return;
    if (n->is(JsonKind::Object)) {
      a.timeout_ns = duration_of(n->find("scheduleToCloseTimeout"), 0);
      return;
    }
    a.timeout_policy = n->text;
    for (const g::Timeout& t : algo_->timeouts)
      if (t.name == n->text) a.timeout_ns = t.schedule_to_close_ns;
  }

  static void approval(const JsonNode* n, g::ManualApprove& m) {
    if (!n || (n->is(JsonKind::Bool) && !n->boolean)) return;
    m.enabled = true;
    m.timeout_ns = kDefaultApproval;
    m.email_delay_ns = kDefaultEmailDelay;
    if (!n->is(JsonKind::Object)) return;
    m.timeout_ns = duration_of(n->find("timeout"), kDefaultApproval);
    if (const JsonNode* e = n->find("emailNotifications")) {
      const JsonNode* enabled = e->find("enabled");
      m.email = enabled && enabled->boolean;
      m.email_delay_ns = duration_of(e->find("delay"), kDefaultEmailDelay);
    }
  }

  void fan_out(const JsonNode& n, const std::string& path, bool is_split, g::FanOut& f) {
    f.is_split = is_split;
    if (const JsonNode* in = n.find("input")) f.input = value(*in, child_path(path, "input"));
    if (const JsonNode* b = n.find("batchSize"); b && b->is_integer) f.batch_size = uint32_t(b->integer);
    f.parallel = string_of(n.find("mode"), "parallel") == "parallel";
    f.on_error = on_error(n);
    if (const JsonNode* ag = n.find("aggregate")) f.aggregate = jq_field(*ag, child_path(path, "aggregate"));
    f.output = output(n.find("output"), child_path(path, "output"), true);
    if (is_split) {
      f.branches.push_back(g::Branch{"", block(n.find("steps"), child_path(path, "steps"))});
      return;
    }
    const JsonNode& list = *n.find("branches");
    for (size_t i = 0; i < list.items.size(); ++i) {
      std::string bp = index_path(child_path(path, "branches"), i);
      f.branches.push_back(
          g::Branch{string_of(list.items[i].find("name")), block(list.items[i].find("steps"), child_path(bp, "steps"))});
    }
  }

  void cases(const JsonNode& n, const std::string& path, std::vector<g::Case>& out) {
    const JsonNode& list = *n.find("conditions");
    for (size_t i = 0; i < list.items.size(); ++i) {
      std::string cp = index_path(child_path(path, "conditions"), i);
      g::Case c;
      c.condition = jq_field(*list.items[i].find("condition"), child_path(cp, "condition"));
      c.steps = block(list.items[i].find("steps"), child_path(cp, "steps"));
      out.push_back(std::move(c));
    }
  }

  std::string_view text_;
  const CompileExpression& compile_;
  BuildResult& out_;
  support::LineIndex lines_;
  g::Algorithm* algo_ = nullptr;
};

}  // namespace

BuildResult build_algorithm(std::string_view text, const CheckOptions& check, const CompileExpression& compile) {
  BuildResult out;
  CheckResult checked = check_algorithm(text, check);
  bool valid = checked.ok();
  out.diagnostics = std::move(checked.diagnostics);
  if (!valid) return out;
  Builder builder(text, compile, out);
  std::unique_ptr<g::Algorithm> a = builder.document(checked.root);
  bool failed = std::any_of(out.diagnostics.begin(), out.diagnostics.end(), [](const support::Diagnostic& d) {
    return d.severity == support::Severity::Error;
  });
  if (!failed) out.algorithm = std::move(a);
  return out;
}

}  // namespace riposte::frontend::algorithm
