// run_on_large_stack: a pthread, since std::thread cannot set a stack size.
#include "tools/large_stack.h"

#include <pthread.h>

namespace riposte::tools {
namespace {

struct Job {
  const std::function<int()>* body;
  int result = 0;
};

void* run_job(void* arg) {
  Job* job = static_cast<Job*>(arg);
  job->result = (*job->body)();
  return nullptr;
}

}  // namespace

int run_on_large_stack(const std::function<int()>& body, size_t bytes) {
  pthread_attr_t attr;
  if (pthread_attr_init(&attr) != 0) return body();
  Job job{&body};
  pthread_t thread;
  bool started =
      pthread_attr_setstacksize(&attr, bytes) == 0 && pthread_create(&thread, &attr, run_job, &job) == 0;
  pthread_attr_destroy(&attr);
  if (!started) return body();
  pthread_join(thread, nullptr);
  return job.result;
}

}  // namespace riposte::tools
