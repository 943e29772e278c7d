// Reading the top-level members of a JSON object without building a Value
// (the fast path of intake, docs/engine.md "Alerts and incidents" and
// docs/bench.md "Intake").  simdjson checks the whole text -- syntax,
// UTF-8, nesting -- and the reader reports, for each member asked about,
// its kind and, for a string or an integer, its value.  simdjson takes
// strictly less than riposte::parse_json (it refuses invalid UTF-8, lone
// surrogates, numbers out of range and nesting over 1,024 levels, which
// parse_json reads): when it refuses a text, the caller asks parse_json,
// which decides (and words the error).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string_view>

#include "value/value.h"

namespace riposte::engine {

struct TopMember {
  bool present = false;
  bool repeated = false;  // the name occurs more than once
  Kind kind = Kind::Null;
  std::string_view string;  // Kind::String: the value, unescaped (valid until the next read)
  bool is_int = false;      // Kind::Number written as an integer that fits int64
  int64_t integer = 0;
  size_t size = 0;  // Kind::Array: the number of elements
};

class TopLevelReader {
 public:
  TopLevelReader();
  ~TopLevelReader();
  TopLevelReader(const TopLevelReader&) = delete;
  TopLevelReader& operator=(const TopLevelReader&) = delete;

  // True when `text` is one JSON object (white space around it allowed)
  // that simdjson accepts; then out[i] describes the member names[i].
  // `brace` and `end` are the offsets of its opening brace and one past its
  // closing brace, `members` its number of members.  The reader keeps its
  // buffers for the next text, except after one over 1 MiB.
  bool read(std::string_view text, std::span<const std::string_view> names, std::span<TopMember> out);
  size_t brace = 0, end = 0, members = 0;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace riposte::engine
