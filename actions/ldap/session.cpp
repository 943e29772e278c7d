// Session: one libldap handle per call, every operation asynchronous and
// waited for by deadline and cancel token (actions/ldap/session.h).
#include "actions/ldap/session.h"

#include <fmt/format.h>
#include <ldap.h>

#include <algorithm>
#include <mutex>

namespace riposte::actions::ldap {

namespace {
// How often a wait looks at the cancel token.
constexpr auto kSlice = std::chrono::milliseconds(20);

timeval to_timeval(Clock::duration d) {
  const auto us = std::max<int64_t>(0, std::chrono::duration_cast<std::chrono::microseconds>(d).count());
  return timeval{static_cast<time_t>(us / 1000000), static_cast<suseconds_t>(us % 1000000)};
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return char(std::tolower(c)); });
  return s;
}

// libldap's global options are set up on first use; do it once, here.
void init_library() {
  static std::once_flag once;
  std::call_once(once, [] {
    int version = 0;
    ldap_get_option(nullptr, LDAP_OPT_PROTOCOL_VERSION, &version);
  });
}

std::string diagnostic_of(LDAP* ld) {
  char* msg = nullptr;
  if (ld == nullptr || ldap_get_option(ld, LDAP_OPT_DIAGNOSTIC_MESSAGE, &msg) != LDAP_OPT_SUCCESS || msg == nullptr)
    return {};
  std::string out(msg);
  ldap_memfree(msg);
  return out;
}

struct MessageFree {
  void operator()(LDAPMessage* m) const {
    if (m) ldap_msgfree(m);
  }
};
using MessagePtr = std::unique_ptr<LDAPMessage, MessageFree>;

// The entries and the final result of a reply chain.
void read_chain(LDAP* ld, LDAPMessage* chain, Reply& r) {
  for (LDAPMessage* m = ldap_first_message(ld, chain); m != nullptr; m = ldap_next_message(ld, m)) {
    const int type = ldap_msgtype(m);
    if (type == LDAP_RES_SEARCH_ENTRY) {
      Entry e;
      if (char* dn = ldap_get_dn(ld, m)) {
        e.dn = dn;
        ldap_memfree(dn);
      }
      BerElement* ber = nullptr;
      for (char* a = ldap_first_attribute(ld, m, &ber); a != nullptr; a = ldap_next_attribute(ld, m, ber)) {
        std::vector<std::string>& values = e.attrs[lower(a)];
        if (berval** vals = ldap_get_values_len(ld, m, a)) {
          for (int i = 0; vals[i] != nullptr; i++) values.emplace_back(vals[i]->bv_val, vals[i]->bv_len);
          ldap_value_free_len(vals);
        }
        ldap_memfree(a);
      }
      if (ber) ber_free(ber, 0);
      r.entries.push_back(std::move(e));
    } else if (type != LDAP_RES_SEARCH_REFERENCE && type != LDAP_RES_INTERMEDIATE) {
      int code = LDAP_OTHER;
      char* diag = nullptr;
      const int rc = ldap_parse_result(ld, m, &code, nullptr, &diag, nullptr, nullptr, 0);
      r.code = rc == LDAP_SUCCESS ? code : rc;
      if (diag) {
        r.diagnostic = diag;
        ldap_memfree(diag);
      }
    }
  }
}
}  // namespace

const std::vector<std::string>* Entry::find(std::string name) const {
  auto it = attrs.find(lower(std::move(name)));
  return it == attrs.end() ? nullptr : &it->second;
}

std::string Reply::describe() const {
  if (!answered()) return error;
  std::string s = fmt::format("{} (LDAP result {})", ldap_err2string(code), code);
  if (!diagnostic.empty()) s += ": " + diagnostic;
  return s;
}

Session::Session(const config::LdapConfig& config, const Call& call) : config_(config), call_(call) {
  deadline_ = std::min(call.deadline, Clock::now() + kDefaultTimeout);
}

Session::~Session() {
  if (ld_) ldap_unbind_ext(ld_, nullptr, nullptr);
}

int Session::seconds_left() const {
  const auto left = std::chrono::duration_cast<std::chrono::seconds>(deadline_ - Clock::now()).count() + 1;
  return int(std::clamp<int64_t>(left, 1, 24 * 3600));
}

Reply Session::failed_to_send(int rc, std::string_view what) {
  Reply r;
  if (Clock::now() >= deadline_) {
    r.failure = Failure::Timeout;
    r.error = fmt::format("ldap: deadline exceeded ({} {})", what, config_.url);
  } else if (call_.cancel.cancelled()) {
    r.failure = Failure::Cancelled;
    r.error = fmt::format("ldap: cancelled ({})", what);
  } else {
    r.failure = Failure::Action;
    r.error = fmt::format("ldap: {} at {} failed: {}", what, config_.url, ldap_err2string(rc));
    if (std::string d = diagnostic_of(ld_); !d.empty()) r.error += " (" + d + ")";
  }
  return r;
}

Reply Session::wait(int msgid, std::string_view what, void** result_out) {
  for (;;) {
    const auto now = Clock::now();
    Reply r;
    if (now >= deadline_ || call_.cancel.cancelled()) {
      ldap_abandon_ext(ld_, msgid, nullptr, nullptr);
      r.failure = now >= deadline_ ? Failure::Timeout : Failure::Cancelled;
      r.error = now >= deadline_ ? fmt::format("ldap: deadline exceeded waiting for the directory ({})", what)
                                 : fmt::format("ldap: cancelled waiting for the directory ({})", what);
      return r;
    }
    timeval tv = to_timeval(std::min<Clock::duration>(kSlice, deadline_ - now));
    LDAPMessage* msg = nullptr;
    const int rc = ldap_result(ld_, msgid, LDAP_MSG_ALL, &tv, &msg);
    if (rc == 0) continue;
    if (rc == -1) {
      int code = LDAP_SERVER_DOWN;
      ldap_get_option(ld_, LDAP_OPT_RESULT_CODE, &code);
      return failed_to_send(code, what);
    }
    *result_out = msg;
    return r;
  }
}

Reply Session::open(const config::Connections& allowed) {
  Reply r;
  r.failure = Failure::Action;
  if (std::string why = allowed.check_host(config_.host); !why.empty()) {
    r.error = "ldap: " + why;
    return r;
  }
  if (call_.cancel.cancelled()) return failed_to_send(LDAP_SUCCESS, "connecting");
  if (Clock::now() >= deadline_) return failed_to_send(LDAP_TIMEOUT, "connecting");
  init_library();
  if (int rc = ldap_initialize(&ld_, config_.url.c_str()); rc != LDAP_SUCCESS) {
    r.error = fmt::format("ldap: bad url {}: {}", config_.url, ldap_err2string(rc));
    return r;
  }
  int version = LDAP_VERSION3;
  ldap_set_option(ld_, LDAP_OPT_PROTOCOL_VERSION, &version);
  ldap_set_option(ld_, LDAP_OPT_REFERRALS, LDAP_OPT_OFF);
  const timeval left = to_timeval(deadline_ - Clock::now());
  ldap_set_option(ld_, LDAP_OPT_NETWORK_TIMEOUT, &left);  // connect and the TLS handshake
  ldap_set_option(ld_, LDAP_OPT_TIMEOUT, &left);          // anything libldap waits for itself
  const bool tls = config_.start_tls || config_.url.starts_with("ldaps:");
  if (tls) {
    int demand = LDAP_OPT_X_TLS_DEMAND;
    int rc = ldap_set_option(ld_, LDAP_OPT_X_TLS_REQUIRE_CERT, &demand);
    if (rc == LDAP_OPT_SUCCESS && !config_.ca_file.empty())
      rc = ldap_set_option(ld_, LDAP_OPT_X_TLS_CACERTFILE, config_.ca_file.c_str());
    int server = 0;
    if (rc == LDAP_OPT_SUCCESS) rc = ldap_set_option(ld_, LDAP_OPT_X_TLS_NEWCTX, &server);
    if (rc != LDAP_OPT_SUCCESS) {
      r.error = fmt::format("ldap: cannot set up TLS (caFile {}): {}", config_.ca_file.empty() ? "none" : config_.ca_file,
                            ldap_err2string(rc));
      return r;
    }
  }
  if (config_.start_tls) {
    int msgid = -1;
    if (int rc = ldap_start_tls(ld_, nullptr, nullptr, &msgid); rc != LDAP_SUCCESS)
      return failed_to_send(rc, "connecting");
    void* raw = nullptr;
    Reply w = wait(msgid, "STARTTLS", &raw);
    if (!w.answered()) return w;
    MessagePtr msg(static_cast<LDAPMessage*>(raw));
    read_chain(ld_, msg.get(), w);
    if (w.code != LDAP_SUCCESS) {
      w.error = "ldap: the directory refused STARTTLS: " + w.describe();
      w.failure = Failure::Action;
      return w;
    }
    if (int rc = ldap_install_tls(ld_); rc != LDAP_SUCCESS) return failed_to_send(rc, "the TLS handshake");
  }
  if (config_.bind_dn.empty()) {  // anonymous: the first operation connects
    r.failure = Failure::None;
    return r;
  }
  berval cred{config_.password.size(), const_cast<char*>(config_.password.data())};
  int msgid = -1;
  if (int rc = ldap_sasl_bind(ld_, config_.bind_dn.c_str(), LDAP_SASL_SIMPLE, &cred, nullptr, nullptr, &msgid);
      rc != LDAP_SUCCESS)
    return failed_to_send(rc, "connecting");
  void* raw = nullptr;
  Reply b = wait(msgid, "bind", &raw);
  if (!b.answered()) return b;
  MessagePtr msg(static_cast<LDAPMessage*>(raw));
  read_chain(ld_, msg.get(), b);
  if (b.code != LDAP_SUCCESS) {
    b.error = fmt::format("ldap: bind as {} refused: {}", config_.bind_dn, b.describe());
    b.failure = Failure::Action;
  }
  return b;
}

Reply Session::search(const std::string& base, int scope, const std::string& filter,
                      const std::vector<std::string>& attrs, int size_limit) {
  std::vector<char*> names;
  for (const std::string& a : attrs) names.push_back(const_cast<char*>(a.c_str()));
  names.push_back(nullptr);
  // The server's time limit, in whole seconds (libldap refuses a zero timeval).
  timeval tv{static_cast<time_t>(seconds_left()), 0};
  int msgid = -1;
  const int rc = ldap_search_ext(ld_, base.c_str(), scope, filter.c_str(), names.data(), 0, nullptr, nullptr, &tv,
                                 size_limit, &msgid);
  if (rc == LDAP_FILTER_ERROR) {
    Reply r;
    r.failure = Failure::Action;
    r.error = fmt::format("ldap: bad search filter {}", filter);
    return r;
  }
  if (rc != LDAP_SUCCESS) return failed_to_send(rc, "search");
  void* raw = nullptr;
  Reply r = wait(msgid, "search", &raw);
  if (!r.answered()) return r;
  MessagePtr msg(static_cast<LDAPMessage*>(raw));
  read_chain(ld_, msg.get(), r);
  return r;
}

Reply Session::modify(const std::string& dn, ModOp op, const std::string& attr, const std::vector<std::string>& values) {
  std::vector<berval> bvs;
  for (const std::string& v : values) bvs.push_back(berval{v.size(), const_cast<char*>(v.data())});
  std::vector<berval*> ptrs;
  for (berval& b : bvs) ptrs.push_back(&b);
  ptrs.push_back(nullptr);
  LDAPMod mod{};
  mod.mod_op = LDAP_MOD_BVALUES | (op == ModOp::Add ? LDAP_MOD_ADD : op == ModOp::Delete ? LDAP_MOD_DELETE : LDAP_MOD_REPLACE);
  mod.mod_type = const_cast<char*>(attr.c_str());
  mod.mod_bvalues = ptrs.data();
  LDAPMod* mods[] = {&mod, nullptr};
  int msgid = -1;
  if (int rc = ldap_modify_ext(ld_, dn.c_str(), mods, nullptr, nullptr, &msgid); rc != LDAP_SUCCESS)
    return failed_to_send(rc, "modify");
  void* raw = nullptr;
  Reply r = wait(msgid, "modify", &raw);
  if (!r.answered()) return r;
  MessagePtr msg(static_cast<LDAPMessage*>(raw));
  read_chain(ld_, msg.get(), r);
  return r;
}

Reply Session::set_password(const std::string& dn, const std::string& password) {
  berval user{dn.size(), const_cast<char*>(dn.data())};
  berval pw{password.size(), const_cast<char*>(password.data())};
  int msgid = -1;
  if (int rc = ldap_passwd(ld_, &user, nullptr, &pw, nullptr, nullptr, &msgid); rc != LDAP_SUCCESS)
    return failed_to_send(rc, "password modify");
  void* raw = nullptr;
  Reply r = wait(msgid, "password modify", &raw);
  if (!r.answered()) return r;
  MessagePtr msg(static_cast<LDAPMessage*>(raw));
  read_chain(ld_, msg.get(), r);
  return r;
}

}  // namespace riposte::actions::ldap
