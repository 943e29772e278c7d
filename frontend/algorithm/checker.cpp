// The Checker's generic helpers: placing diagnostics, JSON paths, object
// shapes from Field tables, strings, enumerations and durations.
#include "frontend/algorithm/checker.h"

#include <fmt/format.h>

#include <algorithm>

#include "frontend/algorithm/duration.h"
#include "support/json_text.h"

namespace riposte::frontend::algorithm {
namespace {

bool is_plain_key(std::string_view key) {
  if (key.empty()) return false;
  return std::all_of(key.begin(), key.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
  });
}

size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t up = row[j];
      bool same = std::tolower(static_cast<unsigned char>(a[i - 1])) == std::tolower(static_cast<unsigned char>(b[j - 1]));
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (same ? 0 : 1)});
      diagonal = up;
    }
  }
  return row[b.size()];
}

// "; did you mean "x"?" for a close name, else the list of names.
std::string suggestion(std::string_view key, std::span<const std::string_view> known) {
  if (known.empty()) return "; this object takes no keys";
  std::string hint = did_you_mean(key, known);
  return hint.empty() ? fmt::format("; expected one of: {}", fmt::join(known, ", ")) : hint;
}

}  // namespace

std::string did_you_mean(std::string_view name, std::span<const std::string_view> known) {
  std::string_view best;
  size_t best_distance = std::max<size_t>(3, name.size() / 4);
  for (std::string_view k : known) {
    size_t d = edit_distance(name, k);
    if (d < best_distance) best_distance = d, best = k;
  }
  return best.empty() ? "" : fmt::format("; did you mean \"{}\"?", best);
}

std::string child_path(const std::string& path, std::string_view key) {
  if (!is_plain_key(key)) return path + "[" + support::json_quote(key) + "]";
  return path.empty() ? std::string(key) : path + "." + std::string(key);
}

std::string index_path(const std::string& path, size_t index) { return fmt::format("{}[{}]", path, index); }

Checker::Checker(std::string_view text, const CheckOptions& options, CheckResult& out)
    : text_(text), options_(options), out_(out), lines_(text) {}

void Checker::place(support::Diagnostic& d, size_t begin, size_t end) const {
  support::Position b = lines_.position(begin);
  support::Position e = lines_.position(end > begin ? end - 1 : begin);  // inclusive end
  d.span = support::Span::between(b, e);
}

bool Checker::expect(const JsonNode& n, JsonKind kind, const std::string& path) {
  if (n.is(kind)) return true;
  report_at(diag::WrongType, path, n, describe(kind), describe(n.kind));
  return false;
}

void Checker::report_unknown_key(const JsonMember& m, const std::string& path,
                                 std::span<const std::string_view> known) {
  report(diag::UnknownKey, child_path(path, m.key), m.key_begin, m.key_end, m.key, suggestion(m.key, known));
}

bool Checker::check_object(const JsonNode& n, const std::string& path, std::span<const Field> fields) {
  if (!expect(n, JsonKind::Object, path)) return false;
  std::vector<std::string_view> known;
  for (const Field& f : fields) known.push_back(f.key);
  walk_members(n, path, known, [&](const JsonMember& m, size_t i, const std::string& member_path) {
    if (fields[i].check) (this->*(fields[i].check))(m.value, member_path);
  });
  for (const Field& f : fields)
    if (f.required && !n.find(f.key)) report(diag::MissingKey, child_path(path, f.key), n.begin, n.begin + 1, f.key);
  return true;
}

bool Checker::check_non_empty_string(const JsonNode& n, const std::string& path) {
  if (!expect(n, JsonKind::String, path)) return false;
  if (n.text.empty()) {
    report_at(diag::Empty, path, n);
    return false;
  }
  return true;
}

void Checker::check_string(const JsonNode& n, const std::string& path) { expect(n, JsonKind::String, path); }

void Checker::check_bool(const JsonNode& n, const std::string& path) { expect(n, JsonKind::Bool, path); }

void Checker::check_enum(const JsonNode& n, const std::string& path, std::span<const std::string_view> choices) {
  if (!expect(n, JsonKind::String, path)) return;
  if (std::find(choices.begin(), choices.end(), n.text) != choices.end()) return;
  std::vector<std::string> quoted;
  for (std::string_view c : choices) quoted.push_back(support::json_quote(c));
  report_at(diag::InvalidValue, path, n, support::json_quote(n.text), fmt::format("{}", fmt::join(quoted, " or ")));
}

void Checker::check_duration(const JsonNode& n, const std::string& path, DurationBounds bounds) {
  if (!expect(n, JsonKind::String, path)) return;
  auto parsed = parse_duration(n.text);
  if (const DurationError* e = std::get_if<DurationError>(&parsed)) {
    report_at(diag::InvalidDuration, path, n, n.text, e->reason);
    return;
  }
  int64_t ns = std::get<int64_t>(parsed);
  if (ns == 0 && bounds.allow_zero) return;
  if (ns < bounds.min_ns || ns > bounds.max_ns) {
    std::string range = bounds.min_ns <= 1 ? fmt::format("at most {}", format_duration(bounds.max_ns))
                                           : fmt::format("from {} to {}", format_duration(bounds.min_ns),
                                                         format_duration(bounds.max_ns));
    if (ns <= 0) range = "it must be positive, " + range;
    report_at(diag::DurationRange, path, n, support::json_quote(n.text), range);
  }
}

}  // namespace riposte::frontend::algorithm
