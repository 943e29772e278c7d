#include "engine/service.h"

#include <cstdio>

#include "engine/runtime.h"

namespace riposte::engine {

Service::Service(store::Store& store) : store_(store), runtime_(std::make_unique<Runtime>(store, stats_)) {
  try {
    runtime_->catalog.rebuild(store_);
  } catch (const std::exception& e) {  // the store answers 503 to every call anyway
    std::fprintf(stderr, "riposte: the playbooks could not be read: %s\n", e.what());
  }
}

Service::~Service() = default;

}  // namespace riposte::engine
