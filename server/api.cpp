#include "server/api.h"

#include <openssl/evp.h>

#include <chrono>
#include <cstdio>
#include <exception>

#include "server/openapi.h"
#include "server/query.h"
#include "server/reply.h"
#include "store/store.h"
#include "support/diagnostics.h"
#include "value/json.h"

namespace riposte::server {
namespace {

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = char(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = char(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// The media type of a Content-Type header, without its parameters.
std::string_view media_type(std::string_view content_type) {
  return trim(content_type.substr(0, content_type.find(';')));
}

Reply unauthorized(std::string detail) {
  Reply r = problem_reply(engine::Problem{401, "Unauthorized", std::move(detail), {}});
  r.headers.emplace_back("WWW-Authenticate", "Bearer");
  return r;
}

// A 400 for malformed JSON, with the position as a json-syntax diagnostic.
Reply malformed(std::string detail, const JsonError& err, uint32_t line) {
  return problem_reply(engine::malformed_json(std::move(detail), line, err.column, err.message));
}

std::string allow_header(const std::vector<Method>& methods) {
  std::string out;
  for (Method m : methods) out += (out.empty() ? "" : ", ") + std::string(method_name(m));
  return out;
}

// Splits a JSON Lines body into its lines (views of the body; the engine
// parses them, skipping blank ones but counting them).
void split_lines(std::string_view body, std::vector<std::string_view>& out) {
  while (!body.empty()) {
    size_t nl = body.find('\n');
    out.push_back(body.substr(0, nl));
    body.remove_prefix(nl == std::string_view::npos ? body.size() : nl + 1);
  }
}

}  // namespace

std::string sha256_hex(std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  if (EVP_Digest(data.data(), data.size(), digest, &size, EVP_sha256(), nullptr) != 1)
    throw std::runtime_error("SHA-256 failed");
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(size * 2);
  for (unsigned int i = 0; i < size; ++i) {
    out += kHex[digest[i] >> 4];
    out += kHex[digest[i] & 15];
  }
  return out;
}

engine::Idempotency idempotency_of(const Route& route, std::string_view path, std::string_view key,
                                   std::string_view body) {
  return engine::Idempotency{
      std::string(key), std::string(method_name(route.method)) + " " + std::string(path), sha256_hex(body)};
}

std::optional<std::string_view> bearer_token(std::string_view authorization) {
  authorization = trim(authorization);
  size_t space = authorization.find(' ');
  if (space == std::string_view::npos || !iequals(authorization.substr(0, space), "Bearer"))
    return std::nullopt;
  std::string_view token = trim(authorization.substr(space + 1));
  if (token.empty() || token.find_first_of(" \t") != std::string_view::npos) return std::nullopt;
  return token;
}

Api::Api(engine::Service& service, size_t max_body)
    : service_(service),
      authenticate_([&service](std::string_view token) { return service.authenticate(token); }),
      max_body_(max_body),
      metrics_(routes()),
      openapi_(openapi_json(routes())) {}

Reply Api::handle(const Incoming& in) {
  auto start = std::chrono::steady_clock::now();
  const Route* route = nullptr;
  Reply reply;
  try {
    reply = dispatch(in, route);
  } catch (const store::StoreError& e) {
    std::fprintf(stderr, "riposte serve: store error on %.*s %.*s: %s\n", int(in.method.size()),
                 in.method.data(), int(in.path.size()), in.path.data(), e.what());
    reply = problem_reply(engine::Problem{503, "Store unavailable", "the store failed; try again later", {}});
  } catch (const std::exception& e) {
    std::fprintf(stderr, "riposte serve: internal error on %.*s %.*s: %s\n", int(in.method.size()),
                 in.method.data(), int(in.path.size()), in.path.data(), e.what());
    reply = problem_reply(500, "an internal error; it was logged");
  } catch (...) {
    std::fprintf(stderr, "riposte serve: internal error on %.*s %.*s\n", int(in.method.size()),
                 in.method.data(), int(in.path.size()), in.path.data());
    reply = problem_reply(500, "an internal error; it was logged");
  }
  std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
  metrics_.record(route, reply.status, took.count());
  return reply;
}

Reply Api::dispatch(const Incoming& in, const Route*& route) {
  if (in.body_too_large)
    return problem_reply(413, fmt::format("the request body is over the limit of {} bytes", max_body_));
  Match m = match_route(routes(), in.method, in.path);
  if (!m.route) {
    if (m.allowed.empty()) return problem_reply(404, fmt::format("no route {}", in.path));
    Reply r = problem_reply(405, fmt::format("{} does not answer {}; it answers {}", in.path, in.method,
                                             allow_header(m.allowed)));
    r.headers.emplace_back("Allow", allow_header(m.allowed));
    return r;
  }
  route = m.route;
  const Route& rt = *m.route;

  Call call{service_, *this, in.query, {}, std::move(m.params), Value(), {}, false, std::nullopt};
  if (rt.auth) {
    if (!in.authorization) return unauthorized("an Authorization: Bearer <token> header is required");
    std::optional<std::string_view> token = bearer_token(*in.authorization);
    if (!token) return unauthorized("the Authorization header must be Bearer <token>");
    engine::Outcome<engine::Caller> caller = authenticate_(*token);
    if (!caller.ok()) {
      Reply r = problem_reply(caller.problem());
      if (r.status == 401) r.headers.emplace_back("WWW-Authenticate", "Bearer error=\"invalid_token\"");
      return r;
    }
    call.caller = std::move(caller.value());
  }

  if (std::optional<engine::Problem> p = check_query(rt, in.query)) return problem_reply(*p);

  if (rt.body != BodyKind::None) {
    std::string_view type = media_type(in.content_type);
    bool ndjson = rt.body == BodyKind::JsonOrNdjson && iequals(type, "application/x-ndjson");
    if (in.body_multipart || (!ndjson && !type.empty() && !iequals(type, "application/json"))) {
      return problem_reply(
          415, std::string("the body must be application/json") +
                   (rt.body == BodyKind::JsonOrNdjson ? " or application/x-ndjson (JSON Lines)" : "") +
                   (type.empty() ? "" : fmt::format(", not {}", type)));
    }
    if (ndjson) {
      split_lines(in.body, call.texts);
      call.batch = true;
    } else {
      if (in.body.find_first_not_of(" \t\r\n") == std::string_view::npos)
        return problem_reply(400, "a JSON body is required");
      JsonError err;
      if (rt.body == BodyKind::JsonOrNdjson) {
        call.texts.push_back(in.body);  // parsed by the engine
      } else if (!parse_json(in.body, call.body, err)) {
        return malformed(
            fmt::format("malformed JSON at line {}, column {}: {}", err.line, err.column, err.message), err,
            err.line);
      }
    }
    if (rt.idempotent && in.idempotency_key) {
      std::string_view key = trim(*in.idempotency_key);
      if (key.empty()) return problem_reply(400, "the Idempotency-Key header is empty");
      call.idempotency = idempotency_of(rt, in.path, key, in.body);
    }
  }
  return rt.handler(call);
}

}  // namespace riposte::server
