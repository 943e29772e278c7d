// The dispatcher: one request (as the HTTP layer read it) to one Reply,
// without sockets, so that tests can drive it directly.  In order:
//   413 body over the limit; 404 no route's path matches; 405 (with Allow)
//   the path matches but not the method; 401 (WWW-Authenticate: Bearer) a
//   missing or malformed Authorization header, or the engine refusing the
//   token; 400 a query parameter the route does not take, repeated, or not
//   of its type; 415 a body that is not application/json (or JSON Lines
//   where the route takes them); 400 malformed JSON (line and column); then
//   the route's handler.  The intake routes (BodyKind::JsonOrNdjson) pass
//   the body's texts unparsed -- the body, or the lines of a JSON Lines
//   body -- and the engine answers a malformed one the same way (400 with
//   the line and the column; nothing stored).  A store::StoreError thrown through the engine
//   answers 503, any other exception 500, both logged to stderr.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "engine/service.h"
#include "server/metrics.h"
#include "server/routes.h"

namespace riposte::server {

inline constexpr size_t kDefaultMaxBody = size_t(16) << 20;

// What the dispatcher reads of a request.
struct Incoming {
  std::string_view method;  // "GET", "HEAD", ...
  std::string_view path;    // decoded, without the query
  const QueryParams& query;
  std::optional<std::string_view> authorization;  // the Authorization header
  std::string_view content_type;                  // "" when absent
  std::optional<std::string_view> idempotency_key;
  std::string_view body;
  bool body_too_large = false;  // the body was over the limit (and not kept)
  bool body_multipart = false;  // multipart/form-data (read and dropped)
};

class Api {
 public:
  Api(engine::Service& service, size_t max_body = kDefaultMaxBody);

  Reply handle(const Incoming& in);

  // Who a bearer token names: engine::Service::authenticate unless
  // replaced (a seam for tests of the HTTP layer alone).
  using Authenticator = std::function<engine::Outcome<engine::Caller>(std::string_view token)>;
  void set_authenticator(Authenticator authenticate) { authenticate_ = std::move(authenticate); }

  engine::Service& service() const { return service_; }
  const Metrics& metrics() const { return metrics_; }
  Metrics& metrics() { return metrics_; }
  const std::string& openapi() const { return openapi_; }
  size_t max_body() const { return max_body_; }

 private:
  Reply dispatch(const Incoming& in, const Route*& route);

  engine::Service& service_;
  Authenticator authenticate_;
  size_t max_body_;
  Metrics metrics_;
  std::string openapi_;
};

// Hex SHA-256 of `data` (OpenSSL EVP): what Idempotency.request_hash holds.
std::string sha256_hex(std::string_view data);

// What an Idempotency-Key on an idempotent route becomes: the key, the
// method and the request's path (its template with the parameters filled
// in: "POST /api/v1/alerts", "POST /api/v1/playbooks/<id>/launch", so that
// a key reused on another playbook is another request, not a replay) and
// the hex SHA-256 of the body.
engine::Idempotency idempotency_of(const Route& route, std::string_view path, std::string_view key,
                                   std::string_view body);

// "Bearer <token>" -> the token; none for anything else (another scheme, an
// empty token, a token with spaces).
std::optional<std::string_view> bearer_token(std::string_view authorization);

}  // namespace riposte::server
