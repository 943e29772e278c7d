// The inputs of `riposte jq`: the files named on the command line (or
// stdin) read one value at a time, as JSON, raw lines (-R), stream events
// (--stream), or all at once into one value (-s).  The main loop and the
// program's `input`/`inputs` draw from the same InputSource.
#pragma once

#include <cstdint>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "tools/json_events.h"
#include "value/json.h"
#include "value/value.h"

namespace riposte::tools {

enum class InputFormat : uint8_t { Json, Raw, Stream };

class InputSource {
 public:
  // `files` empty means stdin; "-" names stdin too.
  InputSource(std::vector<std::string> files, InputFormat format, bool slurp);
  ~InputSource();
  InputSource(const InputSource&) = delete;
  InputSource& operator=(const InputSource&) = delete;

  enum class Status : uint8_t { Value, End, Error };
  // The next input.  On Error, `err` is the message; reading goes on with
  // the next file (a syntax error ends the file it is in).
  Status next(Value& out, std::string& err);

  uint32_t line_number() const;  // in the file being read
  // The file being read ("<stdin>" for stdin), nullopt before the first read.
  std::optional<std::string> filename() const;

 private:
  Status next_from_file(Value& out, std::string& err);
  Status next_json(Value& out, std::string& err);
  Status next_raw_line(Value& out, std::string& err);
  Status slurp_all(Value& out, std::string& err);
  bool open_next_file(std::string& err);  // false at the end or on error (err set)
  void close_file();

  std::vector<std::string> files_;
  size_t next_file_ = 0;
  InputFormat format_;
  bool slurp_;
  bool slurped_ = false;
  bool named_files_;  // false: stdin, because no files were named

  std::FILE* file_ = nullptr;
  std::string file_name_;
  std::unique_ptr<JsonStreamReader> reader_;  // Json format
  std::unique_ptr<JsonEventReader> events_;   // Stream format
  uint32_t raw_lines_ = 0;
  char* line_buf_ = nullptr;  // getline's buffer for -R
  size_t line_cap_ = 0;
};

}  // namespace riposte::tools
