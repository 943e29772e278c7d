// The flags of `riposte jq`, parsed by gojq's rules so that any jq or gojq
// command line works unchanged: short flags combine (`-nr`), a value may be
// attached (`--indent=4`, `-fprog.jq`), `--arg name value` takes two
// words, and after `--args`/`--jsonargs` every word but the filter is a
// positional value.  A word such as `-.` or `-1` that is not a flag is the
// filter.  CLI11 hands these words over untouched (see main.cpp).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace riposte::tools {

struct NamedArg {
  enum class Kind : uint8_t { String, Json, SlurpFile, RawFile };
  Kind kind;
  std::string name;
  std::string text;  // the value, JSON text or file name
};

struct PositionalArg {
  bool json = false;  // from --jsonargs
  std::string text;
};

struct JqOptions {
  // output
  bool compact = false, raw = false, join = false, nul = false, ascii = false;
  bool sort_keys = false, color = false, monochrome = false, tab = false, seq = false;
  std::optional<int> indent;
  // input
  bool null_input = false, raw_input = false, slurp = false, stream = false;
  // program and variables
  std::string from_file;
  std::vector<std::string> module_paths;  // -L (accepted; modules are not supported)
  std::vector<NamedArg> named;
  std::vector<PositionalArg> positional;
  // behaviour
  bool exit_status = false, version = false, help = false;
  uint64_t fuel = 0, max_memory = 0, max_depth = 0;  // 0 = unlimited
  // the filter (unless from_file) followed by the input files
  std::vector<std::string> rest;
};

// Parses the words after `riposte jq`.  On a usage error returns false with
// `error` set to gojq's message (e.g. "unknown flag `--foo'").
bool parse_jq_flags(const std::vector<std::string>& args, JqOptions& opt, std::string& error);

// The text of `riposte jq --help`.
std::string jq_help_text();

}  // namespace riposte::tools
