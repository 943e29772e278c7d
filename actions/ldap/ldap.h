// The LDAP actions (docs/actions-ldap.md): blockLDAPAccount,
// resetLDAPPassword, addToLDAPGroup and removeFromLDAPGroup on the
// directory of the call's tenant (the `ldap` key of the --config file),
// over the OpenLDAP client library.
//
// - The asset ID is found by a search under baseDN with userFilter, `{asset}`
//   replaced by the ID escaped as an RFC 4515 filter value: exactly one
//   entry must match.
// - Every operation is asynchronous (ldap_*_ext + ldap_result polled every
//   20 ms), so the call's deadline and its cancel token end it at once
//   (ldap_abandon_ext); the connect itself is bounded by the deadline
//   (LDAP_OPT_NETWORK_TIMEOUT).  Referrals are never chased.
// - Every operation sets a state (replace, add, delete), so a call retried
//   with the same idempotency key does no harm: LDAP has no idempotency key.
//
// The helpers below are pure and tested alone (tests/unit/actions/ldap_*).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace riposte::actions::ldap {

// `value` escaped as an RFC 4515 assertion value: `*` `(` `)` `\` and NUL
// become \2a \28 \29 \5c \00, and so does every other control character
// (bytes below 0x20 and 0x7f, as \XX): harmless, and nothing invisible
// reaches the server.  Every other byte (UTF-8 included) is kept.
std::string escape_filter_value(std::string_view value);

// `pattern` (the configured userFilter) with every `{asset}` replaced by
// escape_filter_value(asset).
std::string user_filter(std::string_view pattern, std::string_view asset);

// A random password of `length` characters (at least 20) drawn uniformly
// from letters, digits and the symbols of kPasswordSymbols by getrandom(2),
// with at least one of each of the four classes (lower case, upper case,
// digit, symbol).  "" when the kernel gives no randomness.
inline constexpr std::string_view kPasswordSymbols = "!#%+-.:=?@^_~";
std::string generate_password(size_t length = 24);

// True when `dn` is `base` or below it (both parsed as LDAPv3 DNs and
// compared attribute type and value case-insensitively).  False when
// either is not a DN.
bool dn_within(std::string_view dn, std::string_view base);
// "" when `dn` parses as an LDAPv3 DN, else libldap's reason.
std::string check_dn(std::string_view dn);

}  // namespace riposte::actions::ldap
