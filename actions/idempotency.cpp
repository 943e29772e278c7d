#include "actions/idempotency.h"

#include <fmt/format.h>

#include <cstdint>

namespace riposte::actions {

namespace {
constexpr uint64_t kPrime = 0x100000001b3ULL;

struct Fnv {
  uint64_t h;
  void byte(uint8_t b) { h = (h ^ b) * kPrime; }
  void bytes(std::string_view s) {
    for (char c : s) byte(uint8_t(c));
  }
  // A part with its length first, so that parts never run into each other.
  void part(std::string_view s) {
    uint64_t n = s.size();
    for (int i = 0; i < 8; ++i) byte(uint8_t(n >> (8 * i)));
    bytes(s);
  }
};
}  // namespace

std::string idempotency_key(std::string_view instance_id, std::string_view scope,
                            std::optional<std::string_view> asset) {
  // Two FNV-1a streams from different offsets: 128 bits of key.
  Fnv a{0xcbf29ce484222325ULL}, b{0x84222325cbf29ce4ULL};
  for (Fnv* f : {&a, &b}) {
    f->part(instance_id);
    f->part(scope);
    f->byte(asset ? 1 : 0);
    if (asset) f->part(*asset);
  }
  return fmt::format("{:016x}{:016x}", a.h, b.h);
}

}  // namespace riposte::actions
