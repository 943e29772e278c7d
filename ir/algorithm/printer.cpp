// The step-graph dump: one line per node, nested blocks indented.
#include "ir/algorithm/printer.h"

#include <fmt/format.h>

#include "ir/printer.h"

namespace riposte::ir::algorithm {
namespace {

std::string expr_ref(ExprId id) { return id == kNone ? std::string("none") : fmt::format("#{}", id); }

std::string quote(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out + "\"";
}

std::string print_template(const ValueTemplate& t) {
  switch (t.kind) {
    case ValueTemplate::Kind::Literal: return t.literal;
    case ValueTemplate::Kind::Expression: return expr_ref(t.expr);
    case ValueTemplate::Kind::Interpolation: {
      std::string out = "interpolate(";
      for (size_t i = 0; i < t.parts.size(); ++i) {
        if (i) out += ", ";
        out += t.parts[i].expr == kNone ? quote(t.parts[i].text) : expr_ref(t.parts[i].expr);
      }
      return out + ")";
    }
    case ValueTemplate::Kind::Array: {
      std::string out = "[";
      for (size_t i = 0; i < t.items.size(); ++i) out += (i ? ", " : "") + print_template(t.items[i]);
      return out + "]";
    }
    case ValueTemplate::Kind::Object: {
      std::string out = "{";
      for (size_t i = 0; i < t.members.size(); ++i)
        out += (i ? ", " : "") + quote(t.members[i].first) + ": " + print_template(t.members[i].second);
      return out + "}";
    }
  }
  return "?";
}

const char* on_error(OnError e) { return e == OnError::Stop ? "stop" : "continue"; }

std::string print_output(const Output& o) {
  if (!o.present) return "none";
  std::string out = o.action == OutputAction::Merge ? "merge" : "overwrite";
  if (o.filter != kNone) out += " filter=" + expr_ref(o.filter);
  return out;
}

struct Printer {
  std::string out;

  void line(int depth, const std::string& text) {
    out.append(size_t(depth) * 2, ' ');
    out += text;
    out += '\n';
  }

  void block(const Block& b, int depth) {
    if (b.steps.empty()) line(depth, "(no steps)");
    for (const Step& s : b.steps) step(s, depth);
  }

  void action(const Step& s, int depth) {
    const ActionStep& a = s.action;
    std::string text = fmt::format("{}: action {}", s.path, a.type);
    if (a.takes_assets) text += " assets=" + print_template(a.assets);
    text += " params=" + (a.params.present() ? print_template(a.params) : std::string("{}"));
    line(depth, text);
    std::string policy = a.timeout_policy.empty() ? "" : fmt::format(" ({})", a.timeout_policy);
    std::string extra = fmt::format("output={} onError={} timeout={}{}", print_output(a.output),
                                    on_error(a.on_error), a.timeout_ns ? print_duration(a.timeout_ns) : "run",
                                    policy);
    if (a.approve.enabled) {
      extra += " approve=" + print_duration(a.approve.timeout_ns);
      if (a.approve.email) extra += " email=" + print_duration(a.approve.email_delay_ns);
    }
    line(depth + 2, extra);
  }

  void fan_out(const Step& s, int depth) {
    const FanOut& f = s.fan_out;
    if (f.is_split) {
      line(depth, fmt::format("{}: fan-out split input={} batchSize={} mode={} onError={}", s.path,
                              print_template(f.input), f.batch_size, f.parallel ? "parallel" : "sequence",
                              on_error(f.on_error)));
      line(depth + 1, "branch (each batch):");
      block(*f.branches.at(0).steps, depth + 2);
    } else {
      line(depth, fmt::format("{}: fan-out scatter-gather input={} onError={}", s.path,
                              f.input.present() ? print_template(f.input) : ".", on_error(f.on_error)));
      for (const Branch& b : f.branches) {
        line(depth + 1, fmt::format("branch {}:", quote(b.name)));
        block(*b.steps, depth + 2);
      }
    }
    line(depth + 1, fmt::format("join aggregate={} output={}", expr_ref(f.aggregate), print_output(f.output)));
  }

  void step(const Step& s, int depth) {
    switch (s.kind) {
      case Step::Kind::Action: action(s, depth); break;
      case Step::Kind::FanOut: fan_out(s, depth); break;
      case Step::Kind::Switch:
        line(depth, fmt::format("{}: branch switch", s.path));
        for (const Case& c : s.cases) {
          line(depth + 1, fmt::format("case {}:", expr_ref(c.condition)));
          block(*c.steps, depth + 2);
        }
        line(depth + 1, "otherwise: nothing");
        break;
      case Step::Kind::Update:
        line(depth, fmt::format("{}: update {}", s.path, print_output(s.update)));
        break;
    }
  }
};

}  // namespace

std::string print_duration(int64_t ns) {
  if (ns == 0) return "0s";
  constexpr int64_t kMs = 1'000'000, kS = 1000 * kMs, kM = 60 * kS, kH = 60 * kM;
  if (ns % kS != 0) return fmt::format("{}ms", ns / kMs);
  std::string out;
  if (ns >= kH) out += fmt::format("{}h", ns / kH), ns %= kH;
  if (ns >= kM) out += fmt::format("{}m", ns / kM), ns %= kM;
  if (ns > 0) out += fmt::format("{}s", ns / kS);
  return out;
}

std::string print(const Algorithm& a) {
  Printer p;
  p.line(0, fmt::format("algorithm dslSpecVersion={} version={} responseActionsSpecVersion={}", a.dsl_version,
                        a.version, a.actions_version));
  p.line(1, fmt::format("playbookRunTimeout={} default step timeout={}", print_duration(a.run_timeout_ns),
                        a.default_step_timeout_ns ? print_duration(a.default_step_timeout_ns) : "run"));
  for (const Timeout& t : a.timeouts)
    p.line(1, fmt::format("timeout policy {}={}", quote(t.name), print_duration(t.schedule_to_close_ns)));
  p.line(1, fmt::format("input={} output={}", expr_ref(a.input), expr_ref(a.output)));
  p.line(0, "flow:");
  p.block(a.flow, 1);
  p.line(0, "expressions:");
  for (size_t i = 0; i < a.expressions.size(); ++i) {
    const Expression& e = a.expressions[i];
    size_t b = e.jq.find_first_not_of(" \t\n"), z = e.jq.find_last_not_of(" \t\n");
    p.line(1, fmt::format("#{} {}: {}", i, e.path, b == std::string::npos ? "" : e.jq.substr(b, z - b + 1)));
    if (!e.module) continue;
    std::string body = ir::print(*e.module);
    size_t start = 0;
    while (start < body.size()) {
      size_t end = body.find('\n', start);
      if (end == std::string::npos) end = body.size();
      p.line(2, body.substr(start, end - start));
      start = end + 1;
    }
  }
  return p.out;
}

}  // namespace riposte::ir::algorithm
