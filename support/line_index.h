// Source lines: byte offsets into a document -> 1-based line and column (columns count
// code points, as the jq front end and the renderer do).
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "support/source_span.h"

namespace riposte::support {

// The text of 1-based line `line` of `source`, without its '\n' (empty when
// there is no such line).
std::string_view source_line(std::string_view source, uint32_t line);

class LineIndex {
 public:
  explicit LineIndex(std::string_view text);
  Position position(size_t offset) const;

 private:
  std::string_view text_;
  std::vector<size_t> line_starts_;
};

}  // namespace riposte::support
