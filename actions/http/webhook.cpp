// The real webhook binding (spec/actions.md, "Parameters of the active
// actions"; docs/actions-http.md, "webhook"): parameters -> one request for
// all results (runOnce) or one per result -> the responses.
#include <arpa/inet.h>
#include <fmt/format.h>

#include <cctype>

#include "actions/http/http_internal.h"
#include "value/json.h"

namespace riposte::actions::http::detail {
namespace {

constexpr size_t kBodyCap = 64 * 1024;     // response bytes kept per request
constexpr size_t kTotalCap = 1024 * 1024;  // response bytes kept per call (the bodies past it are omitted)
constexpr unsigned kMaxRedirects = 5;      // each checked against allow.hosts
constexpr size_t kMaxRequests = 1000;      // per call (one per result)

// Headers the parameters may not set: secrets (authorization is a
// credential of the configuration) and the request's framing.
constexpr std::string_view kReserved[] = {"authorization",
                                          "proxy-authorization",
                                          "host",
                                          "content-length",
                                          "transfer-encoding",
                                          "connection",
                                          "expect",
                                          "te",
                                          "trailer",
                                          "upgrade",
                                          "idempotency-key",
                                          "cookie"};

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = char(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

struct Plan {
  std::string method = "POST";
  std::string url;        // scheme://host[:port]/path?query
  std::string shown_url;  // without the query (for messages)
  std::vector<std::pair<std::string, std::string>> headers;
  bool has_content_type = false;
  std::optional<std::string> body;  // the `body` parameter as text
  bool body_is_json = false;
  std::string basic_user, basic_password, bearer;
  bool verify_tls = true;
  bool run_once = false;
  std::optional<Value> results;  // the `results` parameter
};

std::string bad(std::string_view why) {
  return fmt::format("webhook: {}", why);
}

std::string host_part(std::string_view host, std::string& out) {
  if (host.empty()) return bad("params.host is empty");
  if (host.find(':') != std::string_view::npos) {  // an IPv6 address
    std::string h(host);
    if (h.front() == '[' && h.back() == ']') h = h.substr(1, h.size() - 2);
    in6_addr unused;
    if (inet_pton(AF_INET6, h.c_str(), &unused) != 1)
      return bad(
          fmt::format("params.host \"{}\" is not a host name or an address (no scheme, port, path or "
                      "credentials: they have parameters of their own)",
                      valid_utf8(host)));
    out = "[" + h + "]";
    return "";
  }
  for (char c : host)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '-' && c != '_')
      return bad(
          fmt::format("params.host \"{}\" is not a host name or an address (no scheme, port, path or "
                      "credentials: they have parameters of their own)",
                      valid_utf8(host)));
  out = lower(host);
  return "";
}

std::string string_param(const Value& params, std::string_view name, std::optional<std::string>& out) {
  const Value* v = params.find(name);
  if (!v || v->is_null()) return "";
  if (!v->is_string()) return bad(fmt::format("params.{} must be a string, got {}", name, v->type_name()));
  out = std::string(v->str());
  return "";
}

std::string make_plan(const Call& call, const config::Connections& c, Plan& p) {
  const Value& params = call.params;
  std::optional<std::string> s;
  if (std::string e = string_param(params, "method", s); !e.empty()) return e;
  if (s) {
    p.method = *s;
    if (p.method != "GET" && p.method != "POST" && p.method != "PUT" && p.method != "DELETE")
      return bad(
          fmt::format("params.method must be GET, POST, PUT or DELETE, not \"{}\"", valid_utf8(p.method)));
  }
  std::string scheme = "https";
  s.reset();
  if (std::string e = string_param(params, "protocol", s); !e.empty()) return e;
  if (s) {
    scheme = *s;
    if (scheme != "http" && scheme != "https")
      return bad(fmt::format("params.protocol must be http or https, not \"{}\"", valid_utf8(scheme)));
  }
  s.reset();
  if (std::string e = string_param(params, "host", s); !e.empty()) return e;
  if (!s) return bad("params.host is required");
  std::string host;
  if (std::string e = host_part(*s, host); !e.empty()) return e;
  std::string port;
  if (const Value* v = params.find("port"); v && !v->is_null()) {
    // An integer, or its digits as a string (a `${ }` that made text).
    int64_t n = v->is_int() ? v->as_int() : 0;
    if (v->is_string() && !v->str().empty() && v->str().size() <= 5 &&
        v->str().find_first_not_of("0123456789") == std::string_view::npos)
      n = std::stoll(std::string(v->str()));
    if (n < 1 || n > 65535) return bad("params.port must be an integer from 1 to 65535");
    port = ":" + std::to_string(n);
  }
  s.reset();
  if (std::string e = string_param(params, "path", s); !e.empty()) return e;
  std::string path = s.value_or("/");
  if (path.empty() || path.front() != '/') path = "/" + path;
  // '?' and '#' are data here (the query has its own parameter); '%' is kept
  // so that an already encoded path stays as written.
  path = percent_encode(path, "/:@!$&'()*+,;=%");
  std::string query;
  if (const Value* q = params.find("query"); q && !q->is_null()) {
    if (!q->is_object()) return bad(fmt::format("params.query must be an object, got {}", q->type_name()));
    for (const auto& [k, v] : q->entries()) {
      auto add = [&](const Value& item) {
        std::string text;
        if (!scalar_text(item, text)) text = item.is_null() ? "" : to_json(item);
        query += (query.empty() ? "?" : "&") + percent_encode(k) + "=" + percent_encode(text);
      };
      if (v.is_array()) {
        for (const Value& item : v.items()) add(item);
      } else {
        add(v);
      }
    }
  }
  p.shown_url = scheme + "://" + host + port + path;
  p.url = p.shown_url + query;

  if (const Value* h = params.find("headers"); h && !h->is_null()) {
    if (!h->is_object()) return bad(fmt::format("params.headers must be an object, got {}", h->type_name()));
    for (const auto& [name, v] : h->entries()) {
      std::string value;
      if (!scalar_text(v, value))
        return bad(fmt::format("params.headers.{} must be a string, number or boolean, got {}", name,
                               v.type_name()));
      if (name.find_first_of("\r\n") != std::string::npos ||
          value.find_first_of("\r\n") != std::string::npos || value.find('\0') != std::string::npos)
        return bad(fmt::format(
            "params.headers: header \"{}\" contains a line break (CR or LF); refused (header injection)",
            valid_utf8(name)));
      const std::string n = lower(name);
      for (std::string_view r : kReserved)
        if (n == r)
          return bad(
              n == "authorization" || n == "proxy-authorization" || n == "cookie"
                  ? fmt::format("params.headers: \"{}\" is refused: secrets are never inline; name a "
                                "credential of the configuration in params.authorization",
                                name)
                  : fmt::format("params.headers: \"{}\" is set by the binding, not by parameters", name));
      if (n == "content-type") p.has_content_type = true;
      p.headers.emplace_back(name, value);
    }
  }

  if (const Value* a = params.find("authorization"); a && !a->is_null()) {
    const Value* cred = a->is_object() ? a->find("credential") : nullptr;
    if (!cred || !cred->is_string())
      return bad(
          "params.authorization must be {\"credential\": \"<name>\"} (a name under the configuration's "
          "credentials; secrets are never inline)");
    auto it = c.credentials.find(cred->str());
    if (it == c.credentials.end()) {
      std::string known;
      for (const auto& [name, unused] : c.credentials) known += (known.empty() ? "" : ", ") + name;
      return bad(
          fmt::format("params.authorization.credential \"{}\" is not in the configuration's credentials ({})",
                      valid_utf8(cred->str()), known.empty() ? "none configured" : "known: " + known));
    }
    const config::CredentialConfig& cc = it->second;
    if (cc.type == "bearer") {
      p.bearer = cc.token;
    } else {
      p.basic_user = cc.username;
      p.basic_password = cc.password;
    }
  }

  if (const Value* b = params.find("body"); b && !b->is_null()) {
    if (b->is_string()) {
      p.body = std::string(b->str());
    } else {
      p.body = to_json(*b);
      p.body_is_json = true;
    }
  }
  if (const Value* t = params.find("tls"); t && !t->is_null()) {
    const Value* v = t->is_object() ? t->find("verify") : nullptr;
    if (!t->is_object() || (v && !v->is_bool())) return bad("params.tls must be {\"verify\": true|false}");
    if (v) p.verify_tls = v->truthy();
  }
  if (const Value* r = params.find("runOnce"); r && !r->is_null()) {
    if (!r->is_bool()) return bad(fmt::format("params.runOnce must be a boolean, got {}", r->type_name()));
    p.run_once = r->truthy();
  }
  if (const Value* r = params.find("results"); r && !r->is_null()) {
    if (!p.run_once && !r->is_array())
      return bad(
          fmt::format("params.results must be an array (one request per result), got {}", r->type_name()));
    p.results = *r;
  }
  if (p.results && !p.run_once && p.results->size() > kMaxRequests)
    return bad(fmt::format("params.results has {} results; at most {} requests per call", p.results->size(),
                           kMaxRequests));
  return "";
}

// The body of one request: the `body` parameter, else (POST and PUT) the
// JSON of the results (runOnce) or of the one result.
Request request_for(const Plan& p, const Value* subject, const std::string& key) {
  Request rq;
  rq.method = p.method;
  rq.url = p.url;
  rq.headers = p.headers;
  rq.idempotency_key = key;
  rq.verify_tls = p.verify_tls;
  rq.basic_user = p.basic_user;
  rq.basic_password = p.basic_password;
  rq.bearer_token = p.bearer;
  rq.max_redirects = kMaxRedirects;
  rq.response_cap = kBodyCap;
  bool json = p.body_is_json;
  if (p.body) {
    rq.body = *p.body;
  } else if (subject && (p.method == "POST" || p.method == "PUT")) {
    rq.body = to_json(*subject);
    json = true;
  }
  if (!p.has_content_type && !rq.body.empty())
    rq.headers.emplace_back("Content-Type", json ? "application/json" : "text/plain; charset=utf-8");
  return rq;
}

Value response_value(const Response& r, size_t& kept) {
  Object o;
  o.emplace("status", Value::integer(r.status));
  if (kept + r.body.size() > kTotalCap) {
    o.emplace("bodyOmitted", Value::boolean(true));  // the call's result stays bounded
  } else {
    kept += r.body.size();
    o.emplace("body", body_value(r));
  }
  if (r.truncated) o.emplace("truncated", Value::boolean(true));
  if (r.redirects) o.emplace("url", Value::string(valid_utf8(r.final_url)));
  return Value::object(std::move(o));
}

class WebhookBinding : public Binding {
 public:
  WebhookBinding(const ActionSchema& schema, const BindingContext& context)
      : Binding(schema), context_(context) {}

  Outcome invoke(const Call& call) override {
    auto connections = connections_of(context_, call);
    Plan plan;
    if (std::string why = make_plan(call, *connections, plan); !why.empty())
      return Outcome::error(actions::Failure::BadCall, std::move(why));

    // runOnce, or no results: one request; else one per result, each with
    // its own idempotency key (the call's key and the result's index).
    std::vector<const Value*> subjects;
    if (plan.run_once || !plan.results) {
      subjects.push_back(plan.results ? &*plan.results : nullptr);
    } else {
      for (const Value& r : plan.results->items()) subjects.push_back(&r);
    }
    const bool single = plan.run_once || !plan.results;
    const std::string what = fmt::format("{} {}", plan.method, plan.shown_url);

    Array responses;
    std::vector<size_t> failed;
    size_t kept = 0;
    for (size_t i = 0; i < subjects.size(); ++i) {
      std::string key = call.idempotency_key;
      if (!single && !key.empty()) key += "-" + std::to_string(i);
      const Response r = perform(request_for(plan, subjects[i], key), connections->allowed_hosts,
                                 call.deadline, call.cancel);
      if (r.failure != http::Failure::None) {
        Value partial = Value::object({{"responses", Value::array(std::move(responses))}});
        return failed_request(call.type, single ? what : fmt::format("{} (result {})", what, i), r,
                              std::move(partial));
      }
      if (!r.ok()) failed.push_back(i);
      responses.push_back(response_value(r, kept));
    }

    Object result;
    const size_t n = responses.size();
    if (single) {
      result = responses[0].entries();
    } else {
      result.emplace("responses", Value::array(std::move(responses)));
    }
    result.emplace("requests", Value::integer(int64_t(n)));
    Value out = Value::object(std::move(result));
    if (!failed.empty()) {
      if (single)
        return Outcome::error(
            actions::Failure::Action,
            fmt::format("{}: {} answered {}", call.type, what, out.find("status")->as_int()), out);
      std::string list;
      for (size_t k = 0; k < failed.size() && k < 10; ++k)
        list += (k ? ", " : "") + std::to_string(failed[k]);
      if (failed.size() > 10) list += ", ...";
      return Outcome::error(actions::Failure::Action,
                            fmt::format("{}: {}: {} of {} requests were not answered with 2xx (results {})",
                                        call.type, what, failed.size(), n, list),
                            out);
    }
    if (n == 0) return Outcome::warning(out, fmt::format("{}: no results: nothing sent", call.type));
    return Outcome::success(std::move(out));
  }

 private:
  BindingContext context_;
};

}  // namespace

std::unique_ptr<Binding> make_webhook_binding(const ActionSchema& schema, const BindingContext& context) {
  return std::make_unique<WebhookBinding>(schema, context);
}

}  // namespace riposte::actions::http::detail
