// A small SMTP client over libcurl: the "smtp" connection of the --config
// file (spec/actions.md, "The configuration file"), the outbound allow-list
// `allow.hosts`, an RFC 5322 / MIME message built here, and one call that
// sends it: for the engine to e-mail approvers and, later, for the
// sendEmail binding (docs/actions.md, "Mail").
//
//   auto parsed = mail::parse_smtp_config(config);   // the whole --config object
//   if (!parsed.ok()) ... parsed.error ...;          // "smtp.tsl: unknown key"
//   mail::SendResult r = mail::send_mail(parsed.config,
//       {.to = {"approver@soc.example"}, .subject = "Approve?", .text = "..."},
//       std::chrono::seconds(30));
//   if (!r.ok) ... r.error ...;                      // "smtp: connection refused (...)"
//
// Errors are values: nothing here throws out of its functions.  Secrets
// (the password) are read from the environment variable or file the
// configuration names, kept in SmtpConfig::password, and never written into
// an error message.  Everything is thread-safe: send_mail uses its own curl
// handle, and SmtpConfig is plain data that may be copied between threads.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "value/value.h"

namespace riposte::actions::mail {

// How the connection is protected ("tls" in the configuration).
enum class TlsMode : uint8_t {
  None,      // "none": plain SMTP (smtp://)
  StartTls,  // "starttls": smtp://, STARTTLS required (fails if the server does not offer it)
  Tls,       // "tls": implicit TLS from the first byte (smtps://)
};
std::string_view tls_mode_name(TlsMode m);  // "none" "starttls" "tls"

struct SmtpConfig {
  std::string url;       // smtp://host[:port][/ehlo-domain] or smtps://...
  std::string host;      // the URL's host, lower-case, without IPv6 brackets
  std::string from;      // the default sender ("" = every message names its own)
  std::string username;  // "" = no AUTH
  std::string password;  // the secret (passwordEnv / passwordFile); never printed
  TlsMode tls = TlsMode::None;
  std::string ca_file;  // "caFile": CA certificates to verify the server with ("" = the system's)
  std::vector<std::string> allowed_hosts;  // allow.hosts: the outbound allow-list (empty = deny all)
};

struct SmtpConfigResult {
  SmtpConfig config;  // meaningful only when ok()
  std::string error;  // "" or "<json path>: <what is wrong>", e.g. "smtp.tsl: unknown key"
  bool ok() const { return error.empty(); }
};

// Reads `allow` and `smtp` of the whole --config object; the other keys
// belong to other bindings and are not looked at.  Errors name the JSON
// path: unknown keys, a value of the wrong type, a missing "url", a URL that
// is not smtp:// or smtps:// or carries credentials, a "tls" that does not
// fit the URL's scheme, an inline "password", a passwordEnv naming an unset
// or empty variable, an unreadable passwordFile, and a URL host that is not
// in allow.hosts.  An absent "smtp" is the error "smtp: missing".
SmtpConfigResult parse_smtp_config(const Value& config);
// The same from the JSON text of the whole configuration.
SmtpConfigResult parse_smtp_config_json(std::string_view config_json);

// "" when `host` is in `allowed` (case-insensitive; IPv6 with or without
// brackets), else why not: `host "mail.example" is not in allow.hosts`.
std::string check_host_allowed(std::string_view host, const std::vector<std::string>& allowed);

struct Header {
  std::string name;   // a field name: printable ASCII, no ':'; not a reserved one
  std::string value;  // UTF-8, no CR or LF; RFC 2047-encoded when not plain ASCII
};

// A file attached to a message: a base64 part of a multipart/mixed message
// with Content-Disposition: attachment.
struct Attachment {
  std::string filename;      // printable ASCII without quotes, '\\', '/' or CR/LF; at most 100 characters
  std::string content_type;  // "type/subtype" with optional parameters, e.g. "text/csv; charset=utf-8"
  std::string data;          // the bytes, sent exactly (base64)
};

struct Message {
  std::string from = {};                 // a plain address (local@domain); "" = the config's
  std::vector<std::string> to = {};      // plain addresses, at least one
  std::string subject = {};              // UTF-8, no CR or LF
  std::string text = {};                 // the text/plain body (UTF-8; any line ends)
  std::optional<std::string> html = {};  // when set: multipart/alternative with this text/html part
  std::vector<Header> headers = {};      // extra headers, in order
  // When any: multipart/mixed, the body (text or the alternative) first,
  // then each attachment in order.
  std::vector<Attachment> attachments = {};
};

// The header names the builder writes itself or that belong to the
// transport (the sendEmail seed's reserved list, plus Cc and Bcc: the
// recipients are `to` only); an extra header with one of these names is
// refused, case-insensitively.
const std::vector<std::string_view>& reserved_headers();

// What the builder makes of a message: the RFC 5322 text (CRLF line ends,
// not dot-stuffed: curl does that), and the SMTP envelope.
struct BuiltMessage {
  std::string text;
  std::string envelope_from;            // the address of MAIL FROM
  std::vector<std::string> recipients;  // the addresses of RCPT TO
  std::string message_id;               // "<...@domain>", as in the Message-ID header
  std::string error;                    // "" or why the message was refused
  bool ok() const { return error.empty(); }
};

struct BuildOptions {
  // The Date header; the epoch (the default) means now.
  std::chrono::system_clock::time_point date = {};
  // "" = generated: "<32 hex digits@the sender's domain>", boundary "=_riposte_<32 hex>".
  // With attachments and html, the boundary is the multipart/mixed one and
  // the alternative's is the same followed by "_alt".
  std::string message_id = {};
  std::string boundary = {};
};

// Checks and builds the message.  Refused (error set, nothing built): no
// sender or no recipient; an address that is not a plain local@domain, and
// a CR or LF in any address or header value ("header injection"); a subject
// or body that is not valid UTF-8; a malformed or reserved extra header
// name.  Headers: Date, From, To, Subject (encoded words when not plain
// ASCII), Message-ID, MIME-Version, the extra headers, Content-Type
// (text/plain; charset=utf-8, or multipart/alternative with a text/plain
// and a text/html part) and Content-Transfer-Encoding (7bit for plain ASCII
// with short lines, quoted-printable otherwise).  With attachments, the
// message is multipart/mixed: that body, then one base64 part per
// attachment (a bad filename or content type is refused).
BuiltMessage build_message(const Message& message, std::string_view default_from,
                           const BuildOptions& options = {});

// One unstructured header field as build_message writes it, without the
// final CRLF: "Name: value", the value unchanged when it is plain printable
// ASCII (folded at spaces past 78 characters), else RFC 2047 encoded words
// (=?UTF-8?B?...?=, at most 75 characters each, whole characters, folded
// with CRLF SP).  `value` must be valid UTF-8 without CR or LF
// (build_message checks).
std::string encode_header(std::string_view name, std::string_view value);

// Why a send failed, for the caller's policy (a binding maps these to its
// Failure kinds).
enum class SendFailure : uint8_t {
  None,       // sent: the server accepted the message for every recipient
  Refused,    // refused here before connecting: the message or the configuration
  Timeout,    // the deadline passed (connecting or talking)
  Cancelled,  // `cancelled` said so
  Peer,       // the connection or the server failed (refused, TLS, AUTH, 5xx ...)
};
std::string_view send_failure_name(SendFailure f);  // "none" "refused" "timeout" "cancelled" "peer"

struct SendResult {
  bool ok = false;
  std::string error = {};  // "" when ok
  SendFailure failure = SendFailure::None;
  std::string message_id = {};  // the Message-ID sent (also set when the server refused it)
};

struct SendOptions {
  // max() = none given: 5 minutes from the start of the call.
  std::chrono::steady_clock::time_point deadline = std::chrono::steady_clock::time_point::max();
  // Optional; polled while curl works (about once a second).
  std::function<bool()> cancelled = {};
  BuildOptions build = {};
};

// Builds the message (build_message, with the config's `from` as the
// default sender), checks the URL's host against the allow-list, and sends
// it with libcurl by the deadline.  Nothing is sent when the message or the
// host is refused.
SendResult send_mail(const SmtpConfig& config, const Message& message, const SendOptions& options);
// The same with a deadline `timeout` from now.
SendResult send_mail(const SmtpConfig& config, const Message& message, std::chrono::milliseconds timeout);

}  // namespace riposte::actions::mail
