// The variables of `riposte jq`: --arg, --argjson, --slurpfile, --rawfile,
// --args and --jsonargs turned into values, as gojq reads them.
#include <fmt/format.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

#include "tools/jq_session.h"

namespace riposte::tools {
namespace {

struct FileCloser {
  void operator()(std::FILE* f) const { std::fclose(f); }
};
using FilePtr = std::unique_ptr<std::FILE, FileCloser>;

FilePtr open_file(const std::string& name, std::string& err) {
  FilePtr f(std::fopen(name.c_str(), "rb"));
  if (!f) err = fmt::format("could not open {}: {}", name, std::strerror(errno));
  return f;
}

// Every JSON value in `f`; `what` names the source in errors.
bool read_json_values(std::FILE* f, const std::string& what, Array& out, std::string& err) {
  JsonStreamReader reader(f);
  Value v;
  JsonError jerr;
  while (reader.next(v, jerr)) out.push_back(std::move(v));
  if (jerr.message.empty()) return true;
  err = fmt::format("invalid json: {}:{}:{}: {}", what, jerr.line, jerr.column, jerr.message);
  return false;
}

// The first JSON value of `text` (gojq ignores what follows it); null when
// there is none, only white space (gojq too).
bool first_json_arg(const std::string& text, const std::string& what, Value& out, std::string& err) {
  if (text.find_first_not_of(" \t\r\n") == std::string::npos) {
    out = Value::null();
    return true;
  }
  JsonError jerr;
  if (riposte::parse_first_json(text, out, jerr)) return true;
  err = fmt::format("invalid json: {}:{}:{}: {}", what, jerr.line, jerr.column, jerr.message);
  return false;
}

bool read_text_file(const std::string& name, std::string& out, std::string& err) {
  FilePtr f = open_file(name, err);
  if (!f) return false;
  char buf[1 << 16];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f.get())) > 0) out.append(buf, n);
  if (std::ferror(f.get())) {
    err = fmt::format("could not read {}: {}", name, std::strerror(errno));
    return false;
  }
  return true;
}

bool named_value(const NamedArg& a, Value& out, std::string& err) {
  switch (a.kind) {
    case NamedArg::Kind::String:
      out = Value::string(a.text);
      return true;
    case NamedArg::Kind::Json:
      return first_json_arg(a.text, "$" + a.name, out, err);
    case NamedArg::Kind::SlurpFile: {
      FilePtr f = open_file(a.text, err);
      Array items;
      if (!f || !read_json_values(f.get(), a.text, items, err)) return false;
      out = Value::array(std::move(items));
      return true;
    }
    case NamedArg::Kind::RawFile: {
      std::string text;
      if (!read_text_file(a.text, text, err)) return false;
      out = Value::string(std::move(text));
      return true;
    }
  }
  return false;
}

}  // namespace

bool bind_jq_variables(const JqOptions& opt, compiler::GlobalBindings& globals, std::string& err) {
  for (const NamedArg& a : opt.named) {
    Value v;
    if (!named_value(a, v, err)) return false;
    globals.bind(a.name, std::move(v));
  }
  for (const PositionalArg& p : opt.positional) {
    Value v = Value::string(p.text);
    if (p.json && !first_json_arg(p.text, "--jsonargs", v, err)) return false;
    globals.positional.push_back(std::move(v));
  }
  return true;
}

bool load_jq_program(const JqOptions& opt, std::string& text, std::string& file, std::string& err) {
  if (!opt.from_file.empty()) {
    file = opt.from_file;
    return read_text_file(opt.from_file, text, err);
  }
  file = std::string("<arg>");  // (a temporary: GCC 12 warns wrongly on assigning a literal)
  if (opt.rest.empty()) {
    text = std::string(".");
    return true;
  }
  text = opt.rest.front();
  return true;
}

}  // namespace riposte::tools
