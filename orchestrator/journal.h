// The journal of a run: every finished call and every approval decision,
// keyed by its idempotency key and kept as JSON text (thread-neutral).
// Resuming a saved instance replays what the journal holds instead of
// calling again, so no call is ever repeated.  Thread-safe.
#pragma once

#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>

namespace riposte::orchestrator {

class Journal {
 public:
  std::optional<std::string> find(const std::string& key) const;
  // Records and then calls the persistence hook (outside the lock).
  void record(const std::string& key, std::string json);
  std::string to_json() const;             // {"key": <entry>, ...}
  bool load(const std::string& json_text);  // the text to_json made
  void on_record(std::function<void()> hook) { hook_ = std::move(hook); }
  size_t size() const;

 private:
  mutable std::mutex mu_;
  std::map<std::string, std::string> entries_;
  std::function<void()> hook_;
};

}  // namespace riposte::orchestrator
