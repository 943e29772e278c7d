// The pure helpers of the LDAP actions: filter escaping, the user filter,
// passwords, DN checks (actions/ldap/ldap.h).
#include <ldap.h>
#include <sys/random.h>

#include <cerrno>
#include <cstdint>
#include <string>

#include "actions/ldap/ldap.h"

namespace riposte::actions::ldap {

namespace {
bool equal_fold(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); i++) {
    unsigned char x = static_cast<unsigned char>(a[i]), y = static_cast<unsigned char>(b[i]);
    if (x >= 'A' && x <= 'Z') x = static_cast<unsigned char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<unsigned char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

std::string_view view(const berval& b) { return {b.bv_val ? b.bv_val : "", b.bv_len}; }

struct Dn {
  LDAPDN dn = nullptr;
  int rc = LDAP_SUCCESS;
  explicit Dn(std::string_view text) {
    std::string s(text);
    rc = ldap_str2dn(s.c_str(), &dn, LDAP_DN_FORMAT_LDAPV3);
  }
  ~Dn() {
    if (dn) ldap_dnfree(dn);
  }
  Dn(const Dn&) = delete;
  Dn& operator=(const Dn&) = delete;
  size_t size() const {
    size_t n = 0;
    while (dn && dn[n]) n++;
    return n;
  }
};

bool same_rdn(LDAPRDN a, LDAPRDN b) {
  size_t i = 0;
  for (; a[i] && b[i]; i++) {
    if (!equal_fold(view(a[i]->la_attr), view(b[i]->la_attr))) return false;
    if (!equal_fold(view(a[i]->la_value), view(b[i]->la_value))) return false;
  }
  return !a[i] && !b[i];
}
}  // namespace

std::string escape_filter_value(std::string_view value) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    const auto b = static_cast<unsigned char>(c);
    if (c == '*' || c == '(' || c == ')' || c == '\\' || b < 0x20 || b == 0x7f) {
      out += '\\';
      out += kHex[b >> 4];
      out += kHex[b & 15];
    } else {
      out += c;
    }
  }
  return out;
}

std::string user_filter(std::string_view pattern, std::string_view asset) {
  static constexpr std::string_view kAsset = "{asset}";
  const std::string escaped = escape_filter_value(asset);
  std::string out;
  size_t at = 0;
  for (size_t hit = pattern.find(kAsset); hit != std::string_view::npos; hit = pattern.find(kAsset, at)) {
    out.append(pattern.substr(at, hit - at));
    out += escaped;
    at = hit + kAsset.size();
  }
  out.append(pattern.substr(at));
  return out;
}

std::string generate_password(size_t length) {
  static constexpr std::string_view kLower = "abcdefghijklmnopqrstuvwxyz";
  static constexpr std::string_view kUpper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  static constexpr std::string_view kDigits = "0123456789";
  const std::string alphabet = std::string(kLower) + std::string(kUpper) + std::string(kDigits) +
                               std::string(kPasswordSymbols);
  if (length < 20) length = 20;
  // Bytes at or above `limit` are dropped, so every character is equally likely.
  const unsigned limit = 256 - 256 % unsigned(alphabet.size());
  for (int attempt = 0; attempt < 64; attempt++) {
    std::string out;
    unsigned char buf[64];
    while (out.size() < length) {
      ssize_t n = getrandom(buf, sizeof buf, 0);
      if (n < 0) {
        if (errno == EINTR) continue;
        return {};
      }
      for (ssize_t i = 0; i < n && out.size() < length; i++)
        if (buf[i] < limit) out += alphabet[buf[i] % alphabet.size()];
    }
    auto has = [&](std::string_view set) { return out.find_first_of(set) != std::string::npos; };
    if (has(kLower) && has(kUpper) && has(kDigits) && has(kPasswordSymbols)) return out;
  }
  return {};  // not reached in practice: 64 draws each missing a class
}

std::string check_dn(std::string_view dn) {
  if (dn.empty()) return "empty";
  Dn d(dn);
  if (d.rc != LDAP_SUCCESS) return ldap_err2string(d.rc);
  return {};
}

bool dn_within(std::string_view dn, std::string_view base) {
  Dn d(dn), b(base);
  if (d.rc != LDAP_SUCCESS || b.rc != LDAP_SUCCESS) return false;
  const size_t nd = d.size(), nb = b.size();
  if (nb > nd) return false;
  for (size_t i = 0; i < nb; i++)
    if (!same_rdn(d.dn[nd - 1 - i], b.dn[nb - 1 - i])) return false;
  return true;
}

}  // namespace riposte::actions::ldap
