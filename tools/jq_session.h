// Pieces of `riposte jq` shared between its files: turning the parsed flags
// into the program text, variables, output format and budgets.
#pragma once

#include <string>

#include "compiler/pipeline.h"
#include "tools/jq_options.h"
#include "tools/jq_output.h"
#include "vm/program.h"

namespace riposte::tools {

// jq's exit statuses (gojq's numbering).
enum ExitCode : int {
  kExitOk = 0,
  kExitFalsy = 1,    // -e: the last output was false or null
  kExitUsage = 2,    // bad flags
  kExitCompile = 3,  // the program does not compile
  kExitNoValue = 4,  // -e: there was no output
  kExitError = 5,    // a run-time error, unreadable input, a missing file
};

// The program text and the name it goes by in diagnostics.
bool load_jq_program(const JqOptions& opt, std::string& text, std::string& file, std::string& err);
// Binds --arg/--argjson/--slurpfile/--rawfile and --args/--jsonargs.
bool bind_jq_variables(const JqOptions& opt, compiler::GlobalBindings& globals, std::string& err);
// The output format, including gojq's choice of colour (-C/-M, NO_COLOR, a terminal).
OutputOptions jq_output_options(const JqOptions& opt);
// Whether -C/-M, NO_COLOR, TERM and the terminal turn colours on (gojq's rule).
bool jq_color_enabled(const JqOptions& opt);
bool jq_color_palette(JsonColors& colors, std::string& bad);
vm::Budgets jq_budgets(const JqOptions& opt);

}  // namespace riposte::tools
