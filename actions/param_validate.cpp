// validate_params: the schema table (actions/schemas.cpp) interpreted over
// evaluated values, one case per ParamType (actions/param_validate.h).
#include "actions/param_validate.h"

#include <arpa/inet.h>
#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <vector>

#include "value/json.h"

namespace riposte::actions {
namespace {

std::string quote(std::string_view s) {
  return to_json(Value::string(s));
}

std::string quoted_list(std::span<const std::string_view> keys) {
  std::string out;
  for (std::string_view k : keys) {
    if (!out.empty()) out += ", ";
    out += quote(k);
  }
  return out;
}

// How a value is named in "found ..." (the shown text is cut at 60 bytes).
std::string shown(const Value& v) {
  std::string text = to_json(v);
  if (text.size() > 60) text = text.substr(0, 57) + "...";
  return text;
}

std::string found(const Value& v) {
  if (v.is_number() && !v.is_int() && !v.is_bigint()) return "a fraction (" + shown(v) + ")";
  return fmt::format("{} {}", v.type_name(), shown(v));
}

bool is_hex(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  });
}

// An exact integer: int64, or a float with an integral value in range.
bool integer_of(const Value& v, int64_t& out) {
  if (v.is_int()) {
    out = v.as_int();
    return true;
  }
  if (!v.is_double()) return false;
  double d = v.as_double();
  if (!std::isfinite(d) || std::trunc(d) != d || d < -9.2e18 || d > 9.2e18) return false;
  out = int64_t(d);
  return true;
}

int port_of_text(std::string_view s) {
  int v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  return ec == std::errc() && end == s.data() + s.size() && v >= 1 && v <= 65535 ? v : 0;
}

int port_of(const Value& v) {
  int64_t i = 0;
  return integer_of(v, i) && i >= 1 && i <= 65535 ? int(i) : 0;
}

constexpr std::string_view kPortRangeKeys[] = {"from", "to"};

class Validator {
 public:
  std::string error;

  bool object(const Value& v, const std::string& path, std::span<const ParamSpec> fields,
              std::span<const ParamRule> rules) {
    if (!v.is_object()) return fail(path, fmt::format("expected an object, found {}", found(v)));
    for (const auto& [key, value] : v.entries()) {
      auto spec =
          std::find_if(fields.begin(), fields.end(), [&](const ParamSpec& f) { return f.name == key; });
      if (spec == fields.end()) {
        std::vector<std::string_view> known;
        for (const ParamSpec& f : fields) known.push_back(f.name);
        return fail(param_child_path(path, key),
                    known.empty()
                        ? fmt::format("unknown key {}: this action takes no parameters", quote(key))
                        : fmt::format("unknown key {} (known: {})", quote(key), quoted_list(known)));
      }
      if (value.is_null()) continue;  // absent
      if (!param(value, param_child_path(path, key), *spec)) return false;
    }
    for (const ParamSpec& f : fields)
      if (f.required && !present(v, f.name))
        return fail(param_child_path(path, f.name), fmt::format("missing required key {}", quote(f.name)));
    return key_rules(v, path, rules);
  }

 private:
  bool fail(const std::string& path, std::string what) {
    error = fmt::format("{}: {}", path, what);
    return false;
  }

  static bool present(const Value& obj, std::string_view key) {
    const Value* m = obj.find(key);
    return m && !m->is_null();
  }

  bool param(const Value& v, const std::string& path, const ParamSpec& spec) {
    switch (spec.type) {
      case ParamType::Any:
        return true;
      case ParamType::Bool:
        return v.is_bool() || fail(path, fmt::format("expected a boolean, found {}", found(v)));
      case ParamType::Integer:
        return integer(v, path, spec.min, spec.max);
      case ParamType::String:
        return string(v, path);
      case ParamType::Enum:
        return choice(v, path, spec.choices);
      case ParamType::Strings:
        return list(v, path, false, [&](const Value& e, const std::string& p) { return string(e, p); });
      case ParamType::StringOrStrings:
        if (v.is_array())
          return list(v, path, true, [&](const Value& e, const std::string& p) { return string(e, p); });
        if (v.is_string()) return string(v, path);
        return fail(path, fmt::format("expected a string or an array of strings, found {}", found(v)));
      case ParamType::Md5:
      case ParamType::Sha256:
        return hash(v, path, spec.type);
      case ParamType::Md5List:
      case ParamType::Sha256List: {
        ParamType element = spec.type == ParamType::Md5List ? ParamType::Md5 : ParamType::Sha256;
        return list(v, path, false,
                    [&](const Value& e, const std::string& p) { return hash(e, p, element); });
      }
      case ParamType::IPv4:
      case ParamType::IPv6:
        return address(v, path, spec.type);
      case ParamType::PortRange:
        return port_range(v, path);
      case ParamType::Object:
        return object(v, path, spec.fields, spec.rules);
      case ParamType::ObjectList:
        return list(v, path, false, [&](const Value& e, const std::string& p) {
          return object(e, p, spec.fields, spec.rules);
        });
      case ParamType::AnyObject:
        return v.is_object() || fail(path, fmt::format("expected an object, found {}", found(v)));
      case ParamType::Number:
        return v.is_number() || fail(path, fmt::format("expected a number, found {}", found(v)));
      case ParamType::Fraction:
        if (!v.is_number()) return fail(path, fmt::format("expected a number, found {}", found(v)));
        if (!(v.as_double() >= 0.0 && v.as_double() <= 1.0))
          return fail(path, fmt::format("{} is out of range: expected 0 to 1", shown(v)));
        return true;
    }
    return true;
  }

  template <typename Each>
  bool list(const Value& v, const std::string& path, bool non_empty, Each each) {
    if (!v.is_array()) return fail(path, fmt::format("expected an array, found {}", found(v)));
    if (non_empty && v.size() == 0) return fail(path, "expected a non-empty array, found []");
    for (size_t i = 0; i < v.size(); ++i)
      if (!each(v.at(i), param_index_path(path, i))) return false;
    return true;
  }

  bool integer(const Value& v, const std::string& path, int64_t min, int64_t max) {
    int64_t i = 0;
    if (!integer_of(v, i)) {
      if (v.is_bigint())
        return fail(path, fmt::format("{} is out of range: expected {} to {}", shown(v), min, max));
      return fail(path, fmt::format("expected an integer, found {}", found(v)));
    }
    if (i < min || i > max)
      return fail(path, fmt::format("{} is out of range: expected {} to {}", i, min, max));
    return true;
  }

  bool string(const Value& v, const std::string& path) {
    if (!v.is_string()) return fail(path, fmt::format("expected a string, found {}", found(v)));
    if (v.str().empty()) return fail(path, "expected a non-empty string, found \"\"");
    if (v.str().find('\0') != std::string_view::npos) return fail(path, "contains a NUL character");
    return true;
  }

  bool choice(const Value& v, const std::string& path, std::span<const std::string_view> choices) {
    if (!v.is_string())
      return fail(path, fmt::format("expected one of {}, found {}", quoted_list(choices), found(v)));
    if (std::find(choices.begin(), choices.end(), v.str()) == choices.end())
      return fail(path, fmt::format("{} is not one of {}", shown(v), quoted_list(choices)));
    return true;
  }

  bool hash(const Value& v, const std::string& path, ParamType type) {
    const bool md5 = type == ParamType::Md5;
    const size_t digits = md5 ? 32 : 64;
    if (!v.is_string())
      return fail(path, fmt::format("expected {} hash ({} hexadecimal digits), found {}",
                                    md5 ? "an MD5" : "a SHA256", digits, found(v)));
    if (v.str().size() != digits || !is_hex(v.str()))
      return fail(path, fmt::format("{} is not {} hash: expected {} hexadecimal digits", shown(v),
                                    md5 ? "an MD5" : "a SHA256", digits));
    return true;
  }

  bool address(const Value& v, const std::string& path, ParamType type) {
    const bool v4 = type == ParamType::IPv4;
    if (!v.is_string())
      return fail(path, fmt::format("expected an {} address, found {}", v4 ? "IPv4" : "IPv6", found(v)));
    unsigned char buf[16];
    std::string text(v.str());
    if (text.find('\0') != std::string::npos || inet_pton(v4 ? AF_INET : AF_INET6, text.c_str(), buf) != 1)
      return fail(path, fmt::format("{} is not a valid {} address", shown(v), v4 ? "IPv4" : "IPv6"));
    return true;
  }

  bool port_range(const Value& v, const std::string& path) {
    int from = 0, to = 0;
    if (v.is_object()) {  // the members first, so that the message names the one at fault
      for (const auto& [key, value] : v.entries())
        if (key != "from" && key != "to")
          return fail(param_child_path(path, key),
                      fmt::format("unknown key {} (known: {})", quote(key), quoted_list(kPortRangeKeys)));
      for (std::string_view k : kPortRangeKeys) {
        const Value* m = v.find(k);
        if (!m || m->is_null())
          return fail(param_child_path(path, k), fmt::format("missing required key {}", quote(k)));
        if (!integer(*m, param_child_path(path, k), 1, 65535)) return false;
      }
    }
    if (parse_port_range(v, from, to)) return true;
    if (!v.is_object() && !v.is_string() && !v.is_number())
      return fail(
          path,
          fmt::format("expected a port, \"FROM-TO\" or {{\"from\": FROM, \"to\": TO}}, found {}", found(v)));
    return fail(path, fmt::format("invalid port range {}: expected a port 1-65535, \"FROM-TO\" or "
                                  "{{\"from\": FROM, \"to\": TO}} with FROM <= TO",
                                  shown(v)));
  }

  bool key_rules(const Value& v, const std::string& path, std::span<const ParamRule> rules) {
    for (const ParamRule& rule : rules) {
      std::vector<std::string_view> keys;
      for (std::string_view k : rule.keys)
        if (present(v, k)) keys.push_back(k);
      const Value* when = rule.when_key.empty() ? nullptr : v.find(rule.when_key);
      // A condition of the wrong type is its own value's error, reported above.
      const bool when_holds = when && when->is_string() && when->str() == rule.when_value;
      switch (rule.kind) {
        case RuleKind::AtLeastOne:
          if (keys.empty()) return fail(path, fmt::format("one of {} is required", quoted_list(rule.keys)));
          break;
        case RuleKind::AtMostOne:
          if (keys.size() > 1)
            return fail(param_child_path(path, keys[1]),
                        fmt::format("{} and {} exclude each other: give one of {}", quote(keys[0]),
                                    quote(keys[1]), quoted_list(rule.keys)));
          break;
        case RuleKind::OnlyWhen:
          if (!keys.empty() && !when_holds)
            return fail(param_child_path(path, keys[0]),
                        fmt::format("{} applies only when {} is {}{}", quote(keys[0]), quote(rule.when_key),
                                    quote(rule.when_value),
                                    when && when->is_string() ? ", not " + shown(*when) : std::string()));
          break;
        case RuleKind::RequiredWhen:
          if (keys.empty() && when_holds)
            return fail(param_child_path(path, rule.keys[0]),
                        fmt::format("{} is required when {} is {}", quote(rule.keys[0]), quote(rule.when_key),
                                    quote(rule.when_value)));
          break;
      }
    }
    return true;
  }
};

bool plain_key(std::string_view key) {
  return !key.empty() && std::all_of(key.begin(), key.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
  });
}

}  // namespace

std::string param_child_path(std::string_view path, std::string_view key) {
  if (!plain_key(key)) return fmt::format("{}[{}]", path, quote(key));
  return path.empty() ? std::string(key) : fmt::format("{}.{}", path, key);
}

std::string param_index_path(std::string_view path, size_t index) {
  return fmt::format("{}[{}]", path, index);
}

bool parse_port_range(const Value& v, int& from, int& to) {
  if (v.is_number()) {
    from = to = port_of(v);
    return from != 0;
  }
  if (v.is_string()) {
    std::string_view s = v.str();
    size_t dash = s.find('-');
    if (dash == std::string_view::npos) {
      from = to = port_of_text(s);
    } else {
      from = port_of_text(s.substr(0, dash));
      to = port_of_text(s.substr(dash + 1));
    }
    return from != 0 && to != 0 && from <= to;
  }
  if (v.is_object()) {
    if (v.size() != 2) return false;
    const Value* f = v.find("from");
    const Value* t = v.find("to");
    if (!f || !t) return false;
    from = port_of(*f);
    to = port_of(*t);
    return from != 0 && to != 0 && from <= to;
  }
  return false;
}

std::string validate_params(const ActionSchema& schema, const Value& params) {
  if (!params.is_object()) return fmt::format("params: expected an object, found {}", found(params));
  if (schema.open) return {};
  Validator v;
  v.object(params, "params", schema.params, schema.rules);
  return v.error;
}

}  // namespace riposte::actions
