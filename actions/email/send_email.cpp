// The real sendEmail binding: parameters -> planned messages -> send_mail,
// one message at a time (docs/actions-email.md).
#include "actions/email/send_email.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <ctime>
#include <set>

#include "actions/idempotency.h"
#include "actions/mail/mail_internal.h"
#include "actions/mail/results_table.h"
#include "value/json.h"

namespace riposte::actions::email {

using namespace mail;  // the SMTP client this binding drives
namespace {

using mail::detail::quoted;

constexpr std::string_view kType = "sendEmail";
constexpr std::string_view kKnown[] = {"to",    "subject", "body",      "html",  "signature", "serverTime",
                                       "table", "attachCsv", "merge", "runOnce", "headers",   "results"};

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = char(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool has_line_break(std::string_view s) { return s.find_first_of("\r\n") != std::string_view::npos; }

constexpr std::string_view kInjection = "contains a line break (CR or LF); refused (header injection)";

// "" or what is wrong with a header value (line breaks, control characters).
std::string header_value_problem(std::string_view v) {
  if (has_line_break(v)) return std::string(kInjection);
  for (char ch : v) {
    const auto c = static_cast<unsigned char>(ch);
    if ((c < 0x20 && c != '\t') || c == 0x7f) return "contains a control character";
  }
  return "";
}

// params.NAME, or params.headers."odd name" for names that are not plain.
std::string header_path(std::string_view name) {
  bool plain = !name.empty();
  for (char ch : name) {
    const auto c = static_cast<unsigned char>(ch);
    if (!(std::isalnum(c) || ch == '-' || ch == '_')) plain = false;
  }
  return "params.headers." + (plain ? std::string(name) : quoted(name));
}

std::string type_error(std::string_view path, std::string_view expected, const Value& got) {
  return fmt::format("{}: must be {}, got {}", path, expected, got.type_name());
}

std::string text_of(const Value& v) {
  if (v.is_null()) return "";
  if (v.is_string()) return std::string(v.str());
  std::string out;
  write_json(v, out, JsonWriteOptions{.indent = 0});
  return out;
}

std::string parse_to(const Value& v, std::vector<std::string>& out) {
  std::vector<std::pair<std::string, std::string>> items;  // path, address
  if (v.is_string()) {
    const std::string_view s = v.str();
    if (has_line_break(s)) return "params.to: " + std::string(kInjection);
    // "a@x.example, b@y.example": a list separated by ',' or ';'.
    size_t i = 0;
    while (i <= s.size()) {
      size_t j = s.find_first_of(",;", i);
      if (j == std::string_view::npos) j = s.size();
      std::string_view item = s.substr(i, j - i);
      while (!item.empty() && (item.front() == ' ' || item.front() == '\t')) item.remove_prefix(1);
      while (!item.empty() && (item.back() == ' ' || item.back() == '\t')) item.remove_suffix(1);
      if (!item.empty()) items.emplace_back("params.to", std::string(item));
      i = j + 1;
    }
  } else if (v.is_array()) {
    for (size_t i = 0; i < v.size(); i++) {
      const std::string path = fmt::format("params.to[{}]", i);
      const Value& item = v.at(i);
      if (!item.is_string()) return type_error(path, "a string", item);
      items.emplace_back(path, std::string(item.str()));
    }
  } else {
    return type_error("params.to", "a string or an array of strings", v);
  }
  std::set<std::string> seen;
  for (auto& [path, address] : items) {
    if (std::string e = mail::detail::address_problem(address); !e.empty()) {
      return path + " " + quoted(address) + ": " + e;
    }
    if (seen.insert(lower(address)).second) out.push_back(std::move(address));
  }
  if (out.empty()) return "params.to: no recipient";
  if (out.size() > kMaxRecipients) {
    return fmt::format("params.to: {} recipients; at most {} a call", out.size(), kMaxRecipients);
  }
  return "";
}

std::string parse_headers(const Value& v, std::vector<Header>& out) {
  if (!v.is_object()) return type_error("params.headers", "an object (name -> string or array of strings)", v);
  for (const auto& [name, value] : v.entries()) {
    const std::string path = header_path(name);
    if (has_line_break(name)) return path + ": the name " + std::string(kInjection);
    bool name_ok = !name.empty() && name.size() <= 76;
    for (char ch : name) {
      const auto c = static_cast<unsigned char>(ch);
      if (c < 33 || c > 126 || ch == ':') name_ok = false;
    }
    if (!name_ok) return path + ": not a header name (printable ASCII without ':' or spaces, at most 76)";
    for (std::string_view r : reserved_headers()) {
      if (lower(name) == lower(r)) return path + ": a reserved header; it cannot be set";
    }
    if (lower(name) == lower(kIdempotencyHeader)) {
      return path + ": set by riposte (the call's idempotency key); it cannot be set";
    }
    std::vector<std::pair<std::string, std::string>> values;  // path, value
    if (value.is_string()) {
      values.emplace_back(path, std::string(value.str()));
    } else if (value.is_array()) {
      if (value.size() == 0) return path + ": an empty array (give one value or more)";
      for (size_t i = 0; i < value.size(); i++) {
        const std::string item_path = fmt::format("{}[{}]", path, i);
        if (!value.at(i).is_string()) return type_error(item_path, "a string", value.at(i));
        values.emplace_back(item_path, std::string(value.at(i).str()));
      }
    } else {
      return type_error(path, "a string or an array of strings", value);
    }
    for (auto& [item_path, text] : values) {
      if (std::string e = header_value_problem(text); !e.empty()) return item_path + ": " + e;
      out.push_back(Header{name, std::move(text)});
    }
  }
  return "";
}

std::string parse_bool(const Value& params, std::string_view name, bool& out) {
  const Value* v = params.find(name);
  if (!v || v->is_null()) return "";
  if (!v->is_bool()) return type_error("params." + std::string(name), "a boolean", *v);
  out = v->truthy();
  return "";
}

std::string trim_line_ends(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
  return s;
}

std::string join(const std::vector<std::string>& parts, std::string_view sep) {
  std::string out;
  for (size_t i = 0; i < parts.size(); i++) {
    if (i > 0) out += sep;
    out += parts[i];
  }
  return out;
}

bool safe_key(std::string_view key);

// The key as it goes into a header and a Message-ID: as it is when plain,
// else hashed to 32 hex digits.
std::string key_token(std::string_view key) {
  return safe_key(key) ? std::string(key) : idempotency_key(key, "sendEmail", std::nullopt);
}

// Where the extra HTML goes: before the last </body>, else at the end.
size_t html_insert_at(std::string_view html) {
  const std::string l = lower(html);
  const size_t at = l.rfind("</body>");
  return at == std::string::npos ? html.size() : at;
}

// One message holding `sections` (each a list of result indices) of
// `params.results`.
Message compose(const EmailParams& p, const std::vector<std::vector<size_t>>& sections,
                const PlanOptions& options) {
  const std::span<const Value> all = p.results.items();
  auto section_results = [&](const std::vector<size_t>& s) {
    std::vector<Value> out;
    for (size_t i : s) out.push_back(all[i]);
    return out;
  };
  size_t count = 0;
  for (const auto& s : sections) count += s.size();

  // The text: blocks separated by a blank line.
  std::vector<std::string> blocks;
  const std::string body = trim_line_ends(p.html ? html_to_text(p.body) : p.body);
  if (!body.empty()) blocks.push_back(body);
  if (p.table) {
    if (count == 0) blocks.emplace_back("No results.");
    for (size_t j = 0; j < sections.size() && count > 0; j++) {
      const std::vector<Value> rs = section_results(sections[j]);
      std::string block = sections.size() > 1 ? fmt::format("Result {} of {}:\n", j + 1, sections.size()) : "";
      block += text_table(rs);
      if (!trim_line_ends(block).empty()) blocks.push_back(trim_line_ends(block));
    }
  }
  const std::string time = server_time_text(options.now);
  if (p.server_time) blocks.push_back("Server time: " + time);
  const std::string signature = trim_line_ends(p.signature);
  if (!signature.empty()) blocks.push_back("-- \n" + signature);

  Message m;
  m.to = p.to;
  m.subject = p.subject;
  m.text = blocks.empty() ? "" : join(blocks, "\n\n") + "\n";

  if (p.html) {
    std::vector<std::string> extra;
    if (p.table) {
      if (count == 0) extra.emplace_back("<p>No results.</p>\n");
      for (size_t j = 0; j < sections.size() && count > 0; j++) {
        const std::vector<Value> rs = section_results(sections[j]);
        std::string block = sections.size() > 1 ? fmt::format("<h4>Result {} of {}</h4>\n", j + 1, sections.size())
                                                : "";
        block += html_table(rs);
        extra.push_back(std::move(block));
      }
    }
    if (p.server_time) extra.push_back("<p>Server time: " + time + "</p>\n");
    if (!signature.empty()) {
      std::string sig = html_escape(signature);
      std::string with_breaks;
      for (char ch : sig) {
        if (ch == '\r') continue;
        with_breaks += ch == '\n' ? std::string("<br>\n") : std::string(1, ch);
      }
      extra.push_back("<p>-- <br>\n" + with_breaks + "</p>\n");
    }
    std::string html = p.body;
    if (!extra.empty()) {
      const size_t at = html_insert_at(html);
      std::string insert = join(extra, "");
      if (at > 0 && html[at - 1] != '\n') insert = "\n" + insert;
      html.insert(at, insert);
    }
    m.html = std::move(html);
  }

  for (const Header& h : p.headers) m.headers.push_back(h);
  if (!options.idempotency_key.empty()) {
    m.headers.push_back(Header{std::string(kIdempotencyHeader), key_token(options.idempotency_key)});
  }
  if (p.attach_csv && count > 0) {
    std::vector<Value> rs;
    for (const auto& s : sections)
      for (size_t i : s) rs.push_back(all[i]);
    std::string csv = results_csv(rs);
    if (!csv.empty()) m.attachments.push_back({"results.csv", "text/csv; charset=utf-8", std::move(csv)});
  }
  return m;
}

bool safe_key(std::string_view key) {
  if (key.empty() || key.size() > 64) return false;
  for (char ch : key) {
    const auto c = static_cast<unsigned char>(ch);
    if (!(std::isalnum(c) || ch == '.' || ch == '_' || ch == '-')) return false;
  }
  return true;
}

Failure failure_of(SendFailure f) {
  switch (f) {
    case SendFailure::Timeout: return Failure::Timeout;
    case SendFailure::Cancelled: return Failure::Cancelled;
    default: return Failure::Action;
  }
}

Value strings(const std::vector<std::string>& items) {
  Array a;
  for (const std::string& s : items) a.push_back(Value::string(s));
  return Value::array(std::move(a));
}

class SendEmailBinding : public Binding {
 public:
  SendEmailBinding(const ActionSchema& schema, const BindingContext& context, SendEmailOptions options)
      : Binding(schema), config_(context.config), options_(std::move(options)) {}

  Outcome invoke(const Call& call) override {
    EmailParams params;
    if (std::string e = parse_email_params(call.params, params); !e.empty()) {
      return Outcome::error(Failure::BadCall, fmt::format("{}: {}", kType, e));
    }
    const std::shared_ptr<const config::Connections> connections = config_->for_tenants(call.context.tenants);
    if (!connections || !connections->smtp) {
      return Outcome::error(Failure::Action,
                            fmt::format("{}: no \"smtp\" connection in the --config file (docs/actions-email.md)", kType));
    }
    const SmtpConfig& smtp = *connections->smtp;
    const auto now = options_.now ? options_.now() : std::chrono::system_clock::now();
    const std::vector<PlannedEmail> planned =
        plan_emails(params, {.now = now, .idempotency_key = call.idempotency_key, .from = smtp.from});

    // Every message is built before the first is sent: a refusal sends none.
    for (size_t i = 0; i < planned.size(); i++) {
      BuildOptions build{.date = now, .message_id = planned[i].message_id};
      BuiltMessage built = build_message(planned[i].message, smtp.from, build);
      if (!built.ok()) {
        return Outcome::error(Failure::Action, fmt::format("{}: message {} of {}: {}; nothing sent", kType, i + 1,
                                                           planned.size(), built.error));
      }
    }

    std::vector<std::string> sent_ids;
    for (size_t i = 0; i < planned.size(); i++) {
      SendOptions send{.deadline = call.deadline,
                       .cancelled = [&call] { return call.cancel.cancelled(); },
                       .build = {.date = now, .message_id = planned[i].message_id}};
      SendResult r;
      if (call.cancel.cancelled()) {
        r = {.error = "cancelled before sending", .failure = SendFailure::Cancelled, .message_id = planned[i].message_id};
      } else {
        r = send_mail(smtp, planned[i].message, send);
      }
      if (r.ok) {
        sent_ids.push_back(r.message_id);
        continue;
      }
      Object failed;
      failed.emplace("message", Value::integer(int64_t(i + 1)));
      failed.emplace("messageId", Value::string(r.message_id));
      failed.emplace("error", Value::string(r.error));
      Object result;
      result.emplace("sent", Value::integer(int64_t(sent_ids.size())));
      result.emplace("messageIds", strings(sent_ids));
      result.emplace("recipients", strings(params.to));
      result.emplace("unsent", Value::integer(int64_t(planned.size() - sent_ids.size())));
      result.emplace("failed", Value::object(std::move(failed)));
      const std::string what =
          sent_ids.empty() ? std::string("nothing sent")
                           : fmt::format("{} of {} sent before it, {} not sent", sent_ids.size(), planned.size(),
                                         planned.size() - sent_ids.size());
      return Outcome::error(failure_of(r.failure),
                            fmt::format("{}: message {} of {}: {}; {}", kType, i + 1, planned.size(), r.error, what),
                            Value::object(std::move(result)));
    }
    Object result;
    result.emplace("sent", Value::integer(int64_t(sent_ids.size())));
    result.emplace("messageIds", strings(sent_ids));
    result.emplace("recipients", strings(params.to));
    return Outcome::success(Value::object(std::move(result)));
  }

 private:
  std::shared_ptr<const config::ActionConfig> config_;
  SendEmailOptions options_;
};

}  // namespace

size_t EmailParams::message_count() const {
  const size_t n = results.size();
  return n == 0 || run_once || merge ? 1 : n;
}

std::string parse_email_params(const Value& params, EmailParams& out) {
  if (!params.is_object()) return type_error("params", "an object", params);
  for (const auto& [key, value] : params.entries()) {
    if (std::find(std::begin(kKnown), std::end(kKnown), key) == std::end(kKnown)) {
      return fmt::format("params.{}: unknown parameter (sendEmail takes to, subject, body, html, signature, "
                         "serverTime, table, attachCsv, merge, runOnce, headers, results)",
                         key);
    }
  }
  const Value* to = params.find("to");
  if (!to || to->is_null()) return "params.to: required";
  if (std::string e = parse_to(*to, out.to); !e.empty()) return e;

  const Value* subject = params.find("subject");
  if (!subject || subject->is_null()) return "params.subject: required";
  if (!subject->is_string()) return type_error("params.subject", "a string", *subject);
  if (has_line_break(subject->str())) return "params.subject: " + std::string(kInjection);
  if (std::string e = header_value_problem(subject->str()); !e.empty()) return "params.subject: " + e;
  out.subject = std::string(subject->str());

  if (const Value* v = params.find("body")) out.body = text_of(*v);
  if (const Value* v = params.find("signature")) out.signature = text_of(*v);
  for (auto [name, flag] : {std::pair<std::string_view, bool*>{"html", &out.html},
                            {"serverTime", &out.server_time},
                            {"table", &out.table},
                            {"attachCsv", &out.attach_csv},
                            {"merge", &out.merge},
                            {"runOnce", &out.run_once}}) {
    if (std::string e = parse_bool(params, name, *flag); !e.empty()) return e;
  }
  if (const Value* v = params.find("headers"); v && !v->is_null()) {
    if (std::string e = parse_headers(*v, out.headers); !e.empty()) return e;
  }
  if (const Value* v = params.find("results"); v && !v->is_null()) {
    if (!v->is_array()) return type_error("params.results", "an array of objects", *v);
    for (size_t i = 0; i < v->size(); i++) {
      if (!v->at(i).is_object()) return type_error(fmt::format("params.results[{}]", i), "an object", v->at(i));
    }
    out.results = *v;
  }
  if (out.message_count() > kMaxMessages) {
    return fmt::format("params.results: {} results would send {} messages (one per result: runOnce and merge are "
                       "false); at most {} a call",
                       out.results.size(), out.message_count(), kMaxMessages);
  }
  return "";
}

std::vector<PlannedEmail> plan_emails(const EmailParams& params, const PlanOptions& options) {
  const size_t n = params.results.size();
  // The messages, each a list of sections, each a list of result indices.
  std::vector<std::vector<std::vector<size_t>>> messages;
  if (n == 0) {
    messages.push_back({{}});
  } else if (params.run_once) {
    std::vector<size_t> all;
    for (size_t i = 0; i < n; i++) all.push_back(i);
    messages.push_back({all});
  } else if (params.merge) {
    std::vector<std::vector<size_t>> sections;
    for (size_t i = 0; i < n; i++) sections.push_back({i});
    messages.push_back(std::move(sections));
  } else {
    for (size_t i = 0; i < n; i++) messages.push_back({{i}});
  }
  std::vector<PlannedEmail> out;
  for (size_t k = 0; k < messages.size(); k++) {
    PlannedEmail e;
    e.message = compose(params, messages[k], options);
    e.message_id = message_id_for(options.idempotency_key, k + 1, options.from);
    for (const auto& s : messages[k]) e.results.insert(e.results.end(), s.begin(), s.end());
    out.push_back(std::move(e));
  }
  return out;
}

std::string message_id_for(std::string_view key, size_t index, std::string_view from) {
  if (key.empty()) return "";
  const std::string k = key_token(key);
  const size_t at = from.rfind('@');
  std::string domain = at == std::string_view::npos ? "" : std::string(from.substr(at + 1));
  if (domain.empty() || !mail::detail::address_problem("x@" + domain).empty()) domain = "riposte.invalid";
  return fmt::format("<riposte.{}.{}@{}>", k, index, domain);
}

std::string server_time_text(std::chrono::system_clock::time_point t) {
  const std::time_t secs = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                tm.tm_hour, tm.tm_min, tm.tm_sec);
  return buf;
}

namespace {

void append_utf8(uint32_t cp, std::string& out) {
  if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
  if (cp < 0x80) {
    out += char(cp);
  } else if (cp < 0x800) {
    out += char(0xC0 | (cp >> 6));
    out += char(0x80 | (cp & 63));
  } else if (cp < 0x10000) {
    out += char(0xE0 | (cp >> 12));
    out += char(0x80 | ((cp >> 6) & 63));
    out += char(0x80 | (cp & 63));
  } else {
    out += char(0xF0 | (cp >> 18));
    out += char(0x80 | ((cp >> 12) & 63));
    out += char(0x80 | ((cp >> 6) & 63));
    out += char(0x80 | (cp & 63));
  }
}

// A character reference at s[i] ('&'): appended decoded and its length
// returned, or 0 when it is not one.
size_t decode_reference(std::string_view s, size_t i, std::string& out) {
  const size_t semi = s.find(';', i);
  if (semi == std::string_view::npos || semi - i > 10) return 0;
  const std::string name = lower(s.substr(i + 1, semi - i - 1));
  static const std::pair<std::string_view, std::string_view> kNamed[] = {
      {"amp", "&"}, {"lt", "<"}, {"gt", ">"}, {"quot", "\""}, {"apos", "'"}, {"nbsp", " "}};
  for (auto [n, text] : kNamed) {
    if (name == n) {
      out += text;
      return semi - i + 1;
    }
  }
  if (name.size() > 1 && name[0] == '#') {
    const bool hex = name[1] == 'x';
    const std::string digits = name.substr(hex ? 2 : 1);
    if (digits.empty() || digits.size() > 7) return 0;
    for (char c : digits)
      if (!(hex ? std::isxdigit(static_cast<unsigned char>(c)) : std::isdigit(static_cast<unsigned char>(c)))) return 0;
    append_utf8(uint32_t(std::stoul(digits, nullptr, hex ? 16 : 10)), out);
    return semi - i + 1;
  }
  return 0;
}

}  // namespace

std::string html_to_text(std::string_view html) {
  static const std::set<std::string, std::less<>> kBlocks = {"p",  "div", "tr", "li", "h1",    "h2",   "h3",
                                                             "h4", "h5",  "h6", "table", "ul", "ol", "blockquote",
                                                             "pre", "hr", "title"};
  std::string raw;
  for (size_t i = 0; i < html.size();) {
    const char ch = html[i];
    if (ch == '<') {
      if (html.substr(i, 4) == "<!--") {
        const size_t end = html.find("-->", i + 4);
        i = end == std::string_view::npos ? html.size() : end + 3;
        continue;
      }
      const size_t end = html.find('>', i);
      if (end == std::string_view::npos) break;
      std::string_view tag = html.substr(i + 1, end - i - 1);
      const bool closing = !tag.empty() && tag.front() == '/';
      if (closing) tag.remove_prefix(1);
      size_t n = 0;
      while (n < tag.size() && std::isalnum(static_cast<unsigned char>(tag[n]))) n++;
      const std::string name = lower(tag.substr(0, n));
      i = end + 1;
      if (!closing && (name == "script" || name == "style" || name == "head")) {
        const std::string l = lower(html.substr(i));
        const size_t close = l.find("</" + name);
        if (close == std::string::npos) break;
        const size_t gt = html.find('>', i + close);
        i = gt == std::string_view::npos ? html.size() : gt + 1;
        continue;
      }
      if (name == "br") raw += '\n';
      else if (kBlocks.count(name)) raw += "\n";
      else if (closing && (name == "td" || name == "th")) raw += "  ";
      continue;
    }
    if (ch == '&') {
      if (size_t n = decode_reference(html, i, raw)) {
        i += n;
        continue;
      }
    }
    // Source line breaks are white space in HTML.
    raw += (ch == '\r' || ch == '\n' || ch == '\t') ? ' ' : ch;
    i++;
  }
  // Lines without surrounding blanks, at most one blank line in a row.
  std::string out;
  bool blank = false;
  size_t start = 0;
  while (start <= raw.size()) {
    size_t end = raw.find('\n', start);
    if (end == std::string::npos) end = raw.size();
    std::string_view line = std::string_view(raw).substr(start, end - start);
    while (!line.empty() && line.front() == ' ') line.remove_prefix(1);
    while (!line.empty() && line.back() == ' ') line.remove_suffix(1);
    std::string squeezed;
    for (char c : line)
      if (!(c == ' ' && !squeezed.empty() && squeezed.back() == ' ')) squeezed += c;
    if (squeezed.empty()) {
      blank = !out.empty();
    } else {
      if (blank) out += '\n';
      out += squeezed + "\n";
      blank = false;
    }
    start = end + 1;
  }
  return out;
}

std::unique_ptr<Binding> make_send_email_binding(const ActionSchema& schema, const BindingContext& context,
                                                 SendEmailOptions options) {
  return std::make_unique<SendEmailBinding>(schema, context, std::move(options));
}

std::unique_ptr<Binding> make_mail_bindings(const ActionSchema& schema, const BindingContext& context) {
  if (schema.type != "sendEmail") return nullptr;
  return make_send_email_binding(schema, context);
}

}  // namespace riposte::actions::email
