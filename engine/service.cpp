#include "engine/service.h"

#include <cstdio>

#include "engine/engine_port.h"
#include "engine/runtime.h"

namespace riposte::engine {

Service::Service(store::Store& store)
    : store_(store), runtime_(std::make_unique<Runtime>(store, stats_)), engine_port_(std::make_unique<StorePort>(*this)) {
  try {
    runtime_->catalog.rebuild(store_);
  } catch (const std::exception& e) {  // the store answers 503 to every call anyway
    std::fprintf(stderr, "riposte: the playbooks could not be read: %s\n", e.what());
  }
}

Service::~Service() = default;

actions::EnginePort& Service::engine_port() { return *engine_port_; }

}  // namespace riposte::engine
