// Shared by the files of actions/mail/ only: the checks that both the
// configuration parser and the sender make.
#pragma once

#include <string>
#include <string_view>

namespace riposte::actions::mail::detail {

// "" when `address` is a plain local@domain address (printable ASCII, no
// white space, no <>()[],;:"\ , one '@' with text on both sides), else
// what is wrong with it, e.g. "contains a line break (CR or LF); refused
// (header injection)".
std::string address_problem(std::string_view address);

// The parts of an SMTP URL the client needs.
struct SmtpUrl {
  std::string scheme;  // "smtp" or "smtps"
  std::string host;    // lower-case, without IPv6 brackets
};
// "" and `out` set when `url` is an smtp:// or smtps:// URL with a host and
// without credentials; else what is wrong with it.
std::string parse_smtp_url(std::string_view url, SmtpUrl& out);

// `s` as a JSON string literal: control characters (the CR and LF of an
// injection attempt) are shown escaped in error messages.
std::string quoted(std::string_view s);

}  // namespace riposte::actions::mail::detail
