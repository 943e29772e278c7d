// `riposte jq`: a drop-in jq.  Flags as gojq reads them, inputs streamed
// from the files (or stdin), outputs buffered, gojq's exit statuses.
#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <optional>

#include "tools/commands.h"
#include "tools/jq_input.h"
#include "tools/jq_session.h"

namespace riposte::tools {
namespace {

std::string error_text(const Value& v) {
  return v.is_string() ? std::string(v.str()) : to_json(v);
}

// One run of a compiled program over all its inputs.
class JqSession {
 public:
  JqSession(const JqOptions& opt, const vm::Program& program, std::vector<Value> globals)
      : opt_(opt),
        program_(program),
        globals_(std::move(globals)),
        budgets_(jq_budgets(opt)),
        inputs_(input_files(),
                opt.raw_input ? InputFormat::Raw
                : opt.stream  ? InputFormat::Stream
                              : InputFormat::Json,
                opt.slurp),
        out_(stdout, jq_output_options(opt)) {
    host_.next_input = [this](Value& v, std::string& err) { return next_input(v, err); };
    host_.debug = [this](const Value& v) {
      to_stderr(to_json(Value::array(Array{Value::string(std::string_view("DEBUG:")), v})) + "\n");
    };
    host_.stderr_ = [this](const Value& v) { to_stderr(to_json(v)); };
    host_.input_line_number = [this] { return inputs_.line_number(); };
    // gojq: null (here "") under -n without files, else the file being read.
    host_.input_filename = [this] {
      return opt_.null_input && input_files().empty() ? std::string() : inputs_.filename().value_or("");
    };
  }

  int run() {
    if (opt_.null_input) {
      run_one(Value::null());
    } else {
      Value v;
      std::string err;
      for (;;) {
        InputSource::Status s = inputs_.next(v, err);
        if (s == InputSource::Status::End) break;
        if (s == InputSource::Status::Error) {
          fail(kExitError, "error: " + err);
          continue;
        }
        run_one(v);
      }
    }
    out_.flush();
    return exit_code();
  }

 private:
  // The words after the filter (all of them with -f) name the input files.
  std::vector<std::string> input_files() const {
    size_t skip = opt_.from_file.empty() && !opt_.rest.empty() ? 1 : 0;
    return std::vector<std::string>(opt_.rest.begin() + skip, opt_.rest.end());
  }

  bool next_input(Value& v, std::string& err) {
    err.clear();
    return inputs_.next(v, err) == InputSource::Status::Value;
  }

  void run_one(const Value& input) {
    auto emit = [this](const Value& v) {
      out_.write(v);
      any_output_ = true;
      last_truthy_ = v.truthy();
      return true;
    };
    vm::Program::Outcome r = program_.run(input, globals_, budgets_, host_, emit);
    switch (r.status) {
      case vm::Program::Status::Ok:
        break;
      case vm::Program::Status::Error:
        fail(kExitError, "error: " + error_text(r.error));
        break;
      case vm::Program::Status::BudgetExceeded:
        fail(kExitError, "error: " + error_text(r.error));
        break;
      case vm::Program::Status::Halt:
        halt(r);
        break;
    }
  }

  // gojq 0.12.11: halt ends the evaluation of the current input only; its
  // exit status stands unless a later input fails.  halt_error prints a
  // string as it is, null not at all, and any other value as JSON on a line.
  void halt(const vm::Program::Outcome& r) {
    if (r.halt_error && !r.halt_value.is_null()) {  // gojq prints nothing for null
      to_stderr(r.halt_value.is_string() ? std::string(r.halt_value.str()) : to_json(r.halt_value) + "\n");
    }
    error_code_ = r.halt_code;
  }

  void fail(int code, const std::string& message) {
    to_stderr("riposte: " + message + "\n");
    error_code_ = code;
  }

  // Writes to stderr after what is already printed, so that a terminal
  // shows outputs and messages in the order they happened.
  void to_stderr(const std::string& text) {
    out_.flush();
    std::fwrite(text.data(), 1, text.size(), stderr);
  }

  int exit_code() const {
    if (error_code_) return *error_code_;
    if (!opt_.exit_status) return kExitOk;
    if (!any_output_) return kExitNoValue;
    return last_truthy_ ? kExitOk : kExitFalsy;
  }

  const JqOptions& opt_;
  const vm::Program& program_;
  std::vector<Value> globals_;
  vm::Budgets budgets_;
  InputSource inputs_;
  OutputWriter out_;
  vm::Host host_;
  std::optional<int> error_code_;  // the last failure's status wins, as in gojq
  bool any_output_ = false;
  bool last_truthy_ = true;
};

int usage_error(const std::string& message) {
  fmt::print(stderr, "riposte: {}\nUse riposte jq --help for help with command-line options.\n", message);
  return kExitUsage;
}

int general_error(const std::string& message) {
  fmt::print(stderr, "riposte: error: {}\n", message);
  return kExitError;
}

// jq's identifiers: a letter or '_', then letters, digits or '_'.
bool is_variable_name(std::string_view name) {
  auto letter = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; };
  if (name.empty() || !letter(name[0])) return false;
  for (char c : name) {
    if (!letter(c) && !(c >= '0' && c <= '9')) return false;
  }
  return true;
}

// Checks the flags gojq checks after parsing them.
std::optional<std::string> check_flags(const JqOptions& opt) {
  if (opt.indent && *opt.indent > 9) return fmt::format("too many indentation count: {}", *opt.indent);
  if (opt.indent && *opt.indent < 0) return fmt::format("negative indentation count: {}", *opt.indent);
  if (!opt.module_paths.empty()) return std::string("modules are not supported (-L)");
  return std::nullopt;
}

}  // namespace

OutputOptions jq_output_options(const JqOptions& opt) {
  OutputOptions o;
  o.raw = opt.raw || opt.join || opt.nul;
  o.join = opt.join;
  o.nul = opt.nul;
  o.seq = opt.seq;
  o.json.ascii = opt.ascii;
  if (opt.compact) {
    o.json.indent = 0;
  } else if (opt.tab) {
    o.json.indent = 1;
    o.json.tab = true;
  } else if (opt.indent) {
    o.json.indent = *opt.indent;
  }
  o.json.color = jq_color_enabled(opt);
  if (o.json.color) {
    auto colors = std::make_shared<JsonColors>();
    std::string bad;
    if (jq_color_palette(*colors, bad)) o.json.colors = std::move(colors);
  }
  return o;
}

bool jq_color_enabled(const JqOptions& opt) {
  if (opt.color || opt.monochrome) return !opt.monochrome;
  const char* no_color = std::getenv("NO_COLOR");
  const char* term = std::getenv("TERM");
  bool plain = (no_color != nullptr && *no_color != 0) || (term != nullptr && std::string_view(term) == "dumb");
  return !plain && isatty(fileno(stdout));
}

// The colours GOJQ_COLORS sets (gojq's defaults when it is unset or empty);
// false with the bad item when it is malformed.
bool jq_color_palette(JsonColors& colors, std::string& bad) {
  const char* env = std::getenv("GOJQ_COLORS");
  if (env == nullptr || *env == 0) return true;
  return parse_json_colors(env, colors, bad);
}

vm::Budgets jq_budgets(const JqOptions& opt) {
  vm::Budgets b;
  b.fuel = opt.fuel;
  b.memory_bytes = opt.max_memory;
  b.max_depth = static_cast<uint32_t>(std::min<uint64_t>(opt.max_depth, UINT32_MAX));
  return b;
}

int run_jq(const std::vector<std::string>& args) {
  JqOptions opt;
  std::string err;
  if (!parse_jq_flags(args, opt, err)) return usage_error(err);
  if (opt.help) {
    fmt::print("{}", jq_help_text());
    return kExitOk;
  }
  if (opt.version) {
    fmt::print("riposte jq {} (gojq 0.12.11 semantics)\n", kVersion);
    return kExitOk;
  }
  if (jq_color_enabled(opt)) {  // gojq checks the colours before the other flags
    JsonColors colors;
    std::string bad;
    if (!jq_color_palette(colors, bad)) return general_error("invalid color: " + to_json(Value::string(bad)));
  }
  if (auto problem = check_flags(opt)) return general_error(*problem);
  for (const NamedArg& a : opt.named) {
    if (!is_variable_name(a.name)) {
      fmt::print(stderr, "riposte: invalid variable name: ${}\n", a.name);
      return kExitCompile;
    }
  }
  compiler::GlobalBindings globals;
  if (!bind_jq_variables(opt, globals, err)) return general_error(err);
  std::string text, file;
  if (!load_jq_program(opt, text, file, err)) return general_error(err);

  compiler::CompileOptions copt;
  copt.global_vars = globals.names;
  copt.file = file;
  compiler::Compiled compiled = compiler::compile(text, copt);
  std::string rendered = support::render_text(compiled.diagnostics, text, file);
  std::fwrite(rendered.data(), 1, rendered.size(), stderr);
  if (!compiled.ok()) {
    if (rendered.empty()) std::fputs("riposte: compile error\n", stderr);
    return kExitCompile;
  }
  JqSession session(opt, *compiled.program, globals.for_module(*compiled.module));
  return session.run();
}

}  // namespace riposte::tools
