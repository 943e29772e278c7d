// The validator's shared state and helpers: one Checker walks the tree
// (validate_*.cpp, param_check.cpp) and collects every diagnostic instead
// of stopping at the first.  Object shapes are tables of Fields: the key,
// whether it is required, and the member function that checks its value.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "frontend/algorithm/action_schema.h"
#include "frontend/algorithm/algorithm.h"
#include "frontend/algorithm/template.h"
#include "support/line_index.h"

namespace riposte::frontend::algorithm {

// The diagnostic kinds (support/diagnostics.def): `report(diag::Empty, ...)`.
namespace diag = support::diag;

class Checker;
using CheckFn = void (Checker::*)(const JsonNode& value, const std::string& path);

struct Field {
  std::string_view key;
  bool required;
  CheckFn check;
};

struct DurationBounds {
  int64_t min_ns, max_ns;
  bool allow_zero = false;
};

// JSON paths: `a.b[2].c`; keys that are not plain words are quoted (`a["x y"]`).
std::string child_path(const std::string& path, std::string_view key);
std::string index_path(const std::string& path, size_t index);
// "; did you mean "x"?" for the name of `known` closest to `name`, or "".
std::string did_you_mean(std::string_view name, std::span<const std::string_view> known);

class Checker {
 public:
  Checker(std::string_view text, const CheckOptions& options, CheckResult& out);

  void check_document(const JsonNode& root);

  // ---- reporting
  template <support::DiagKind K, typename... Args>
  void report(support::KindTag<K> kind, const std::string& path, uint32_t begin, uint32_t end, Args&&... args) {
    support::Diagnostic d = support::emit(kind, {}, std::forward<Args>(args)...);
    d.path = path;
    place(d, begin, end);
    out_.diagnostics.push_back(std::move(d));
  }
  // At a value: scalars are underlined whole, containers at their bracket.
  template <support::DiagKind K, typename... Args>
  void report_at(support::KindTag<K> kind, const std::string& path, const JsonNode& n, Args&&... args) {
    uint32_t end = n.is(JsonKind::Object) || n.is(JsonKind::Array) ? n.begin + 1 : n.end;
    report(kind, path, n.begin, end, std::forward<Args>(args)...);
  }
  void place(support::Diagnostic& d, size_t begin, size_t end) const;  // [begin, end) -> line:column range
  uint32_t line_of(size_t offset) const { return lines_.position(offset).line; }

  // ---- generic shapes
  bool expect(const JsonNode& n, JsonKind kind, const std::string& path);
  // Checks the members against `fields`; false when `n` is not an object.
  bool check_object(const JsonNode& n, const std::string& path, std::span<const Field> fields);
  bool check_non_empty_string(const JsonNode& n, const std::string& path);
  void check_enum(const JsonNode& n, const std::string& path, std::span<const std::string_view> choices);
  void check_duration(const JsonNode& n, const std::string& path, DurationBounds bounds);
  void report_unknown_key(const JsonMember& m, const std::string& path, std::span<const std::string_view> known);
  // Visits each member once: duplicates and keys not in `known` are
  // reported, the others handed to `visit` with their index in `known`.
  template <typename Visit>
  void walk_members(const JsonNode& n, const std::string& path, std::span<const std::string_view> known, Visit visit);

  // ---- expressions
  // A field that is jq by definition (aggregate, condition, filter, ...):
  // the string is the program; `${...}` around it is accepted too.
  void check_jq_field(const JsonNode& n, const std::string& path);
  // A string that may hold `${...}`; returns its template (parts empty on error).
  Template check_template(const JsonNode& n, const std::string& path);
  // A value that may be computed: a whole-`${...}` string (true) or a literal.
  bool is_dynamic(const JsonNode& n, const std::string& path);

  // ---- the document's parts (validate_*.cpp)
  void check_dsl_version(const JsonNode& n, const std::string& path);
  void check_version_string(const JsonNode& n, const std::string& path);
  void check_run_timeout(const JsonNode& n, const std::string& path);
  void check_timeouts(const JsonNode& n, const std::string& path);
  void check_timeout_policy(const JsonNode& n, const std::string& path);
  void check_name(const JsonNode& n, const std::string& path);
  void check_schedule_to_close(const JsonNode& n, const std::string& path);
  void check_input_type(const JsonNode& n, const std::string& path);
  void check_string(const JsonNode& n, const std::string& path);
  void check_steps(const JsonNode& n, const std::string& path);
  void check_step(const JsonNode& n, const std::string& path);
  void check_response_action(const JsonNode& n, const std::string& path);
  void check_function(const JsonNode& n, const std::string& path);
  void check_function_type(const JsonNode& n, const std::string& path);
  void check_assets(const JsonNode& n, const std::string& path);
  void check_params_value(const JsonNode& n, const std::string& path);
  void check_step_timeout(const JsonNode& n, const std::string& path);
  void check_manual_approve(const JsonNode& n, const std::string& path);
  void check_approve_timeout(const JsonNode& n, const std::string& path);
  void check_email_notifications(const JsonNode& n, const std::string& path);
  void check_email_delay(const JsonNode& n, const std::string& path);
  void check_bool(const JsonNode& n, const std::string& path);
  void check_on_error(const JsonNode& n, const std::string& path);
  void check_output(const JsonNode& n, const std::string& path);
  void check_output_action(const JsonNode& n, const std::string& path);
  void check_filter_product(const JsonNode& n, const std::string& path);
  void check_string_list(const JsonNode& n, const std::string& path);
  void check_split(const JsonNode& n, const std::string& path);
  void check_value_expression(const JsonNode& n, const std::string& path);
  void check_batch_size(const JsonNode& n, const std::string& path);
  void check_mode(const JsonNode& n, const std::string& path);
  void check_scatter_gather(const JsonNode& n, const std::string& path);
  void check_branches(const JsonNode& n, const std::string& path);
  void check_branch(const JsonNode& n, const std::string& path);
  void check_switch(const JsonNode& n, const std::string& path);
  void check_conditions(const JsonNode& n, const std::string& path);
  void check_condition(const JsonNode& n, const std::string& path);
  void check_case_steps(const JsonNode& n, const std::string& path);
  void check_update_data(const JsonNode& n, const std::string& path);

  // ---- response action parameters (param_check.cpp)
  void check_params(const JsonNode& params, const std::string& path, const ActionSchema& action);
  void check_param_object(const JsonNode& n, const std::string& path, std::span<const ParamSpec> fields,
                          std::span<const ParamRule> rules);
  void check_param(const JsonNode& n, const std::string& path, const ParamSpec& spec);
  void check_param_rules(const JsonNode& n, const std::string& path, std::span<const ParamRule> rules);
  void check_any_templates(const JsonNode& n, const std::string& path);
  void check_scalar_param(const JsonNode& n, const std::string& path, const ParamSpec& spec);
  void check_hash(const JsonNode& n, const std::string& path, ParamType type);
  void check_port_range(const JsonNode& n, const std::string& path);
  void check_address(const JsonNode& n, const std::string& path, ParamType type);
  void check_integer(const JsonNode& n, const std::string& path, int64_t min, int64_t max);
  template <typename Each>
  void check_list(const JsonNode& n, const std::string& path, Each each);

 private:
  void check_expression(std::string_view jq, const JsonNode& holder, size_t jq_offset, const std::string& path,
                        bool whole);
  void collect_policy_names(const JsonNode& root);

  std::string_view text_;
  const CheckOptions& options_;
  CheckResult& out_;
  support::LineIndex lines_;
  std::unordered_map<std::string, uint32_t> policies_;  // timeout policy name -> offset
  const ActionSchema* current_action_ = nullptr;  // of the function being checked
};

template <typename Visit>
void Checker::walk_members(const JsonNode& n, const std::string& path, std::span<const std::string_view> known,
                           Visit visit) {
  std::unordered_map<std::string_view, uint32_t> seen;
  for (const JsonMember& m : n.members) {
    std::string member_path = child_path(path, m.key);
    if (auto [it, fresh] = seen.emplace(m.key, m.key_begin); !fresh) {
      report(support::diag::DuplicateKey, member_path, m.key_begin, m.key_end, m.key, line_of(it->second));
      continue;
    }
    size_t i = 0;
    while (i < known.size() && known[i] != m.key) ++i;
    if (i == known.size()) {
      report_unknown_key(m, path, known);
      continue;
    }
    visit(m, i, member_path);
  }
}

// Each element of an array, with its path; `n` not an array is reported.
template <typename Each>
void Checker::check_list(const JsonNode& n, const std::string& path, Each each) {
  if (!expect(n, JsonKind::Array, path)) return;
  for (size_t i = 0; i < n.items.size(); ++i) each(n.items[i], index_path(path, i));
}

}  // namespace riposte::frontend::algorithm
