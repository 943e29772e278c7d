// One HTTP(S) request over libcurl for every HTTP binding (webhook,
// iocsEnrichment, indexEvents' _bulk, the endpoint connector): the
// allow-list checked after name resolution and on every redirect, TLS
// verification on unless the caller turns it off, the call's deadline and
// cancellation, the idempotency key as the `Idempotency-Key` header, and a
// bounded response body (docs/actions.md, "HTTP").
//
//   http::Response r = http::perform({.method = "POST", .url = url, .body = body,
//                                     .idempotency_key = call.idempotency_key},
//                                    connections->allowed_hosts, call.deadline, call.cancel);
//   if (r.failure != http::Failure::None) ... r.error ...;   // nothing or part was sent
//   r.status, r.body ...
//
// Errors are values; nothing throws.  Thread-safe (a curl handle per call).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "actions/cancel.h"

namespace riposte::actions::http {

enum class Failure : uint8_t {
  None,       // a response arrived (whatever its status)
  Refused,    // refused here before connecting: host not allowed, bad URL, header injection
  Timeout,    // the deadline passed
  Cancelled,  // the cancel token fired
  Peer,       // connection refused, TLS / certificate error, reset, a redirect to a host not allowed
};

struct Request {
  std::string method = "GET";  // GET POST PUT DELETE (PATCH, HEAD)
  std::string url = {};        // http:// or https:// only
  std::vector<std::pair<std::string, std::string>> headers = {};  // no CR/LF in names or values
  std::string body = {};
  std::string idempotency_key = {};  // "" = no Idempotency-Key header
  bool verify_tls = true;
  std::string ca_file = {};  // "" = the system's CA certificates
  std::string basic_user = {}, basic_password = {};  // basic authentication when user is set
  std::string bearer_token = {};                     // "Authorization: Bearer ..." when set
  unsigned max_redirects = 0;  // followed one by one, each checked against the allow-list
  size_t response_cap = size_t(1) << 20;  // bytes of the body kept; the rest is dropped (truncated)
};

struct Response {
  Failure failure = Failure::None;
  std::string error = {};  // "" when a response arrived
  long status = 0;         // HTTP status code
  std::vector<std::pair<std::string, std::string>> headers = {};  // names lower-case
  std::string body = {};
  bool truncated = false;
  std::string final_url = {};  // after redirects
  std::string remote_address = {};  // the IP address the last hop connected to
  unsigned redirects = 0;           // redirects followed
  bool ok() const { return failure == Failure::None && status >= 200 && status < 300; }
};

std::string_view failure_name(Failure f);  // "none" "refused" "timeout" "cancelled" "peer"

// The allow-list rule (docs/actions-http.md): a destination passes when its
// host name is listed or the address actually connected to is listed; an
// IP literal not listed is refused before anything is sent, a name not
// listed is resolved and each address checked before its socket opens.
Response perform(const Request& request, const std::vector<std::string>& allowed_hosts, Clock::time_point deadline,
                 const CancelToken& cancel);

}  // namespace riposte::actions::http
