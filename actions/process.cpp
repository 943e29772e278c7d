// run_process: posix_spawn with pipes, then one poll loop that feeds stdin,
// drains stdout and stderr, watches the child, the deadline and the token.
#include "actions/process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

extern char** environ;

namespace riposte::actions {

namespace {
using namespace std::chrono_literals;
constexpr auto kTick = 10ms;        // longest poll: how soon an exit, deadline or cancel is seen
constexpr auto kDrainLimit = 1s;    // after exit or kill: how long to wait for the pipes' EOF

struct Pipe {
  int read = -1, write = -1;
};

void close_fd(int& fd) {
  if (fd >= 0) ::close(fd);
  fd = -1;
}

bool make_pipe(Pipe& p) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) return false;
  p = {fds[0], fds[1]};
  return true;
}

void set_nonblocking(int fd) { ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK); }

std::string check_directory(const std::string& dir) {
  struct stat st;
  if (::stat(dir.c_str(), &st) != 0) return fmt::format("working directory \"{}\": {}", dir, std::strerror(errno));
  if (!S_ISDIR(st.st_mode)) return fmt::format("working directory \"{}\": not a directory", dir);
  return {};
}

// The variables of the caller's environment a program gets.  No others: the
// server's environment holds the secrets of --config (passwordEnv, ...), and
// a tenant's algorithm must never see them (docs/actions.md).
constexpr std::string_view kPassedVariables[] = {"PATH=", "LANG=", "LC_ALL=", "LC_CTYPE=", "TZ=", "TMPDIR=", "HOME="};

// The passed variables of the caller's environment plus spec.env (which
// wins on equal names).
std::vector<std::string> environment(const std::vector<std::string>& extra) {
  std::vector<std::string> env;
  for (char** e = environ; e && *e; ++e) {
    std::string_view entry(*e);
    std::string_view name = entry.substr(0, entry.find('=') + 1);
    if (std::find(std::begin(kPassedVariables), std::end(kPassedVariables), name) == std::end(kPassedVariables))
      continue;
    bool replaced = std::any_of(extra.begin(), extra.end(), [&](const std::string& x) { return x.starts_with(name); });
    if (!replaced) env.emplace_back(entry);
  }
  env.insert(env.end(), extra.begin(), extra.end());
  return env;
}

std::vector<char*> pointers(std::vector<std::string>& strings) {
  std::vector<char*> out;
  for (std::string& s : strings) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

// posix_spawn(p) in a new process group, with default signal handling and
// an empty signal mask, stdin/stdout/stderr on the pipes.  Returns errno.
int spawn(const ProcessSpec& spec, Pipe& in, Pipe& out, Pipe& err, pid_t& pid) {
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, in.read, 0);
  posix_spawn_file_actions_adddup2(&fa, out.write, 1);
  posix_spawn_file_actions_adddup2(&fa, err.write, 2);
  if (!spec.working_directory.empty()) posix_spawn_file_actions_addchdir_np(&fa, spec.working_directory.c_str());
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  sigset_t none, defaults;
  sigemptyset(&none);
  sigemptyset(&defaults);
  for (int s : {SIGPIPE, SIGINT, SIGQUIT, SIGTERM, SIGHUP, SIGCHLD}) sigaddset(&defaults, s);
  posix_spawnattr_setsigmask(&attr, &none);
  posix_spawnattr_setsigdefault(&attr, &defaults);
  posix_spawnattr_setpgroup(&attr, 0);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
  std::vector<std::string> args = spec.argv, env = environment(spec.env);
  std::vector<char*> argv = pointers(args), envp = pointers(env);
  bool search = spec.argv[0].find('/') == std::string::npos;
  int rc = search ? posix_spawnp(&pid, argv[0], &fa, &attr, argv.data(), envp.data())
                  : posix_spawn(&pid, argv[0], &fa, &attr, argv.data(), envp.data());
  posix_spawnattr_destroy(&attr);
  posix_spawn_file_actions_destroy(&fa);
  return rc;
}

// Keeps at most `cap` bytes; counts the rest.
void keep(Captured& c, const char* data, size_t n, size_t cap) {
  size_t room = cap > c.text.size() ? cap - c.text.size() : 0;
  size_t take = std::min(room, n);
  c.text.append(data, take);
  c.dropped += n - take;
}

// After a cut, drops a UTF-8 sequence left incomplete at the end.
void cut_at_character(Captured& c) {
  if (c.dropped == 0) return;
  size_t end = c.text.size(), start = end;
  while (start > 0 && end - start < 4 && (uint8_t(c.text[start - 1]) & 0xC0) == 0x80) --start;
  if (start == 0) return;
  uint8_t lead = uint8_t(c.text[start - 1]);
  size_t len = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
  if (len > 1 && end - (start - 1) < len) {
    c.dropped += end - (start - 1);
    c.text.resize(start - 1);
  }
}

// The child, its pipes and what came out of them.
struct Session {
  explicit Session(const ProcessSpec& s) : spec(s) {}
  const ProcessSpec& spec;
  pid_t pid = -1;
  int in = -1, out = -1, err = -1;
  size_t written = 0;
  bool exited = false, killed = false;
  Clock::time_point drain_until = Clock::time_point::max();
  ProcessResult result;

  void kill_group(int sig) { ::kill(-pid, sig); }

  // Seen exited (not yet reaped: the zombie keeps the group ID ours).
  void watch_child() {
    if (exited) return;
    siginfo_t info{};
    if (::waitid(P_PID, pid, &info, WEXITED | WNOHANG | WNOWAIT) == 0 && info.si_pid == pid) {
      exited = true;
      kill_group(SIGKILL);  // what it left running
      drain_until = std::min(drain_until, Clock::now() + kDrainLimit);
    }
  }

  void watch_deadline() {
    if (killed) return;
    // Past the deadline it is a timeout even when a cancellation arrived
    // first: the caller waiting on the same deadline cancels the call as
    // soon as it passes, and may do so before this loop looks at the clock.
    bool late = Clock::now() >= spec.deadline;
    if (!late && !spec.cancel.cancelled()) return;
    (late ? result.timed_out : result.cancelled) = true;
    killed = true;
    kill_group(SIGKILL);
    drain_until = std::min(drain_until, Clock::now() + kDrainLimit);
  }

  void drain(int& fd, Captured& into) {
    char buf[65536];
    for (;;) {
      ssize_t n = ::read(fd, buf, sizeof buf);
      if (n > 0) {
        keep(into, buf, size_t(n), spec.output_cap);
        continue;
      }
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && errno == EAGAIN) return;
      close_fd(fd);  // EOF or error
      return;
    }
  }

  void feed() {
    const std::string& data = spec.stdin_data;
    while (written < data.size()) {
      ssize_t n = ::write(in, data.data() + written, std::min<size_t>(data.size() - written, 65536));
      if (n > 0) {
        written += size_t(n);
        continue;
      }
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && errno == EAGAIN) return;
      break;  // EPIPE: it stopped reading
    }
    close_fd(in);
  }

  int poll_timeout() const {
    auto until = std::min({spec.deadline, drain_until, Clock::now() + kTick});
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(until - Clock::now()).count();
    return int(std::clamp<int64_t>(ms, 0, 10));
  }

  void pump() {
    pollfd fds[3];
    int n = 0;
    for (int fd : {out, err}) if (fd >= 0) fds[n++] = {fd, POLLIN, 0};
    if (in >= 0) fds[n++] = {in, POLLOUT, 0};
    ::poll(fds, nfds_t(n), poll_timeout());
    for (int k = 0; k < n; ++k) {
      if (!fds[k].revents) continue;
      if (fds[k].fd == out) drain(out, result.out);
      else if (fds[k].fd == err) drain(err, result.err);
      else feed();
    }
  }

  bool finished() const {
    if (!exited) return false;
    return (out < 0 && err < 0) || Clock::now() >= drain_until;
  }

  void reap() {
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
    if (WIFSIGNALED(status)) result.signal = WTERMSIG(status);
    close_fd(in);
    close_fd(out);
    close_fd(err);
    cut_at_character(result.out);
    cut_at_character(result.err);
  }

  void run() {
    if (spec.stdin_data.empty()) close_fd(in);
    while (!finished()) {
      watch_deadline();
      watch_child();
      if (finished()) break;
      pump();
    }
    reap();
  }
};

// SIGPIPE is blocked in this thread while it writes to the child's stdin
// (an EPIPE is then an error code), and a pending one is discarded after.
class SigpipeBlocked {
 public:
  SigpipeBlocked() {
    sigemptyset(&pipe_);
    sigaddset(&pipe_, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe_, &old_);
  }
  ~SigpipeBlocked() {
    timespec zero{0, 0};
    while (sigtimedwait(&pipe_, nullptr, &zero) > 0) {
    }
    pthread_sigmask(SIG_SETMASK, &old_, nullptr);
  }

 private:
  sigset_t pipe_, old_;
};
}  // namespace

ProcessResult run_process(const ProcessSpec& spec) {
  ProcessResult failed;
  if (spec.argv.empty() || spec.argv[0].empty()) {
    failed.spawn_error = "no program to run";
    return failed;
  }
  if (!spec.working_directory.empty()) failed.spawn_error = check_directory(spec.working_directory);
  if (!failed.spawn_error.empty()) return failed;
  Pipe in, out, err;
  if (!make_pipe(in) || !make_pipe(out) || !make_pipe(err)) {
    failed.spawn_error = fmt::format("cannot make pipes: {}", std::strerror(errno));
    for (Pipe* p : {&in, &out, &err}) close_fd(p->read), close_fd(p->write);
    return failed;
  }
  SigpipeBlocked blocked;
  Session s(spec);
  int rc = spawn(spec, in, out, err, s.pid);
  close_fd(in.read);
  close_fd(out.write);
  close_fd(err.write);
  s.in = in.write;
  s.out = out.read;
  s.err = err.read;
  if (rc != 0) {
    for (int* fd : {&s.in, &s.out, &s.err}) close_fd(*fd);
    failed.spawn_error = fmt::format("cannot run \"{}\": {}", spec.argv[0], std::strerror(rc));
    return failed;
  }
  for (int fd : {s.in, s.out, s.err}) set_nonblocking(fd);
  s.run();
  return std::move(s.result);
}

}  // namespace riposte::actions
