// The predefined playbooks (engine.md): P001-P003, loaded on bootstrap.
#pragma once

#include <string>

#include "store/store.h"

namespace riposte::engine {

void install_predefined_playbooks(store::Tx& tx, const std::string& root_tenant, const std::string& user);

}  // namespace riposte::engine
