// http::perform: one request over libcurl, hop by hop (docs/actions-http.md).
//
// The allow-list rule (docs/actions-http.md, "The allow-list"):
// - an entry of allow.hosts is a host name (compared case-insensitively,
//   without a trailing dot) or an IP address (compared as an address:
//   "::1", "[::1]" and "0:0::1" are one entry; an IPv4-mapped IPv6 address
//   is its IPv4 address);
// - a destination passes when its host name is listed, or when the address
//   actually connected to is listed;
// - so, before connecting: an IP literal not listed is refused at once; a
//   name not listed is resolved, and each address curl tries is checked when
//   its socket would be opened (CURLOPT_OPENSOCKETFUNCTION), before any
//   byte leaves for it; a name listed passes whatever it resolves to;
// - every redirect is a new hop checked the same way (curl's own following
//   is off); proxies are off (the environment's too), so the address
//   checked is the peer's.
#include "actions/http/client.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstring>
#include <memory>
#include <mutex>
#include <optional>

namespace riposte::actions::http {
namespace {

// With no deadline, a peer that stops talking still ends the call.
constexpr long kDefaultTimeoutMs = 5 * 60 * 1000;
// Response headers kept (bytes, all hops' last); curl limits each itself.
constexpr size_t kHeaderCap = 64 * 1024;
// How often the token is looked at while a transfer waits.
constexpr int kPollMs = 25;

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return char(std::tolower(c)); });
  return out;
}

std::string quoted(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (static_cast<unsigned char>(c) < 0x20) {
      out += '?';
      continue;
    }
    out += c;
  }
  return out + "\"";
}

// An IP address in a comparable form: 16 bytes (IPv4 as ::ffff:a.b.c.d).
using Address = std::array<unsigned char, 16>;

Address mapped_v4(const in_addr& a) {
  Address out{};
  out[10] = out[11] = 0xff;
  std::memcpy(out.data() + 12, &a, 4);
  return out;
}

std::optional<Address> parse_address(std::string_view text) {
  std::string s(text);
  if (s.size() >= 2 && s.front() == '[' && s.back() == ']') s = s.substr(1, s.size() - 2);
  if (auto pct = s.find('%'); pct != std::string::npos) s.resize(pct);  // zone id: fe80::1%eth0
  in_addr v4;
  if (inet_pton(AF_INET, s.c_str(), &v4) == 1) return mapped_v4(v4);
  in6_addr v6;
  if (inet_pton(AF_INET6, s.c_str(), &v6) == 1) {
    Address out;
    std::memcpy(out.data(), &v6, 16);
    return out;
  }
  return std::nullopt;
}

std::string address_text(const Address& a) {
  static constexpr unsigned char kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  char buf[INET6_ADDRSTRLEN] = {};
  if (std::memcmp(a.data(), kMapped, 12) == 0) {
    inet_ntop(AF_INET, a.data() + 12, buf, sizeof buf);
  } else {
    inet_ntop(AF_INET6, a.data(), buf, sizeof buf);
  }
  return buf;
}

std::string normal_name(std::string_view host) {
  std::string h = lower(host);
  if (h.size() >= 2 && h.front() == '[' && h.back() == ']') h = h.substr(1, h.size() - 2);
  if (!h.empty() && h.back() == '.') h.pop_back();
  return h;
}

// allow.hosts split into names and addresses.
struct AllowList {
  std::vector<std::string> names;
  std::vector<Address> addresses;

  explicit AllowList(const std::vector<std::string>& hosts) {
    for (const std::string& h : hosts) {
      if (auto a = parse_address(h)) {
        addresses.push_back(*a);
      } else {
        names.push_back(normal_name(h));
      }
    }
  }
  bool has_name(std::string_view host) const {
    return std::find(names.begin(), names.end(), normal_name(host)) != names.end();
  }
  bool has_address(const Address& a) const {
    return std::find(addresses.begin(), addresses.end(), a) != addresses.end();
  }
  bool empty() const { return names.empty() && addresses.empty(); }
  std::string why_not(const std::string& what) const {
    return what + " is not in allow.hosts" + (empty() ? " (the list is empty: every host is denied)" : "");
  }
};

bool global_init() {
  static std::once_flag once;
  static CURLcode rc = CURLE_OK;
  std::call_once(once, [] { rc = curl_global_init(CURL_GLOBAL_DEFAULT); });
  return rc == CURLE_OK;
}

struct EasyDeleter {
  void operator()(CURL* c) const { curl_easy_cleanup(c); }
};
struct MultiDeleter {
  void operator()(CURLM* m) const { curl_multi_cleanup(m); }
};
struct ListDeleter {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};
struct UrlDeleter {
  void operator()(CURLU* u) const { curl_url_cleanup(u); }
};

// A URL's parts, checked: http or https, a host, no credentials.
struct Url {
  std::string text;    // as curl normalised it
  std::string scheme;  // lower-case
  std::string host;    // without brackets
  std::string port;    // "" = the scheme's
};

std::string parse_url(const std::string& text, Url& out) {
  std::unique_ptr<CURLU, UrlDeleter> u(curl_url());
  if (!u) return "out of memory";
  if (CURLUcode rc = curl_url_set(u.get(), CURLUPART_URL, text.c_str(), 0); rc != CURLUE_OK)
    return "not a URL (" + std::string(curl_url_strerror(rc)) + ")";
  auto part = [&](CURLUPart which, std::string& value) {
    char* s = nullptr;
    if (curl_url_get(u.get(), which, &s, 0) != CURLUE_OK || s == nullptr) return false;
    value = s;
    curl_free(s);
    return true;
  };
  std::string ignored;
  part(CURLUPART_SCHEME, out.scheme);
  out.scheme = lower(out.scheme);
  if (out.scheme != "http" && out.scheme != "https")
    return "the scheme must be http:// or https://, not " + quoted(out.scheme);
  if (part(CURLUPART_USER, ignored) || part(CURLUPART_PASSWORD, ignored))
    return "credentials in the URL are not allowed";
  if (!part(CURLUPART_HOST, out.host) || out.host.empty()) return "the URL has no host";
  if (out.host.size() >= 2 && out.host.front() == '[' && out.host.back() == ']')
    out.host = out.host.substr(1, out.host.size() - 2);
  part(CURLUPART_PORT, out.port);
  if (!part(CURLUPART_URL, out.text)) return "not a URL";
  return "";
}

bool has_line_break(std::string_view s) {
  return s.find_first_of(std::string_view("\r\n\0", 3)) != std::string_view::npos;
}

// RFC 9110 token characters.
bool token(std::string_view s) {
  if (s.empty()) return false;
  for (unsigned char c : s) {
    if (std::isalnum(c)) continue;
    if (std::string_view("!#$%&'*+-.^_`|~").find(char(c)) == std::string_view::npos) return false;
  }
  return true;
}

// What one hop's callbacks share.
struct HopState {
  const AllowList* allow = nullptr;
  bool host_listed = false;     // the hop's host name is in allow.hosts
  std::string host;             // for messages
  std::string refused_address;  // an address refused at socket opening
  bool connected = false;       // a socket was opened for an allowed address
  CancelToken cancel;
  size_t cap = 0;
  std::string body;
  bool truncated = false;
  std::vector<std::pair<std::string, std::string>> headers;
  size_t header_bytes = 0;
};

curl_socket_t open_socket(void* user, curlsocktype purpose, curl_sockaddr* address) {
  auto* st = static_cast<HopState*>(user);
  std::optional<Address> a;
  if (address->family == AF_INET && address->addrlen >= sizeof(sockaddr_in)) {
    a = mapped_v4(reinterpret_cast<const sockaddr_in*>(&address->addr)->sin_addr);
  } else if (address->family == AF_INET6 && address->addrlen >= sizeof(sockaddr_in6)) {
    Address v;
    std::memcpy(v.data(), &reinterpret_cast<const sockaddr_in6*>(&address->addr)->sin6_addr, 16);
    a = v;
  }
  // Only plain connections to the peer are made (no proxy, no FTP data).
  if (purpose != CURLSOCKTYPE_IPCXN || !a) {
    st->refused_address = "(not an IP connection)";
    return CURL_SOCKET_BAD;
  }
  if (!st->host_listed && !st->allow->has_address(*a)) {
    st->refused_address = address_text(*a);
    return CURL_SOCKET_BAD;
  }
  const int fd = ::socket(address->family, address->socktype | SOCK_CLOEXEC, address->protocol);
  if (fd < 0) return CURL_SOCKET_BAD;
  st->connected = true;
  return fd;
}

size_t write_body(char* data, size_t size, size_t n, void* user) {
  auto* st = static_cast<HopState*>(user);
  const size_t len = size * n;
  const size_t room = st->cap - std::min(st->cap, st->body.size());
  if (len > room) {
    st->body.append(data, room);
    st->truncated = true;
    return 0;  // stops the transfer: the rest is not read (CURLE_WRITE_ERROR, then ignored)
  }
  st->body.append(data, len);
  return len;
}

size_t write_header(char* data, size_t size, size_t n, void* user) {
  auto* st = static_cast<HopState*>(user);
  const size_t len = size * n;
  std::string_view line(data, len);
  if (line.starts_with("HTTP/")) {  // a new response (100 Continue, then the real one)
    st->headers.clear();
    st->header_bytes = 0;
    return len;
  }
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.remove_suffix(1);
  const size_t colon = line.find(':');
  if (colon == std::string_view::npos || st->header_bytes + line.size() > kHeaderCap) return len;
  std::string_view value = line.substr(colon + 1);
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
  st->headers.emplace_back(lower(line.substr(0, colon)), std::string(value));
  st->header_bytes += line.size();
  return len;
}

int on_progress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  return static_cast<HopState*>(user)->cancel.cancelled() ? 1 : 0;  // nonzero aborts
}

Response failed(Failure failure, std::string error) {
  Response r;
  r.failure = failure;
  r.error = std::move(error);
  return r;
}

// One hop's request as sent.
struct Hop {
  std::string method;
  std::string body;
  bool send_credentials = true;
};

struct HopResult {
  CURLcode rc = CURLE_OK;
  std::string curl_error;
  long status = 0;
  std::string redirect_url;
  std::string primary_ip;
};

HopResult run_hop(const Request& rq, const Hop& hop, const Url& url, HopState& st, long timeout_ms) {
  HopResult out;
  std::unique_ptr<CURL, EasyDeleter> easy(curl_easy_init());
  std::unique_ptr<CURLM, MultiDeleter> multi(curl_multi_init());
  if (!easy || !multi) {
    out.rc = CURLE_OUT_OF_MEMORY;
    return out;
  }
  CURL* h = easy.get();
  char errbuf[CURL_ERROR_SIZE] = {};

  std::unique_ptr<curl_slist, ListDeleter> headers;
  auto add = [&](const std::string& line) {
    curl_slist* next = curl_slist_append(headers.get(), line.c_str());
    if (next && !headers) headers.reset(next);
    return next != nullptr;
  };
  bool ok = true;
  for (const auto& [name, value] : rq.headers) {
    const std::string n = lower(name);
    if (n == "idempotency-key" && !rq.idempotency_key.empty()) continue;
    if (n == "authorization" && (!rq.bearer_token.empty() || !rq.basic_user.empty())) continue;
    if (n == "authorization" && !hop.send_credentials) continue;
    ok = ok && add(value.empty() ? name + ";" : name + ": " + value);
  }
  if (!rq.idempotency_key.empty()) ok = ok && add("Idempotency-Key: " + rq.idempotency_key);
  if (!rq.bearer_token.empty() && hop.send_credentials)
    ok = ok && add("Authorization: Bearer " + rq.bearer_token);
  ok = ok && add("Expect:");
  curl_easy_setopt(h, CURLOPT_USERAGENT, "riposte");  // a caller's User-Agent header wins
  if (!ok) {
    out.rc = CURLE_OUT_OF_MEMORY;
    return out;
  }

  curl_easy_setopt(h, CURLOPT_URL, url.text.c_str());
#if LIBCURL_VERSION_NUM >= 0x075500
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
#else
  curl_easy_setopt(h, CURLOPT_PROTOCOLS, long(CURLPROTO_HTTP | CURLPROTO_HTTPS));
  curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS, long(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(h, CURLOPT_PROXY, "");  // no proxy, not even from the environment
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
  curl_easy_setopt(h, CURLOPT_OPENSOCKETFUNCTION, open_socket);
  curl_easy_setopt(h, CURLOPT_OPENSOCKETDATA, &st);
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, write_body);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &st);
  curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, write_header);
  curl_easy_setopt(h, CURLOPT_HEADERDATA, &st);
  curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, on_progress);
  curl_easy_setopt(h, CURLOPT_XFERINFODATA, &st);
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, timeout_ms);
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, timeout_ms);
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, rq.verify_tls ? 1L : 0L);
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, rq.verify_tls ? 2L : 0L);
  if (!rq.ca_file.empty()) curl_easy_setopt(h, CURLOPT_CAINFO, rq.ca_file.c_str());
  if (!rq.basic_user.empty() && hop.send_credentials) {
    curl_easy_setopt(h, CURLOPT_HTTPAUTH, long(CURLAUTH_BASIC));
    curl_easy_setopt(h, CURLOPT_USERNAME, rq.basic_user.c_str());
    curl_easy_setopt(h, CURLOPT_PASSWORD, rq.basic_password.c_str());
  }

  if (hop.method == "HEAD") {
    curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
  } else if (hop.method == "GET" && hop.body.empty()) {
    curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
  } else {
    if (!hop.body.empty() || hop.method == "POST") {
      curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(hop.body.size()));
      curl_easy_setopt(h, CURLOPT_POSTFIELDS, hop.body.data());
    }
    if (hop.method != "POST") curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, hop.method.c_str());
  }

  // The multi interface, so that a cancel is seen within kPollMs whatever
  // the transfer is waiting for (the progress callback alone may wait a second).
  curl_multi_add_handle(multi.get(), h);
  bool cancelled = false;
  for (;;) {
    int running = 0;
    if (curl_multi_perform(multi.get(), &running) != CURLM_OK) break;
    if (running == 0) break;
    if (st.cancel.cancelled()) {
      cancelled = true;
      break;
    }
    curl_multi_poll(multi.get(), nullptr, 0, kPollMs, nullptr);
  }
  out.rc = cancelled ? CURLE_ABORTED_BY_CALLBACK : CURLE_COULDNT_CONNECT;
  if (!cancelled) {
    int left = 0;
    while (CURLMsg* m = curl_multi_info_read(multi.get(), &left)) {
      if (m->msg == CURLMSG_DONE && m->easy_handle == h) out.rc = m->data.result;
    }
  }
  curl_multi_remove_handle(multi.get(), h);
  out.curl_error = errbuf;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &out.status);
  char* s = nullptr;
  if (curl_easy_getinfo(h, CURLINFO_REDIRECT_URL, &s) == CURLE_OK && s) out.redirect_url = s;
  s = nullptr;
  if (curl_easy_getinfo(h, CURLINFO_PRIMARY_IP, &s) == CURLE_OK && s) out.primary_ip = s;
  return out;
}

std::string curl_text(const HopResult& r) {
  std::string e = curl_easy_strerror(r.rc);
  if (!r.curl_error.empty() && r.curl_error != e) e += " (" + r.curl_error + ")";
  return e;
}

Response perform_checked(const Request& rq, const std::vector<std::string>& allowed_hosts,
                         Clock::time_point deadline, const CancelToken& cancel) {
  static constexpr std::string_view kMethods[] = {"GET", "POST", "PUT", "DELETE", "PATCH", "HEAD"};
  if (std::find(std::begin(kMethods), std::end(kMethods), rq.method) == std::end(kMethods))
    return failed(Failure::Refused,
                  "method " + quoted(rq.method) + " is not one of GET POST PUT DELETE PATCH HEAD");
  for (const auto& [name, value] : rq.headers) {
    if (has_line_break(name) || has_line_break(value))
      return failed(Failure::Refused, "header " + quoted(name) +
                                          " contains a line break (CR or LF); refused (header injection)");
    if (!token(name))
      return failed(Failure::Refused, "header name " + quoted(name) + " is not a valid token");
  }
  if (has_line_break(rq.idempotency_key))
    return failed(Failure::Refused,
                  "the idempotency key contains a line break (CR or LF); refused (header injection)");
  if (has_line_break(rq.bearer_token))
    return failed(Failure::Refused,
                  "the bearer token contains a line break (CR or LF); refused (header injection)");
  if (has_line_break(rq.basic_user) || has_line_break(rq.basic_password) ||
      rq.basic_user.find(':') != std::string::npos)
    return failed(Failure::Refused,
                  "the basic credentials contain a line break or the user a colon; refused");

  const AllowList allow(allowed_hosts);
  Hop hop{rq.method, rq.body, true};
  Url url;
  if (std::string e = parse_url(rq.url, url); !e.empty()) return failed(Failure::Refused, "url: " + e);
  const Url first = url;
  if (!global_init()) return failed(Failure::Peer, "libcurl could not be initialised");

  for (unsigned redirects = 0;; ++redirects) {
    // Before connecting: a listed name passes; an address literal must be listed.
    const bool listed = allow.has_name(url.host);
    if (!listed) {
      if (auto a = parse_address(url.host); a && !allow.has_address(*a)) {
        std::string why = allow.why_not("host " + quoted(url.host));
        if (redirects == 0) return failed(Failure::Refused, why + "; refused before connecting");
        return failed(Failure::Peer, "redirect to " + quoted(url.text) + " refused: " + why);
      }
    }
    if (cancel.cancelled()) return failed(Failure::Cancelled, "cancelled before connecting");
    long timeout_ms = kDefaultTimeoutMs;
    if (deadline != Clock::time_point::max()) {
      const auto left =
          std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
      if (left <= 0) return failed(Failure::Timeout, "deadline exceeded before connecting");
      timeout_ms = long(std::min<long long>(left, 24LL * 3600 * 1000));
    }

    HopState st;
    st.allow = &allow;
    st.host_listed = listed;
    st.host = url.host;
    st.cancel = cancel;
    st.cap = rq.response_cap;
    const HopResult r = run_hop(rq, hop, url, st, timeout_ms);

    if (!st.connected && !st.refused_address.empty() && r.rc != CURLE_OK &&
        r.rc != CURLE_ABORTED_BY_CALLBACK && r.rc != CURLE_OPERATION_TIMEDOUT) {
      std::string why = allow.why_not("host " + quoted(url.host) + " (address " + st.refused_address + ")");
      if (redirects == 0) return failed(Failure::Refused, why + "; refused before connecting");
      return failed(Failure::Peer, "redirect to " + quoted(url.text) + " refused: " + why);
    }
    const bool got_response = r.rc == CURLE_OK || (r.rc == CURLE_WRITE_ERROR && st.truncated);
    if (!got_response) {
      if (r.rc == CURLE_ABORTED_BY_CALLBACK && cancel.cancelled())
        return failed(Failure::Cancelled, "cancelled");
      if (r.rc == CURLE_OPERATION_TIMEDOUT)
        return failed(Failure::Timeout, "deadline exceeded: " + curl_text(r));
      return failed(Failure::Peer, curl_text(r));
    }

    const bool redirect =
        (r.status == 301 || r.status == 302 || r.status == 303 || r.status == 307 || r.status == 308) &&
        !r.redirect_url.empty();
    if (redirect && rq.max_redirects > 0) {
      if (redirects >= rq.max_redirects)
        return failed(Failure::Peer,
                      "too many redirects (more than " + std::to_string(rq.max_redirects) + ")");
      Url next;
      if (std::string e = parse_url(r.redirect_url, next); !e.empty())
        return failed(Failure::Peer, "redirect refused: " + e);
      // 303, and 301/302 after a POST, become a GET without a body (as browsers and curl do).
      if (r.status == 303 || ((r.status == 301 || r.status == 302) && hop.method == "POST")) {
        if (hop.method != "HEAD") hop.method = "GET";
        hop.body.clear();
      }
      // Credentials go to the first origin only.
      if (next.scheme != first.scheme || normal_name(next.host) != normal_name(first.host) ||
          next.port != first.port)
        hop.send_credentials = false;
      url = std::move(next);
      continue;
    }

    Response out;
    out.status = r.status;
    out.body = std::move(st.body);
    out.truncated = st.truncated;
    out.headers = std::move(st.headers);
    out.final_url = url.text;
    out.remote_address = r.primary_ip;
    out.redirects = redirects;
    return out;
  }
}

}  // namespace

std::string_view failure_name(Failure f) {
  switch (f) {
    case Failure::None:
      return "none";
    case Failure::Refused:
      return "refused";
    case Failure::Timeout:
      return "timeout";
    case Failure::Cancelled:
      return "cancelled";
    case Failure::Peer:
      return "peer";
  }
  return "none";
}

Response perform(const Request& request, const std::vector<std::string>& allowed_hosts,
                 Clock::time_point deadline, const CancelToken& cancel) {
  try {
    return perform_checked(request, allowed_hosts, deadline, cancel);
  } catch (const std::exception& e) {
    return failed(Failure::Peer, e.what());
  }
}

}  // namespace riposte::actions::http
