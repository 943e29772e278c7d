// A small incremental JSON scanner that emits --stream events.  Strings
// and numbers are decoded by the VM's own JSON parser (parse_json) once
// their token is cut out, so escapes and number rules are the same as for
// ordinary input.
#include "tools/json_events.h"

#include <utility>

namespace riposte::tools {
namespace {

bool is_space(int c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}
bool is_number_char(int c) {
  return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E';
}
bool is_letter(int c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

std::string describe(int c) {
  if (c < 0) return "unexpected EOF";
  if (c < 0x20 || c >= 0x7f) return "unexpected byte " + std::to_string(c);
  return std::string("unexpected character '") + static_cast<char>(c) + "'";
}

}  // namespace

JsonEventReader::JsonEventReader(std::FILE* in) : in_(in), buf_(1 << 16) {}

bool JsonEventReader::next(Value& event, JsonError& err) {
  err = JsonError{};
  while (pending_.empty() && !done_) {
    if (!step(error_)) done_ = true;  // the end, or a syntax error in error_
  }
  if (!pending_.empty()) {
    event = std::move(pending_.front());
    pending_.pop_front();
    return true;
  }
  err = std::exchange(error_, JsonError{});
  return false;
}

// One piece of work: a value where one is due, or what follows a value
// inside a container.  False at the end of the text or on an error.
bool JsonEventReader::step(JsonError& err) {
  if (expect_value_) {
    expect_value_ = false;
    return value(err);
  }
  if (!stack_.empty()) return after_value(err);
  if (skip_space() < 0) return false;
  return value(err);
}

bool JsonEventReader::value(JsonError& err) {
  int c = skip_space();
  if (c == '[' || c == '{') {
    get();
    return open_container(c == '{', err);
  }
  Value v;
  if (!scalar(v, err)) return false;
  leaf(std::move(v));
  return true;
}

bool JsonEventReader::open_container(bool object, JsonError& err) {
  int c = skip_space();
  if (c == (object ? '}' : ']')) {
    get();
    leaf(object ? Value::object() : Value::array());
    return true;
  }
  stack_.push_back({object, 0});
  path_.emplace_back(Value::integer(0));
  if (object && !object_key(err)) return false;
  expect_value_ = true;
  return true;
}

// `"key" :` inside an object; the key becomes the last step of the path.
bool JsonEventReader::object_key(JsonError& err) {
  if (skip_space() != '"') return fail(err, describe(peek()) + ", expected an object key");
  std::string raw;
  if (!string_token(raw, err)) return false;
  Value key;
  JsonError jerr;
  if (!parse_json(raw, key, jerr)) return fail(err, jerr.message);
  if (skip_space() != ':') return fail(err, describe(peek()) + ", expected ':'");
  get();
  path_.back() = std::move(key);
  return true;
}

// After a complete element: `,` and the next one, or the end of the container.
bool JsonEventReader::after_value(JsonError& err) {
  int c = skip_space();
  Frame& f = stack_.back();
  if (c == ',') {
    get();
    if (f.object) {
      if (!object_key(err)) return false;
    } else {
      path_.back() = Value::integer(++f.index);
    }
    expect_value_ = true;
    return true;
  }
  if (c == (f.object ? '}' : ']')) {
    get();
    closing();
    stack_.pop_back();
    path_.pop_back();
    return true;
  }
  return fail(err, describe(c) + (f.object ? ", expected ',' or '}'" : ", expected ',' or ']'"));
}

bool JsonEventReader::scalar(Value& out, JsonError& err) {
  int c = peek();
  std::string token;
  if (c == '"') {
    if (!string_token(token, err)) return false;
  } else if (c == '-' || (c >= '0' && c <= '9')) {
    while (is_number_char(peek())) token += static_cast<char>(get());
  } else if (is_letter(c)) {
    while (is_letter(peek())) token += static_cast<char>(get());
  } else {
    return fail(err, describe(c) + ", expected a value");
  }
  JsonError jerr;
  if (!parse_json(token, out, jerr))
    return fail(err, jerr.message.empty() ? "invalid value " + token : jerr.message);
  return true;
}

// The raw text of a string token, quotes included (decoded by parse_json).
bool JsonEventReader::string_token(std::string& raw, JsonError& err) {
  raw += static_cast<char>(get());  // the opening quote
  for (;;) {
    int c = get();
    if (c < 0) return fail(err, "unexpected EOF in a string");
    raw += static_cast<char>(c);
    if (c == '"') return true;
    if (c == '\\') {
      int e = get();
      if (e < 0) return fail(err, "unexpected EOF in a string");
      raw += static_cast<char>(e);
    }
  }
}

void JsonEventReader::leaf(Value v) {
  Array event;
  event.reserve(2);
  event.push_back(Value::array(Array(path_)));
  event.push_back(std::move(v));
  pending_.push_back(Value::array(std::move(event)));
}

void JsonEventReader::closing() {
  Array event;
  event.push_back(Value::array(Array(path_)));
  pending_.push_back(Value::array(std::move(event)));
}

int JsonEventReader::peek() {
  if (pos_ == end_) {
    pos_ = 0;
    end_ = std::fread(buf_.data(), 1, buf_.size(), in_);
    if (end_ == 0) return -1;
  }
  return static_cast<unsigned char>(buf_[pos_]);
}

int JsonEventReader::get() {
  int c = peek();
  if (c < 0) return c;
  ++pos_;
  if (c == '\n') {
    ++line_;
    column_ = 0;
  } else {
    ++column_;
  }
  return c;
}

int JsonEventReader::skip_space() {
  while (is_space(peek())) get();
  return peek();
}

bool JsonEventReader::fail(JsonError& err, std::string message) {
  err.message = std::move(message);
  err.line = line_;
  err.column = column_ + 1;
  return false;
}

}  // namespace riposte::tools
