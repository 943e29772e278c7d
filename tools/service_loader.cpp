// The `riposte` program's side of the service commands
// (tools/service_commands.h): each opens libriposte_service.so on first use
// and calls the command there.  Only the program links this file; the test
// programs link the commands themselves.
#include <cstdio>
#include <string>

#include "support/module_loader.h"
#include "tools/service_commands.h"

namespace riposte::tools {
namespace {

#ifdef RIPOSTE_SERVICE_MODULE_PATH
constexpr const char* kBuildPath = RIPOSTE_SERVICE_MODULE_PATH;
#else
constexpr const char* kBuildPath = "";
#endif

// Null after printing why: the installation is broken, exit 2.
const ServiceCommands* service() {
  std::string why;
  void* entry = support::open_module_symbol(kServiceModuleFile, kBuildPath, kServiceEntrySymbol, &why);
  if (!entry) {
    std::fprintf(stderr, "riposte: the engine's commands are not available: %s\n", why.c_str());
    return nullptr;
  }
  return reinterpret_cast<const ServiceCommands* (*)()>(entry)();
}

constexpr int kBrokenInstallation = 2;

}  // namespace

int run_run(const RunCommand& cmd) {
  const ServiceCommands* s = service();
  return s ? s->run(cmd) : kBrokenInstallation;
}

int run_resume(const RunCommand& cmd) {
  const ServiceCommands* s = service();
  return s ? s->resume(cmd) : kBrokenInstallation;
}

int run_serve(const ServeCommand& cmd) {
  const ServiceCommands* s = service();
  return s ? s->serve(cmd) : kBrokenInstallation;
}

int run_process(const ProcessCommand& cmd) {
  const ServiceCommands* s = service();
  return s ? s->process(cmd) : kBrokenInstallation;
}

int run_admin_bootstrap(const AdminBootstrapCommand& cmd) {
  const ServiceCommands* s = service();
  return s ? s->admin_bootstrap(cmd) : kBrokenInstallation;
}

}  // namespace riposte::tools
