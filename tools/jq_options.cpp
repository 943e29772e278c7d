// Flag parsing for `riposte jq`: one table of flags, gojq's word rules.
#include "tools/jq_options.h"

#include <charconv>
#include <span>
#include <string_view>

namespace riposte::tools {
namespace {

enum class FlagType : uint8_t { Bool, Value, Pair, Positional };

struct Flag {
  char short_name;             // 0 when none
  std::string_view long_name;  // empty when none
  FlagType type;
  std::string_view help;
  // Applies the flag with its words (Value: a; Pair: a and b).  False with
  // `err` set when a value is malformed.
  bool (*apply)(JqOptions& o, const std::string& a, const std::string& b, std::string& err);
};

bool parse_uint(const std::string& text, uint64_t& out) {
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size() && !text.empty();
}

bool parse_int(const std::string& text, int& out) {
  const char* begin = text.data() + (text.size() > 1 && text[0] == '+' ? 1 : 0);
  auto [end, ec] = std::from_chars(begin, text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size() && begin != end;
}

void add_named(JqOptions& o, NamedArg::Kind kind, const std::string& name, const std::string& text) {
  for (const NamedArg& n : o.named) {
    if (n.name == name) return;  // the first binding of a name wins (gojq)
  }
  o.named.push_back({kind, name, text});
}

#define RIPOSTE_SET(field)                                                 \
  [](JqOptions& o, const std::string&, const std::string&, std::string&) { \
    o.field = true;                                                        \
    return true;                                                           \
  }

#define RIPOSTE_UINT(field)                                                      \
  [](JqOptions& o, const std::string& a, const std::string&, std::string& err) { \
    if (parse_uint(a, o.field)) return true;                                     \
    err = "not a non-negative integer: " + a;                                    \
    return false;                                                                \
  }

#define RIPOSTE_NAMED(kind)                                                    \
  [](JqOptions& o, const std::string& a, const std::string& b, std::string&) { \
    add_named(o, NamedArg::Kind::kind, a, b);                                  \
    return true;                                                               \
  }

// The positional flags only switch how later words are read (see parse).
bool no_op(JqOptions&, const std::string&, const std::string&, std::string&) {
  return true;
}

const Flag kFlags[] = {
    {'c', "compact-output", FlagType::Bool, "compact output", RIPOSTE_SET(compact)},
    {'r', "raw-output", FlagType::Bool, "output raw strings", RIPOSTE_SET(raw)},
    {'j', "join-output", FlagType::Bool, "stop printing a newline after each output", RIPOSTE_SET(join)},
    {'0', "nul-output", FlagType::Bool, "print NUL after each output", RIPOSTE_SET(nul)},
    {'a', "ascii-output", FlagType::Bool, "escape non-ASCII characters as \\uXXXX", RIPOSTE_SET(ascii)},
    {'S', "sort-keys", FlagType::Bool, "sort object keys (they always are)", RIPOSTE_SET(sort_keys)},
    {'C', "color-output", FlagType::Bool, "colorize output even if piped", RIPOSTE_SET(color)},
    {'M', "monochrome-output", FlagType::Bool, "stop colorizing output", RIPOSTE_SET(monochrome)},
    {0, "indent", FlagType::Value, "number of spaces for indentation (0 to 9)",
     [](JqOptions& o, const std::string& a, const std::string&, std::string& err) {
       int n = 0;
       if (!parse_int(a, n)) {
         err = "not an integer: " + a;
         return false;
       }
       o.indent = n;
       return true;
     }},
    {0, "tab", FlagType::Bool, "use tabs for indentation", RIPOSTE_SET(tab)},
    {0, "seq", FlagType::Bool, "print the RS character before each output", RIPOSTE_SET(seq)},
    {'n', "null-input", FlagType::Bool, "use null as input value", RIPOSTE_SET(null_input)},
    {'R', "raw-input", FlagType::Bool, "read input as raw strings", RIPOSTE_SET(raw_input)},
    {'s', "slurp", FlagType::Bool, "read all inputs into an array", RIPOSTE_SET(slurp)},
    {0, "stream", FlagType::Bool, "parse input in stream fashion", RIPOSTE_SET(stream)},
    {'f', "from-file", FlagType::Value, "load query from file",
     [](JqOptions& o, const std::string& a, const std::string&, std::string&) {
       o.from_file = a;
       return true;
     }},
    {'L', "", FlagType::Value, "directory to search modules from",
     [](JqOptions& o, const std::string& a, const std::string&, std::string&) {
       o.module_paths.push_back(a);
       return true;
     }},
    {0, "arg", FlagType::Pair, "set variable to string value", RIPOSTE_NAMED(String)},
    {0, "argjson", FlagType::Pair, "set variable to JSON value", RIPOSTE_NAMED(Json)},
    {0, "slurpfile", FlagType::Pair, "set variable to the JSON contents of the file",
     RIPOSTE_NAMED(SlurpFile)},
    {0, "rawfile", FlagType::Pair, "set variable to the contents of the file", RIPOSTE_NAMED(RawFile)},
    {0, "args", FlagType::Positional, "consume remaining arguments as positional string values", no_op},
    {0, "jsonargs", FlagType::Positional, "consume remaining arguments as positional JSON values", no_op},
    {'e', "exit-status", FlagType::Bool, "exit 1 when the last value is false or null",
     RIPOSTE_SET(exit_status)},
    {0, "fuel", FlagType::Value, "stop after this many VM instructions (0: unlimited)", RIPOSTE_UINT(fuel)},
    {0, "max-memory", FlagType::Value, "stop when values use more bytes (0: unlimited)",
     RIPOSTE_UINT(max_memory)},
    {0, "max-depth", FlagType::Value, "stop at this call depth (0: unlimited)", RIPOSTE_UINT(max_depth)},
    {'v', "version", FlagType::Bool, "print version", RIPOSTE_SET(version)},
    {'h', "help", FlagType::Bool, "print this help", RIPOSTE_SET(help)},
};

#undef RIPOSTE_SET
#undef RIPOSTE_UINT
#undef RIPOSTE_NAMED

const Flag* find_long(std::string_view name) {
  for (const Flag& f : kFlags) {
    if (!f.long_name.empty() && f.long_name == name) return &f;
  }
  return nullptr;
}

const Flag* find_short(char c) {
  for (const Flag& f : kFlags) {
    if (f.short_name != 0 && f.short_name == c) return &f;
  }
  return nullptr;
}

bool is_letter(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// The walk over the words; one instance per parse.
class FlagParser {
 public:
  FlagParser(const std::vector<std::string>& args, JqOptions& opt, std::string& error)
      : args_(args), opt_(opt), error_(error) {}

  bool run() {
    for (i_ = 0; i_ < args_.size(); ++i_) {
      const std::string& arg = args_[i_];
      if (arg == "--") {
        for (size_t j = i_ + 1; j < args_.size(); ++j) add_word(args_[j], true);
        return true;
      }
      bool ok = arg.starts_with("--") ? long_flag(arg)
                : is_short_group(arg) ? short_group(arg)
                                      : add_word(arg, false);
      if (!ok) return false;
    }
    return true;
  }

 private:
  // A word that is not a flag: the filter, an input file or a positional value.
  bool add_word(const std::string& word, bool after_dashes) {
    if (positional_ != Positional::Off && (!opt_.rest.empty() || after_dashes)) {
      opt_.positional.push_back({positional_ == Positional::Json, word});
    } else {
      opt_.rest.push_back(word);
    }
    return true;
  }

  bool long_flag(const std::string& arg) {
    std::string name = arg.substr(2);
    std::optional<std::string> inline_value;
    const Flag* flag = find_long(name);
    if (flag == nullptr) {
      size_t eq = name.find('=');
      if (eq != std::string::npos) flag = find_long(name.substr(0, eq));
      if (flag == nullptr) return fail("unknown flag `" + arg + "'");
      if (flag->type == FlagType::Bool)
        return fail("boolean flag `--" + name.substr(0, eq) + "' cannot have an argument");
      inline_value = name.substr(eq + 1);
    }
    return apply(*flag, "--" + std::string(flag->long_name), inline_value);
  }

  // gojq reads `-xyz` as flags unless a character that is neither a known
  // flag nor a letter comes first (then `-.`, `-1` are filters or values).
  bool is_short_group(const std::string& arg) const {
    if (arg.size() < 2 || arg[0] != '-') return false;
    for (size_t j = 1; j < arg.size(); ++j) {
      if (const Flag* f = find_short(arg[j])) {
        if (f->type != FlagType::Bool) break;
      } else if (!is_letter(arg[j])) {
        return false;
      }
    }
    return true;
  }

  bool short_group(const std::string& arg) {
    for (size_t j = 1; j < arg.size(); ++j) {
      const Flag* flag = find_short(arg[j]);
      std::string display = std::string("-") + arg[j];
      if (flag == nullptr) return fail("unknown flag `" + std::string(1, arg[j]) + "'");
      if (flag->type == FlagType::Bool || j + 1 == arg.size()) {
        if (!apply(*flag, display, std::nullopt)) return false;
        continue;
      }
      size_t from = arg[j + 1] == '=' ? j + 2 : j + 1;
      return apply(*flag, display, arg.substr(from));
    }
    return true;
  }

  bool apply(const Flag& flag, const std::string& display, const std::optional<std::string>& inline_value) {
    std::string a, b, err;
    switch (flag.type) {
      case FlagType::Bool:
        break;
      case FlagType::Positional:
        positional_ = flag.long_name == "jsonargs" ? Positional::Json : Positional::String;
        return true;
      case FlagType::Value:
        if (inline_value) {
          a = *inline_value;
        } else if (!next_word(a)) {
          return fail("expected argument for flag `" + display + "'");
        }
        break;
      case FlagType::Pair:
        if (inline_value) {
          a = *inline_value;
        } else if (!next_word(a)) {
          return fail("expected 2 arguments for flag `" + display + "'");
        }
        if (!next_word(b)) return fail("expected 2 arguments for flag `" + display + "'");
        break;
    }
    if (!flag.apply(opt_, a, b, err)) return fail("invalid argument for flag `" + display + "': " + err);
    return true;
  }

  bool next_word(std::string& out) {
    if (i_ + 1 >= args_.size()) return false;
    out = args_[++i_];
    return true;
  }

  bool fail(std::string message) {
    error_ = std::move(message);
    return false;
  }

  enum class Positional : uint8_t { Off, String, Json };
  const std::vector<std::string>& args_;
  JqOptions& opt_;
  std::string& error_;
  size_t i_ = 0;
  Positional positional_ = Positional::Off;
};

}  // namespace

bool parse_jq_flags(const std::vector<std::string>& args, JqOptions& opt, std::string& error) {
  return FlagParser(args, opt, error).run();
}

std::string jq_help_text() {
  std::string out =
      "riposte jq - a jq with gojq's semantics\n\n"
      "Usage:\n  riposte jq [OPTIONS] FILTER [FILE...]\n  riposte jq [OPTIONS] -f PROGRAM_FILE [FILE...]\n\n"
      "Options:\n";
  for (const Flag& f : kFlags) {
    std::string left = f.short_name != 0 ? std::string("-") + f.short_name : "  ";
    if (!f.long_name.empty()) left += (f.short_name != 0 ? ", --" : "  --") + std::string(f.long_name);
    if (f.type == FlagType::Value)
      left += f.long_name == "from-file" ? " file" : f.short_name == 'L' ? " dir" : " n";
    if (f.type == FlagType::Pair) left += f.long_name.ends_with("file") ? " name file" : " name value";
    if (left.size() < 28) left.resize(28, ' ');
    out += "  " + left + " " + std::string(f.help) + "\n";
  }
  out +=
      "\nExit status: 0 ok, 1 with -e when the last output is false or null, 2 usage error,\n"
      "3 compile error, 4 with -e when there is no output, 5 run-time error; halt_error sets its own.\n";
  return out;
}

}  // namespace riposte::tools
