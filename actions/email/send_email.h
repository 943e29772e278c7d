// The real sendEmail binding (spec/actions.md, "Parameters of the active
// actions"; docs/actions-email.md): the call's parameters checked, the
// message(s) composed from the body, the results (a table, a CSV
// attachment), the server time and the signature, and sent one by one
// through mail::send_mail with the call's deadline and cancellation.
//
// The steps are separate so the tests can check each: parse_email_params
// (every refusal, before anything is composed or sent), plan_emails (what
// each message holds, without a network), then the binding.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "actions/binding.h"
#include "actions/bindings.h"
#include "actions/mail/smtp.h"
#include "value/value.h"

namespace riposte::actions::email {

// Limits of one call (a BadCall beyond them).
inline constexpr size_t kMaxMessages = 100;    // messages one call may send
inline constexpr size_t kMaxRecipients = 100;  // addresses in `to`

// The header that carries the call's idempotency key (not a reserved
// header, but one the parameters may not set).
inline constexpr std::string_view kIdempotencyHeader = "X-Riposte-Idempotency-Key";

// The parameters of one call, checked.
struct EmailParams {
  std::vector<std::string> to;  // plain addresses, duplicates dropped (case-insensitively), in order
  std::string subject;
  std::string body;       // "" when absent; non-string JSON as its compact text
  bool html = false;      // body is HTML markup
  std::string signature;  // plain text, "" when absent
  bool server_time = false;
  bool table = false;
  bool attach_csv = false;
  bool merge = false;
  bool run_once = false;
  std::vector<mail::Header> headers;  // each value of each name, names in sorted order
  Value results = Value::array();  // an array of objects

  // How many messages these parameters send (see plan_emails).
  size_t message_count() const;
};

// "" and `out` set, or the first problem, naming the parameter:
// "params.headers.Reply-To: a reserved header; it cannot be set".
std::string parse_email_params(const Value& params, EmailParams& out);

struct PlanOptions {
  std::chrono::system_clock::time_point now = {};  // the server time shown, and the Date header
  // "" = none: generated Message-IDs, no header.  Written as message_id_for
  // does (as it is when plain, else hashed).
  std::string idempotency_key = {};
  std::string from = {};             // the sender (smtp.from): the Message-IDs' domain
};

struct PlannedEmail {
  mail::Message message;
  std::string message_id;       // "<...>", or "" (generated when built)
  std::vector<size_t> results;  // which results (indices into params.results) it holds
};

// The messages of a call, in sending order (docs/actions-email.md, "runOnce
// and merge"):
// - no results: one message, without table rows or attachment;
// - runOnce: one message holding all the results in one table and one CSV;
// - merge (without runOnce): one message with one section per result (a
//   table each, headed "Result i of N") and one CSV of all the results;
// - neither: one message per result, each with that result's table and CSV.
std::vector<PlannedEmail> plan_emails(const EmailParams& params, const PlanOptions& options);

// "<riposte.KEY.I@DOMAIN>" for message I (1-based) of a call with
// idempotency key KEY (the key as it is when it is made of [A-Za-z0-9._-]
// and at most 64 characters, else 32 hex digits hashed from it), DOMAIN
// the sender's; "" when the key is "".
std::string message_id_for(std::string_view idempotency_key, size_t index, std::string_view from);

// "2026-12-04T23:00:00Z"
std::string server_time_text(std::chrono::system_clock::time_point t);

// A readable plain-text version of an HTML body (the text/plain alternative
// of an HTML message): tags dropped (script, style and head with their
// content), line breaks for <br> and the ends of blocks, the common
// character references decoded, runs of blank lines collapsed.
std::string html_to_text(std::string_view html);

struct SendEmailOptions {
  // The server time; null = the system clock.
  std::function<std::chrono::system_clock::time_point()> now = {};
};

std::unique_ptr<Binding> make_send_email_binding(const ActionSchema& schema, const BindingContext& context,
                                                 SendEmailOptions options = {});

}  // namespace riposte::actions::email
