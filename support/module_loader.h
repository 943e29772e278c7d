// Shared objects of this program opened at run time (docs/architecture.md,
// "Libraries opened on demand"): the JIT's LLVM side and the service
// commands live in libraries beside the `riposte` program, so that a run
// that needs neither (`riposte jq`) maps neither them nor what they link
// (libLLVM; libcurl, libpq, libldap, cpp-httplib).
#pragma once

#include <string>

namespace riposte::support {

// Opens `file` (e.g. "libriposte_jit.so") from the program's own folder,
// or else from `build_path` (the build tree's copy, for the test and bench
// programs of the same build; may be empty), with RTLD_NOW so that a
// missing symbol is an error now, and returns the address of `symbol`.
// Null with *why_not set when no candidate exists or it does not load.
void* open_module_symbol(const std::string& file, const std::string& build_path, const char* symbol,
                         std::string* why_not);

}  // namespace riposte::support
