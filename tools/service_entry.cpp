// The one symbol libriposte_service.so exports (tools/service_commands.h).
// The module is linked with -Bsymbolic-functions: these addresses are its
// own commands, not the program's stubs of the same names
// (tools/service_loader.cpp).
#include "tools/service_commands.h"

namespace {
constexpr riposte::tools::ServiceCommands kCommands{riposte::tools::run_run, riposte::tools::run_resume,
                                                    riposte::tools::run_serve, riposte::tools::run_process,
                                                    riposte::tools::run_admin_bootstrap};
}  // namespace

extern "C" __attribute__((visibility("default"))) const riposte::tools::ServiceCommands*
riposte_service_commands() {
  return &kCommands;
}
