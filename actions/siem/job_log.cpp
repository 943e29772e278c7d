// The job log of logEvents: JSON Lines appended under one process-wide
// mutex, O_APPEND, rotation by size (docs/actions-siem.md, "logEvents").
// Rotation only renames, oldest first, so a crash at any point loses
// nothing already written: every line is in PATH or one of PATH.N.
#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <mutex>

#include "actions/siem/siem_internal.h"

namespace riposte::actions::siem {

namespace {
std::mutex& log_mutex() {
  static std::mutex mu;
  return mu;
}

std::string sys_error(std::string_view what, const std::string& path) {
  return fmt::format("{} {}: {}", what, path, std::strerror(errno));
}

class LogFile {
 public:
  explicit LogFile(const config::JobLogConfig& log) : log_(log) {}
  ~LogFile() { close(); }

  std::string open() {
    fd_ = ::open(log_.path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640);
    if (fd_ < 0) return sys_error("cannot open the job log", log_.path);
    struct stat st {};
    if (::fstat(fd_, &st) != 0) return sys_error("cannot stat the job log", log_.path);
    size_ = uint64_t(st.st_size);
    return {};
  }

  // Writes `line` and its newline with one write (a rotation first when it
  // would take a non-empty file past max_bytes).
  std::string append(const std::string& line) {
    std::string data = line + "\n";
    if (size_ > 0 && size_ + data.size() > log_.max_bytes) {
      if (std::string e = rotate(); !e.empty()) return e;
    }
    size_t done = 0;
    while (done < data.size()) {
      ssize_t n = ::write(fd_, data.data() + done, data.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return sys_error("cannot write the job log", log_.path);
      done += size_t(n);
    }
    size_ += data.size();
    return {};
  }

 private:
  std::string rotated(unsigned n) const { return fmt::format("{}.{}", log_.path, n); }

  std::string rotate() {
    close();
    for (unsigned n = log_.keep; n > 1; --n) {
      if (::rename(rotated(n - 1).c_str(), rotated(n).c_str()) != 0 && errno != ENOENT)
        return sys_error("cannot rotate the job log", rotated(n - 1));
    }
    if (::rename(log_.path.c_str(), rotated(1).c_str()) != 0 && errno != ENOENT)
      return sys_error("cannot rotate the job log", log_.path);
    return open();
  }

  void close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

  const config::JobLogConfig& log_;
  int fd_ = -1;
  uint64_t size_ = 0;
};
}  // namespace

std::string append_job_log(const config::JobLogConfig& log, const std::vector<std::string>& lines) {
  std::lock_guard lock(log_mutex());
  LogFile file(log);
  if (std::string e = file.open(); !e.empty()) return e;
  for (const std::string& line : lines)
    if (std::string e = file.append(line); !e.empty()) return e;
  return {};
}

}  // namespace riposte::actions::siem
