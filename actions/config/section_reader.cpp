#include "actions/config/section_reader.h"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <memory>
#include <sstream>

#include "support/json_text.h"

namespace riposte::actions::config {

namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

std::string read_file_secret(const std::string& path, std::string& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return "cannot read " + support::json_quote(path) + ": " + std::strerror(errno);
  std::ostringstream text;
  text << in.rdbuf();
  out = text.str();
  if (!out.empty() && out.back() == '\n') out.pop_back();
  if (!out.empty() && out.back() == '\r') out.pop_back();
  if (out.empty()) return support::json_quote(path) + " is empty";
  return "";
}

}  // namespace

std::string url_host(std::string_view url, std::initializer_list<std::string_view> schemes, std::string& host,
                     bool allow_user) {
  struct UrlDeleter {
    void operator()(CURLU* u) const { curl_url_cleanup(u); }
  };
  std::unique_ptr<CURLU, UrlDeleter> h(curl_url());
  if (!h) return "out of memory";
  const std::string text(url);
  if (CURLUcode rc = curl_url_set(h.get(), CURLUPART_URL, text.c_str(), CURLU_NON_SUPPORT_SCHEME); rc != CURLUE_OK)
    return support::json_quote(url) + " is not a URL (" + curl_url_strerror(rc) + ")";
  auto part = [&](CURLUPart which, std::string& value) {
    char* s = nullptr;
    if (curl_url_get(h.get(), which, &s, 0) != CURLUE_OK || s == nullptr) return false;
    value = s;
    curl_free(s);
    return true;
  };
  std::string scheme, ignored;
  part(CURLUPART_SCHEME, scheme);
  scheme = lower(scheme);
  if (std::find(schemes.begin(), schemes.end(), scheme) == schemes.end()) {
    std::string list;
    for (std::string_view s : schemes) list += (list.empty() ? "" : ", ") + std::string(s) + "://";
    return support::json_quote(url) + ": the scheme must be one of " + list;
  }
  if (part(CURLUPART_PASSWORD, ignored) || (!allow_user && part(CURLUPART_USER, ignored)))
    return "credentials in the URL are not allowed (secrets are never inline)";
  if (!part(CURLUPART_HOST, host) || host.empty()) return support::json_quote(url) + " has no host";
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  host = lower(host);
  return "";
}

SectionReader::SectionReader(const Value& object, std::string path, std::string& error)
    : object_(object), path_(std::move(path)), error_(error) {
  if (!object_.is_object() && error_.empty())
    error_ = path_ + ": expected an object, not " + std::string(object_.type_name());
}

void SectionReader::fail(std::string_view key, std::string what) {
  if (error_.empty()) error_ = (key.empty() ? path_ : at(key)) + ": " + what;
}

const Value* SectionReader::get(std::string_view key) {
  seen_.emplace_back(key);
  if (!error_.empty() || !object_.is_object()) return nullptr;
  return object_.find(key);
}

std::optional<std::string> SectionReader::string(std::string_view key, bool required) {
  const Value* v = get(key);
  if (v == nullptr) {
    if (required) fail(key, "missing");
    return std::nullopt;
  }
  if (!v->is_string()) {
    fail(key, "expected a string, not " + std::string(v->type_name()));
    return std::nullopt;
  }
  if (v->str().empty()) {
    fail(key, "empty");
    return std::nullopt;
  }
  return std::string(v->str());
}

std::optional<bool> SectionReader::boolean(std::string_view key) {
  const Value* v = get(key);
  if (v == nullptr) return std::nullopt;
  if (!v->is_bool()) {
    fail(key, "expected true or false, not " + std::string(v->type_name()));
    return std::nullopt;
  }
  return v->kind() == Kind::True;
}

std::optional<int64_t> SectionReader::integer(std::string_view key, int64_t min, int64_t max) {
  const Value* v = get(key);
  if (v == nullptr) return std::nullopt;
  if (!v->is_int() || v->as_int() < min || v->as_int() > max) {
    fail(key, "expected an integer from " + std::to_string(min) + " to " + std::to_string(max));
    return std::nullopt;
  }
  return v->as_int();
}

std::vector<std::string> SectionReader::strings(std::string_view key) {
  std::vector<std::string> out;
  const Value* v = get(key);
  if (v == nullptr) return out;
  if (!v->is_array()) {
    fail(key, "expected an array of strings, not " + std::string(v->type_name()));
    return out;
  }
  for (size_t i = 0; i < v->size(); i++) {
    const Value& s = v->at(i);
    if (!s.is_string() || s.str().empty()) {
      fail(std::string(key) + "[" + std::to_string(i) + "]", "expected a non-empty string");
      return {};
    }
    out.emplace_back(s.str());
  }
  return out;
}

std::string SectionReader::secret(std::string_view stem, bool required) {
  const std::string env_key = std::string(stem) + "Env", file_key = std::string(stem) + "File";
  if (object_.is_object() && object_.find(stem) != nullptr) {
    seen_.emplace_back(stem);
    fail(stem, "secrets are never inline; name an environment variable (" + env_key + ") or a file (" +
                   file_key + ")");
    return "";
  }
  std::optional<std::string> env = string(env_key);
  std::optional<std::string> file = string(file_key);
  if (failed()) return "";
  if (env && file) {
    fail(file_key, "give " + env_key + " or " + file_key + ", not both");
    return "";
  }
  std::string value;
  if (env) {
    const char* v = std::getenv(env->c_str());
    if (v == nullptr) fail(env_key, "environment variable " + *env + " is not set");
    else if (*v == '\0') fail(env_key, "environment variable " + *env + " is empty");
    else value = v;
  } else if (file) {
    if (std::string e = read_file_secret(*file, value); !e.empty()) fail(file_key, e);
  } else if (required) {
    fail(env_key, "missing (or " + file_key + ")");
  }
  return failed() ? "" : value;
}

std::optional<std::string> SectionReader::url(std::string_view key, std::initializer_list<std::string_view> schemes,
                                              std::string& host, bool required) {
  std::optional<std::string> u = string(key, required);
  if (!u) return std::nullopt;
  if (std::string e = url_host(*u, schemes, host); !e.empty()) {
    fail(key, e);
    return std::nullopt;
  }
  return u;
}

void SectionReader::finish() {
  if (!error_.empty() || !object_.is_object()) return;
  for (const auto& [key, v] : object_.entries()) {
    if (std::find(seen_.begin(), seen_.end(), key) == seen_.end()) {
      fail(key, "unknown key");
      return;
    }
  }
}

}  // namespace riposte::actions::config
