// The stable text of a plan (`riposte ir --triggers`), pinned by golden files.
#include <fmt/format.h>

#include "ir/printer.h"
#include "ir/triggers/plan.h"

namespace riposte::ir::triggers {
namespace {

const char* test_name(TestKind t) {
  switch (t) {
    case TestKind::StartsWith: return "startswith";
    case TestKind::EndsWith: return "endswith";
    case TestKind::Contains: return "contains";
    case TestKind::Regex: return "test";
    default: return "";
  }
}

std::string rel_text(const std::vector<std::string>& rel) {
  std::string out;
  for (const std::string& r : rel) out += "." + r;
  return out.empty() ? "." : out;
}

std::string test_text(const PlanNode& n, const std::string& value) {
  if (n.test == TestKind::Truthy) return value;
  if (n.test == TestKind::Compare) return fmt::format("{} {} {}", value, spelling(n.op), n.constant);
  if (n.test == TestKind::Regex)  // ["re"] or ["re","flags"]: the arguments
    return fmt::format("{} | test({})", value, n.constant.substr(1, n.constant.size() - 2));
  return fmt::format("{} | {}({})", value, test_name(n.test), n.constant);
}

std::string node_text(const Plan& p, uint32_t id) {
  const PlanNode& n = p.nodes[id];
  std::string index = n.index == kNoId ? "" : fmt::format(" [i{}]", n.index);
  switch (n.kind) {
    case Cond::Kind::And: return fmt::format("({} and {})", node_text(p, n.a), node_text(p, n.b));
    case Cond::Kind::Or: return fmt::format("({} or {})", node_text(p, n.a), node_text(p, n.b));
    case Cond::Kind::Not: return fmt::format("not({})", node_text(p, n.a));
    case Cond::Kind::Test:
      return test_text(n, n.element ? rel_text(n.rel) : fmt::format("s{}", n.source)) + index;
    case Cond::Kind::Any: return fmt::format("any(s{}; {}){}", n.source, node_text(p, n.a), index);
    case Cond::Kind::Count:
      return fmt::format("count(s{}; {}) {} {}", n.source, node_text(p, n.a), spelling(n.op), n.constant);
  }
  return "?";
}

std::string source_text(const PlanSource& s) {
  std::string head = s.elements ? "elements of " : "";
  if (!s.program) return head + s.key;
  std::string body = print(*s.program), out = head + "program\n";
  size_t at = 0;
  while (at < body.size()) {
    size_t end = body.find('\n', at);
    if (end == std::string::npos) end = body.size();
    out += "    " + body.substr(at, end - at) + "\n";
    at = end + 1;
  }
  if (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

}  // namespace

std::string print(const Plan& p, const std::vector<std::string>& ids) {
  size_t residual = 0;
  for (const PlannedTrigger& t : p.triggers) residual += t.root == kNoId;
  std::string out = fmt::format("; {} triggers: {} as atoms, {} residual; {} sources, {} nodes, {} hash indexes\n",
                                p.triggers.size(), p.triggers.size() - residual, residual, p.sources.size(),
                                p.nodes.size(), p.indexes.size());
  out += "; sources (each loaded once per alert)\n";
  for (size_t i = 0; i < p.sources.size(); ++i) out += fmt::format("s{} = {}\n", i, source_text(p.sources[i]));
  out += "; hash indexes (one probe per value or element)\n";
  for (size_t i = 0; i < p.indexes.size(); ++i) {
    const HashIndex& x = p.indexes[i];
    out += fmt::format("i{} = {}s{}{} {}: {} entries\n", i, x.elements ? "each element of " : "", x.source,
                       x.elements ? " at " + rel_text(x.rel) : "", x.regex ? "| test or contains" : "== string",
                       x.entries.size());
  }
  out += "; triggers\n";
  for (size_t i = 0; i < p.triggers.size(); ++i) {
    const PlannedTrigger& t = p.triggers[i];
    std::string id = i < ids.size() ? ids[i] : fmt::format("#{}", i);
    out += t.root == kNoId ? fmt::format("{}: residual ({})\n", id, t.why)
                           : fmt::format("{}: {}\n", id, node_text(p, t.root));
  }
  return out;
}

}  // namespace riposte::ir::triggers
