// A bounded, ordered pipeline: one reader thread produces items, N worker
// threads transform them concurrently, and the calling thread consumes the
// results in the order the items were produced.  At most `max_in_flight`
// items exist between production and consumption, so memory stays bounded
// however long the input is and however unevenly the work is spread.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

namespace riposte::triggers {

// produce(In&) -> bool: the next item, false at the end (reader thread).
// work(In&&) -> Out: called on worker threads, concurrently.
// consume(Out&&): called on the calling thread, in production order.
// With threads <= 1 everything runs on the calling thread, one item at a time.
template <typename In, typename Out, typename Produce, typename Work, typename Consume>
void run_ordered(unsigned threads, size_t max_in_flight, Produce produce, Work work, Consume consume) {
  if (threads <= 1) {
    In item;
    while (produce(item)) consume(work(std::move(item)));
    return;
  }
  if (max_in_flight < threads) max_in_flight = threads;
  std::mutex mu;
  std::condition_variable has_work, has_result, has_room;
  std::deque<std::pair<uint64_t, In>> todo;
  std::map<uint64_t, Out> done;
  uint64_t produced = 0, consumed = 0;
  bool end = false;

  std::thread reader([&] {
    for (;;) {
      {
        std::unique_lock lock(mu);
        has_room.wait(lock, [&] { return produced - consumed < max_in_flight; });
      }
      In item;
      bool more = produce(item);
      std::lock_guard lock(mu);
      if (!more) {
        end = true;
        has_work.notify_all();
        has_result.notify_all();
        return;
      }
      todo.emplace_back(produced++, std::move(item));
      has_work.notify_one();
    }
  });
  auto worker = [&] {
    for (;;) {
      std::unique_lock lock(mu);
      has_work.wait(lock, [&] { return !todo.empty() || end; });
      if (todo.empty()) return;
      auto [seq, item] = std::move(todo.front());
      todo.pop_front();
      lock.unlock();
      Out out = work(std::move(item));
      lock.lock();
      done.emplace(seq, std::move(out));
      if (seq == consumed) has_result.notify_all();
    }
  };
  std::vector<std::thread> workers;
  for (unsigned i = 0; i < threads; ++i) workers.emplace_back(worker);

  for (;;) {
    std::unique_lock lock(mu);
    has_result.wait(lock, [&] { return done.count(consumed) || (end && consumed == produced); });
    auto it = done.find(consumed);
    if (it == done.end()) break;  // end of input, everything consumed
    Out out = std::move(it->second);
    done.erase(it);
    ++consumed;
    has_room.notify_one();
    lock.unlock();
    consume(std::move(out));
  }
  reader.join();
  for (std::thread& t : workers) t.join();
}

}  // namespace riposte::triggers
