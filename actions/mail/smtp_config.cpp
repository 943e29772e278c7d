// The "smtp" and "allow" keys of the --config file (spec/actions.md, "The
// configuration file"): every problem is an error naming its JSON path.
#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <memory>
#include <sstream>

#include "actions/mail/mail_internal.h"
#include "actions/mail/smtp.h"
#include "support/json_text.h"
#include "value/json.h"

namespace riposte::actions::mail {
namespace detail {

std::string quoted(std::string_view s) {
  return support::json_quote(s);
}

std::string parse_smtp_url(std::string_view url, SmtpUrl& out) {
  struct UrlDeleter {
    void operator()(CURLU* u) const { curl_url_cleanup(u); }
  };
  std::unique_ptr<CURLU, UrlDeleter> h(curl_url());
  if (!h) return "out of memory";
  const std::string text(url);
  if (CURLUcode rc = curl_url_set(h.get(), CURLUPART_URL, text.c_str(), 0); rc != CURLUE_OK) {
    return quoted(url) + " is not a URL (" + curl_url_strerror(rc) + ")";
  }
  auto part = [&](CURLUPart which, std::string& value) {
    char* s = nullptr;
    if (curl_url_get(h.get(), which, &s, 0) != CURLUE_OK || s == nullptr) return false;
    value = s;
    curl_free(s);
    return true;
  };
  std::string scheme, host, ignored;
  part(CURLUPART_SCHEME, scheme);
  std::transform(scheme.begin(), scheme.end(), scheme.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  if (scheme != "smtp" && scheme != "smtps") {
    return quoted(url) + ": the scheme must be smtp:// or smtps://, not " + quoted(scheme);
  }
  if (part(CURLUPART_USER, ignored) || part(CURLUPART_PASSWORD, ignored)) {
    return "credentials in the URL are not allowed (secrets are never inline: use username with passwordEnv "
           "or passwordFile)";
  }
  if (!part(CURLUPART_HOST, host) || host.empty()) return quoted(url) + " has no host";
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  std::transform(host.begin(), host.end(), host.begin(), [](unsigned char c) { return std::tolower(c); });
  out.scheme = std::move(scheme);
  out.host = std::move(host);
  return "";
}

}  // namespace detail

namespace {

using detail::quoted;

std::string normal_host(std::string_view h) {
  std::string s(h);
  if (s.size() >= 2 && s.front() == '[' && s.back() == ']') s = s.substr(1, s.size() - 2);
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

// Reads `path` into `out` without its last line end; "" or the error.
std::string read_secret_file(const std::string& path, std::string& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return "cannot read " + quoted(path) + ": " + std::strerror(errno);
  std::ostringstream text;
  text << in.rdbuf();
  out = text.str();
  if (!out.empty() && out.back() == '\n') out.pop_back();
  if (!out.empty() && out.back() == '\r') out.pop_back();
  if (out.empty()) return quoted(path) + " is empty";
  return "";
}

// The string member `key` of `obj` (absent: nullptr), or an error.
const Value* string_member(const Value& obj, std::string_view path, std::string_view key,
                           std::string& error) {
  const Value* v = obj.find(key);
  if (v == nullptr) return nullptr;
  if (!v->is_string()) {
    if (!error.empty()) return nullptr;  // the first problem is the one reported
    error = std::string(path) + "." + std::string(key) + ": expected a string, not " + v->type_name();
    return nullptr;
  }
  return v;
}

std::string parse_allow(const Value& config, std::vector<std::string>& hosts) {
  const Value* allow = config.find("allow");
  if (allow == nullptr) return "";
  if (!allow->is_object()) return std::string("allow: expected an object, not ") + allow->type_name();
  for (const auto& [key, v] : allow->entries()) {
    if (key != "hosts") return "allow." + key + ": unknown key";
  }
  const Value* list = allow->find("hosts");
  if (list == nullptr) return "";
  if (!list->is_array()) return std::string("allow.hosts: expected an array, not ") + list->type_name();
  for (size_t i = 0; i < list->size(); i++) {
    const Value& h = list->at(i);
    const std::string where = "allow.hosts[" + std::to_string(i) + "]";
    if (!h.is_string()) return where + ": expected a string, not " + h.type_name();
    if (h.str().empty()) return where + ": empty host";
    hosts.push_back(normal_host(h.str()));
  }
  return "";
}

std::string parse_smtp(const Value& config, SmtpConfig& c) {
  const Value* smtp = config.find("smtp");
  if (smtp == nullptr) return "smtp: missing";
  if (!smtp->is_object()) return std::string("smtp: expected an object, not ") + smtp->type_name();
  static constexpr std::string_view kKeys[] = {"url",          "from", "username", "passwordEnv",
                                               "passwordFile", "tls",  "caFile"};
  for (const auto& [key, v] : smtp->entries()) {
    if (key == "password") {
      return "smtp.password: secrets are never inline; name an environment variable (passwordEnv) or a file "
             "(passwordFile)";
    }
    if (std::find(std::begin(kKeys), std::end(kKeys), key) == std::end(kKeys))
      return "smtp." + key + ": unknown key";
  }
  std::string error;
  const Value* url = string_member(*smtp, "smtp", "url", error);
  const Value* from = string_member(*smtp, "smtp", "from", error);
  const Value* username = string_member(*smtp, "smtp", "username", error);
  const Value* password_env = string_member(*smtp, "smtp", "passwordEnv", error);
  const Value* password_file = string_member(*smtp, "smtp", "passwordFile", error);
  const Value* tls = string_member(*smtp, "smtp", "tls", error);
  const Value* ca_file = string_member(*smtp, "smtp", "caFile", error);
  if (!error.empty()) return error;

  if (url == nullptr) return "smtp.url: missing";
  detail::SmtpUrl parts;
  if (std::string e = detail::parse_smtp_url(url->str(), parts); !e.empty()) return "smtp.url: " + e;
  c.url = std::string(url->str());
  c.host = parts.host;

  const bool implicit_tls = parts.scheme == "smtps";
  c.tls = implicit_tls ? TlsMode::Tls : TlsMode::None;
  if (tls != nullptr) {
    const std::string_view t = tls->str();
    if (t == "none") {
      c.tls = TlsMode::None;
    } else if (t == "starttls") {
      c.tls = TlsMode::StartTls;
    } else if (t == "tls") {
      c.tls = TlsMode::Tls;
    } else {
      return "smtp.tls: expected \"none\", \"starttls\" or \"tls\", not " + quoted(t);
    }
    if (c.tls == TlsMode::Tls && !implicit_tls)
      return "smtp.tls: \"tls\" (implicit TLS) needs an smtps:// url";
    if (c.tls != TlsMode::Tls && implicit_tls) {
      return "smtp.tls: " + quoted(t) + " does not fit an smtps:// url (implicit TLS): use \"tls\"";
    }
  }

  if (from != nullptr) {
    if (std::string e = detail::address_problem(from->str()); !e.empty()) {
      return "smtp.from: " + quoted(from->str()) + ": " + e;
    }
    c.from = std::string(from->str());
  }
  if (ca_file != nullptr) {
    if (ca_file->str().empty()) return "smtp.caFile: empty path";
    c.ca_file = std::string(ca_file->str());
  }

  if (password_env != nullptr && password_file != nullptr) {
    return "smtp.passwordFile: give passwordEnv or passwordFile, not both";
  }
  if (password_env != nullptr) {
    const std::string name(password_env->str());
    if (name.empty()) return "smtp.passwordEnv: empty variable name";
    const char* value = std::getenv(name.c_str());
    if (value == nullptr) return "smtp.passwordEnv: environment variable " + name + " is not set";
    if (*value == '\0') return "smtp.passwordEnv: environment variable " + name + " is empty";
    c.password = value;
  } else if (password_file != nullptr) {
    const std::string path(password_file->str());
    if (std::string e = read_secret_file(path, c.password); !e.empty()) return "smtp.passwordFile: " + e;
  }
  if (username != nullptr) {
    if (username->str().empty()) return "smtp.username: empty";
    c.username = std::string(username->str());
  }
  if (!c.username.empty() && c.password.empty()) return "smtp.username: needs passwordEnv or passwordFile";
  if (c.username.empty() && !c.password.empty()) {
    return std::string(password_env != nullptr ? "smtp.passwordEnv" : "smtp.passwordFile") +
           ": a password needs smtp.username";
  }
  return "";
}

}  // namespace

std::string_view tls_mode_name(TlsMode m) {
  switch (m) {
    case TlsMode::None:
      return "none";
    case TlsMode::StartTls:
      return "starttls";
    case TlsMode::Tls:
      return "tls";
  }
  return "none";
}

std::string check_host_allowed(std::string_view host, const std::vector<std::string>& allowed) {
  const std::string h = normal_host(host);
  for (const std::string& a : allowed) {
    if (normal_host(a) == h) return "";
  }
  return "host " + quoted(h) + " is not in allow.hosts" +
         (allowed.empty() ? std::string(" (the list is empty: every host is denied)") : std::string());
}

SmtpConfigResult parse_smtp_config(const Value& config) {
  SmtpConfigResult r;
  try {
    if (!config.is_object()) {
      r.error = std::string("the configuration must be a JSON object, not ") + config.type_name();
      return r;
    }
    r.error = parse_allow(config, r.config.allowed_hosts);
    if (r.error.empty()) r.error = parse_smtp(config, r.config);
    if (r.error.empty()) {
      if (std::string e = check_host_allowed(r.config.host, r.config.allowed_hosts); !e.empty()) {
        r.error = "smtp.url: " + e;
      }
    }
  } catch (const std::exception& e) {
    r.error = std::string("smtp: ") + e.what();
  }
  if (!r.error.empty()) r.config = SmtpConfig();  // no half-read secret stays behind
  return r;
}

SmtpConfigResult parse_smtp_config_json(std::string_view config_json) {
  Value v;
  JsonError err;
  try {
    if (!parse_json(config_json, v, err)) {
      SmtpConfigResult r;
      r.error =
          "configuration:" + std::to_string(err.line) + ":" + std::to_string(err.column) + ": " + err.message;
      return r;
    }
  } catch (const std::exception& e) {
    SmtpConfigResult r;
    r.error = std::string("configuration: ") + e.what();
    return r;
  }
  return parse_smtp_config(v);
}

}  // namespace riposte::actions::mail
