// Line starts are found once; a position is a binary search plus a count
// of the code points between the line start and the offset.
#include "support/line_index.h"

#include <algorithm>

namespace riposte::support {

std::string_view source_line(std::string_view source, uint32_t line) {
  size_t begin = 0;
  for (uint32_t l = 1; l < line; ++l) {
    size_t nl = source.find('\n', begin);
    if (nl == std::string_view::npos) return {};
    begin = nl + 1;
  }
  size_t end = source.find('\n', begin);
  return source.substr(begin, end == std::string_view::npos ? std::string_view::npos : end - begin);
}

LineIndex::LineIndex(std::string_view text) : text_(text) {
  line_starts_.push_back(0);
  for (size_t i = 0; i < text.size(); ++i)
    if (text[i] == '\n') line_starts_.push_back(i + 1);
}

Position LineIndex::position(size_t offset) const {
  offset = std::min(offset, text_.size());
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  size_t line = static_cast<size_t>(it - line_starts_.begin());  // 1-based
  size_t start = line_starts_[line - 1];
  uint32_t column = 1;
  for (size_t i = start; i < offset; ++i)
    if ((static_cast<unsigned char>(text_[i]) & 0xc0) != 0x80) ++column;
  return Position{static_cast<uint32_t>(line), column};
}

}  // namespace riposte::support
