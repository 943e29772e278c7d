// The subcommands of `riposte`; main.cpp dispatches to them.
#pragma once

#include <string>
#include <vector>

namespace riposte::tools {

inline constexpr const char* kVersion = "0.1.0";

// `riposte jq [flags] FILTER [FILE...]`: `args` are the words after "jq",
// parsed by jq's rules (jq_options.h).  Returns the process exit status.
int run_jq(const std::vector<std::string>& args);

struct IrCommand {
  std::string stage = "opt";  // ast | ir | opt | bytecode
  bool print_after_all = false;
  std::string filter;
  std::string from_file;          // -f: the program is this file's text
  std::vector<std::string> vars;  // names bound as globals (--var NAME)
};
// `riposte ir`: prints one stage of the compilation of a filter.
int run_ir(const IrCommand& cmd);

}  // namespace riposte::tools
