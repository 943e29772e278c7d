// Building the cross-trigger plan: sharing sources and nodes, then grouping
// string equalities into hash indexes.
#include "ir/triggers/plan.h"

#include <fmt/format.h>

#include <map>
#include <unordered_map>

namespace riposte::ir::triggers {
namespace {

bool is_string_json(const std::string& json) { return !json.empty() && json[0] == '"'; }

class Builder {
 public:
  Plan plan;

  uint32_t add(Cond& c, bool element) {
    PlanNode n;
    n.kind = c.kind;
    n.element = element;
    switch (c.kind) {
      case Cond::Kind::And:
      case Cond::Kind::Or:
        n.a = add(*c.a, element);
        n.b = add(*c.b, element);
        break;
      case Cond::Kind::Not: n.a = add(*c.a, element); break;
      case Cond::Kind::Test:
        if (element) {
          for (const Step& s : c.source.steps) n.rel.push_back(s.key);
        } else {
          n.source = source(std::move(c.source), false);
        }
        n.test = c.test;
        n.op = c.op;
        n.constant = c.constant;
        break;
      case Cond::Kind::Any:
      case Cond::Kind::Count:
        n.source = source(std::move(c.source), true);
        n.a = add(*c.a, true);
        n.op = c.op;
        n.constant = c.constant;
        break;
    }
    return intern(std::move(n));
  }

  void build_indexes() {
    for (uint32_t id = 0; id < plan.nodes.size(); ++id) {
      PlanNode& n = plan.nodes[id];
      if (n.element) continue;
      if (is_string_equality(n) || is_regex(n)) {
        bool regex = is_regex(n);
        index_for(n.source, {}, false, regex).entries.emplace_back(n.constant, id);
        n.index = index_of_[index_key(n.source, {}, false, regex)];
      } else if (n.kind == Cond::Kind::Any) {
        index_any(id);
      }
    }
  }

 private:
  static bool is_string_equality(const PlanNode& n) {
    return n.kind == Cond::Kind::Test && n.test == TestKind::Compare && n.op == BinOp::Eq &&
           is_string_json(n.constant);
  }

  // Tests a pattern index answers, all of one value in one pass: `test(re)`
  // and `contains("literal")` (a substring is the literal's pattern).
  static bool is_regex(const PlanNode& n) {
    return n.kind == Cond::Kind::Test &&
           (n.test == TestKind::Regex || (n.test == TestKind::Contains && is_string_json(n.constant)));
  }

  // An Any whose element condition is `.R == "c1" or .R == "c2" ...` (one
  // sub-path R) is answered by the elements' hash index on R; one whose
  // condition is `.R | test("a") or .R | contains("b") ...` by their
  // pattern (regex) index on R.
  void index_any(uint32_t id) {
    std::vector<uint32_t> leaves;
    bool regex = false;
    if (!or_leaves(plan.nodes[id].a, leaves, regex)) {
      leaves.clear();
      regex = true;
      if (!or_leaves(plan.nodes[id].a, leaves, regex)) return;
    }
    const std::vector<std::string>& rel = plan.nodes[leaves[0]].rel;
    for (uint32_t leaf : leaves)
      if (plan.nodes[leaf].rel != rel) return;
    uint32_t source = plan.nodes[id].source;
    HashIndex& index = index_for(source, rel, true, regex);
    for (uint32_t leaf : leaves) index.entries.emplace_back(plan.nodes[leaf].constant, id);
    plan.nodes[id].index = index_of_[index_key(source, rel, true, regex)];
  }

  bool or_leaves(uint32_t id, std::vector<uint32_t>& out, bool regex) const {
    const PlanNode& n = plan.nodes[id];
    if (n.kind == Cond::Kind::Or) return or_leaves(n.a, out, regex) && or_leaves(n.b, out, regex);
    if (regex ? !is_regex(n) : !is_string_equality(n)) return false;
    out.push_back(id);
    return true;
  }

  static std::string index_key(uint32_t source, const std::vector<std::string>& rel, bool elements, bool regex) {
    std::string key = fmt::format("{}|{}|{}", source, elements, regex);
    for (const std::string& r : rel) key += "|" + r;
    return key;
  }

  HashIndex& index_for(uint32_t source, const std::vector<std::string>& rel, bool elements, bool regex) {
    auto [it, fresh] = index_of_.emplace(index_key(source, rel, elements, regex), plan.indexes.size());
    if (fresh) {
      HashIndex index;
      index.source = source;
      index.rel = rel;
      index.elements = elements;
      index.regex = regex;
      plan.indexes.push_back(std::move(index));
    }
    return plan.indexes[it->second];
  }

  uint32_t source(Source&& s, bool elements) {
    std::string key = s.key + (elements ? "\n#elements" : "");
    auto [it, fresh] = source_of_.emplace(key, plan.sources.size());
    if (fresh) {
      PlanSource p;
      p.root = std::move(s.root);
      p.steps = std::move(s.steps);
      p.program = std::move(s.program);
      p.elements = elements;
      p.key = std::move(s.key);
      plan.sources.push_back(std::move(p));
    }
    return it->second;
  }

  uint32_t intern(PlanNode&& n) {
    std::string key = fmt::format("{}|{}|{}|{}|{}|{}|{}|{}|", static_cast<int>(n.kind), n.element, n.a, n.b,
                                  n.source, static_cast<int>(n.test), static_cast<int>(n.op), n.constant);
    for (const std::string& r : n.rel) key += r + "\x1f";
    auto [it, fresh] = node_of_.emplace(std::move(key), plan.nodes.size());
    if (fresh) plan.nodes.push_back(std::move(n));
    return it->second;
  }

  std::unordered_map<std::string, uint32_t> source_of_, node_of_, index_of_;
};

}  // namespace

Plan build_plan(std::vector<TriggerForm> forms) {
  Builder b;
  for (TriggerForm& f : forms) {
    PlannedTrigger t;
    if (f.cond) {
      t.root = b.add(*f.cond, false);
    } else {
      t.why = f.why;
    }
    b.plan.triggers.push_back(std::move(t));
  }
  b.build_indexes();
  return std::move(b.plan);
}

}  // namespace riposte::ir::triggers
