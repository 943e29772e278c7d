// Shared by the HTTP bindings of actions/http/ (webhook, iocsEnrichment):
// URL encoding, response bodies as values, failures as outcomes.  Internal
// to actions/http/.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "actions/binding.h"
#include "actions/bindings.h"
#include "actions/http/client.h"

namespace riposte::actions::http::detail {

// RFC 3986 percent-encoding: everything but unreserved characters (and
// those of `keep`) becomes %XX.
std::string percent_encode(std::string_view s, std::string_view keep = {});

// `text` as valid UTF-8: invalid bytes become U+FFFD, a character cut at
// the end (a truncated body) is dropped.
std::string valid_utf8(std::string_view text);

// A response body for a result: the parsed JSON when the response says
// JSON (application/json or +json) and it parses whole, else the text.
Value body_value(const Response& r);

// The outcome of a failed request: Timeout, Cancelled, else Action; the
// message is "<type>: <what>: <error>".
Outcome failed_request(std::string_view type, std::string_view what, const Response& r,
                       Value result = Value());

// The effective connections of a call (the tenant overrides applied).
std::shared_ptr<const config::Connections> connections_of(const BindingContext& context, const Call& call);

// Scalars as query or header text: a string as it is, numbers and booleans
// as JSON text; "" and false for other kinds.
bool scalar_text(const Value& v, std::string& out);

std::unique_ptr<Binding> make_webhook_binding(const ActionSchema& schema, const BindingContext& context);
std::unique_ptr<Binding> make_iocs_binding(const ActionSchema& schema, const BindingContext& context);

}  // namespace riposte::actions::http::detail
