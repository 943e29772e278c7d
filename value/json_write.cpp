// The JSON writer: gojq's output format (indentation, escapes, colours).
// Nesting is walked with an explicit stack so that values nested 100,000
// levels deep print without exhausting the native stack.
#include <cmath>
#include <vector>

#include "support/utf8.h"
#include "value/json.h"
#include "value/number.h"

namespace riposte {

namespace {

constexpr std::string_view kReset = "\x1b[0m";

constexpr char kHex[] = "0123456789abcdef";
constexpr size_t kFlushBytes = 64 * 1024;

void append_u_escape(std::string& out, uint32_t unit) {
  out += "\\u";
  out += kHex[(unit >> 12) & 0xF];
  out += kHex[(unit >> 8) & 0xF];
  out += kHex[(unit >> 4) & 0xF];
  out += kHex[unit & 0xF];
}

void append_ascii_escape(std::string& out, uint32_t cp) {
  if (cp >= 0x10000) {
    cp -= 0x10000;
    append_u_escape(out, 0xD800 + (cp >> 10));
    append_u_escape(out, 0xDC00 + (cp & 0x3FF));
  } else {
    append_u_escape(out, cp);
  }
}

const JsonColors& default_colors() {
  static const JsonColors kDefault;
  return kDefault;
}

class Writer {
 public:
  Writer(std::string& out, const JsonWriteOptions& opt, size_t limit, std::FILE* sink = nullptr)
      : out_(out), opt_(opt), start_(out.size()), limit_(limit), sink_(sink),
        colors_(opt.colors ? *opt.colors : default_colors()) {
    step_ = opt.tab ? 1 : opt.indent;
  }

  void write(const Value& root);

 private:
  struct Frame {
    const Value* container;
    size_t index;                  // arrays
    Object::const_iterator next;   // objects
  };

  bool full() const { return limit_ != 0 && out_.size() - start_ >= limit_; }
  // With a limit, at most `limit_` bytes of a string matter: escaping never
  // shortens text, so a longer string would be cut anyway.
  std::string_view clip(std::string_view s) const { return limit_ ? s.substr(0, limit_) : s; }
  // Starts / ends a colour (nothing when colours are off or it is none).
  void begin(const std::string& color) {
    if (opt_.color && !color.empty()) {
      out_ += "\x1b[";
      out_ += color;
      out_ += 'm';
    }
  }
  void end(const std::string& color) {
    if (opt_.color && !color.empty()) out_ += kReset;
  }
  void colored(const std::string& color, std::string_view text) {
    begin(color);
    out_ += text;
    end(color);
  }
  void punct(const std::string& color, char c) {
    begin(color);
    out_ += c;
    end(color);
  }
  void scalar(const Value& v);
  void newline(size_t depth);
  // Writes v; returns true when v is a non-empty container to descend into.
  bool open(const Value& v);
  void flush() {
    std::fwrite(out_.data(), 1, out_.size(), sink_);
    out_.clear();
  }

  std::string& out_;
  const JsonWriteOptions& opt_;
  size_t start_;
  size_t limit_;
  std::FILE* sink_;  // when set, out_ is flushed to it in 64 KiB pieces
  int step_;
  std::vector<Frame> stack_;
  const JsonColors& colors_;
};

void Writer::scalar(const Value& v) {
  switch (v.kind()) {
    case Kind::Null: colored(colors_.null_value, "null"); break;
    case Kind::False: colored(colors_.false_value, "false"); break;
    case Kind::True: colored(colors_.true_value, "true"); break;
    case Kind::Number:
      if (v.is_double() && std::isnan(v.as_double())) {
        colored(colors_.null_value, "null");  // as gojq: NaN prints as a null
        break;
      }
      begin(colors_.number);
      num::append_number(out_, v);
      end(colors_.number);
      break;
    case Kind::String:
      begin(colors_.string);
      append_json_string(out_, clip(v.str()), opt_.ascii);
      end(colors_.string);
      break;
    default: break;
  }
}

void Writer::newline(size_t depth) {
  if (step_ == 0) return;
  out_ += '\n';
  out_.append(depth * size_t(step_), opt_.tab ? '\t' : ' ');
}

bool Writer::open(const Value& v) {
  if (v.is_array()) {
    punct(colors_.array, '[');
    if (v.size() == 0) {
      punct(colors_.array, ']');
      return false;
    }
    stack_.push_back({&v, 0, {}});
    return true;
  }
  if (v.is_object()) {
    punct(colors_.object, '{');
    if (v.size() == 0) {
      punct(colors_.object, '}');
      return false;
    }
    stack_.push_back({&v, 0, v.entries().begin()});
    return true;
  }
  scalar(v);
  return false;
}

void Writer::write(const Value& root) {
  if (!open(root)) return;
  while (!stack_.empty() && !full()) {
    if (sink_ && out_.size() >= kFlushBytes) flush();
    Frame& f = stack_.back();
    size_t depth = stack_.size();
    const Value* child;
    if (f.container->is_array()) {
      if (f.index == f.container->size()) {
        newline(depth - 1);
        punct(colors_.array, ']');
        stack_.pop_back();
        continue;
      }
      if (f.index > 0) punct(colors_.array, ',');
      newline(depth);
      child = &f.container->at(f.index++);
    } else {
      if (f.next == f.container->entries().end()) {
        newline(depth - 1);
        punct(colors_.object, '}');
        stack_.pop_back();
        continue;
      }
      if (f.next != f.container->entries().begin()) punct(colors_.object, ',');
      newline(depth);
      begin(colors_.object_key);
      append_json_string(out_, clip(f.next->first), opt_.ascii);
      end(colors_.object_key);
      punct(colors_.object, ':');
      if (step_ != 0) out_ += ' ';
      child = &f.next->second;
      ++f.next;
    }
    open(*child);  // may invalidate f
  }
}

}  // namespace

void append_json_string(std::string& out, std::string_view s, bool ascii) {
  out += '"';
  size_t start = 0;
  for (size_t i = 0; i < s.size();) {
    unsigned char b = static_cast<unsigned char>(s[i]);
    if (b < 0x80) {
      if (b >= ' ' && b <= '~' && b != '"' && b != '\\') {
        ++i;
        continue;
      }
      out.append(s.data() + start, i - start);
      switch (b) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\b': out += "\\b"; break;
        case '\f': out += "\\f"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default: append_u_escape(out, b); break;
      }
      start = ++i;
      continue;
    }
    uint32_t cp = 0;
    size_t len = support::decode_utf8(s, i, cp);
    if (len == 0 || ascii) {
      out.append(s.data() + start, i - start);
      if (len == 0) {
        out += "\\ufffd";
        len = 1;
      } else {
        append_ascii_escape(out, cp);
      }
      start = i + len;
    }
    i += len;
  }
  out.append(s.data() + start, s.size() - start);
  out += '"';
}

void write_json(const Value& v, std::string& out, const JsonWriteOptions& opt) {
  Writer(out, opt, 0).write(v);
}

void write_json(const Value& v, std::FILE* out, const JsonWriteOptions& opt, std::string& buffer) {
  Writer(buffer, opt, 0, out).write(v);
}

std::string to_json(const Value& v) {
  std::string out;
  static const JsonWriteOptions kCompact{0, false, false, false, nullptr};
  write_json(v, out, kCompact);
  return out;
}

void write_json_prefix(const Value& v, std::string& out, size_t max_bytes) {
  static const JsonWriteOptions kCompact{0, false, false, false, nullptr};
  size_t start = out.size();
  Writer(out, kCompact, max_bytes).write(v);
  if (out.size() - start > max_bytes) out.resize(start + max_bytes);
}

bool parse_json_colors(std::string_view text, JsonColors& out, std::string& bad) {
  std::string* targets[] = {&out.null_value, &out.false_value, &out.true_value, &out.number,
                            &out.string,     &out.object_key,  &out.array,      &out.object};
  size_t i = 0;
  for (std::string* target : targets) {
    if (i >= text.size()) {  // colours left out are none
      target->clear();
      continue;
    }
    size_t colon = text.find(':', i);
    size_t stop = colon == std::string_view::npos ? text.size() : colon;
    std::string_view item = text.substr(i, stop - i);
    i = colon == std::string_view::npos ? text.size() : colon + 1;
    // Groups of digits separated by single ';', not ending in ';'; or empty.
    bool digit = false, ok = true;
    for (char c : item) {
      if (c >= '0' && c <= '9') {
        digit = true;
      } else if (c == ';' && digit) {
        digit = false;
      } else {
        ok = false;
        break;
      }
    }
    if (!ok || (!digit && !item.empty())) {
      bad = std::string(item);
      return false;
    }
    *target = std::string(item);
  }
  return true;
}

}  // namespace riposte
