// The real executeCustomScript binding: runs `commandLine` with the argv
// split from `commandLineParameters` (never through a shell), in
// `workingDirectory`, with `stdIn` on its standard input, until it exits or
// the call's deadline passes (then its process group is killed), capturing
// stdout and stderr up to a cap (docs/actions.md, "executeCustomScript").
//
// Result: {"exitCode": 0, "stdout": "...", "stderr": "..."} plus
// "signal": N when a signal ended it, "timedOut": true when the deadline
// did, "stdoutTruncated"/"stderrTruncated": <bytes dropped> when a cap was
// reached.  A nonzero exit code, a signal or the deadline make the call an
// Error that keeps this result.
#pragma once

#include <cstddef>
#include <memory>

#include "actions/binding.h"

namespace riposte::actions {

struct ScriptOptions {
  size_t output_cap = 64 * 1024;  // bytes kept of stdout, and of stderr
};

std::unique_ptr<Binding> make_script_binding(const ScriptOptions& options);

}  // namespace riposte::actions
