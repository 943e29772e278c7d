// The --config file: sections, tenant overrides, secrets and masking
// (actions/config/config.h; docs/actions.md, "Configuration").
#include "actions/config/config.h"

#include <algorithm>
#include <cctype>

#include "actions/config/section_reader.h"
#include "value/json.h"

namespace riposte::actions::config {

namespace {

constexpr std::string_view kMask = "********";

// The top-level keys; `tenants` may override all but itself.
constexpr std::string_view kKeys[] = {"allow", "smtp",      "ldap",         "endpoint",    "tip",    "index",
                                      "databases", "jobLog", "jobLogRotate", "credentials", "tenants"};

bool known_key(std::string_view key) { return std::find(std::begin(kKeys), std::end(kKeys), key) != std::end(kKeys); }

void read_allow(const Value& v, const std::string& path, Connections& c, std::string& error) {
  SectionReader r(v, path, error);
  for (std::string& h : r.strings("hosts")) {
    std::string host = h;
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
    std::transform(host.begin(), host.end(), host.begin(), [](unsigned char ch) { return std::tolower(ch); });
    c.allowed_hosts.push_back(std::move(host));
  }
  r.finish();
}

void check_allowed(SectionReader& r, const Connections& c, std::string_view key, const std::string& host) {
  if (r.failed()) return;
  if (std::string e = c.check_host(host); !e.empty()) r.fail(key, e);
}

void read_ldap(const Value& v, const std::string& path, Connections& c, std::string& error) {
  SectionReader r(v, path, error);
  LdapConfig l;
  if (auto u = r.url("url", {"ldap", "ldaps"}, l.host)) l.url = *u;
  if (auto s = r.string("bindDN")) l.bind_dn = *s;
  l.password = r.secret("password");
  if (auto s = r.string("baseDN", true)) l.base_dn = *s;
  if (auto s = r.string("userFilter")) {
    if (s->find("{asset}") == std::string::npos) r.fail("userFilter", "must contain {asset}");
    l.user_filter = *s;
  }
  if (auto b = r.boolean("revealPasswords")) l.reveal_passwords = *b;
  if (auto b = r.boolean("startTls")) l.start_tls = *b;
  if (auto s = r.string("caFile")) l.ca_file = *s;
  if (auto s = r.string("blockAttribute")) {
    // An attribute type name (RFC 4512 descr) or a numeric OID.
    const bool descr = std::isalpha(static_cast<unsigned char>((*s)[0])) &&
                       std::all_of(s->begin(), s->end(), [](unsigned char ch) { return std::isalnum(ch) || ch == '-'; });
    const bool oid = std::all_of(s->begin(), s->end(), [](unsigned char ch) { return std::isdigit(ch) || ch == '.'; });
    if (!descr && !oid) r.fail("blockAttribute", "expected an attribute type name");
    l.block_attribute = *s;
  }
  if (auto s = r.string("blockValue")) l.block_value = *s;
  if (!r.failed() && !l.bind_dn.empty() && l.password.empty()) r.fail("bindDN", "needs passwordEnv or passwordFile");
  if (!r.failed() && l.start_tls && l.url.starts_with("ldaps")) r.fail("startTls", "does not fit an ldaps:// url");
  r.finish();
  check_allowed(r, c, "url", l.host);
  if (!r.failed()) c.ldap = std::move(l);
}

// endpoint (token), tip (key), index (username, password).
void read_http_peer(const Value& v, const std::string& path, std::string_view key, Connections& c,
                    std::string& error) {
  SectionReader r(v, path, error);
  HttpPeerConfig p;
  if (auto u = r.url("url", {"http", "https"}, p.host)) p.url = *u;
  if (key == "endpoint") p.token = r.secret("token");
  if (key == "tip") p.token = r.secret("key");
  if (key == "index") {
    p.username = r.secret("username");
    p.password = r.secret("password");
    if (!r.failed() && p.username.empty() != p.password.empty())
      r.fail(p.password.empty() ? "passwordEnv" : "usernameEnv", "basic authentication needs both username and password");
  }
  if (auto s = r.string("caFile")) p.ca_file = *s;
  r.finish();
  check_allowed(r, c, "url", p.host);
  if (r.failed()) return;
  if (key == "endpoint") c.endpoint = std::move(p);
  if (key == "tip") c.tip = std::move(p);
  if (key == "index") c.index = std::move(p);
}

void read_databases(const Value& v, const std::string& path, Connections& c, std::string& error) {
  if (!v.is_object()) {
    error = path + ": expected an object of connections, not " + std::string(v.type_name());
    return;
  }
  for (const auto& [name, conn] : v.entries()) {
    SectionReader r(conn, path + "." + name, error);
    DatabaseConfig d;
    d.name = name;
    std::string host;
    if (auto u = r.string("url", true)) {
      d.url = *u;
      if (d.url.starts_with("sqlite://")) {
        if (!d.url.starts_with("sqlite:///")) r.fail("url", "expected sqlite:///ABSOLUTE/PATH");
      } else if (std::string e = url_host(d.url, {"postgresql", "postgres"}, host, true); !e.empty()) {
        r.fail("url", "expected sqlite:///PATH or " + e);
      }
    }
    d.password = r.secret("password");
    d.tables = r.strings("tables");
    if (!r.failed() && d.tables.empty()) r.fail("tables", "missing: the tables writeToDatabase may write");
    r.finish();
    if (!host.empty()) check_allowed(r, c, "url", host);
    if (!error.empty()) return;
    c.databases.emplace(name, std::move(d));
  }
}

void read_credentials(const Value& v, const std::string& path, Connections& c, std::string& error) {
  if (!v.is_object()) {
    error = path + ": expected an object of credentials, not " + std::string(v.type_name());
    return;
  }
  for (const auto& [name, cred] : v.entries()) {
    SectionReader r(cred, path + "." + name, error);
    CredentialConfig k;
    k.name = name;
    if (auto t = r.string("type", true)) {
      k.type = *t;
      if (k.type != "bearer" && k.type != "basic") r.fail("type", "expected \"bearer\" or \"basic\"");
    }
    if (k.type == "bearer") k.token = r.secret("token", true);
    if (k.type == "basic") {
      if (auto u = r.string("username", true)) k.username = *u;
      k.password = r.secret("password", true);
    }
    r.finish();
    if (!error.empty()) return;
    c.credentials.emplace(name, std::move(k));
  }
}

void read_job_log(const Value* path_value, const Value* rotate, const std::string& prefix, Connections& c,
                  std::string& error) {
  JobLogConfig j;
  if (path_value != nullptr) {
    if (!path_value->is_string() || path_value->str().empty()) {
      error = prefix + "jobLog: expected a file path";
      return;
    }
    j.path = std::string(path_value->str());
  }
  if (rotate != nullptr) {
    SectionReader r(*rotate, prefix + "jobLogRotate", error);
    if (auto n = r.integer("maxBytes", 1024, int64_t(1) << 40)) j.max_bytes = uint64_t(*n);
    if (auto k = r.integer("keep", 1, 100)) j.keep = unsigned(*k);
    r.finish();
    if (!error.empty()) return;
    if (path_value == nullptr) {
      error = prefix + "jobLogRotate: needs jobLog";
      return;
    }
  }
  if (path_value != nullptr) c.job_log = std::move(j);
}

// Parses one merged object (the top level, or the top level with a chain's
// overrides) whose keys are all known.  `prefix` is "" or "tenants.ID.".
std::shared_ptr<Connections> read_connections(const Value& whole, const std::string& prefix, std::string& error) {
  auto c = std::make_shared<Connections>();
  auto path = [&](std::string_view key) { return prefix + std::string(key); };
  if (const Value* v = whole.find("allow")) read_allow(*v, path("allow"), *c, error);
  if (error.empty() && whole.find("smtp") != nullptr) {
    Value just = Value::object();
    if (const Value* a = whole.find("allow")) just.set("allow", *a);
    just.set("smtp", *whole.find("smtp"));
    mail::SmtpConfigResult smtp = mail::parse_smtp_config(just);
    if (!smtp.ok()) error = prefix + smtp.error;
    else c->smtp = std::move(smtp.config);
  }
  if (const Value* v = whole.find("ldap"); v && error.empty()) read_ldap(*v, path("ldap"), *c, error);
  for (std::string_view key : {"endpoint", "tip", "index"})
    if (const Value* v = whole.find(key); v && error.empty()) read_http_peer(*v, path(key), key, *c, error);
  if (const Value* v = whole.find("databases"); v && error.empty()) read_databases(*v, path("databases"), *c, error);
  if (const Value* v = whole.find("credentials"); v && error.empty())
    read_credentials(*v, path("credentials"), *c, error);
  if (error.empty()) read_job_log(whole.find("jobLog"), whole.find("jobLogRotate"), prefix, *c, error);
  return error.empty() ? c : nullptr;
}

void add_secret(std::vector<std::string>& out, const std::string& s) {
  if (!s.empty() && std::find(out.begin(), out.end(), s) == out.end()) out.push_back(s);
}

void collect_secrets(const Connections& c, std::vector<std::string>& out) {
  if (c.smtp) add_secret(out, c.smtp->password);
  if (c.ldap) add_secret(out, c.ldap->password);
  for (const auto* p : {&c.endpoint, &c.tip, &c.index}) {
    if (!*p) continue;
    add_secret(out, (*p)->token);
    add_secret(out, (*p)->username);
    add_secret(out, (*p)->password);
  }
  for (const auto& [n, d] : c.databases) add_secret(out, d.password);
  for (const auto& [n, k] : c.credentials) {
    add_secret(out, k.token);
    add_secret(out, k.password);
  }
}

// `top` with each key of `overrides` (in chain order: later wins) replaced.
Value merged(const Value& top, const std::vector<const Value*>& overrides) {
  Value out = top;
  out.erase("tenants");
  for (const Value* o : overrides)
    for (const auto& [key, v] : o->entries()) out.set(key, v);
  return out;
}

}  // namespace

std::string Connections::check_host(std::string_view host) const {
  return mail::check_host_allowed(host, allowed_hosts);
}

struct ConfigParser {
  static ActionConfigResult parse(const Value& whole) {
    ActionConfigResult r;
    if (!whole.is_object()) {
      r.error = "the configuration must be a JSON object, not " + std::string(whole.type_name());
      return r;
    }
    for (const auto& [key, v] : whole.entries())
      if (!known_key(key)) return fail(key + ": unknown key");
    auto config = std::make_shared<ActionConfig>();
    config->text_ = to_json(whole);
    std::string error;
    auto top = read_connections(whole, "", error);
    if (!top) return fail(error);
    collect_secrets(*top, config->secrets_);
    config->top_ = top;
    if (const Value* tenants = whole.find("tenants")) {
      if (!tenants->is_object()) return fail("tenants: expected an object, not " + std::string(tenants->type_name()));
      for (const auto& [id, o] : tenants->entries()) {
        const std::string prefix = "tenants." + id + ".";
        if (!o.is_object()) return fail("tenants." + id + ": expected an object, not " + std::string(o.type_name()));
        for (const auto& [key, v] : o.entries())
          if (key == "tenants" || !known_key(key)) return fail(prefix + key + ": unknown key");
        auto own = read_connections(merged(whole, {&o}), prefix, error);
        if (!own) return fail(error);
        collect_secrets(*own, config->secrets_);
        config->tenant_ids_.push_back(id);
      }
    }
    std::sort(config->secrets_.begin(), config->secrets_.end(),
              [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
    r.config = std::move(config);
    return r;
  }

  static ActionConfigResult fail(std::string error) {
    ActionConfigResult r;
    r.error = std::move(error);
    return r;
  }
};

ActionConfig::ActionConfig() : top_(std::make_shared<Connections>()) {}
ActionConfig::~ActionConfig() = default;

std::shared_ptr<const Connections> ActionConfig::for_tenants(std::span<const std::string> chain) const {
  std::string key;
  for (const std::string& t : chain)
    if (std::find(tenant_ids_.begin(), tenant_ids_.end(), t) != tenant_ids_.end()) key += t + "\n";
  if (key.empty()) return top_;
  std::lock_guard<std::mutex> lock(mu_);
  if (auto it = cache_.find(key); it != cache_.end()) return it->second;
  Value whole;
  JsonError err;
  parse_json(text_, whole, err);  // our own compact text: always parses
  std::vector<const Value*> overrides;
  const Value* tenants = whole.find("tenants");
  for (const std::string& t : chain)
    if (const Value* o = tenants ? tenants->find(t) : nullptr) overrides.push_back(o);
  std::string error;
  std::shared_ptr<const Connections> c = read_connections(merged(whole, overrides), "", error);
  // Each tenant was checked alone when the file was parsed; a chain that
  // still fails (an environment variable removed since) falls back to the top.
  if (!c) c = top_;
  cache_.emplace(key, c);
  return c;
}

std::string ActionConfig::mask(std::string_view text) const {
  std::string out(text);
  for (const std::string& s : secrets_) {
    for (size_t at = out.find(s); at != std::string::npos; at = out.find(s, at + kMask.size()))
      out.replace(at, s.size(), kMask);
  }
  return out;
}

Value ActionConfig::mask(const Value& value) const {
  if (secrets_.empty()) return value;
  switch (value.kind()) {
    case Kind::String: {
      std::string m = mask(value.str());
      return m == value.str() ? value : Value::string(std::move(m));
    }
    case Kind::Array: {
      Array items;
      for (const Value& v : value.items()) items.push_back(mask(v));
      return Value::array(std::move(items));
    }
    case Kind::Object: {
      Object entries;
      for (const auto& [k, v] : value.entries()) entries.emplace(mask(k), mask(v));
      return Value::object(std::move(entries));
    }
    default:
      return value;
  }
}

ActionConfigResult parse_action_config(const Value& whole) {
  try {
    return ConfigParser::parse(whole);
  } catch (const std::exception& e) {
    return ConfigParser::fail(std::string("configuration: ") + e.what());
  }
}

ActionConfigResult parse_action_config_json(std::string_view text) {
  Value v;
  JsonError err;
  try {
    if (!parse_json(text, v, err))
      return ConfigParser::fail("configuration:" + std::to_string(err.line) + ":" + std::to_string(err.column) + ": " +
                                err.message);
  } catch (const std::exception& e) {
    return ConfigParser::fail(std::string("configuration: ") + e.what());
  }
  return parse_action_config(v);
}

}  // namespace riposte::actions::config
