// A joinable thread with a stack of a chosen size.  Threads that compile or
// run tenants' jq (the engine's instance workers) need more than the
// default 8 MiB: the front ends recurse once per nesting level of their
// input (tools/large_stack.h).  The stack is reserved, not committed.
#pragma once

#include <pthread.h>

#include <cstddef>
#include <functional>
#include <memory>

namespace riposte::support {

class Thread {
 public:
  Thread() = default;
  // Starts `body`; falls back to the default stack when `stack_bytes`
  // cannot be had.
  Thread(std::function<void()> body, size_t stack_bytes);
  Thread(Thread&& other) noexcept;
  Thread& operator=(Thread&& other) noexcept;
  Thread(const Thread&) = delete;
  Thread& operator=(const Thread&) = delete;
  ~Thread();  // joins

  bool joinable() const { return started_; }
  void join();

 private:
  pthread_t thread_{};
  bool started_ = false;
};

}  // namespace riposte::support
