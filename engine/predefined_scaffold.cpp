// Scaffold until the playbooks branch lands (engine/predefined.cpp).
#include "engine/predefined.h"

namespace riposte::engine {
void install_predefined_playbooks(store::Tx&, const std::string&, const std::string&) {}
}  // namespace riposte::engine
