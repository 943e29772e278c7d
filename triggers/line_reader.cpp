#include "triggers/line_reader.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <sys/types.h>

namespace riposte::triggers {

LineReader::~LineReader() {
  if (owned_) std::fclose(file_);
  std::free(buf_);
}

bool LineReader::open(const std::string& path, std::string& err) {
  if (path == "-") {
    file_ = stdin;
    return true;
  }
  file_ = std::fopen(path.c_str(), "rb");
  if (!file_) {
    err = path + ": " + std::strerror(errno);
    return false;
  }
  owned_ = true;
  return true;
}

bool LineReader::next(std::string& line) {
  if (!file_) return false;
  ssize_t n = ::getline(&buf_, &cap_, file_);
  if (n < 0) return false;
  size_t len = static_cast<size_t>(n);
  while (len > 0 && (buf_[len - 1] == '\n' || buf_[len - 1] == '\r')) --len;
  line.assign(buf_, len);
  return true;
}

}  // namespace riposte::triggers
