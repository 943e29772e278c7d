// Reads a file line by line without holding it in memory (getline(3): one
// buffer reused from line to line, lines of any length).
#pragma once

#include <cstdio>
#include <string>

namespace riposte::triggers {

class LineReader {
 public:
  LineReader() = default;
  ~LineReader();
  LineReader(const LineReader&) = delete;
  LineReader& operator=(const LineReader&) = delete;

  // False with `err` set when the file cannot be opened ("-" is stdin).
  bool open(const std::string& path, std::string& err);
  bool is_open() const { return file_ != nullptr; }
  // The next line without its line break; false at the end of the file.
  bool next(std::string& line);

 private:
  std::FILE* file_ = nullptr;
  bool owned_ = false;
  char* buf_ = nullptr;
  size_t cap_ = 0;
};

}  // namespace riposte::triggers
