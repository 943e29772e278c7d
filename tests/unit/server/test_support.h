// Test doubles of the server tests: a store that refuses every use (the
// HTTP layer is tested alone; the engine is a scaffold or does not reach
// the store before the layer under test answers), and helpers.
#pragma once

#include <string>

#include "store/store.h"
#include "value/json.h"
#include "value/value.h"

namespace riposte::server::testing {

// Throws StoreError on any use: what the engine does with it answers 503.
class RefusingStore : public store::Store {
 public:
  void read(const std::function<void(store::Tx&)>&) override {
    throw store::StoreError("test store: no storage");
  }
  void write(const std::function<bool(store::Tx&)>&) override {
    throw store::StoreError("test store: no storage");
  }
  uint64_t size_bytes() override { return 0; }
};

inline Value parse(const std::string& text) {
  Value v;
  JsonError err;
  if (!parse_json(text, v, err)) return Value::string("UNPARSABLE: " + err.message + " in " + text);
  return v;
}

}  // namespace riposte::server::testing
