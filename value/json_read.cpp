// The JSON reader: strict JSON (RFC 8259) with Go encoding/json's error
// messages, as gojq reports them.  One parser serves parse_json (a whole
// text in memory) and JsonStreamReader (a FILE read in chunks).  Nesting
// uses an explicit stack, limited to kMaxDepth levels as Go's decoder is.
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <vector>

#include "support/utf8.h"
#include "value/json.h"

namespace riposte {


namespace {

constexpr size_t kMaxDepth = 10000;
constexpr size_t kChunk = 64 * 1024;

// Go's quoteChar: how a byte appears in "invalid character ..." messages.
std::string quote_char(unsigned char c) {
  switch (c) {
    case '\'': return "'\\''";
    case '\a': return "'\\a'";
    case '\b': return "'\\b'";
    case '\f': return "'\\f'";
    case '\n': return "'\\n'";
    case '\r': return "'\\r'";
    case '\t': return "'\\t'";
    case '\v': return "'\\v'";
    case '\\': return "'\\\\'";
    default: break;
  }
  char buf[16];
  if (c < 0x20 || c == 0x7f) {
    std::snprintf(buf, sizeof buf, "'\\x%02x'", c);
  } else if (c < 0x80) {
    std::snprintf(buf, sizeof buf, "'%c'", c);
  } else if (c < 0xA0) {
    std::snprintf(buf, sizeof buf, "'\\u%04x'", c);
  } else {  // the byte read as a Latin-1 rune, printed in UTF-8
    std::snprintf(buf, sizeof buf, "'%c%c'", char(0xC0 | (c >> 6)), char(0x80 | (c & 0x3F)));
  }
  return buf;
}

int hex_value(int c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Length of a valid UTF-8 sequence at p (n bytes available), 0 if invalid,
// -1 if more bytes are needed to decide.
int utf8_length(const unsigned char* p, size_t n) {
  unsigned char c = p[0];
  int len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0;
  if (len == 0 || c > 0xF4) return 0;
  for (int k = 1; k < len; ++k) {
    if (size_t(k) >= n) return -1;
    if ((p[k] & 0xC0) != 0x80) return 0;
  }
  if (len == 3) {
    uint32_t cp = ((c & 0x0F) << 12) | ((p[1] & 0x3F) << 6);
    if (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  } else if (len == 4) {
    uint32_t cp = ((c & 0x07) << 18) | ((p[1] & 0x3F) << 12);
    if (cp < 0x10000 || cp > 0x10FFFF) return 0;
  }
  return len;
}

}  // namespace

// The parser over a window of bytes that a FILE may refill.
class JsonParser {
 public:
  explicit JsonParser(std::string_view text)
      : p_(text.data()), end_(text.data() + text.size()), base_(text.data()) {}
  explicit JsonParser(std::FILE* in) : in_(in), buf_(kChunk, '\0') {
    p_ = end_ = base_ = buf_.data();
  }
  // Builds only what `p` marks as read (parse_json_projected); the rest is
  // read and checked all the same, so errors are those of a full parse.
  void project(const JsonProjection* p) { root_projection_ = p; }

  // Next top-level value; false at end of input (err empty) or on error.
  bool next(Value& out, JsonError& err);
  // True when only white space remains; else sets err for the extra text.
  bool expect_end(JsonError& err);
  // Lines read so far (jq's input_line_number).
  uint32_t line() const { return line_ - 1; }

 private:
  struct Frame {
    bool object;
    bool skip = false;        // this container is not built (nor anything in it)
    bool child_skip = false;  // the value being read inside it is not built
    const JsonProjection* projection = nullptr;  // what to build inside; null: all
    Array items;
    Object entries;
    std::string key;
  };

  bool more();  // refills the window; false at end of input
  // Makes at least n bytes available at p_ unless the input ends first.
  void ensure(size_t n);
  size_t read_some(char* dst, size_t cap);
  void finish_line();
  uint64_t offset() const { return consumed_ + uint64_t(p_ - base_); }
  int peek() { return p_ < end_ || more() ? static_cast<unsigned char>(*p_) : -1; }
  void advance() { ++p_; }
  int skip_space();

  bool fail(std::string message);
  bool fail_char(int c, const char* context);
  bool parse_value(Value& out);
  bool scalar(int c, Value& out);
  bool string(std::string& out);
  bool escape(std::string& out);
  bool hex4(uint32_t& out);
  bool number(Value& out);
  bool literal(const char* word, Value v, Value& out);
  bool object_key(Frame& f);
  bool open(int c, bool& opened);
  bool after_value(Value& v, bool& done);
  static Value take_items(Array& scratch);
  void choose_projection();

  std::FILE* in_ = nullptr;
  std::string buf_;
  const char* p_;
  const char* end_;
  const char* base_;          // start of the window
  uint64_t consumed_ = 0;     // bytes before base_
  uint32_t line_ = 1;
  uint64_t line_start_ = 0;   // absolute offset of the current line
  bool eof_ = false;
  std::vector<Frame> stack_;
  size_t depth_ = 0;          // open frames in stack_
  JsonError* err_ = nullptr;
  std::string token_;
  // Projection (parse_json_projected): of the whole value, and of the value
  // about to be read (null: build it all), or skip_: do not build it.
  const JsonProjection* root_projection_ = nullptr;
  const JsonProjection* projection_ = nullptr;
  bool skip_ = false;
  std::string skipped_text_;  // scratch for strings that are not built
};

bool JsonParser::more() {
  if (in_ == nullptr || eof_) return false;
  consumed_ += static_cast<uint64_t>(end_ - base_);
  size_t n = read_some(buf_.data(), buf_.size());
  p_ = base_ = buf_.data();
  end_ = p_ + n;
  if (n == 0) eof_ = true;
  return n > 0;
}

void JsonParser::ensure(size_t n) {
  if (size_t(end_ - p_) >= n || in_ == nullptr || eof_) return;
  size_t keep = size_t(end_ - p_);
  consumed_ += uint64_t(p_ - base_);
  std::memmove(buf_.data(), p_, keep);
  p_ = base_ = buf_.data();
  end_ = p_ + keep;
  while (size_t(end_ - p_) < n) {
    size_t got = read_some(buf_.data() + (end_ - p_), buf_.size() - size_t(end_ - p_));
    if (got == 0) {
      eof_ = true;
      return;
    }
    end_ += got;
  }
}

// What the file has now (at most cap bytes), 0 at its end.  read(2) rather
// than fread: fread waits to fill the whole chunk, which would hold back
// values arriving slowly through a pipe.
size_t JsonParser::read_some(char* dst, size_t cap) {
  for (;;) {
    ssize_t n = ::read(fileno(in_), dst, cap);
    if (n >= 0) return size_t(n);
    if (errno != EINTR) return 0;
  }
}

// After a top-level value, the rest of its line (white space and the line
// break) counts as read, so that line() is the number of lines read so far
// as jq's input_line_number reports it.  Only buffered bytes are looked at:
// this must not wait for more input.
void JsonParser::finish_line() {
  while (p_ < end_ && (*p_ == ' ' || *p_ == '\t' || *p_ == '\r')) ++p_;
  if (p_ < end_ && *p_ == '\n') {
    ++p_;
    ++line_;
    line_start_ = offset();
  }
}

int JsonParser::skip_space() {
  for (;;) {
    while (p_ < end_) {
      char c = *p_;
      if (c == '\n') {
        ++line_;
        line_start_ = offset() + 1;
      } else if (c != ' ' && c != '\t' && c != '\r') {
        return static_cast<unsigned char>(c);
      }
      ++p_;
    }
    if (!more()) return -1;
  }
}

bool JsonParser::fail(std::string message) {
  err_->message = std::move(message);
  err_->line = line_;
  err_->column = uint32_t(offset() - line_start_ + 1);
  return false;
}

bool JsonParser::fail_char(int c, const char* context) {
  if (c < 0) return fail("unexpected EOF");
  return fail("invalid character " + quote_char(static_cast<unsigned char>(c)) + " " + context);
}

bool JsonParser::expect_end(JsonError& err) {
  err_ = &err;
  int c = skip_space();
  return c < 0 || fail_char(c, "after top-level value");
}

bool JsonParser::next(Value& out, JsonError& err) {
  err_ = &err;
  err.message.clear();
  depth_ = 0;  // after an error the stream is not resumable; start clean anyway
  if (skip_space() < 0) return false;
  if (!parse_value(out)) return false;
  finish_line();
  return true;
}

bool JsonParser::literal(const char* word, Value v, Value& out) {
  advance();
  for (const char* w = word + 1; *w; ++w) {
    int c = peek();
    if (c != *w) {
      if (c < 0) return fail("unexpected EOF");
      return fail("invalid character " + quote_char(uint8_t(c)) + " in literal " + word +
                  " (expecting " + quote_char(uint8_t(*w)) + ")");
    }
    advance();
  }
  out = std::move(v);
  return true;
}

bool JsonParser::scalar(int c, Value& out) {
  switch (c) {
    case '"': {
      if (skip_) {
        skipped_text_.clear();
        return string(skipped_text_);
      }
      std::string s;
      if (!string(s)) return false;
      out = Value::string(std::move(s));
      return true;
    }
    case 't': return literal("true", Value::boolean(true), out);
    case 'f': return literal("false", Value::boolean(false), out);
    case 'n': return literal("null", Value(), out);
    default:
      if (c == '-' || (c >= '0' && c <= '9')) return number(out);
      return fail_char(c, "looking for beginning of value");
  }
}

bool JsonParser::number(Value& out) {
  token_.clear();
  auto take_digits = [&] {
    int c;
    while ((c = peek()) >= '0' && c <= '9') token_ += char(c), advance();
    return c;
  };
  int c = peek();
  if (c == '-') {
    token_ += '-';
    advance();
    c = peek();
    if (c < '0' || c > '9') return fail_char(c, "in numeric literal");
  }
  if (c == '0') {
    token_ += '0';
    advance();
    c = peek();
  } else {
    c = take_digits();
  }
  if (c == '.') {
    token_ += '.';
    advance();
    c = peek();
    if (c < '0' || c > '9') return fail_char(c, "after decimal point in numeric literal");
    c = take_digits();
  }
  if (c == 'e' || c == 'E') {
    token_ += 'e';
    advance();
    c = peek();
    if (c == '+' || c == '-') token_ += char(c), advance(), c = peek();
    if (c < '0' || c > '9') return fail_char(c, "in exponent of numeric literal");
    take_digits();
  }
  if (!skip_) out = Value::number_from_text(token_);
  return true;
}

bool JsonParser::hex4(uint32_t& out) {
  out = 0;
  for (int i = 0; i < 4; ++i) {
    int c = peek();
    int h = c < 0 ? -1 : hex_value(c);
    if (h < 0) return fail_char(c, "in \\u hexadecimal character escape");
    out = out * 16 + uint32_t(h);
    advance();
  }
  return true;
}

bool JsonParser::escape(std::string& out) {
  int c = peek();
  switch (c) {
    case '"': out += '"'; break;
    case '\\': out += '\\'; break;
    case '/': out += '/'; break;
    case 'b': out += '\b'; break;
    case 'f': out += '\f'; break;
    case 'n': out += '\n'; break;
    case 'r': out += '\r'; break;
    case 't': out += '\t'; break;
    case 'u': {
      advance();
      uint32_t cp;
      if (!hex4(cp)) return false;
      if (cp >= 0xD800 && cp < 0xDC00) {
        // A high surrogate pairs with an immediately following \uDC00-\uDFFF.
        if (peek() == '\\') {
          advance();
          if (peek() == 'u') {
            advance();
            uint32_t low;
            if (!hex4(low)) return false;
            if (low >= 0xDC00 && low <= 0xDFFF) {
              support::append_utf8(out, 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00));
              return true;
            }
            support::append_utf8(out, 0xFFFD);
            cp = low;
          } else {
            support::append_utf8(out, 0xFFFD);
            return escape(out);
          }
        }
      }
      if (cp >= 0xD800 && cp <= 0xDFFF) cp = 0xFFFD;
      support::append_utf8(out, cp);
      return true;
    }
    default: return fail_char(c, "in string escape code");
  }
  advance();
  return true;
}

// True when some byte of w is '"', '\\', a control character (< 0x20) or
// not ASCII (>= 0x80): the bytes a string scan must stop at.  Exact when
// it says false; a true may come from a borrow above a byte that is itself
// one of those, which only sends the caller to its byte loop a little early.
inline bool has_string_special(uint64_t w) {
  constexpr uint64_t kOnes = 0x0101010101010101ull, kHigh = 0x8080808080808080ull;
  uint64_t quote = w ^ (kOnes * '"'), backslash = w ^ (kOnes * '\\');
  uint64_t t = ((quote - kOnes) & ~quote) | ((backslash - kOnes) & ~backslash) | (w - kOnes * 0x20) | w;
  return (t & kHigh) != 0;
}

bool JsonParser::string(std::string& out) {
  advance();  // opening quote
  for (;;) {
    const char* start = p_;
    // Eight bytes at a time while none of them needs a look.
    for (uint64_t w; end_ - p_ >= 8 && (std::memcpy(&w, p_, 8), !has_string_special(w));) p_ += 8;
    while (p_ < end_) {
      unsigned char c = static_cast<unsigned char>(*p_);
      if (c == '"' || c == '\\' || c < 0x20 || c >= 0x80) break;
      ++p_;
    }
    out.append(start, size_t(p_ - start));
    int c = peek();
    if (c < 0) return fail("unexpected EOF");
    if (c == '"') {
      advance();
      return true;
    }
    if (c == '\\') {
      advance();
      if (!escape(out)) return false;
    } else if (c < 0x20) {
      return fail_char(c, "in string literal");
    } else if (c >= 0x80) {
      // Validate UTF-8; each invalid byte becomes U+FFFD, as in Go.
      ensure(4);
      int len = utf8_length(reinterpret_cast<const unsigned char*>(p_), size_t(end_ - p_));
      if (len > 0) {
        out.append(p_, size_t(len));
        p_ += len;
      } else {
        support::append_utf8(out, 0xFFFD);
        advance();
      }
    }
  }
}

bool JsonParser::object_key(Frame& f) {
  int c = skip_space();
  if (c != '"') return fail_char(c, "looking for beginning of object key string");
  f.key.clear();
  if (!string(f.key)) return false;
  c = skip_space();
  if (c != ':') return fail_char(c, "after object key");
  advance();
  return true;
}

// Opens a container at c.  Sets opened=false when c is not '[' or '{'.
bool JsonParser::open(int c, bool& opened) {
  opened = c == '[' || c == '{';
  if (!opened) return true;
  if (depth_ >= kMaxDepth) return fail_char(c, "exceeded max depth");
  advance();
  if (stack_.size() == depth_) stack_.emplace_back();
  Frame& f = stack_[depth_++];
  f.object = c == '{';
  f.items.clear();
  f.entries.clear();
  f.skip = skip_;
  f.child_skip = false;
  // A projected object that is iterated, or an array read by key (an error
  // that prints it), is built whole.
  const JsonProjection* p = skip_ ? nullptr : projection_;
  if (p && (p->whole || (f.object ? p->elements != nullptr : !p->members.empty()))) p = nullptr;
  f.projection = p;
  return true;
}

bool JsonParser::parse_value(Value& out) {
  Value v;
  for (;;) {
    int c = skip_space();
    if (root_projection_) choose_projection();
    bool opened;
    if (!open(c, opened)) return false;
    if (opened) {
      Frame& f = stack_[depth_ - 1];
      int close = f.object ? '}' : ']';
      if (skip_space() == close) {
        advance();
        --depth_;
        v = f.object ? Value::object() : Value::array();
      } else if (f.object) {
        if (!object_key(f)) return false;
        continue;
      } else {
        continue;
      }
    } else if (!scalar(c, v)) {
      return false;
    }
    bool done = false;
    if (!after_value(v, done)) return false;
    if (done) {
      out = std::move(v);
      return true;
    }
  }
}

// Stores a finished value into the enclosing containers, closing those that
// end here.  done=true when v is a complete top-level value.
bool JsonParser::after_value(Value& v, bool& done) {
  while (depth_ > 0) {
    Frame& f = stack_[depth_ - 1];
    if (f.child_skip) {
      // not built: nothing to store
    } else if (f.object) {
      f.entries.insert_or_assign(std::move(f.key), std::move(v));
      f.key = std::string();
    } else {
      f.items.push_back(std::move(v));
    }
    int c = skip_space();
    if (c == ',') {
      advance();
      if (f.object) return object_key(f);
      return true;  // next element
    }
    if (c == (f.object ? '}' : ']')) {
      advance();
      if (f.skip) {
        v = Value();
      } else {
        v = f.object ? Value::object(std::move(f.entries)) : take_items(f.items);
      }
      --depth_;
      continue;
    }
    return fail_char(c, f.object ? "after object key:value pair" : "after array element");
  }
  done = true;
  return true;
}

// An exactly sized array from the frame's scratch vector, which keeps its
// capacity for the next array at this depth (one allocation per array).
Value JsonParser::take_items(Array& scratch) {
  Array items(std::make_move_iterator(scratch.begin()), std::make_move_iterator(scratch.end()));
  scratch.clear();
  return Value::array(std::move(items));
}

// Decides how the value about to be read is built, from the container it
// is in: skipped inside a skipped container or at a member nobody reads,
// projected by the member's or the elements' projection, or built whole.
void JsonParser::choose_projection() {
  // Elements of an array whose elements are never read: kinds only.
  static const JsonProjection kKindOnly;
  skip_ = false;
  projection_ = nullptr;
  if (depth_ == 0) {
    projection_ = root_projection_->whole ? nullptr : root_projection_;
    return;
  }
  Frame& f = stack_[depth_ - 1];
  if (f.skip) {
    skip_ = true;
  } else if (f.projection && f.object) {
    auto it = f.projection->members.find(f.key);
    if (it == f.projection->members.end()) {
      skip_ = true;
    } else if (!it->second.whole) {
      projection_ = &it->second;
    }
  } else if (f.projection) {
    const JsonProjection* e = f.projection->elements.get();
    projection_ = !e ? &kKindOnly : e->whole ? nullptr : e;
  }
  f.child_skip = skip_;
}

namespace {

bool parse_one(std::string_view text, const JsonProjection* projection, Value& out, JsonError& err) {
  JsonParser parser(text);
  parser.project(projection);
  if (!parser.next(out, err)) {
    if (err.message.empty()) {
      err.message = "unexpected EOF";
      err.line = parser.line() + 1;
      err.column = 1;
    }
    return false;
  }
  return parser.expect_end(err);
}

}  // namespace

bool parse_json(std::string_view text, Value& out, JsonError& err) { return parse_one(text, nullptr, out, err); }

bool parse_json_projected_exact(std::string_view text, const JsonProjection& projection, Value& out,
                                JsonError& err) {
  return parse_one(text, &projection, out, err);
}

bool parse_first_json(std::string_view text, Value& out, JsonError& err) {
  JsonParser parser(text);
  if (parser.next(out, err)) return true;
  if (err.message.empty()) {
    err.message = "unexpected EOF";
    err.line = parser.line() + 1;
    err.column = 1;
  }
  return false;
}

struct JsonStreamReader::Impl {
  explicit Impl(std::FILE* in) : parser(in) {}
  JsonParser parser;
};

JsonStreamReader::JsonStreamReader(std::FILE* in) : impl_(new Impl(in)) {}
JsonStreamReader::~JsonStreamReader() { delete impl_; }
bool JsonStreamReader::next(Value& out, JsonError& err) { return impl_->parser.next(out, err); }
uint32_t JsonStreamReader::line() const { return impl_->parser.line(); }

}  // namespace riposte
