#include "engine/cursor.h"

#include <charconv>

#include "engine/body.h"

namespace riposte::engine {

std::string encode_cursor(int64_t position) {
  return "c" + std::to_string(position);
}

std::optional<int64_t> decode_cursor(std::string_view cursor) {
  if (cursor.empty()) return 0;
  if (cursor.size() < 2 || cursor.size() > 20 || cursor[0] != 'c') return std::nullopt;
  int64_t v = 0;
  auto [end, ec] = std::from_chars(cursor.data() + 1, cursor.data() + cursor.size(), v);
  if (ec != std::errc() || end != cursor.data() + cursor.size() || v < 0) return std::nullopt;
  return v;
}

Problem bad_cursor() {
  Problem p = refused("cursor", "not a cursor of this list");
  p.status = 400;
  p.title = "Bad request";
  return p;
}

}  // namespace riposte::engine
