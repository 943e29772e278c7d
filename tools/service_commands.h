// The commands that run the engine -- `run`, `resume`, `serve`, `process`,
// `admin bootstrap` -- as the `riposte` program reaches them: through
// libriposte_service.so beside it (docs/architecture.md, "Libraries opened
// on demand"), which holds them with the engine, the store, the HTTP
// server and the action bindings (and so libcurl, libpq, libldap,
// cpp-httplib).  The test programs link the same commands statically.
#pragma once

#include "tools/commands.h"

namespace riposte::tools {

struct ServiceCommands {
  int (*run)(const RunCommand&);
  int (*resume)(const RunCommand&);
  int (*serve)(const ServeCommand&);
  int (*process)(const ProcessCommand&);
  int (*admin_bootstrap)(const AdminBootstrapCommand&);
};

inline constexpr const char* kServiceModuleFile = "libriposte_service.so";
inline constexpr const char* kServiceEntrySymbol = "riposte_service_commands";

}  // namespace riposte::tools
