// The opaque cursors of lists (api.md, Conventions): the position after
// the last item of a page.  Clients must not read them; they are "c" and
// the decimal position, so a forged or damaged one is refused (400), never
// misread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "engine/outcome.h"

namespace riposte::engine {

inline constexpr size_t kDefaultLimit = 50;
inline constexpr size_t kMaxLimit = 1000;

std::string encode_cursor(int64_t position);
// 0 for "" (the start); nullopt for a cursor this engine did not make.
std::optional<int64_t> decode_cursor(std::string_view cursor);
Problem bad_cursor();  // 400 "cursor: not a cursor of this list"

}  // namespace riposte::engine
