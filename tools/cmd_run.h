// Shared by `riposte ir --algorithm`, `riposte run` and `riposte resume`:
// reading an algorithm file and compiling it into the step graph
// (compiler/algorithm.h), with its diagnostics printed to stderr.
#pragma once

#include <memory>
#include <string>

#include "ir/algorithm/step_graph.h"

namespace riposte::tools {

// Validates and compiles `text` (from `file`); on errors prints the
// diagnostics to stderr and returns null.
std::unique_ptr<ir::algorithm::Algorithm> compile_algorithm_text(const std::string& text, const std::string& file);

// Reads a whole file; false with a message on stderr when it cannot.
bool read_text_file(const std::string& path, std::string& out);

}  // namespace riposte::tools
