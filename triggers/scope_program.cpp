// Executing the cross-trigger plan on one alert.
//
// Why the answers are exact (docs/triggers.md has the full argument): an
// answer other than Unknown is only given when every atom it depends on was
// computed without meeting a case outside the model, and then
//   - a native path walk gives the value jq's `.a.b` gives (a member of an
//     object, null below null); a non-object non-null is Unknown (jq errors);
//   - a native `[]` gives jq's elements (array items, object values in key
//     order, as Value's sorted objects iterate); anything else is Unknown;
//   - a fragment program is the trigger's own sub-expression: Known only
//     when it ran without error and yielded exactly one value, under half
//     the budgets (so the whole trigger, which does that work plus a
//     constant or per-element amount, stays within its own budgets);
//   - comparisons use the VM's own operator (binary_op), string tests
//     require a string (jq errors otherwise);
//   - and / or / not follow jq's left-to-right short-circuit, so an atom jq
//     would not evaluate is not looked at either;
//   - Any and Count are Unknown as soon as one element is, so the collecting
//     forms `[G | C] | any` (which error on any element) and the
//     short-circuit form `any(G; C)` (which may not) are both exact.
#include "triggers/scope_program.h"

#include <re2/re2.h>
#include <re2/set.h>

#include <limits>
#include <string_view>

#include "triggers/trigger_env.h"
#include "triggers/range_index.h"
#include "stdlib/regex.h"
#include "value/json.h"
#include "value/ops.h"

namespace riposte::triggers {

using ir::triggers::Cond;
using ir::triggers::kNoId;
// In Hot::index: a range index (triggers/range_index.h) or a count group, not
// a hash index.
constexpr uint32_t kRangeFlag = 0x80000000u;
constexpr uint32_t kCountFlag = 0x40000000u;
using ir::triggers::PlanNode;
using ir::triggers::TestKind;

namespace {

const Value kNull;  // null: no heap cell, safe to share between threads

// `.key` on v as jq does it; nullptr where jq raises an error.
const Value* member(const Value& v, const std::string& key) {
  if (v.is_object()) {
    const Value* found = v.find(key);
    return found ? found : &kNull;
  }
  return v.is_null() ? &kNull : nullptr;
}

// `[]` on v as jq does it; false where jq raises an error.
bool each(const Value& v, std::vector<const Value*>& out) {
  if (v.is_array()) {
    for (const Value& item : v.items()) out.push_back(&item);
    return true;
  }
  if (v.is_object()) {
    for (const auto& entry : v.entries()) out.push_back(&entry.second);
    return true;
  }
  return false;
}

const Value* walk(const Value* v, const std::vector<std::string>& keys) {
  for (const std::string& k : keys) {
    if (!(v = member(*v, k))) return nullptr;
  }
  return v;
}

Answer of(bool b) { return b ? Answer::True : Answer::False; }

// The text RE2 is given: never a null pointer (an empty Value string may
// have none), as stdlib/regex.cpp does for `test`.
re2::StringPiece re2_text(std::string_view s) {
  static const char kEmpty[] = "";
  return s.data() ? re2::StringPiece(s.data(), s.size()) : re2::StringPiece(kEmpty, 0);
}

// The RE2 expression of a regex test's constant (["re"] or ["re","flags"]),
// exactly as `test(re; flags)` compiles it, or of a contains test's string
// constant (the literal, quoted: on a string, contains is a substring
// test); false where `test` would error on its arguments (its own program
// then reports that).
bool regex_of(const std::string& constant, std::string& expr) {
  Value args;
  JsonError err;
  if (!parse_json(constant, args, err)) return false;
  if (args.is_string()) {
    expr = RE2::QuoteMeta(re2_text(args.str()));
    return true;
  }
  if (!args.is_array() || args.size() < 1 || args.size() > 2) return false;
  const Value& re = args.items()[0];
  const Value* flags = args.size() == 2 ? &args.items()[1] : nullptr;
  if (!re.is_string() || (flags && !flags->is_string())) return false;
  std::string error;
  return stdlib::regex_expression(re.str(), flags ? flags->str() : std::string_view(), expr, error);
}

struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

}  // namespace

struct ScopeProgram::CountGroup {
  uint32_t source = kNoId;
  std::vector<std::string> rel;  // R, below each element
  std::unordered_map<std::string, std::vector<uint32_t>, StringHash, std::equal_to<>> by_constant;  // "c" -> slots
  std::vector<uint32_t> nodes;   // per slot: the Count node
};

struct ScopeProgram::Source {
  std::unique_ptr<vm::Program> program;  // fragment programs only
  const ir::Module* module = nullptr;
};

// The fields of a node the per-alert loop reads, packed (20 bytes instead
// of PlanNode's strings and vectors), so that thousands of triggers touch
// few cache lines.
struct ScopeProgram::Hot {
  Cond::Kind kind;
  uint32_t a, b, source, index;
};

struct ScopeProgram::Index {
  std::unordered_map<std::string, std::vector<uint32_t>, StringHash, std::equal_to<>> nodes;
  std::vector<uint32_t> all;  // every node the index answers
  // A regex index: every expression of the value in one set; pattern i of
  // the set makes set_nodes[i] true.
  std::unique_ptr<RE2::Set> set;
  std::vector<std::vector<uint32_t>> set_nodes;
  bool disabled = false;  // its nodes are evaluated one by one
};

struct ScopeProgram::State {
  const Value* object = nullptr;
  const Value* event = nullptr;
  std::vector<uint8_t> nodes;   // Answer per top-level node (None: not yet)
  std::vector<uint8_t> loaded;  // per source: 0 not yet, 1 loaded, 2 Unknown
  std::vector<const Value*> value;
  std::vector<std::vector<const Value*>> elements;
  std::vector<Value> owned;     // per source: a fragment's output
  std::vector<uint8_t> probed;  // per index: 0 not yet, 1 done, 2 Unknown
  std::vector<uint8_t> ranged;  // per range index: the same
  std::vector<uint8_t> counted; // per count group: the same
  std::vector<int64_t> tally;   // a count group's counts, per slot
  std::vector<uint32_t> hits;
  std::vector<int> matched;     // a regex index's set matches
};

namespace {

// Below these budgets a trigger's own program may run out on its fixed costs
// alone (its frames, its globals), which the plan does not model: the
// shared program then leaves every trigger to its own program.  The shapes
// the plan models need a few hundred instructions and a few KiB plus the
// per-element amounts bounded by max_elements_.
constexpr uint64_t kMinFuel = 100'000;
constexpr uint64_t kMinMemory = 1u << 20;
constexpr uint32_t kMinDepth = 256;

bool generous(const vm::Budgets& b) {
  return (!b.fuel || b.fuel >= kMinFuel) && (!b.memory_bytes || b.memory_bytes >= kMinMemory) &&
         (!b.max_depth || b.max_depth >= kMinDepth);
}

}  // namespace

ScopeProgram::ScopeProgram(ir::triggers::Plan plan, const vm::Budgets& budgets) : plan_(std::move(plan)) {
  enabled_ = generous(budgets);
  // Fragments run with half the budgets: see the comment at the top.
  source_budgets_.fuel = budgets.fuel / 2;
  source_budgets_.memory_bytes = budgets.memory_bytes / 2;
  // The trigger may run the fragment below a few frames of its own.
  source_budgets_.max_depth = budgets.max_depth ? budgets.max_depth - kMinDepth / 4 : 0;
  if (budgets.fuel && !source_budgets_.fuel) source_budgets_.fuel = 1;
  if (budgets.memory_bytes && !source_budgets_.memory_bytes) source_budgets_.memory_bytes = 1;
  // A trigger spends well under 100 instructions and 1 KiB per element on
  // the shapes the plan models; beyond this many elements its own program
  // decides (it may be the one to run out of budget).
  max_elements_ = std::numeric_limits<size_t>::max();
  if (budgets.fuel) max_elements_ = std::min<size_t>(max_elements_, budgets.fuel / 100);
  if (budgets.memory_bytes) max_elements_ = std::min<size_t>(max_elements_, budgets.memory_bytes / 1024);

  // Contiguous roots for the per-trigger loop; all kNoId when disabled.
  for (const auto& t : plan_.triggers) roots_.push_back(enabled_ ? t.root : kNoId);
  sources_.resize(plan_.sources.size());
  for (size_t i = 0; i < plan_.sources.size(); ++i) {
    if (!plan_.sources[i].program) continue;
    sources_[i].module = plan_.sources[i].program.get();
    sources_[i].program = vm::Program::compile(*plan_.sources[i].program);
  }
  hot_.reserve(plan_.nodes.size());
  for (const PlanNode& n : plan_.nodes) hot_.push_back({n.kind, n.a, n.b, n.source, n.index});
  constants_.resize(plan_.nodes.size());
  for (size_t i = 0; i < plan_.nodes.size(); ++i) {
    const std::string& text = plan_.nodes[i].constant;
    JsonError err;
    if (!text.empty() && parse_json(text, constants_[i], err)) constants_[i] = pool_.add(constants_[i]);
  }
  regexes_.resize(plan_.nodes.size());
  for (size_t i = 0; i < plan_.nodes.size(); ++i) {
    std::string expr;
    if (plan_.nodes[i].test != TestKind::Regex || plan_.nodes[i].kind != Cond::Kind::Test ||
        !regex_of(plan_.nodes[i].constant, expr))
      continue;
    auto re = std::make_unique<RE2>(expr, stdlib::regex_options());
    if (re->ok()) regexes_[i] = std::move(re);
  }
  indexes_.resize(plan_.indexes.size());
  for (size_t i = 0; i < plan_.indexes.size(); ++i) {
    if (plan_.indexes[i].regex) {
      build_regex_index(i);
      continue;
    }
    for (const auto& [json, node] : plan_.indexes[i].entries) {
      Value c;
      JsonError err;
      if (parse_json(json, c, err) && c.is_string()) indexes_[i].nodes[std::string(c.str())].push_back(node);
      indexes_[i].all.push_back(node);
    }
  }
  build_range_indexes();
  build_count_groups();
}

// Count atoms whose element condition is one string equality `.R == "c"`
// (no hash index of their own) are grouped by elements and R.
void ScopeProgram::build_count_groups() {
  std::unordered_map<std::string, uint32_t> of_key;
  for (uint32_t i = 0; i < plan_.nodes.size(); ++i) {
    const PlanNode& n = plan_.nodes[i];
    if (n.kind != Cond::Kind::Count || n.element || hot_[i].index != kNoId || n.a == kNoId) continue;
    const PlanNode& leaf = plan_.nodes[n.a];
    const Value& c = constants_[n.a];
    if (leaf.kind != Cond::Kind::Test || !leaf.element || leaf.test != TestKind::Compare || leaf.op != ir::BinOp::Eq ||
        !c.is_string() || !constants_[i].is_number())
      continue;
    std::string key = std::to_string(n.source);
    for (const std::string& r : leaf.rel) key += "\x1f" + r;
    auto [it, fresh] = of_key.emplace(key, static_cast<uint32_t>(counts_.size()));
    if (fresh) {
      counts_.emplace_back();
      counts_.back().source = n.source;
      counts_.back().rel = leaf.rel;
    }
    CountGroup& g = counts_[it->second];
    g.by_constant[std::string(c.str())].push_back(static_cast<uint32_t>(g.nodes.size()));
    g.nodes.push_back(i);
    hot_[i].index = kCountFlag | it->second;
  }
}

// A count group: the first atom asked scans the elements once and decides
// every atom of the group; Unknown (each atom left to its trigger's own
// program) when an element has no value at R, as element_node would be.
Answer ScopeProgram::counted(State& s, uint32_t id) const {
  uint32_t g = hot_[id].index & ~kCountFlag;
  if (!s.counted[g]) {
    s.counted[g] = 2;
    const CountGroup& group = counts_[g];
    if (load(s, group.source)) {
      s.tally.assign(group.nodes.size(), 0);
      bool known = true;
      for (const Value* x : s.elements[group.source]) {
        const Value* v = walk(x, group.rel);
        if (!v) {
          known = false;
          break;
        }
        if (!v->is_string()) continue;  // never equal to a string constant
        auto it = group.by_constant.find(v->str());  // no copy: heterogeneous lookup
        if (it != group.by_constant.end())
          for (uint32_t slot : it->second) ++s.tally[slot];
      }
      if (known) {
        for (size_t slot = 0; slot < group.nodes.size(); ++slot) {
          uint32_t node = group.nodes[slot];
          Value out;
          binary_op(plan_.nodes[node].op, Value::integer(s.tally[slot]), constants_[node], out);
          s.nodes[node] = static_cast<uint8_t>(of(out.truthy()));
        }
        s.counted[g] = 1;
      }
    }
  }
  if (s.counted[g] == 2) return Answer::Unknown;
  return Answer(s.nodes[id]);
}

// Every `value op number` test (op one of < <= > >=) outside element loops
// joins the range index of its value's source.
void ScopeProgram::build_range_indexes() {
  std::unordered_map<uint32_t, uint32_t> of_source;
  for (uint32_t i = 0; i < plan_.nodes.size(); ++i) {
    const PlanNode& n = plan_.nodes[i];
    if (n.kind != Cond::Kind::Test || n.element || n.test != TestKind::Compare || hot_[i].index != kNoId ||
        !RangeIndex::accepts(n.op, constants_[i]))
      continue;
    auto [it, fresh] = of_source.emplace(n.source, static_cast<uint32_t>(ranges_.size()));
    if (fresh) {
      ranges_.emplace_back();
      range_source_.push_back(n.source);
    }
    ranges_[it->second].add(n.op, constants_[i], i);
    hot_[i].index = kRangeFlag | it->second;
  }
  for (RangeIndex& r : ranges_) r.finish();
}

// One RE2::Set of every expression the index tests.  A node with an
// expression `test` would refuse (bad flags, bad syntax) leaves the index
// and is evaluated alone (Unknown: its own program reports the error); a
// set that does not compile leaves every node to be evaluated alone.
void ScopeProgram::build_regex_index(size_t i) {
  const ir::triggers::HashIndex& h = plan_.indexes[i];
  Index& x = indexes_[i];
  std::unordered_map<uint32_t, bool> usable;  // node -> all its expressions are fine
  std::vector<std::pair<std::string, uint32_t>> exprs;
  for (const auto& [json, node] : h.entries) {
    std::string expr;
    bool ok = regex_of(json, expr) && RE2(expr, stdlib::regex_options()).ok();
    auto [it, fresh] = usable.emplace(node, ok);
    if (!fresh) it->second = it->second && ok;
    if (ok) exprs.emplace_back(std::move(expr), node);
  }
  auto leave = [&](uint32_t node) { hot_[node].index = kNoId; };
  x.set = std::make_unique<RE2::Set>(stdlib::regex_options(), RE2::UNANCHORED);
  std::unordered_map<std::string, int> slot;
  for (auto& [expr, node] : exprs) {
    if (!usable[node]) continue;
    auto [it, fresh] = slot.emplace(expr, static_cast<int>(x.set_nodes.size()));
    if (fresh) {
      std::string error;
      if (x.set->Add(expr, &error) != it->second) {
        x.disabled = true;
        break;
      }
      x.set_nodes.emplace_back();
    }
    std::vector<uint32_t>& to = x.set_nodes[it->second];
    if (to.empty() || to.back() != node) to.push_back(node);
  }
  if (!x.disabled && !x.set->Compile()) x.disabled = true;
  for (const auto& [node, ok] : usable) {
    if (x.disabled || !ok) {
      leave(node);
    } else {
      x.all.push_back(node);
    }
  }
  if (x.disabled) {
    x.set.reset();
    x.set_nodes.clear();
  }
}

ScopeProgram::~ScopeProgram() = default;

ScopeProgram::State& ScopeProgram::thread_state() {
  thread_local State state;
  return state;
}

void ScopeProgram::begin(State& s, const Value& object, const Value& event) const {
  s.object = &object;
  s.event = &event;
  s.nodes.assign(plan_.nodes.size(), 0);
  s.loaded.assign(plan_.sources.size(), 0);
  s.value.assign(plan_.sources.size(), nullptr);
  s.elements.resize(plan_.sources.size());
  s.owned.resize(plan_.sources.size());
  for (size_t i = 0; i < sources_.size(); ++i)
    if (sources_[i].program) s.owned[i] = Value();
  s.probed.assign(plan_.indexes.size(), 0);
  s.ranged.assign(ranges_.size(), 0);
  s.counted.assign(counts_.size(), 0);
  // Every index is probed up front (a handful of scans), so that the
  // triggers it answers find their answer memoised without reading their
  // node.
  if (enabled_)
    for (uint32_t i = 0; i < indexes_.size(); ++i)
      if (!indexes_[i].disabled) probe(s, i);
}

void ScopeProgram::end(State& s) const { s.owned.clear(); }

Answer ScopeProgram::answer(State& s, size_t trigger) const {
  uint32_t root = roots_[trigger];
  return root == kNoId ? Answer::Unknown : node(s, root);
}

Answer ScopeProgram::node(State& s, uint32_t id) const {
  if (s.nodes[id]) return Answer(s.nodes[id]);
  const Hot& n = hot_[id];
  Answer a = Answer::Unknown;
  if (n.index != kNoId) {
    a = n.index & kRangeFlag ? ranged(s, id) : n.index & kCountFlag ? counted(s, id) : indexed(s, id);
  } else {
    switch (n.kind) {
      case Cond::Kind::And:
        a = node(s, n.a);
        if (a == Answer::True) a = node(s, n.b);
        break;
      case Cond::Kind::Or:
        a = node(s, n.a);
        if (a == Answer::False) a = node(s, n.b);
        break;
      case Cond::Kind::Not:
        a = node(s, n.a);
        if (a != Answer::Unknown) a = of(a == Answer::False);
        break;
      case Cond::Kind::Test:
        a = load(s, n.source) ? test(plan_.nodes[id], *s.value[n.source]) : Answer::Unknown;
        break;
      case Cond::Kind::Any:
      case Cond::Kind::Count: a = elements_node(s, id); break;
    }
  }
  s.nodes[id] = static_cast<uint8_t>(a);
  return a;
}

Answer ScopeProgram::element_node(State& s, uint32_t id, const Value& x) const {
  const PlanNode& n = plan_.nodes[id];
  switch (n.kind) {
    case Cond::Kind::And: {
      Answer a = element_node(s, n.a, x);
      return a == Answer::True ? element_node(s, n.b, x) : a;
    }
    case Cond::Kind::Or: {
      Answer a = element_node(s, n.a, x);
      return a == Answer::False ? element_node(s, n.b, x) : a;
    }
    case Cond::Kind::Not: {
      Answer a = element_node(s, n.a, x);
      return a == Answer::Unknown ? a : of(a == Answer::False);
    }
    case Cond::Kind::Test: {
      const Value* v = walk(&x, n.rel);
      return v ? test(n, *v) : Answer::Unknown;
    }
    default: return Answer::Unknown;  // the plan has no nested element loops
  }
}

Answer ScopeProgram::test(const PlanNode& n, const Value& v) const {
  const Value& c = constants_[&n - plan_.nodes.data()];
  switch (n.test) {
    case TestKind::Truthy: return of(v.truthy());
    case TestKind::Compare: {
      Value out;
      binary_op(n.op, v, c, out);  // comparisons never fail
      return of(out.truthy());
    }
    case TestKind::StartsWith: return v.is_string() ? of(v.str().starts_with(c.str())) : Answer::Unknown;
    case TestKind::EndsWith: return v.is_string() ? of(v.str().ends_with(c.str())) : Answer::Unknown;
    case TestKind::Contains:
      return v.is_string() ? of(v.str().find(c.str()) != std::string_view::npos) : Answer::Unknown;
    case TestKind::Regex: {
      const RE2* re = regexes_[&n - plan_.nodes.data()].get();
      if (!re || !v.is_string()) return Answer::Unknown;
      return of(RE2::PartialMatch(re2_text(v.str()), *re));
    }
  }
  return Answer::Unknown;
}

Answer ScopeProgram::elements_node(State& s, uint32_t id) const {
  const PlanNode& n = plan_.nodes[id];
  if (!load(s, n.source)) return Answer::Unknown;
  int64_t count = 0;
  for (const Value* x : s.elements[n.source]) {
    Answer a = element_node(s, n.a, *x);
    if (a == Answer::Unknown) return a;
    count += a == Answer::True;
  }
  if (n.kind == Cond::Kind::Any) return of(count > 0);
  Value out;
  binary_op(n.op, Value::integer(count), constants_[id], out);
  return of(out.truthy());
}

// A numeric threshold test: the first one asked decides every test of its
// value (range_index.h).
Answer ScopeProgram::ranged(State& s, uint32_t id) const {
  uint32_t r = hot_[id].index & ~kRangeFlag;
  if (!s.ranged[r]) {
    s.ranged[r] = 2;
    if (load(s, range_source_[r])) {
      ranges_[r].decide(*s.value[range_source_[r]], s.nodes);
      s.ranged[r] = 1;
    }
  }
  if (s.ranged[r] == 2) return Answer::Unknown;
  return Answer(s.nodes[id]);
}

Answer ScopeProgram::indexed(State& s, uint32_t id) const {
  uint32_t index = hot_[id].index;
  if (!s.probed[index]) probe(s, index);
  if (s.probed[index] == 2) return Answer::Unknown;
  return s.nodes[id] == static_cast<uint8_t>(Answer::True) ? Answer::True : Answer::False;
}

// One probe per value (or per element): the nodes whose constant equals it
// become True; the others of the index are False once it is probed.  Hits
// are only written when every element was walked, so an Unknown index
// leaves no partial answers behind.
void ScopeProgram::probe(State& s, uint32_t index) const {
  const ir::triggers::HashIndex& h = plan_.indexes[index];
  const Index& x = indexes_[index];
  s.probed[index] = 2;
  if (!load(s, h.source)) return;
  s.hits.clear();
  // False where jq errors (test on a non-string) or the set gives up.
  auto look = [&](const Value& v) {
    if (x.set) {
      if (!v.is_string()) return false;
      s.matched.clear();
      RE2::Set::ErrorInfo info{RE2::Set::kNoError};
      if (!x.set->Match(re2_text(v.str()), &s.matched, &info) && info.kind != RE2::Set::kNoError) return false;
      for (int m : s.matched) s.hits.insert(s.hits.end(), x.set_nodes[m].begin(), x.set_nodes[m].end());
      return true;
    }
    if (!v.is_string()) return true;  // a non-string never equals a string constant
    auto it = x.nodes.find(v.str());
    if (it != x.nodes.end()) s.hits.insert(s.hits.end(), it->second.begin(), it->second.end());
    return true;
  };
  if (!h.elements) {
    if (!look(*s.value[h.source])) return;
  } else {
    for (const Value* e : s.elements[h.source]) {
      const Value* v = walk(e, h.rel);
      if (!v || !look(*v)) return;
    }
  }
  for (uint32_t node : x.all) s.nodes[node] = static_cast<uint8_t>(Answer::False);
  for (uint32_t hit : s.hits) s.nodes[hit] = static_cast<uint8_t>(Answer::True);
  s.probed[index] = 1;
}

bool ScopeProgram::load(State& s, uint32_t source) const {
  if (!s.loaded[source]) {
    bool ok = sources_[source].program ? load_program(s, source) : load_path(s, source);
    s.loaded[source] = ok ? 1 : 2;
  }
  return s.loaded[source] == 1;
}

bool ScopeProgram::load_path(State& s, uint32_t source) const {
  const ir::triggers::PlanSource& p = plan_.sources[source];
  const Value* root = s.object;
  if (p.root == kEventGlobal) {
    root = s.event;
  } else if (!p.root.empty() && p.root != kObjectGlobal) {
    return false;
  }
  if (!p.elements) {
    const Value* v = root;
    for (const auto& step : p.steps)
      if (!(v = member(*v, step.key))) return false;
    s.value[source] = v;
    return true;
  }
  std::vector<const Value*>& cur = s.elements[source];
  std::vector<const Value*> next;
  cur.assign(1, root);
  for (const auto& step : p.steps) {
    next.clear();
    for (const Value* v : cur) {
      if (step.iterate) {
        if (!each(*v, next)) return false;
      } else {
        const Value* m = member(*v, step.key);
        if (!m) return false;
        next.push_back(m);
      }
    }
    if (next.size() > max_elements_) return false;
    cur.swap(next);
  }
  return true;
}

bool ScopeProgram::load_program(State& s, uint32_t source) const {
  const Source& src = sources_[source];
  vm::FirstOutput out;
  static const vm::Host kNoHost;
  vm::Program::Outcome r = src.program->run(*s.object, trigger_globals(*src.module, *s.object, *s.event), source_budgets_,
                                        kNoHost, out.emitter());
  if (r.status != vm::Program::Status::Ok || out.count != 1) return false;
  s.owned[source] = std::move(out.first);
  s.value[source] = &s.owned[source];
  if (!plan_.sources[source].elements) return true;
  if (!s.owned[source].is_array() || s.owned[source].size() > max_elements_) return false;
  s.elements[source].clear();
  for (const Value& item : s.owned[source].items()) s.elements[source].push_back(&item);
  return true;
}

}  // namespace riposte::triggers
