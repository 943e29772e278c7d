// Clean shutdown on SIGTERM and SIGINT without work in a signal handler:
// the handler only writes the signal's number to a pipe (the self-pipe
// trick); a watcher thread reads it and calls `on_signal` (riposte serve:
// HttpServer::stop).  One watcher at a time; the destructor stops the
// thread and puts the previous dispositions back.
#pragma once

#include <functional>
#include <thread>

namespace riposte::server {

class SignalWatcher {
 public:
  explicit SignalWatcher(std::function<void(int signal)> on_signal);
  ~SignalWatcher();
  SignalWatcher(const SignalWatcher&) = delete;
  SignalWatcher& operator=(const SignalWatcher&) = delete;

 private:
  std::function<void(int)> on_signal_;
  std::thread thread_;
};

}  // namespace riposte::server
