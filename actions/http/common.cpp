// What the HTTP bindings share (actions/http/http_internal.h) and the
// group's factory, make_http_bindings (actions/bindings.h).
#include <fmt/format.h>

#include <cctype>

#include "actions/http/http_internal.h"
#include "value/json.h"

namespace riposte::actions::http {

std::unique_ptr<Binding> make_http_bindings(const ActionSchema& schema, const BindingContext& context) {
  if (schema.type == "webhook") return detail::make_webhook_binding(schema, context);
  if (schema.type == "iocsEnrichment") return detail::make_iocs_binding(schema, context);
  return nullptr;
}

namespace detail {

std::string percent_encode(std::string_view s, std::string_view keep) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size());
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~' ||
        keep.find(char(c)) != std::string_view::npos) {
      out += char(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::string valid_utf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    bool ok = n > 0 && (n == 1 || c >= 0xC2) && c <= 0xF4;
    if (ok && i + n > text.size()) break;  // a character cut at the end
    for (size_t k = 1; ok && k < n; ++k) ok = (static_cast<unsigned char>(text[i + k]) >> 6) == 2;
    if (ok && n == 3) {
      const auto d = static_cast<unsigned char>(text[i + 1]);
      ok = !(c == 0xE0 && d < 0xA0) && !(c == 0xED && d >= 0xA0);  // overlong, surrogates
    }
    if (ok && n == 4) {
      const auto d = static_cast<unsigned char>(text[i + 1]);
      ok = !(c == 0xF0 && d < 0x90) && !(c == 0xF4 && d >= 0x90);
    }
    if (!ok) {
      out += "\xEF\xBF\xBD";
      ++i;
      continue;
    }
    out.append(text.substr(i, n));
    i += n;
  }
  return out;
}

Value body_value(const Response& r) {
  std::string type;
  for (const auto& [n, v] : r.headers)
    if (n == "content-type") type = v;
  for (char& c : type) c = char(std::tolower(static_cast<unsigned char>(c)));
  const std::string_view media = std::string_view(type).substr(0, type.find(';'));
  const bool json = media == "application/json" || media.ends_with("+json");
  if (json && !r.truncated) {
    Value v;
    JsonError err;
    if (parse_json(r.body, v, err)) return v;
  }
  return Value::string(valid_utf8(r.body));
}

Outcome failed_request(std::string_view type, std::string_view what, const Response& r, Value result) {
  actions::Failure f = actions::Failure::Action;  // http::Failure is the client's
  if (r.failure == http::Failure::Timeout) f = actions::Failure::Timeout;
  if (r.failure == http::Failure::Cancelled) f = actions::Failure::Cancelled;
  return Outcome::error(f, fmt::format("{}: {}: {}", type, what, r.error), std::move(result));
}

std::shared_ptr<const config::Connections> connections_of(const BindingContext& context, const Call& call) {
  if (!context.config) return std::make_shared<config::Connections>();
  return context.config->for_tenants(call.context.tenants);
}

bool scalar_text(const Value& v, std::string& out) {
  if (v.is_string()) {
    out = std::string(v.str());
    return true;
  }
  if (v.is_number() || v.is_bool()) {
    out = to_json(v);
    return true;
  }
  return false;
}

}  // namespace detail
}  // namespace riposte::actions::http
