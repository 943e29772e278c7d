#include "orchestrator/data_ops.h"

#include <algorithm>
#include <cctype>
#include <string>
#include <vector>

#include <fmt/format.h>

namespace riposte::orchestrator {

Value deep_merge(const Value& base, const Value& overlay) {
  if (!base.is_object() || !overlay.is_object()) return overlay;
  Object merged = base.entries();
  for (const auto& [key, value] : overlay.entries()) {
    auto it = merged.find(key);
    if (it != merged.end()) it->second = deep_merge(it->second, value);
    else merged.emplace(key, value);
  }
  return Value::object(std::move(merged));
}

Evaluated apply_output(const ir::algorithm::Output& output, const Value& result, const Value& data,
                       const Evaluator& ev) {
  if (!output.present) return Evaluated{data, std::nullopt};
  Value filtered = result;
  if (output.filter != ir::kNone) {
    Evaluated e = ev.eval(output.filter, result);
    if (!e.ok()) return e;
    filtered = std::move(e.value);
  }
  if (output.action == ir::algorithm::OutputAction::Overwrite) return Evaluated{std::move(filtered), std::nullopt};
  return Evaluated{deep_merge(data, filtered), std::nullopt};
}

bool is_secret_key(std::string_view key) {
  std::string k;
  for (char c : key)
    if (c != '_' && c != '-') k += char(std::tolower(static_cast<unsigned char>(c)));
  static constexpr std::string_view kWords[] = {"password", "passwd", "secret", "token", "apikey", "credential",
                                                "privatekey"};
  return std::any_of(std::begin(kWords), std::end(kWords),
                     [&](std::string_view w) { return k.find(w) != std::string::npos; });
}

Value mask_secrets(const Value& v) {
  if (v.is_array()) {
    Array items;
    for (const Value& item : v.items()) items.push_back(mask_secrets(item));
    return Value::array(std::move(items));
  }
  if (!v.is_object()) return v;
  Object out;
  for (const auto& [key, value] : v.entries())
    out.emplace(key, is_secret_key(key) ? Value::string("***") : mask_secrets(value));
  return Value::object(std::move(out));
}

namespace {

// The estimated length of the JSON text of `v` (strings and keys count
// their bytes plus quotes, other scalars 8), or limit + 1 once past `limit`.
size_t json_size_upto(const Value& v, size_t limit) {
  size_t bytes = 0;
  std::vector<const Value*> todo{&v};
  while (!todo.empty()) {
    const Value* x = todo.back();
    todo.pop_back();
    // A container's own bytes are counted before its children are queued,
    // so at most `limit` children are ever queued.
    if (x->is_array()) {
      bytes += 2 + x->items().size();
      if (bytes > limit) return limit + 1;
      for (const Value& kid : x->items()) todo.push_back(&kid);
    } else if (x->is_object()) {
      bytes += 2 + 4 * x->entries().size();
      if (bytes > limit) return limit + 1;
      for (const auto& [key, kid] : x->entries()) {
        bytes += key.size();
        todo.push_back(&kid);
      }
    } else {
      bytes += x->is_string() ? x->str().size() + 2 : 8;
    }
    if (bytes > limit) return limit + 1;
  }
  return bytes;
}

}  // namespace

void bound_history_record(Value& record, std::atomic<uint64_t>& spent) {
  for (const char* key : {"result", "params", "assets"}) {
    const Value* v = record.find(key);
    if (!v) continue;
    uint64_t used = spent.load();
    size_t limit = size_t(std::min<uint64_t>(kHistoryValueBytes, kHistoryBudgetBytes - std::min(used, kHistoryBudgetBytes)));
    size_t size = json_size_upto(*v, limit);
    if (size <= limit) {
      spent.fetch_add(size);
      continue;
    }
    record.set(key, Value::string(size > kHistoryValueBytes || limit == kHistoryValueBytes
                                      ? fmt::format("(omitted: larger than {} bytes of JSON)", kHistoryValueBytes)
                                      : fmt::format("(omitted: the run's history is over its {} MiB budget)",
                                                    kHistoryBudgetBytes >> 20)));
  }
}

Array batches(const Value& items, uint32_t size) {
  Array out;
  std::span<const Value> all = items.items();
  if (size == 0) size = 1;
  for (size_t i = 0; i < all.size(); i += size) {
    size_t end = std::min(all.size(), i + size);
    out.push_back(Value::array(Array(all.begin() + i, all.begin() + end)));
  }
  return out;
}

}  // namespace riposte::orchestrator
