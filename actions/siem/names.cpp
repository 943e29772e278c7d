// The checks of index names and ATT&CK IDs, and the documents' timestamp.
#include <fmt/format.h>

#include <cctype>
#include <chrono>
#include <ctime>

#include "actions/siem/siem_internal.h"

namespace riposte::actions::siem {

// OpenSearch's rules (and Elasticsearch's): lower case, none of
// \ / * ? " < > | , # or space, not starting with - _ +, not . or ..,
// at most 255 bytes.
std::string check_index_name(std::string_view name) {
  if (name.empty()) return "the index name is empty";
  if (name.size() > 255) return fmt::format("the index name has {} bytes (at most 255)", name.size());
  if (name == "." || name == "..") return "the index name may not be . or ..";
  if (name[0] == '-' || name[0] == '_' || name[0] == '+')
    return fmt::format("the index name may not start with '{}'", name[0]);
  for (char c : name) {
    if (std::isupper(static_cast<unsigned char>(c))) return "the index name must be lower case";
    if (std::string_view("\\/*?\"<>|,# :").find(c) != std::string_view::npos)
      return fmt::format("the index name may not contain '{}'", c);
    if (static_cast<unsigned char>(c) < 0x20) return "the index name may not contain control characters";
  }
  return {};
}

namespace {
bool digits(std::string_view s, size_t n) {
  if (s.size() != n) return false;
  for (char c : s)
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  return true;
}
}  // namespace

std::string check_technique_id(std::string_view id) {
  if (id.starts_with("TA") && digits(id.substr(2), 4))
    return fmt::format("\"{}\" is a tactic, not a technique (T#### or T####.###)", id);
  bool ok = id.size() >= 5 && id[0] == 'T' && digits(id.substr(1, 4), 4) &&
            (id.size() == 5 || (id.size() == 9 && id[5] == '.' && digits(id.substr(6), 3)));
  if (!ok) return fmt::format("\"{}\" is not an ATT&CK technique ID (T#### or T####.###)", id);
  return {};
}

std::string now_timestamp() {
  auto now = std::chrono::system_clock::now();
  std::time_t t = std::chrono::system_clock::to_time_t(now);
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm tm{};
  gmtime_r(&t, &tm);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", tm.tm_year + 1900, tm.tm_mon + 1,
                     tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, ms);
}

}  // namespace riposte::actions::siem
