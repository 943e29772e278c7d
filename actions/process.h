// Runs one program to completion without a shell (posix_spawn): argv,
// working directory, stdin from memory, a deadline and a cancellation token
// (on either, the process group is killed), stdout and stderr captured up
// to a cap each.  The program leads a process group of its own; when it
// exits, whatever it left running in that group is killed too, so nothing
// outlives the call.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "actions/cancel.h"

namespace riposte::actions {

struct ProcessSpec {
  std::vector<std::string> argv;  // argv[0]: a path, or a name looked up in PATH
  std::string working_directory;  // "" = the caller's
  std::string stdin_data;         // written to its stdin, which is then closed
  std::vector<std::string> env;   // "NAME=value" added to the passed part of the caller's environment (PATH, LANG, LC_ALL, LC_CTYPE, TZ, TMPDIR, HOME)
  Clock::time_point deadline = Clock::time_point::max();
  CancelToken cancel;
  size_t output_cap = 64 * 1024;  // bytes kept of stdout, and of stderr
};

struct Captured {
  std::string text;    // at most the cap, cut at a UTF-8 character boundary
  size_t dropped = 0;  // bytes beyond the cap, read and thrown away
};

struct ProcessResult {
  std::string spawn_error;  // set when the program never started
  int exit_code = -1;       // when it exited
  int signal = 0;           // when a signal ended it
  bool timed_out = false;   // killed at the deadline
  bool cancelled = false;   // killed on cancellation
  Captured out, err;
};

ProcessResult run_process(const ProcessSpec& spec);

}  // namespace riposte::actions
