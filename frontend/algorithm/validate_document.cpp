// The document level of an algorithm (algorithm.md, "Document"): required
// keys, versions, the run timeout and the timeout policies.
#include <fmt/format.h>

#include <charconv>

#include "frontend/algorithm/checker.h"
#include "frontend/algorithm/duration.h"

namespace riposte::frontend::algorithm {
namespace {

constexpr Field kDocument[] = {
    {"dslSpecVersion", true, &Checker::check_dsl_version},
    {"version", true, &Checker::check_version_string},
    {"responseActionsSpecVersion", false, &Checker::check_version_string},  // required: one of it and its alias
    {"actionsSpecVersion", false, &Checker::check_version_string},
    {"executionFlow", true, &Checker::check_steps},
    {"name", false, &Checker::check_string},
    {"description", false, &Checker::check_string},
    {"inputType", false, &Checker::check_input_type},
    {"input", false, &Checker::check_jq_field},
    {"output", false, &Checker::check_jq_field},
    {"playbookRunTimeout", false, &Checker::check_run_timeout},
    {"timeouts", false, &Checker::check_timeouts},
};

constexpr Field kTimeoutPolicy[] = {
    {"name", true, &Checker::check_name},
    {"scheduleToCloseTimeout", false, &Checker::check_schedule_to_close},
};

constexpr std::string_view kInputTypes[] = {"alert", "incident"};

// The limit of a whole playbook run, and so of any policy within it.
constexpr int64_t kMaxRunTimeout = 48 * kHour;

// MAJOR.MINOR.PATCH with decimal numbers; the major version, or -1.
int major_version(std::string_view v) {
  int parts[3] = {0, 0, 0};
  const char* p = v.data();
  const char* end = v.data() + v.size();
  for (int i = 0; i < 3; ++i) {
    auto [next, ec] = std::from_chars(p, end, parts[i]);
    if (ec != std::errc() || next == p) return -1;
    p = next;
    if (i < 2) {
      if (p == end || *p != '.') return -1;
      ++p;
    }
  }
  return p == end ? parts[0] : -1;
}

}  // namespace

void Checker::check_document(const JsonNode& root) {
  collect_policy_names(root);
  if (!check_object(root, "", kDocument)) return;
  const JsonNode* spec = root.find("responseActionsSpecVersion");
  const JsonNode* alias = root.find("actionsSpecVersion");
  if (!spec && !alias) report(diag::MissingKey, "responseActionsSpecVersion", root.begin, root.begin + 1,
                              "responseActionsSpecVersion");
  if (spec && alias)
    report_at(diag::ConflictingKeys, "actionsSpecVersion", *alias,
              "\"actionsSpecVersion\" is an alias of \"responseActionsSpecVersion\": give one of them");
}

// Policies may be referenced before the "timeouts" key: collect names first.
void Checker::collect_policy_names(const JsonNode& root) {
  const JsonNode* timeouts = root.find("timeouts");
  if (!timeouts) return;
  for (const JsonNode& policy : timeouts->items)
    if (const JsonNode* name = policy.find("name"); name && name->is(JsonKind::String))
      policies_.emplace(name->text, name->begin);
}

void Checker::check_dsl_version(const JsonNode& n, const std::string& path) {
  if (!check_non_empty_string(n, path)) return;
  int major = major_version(n.text);
  if (major < 0) report_at(diag::BadVersion, path, n, n.text);
  else if (major != 1) report_at(diag::UnsupportedVersion, path, n, n.text);
}

void Checker::check_version_string(const JsonNode& n, const std::string& path) { check_non_empty_string(n, path); }

void Checker::check_name(const JsonNode& n, const std::string& path) { check_non_empty_string(n, path); }

void Checker::check_input_type(const JsonNode& n, const std::string& path) { check_enum(n, path, kInputTypes); }

void Checker::check_run_timeout(const JsonNode& n, const std::string& path) {
  check_duration(n, path, DurationBounds{1, kMaxRunTimeout});
}

void Checker::check_schedule_to_close(const JsonNode& n, const std::string& path) {
  // "If the value is not specified or 0, the value from playbookRunTimeout is used."
  check_duration(n, path, DurationBounds{1, kMaxRunTimeout, /*allow_zero=*/true});
}

void Checker::check_timeouts(const JsonNode& n, const std::string& path) {
  std::unordered_map<std::string, uint32_t> first;
  check_list(n, path, [&](const JsonNode& policy, const std::string& policy_path) {
    check_timeout_policy(policy, policy_path);
    const JsonNode* name = policy.find("name");
    if (!name || !name->is(JsonKind::String)) return;
    if (auto [it, fresh] = first.emplace(name->text, name->begin); !fresh)
      report_at(diag::DuplicateTimeout, child_path(policy_path, "name"), *name, name->text, line_of(it->second));
  });
}

void Checker::check_timeout_policy(const JsonNode& n, const std::string& path) { check_object(n, path, kTimeoutPolicy); }

}  // namespace riposte::frontend::algorithm
