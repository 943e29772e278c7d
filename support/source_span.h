// Source positions and spans: the one location vocabulary of the toolchain.
// Lines and columns are 1-based and columns count code points (as the jq
// lexer and the caret renderer do); line 0 means "unknown".  The AST
// (frontend::SourceLoc), the IR (ir::Loc) and JSON documents
// (support::LineIndex) all use Position; a diagnostic carries a Span.
#pragma once

#include <cstdint>

namespace riposte::support {

struct Position {
  uint32_t line = 0;    // 1-based; 0 = unknown
  uint32_t column = 0;  // 1-based, in code points
};

// A range of source text: [line:column, end_line:end_column], end inclusive.
struct Span {
  uint32_t line = 0, column = 0;          // 1-based start; line 0 = unknown
  uint32_t end_line = 0, end_column = 0;  // 1-based, inclusive end

  // The single character at `p`.
  static constexpr Span at(Position p) { return Span{p.line, p.column, p.line, p.column}; }
  // From `begin` to `last` (inclusive); an unknown `last` means `begin` alone.
  static constexpr Span between(Position begin, Position last) {
    return last.line ? Span{begin.line, begin.column, last.line, last.column} : at(begin);
  }
  constexpr Position begin() const { return Position{line, column}; }
  constexpr Position last() const { return Position{end_line, end_column}; }
};

}  // namespace riposte::support
