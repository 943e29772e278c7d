#include "orchestrator/journal.h"

#include "value/json.h"

namespace riposte::orchestrator {

std::optional<std::string> Journal::find(const std::string& key) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = entries_.find(key);
  if (it == entries_.end()) return std::nullopt;
  return it->second;
}

void Journal::record(const std::string& key, std::string json) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    entries_[key] = std::move(json);
  }
  if (hook_) hook_();
}

size_t Journal::size() const {
  std::lock_guard<std::mutex> lock(mu_);
  return entries_.size();
}

std::string Journal::to_json() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::string out = "{";
  bool first = true;
  for (const auto& [key, entry] : entries_) {
    if (!first) out += ',';
    first = false;
    append_json_string(out, key);
    out += ':';
    out += entry;
  }
  return out + "}";
}

bool Journal::load(const std::string& json_text) {
  Value v;
  JsonError err;
  if (!parse_json(json_text, v, err) || !v.is_object()) return false;
  std::lock_guard<std::mutex> lock(mu_);
  for (const auto& [key, entry] : v.entries()) entries_[key] = riposte::to_json(entry);
  return true;
}

}  // namespace riposte::orchestrator
