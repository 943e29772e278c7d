// Reading a playbook body (create, edit, duplicate) onto a row, and the
// rules of engine.md and api.md on its fields (docs/engine.md, Playbooks).
// Shape errors (unknown field, wrong type, missing required field) stop at
// 400; rule errors (limits, enums, mode/trigger/launchingRule combinations,
// predefined playbooks) are collected with their JSON paths for one 422.
// Rules that need the store (tenants, unique names) are the service's.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/outcome.h"
#include "store/records.h"
#include "support/diagnostics.h"
#include "value/value.h"

namespace riposte::engine {

inline constexpr size_t kMaxNameLength = 255;  // code points
inline constexpr size_t kMaxTags = 30;
inline constexpr size_t kMaxTagLength = 50;
inline constexpr size_t kMaxDescriptionLength = 10'000;
inline constexpr std::string_view kPredefinedTag = "Predefined";

enum class BodyKind : uint8_t { Create, Edit, Duplicate };

struct PlaybookBody {
  store::PlaybookRow row;  // the base with the body applied
  // Edit only: "terminateAll" | "terminateAwaiting" | "keep" (api.md's
  // kebab-case spellings accepted); set only with a mode change to auto or
  // training (default keep).  Applied by engine-launch.
  std::optional<std::string> running_instances;
  bool launch_for_all_matching = false;  // applied by engine-launch
  std::optional<Problem> shape;           // 400: nothing else was checked
  std::vector<support::Diagnostic> errors;  // 422: every rule the body breaks
};

// `base`: the stored playbook (edit, duplicate) or a default row (create).
PlaybookBody read_playbook_body(const Value& body, BodyKind kind, const store::PlaybookRow& base);

// An error diagnostic at `path` (a rule of the service, 422).
support::Diagnostic rule_error(std::string path, std::string_view message);

// The errors of the playbook's trigger (path "trigger", line:column in the
// trigger text) and algorithm (path "algorithm" + the document's path,
// line:column in the stored text).  Warnings do not block and are dropped.
std::vector<support::Diagnostic> code_errors(const store::PlaybookRow& row);

// 422 "Invalid playbook" listing `errors`.
Problem invalid_playbook(std::vector<support::Diagnostic> errors);

// "algorithm" + a path of the algorithm document.
std::string algorithm_path(const std::optional<std::string>& path);

}  // namespace riposte::engine
