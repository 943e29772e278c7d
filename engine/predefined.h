// The predefined playbooks (engine.md, Playbooks): the vendor's P001-P003
// of samples/playbooks/, embedded at build time, installed in the root
// tenant when a store is bootstrapped.
#pragma once

#include <string>

#include "store/store.h"

namespace riposte::engine {

// Inserts P001-P003 (tagged "Predefined", predefined = true, mode training,
// P002 manual) in `root_tenant`, created by `user`, each with its
// changelog's "created" entry.  Call inside the bootstrap transaction.
void install_predefined_playbooks(store::Tx& tx, const std::string& root_tenant, const std::string& user);

}  // namespace riposte::engine
