// The real iocsEnrichment binding (docs/actions-http.md, "iocsEnrichment"):
// each observable, its kind found by its form, asked of the configured
// threat-intelligence peer (`tip`) as
//   GET {tip.url}/api/v1/search/{domain|url|ip|hash}?request={value}
// with the key as the `x-api-key` header; the JSON answers, arrays cut to
// their first 100 elements unless fullEnrichment.
#include <arpa/inet.h>
#include <fmt/format.h>

#include <cctype>

#include "actions/http/http_internal.h"
#include "value/json.h"

namespace riposte::actions::http::detail {
namespace {

constexpr size_t kMaxObservables = 1000;
constexpr size_t kTop = 100;                    // records kept per array without fullEnrichment
constexpr size_t kAnswerCap = size_t(4) << 20;  // bytes of one answer
constexpr size_t kTotalCap = size_t(16) << 20;  // bytes of the answers kept per call
constexpr size_t kMaxValue = 8192;              // bytes of one observable

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = char(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool all_hex(std::string_view s) {
  for (char c : s)
    if (!std::isxdigit(static_cast<unsigned char>(c))) return false;
  return true;
}

bool is_ip(std::string_view s) {
  std::string t(s);
  unsigned char buf[16];
  return inet_pton(AF_INET, t.c_str(), buf) == 1 || inet_pton(AF_INET6, t.c_str(), buf) == 1;
}

bool is_domain(std::string_view s) {
  if (!s.empty() && s.back() == '.') s.remove_suffix(1);
  if (s.empty() || s.size() > 253 || s.find('.') == std::string_view::npos) return false;
  size_t start = 0;
  std::string_view last;
  while (start <= s.size()) {
    size_t dot = s.find('.', start);
    if (dot == std::string_view::npos) dot = s.size();
    std::string_view label = s.substr(start, dot - start);
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') return false;
    for (char c : label)
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') return false;
    last = label;
    start = dot + 1;
  }
  for (char c : last)
    if (!std::isdigit(static_cast<unsigned char>(c))) return true;
  return false;  // all digits: an address-like text, not a name
}

bool is_url(std::string_view s) {
  const std::string l = lower(s.substr(0, 8));
  if (!l.starts_with("http://") && !l.starts_with("https://")) return false;
  for (char c : s)
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f) return false;
  return s.size() > (l.starts_with("https") ? 8u : 7u);
}

struct Observable {
  std::string value;
  std::string type;  // domain url ip md5 sha256
  std::string kind;  // the path segment: domain url ip hash
};

// The type of `value` by its form, or "".
std::string detect(std::string_view value) {
  if (value.size() == 32 && all_hex(value)) return "md5";
  if (value.size() == 64 && all_hex(value)) return "sha256";
  if (is_ip(value)) return "ip";
  if (is_url(value)) return "url";
  if (is_domain(value)) return "domain";
  return "";
}

std::string kind_of(const std::string& type) {
  return type == "md5" || type == "sha256" ? "hash" : type;
}

std::string read_observables(const Value& params, std::vector<Observable>& out) {
  const Value* list = params.find("observables");
  if (!list) return "iocsEnrichment: params.observables is required";
  if (!list->is_array())
    return fmt::format("iocsEnrichment: params.observables must be an array, got {}", list->type_name());
  if (list->size() > kMaxObservables)
    return fmt::format("iocsEnrichment: params.observables has {} items; at most {}", list->size(),
                       kMaxObservables);
  size_t i = 0;
  for (const Value& item : list->items()) {
    const std::string where = fmt::format("iocsEnrichment: params.observables[{}]", i++);
    Observable o;
    std::string declared;
    if (item.is_string()) {
      o.value = std::string(item.str());
    } else if (item.is_object()) {
      const Value* v = item.find("value");
      const Value* t = item.find("type");
      if (!v || !v->is_string()) return where + ".value: a string is required";
      if (t && !t->is_null() && !t->is_string()) return where + ".type: must be a string";
      for (const auto& [k, unused] : item.entries())
        if (k != "value" && k != "type") return where + "." + k + ": unknown key (type, value)";
      o.value = std::string(v->str());
      if (t && t->is_string()) declared = lower(t->str());
    } else {
      return fmt::format("{}: a string or {{\"type\", \"value\"}}, got {}", where, item.type_name());
    }
    while (!o.value.empty() && std::isspace(static_cast<unsigned char>(o.value.back()))) o.value.pop_back();
    while (!o.value.empty() && std::isspace(static_cast<unsigned char>(o.value.front()))) o.value.erase(0, 1);
    if (o.value.empty()) return where + ": empty";
    if (o.value.size() > kMaxValue) return fmt::format("{}: longer than {} bytes", where, kMaxValue);
    const std::string found = detect(o.value);
    if (found.empty())
      return fmt::format("{}: \"{}\" is not a domain, URL, IP address, MD5 or SHA256; refused before sending",
                         where, valid_utf8(o.value.substr(0, 200)));
    if (!declared.empty()) {
      if (declared == "ipv4" || declared == "ipv6") declared = "ip";
      if (declared == "hash") declared = found == "md5" || found == "sha256" ? found : "hash";
      static constexpr std::string_view kTypes[] = {"domain", "url", "ip", "md5", "sha256", "hash"};
      bool known = false;
      for (std::string_view k : kTypes) known = known || declared == k;
      if (!known)
        return fmt::format("{}.type: \"{}\" is not one of domain, url, ip, md5, sha256, hash", where,
                           valid_utf8(declared));
      if (declared != found)
        return fmt::format("{}: \"{}\" is not of type {} (it looks like {})", where,
                           valid_utf8(o.value.substr(0, 200)), declared, found);
    }
    o.type = found;
    if (o.type == "md5" || o.type == "sha256") o.value = lower(o.value);
    o.kind = kind_of(o.type);
    out.push_back(std::move(o));
  }
  return "";
}

// Every array of `v` cut to its first kTop elements; the JSON paths of the
// arrays cut go to `cut`.
Value keep_top(const Value& v, const std::string& path, Array& cut) {
  if (v.is_array()) {
    Array items;
    size_t i = 0;
    for (const Value& item : v.items()) {
      if (i == kTop) break;
      items.push_back(keep_top(item, path + "[" + std::to_string(i) + "]", cut));
      ++i;
    }
    if (v.size() > kTop)
      cut.push_back(Value::object({{"path", Value::string(path.empty() ? "." : path)},
                                   {"total", Value::integer(int64_t(v.size()))}}));
    return Value::array(std::move(items));
  }
  if (v.is_object()) {
    Object o;
    for (const auto& [k, item] : v.entries()) o.emplace(k, keep_top(item, path + "." + k, cut));
    return Value::object(std::move(o));
  }
  return v;
}

class IocsBinding : public Binding {
 public:
  IocsBinding(const ActionSchema& schema, const BindingContext& context)
      : Binding(schema), context_(context) {}

  Outcome invoke(const Call& call) override {
    std::vector<Observable> observables;
    if (std::string why = read_observables(call.params, observables); !why.empty())
      return Outcome::error(actions::Failure::BadCall, std::move(why));
    std::string source = "OpenTIP";
    if (const Value* s = call.params.find("source"); s && !s->is_null()) {
      if (!s->is_string() || (s->str() != "OpenTIP" && s->str() != "TIP"))
        return Outcome::error(actions::Failure::BadCall,
                              "iocsEnrichment: params.source must be \"OpenTIP\" or \"TIP\"");
      source = std::string(s->str());
    }
    bool full = false;
    if (const Value* f = call.params.find("fullEnrichment"); f && !f->is_null()) {
      if (!f->is_bool())
        return Outcome::error(actions::Failure::BadCall,
                              "iocsEnrichment: params.fullEnrichment must be a boolean");
      full = f->truthy();
    }
    auto connections = connections_of(context_, call);
    if (!connections->tip)
      return Outcome::error(actions::Failure::Action,
                            "iocsEnrichment: no \"tip\" in the configuration (--config): no "
                            "threat-intelligence service to ask");
    const config::HttpPeerConfig& tip = *connections->tip;
    std::string base = tip.url;
    while (!base.empty() && base.back() == '/') base.pop_back();

    Array answers;
    size_t found = 0, not_found = 0, errors = 0, kept = 0;
    for (size_t i = 0; i < observables.size(); ++i) {
      const Observable& o = observables[i];
      Request rq;
      rq.method = "GET";
      rq.url = fmt::format("{}/api/v1/search/{}?request={}&source={}", base, o.kind, percent_encode(o.value),
                           source);
      if (!tip.token.empty()) rq.headers.emplace_back("x-api-key", tip.token);
      rq.headers.emplace_back("Accept", "application/json");
      if (!call.idempotency_key.empty()) rq.idempotency_key = call.idempotency_key + "-" + std::to_string(i);
      rq.ca_file = tip.ca_file;
      rq.response_cap = kAnswerCap;
      const Response r = perform(rq, connections->allowed_hosts, call.deadline, call.cancel);
      if (r.failure != http::Failure::None) {
        Value partial = Value::object({{"results", Value::array(std::move(answers))}});
        return failed_request(call.type, fmt::format("{} {} \"{}\"", source, o.kind, o.value), r,
                              std::move(partial));
      }
      Object entry;
      entry.emplace("observable", Value::string(o.value));
      entry.emplace("type", Value::string(o.type));
      entry.emplace("status", Value::integer(r.status));
      if (r.status == 404) {
        entry.emplace("found", Value::boolean(false));
        ++not_found;
      } else if (!r.ok()) {
        entry.emplace("error", Value::string(fmt::format("answered {}", r.status)));
        entry.emplace("body", Value::string(valid_utf8(r.body.substr(0, 4096))));
        ++errors;
      } else {
        Value answer;
        JsonError err;
        if (r.truncated) {
          entry.emplace("error",
                        Value::string(fmt::format("the answer is larger than {} bytes", kAnswerCap)));
          ++errors;
        } else if (!parse_json(r.body, answer, err)) {
          entry.emplace("error", Value::string("the answer is not JSON: " + err.message));
          ++errors;
        } else {
          entry.emplace("found", Value::boolean(true));
          if (!full) {
            Array cut;
            answer = keep_top(answer, "", cut);
            if (!cut.empty()) entry.emplace("cut", Value::array(std::move(cut)));
          }
          ++found;
          if (kept + r.body.size() > kTotalCap) {
            entry.emplace("answerOmitted", Value::boolean(true));  // the call's result stays bounded
          } else {
            kept += r.body.size();
            entry.emplace("answer", std::move(answer));
          }
        }
      }
      answers.push_back(Value::object(std::move(entry)));
    }
    Value out = Value::object({{"source", Value::string(source)},
                               {"fullEnrichment", Value::boolean(full)},
                               {"found", Value::integer(int64_t(found))},
                               {"notFound", Value::integer(int64_t(not_found))},
                               {"errors", Value::integer(int64_t(errors))},
                               {"results", Value::array(std::move(answers))}});
    if (errors == 0) return Outcome::success(std::move(out));
    const std::string msg =
        fmt::format("iocsEnrichment: {} of {} observables could not be enriched", errors, observables.size());
    if (errors == observables.size()) return Outcome::error(actions::Failure::Action, msg, std::move(out));
    return Outcome::warning(std::move(out), msg);
  }

 private:
  BindingContext context_;
};

}  // namespace

std::unique_ptr<Binding> make_iocs_binding(const ActionSchema& schema, const BindingContext& context) {
  return std::make_unique<IocsBinding>(schema, context);
}

}  // namespace riposte::actions::http::detail
