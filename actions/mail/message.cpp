// The RFC 5322 / MIME message: checks against header injection, RFC 2047
// encoded words, quoted-printable bodies, multipart/alternative.
#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <optional>
#include <random>
#include <thread>

#include "actions/mail/mail_internal.h"
#include "actions/mail/smtp.h"
#include "support/utf8.h"

namespace riposte::actions::mail {
namespace detail {

std::string address_problem(std::string_view a) {
  if (a.empty()) return "empty address";
  if (a.find_first_of("\r\n") != std::string_view::npos) {
    return "contains a line break (CR or LF); refused (header injection)";
  }
  for (char ch : a) {
    const auto c = static_cast<unsigned char>(ch);
    if (c < 0x21 || c > 0x7e) {
      return "not a plain address local@domain (white space, control or non-ASCII characters)";
    }
    if (std::strchr("<>()[],;:\"\\", ch) != nullptr) {
      return "not a plain address local@domain (no display name, brackets, quotes or lists)";
    }
  }
  const size_t at = a.find('@');
  if (at == std::string_view::npos || at == 0 || at + 1 == a.size() ||
      a.find('@', at + 1) != std::string_view::npos) {
    return "not a plain address local@domain";
  }
  if (a.size() > 254) return "longer than 254 characters";
  return "";
}

}  // namespace detail

namespace {

using detail::quoted;

constexpr size_t kFoldAt = 78;       // RFC 5322: lines SHOULD be at most 78 characters
constexpr size_t kMaxLine = 998;     // RFC 5322: lines MUST be at most 998 characters
constexpr size_t kWordPayload = 45;  // bytes per encoded word: 60 base64 chars, 75 in all
constexpr size_t kQpLine = 76;       // RFC 2045: encoded lines at most 76 characters

bool valid_utf8(std::string_view s) {
  uint32_t cp = 0;
  for (size_t i = 0; i < s.size();) {
    const size_t n = support::decode_utf8(s, i, cp);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

// "" or what is wrong with a header value.
std::string value_problem(std::string_view v) {
  if (v.find_first_of("\r\n") != std::string_view::npos) {
    return "contains a line break (CR or LF); refused (header injection)";
  }
  if (!valid_utf8(v)) return "not valid UTF-8";
  for (char ch : v) {
    const auto c = static_cast<unsigned char>(ch);
    if ((c < 0x20 && c != '\t') || c == 0x7f) return "contains a control character";
  }
  return "";
}

bool plain_ascii(std::string_view v) {
  for (char ch : v) {
    const auto c = static_cast<unsigned char>(ch);
    if ((c < 0x20 && c != '\t') || c > 0x7e) return false;
  }
  return v.find("=?") == std::string_view::npos;  // would read as an encoded word
}

std::string base64(std::string_view in) {
  static constexpr char kDigits[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((in.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 3 <= in.size(); i += 3) {
    const uint32_t n =
        uint32_t(uint8_t(in[i])) << 16 | uint32_t(uint8_t(in[i + 1])) << 8 | uint8_t(in[i + 2]);
    out += kDigits[n >> 18];
    out += kDigits[(n >> 12) & 63];
    out += kDigits[(n >> 6) & 63];
    out += kDigits[n & 63];
  }
  if (i + 1 == in.size()) {
    const uint32_t n = uint32_t(uint8_t(in[i])) << 16;
    out += kDigits[n >> 18];
    out += kDigits[(n >> 12) & 63];
    out += "==";
  } else if (i + 2 == in.size()) {
    const uint32_t n = uint32_t(uint8_t(in[i])) << 16 | uint32_t(uint8_t(in[i + 1])) << 8;
    out += kDigits[n >> 18];
    out += kDigits[(n >> 12) & 63];
    out += kDigits[(n >> 6) & 63];
    out += '=';
  }
  return out;
}

// Folds a plain value after "Name: " at its spaces; false when a line would
// still be longer than 998 characters.
bool fold_plain(std::string_view name, std::string_view value, std::string& out) {
  out.assign(name);
  out += ": ";
  size_t line = out.size();
  size_t i = 0;
  while (i < value.size()) {
    // A segment: spaces, then the word after them.
    size_t j = i;
    while (j < value.size() && (value[j] == ' ' || value[j] == '\t')) j++;
    while (j < value.size() && value[j] != ' ' && value[j] != '\t') j++;
    const std::string_view seg = value.substr(i, j - i);
    const bool starts_with_space = seg.front() == ' ' || seg.front() == '\t';
    if (starts_with_space && i > 0 && line + seg.size() > kFoldAt) {
      out += "\r\n";
      line = 0;
    }
    out += seg;
    line += seg.size();
    if (line > kMaxLine) return false;
    i = j;
  }
  return true;
}

// RFC 2047 encoded words of whole UTF-8 characters, folded.
std::string encoded_words(std::string_view name, std::string_view value) {
  std::string out(name);
  out += ": ";
  size_t i = 0;
  bool first = true;
  do {
    size_t end = i;
    uint32_t cp = 0;
    while (end < value.size()) {
      size_t n = support::decode_utf8(value, end, cp);
      if (n == 0) n = 1;  // checked before; never split a byte
      if (end - i + n > kWordPayload) break;
      end += n;
    }
    if (!first) out += "\r\n ";
    out += "=?UTF-8?B?";
    out += base64(value.substr(i, end - i));
    out += "?=";
    first = false;
    i = end;
  } while (i < value.size());
  return out;
}

std::string rfc5322_date(std::chrono::system_clock::time_point t) {
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const std::time_t secs = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d +0000", kDays[tm.tm_wday % 7], tm.tm_mday,
                kMonths[tm.tm_mon % 12], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
  return buf;
}

std::string random_hex(size_t bytes) {
  thread_local std::mt19937_64 rng = [] {
    std::random_device rd;
    std::seed_seq seq{rd(),
                      rd(),
                      rd(),
                      rd(),
                      uint32_t(std::chrono::steady_clock::now().time_since_epoch().count()),
                      uint32_t(std::hash<std::thread::id>()(std::this_thread::get_id()))};
    return std::mt19937_64(seq);
  }();
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (size_t i = 0; i < bytes; i++) {
    const auto b = uint8_t(rng());
    out += kHex[b >> 4];
    out += kHex[b & 15];
  }
  return out;
}

// The lines of `text`, any of CRLF, LF or CR ending a line; a final line end
// does not start another line.
std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  size_t start = 0;
  for (size_t i = 0; i < text.size(); i++) {
    if (text[i] != '\r' && text[i] != '\n') continue;
    lines.push_back(text.substr(start, i - start));
    if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') i++;
    start = i + 1;
  }
  if (start < text.size()) lines.push_back(text.substr(start));
  return lines;
}

struct EncodedBody {
  std::string encoding;  // "7bit" or "quoted-printable"
  std::string text;      // CRLF line ends, the last line ended
  bool ended = false;    // the original text ended with a line end
};

EncodedBody encode_body(std::string_view text) {
  const std::vector<std::string_view> lines = split_lines(text);
  bool seven_bit = true;
  for (std::string_view line : lines) {
    if (line.size() > kMaxLine) seven_bit = false;
    for (char ch : line) {
      const auto c = static_cast<unsigned char>(ch);
      if ((c < 0x20 && c != '\t') || c > 0x7e) seven_bit = false;
    }
  }
  EncodedBody body;
  body.ended = !text.empty() && (text.back() == '\n' || text.back() == '\r');
  if (seven_bit) {
    body.encoding = "7bit";
    for (std::string_view line : lines) {
      body.text += line;
      body.text += "\r\n";
    }
    return body;
  }
  static constexpr char kHex[] = "0123456789ABCDEF";
  body.encoding = "quoted-printable";
  for (std::string_view line : lines) {
    size_t col = 0;
    for (size_t i = 0; i < line.size(); i++) {
      const auto c = static_cast<unsigned char>(line[i]);
      char token[4] = {};
      const bool last = i + 1 == line.size();
      if ((c >= 33 && c <= 126 && c != '=') || ((c == ' ' || c == '\t') && !last)) {
        token[0] = char(c);
      } else {
        token[0] = '=';
        token[1] = kHex[c >> 4];
        token[2] = kHex[c & 15];
      }
      const size_t n = std::strlen(token);
      // Room for the token and, unless it ends the line, a soft break's '='.
      if (col + n > kQpLine - (last ? 0 : 1)) {
        body.text += "=\r\n";
        col = 0;
      }
      body.text += token;
      col += n;
    }
    body.text += "\r\n";
  }
  return body;
}

bool field_name_ok(std::string_view name) {
  if (name.empty() || name.size() > 76) return false;
  for (char ch : name) {
    const auto c = static_cast<unsigned char>(ch);
    if (c < 33 || c > 126 || c == ':') return false;
  }
  return true;
}

bool iequal(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); i++) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

std::string attachment_problem(const Attachment& a);

std::string build(const Message& m, std::string_view default_from, const BuildOptions& options,
                  BuiltMessage& out) {
  // The envelope.
  out.envelope_from = m.from.empty() ? std::string(default_from) : m.from;
  if (out.envelope_from.empty()) return "from: no sender (neither the message nor smtp.from names one)";
  if (std::string e = detail::address_problem(out.envelope_from); !e.empty()) {
    return "from " + quoted(out.envelope_from) + ": " + e;
  }
  if (m.to.empty()) return "to: no recipient";
  for (size_t i = 0; i < m.to.size(); i++) {
    if (std::string e = detail::address_problem(m.to[i]); !e.empty()) {
      return "to[" + std::to_string(i) + "] " + quoted(m.to[i]) + ": " + e;
    }
  }
  out.recipients = m.to;

  // The header values.
  if (std::string e = value_problem(m.subject); !e.empty()) return "subject: " + e;
  for (size_t i = 0; i < m.headers.size(); i++) {
    const Header& h = m.headers[i];
    const std::string where = "headers[" + std::to_string(i) + "] " + quoted(h.name);
    if (h.name.find_first_of("\r\n") != std::string::npos) {
      return where + ": the name contains a line break (CR or LF); refused (header injection)";
    }
    if (!field_name_ok(h.name)) return where + ": not a header name (printable ASCII without ':' or spaces)";
    for (std::string_view r : reserved_headers()) {
      if (iequal(h.name, r)) return where + ": a reserved header; it cannot be set";
    }
    if (std::string e = value_problem(h.value); !e.empty()) return where + ": " + e;
  }
  if (!valid_utf8(m.text)) return "text: not valid UTF-8";
  if (m.html && !valid_utf8(*m.html)) return "html: not valid UTF-8";
  for (size_t i = 0; i < m.attachments.size(); i++) {
    if (std::string e = attachment_problem(m.attachments[i]); !e.empty()) {
      return "attachments[" + std::to_string(i) + "] " + e;
    }
  }

  const std::string domain = out.envelope_from.substr(out.envelope_from.find('@') + 1);
  if (options.message_id.empty()) {
    out.message_id = "<" + random_hex(16) + "@" + domain + ">";
  } else {
    if (std::string e = value_problem(options.message_id); !e.empty()) return "message id: " + e;
    out.message_id = options.message_id;
  }

  std::string& t = out.text;
  const auto date = options.date == std::chrono::system_clock::time_point() ? std::chrono::system_clock::now()
                                                                            : options.date;
  t += "Date: " + rfc5322_date(date) + "\r\n";
  t += "From: " + out.envelope_from + "\r\n";
  std::string to = "To: ";
  size_t line = to.size();
  for (size_t i = 0; i < m.to.size(); i++) {
    std::string item = m.to[i] + (i + 1 < m.to.size() ? "," : "");
    if (i > 0) {
      if (line + 1 + item.size() > kFoldAt) {
        to += "\r\n";
        line = 0;
      }
      to += ' ';
      line++;
    }
    to += item;
    line += item.size();
  }
  t += to + "\r\n";
  t += encode_header("Subject", m.subject) + "\r\n";
  t += "Message-ID: " + out.message_id + "\r\n";
  t += "MIME-Version: 1.0\r\n";
  for (const Header& h : m.headers) t += encode_header(h.name, h.value) + "\r\n";

  // The body: text/plain, or multipart/alternative with text and HTML.
  const EncodedBody text = encode_body(m.text);
  std::optional<EncodedBody> html;
  if (m.html) html = encode_body(*m.html);
  auto in_content = [&](const std::string& b) {
    return text.text.find(b) != std::string::npos || (html && html->text.find(b) != std::string::npos);
  };
  std::string boundary = options.boundary;
  if (m.html || !m.attachments.empty()) {
    if (boundary.empty()) {
      do {
        boundary = "=_riposte_" + random_hex(16);
      } while (in_content(boundary));
    } else if (in_content(boundary) || value_problem(boundary) != "" ||
               boundary.size() > (m.html && !m.attachments.empty() ? 66u : 70u)) {
      return "boundary " + quoted(boundary) + ": unusable (in the content, too long or not plain)";
    }
  }
  std::string body;
  if (!m.html) {
    body += "Content-Type: text/plain; charset=utf-8\r\n";
    body += "Content-Transfer-Encoding: " + text.encoding + "\r\n\r\n";
    body += text.text;
  } else {
    // The CRLF before a delimiter belongs to the delimiter (RFC 2046): a part
    // whose text ended with a line end gets one more, so that it keeps it.
    const std::string alt = m.attachments.empty() ? boundary : boundary + "_alt";
    body += "Content-Type: multipart/alternative; boundary=\"" + alt + "\"\r\n\r\n";
    body += "--" + alt + "\r\n";
    body += "Content-Type: text/plain; charset=utf-8\r\n";
    body += "Content-Transfer-Encoding: " + text.encoding + "\r\n\r\n";
    body += text.text + (text.ended ? "\r\n" : "");
    body += "--" + alt + "\r\n";
    body += "Content-Type: text/html; charset=utf-8\r\n";
    body += "Content-Transfer-Encoding: " + html->encoding + "\r\n\r\n";
    body += html->text + (html->ended ? "\r\n" : "");
    body += "--" + alt + "--\r\n";
  }
  if (m.attachments.empty()) {
    t += body;
    return "";
  }
  // multipart/mixed: the body, then the attachments (base64, 76 a line).
  t += "Content-Type: multipart/mixed; boundary=\"" + boundary + "\"\r\n\r\n";
  t += "--" + boundary + "\r\n";
  t += body + (!m.html && text.ended ? "\r\n" : "");
  for (const Attachment& a : m.attachments) {
    const std::string b64 = base64(a.data);
    t += "--" + boundary + "\r\n";
    t += "Content-Type: " + a.content_type + "; name=\"" + a.filename + "\"\r\n";
    t += "Content-Disposition: attachment; filename=\"" + a.filename + "\"\r\n";
    t += "Content-Transfer-Encoding: base64\r\n\r\n";
    for (size_t i = 0; i < b64.size(); i += 76) {
      t += b64.substr(i, 76);
      t += "\r\n";
    }
  }
  t += "--" + boundary + "--\r\n";
  return "";
}

// "" or what is wrong with an attachment's filename or content type.
std::string attachment_problem(const Attachment& a) {
  if (a.filename.empty()) return "filename: empty";
  if (a.filename.size() > 100) return "filename: longer than 100 characters";
  for (char ch : a.filename) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == '\r' || c == '\n') return "filename: contains a line break (CR or LF); refused (header injection)";
    if (c < 0x20 || c > 0x7e || ch == '"' || ch == '\\' || ch == '/') {
      return "filename " + quoted(a.filename) + ": printable ASCII without quotes, '\\' or '/' only";
    }
  }
  const std::string_view ct = a.content_type;
  if (ct.find_first_of("\r\n") != std::string_view::npos) {
    return "content type: contains a line break (CR or LF); refused (header injection)";
  }
  const size_t semi = ct.find(';');
  const std::string_view type = ct.substr(0, semi);
  const size_t slash = type.find('/');
  bool ok = slash != std::string_view::npos && slash > 0 && slash + 1 < type.size();
  for (char ch : type) {
    const auto c = static_cast<unsigned char>(ch);
    if (c <= 0x20 || c > 0x7e || std::strchr("()<>@,;:\\\"[]?=", ch) != nullptr) ok = false;
  }
  for (char ch : ct) {
    const auto c = static_cast<unsigned char>(ch);
    if ((c < 0x20 && c != '\t') || c > 0x7e) ok = false;
  }
  if (!ok) return "content type " + quoted(ct) + ": not a plain type/subtype";
  return "";
}

}  // namespace

const std::vector<std::string_view>& reserved_headers() {
  static const std::vector<std::string_view> kReserved = {
      "Return-Path",
      "Received",
      "Resent-Date",
      "Resent-From",
      "Resent-Sender",
      "Resent-To",
      "Resent-Cc",
      "Resent-Bcc",
      "Resent-Message-Id",
      "Date",
      "From",
      "Sender",
      "Reply-To",
      "To",
      "Cc",
      "Bcc",
      "Message-Id",
      "In-Reply-To",
      "References",
      "Subject",
      "Errors-To",
      "MIME-Version",
      "Content-Type",
      "Content-Transfer-Encoding",
      "Content-MD5",
      "Content-Length",
      "Received-SPF",
  };
  return kReserved;
}

std::string encode_header(std::string_view name, std::string_view value) {
  std::string out;
  if (plain_ascii(value) && fold_plain(name, value, out)) return out;
  return encoded_words(name, value);
}

BuiltMessage build_message(const Message& message, std::string_view default_from,
                           const BuildOptions& options) {
  BuiltMessage out;
  try {
    out.error = build(message, default_from, options, out);
  } catch (const std::exception& e) {
    out.error = std::string("message: ") + e.what();
  }
  if (!out.error.empty()) out.text.clear();
  return out;
}

}  // namespace riposte::actions::mail
