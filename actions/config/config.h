// The --config file of the action bindings (spec/actions.md, "The
// configuration file"; docs/actions.md, "Configuration"): one JSON object
// for every connection a real binding makes.  Each binding reads its own
// section of the effective configuration of a call:
//
//   auto parsed = config::parse_action_config_json(text);   // or from a Value
//   if (!parsed.ok()) ... parsed.error ...;   // "tenants.t7.ldap.url: missing"
//   std::shared_ptr<const config::Connections> c = parsed.config->for_tenants(call.context.tenants);
//   if (!c->ldap) ... "no \"ldap\" in --config" ...;
//
// - Secrets are never inline: a key ending in `Env` names an environment
//   variable, one ending in `File` a file (its last line end dropped); they
//   are read once, when the file is parsed, and kept only in these structs.
//   `mask()` replaces every configured secret in a text or a JSON value by
//   "********": the registry masks every outcome with it, so no secret
//   reaches history, output or logs.
// - Unknown keys are errors; every error names its JSON path.
// - `allow.hosts` is the outbound allow-list of every network binding
//   (default empty: deny all).  URL hosts of the sections are checked
//   against it when the file is parsed; bindings check their destination
//   again when they connect (after name resolution, on every redirect).
// - `tenants.<id>` overrides any top-level key (but `tenants`) for the
//   objects of that tenant and its descendants: for each key, the nearest
//   tenant of the call's chain (root ... own) that sets it wins, else the
//   top level.  Each tenant's overrides are checked when the file is parsed.
//
// Everything here is plain C++ data (no Value is kept: Values are per
// thread), so a Connections may be shared by every call's thread.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "actions/mail/smtp.h"
#include "value/value.h"

namespace riposte::actions::config {

struct LdapConfig {
  std::string url;       // ldap://host[:port] or ldaps://host[:port]
  std::string host;      // the URL's host, lower-case
  std::string bind_dn;   // "" = anonymous
  std::string password;  // passwordEnv / passwordFile (secret)
  std::string base_dn;   // where user and group searches start
  std::string user_filter = "(uid={asset})";  // {asset}: the asset ID, escaped (RFC 4515)
  bool reveal_passwords = false;  // resetLDAPPassword returns the new password only when true
  bool start_tls = false;         // "startTls": STARTTLS on an ldap:// URL
  std::string ca_file;            // "caFile": CA certificates ("" = the system's)
  // blockLDAPAccount sets this attribute to this value (docs/actions-ldap.md):
  // by default the ppolicy overlay's permanent lock.
  std::string block_attribute = "pwdAccountLockedTime";  // "blockAttribute"
  std::string block_value = "000001010000Z";             // "blockValue"
};

// An HTTP peer: endpoint-management server, threat intelligence, search index.
struct HttpPeerConfig {
  std::string url;       // http:// or https://, no credentials in it
  std::string host;      // the URL's host, lower-case
  std::string token;     // endpoint: tokenEnv/tokenFile; tip: keyEnv/keyFile (secret)
  std::string username;  // index: usernameEnv/usernameFile (secret)
  std::string password;  // index: passwordEnv/passwordFile (secret)
  std::string ca_file;   // "caFile"
};

struct DatabaseConfig {
  std::string name;                 // the key under "databases"
  std::string url;                  // sqlite:///ABSOLUTE/PATH or postgresql://user@host:port/db
  std::string password;             // passwordEnv / passwordFile (PostgreSQL; secret)
  std::vector<std::string> tables;  // the tables writeToDatabase may write (exact names)
  bool sqlite() const { return url.starts_with("sqlite://"); }
};

struct CredentialConfig {
  std::string name;      // the key under "credentials"
  std::string type;      // "bearer" | "basic"
  std::string token;     // bearer: tokenEnv / tokenFile (secret)
  std::string username;  // basic
  std::string password;  // basic: passwordEnv / passwordFile (secret)
};

struct JobLogConfig {
  std::string path;                      // "jobLog"
  uint64_t max_bytes = 10 * 1024 * 1024;  // "jobLogRotate": {"maxBytes": N, "keep": K}
  unsigned keep = 5;                     // rotated files kept: PATH.1 ... PATH.K
};

// The effective configuration of one call: the top level with the
// overrides of the call's tenants applied.
struct Connections {
  std::vector<std::string> allowed_hosts;  // allow.hosts, lower-case (empty = deny all)
  std::optional<mail::SmtpConfig> smtp;
  std::optional<LdapConfig> ldap;
  std::optional<HttpPeerConfig> endpoint;
  std::optional<HttpPeerConfig> tip;
  std::optional<HttpPeerConfig> index;  // none: indexEvents writes to the embedded store
  std::map<std::string, DatabaseConfig, std::less<>> databases;
  std::optional<JobLogConfig> job_log;
  std::map<std::string, CredentialConfig, std::less<>> credentials;

  // "" when `host` (a name or an address) is in allowed_hosts, else why not.
  std::string check_host(std::string_view host) const;
};

class ActionConfig {
 public:
  ActionConfig();  // empty: no connection, every host denied
  ~ActionConfig();

  // The effective configuration for a call on an object of the last tenant
  // of `chain` (root first).  An empty chain is the top level.  Cached.
  std::shared_ptr<const Connections> for_tenants(std::span<const std::string> chain) const;
  const Connections& top() const { return *top_; }

  // Every configured secret replaced by "********" (longest first).
  std::string mask(std::string_view text) const;
  Value mask(const Value& value) const;  // strings and object keys, at any depth
  bool has_secrets() const { return !secrets_.empty(); }

 private:
  friend struct ConfigParser;
  std::string text_;  // the whole file (compact JSON), for the tenant merges
  std::shared_ptr<const Connections> top_;
  std::vector<std::string> tenant_ids_;  // tenants with overrides
  std::vector<std::string> secrets_;     // longest first
  mutable std::mutex mu_;
  mutable std::map<std::string, std::shared_ptr<const Connections>, std::less<>> cache_;
};

struct ActionConfigResult {
  std::shared_ptr<const ActionConfig> config;  // null when error is set
  std::string error;                           // "<json path>: <what is wrong>"
  bool ok() const { return error.empty(); }
};

ActionConfigResult parse_action_config(const Value& whole);
ActionConfigResult parse_action_config_json(std::string_view text);

}  // namespace riposte::actions::config
