// Reading a program's or an algorithm's file and compiling an algorithm's
// text, for the compiler-side commands (ir, check) and the engine's (run,
// process) alike: this file is in the program, not in the service library
// (tools/CMakeLists.txt).
#include <fmt/format.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

#include "compiler/algorithm.h"
#include "tools/cmd_run.h"

namespace riposte::tools {

bool read_text_file(const std::string& path, std::string& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    fmt::print(stderr, "riposte: error: could not open {}: {}\n", path, std::strerror(errno));
    return false;
  }
  std::ostringstream buf;
  buf << in.rdbuf();
  out = buf.str();
  return true;
}

std::unique_ptr<ir::algorithm::Algorithm> compile_algorithm_text(const std::string& text,
                                                                 const std::string& file) {
  compiler::AlgorithmResult c = compiler::compile_algorithm(text, file);
  std::fwrite(c.rendered_diagnostics.data(), 1, c.rendered_diagnostics.size(), stderr);
  return std::move(c.algorithm);
}

}  // namespace riposte::tools
