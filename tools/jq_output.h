// The printer of `riposte jq`: one value per output in the format the flags
// ask for, into a large buffer written with fwrite (outputs are many and
// small; a write per value would dominate simple filters).
#pragma once

#include <cstdio>
#include <string>

#include "value/json.h"
#include "value/value.h"

namespace riposte::tools {

struct OutputOptions {
  JsonWriteOptions json;
  bool raw = false;   // -r, -j, -0: strings print without quotes
  bool join = false;  // -j: nothing after each output
  bool nul = false;   // -0: NUL instead of a newline after each output
  bool seq = false;   // --seq: ASCII RS before each output
};

class OutputWriter {
 public:
  OutputWriter(std::FILE* out, const OutputOptions& opt);
  ~OutputWriter();
  OutputWriter(const OutputWriter&) = delete;
  OutputWriter& operator=(const OutputWriter&) = delete;

  void write(const Value& v);
  // Writes out what is buffered; false when the stream failed.
  bool flush();

 private:
  std::FILE* out_;
  OutputOptions opt_;
  std::string buf_;
};

}  // namespace riposte::tools
