// Interprets the response-action schemas of action_schemas.cpp: each
// parameter's type, bounds and choices, and the rules between the keys of
// one object.  A parameter given as one `${...}` is computed at run time:
// its jq is checked here, its value when the step runs.
#include <cstdlib>
#include <arpa/inet.h>
#include <fmt/format.h>

#include <algorithm>
#include <charconv>

#include "frontend/algorithm/checker.h"
#include "support/json_text.h"

namespace riposte::frontend::algorithm {
namespace {

const JsonMember* member(const JsonNode& n, std::string_view key) {
  for (const JsonMember& m : n.members)
    if (m.key == key) return &m;
  return nullptr;
}

bool is_hex(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  });
}

std::string quoted_list(std::span<const std::string_view> keys) {
  std::vector<std::string> q;
  for (std::string_view k : keys) q.push_back(support::json_quote(k));
  return fmt::format("{}", fmt::join(q, ", "));
}

// A port number 1-65535 from text; 0 when it is not one.
int port_of(std::string_view s) {
  int v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  return ec == std::errc() && end == s.data() + s.size() && v >= 1 && v <= 65535 ? v : 0;
}

bool valid_port_range_text(std::string_view s) {
  size_t dash = s.find('-');
  if (dash == std::string_view::npos) return port_of(s) != 0;
  int from = port_of(s.substr(0, dash)), to = port_of(s.substr(dash + 1));
  return from != 0 && to != 0 && from <= to;
}

constexpr std::string_view kPortRangeKeys[] = {"from", "to"};

}  // namespace

void Checker::check_params(const JsonNode& params, const std::string& path, const ActionSchema& action) {
  if (action.open) {
    check_any_templates(params, path);
    return;
  }
  check_param_object(params, path, action.params, action.rules);
}

void Checker::check_param_object(const JsonNode& n, const std::string& path, std::span<const ParamSpec> fields,
                                 std::span<const ParamRule> rules) {
  if (!expect(n, JsonKind::Object, path)) return;
  std::vector<std::string_view> known;
  for (const ParamSpec& f : fields) known.push_back(f.name);
  walk_members(n, path, known, [&](const JsonMember& m, size_t i, const std::string& member_path) {
    check_param(m.value, member_path, fields[i]);
  });
  for (const ParamSpec& f : fields)
    if (f.required && !n.find(f.name)) report(diag::MissingKey, child_path(path, f.name), n.begin, n.begin + 1, f.name);
  check_param_rules(n, path, rules);
}

void Checker::check_param(const JsonNode& n, const std::string& path, const ParamSpec& spec) {
  if (is_dynamic(n, path)) return;
  switch (spec.type) {
    case ParamType::Any: check_any_templates(n, path); return;
    case ParamType::Object: check_param_object(n, path, spec.fields, spec.rules); return;
    case ParamType::AnyObject:
      if (expect(n, JsonKind::Object, path)) check_any_templates(n, path);
      return;
    case ParamType::ObjectList:
      check_list(n, path, [&](const JsonNode& item, const std::string& item_path) {
        if (!is_dynamic(item, item_path)) check_param_object(item, item_path, spec.fields, spec.rules);
      });
      return;
    case ParamType::Strings:
    case ParamType::Md5List:
    case ParamType::Sha256List: {
      ParamSpec element = spec;
      element.type = spec.type == ParamType::Strings ? ParamType::String
                     : spec.type == ParamType::Md5List ? ParamType::Md5
                                                        : ParamType::Sha256;
      check_list(n, path, [&](const JsonNode& item, const std::string& item_path) {
        if (!is_dynamic(item, item_path)) check_scalar_param(item, item_path, element);
      });
      return;
    }
    case ParamType::StringOrStrings:
      if (n.is(JsonKind::Array)) {
        check_param(n, path, ParamSpec{.name = spec.name, .type = ParamType::Strings});
        return;
      }
      check_scalar_param(n, path, ParamSpec{.name = spec.name, .type = ParamType::String});
      return;
    default: check_scalar_param(n, path, spec); return;
  }
}

void Checker::check_scalar_param(const JsonNode& n, const std::string& path, const ParamSpec& spec) {
  switch (spec.type) {
    case ParamType::Bool: expect(n, JsonKind::Bool, path); return;
    case ParamType::Integer: check_integer(n, path, spec.min, spec.max); return;
    case ParamType::Enum: check_enum(n, path, spec.choices); return;
    case ParamType::Md5:
    case ParamType::Sha256: check_hash(n, path, spec.type); return;
    case ParamType::IPv4:
    case ParamType::IPv6: check_address(n, path, spec.type); return;
    case ParamType::PortRange: check_port_range(n, path); return;
    case ParamType::Number: expect(n, JsonKind::Number, path); return;
    case ParamType::Fraction:
      if (expect(n, JsonKind::Number, path) && !(std::strtod(n.text.c_str(), nullptr) >= 0.0 &&
                                                 std::strtod(n.text.c_str(), nullptr) <= 1.0))
        report_at(diag::OutOfRange, path, n, n.text, "0 to 1");
      return;
    default: check_non_empty_string(n, path); return;
  }
}

void Checker::check_integer(const JsonNode& n, const std::string& path, int64_t min, int64_t max) {
  if (!n.is(JsonKind::Number) || !n.is_integer) {
    report_at(diag::WrongType, path, n, "an integer", n.is(JsonKind::Number) ? "a fraction" : describe(n.kind));
    return;
  }
  if (n.integer < min || n.integer > max) {
    std::string range = max == INT64_MAX ? fmt::format("at least {}", min) : fmt::format("{} to {}", min, max);
    report_at(diag::OutOfRange, path, n, n.text, range);
  }
}

void Checker::check_hash(const JsonNode& n, const std::string& path, ParamType type) {
  if (!check_non_empty_string(n, path)) return;
  if (check_template(n, path).has_expressions()) return;  // known when the step runs
  size_t digits = type == ParamType::Md5 ? 32 : 64;
  if (n.text.size() != digits || !is_hex(n.text))
    report_at(diag::InvalidHash, path, n, n.text, type == ParamType::Md5 ? "an MD5" : "a SHA256", digits);
}

void Checker::check_address(const JsonNode& n, const std::string& path, ParamType type) {
  if (!check_non_empty_string(n, path)) return;
  if (check_template(n, path).has_expressions()) return;
  unsigned char buf[16];
  int family = type == ParamType::IPv4 ? AF_INET : AF_INET6;
  if (inet_pton(family, n.text.c_str(), buf) != 1)
    report_at(diag::InvalidAddress, path, n, n.text, type == ParamType::IPv4 ? "IPv4" : "IPv6");
}

void Checker::check_port_range(const JsonNode& n, const std::string& path) {
  switch (n.kind) {
    case JsonKind::Number:
      if (!n.is_integer || n.integer < 1 || n.integer > 65535) report_at(diag::InvalidPortRange, path, n, n.text);
      return;
    case JsonKind::String:
      if (!valid_port_range_text(n.text)) report_at(diag::InvalidPortRange, path, n, support::json_quote(n.text));
      return;
    case JsonKind::Object: {
      walk_members(n, path, kPortRangeKeys, [&](const JsonMember& m, size_t, const std::string& member_path) {
        if (!is_dynamic(m.value, member_path)) check_integer(m.value, member_path, 1, 65535);
      });
      for (std::string_view k : kPortRangeKeys)
        if (!n.find(k)) report(diag::MissingKey, child_path(path, k), n.begin, n.begin + 1, k);
      const JsonNode* from = n.find("from");
      const JsonNode* to = n.find("to");
      if (from && to && from->is_integer && to->is_integer && from->integer > to->integer)
        report_at(diag::InvalidPortRange, path, n, fmt::format("{}-{}", from->integer, to->integer));
      return;
    }
    default:
      report_at(diag::WrongType, path, n, "a port, \"FROM-TO\" or {\"from\", \"to\"}", describe(n.kind));
  }
}

void Checker::check_param_rules(const JsonNode& n, const std::string& path, std::span<const ParamRule> rules) {
  for (const ParamRule& rule : rules) {
    std::vector<const JsonMember*> present;
    for (std::string_view k : rule.keys)
      if (const JsonMember* m = member(n, k)) present.push_back(m);
    const JsonNode* when = rule.when_key.empty() ? nullptr : n.find(rule.when_key);
    // A computed condition is known only when the step runs.
    bool when_known = when && when->is(JsonKind::String) && !parse_template(when->text).has_expressions();
    bool when_holds = when_known && when->text == rule.when_value;
    switch (rule.kind) {
      case RuleKind::AtLeastOne:
        if (present.empty()) report(diag::MissingOneOf, path, n.begin, n.begin + 1, quoted_list(rule.keys));
        break;
      case RuleKind::AtMostOne:
        for (size_t i = 1; i < present.size(); ++i)
          report(diag::ConflictingKeys, child_path(path, present[i]->key), present[i]->key_begin,
                 present[i]->key_end,
                 fmt::format("\"{}\" and \"{}\" exclude each other: give one of {}", present[0]->key,
                             present[i]->key, quoted_list(rule.keys)));
        break;
      case RuleKind::OnlyWhen:
        if (!present.empty() && when_known && !when_holds)
          report(diag::ConflictingKeys, child_path(path, present[0]->key), present[0]->key_begin,
                 present[0]->key_end,
                 fmt::format("\"{}\" applies only when \"{}\" is \"{}\", not \"{}\"", present[0]->key, rule.when_key,
                             rule.when_value, when->text));
        break;
      case RuleKind::RequiredWhen:
        if (present.empty() && when_holds)
          report(diag::MissingWhen, child_path(path, rule.keys[0]), n.begin, n.begin + 1, rule.keys[0],
                 rule.when_key, rule.when_value);
        break;
    }
  }
}

// Any JSON value: only the `${...}` in its strings are checked.
void Checker::check_any_templates(const JsonNode& n, const std::string& path) {
  switch (n.kind) {
    case JsonKind::String: check_template(n, path); return;
    case JsonKind::Array:
      for (size_t i = 0; i < n.items.size(); ++i) check_any_templates(n.items[i], index_path(path, i));
      return;
    case JsonKind::Object:
      for (const JsonMember& m : n.members) check_any_templates(m.value, child_path(path, m.key));
      return;
    default: return;
  }
}

}  // namespace riposte::frontend::algorithm
