#include "server/signals.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <stdexcept>

namespace riposte::server {
namespace {

int g_pipe[2] = {-1, -1};
struct sigaction g_previous_term, g_previous_int;

extern "C" void on_signal_write(int sig) {
  int saved = errno;
  unsigned char byte = static_cast<unsigned char>(sig);
  ssize_t n = write(g_pipe[1], &byte, 1);  // non-blocking; a full pipe already holds a wake-up
  (void)n;
  errno = saved;
}

}  // namespace

SignalWatcher::SignalWatcher(std::function<void(int)> on_signal) : on_signal_(std::move(on_signal)) {
  if (g_pipe[0] != -1) throw std::logic_error("SignalWatcher: one at a time");
  if (pipe2(g_pipe, O_CLOEXEC) != 0) throw std::runtime_error("SignalWatcher: cannot create a pipe");
  fcntl(g_pipe[1], F_SETFL, fcntl(g_pipe[1], F_GETFL) | O_NONBLOCK);
  struct sigaction sa = {};
  sa.sa_handler = on_signal_write;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = SA_RESTART;
  sigaction(SIGTERM, &sa, &g_previous_term);
  sigaction(SIGINT, &sa, &g_previous_int);
  int fd = g_pipe[0];
  thread_ = std::thread([this, fd] {
    for (;;) {
      unsigned char byte = 0;
      ssize_t n = read(fd, &byte, 1);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0 || byte == 0) return;  // the destructor's byte, or the pipe is gone
      on_signal_(byte);
    }
  });
}

SignalWatcher::~SignalWatcher() {
  sigaction(SIGTERM, &g_previous_term, nullptr);
  sigaction(SIGINT, &g_previous_int, nullptr);
  unsigned char stop = 0;
  while (write(g_pipe[1], &stop, 1) < 0 && errno == EAGAIN) {
    // the pipe is full of signals: let the watcher drain it
    std::this_thread::yield();
  }
  thread_.join();
  close(g_pipe[0]);
  close(g_pipe[1]);
  g_pipe[0] = g_pipe[1] = -1;
}

}  // namespace riposte::server
