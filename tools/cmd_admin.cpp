// `riposte admin bootstrap` (api.md): the first tenant, user and token of a store.
#include <cstdio>
#include <string>

#include "engine/service.h"
#include "store/store.h"
#include "tools/commands.h"
#include "value/json.h"

namespace riposte::tools {

int run_admin_bootstrap(const AdminBootstrapCommand& cmd) {
  std::string error;
  std::unique_ptr<store::Store> store = open_store(cmd.db, cmd.sync, error);
  if (!store) {
    std::fprintf(stderr, "riposte admin bootstrap: %s\n", error.c_str());
    return 1;
  }
  try {
    engine::Service service(*store);
    engine::Outcome<Value> out = service.bootstrap();
    if (!out.ok()) {
      const engine::Problem& p = out.problem();
      std::fprintf(stderr, "riposte admin bootstrap: %s\n", (p.detail.empty() ? p.title : p.detail).c_str());
      return 1;
    }
    std::string line = to_json(out.value());
    std::printf("%s\n", line.c_str());
    std::fflush(stdout);
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "riposte admin bootstrap: %s\n", e.what());
    return 1;
  }
}

}  // namespace riposte::tools
