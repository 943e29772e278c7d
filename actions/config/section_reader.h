// Reads one object of the --config file with every error naming its JSON
// path (internal to actions/config/).  The first problem is kept; later
// reads return defaults, and finish() reports unknown keys.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "value/value.h"

namespace riposte::actions::config {

class SectionReader {
 public:
  // `path` is the object's JSON path ("ldap", "tenants.t7.ldap").
  SectionReader(const Value& object, std::string path, std::string& error);

  std::optional<std::string> string(std::string_view key, bool required = false);
  std::optional<bool> boolean(std::string_view key);
  std::optional<int64_t> integer(std::string_view key, int64_t min, int64_t max);
  std::vector<std::string> strings(std::string_view key);
  // A secret given as `<stem>Env` or `<stem>File` (one of them); an inline
  // `<stem>` is refused.  "" when neither is given (required: an error).
  std::string secret(std::string_view stem, bool required = false);
  // A URL with one of `schemes`, a host and no credentials; sets `host`.
  std::optional<std::string> url(std::string_view key, std::initializer_list<std::string_view> schemes,
                                 std::string& host, bool required = true);
  // Reports the first key not read.
  void finish();

  const std::string& path() const { return path_; }
  std::string at(std::string_view key) const { return path_ + "." + std::string(key); }
  void fail(std::string_view key, std::string what);
  bool failed() const { return !error_.empty(); }

 private:
  const Value* get(std::string_view key);
  const Value& object_;
  std::string path_;
  std::string& error_;
  std::vector<std::string> seen_;
};

// The lower-case host of `url` without IPv6 brackets, or an error.  A
// password in the URL is always refused; a user name only unless
// `allow_user` (a PostgreSQL URL names its role).
std::string url_host(std::string_view url, std::initializer_list<std::string_view> schemes, std::string& host,
                     bool allow_user = false);

}  // namespace riposte::actions::config
