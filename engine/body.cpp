#include "engine/body.h"

#include <algorithm>

#include <fmt/format.h>

namespace riposte::engine {
namespace {

support::Diagnostic at_path(support::Diagnostic d, std::string path) {
  d.path = std::move(path);
  return d;
}

std::string describe(const std::vector<support::Diagnostic>& errors) {
  const support::Diagnostic& first = errors.front();
  std::string s = first.path && !first.path->empty() ? *first.path + ": " + first.message : first.message;
  if (errors.size() > 1) s += fmt::format(" (and {} more)", errors.size() - 1);
  return s;
}

}  // namespace

std::string_view kind_phrase(const Value& v) {
  switch (v.kind()) {
    case Kind::Null: return "null";
    case Kind::False:
    case Kind::True: return "a boolean";
    case Kind::Number: return "a number";
    case Kind::String: return "a string";
    case Kind::Array: return "an array";
    case Kind::Object: return "an object";
  }
  return "a value";
}

std::string member_path(std::string_view base, std::string_view name) {
  return base.empty() ? std::string(name) : fmt::format("{}.{}", base, name);
}

std::string index_path(std::string_view base, size_t index) {
  return fmt::format("{}[{}]", base, index);
}

BodyReader::BodyReader(const Value& body, std::string base) : body_(body), base_(std::move(base)) {
  if (!body_.is_object()) wrong_type(base_, "an object", body_);
}

const Value* BodyReader::member(std::string_view name, Need need) {
  known_.emplace_back(name);
  const Value* v = body_.is_object() ? body_.find(name) : nullptr;
  if (v && v->is_null() && need == Need::Optional) return nullptr;
  if (!v && need == Need::Required && body_.is_object()) {
    errors_.push_back(at_path(support::emit(support::diag::RequestMissingField, {}), path_of(name)));
    shape_error_ = true;
  }
  return v;
}

const Value* BodyReader::nullable(std::string_view name) {
  known_.emplace_back(name);
  return body_.is_object() ? body_.find(name) : nullptr;
}

std::optional<std::string> BodyReader::string(std::string_view name, Need need) {
  const Value* v = member(name, need);
  if (!v) return std::nullopt;
  if (!v->is_string()) {
    wrong_type(path_of(name), "a string", *v);
    return std::nullopt;
  }
  return std::string(v->str());
}

std::optional<bool> BodyReader::boolean(std::string_view name, Need need) {
  const Value* v = member(name, need);
  if (!v) return std::nullopt;
  if (!v->is_bool()) {
    wrong_type(path_of(name), "a boolean", *v);
    return std::nullopt;
  }
  return v->kind() == Kind::True;
}

std::optional<int64_t> BodyReader::integer(std::string_view name, Need need) {
  const Value* v = member(name, need);
  if (!v) return std::nullopt;
  if (!v->is_int()) {
    wrong_type(path_of(name), "an integer", *v);
    return std::nullopt;
  }
  return v->as_int();
}

std::optional<std::vector<std::string>> BodyReader::strings(std::string_view name, Need need) {
  const Value* v = member(name, need);
  if (!v) return std::nullopt;
  if (!v->is_array()) {
    wrong_type(path_of(name), "an array of strings", *v);
    return std::nullopt;
  }
  std::vector<std::string> out;
  bool ok = true;
  for (size_t i = 0; i < v->size(); ++i) {
    const Value& item = v->at(i);
    if (!item.is_string()) {
      wrong_type(index_path(path_of(name), i), "a string", item);
      ok = false;
      continue;
    }
    out.emplace_back(item.str());
  }
  if (!ok) return std::nullopt;
  return out;
}

const Value* BodyReader::object(std::string_view name, Need need) {
  const Value* v = member(name, need);
  if (v && !v->is_object()) {
    wrong_type(path_of(name), "an object", *v);
    return nullptr;
  }
  return v;
}

const Value* BodyReader::array(std::string_view name, Need need) {
  const Value* v = member(name, need);
  if (v && !v->is_array()) {
    wrong_type(path_of(name), "an array", *v);
    return nullptr;
  }
  return v;
}

void BodyReader::allow(std::string_view name) {
  known_.emplace_back(name);
}

void BodyReader::refuse(std::string path, std::string message) {
  errors_.push_back(at_path(support::emit(support::diag::RequestInvalidValue, {}, message), std::move(path)));
}

void BodyReader::wrong_type(std::string path, std::string_view expected, const Value& got) {
  errors_.push_back(
      at_path(support::emit(support::diag::RequestWrongType, {}, expected, kind_phrase(got)), std::move(path)));
  shape_error_ = true;
}

std::optional<Problem> BodyReader::finish() {
  if (body_.is_object()) {
    std::string expected;
    for (const std::string& k : known_) {
      if (expected.find("\"" + k + "\"") != std::string::npos) continue;
      expected += expected.empty() ? "" : ", ";
      expected += "\"" + k + "\"";
    }
    for (const auto& [key, value] : body_.entries()) {
      (void)value;
      if (std::find(known_.begin(), known_.end(), key) != known_.end()) continue;
      errors_.push_back(at_path(support::emit(support::diag::RequestUnknownField, {}, expected), path_of(key)));
      shape_error_ = true;
    }
  }
  if (errors_.empty()) return std::nullopt;
  Problem p = shape_error_ ? Problem{400, "Bad request", "", {}} : Problem{422, "Invalid request", "", {}};
  p.detail = describe(errors_);
  p.errors = std::move(errors_);
  errors_.clear();
  return p;
}

Problem refused(std::string path, std::string message) {
  Problem p{422, "Invalid request", path.empty() ? message : path + ": " + message, {}};
  p.errors.push_back(at_path(support::emit(support::diag::RequestInvalidValue, {}, message), std::move(path)));
  return p;
}

}  // namespace riposte::engine
