#include "engine/service.h"

namespace riposte::engine {
struct Runtime {};
}  // namespace riposte::engine

namespace riposte::engine {

Service::Service(store::Store& store) : store_(store) {}
Service::~Service() = default;

}  // namespace riposte::engine
