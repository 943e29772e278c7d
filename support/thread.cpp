#include "support/thread.h"

#include <stdexcept>
#include <utility>

namespace riposte::support {
namespace {

void* run(void* arg) {
  std::unique_ptr<std::function<void()>> body(static_cast<std::function<void()>*>(arg));
  (*body)();
  return nullptr;
}

}  // namespace

Thread::Thread(std::function<void()> body, size_t stack_bytes) {
  auto* heap = new std::function<void()>(std::move(body));
  pthread_attr_t attr;
  bool ok = pthread_attr_init(&attr) == 0;
  ok = ok && pthread_attr_setstacksize(&attr, stack_bytes) == 0 &&
       pthread_create(&thread_, &attr, run, heap) == 0;
  pthread_attr_destroy(&attr);
  if (!ok) ok = pthread_create(&thread_, nullptr, run, heap) == 0;
  if (!ok) {
    delete heap;
    throw std::runtime_error("cannot start a thread");
  }
  started_ = true;
}

Thread::Thread(Thread&& other) noexcept
    : thread_(other.thread_), started_(std::exchange(other.started_, false)) {}

Thread& Thread::operator=(Thread&& other) noexcept {
  if (this != &other) {
    join();
    thread_ = other.thread_;
    started_ = std::exchange(other.started_, false);
  }
  return *this;
}

Thread::~Thread() {
  join();
}

void Thread::join() {
  if (!started_) return;
  pthread_join(thread_, nullptr);
  started_ = false;
}

}  // namespace riposte::support
