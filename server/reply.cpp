#include "server/reply.h"

#include "support/diagnostic_render.h"
#include "value/json.h"

namespace riposte::server {

std::string_view reason_phrase(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 201:
      return "Created";
    case 204:
      return "No Content";
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 408:
      return "Request Timeout";
    case 409:
      return "Conflict";
    case 411:
      return "Length Required";
    case 413:
      return "Payload Too Large";
    case 414:
      return "URI Too Long";
    case 415:
      return "Unsupported Media Type";
    case 422:
      return "Unprocessable Content";
    case 429:
      return "Too Many Requests";
    case 500:
      return "Internal Server Error";
    case 501:
      return "Not Implemented";
    case 503:
      return "Service Unavailable";
    default:
      return "Error";
  }
}

Reply json_reply(int status, const Value& body) {
  Reply r;
  r.status = status;
  r.body = to_json(body);
  return r;
}

Reply problem_reply(const engine::Problem& problem) {
  support::Problem p;
  p.status = problem.status;
  p.title = problem.title.empty() ? std::string(reason_phrase(problem.status)) : problem.title;
  p.detail = problem.detail;
  Reply r;
  r.status = problem.status;
  r.body = support::render_problem_json(p, problem.errors);
  r.content_type = "application/problem+json";
  return r;
}

Reply problem_reply(int status, std::string detail) {
  return problem_reply(engine::Problem{status, std::string(reason_phrase(status)), std::move(detail), {}});
}

Value listing_json(const engine::Listing& listing) {
  Value out = Value::object();
  out.set("items", Value::array(Array(listing.items.begin(), listing.items.end())));
  out.set("next", listing.next.empty() ? Value::null() : Value::string(listing.next));
  return out;
}

Reply value_reply(const engine::Outcome<Value>& outcome, int status) {
  if (!outcome.ok()) return problem_reply(outcome.problem());
  return json_reply(status, outcome.value());
}

Reply created_reply(const engine::Outcome<engine::Created>& outcome) {
  if (!outcome.ok()) return problem_reply(outcome.problem());
  const engine::Created& c = outcome.value();
  Reply r = json_reply(c.status, c.body);
  if (c.replayed) r.headers.emplace_back("Idempotent-Replayed", "true");
  return r;
}

Reply listing_reply(const engine::Outcome<engine::Listing>& outcome) {
  if (!outcome.ok()) return problem_reply(outcome.problem());
  return json_reply(200, listing_json(outcome.value()));
}

}  // namespace riposte::server
