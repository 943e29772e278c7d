// simdjson On-Demand walks the document once; every value's position is
// the distance of its token from the start of the padded copy.  On-Demand
// finds most syntax errors lazily, while walking, and then knows where it
// stopped; the errors of its first stage (an unclosed string, a raw
// control character in a string, invalid UTF-8) carry no position, so
// locate_stage1_error() finds it with a small scan of the text.
#include "frontend/algorithm/json_load.h"

#include <simdjson.h>

#include <fmt/format.h>

#include <cstdlib>

namespace riposte::frontend::algorithm {
namespace {

namespace od = simdjson::ondemand;
using simdjson::error_code;

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// An integer simdjson 3.0 refuses only for its size (beyond 64 bits).
bool is_big_integer(std::string_view s) {
  if (!s.empty() && s[0] == '-') s.remove_prefix(1);
  if (s.size() < 19 || s[0] == '0') return false;
  return s.find_first_not_of("0123456789") == std::string_view::npos;
}

// A reader over one padded copy of the document.
class Loader {
 public:
  explicit Loader(std::string_view text) : text_(text), padded_(text) {}

  JsonLoad run();

 private:
  std::string_view text_;
  simdjson::padded_string padded_;
  od::parser parser_;
  od::document doc_;
  // On-Demand does not bound the nesting it walks; this loader (and the
  // validator after it) recurse once per level, so the loader does.
  static constexpr size_t kMaxDepth = simdjson::DEFAULT_MAX_DEPTH;
  size_t depth_ = 0;
  const char* too_deep_at_ = nullptr;  // the value that passed kMaxDepth

  uint32_t offset_of(const char* p) const { return static_cast<uint32_t>(p - padded_.data()); }
  // One past the last non-space byte before `limit`, starting at `begin`.
  uint32_t token_end(uint32_t begin, size_t length) const;
  // One past the closing bracket that follows `after` (after whitespace).
  uint32_t closing_end(uint32_t after) const;

  error_code build(od::value v, JsonNode& out);
  error_code build_object(od::value v, JsonNode& out);
  error_code build_array(od::value v, JsonNode& out);
  error_code build_scalar(od::value v, od::json_type t, JsonNode& out);
  JsonError located(error_code e);
};

uint32_t Loader::token_end(uint32_t begin, size_t length) const {
  size_t end = begin + length;
  while (end > begin && is_space(padded_.data()[end - 1])) --end;
  return static_cast<uint32_t>(end);
}

uint32_t Loader::closing_end(uint32_t after) const {
  size_t i = after;
  while (i < text_.size() && is_space(text_[i])) ++i;
  return static_cast<uint32_t>(i < text_.size() ? i + 1 : i);
}

error_code Loader::build(od::value v, JsonNode& out) {
  od::json_type t;
  if (error_code e = v.type().get(t)) return e;
  out.begin = offset_of(v.raw_json_token().data());
  switch (t) {
    case od::json_type::object:
    case od::json_type::array: {
      if (depth_ >= kMaxDepth) {
        too_deep_at_ = v.raw_json_token().data();
        return simdjson::DEPTH_ERROR;
      }
      ++depth_;
      error_code e = t == od::json_type::object ? build_object(v, out) : build_array(v, out);
      --depth_;
      return e;
    }
    default: return build_scalar(v, t, out);
  }
}

error_code Loader::build_object(od::value v, JsonNode& out) {
  out.kind = JsonKind::Object;
  od::object obj;
  if (error_code e = v.get_object().get(obj)) return e;
  uint32_t last = out.begin + 1;
  for (auto field_result : obj) {
    od::field field;
    if (error_code e = std::move(field_result).get(field)) return e;
    JsonMember m;
    m.key_begin = offset_of(field.key().raw()) - 1;  // raw() is past the opening quote
    std::string_view key;
    if (error_code e = field.unescaped_key().get(key)) return e;
    m.key = std::string(key);
    if (error_code e = build(field.value(), m.value)) return e;
    // The key ends at the quote before the colon that precedes the value.
    size_t colon = text_.rfind(':', m.value.begin);
    m.key_end = token_end(m.key_begin, colon - m.key_begin);
    last = m.value.end;
    out.members.push_back(std::move(m));
  }
  out.end = closing_end(last);
  return simdjson::SUCCESS;
}

error_code Loader::build_array(od::value v, JsonNode& out) {
  out.kind = JsonKind::Array;
  od::array arr;
  if (error_code e = v.get_array().get(arr)) return e;
  uint32_t last = out.begin + 1;
  for (auto item_result : arr) {
    od::value item;
    if (error_code e = std::move(item_result).get(item)) return e;
    JsonNode node;
    if (error_code e = build(item, node)) return e;
    last = node.end;
    out.items.push_back(std::move(node));
  }
  out.end = closing_end(last);
  return simdjson::SUCCESS;
}

error_code Loader::build_scalar(od::value v, od::json_type t, JsonNode& out) {
  std::string_view token = v.raw_json_token();
  out.end = token_end(out.begin, token.size());
  switch (t) {
    case od::json_type::string: {
      out.kind = JsonKind::String;
      std::string_view s;
      if (error_code e = v.get_string().get(s)) return e;
      out.text = std::string(s);
      return simdjson::SUCCESS;
    }
    case od::json_type::number: {
      out.kind = JsonKind::Number;
      out.text = std::string(token.substr(0, out.end - out.begin));
      od::number n;
      error_code e = v.get_number().get(n);
      if (e && is_big_integer(out.text)) {  // beyond 64 bits: keep the lexeme, approximate the value
        out.number = std::strtod(out.text.c_str(), nullptr);
        return simdjson::SUCCESS;
      }
      if (e) return e;
      out.number = n.as_double();
      out.is_integer = n.is_int64();
      if (out.is_integer) out.integer = n.get_int64();
      return simdjson::SUCCESS;
    }
    case od::json_type::boolean:
      out.kind = JsonKind::Bool;
      return v.get_bool().get(out.boolean);
    default: {
      out.kind = JsonKind::Null;
      bool is_null = false;
      if (error_code e = v.is_null().get(is_null)) return e;
      return is_null ? simdjson::SUCCESS : simdjson::N_ATOM_ERROR;
    }
  }
}

// What the user should hear for each simdjson error.
std::string describe_error(error_code e) {
  switch (e) {
    case simdjson::TAPE_ERROR:
    case simdjson::INCOMPLETE_ARRAY_OR_OBJECT: return "missing or superfluous comma, colon, bracket or brace";
    case simdjson::T_ATOM_ERROR:
    case simdjson::F_ATOM_ERROR:
    case simdjson::N_ATOM_ERROR:
    case simdjson::INCORRECT_TYPE: return "invalid literal (expected true, false, null, a number, a string, [ or {)";
    case simdjson::NUMBER_ERROR: return "invalid number";
    case simdjson::STRING_ERROR: return "invalid string (bad escape sequence)";
    case simdjson::UNCLOSED_STRING: return "unterminated string";
    case simdjson::UNESCAPED_CHARS: return "control character in a string (escape it)";
    case simdjson::UTF8_ERROR: return "invalid UTF-8";
    case simdjson::EMPTY: return "the document is empty";
    case simdjson::DEPTH_ERROR: return "nested too deeply";
    case simdjson::TRAILING_CONTENT: return "unexpected text after the document";
    default: return simdjson::error_message(e);
  }
}

// Where a first-stage error is: the first raw control character inside a
// string, the opening quote of an unclosed string, or the first byte of
// an invalid UTF-8 sequence.
size_t locate_stage1_error(std::string_view t, error_code e) {
  bool in_string = false;
  size_t string_start = 0;
  for (size_t i = 0; i < t.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(t[i]);
    if (e == simdjson::UTF8_ERROR && c >= 0x80) {
      if (!simdjson::validate_utf8(t.data() + i, std::min<size_t>(4, t.size() - i)) &&
          !simdjson::validate_utf8(t.data() + i, std::min<size_t>(3, t.size() - i)) &&
          !simdjson::validate_utf8(t.data() + i, std::min<size_t>(2, t.size() - i)))
        return i;
      continue;
    }
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
      else if (c < 0x20 && e == simdjson::UNESCAPED_CHARS) return i;
    } else if (c == '"') {
      in_string = true;
      string_start = i;
    }
  }
  return in_string ? string_start : 0;
}

JsonError Loader::located(error_code e) {
  if (e == simdjson::DEPTH_ERROR && too_deep_at_)
    return JsonError{fmt::format("nested too deeply (more than {} levels)", kMaxDepth), offset_of(too_deep_at_)};
  const char* where = nullptr;
  if (doc_.current_location().get(where) == simdjson::SUCCESS && where >= padded_.data())
    return JsonError{describe_error(e), std::min<size_t>(offset_of(where), text_.size())};
  return JsonError{describe_error(e), text_.size()};
}

JsonLoad Loader::run() {
  JsonLoad out;
  if (error_code e = parser_.iterate(padded_).get(doc_)) {
    out.error = JsonError{describe_error(e), e == simdjson::EMPTY ? 0 : locate_stage1_error(text_, e)};
    return out;
  }
  od::json_type t;
  if (error_code e = doc_.type().get(t)) {
    out.error = located(e);
    return out;
  }
  if (t != od::json_type::object && t != od::json_type::array) {
    // On-Demand reads a scalar document only through the document itself.
    out.error = JsonError{"an algorithm must be a JSON object", text_.find_first_not_of(" \t\r\n")};
    return out;
  }
  od::value root;
  error_code e = doc_.get_value().get(root);
  if (!e) e = build(root, out.root);
  if (e) {
    out.error = located(e);
    return out;
  }
  if (const char* rest; doc_.current_location().get(rest) == simdjson::SUCCESS)
    out.error = JsonError{describe_error(simdjson::TRAILING_CONTENT), offset_of(rest)};
  return out;
}

}  // namespace

JsonLoad load_json(std::string_view text) { return Loader(text).run(); }

std::string_view describe(JsonKind k) {
  switch (k) {
    case JsonKind::Null: return "null";
    case JsonKind::Bool: return "a boolean";
    case JsonKind::Number: return "a number";
    case JsonKind::String: return "a string";
    case JsonKind::Array: return "an array";
    case JsonKind::Object: return "an object";
  }
  return "a value";
}

}  // namespace riposte::frontend::algorithm
