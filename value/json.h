// JSON text <-> Value: the reader used for program input (a stream of
// concatenated values, read incrementally, errors with line and column), and
// the writer that prints values exactly as gojq prints them.
#pragma once

#include <cstdint>
#include <cstdio>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "value/value.h"

namespace riposte {

struct JsonError {
  std::string message;  // e.g. "unexpected character 'x', expected a value"
  uint32_t line = 0;    // 1-based
  uint32_t column = 0;  // 1-based
};

// What parse_json_projected builds of a JSON text.  The reader knows
// nothing of programs: triggers/ turns what an analysis found a program
// reads (ir/analysis/input_projection.h) into this.
struct JsonProjection {
  bool whole = false;  // build the value with everything below it
  // Members to build (others are checked and dropped).
  std::map<std::string, JsonProjection, std::less<>> members;
  // What to build of every element; null: elements as their kind only.
  std::unique_ptr<JsonProjection> elements;
};

// Parses exactly one JSON value (surrounding white space allowed).
bool parse_json(std::string_view text, Value& out, JsonError& err);
// Parses exactly one JSON value as parse_json does, with the same errors,
// but builds only the parts `projection` marks as read (what `riposte
// match`'s triggers can observe): the members nobody reads are checked and
// dropped.  A value `.` read whole, or that is not an object or array, is
// built whole.
//
// Two stages (value/json_read_simd.cpp): simdjson validates and indexes
// the whole text at SIMD speed (its DOM tape, where every container knows
// where it ends), then only the projected positions become Values and
// unread subtrees are jumped over.  Whatever simdjson refuses (a malformed
// line, but also numbers beyond float64 or uint64, invalid UTF-8 and lone
// surrogates, which this reader accepts as gojq does, or nesting beyond
// 1,024 levels) goes to parse_json_projected_exact, so results and errors
// are that reader's, byte for byte.
bool parse_json_projected(std::string_view text, const JsonProjection& projection, Value& out, JsonError& err);
// The same, by this project's own byte-by-byte reader alone: the
// reference parse_json_projected falls back on and is tested against.
bool parse_json_projected_exact(std::string_view text, const JsonProjection& projection, Value& out,
                                JsonError& err);
// Parses the first JSON value of text and ignores what follows it (gojq's
// reading of --argjson and --jsonargs).  An empty text is an error.
bool parse_first_json(std::string_view text, Value& out, JsonError& err);

// Reads a stream of JSON values (jq's input format) from a FILE without
// holding the whole input in memory.  It reads the file descriptor directly
// (read(2), 64 KiB at a time), so a value is returned as soon as it is
// complete even when input arrives slowly through a pipe; do not mix with
// stdio reads of the same FILE.  Nesting deeper than 10,000 levels is an
// error, as in gojq.
class JsonStreamReader {
 public:
  explicit JsonStreamReader(std::FILE* in);
  ~JsonStreamReader();
  JsonStreamReader(const JsonStreamReader&) = delete;
  JsonStreamReader& operator=(const JsonStreamReader&) = delete;
  // Returns true and sets `out` for the next value; false at the end of the
  // input (err.message empty) or on a syntax error (err set).
  bool next(Value& out, JsonError& err);
  // Lines read so far (the line break after a value counts as read), for
  // input_line_number: "1\n2\n" gives 1 then 2, as jq 1.6.
  uint32_t line() const;

 private:
  struct Impl;
  Impl* impl_;
};

// The colours of -C: each an SGR parameter string ("34;1"), empty for no
// colour.  The defaults are gojq's; GOJQ_COLORS replaces them.
struct JsonColors {
  std::string null_value = "90", false_value = "33", true_value = "33", number = "36", string = "32",
              object_key = "34;1", array, object;
};

struct JsonWriteOptions {
  int indent = 2;       // spaces per level; 0 = compact (jq -c)
  bool tab = false;     // indent with one tab per level
  bool ascii = false;   // escape non-ASCII as \uXXXX (jq -a)
  bool color = false;   // ANSI colours as gojq -C
  std::shared_ptr<const JsonColors> colors = nullptr;  // null: gojq's defaults
};

// Reads gojq's GOJQ_COLORS text ("null:false:true:numbers:strings:object
// keys:arrays:objects", each digits separated by ';'); colours it leaves
// out are none.  Returns false with the offending item on a bad colour.
bool parse_json_colors(std::string_view text, JsonColors& out, std::string& bad);

// Appends the JSON text of v to out.
void write_json(const Value& v, std::string& out, const JsonWriteOptions& opt);
// Appends the JSON text of v to buffer, writing buffer to `out` whenever it
// exceeds 64 KiB, so that printing a huge value needs little memory.  The
// caller writes what remains in buffer (with the separator it wants) and may
// keep one buffer for all outputs.
void write_json(const Value& v, std::FILE* out, const JsonWriteOptions& opt, std::string& buffer);
// Compact text, as tojson prints it.
std::string to_json(const Value& v);
// Appends s as a JSON string literal with gojq's escapes; with `ascii`,
// non-ASCII characters become \uXXXX escapes (surrogate pairs above U+FFFF).
// Invalid UTF-8 bytes print as \ufffd.
void append_json_string(std::string& out, std::string_view s, bool ascii = false);
// Appends at most max_bytes of the compact text of v, without producing the
// rest (for previews of huge values in error messages).
void write_json_prefix(const Value& v, std::string& out, size_t max_bytes);

}  // namespace riposte
