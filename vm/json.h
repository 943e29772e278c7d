// JSON text <-> Value: the reader used for program input (a stream of
// concatenated values, read incrementally, errors with line and column), and
// the writer that prints values exactly as gojq prints them.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

#include "vm/value.h"

namespace riposte {

struct JsonError {
  std::string message;  // e.g. "unexpected character 'x', expected a value"
  uint32_t line = 0;    // 1-based
  uint32_t column = 0;  // 1-based
};

// Parses exactly one JSON value (surrounding white space allowed).
bool parse_json(std::string_view text, Value& out, JsonError& err);

// Reads a stream of JSON values (jq's input format) from a FILE without
// holding the whole input in memory.
class JsonStreamReader {
 public:
  explicit JsonStreamReader(std::FILE* in);
  ~JsonStreamReader();
  JsonStreamReader(const JsonStreamReader&) = delete;
  JsonStreamReader& operator=(const JsonStreamReader&) = delete;
  // Returns true and sets `out` for the next value; false at the end of the
  // input (err.message empty) or on a syntax error (err set).
  bool next(Value& out, JsonError& err);
  uint32_t line() const;  // current line, for input_line_number

 private:
  struct Impl;
  Impl* impl_;
};

struct JsonWriteOptions {
  int indent = 2;       // spaces per level; 0 = compact (jq -c)
  bool tab = false;     // indent with one tab per level
  bool ascii = false;   // escape non-ASCII as \uXXXX (jq -a)
  bool color = false;   // ANSI colours as gojq -C
};

// Appends the JSON text of v to out.
void write_json(const Value& v, std::string& out, const JsonWriteOptions& opt);
// Compact text, as tojson prints it.
std::string to_json(const Value& v);

}  // namespace riposte
