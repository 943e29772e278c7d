// Steps (algorithm.md, "Steps"): each is an object with exactly one kind;
// split, scatter-gather, switch and updateData here, responseAction in
// validate_action.cpp.
#include <fmt/format.h>

#include <algorithm>
#include <cstdint>

#include "frontend/algorithm/checker.h"

namespace riposte::frontend::algorithm {
namespace {

constexpr Field kStep[] = {
    {"responseAction", false, &Checker::check_response_action},
    {"split", false, &Checker::check_split},
    {"scatter-gather", false, &Checker::check_scatter_gather},
    {"switch", false, &Checker::check_switch},
    {"updateData", false, &Checker::check_update_data},
};

constexpr Field kSplit[] = {
    {"input", true, &Checker::check_value_expression},
    {"batchSize", false, &Checker::check_batch_size},
    {"mode", false, &Checker::check_mode},
    {"aggregate", false, &Checker::check_jq_field},
    {"output", false, &Checker::check_output},
    {"onError", false, &Checker::check_on_error},
    {"steps", true, &Checker::check_steps},
};

constexpr Field kScatterGather[] = {
    {"input", false, &Checker::check_any_templates},
    {"branches", true, &Checker::check_branches},
    {"aggregate", false, &Checker::check_jq_field},
    {"output", false, &Checker::check_output},
    {"onError", false, &Checker::check_on_error},
};

constexpr Field kBranch[] = {
    {"name", true, &Checker::check_name},
    {"steps", true, &Checker::check_steps},
};

constexpr Field kSwitch[] = {{"conditions", true, &Checker::check_conditions}};

constexpr Field kCondition[] = {
    {"condition", true, &Checker::check_jq_field},
    {"steps", true, &Checker::check_case_steps},
};

constexpr Field kOutputObject[] = {
    {"action", true, &Checker::check_output_action},
    {"filter", false, &Checker::check_jq_field},
};

constexpr std::string_view kModes[] = {"parallel", "sequence"};
constexpr std::string_view kOutputActions[] = {"merge", "overwrite"};

}  // namespace

// A non-empty array of steps (executionFlow, split and branch steps).
void Checker::check_steps(const JsonNode& n, const std::string& path) {
  if (!expect(n, JsonKind::Array, path)) return;
  if (n.items.empty()) report_at(diag::Empty, path, n);
  for (size_t i = 0; i < n.items.size(); ++i) check_step(n.items[i], index_path(path, i));
}

// A switch case may run nothing.
void Checker::check_case_steps(const JsonNode& n, const std::string& path) {
  check_list(n, path, [&](const JsonNode& step, const std::string& step_path) { check_step(step, step_path); });
}

void Checker::check_step(const JsonNode& n, const std::string& path) {
  if (!check_object(n, path, kStep)) return;
  const JsonMember* first = nullptr;
  for (const JsonMember& m : n.members) {
    bool is_kind = std::any_of(std::begin(kStep), std::end(kStep), [&](const Field& f) { return f.key == m.key; });
    if (!is_kind || (first && first->key == m.key)) continue;
    if (!first) {
      first = &m;
      continue;
    }
    report(diag::TwoStepKinds, child_path(path, m.key), m.key_begin, m.key_end, m.key, first->key);
  }
  if (n.members.empty()) report_at(diag::NoStepKind, path, n);
}

void Checker::check_split(const JsonNode& n, const std::string& path) { check_object(n, path, kSplit); }

// A value computed by one `${...}`, or a literal array.
void Checker::check_value_expression(const JsonNode& n, const std::string& path) {
  if (n.is(JsonKind::Array)) {
    check_any_templates(n, path);
    return;
  }
  if (!n.is(JsonKind::String)) {
    report_at(diag::WrongType, path, n, "an array or a ${...} expression", describe(n.kind));
    return;
  }
  if (!is_dynamic(n, path)) report_at(diag::NotWholeExpression, path, n, "an array");
}

void Checker::check_batch_size(const JsonNode& n, const std::string& path) {
  check_integer(n, path, 1, INT64_MAX);
}

void Checker::check_mode(const JsonNode& n, const std::string& path) { check_enum(n, path, kModes); }

void Checker::check_scatter_gather(const JsonNode& n, const std::string& path) { check_object(n, path, kScatterGather); }

void Checker::check_branches(const JsonNode& n, const std::string& path) {
  if (!expect(n, JsonKind::Array, path)) return;
  if (n.items.empty()) report_at(diag::Empty, path, n);
  std::unordered_map<std::string, uint32_t> first;
  for (size_t i = 0; i < n.items.size(); ++i) {
    std::string branch_path = index_path(path, i);
    check_branch(n.items[i], branch_path);
    const JsonNode* name = n.items[i].find("name");
    if (!name || !name->is(JsonKind::String)) continue;
    if (auto [it, fresh] = first.emplace(name->text, name->begin); !fresh)
      report_at(diag::DuplicateBranch, child_path(branch_path, "name"), *name, name->text, line_of(it->second));
  }
}

void Checker::check_branch(const JsonNode& n, const std::string& path) { check_object(n, path, kBranch); }

void Checker::check_switch(const JsonNode& n, const std::string& path) { check_object(n, path, kSwitch); }

void Checker::check_conditions(const JsonNode& n, const std::string& path) {
  if (!expect(n, JsonKind::Array, path)) return;
  if (n.items.empty()) report_at(diag::Empty, path, n);
  for (size_t i = 0; i < n.items.size(); ++i) check_condition(n.items[i], index_path(path, i));
}

void Checker::check_condition(const JsonNode& n, const std::string& path) { check_object(n, path, kCondition); }

// `"<jq>"` or `{"action": "merge"|"overwrite", "filter": "<jq>"}`.
void Checker::check_update_data(const JsonNode& n, const std::string& path) {
  if (n.is(JsonKind::Object)) {
    check_object(n, path, kOutputObject);
    return;
  }
  if (!n.is(JsonKind::String)) {
    report_at(diag::WrongType, path, n, "a jq string or an object", describe(n.kind));
    return;
  }
  check_jq_field(n, path);
}

// `"merge"`, `"overwrite"` or `{"action": ..., "filter": "<jq>"}`.
void Checker::check_output(const JsonNode& n, const std::string& path) {
  if (n.is(JsonKind::Object)) {
    check_object(n, path, kOutputObject);
    return;
  }
  if (!n.is(JsonKind::String)) {
    report_at(diag::WrongType, path, n, "\"merge\", \"overwrite\" or an object", describe(n.kind));
    return;
  }
  check_output_action(n, path);
}

void Checker::check_output_action(const JsonNode& n, const std::string& path) { check_enum(n, path, kOutputActions); }

}  // namespace riposte::frontend::algorithm
