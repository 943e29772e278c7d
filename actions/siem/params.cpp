// The parameter reader of the SIEM bindings: every problem names
// `params.<path>`, the first one is kept.
#include <fmt/format.h>

#include "actions/siem/siem_internal.h"

namespace riposte::actions::siem {

void Params::fail(std::string_view path, std::string_view what) {
  if (error_.empty()) error_ = fmt::format("params.{}: {}", path, what);
}

const Value* Params::get(std::string_view name) const {
  const Value* m = v_.find(name);
  return m && !m->is_null() ? m : nullptr;
}

std::optional<std::string> Params::string(std::string_view name, bool required) {
  const Value* m = get(name);
  if (!m) {
    if (required) fail(name, "is required");
    return std::nullopt;
  }
  if (!m->is_string()) {
    fail(name, fmt::format("must be a string, got {}", m->type_name()));
    return std::nullopt;
  }
  if (m->str().empty()) {
    fail(name, "is empty");
    return std::nullopt;
  }
  return std::string(m->str());
}

bool Params::boolean(std::string_view name) {
  const Value* m = get(name);
  if (!m) return false;
  if (!m->is_bool()) fail(name, fmt::format("must be a boolean, got {}", m->type_name()));
  return m->truthy();
}

std::optional<double> Params::number(std::string_view name, bool required) {
  const Value* m = get(name);
  if (!m) {
    if (required) fail(name, "is required");
    return std::nullopt;
  }
  if (!m->is_number()) {
    fail(name, fmt::format("must be a number, got {}", m->type_name()));
    return std::nullopt;
  }
  return m->as_double();
}

Value Params::object(std::string_view name) {
  const Value* m = get(name);
  if (!m) return Value::object();
  if (!m->is_object()) {
    fail(name, fmt::format("must be an object, got {}", m->type_name()));
    return Value::object();
  }
  return *m;
}

std::optional<std::string> Params::choice(std::string_view name,
                                          std::initializer_list<std::string_view> choices, bool required) {
  std::optional<std::string> s = string(name, required);
  if (!s) return s;
  for (std::string_view c : choices)
    if (*s == c) return s;
  std::string list;
  for (std::string_view c : choices) list += (list.empty() ? "" : ", ") + std::string(c);
  fail(name, fmt::format("\"{}\" is not one of {}", *s, list));
  return std::nullopt;
}

std::vector<std::string> Params::strings(std::string_view name, bool required) {
  std::vector<std::string> out;
  const Value* m = get(name);
  if (!m) {
    if (required) fail(name, "is required");
    return out;
  }
  if (!m->is_array()) {
    fail(name, fmt::format("must be an array of strings, got {}", m->type_name()));
    return out;
  }
  for (size_t i = 0; i < m->size(); ++i) {
    if (!m->at(i).is_string()) {
      fail(fmt::format("{}[{}]", name, i), fmt::format("must be a string, got {}", m->at(i).type_name()));
      return {};
    }
    out.emplace_back(m->at(i).str());
  }
  return out;
}

std::vector<Value> Params::results() {
  const Value* m = get("results");
  if (!m) return {};
  if (!m->is_array()) return {*m};
  if (m->size() > kMaxResults) {
    fail("results", fmt::format("has {} results (at most {} per call)", m->size(), kMaxResults));
    return {};
  }
  return std::vector<Value>(m->items().begin(), m->items().end());
}

}  // namespace riposte::actions::siem
