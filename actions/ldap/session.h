// One connection to the configured directory for one call (internal to
// actions/ldap/): connect and bind, then search, modify and the Password
// Modify extended operation, each asynchronous and waited for in slices of
// 20 ms so that the call's deadline and cancel token end it at once.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "actions/binding.h"
#include "actions/config/config.h"

typedef struct ldap LDAP;

namespace riposte::actions::ldap {

struct Entry {
  std::string dn;
  std::map<std::string, std::vector<std::string>> attrs;  // names lower-case
  const std::vector<std::string>* find(std::string name) const;
};

// What an operation came to.  failure != None: no answer (timeout,
// cancelled, connection lost; `error` says why).  Otherwise the server's
// result `code` (LDAP_SUCCESS, LDAP_NO_SUCH_OBJECT, ...) and its message.
struct Reply {
  Failure failure = Failure::None;
  std::string error = {};
  int code = 0;
  std::string diagnostic = {};  // the server's diagnostic message
  std::vector<Entry> entries = {};
  bool answered() const { return failure == Failure::None; }
  bool success() const { return answered() && code == 0; }
  // "<ldap_err2string(code)> (code N): <diagnostic>" or the error.
  std::string describe() const;
};

enum class ModOp { Add, Delete, Replace };

class Session {
 public:
  // With no deadline in the call, a directory that stops answering still
  // ends it after kDefaultTimeout.
  static constexpr auto kDefaultTimeout = std::chrono::minutes(5);

  Session(const config::LdapConfig& config, const Call& call);
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  // Checks the host against `allowed` (allow.hosts), makes the handle,
  // STARTTLS when configured, binds.  A Reply that is not success() ends
  // the call.
  Reply open(const config::Connections& allowed);

  // Search (scope: LDAP_SCOPE_BASE / LDAP_SCOPE_SUBTREE) for at most
  // `size_limit` entries (0: no limit); LDAP_SIZELIMIT_EXCEEDED comes back
  // as the code with the entries received.
  Reply search(const std::string& base, int scope, const std::string& filter, const std::vector<std::string>& attrs,
               int size_limit);
  // One modification of one attribute of `dn`.
  Reply modify(const std::string& dn, ModOp op, const std::string& attr, const std::vector<std::string>& values);
  // RFC 3062: the password of `dn` set to `password` by the bound identity.
  Reply set_password(const std::string& dn, const std::string& password);

 private:
  Reply wait(int msgid, std::string_view what, void** result_out);
  Reply failed_to_send(int rc, std::string_view what);
  int seconds_left() const;

  const config::LdapConfig& config_;
  const Call& call_;
  Clock::time_point deadline_;
  LDAP* ld_ = nullptr;
};

}  // namespace riposte::actions::ldap
