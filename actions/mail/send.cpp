// send_mail: the built message to the configured server with libcurl, by a
// deadline, after the allow-list check.
#include <curl/curl.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <mutex>

#include "actions/mail/mail_internal.h"
#include "actions/mail/smtp.h"

namespace riposte::actions::mail {
namespace {

using detail::quoted;
using SteadyClock = std::chrono::steady_clock;

// With no deadline, a peer that stops talking still ends the call.
constexpr long kDefaultTimeoutMs = 5 * 60 * 1000;

SendResult failed(SendFailure failure, std::string error, std::string message_id = {}) {
  SendResult r;
  r.failure = failure;
  r.error = std::move(error);
  r.message_id = std::move(message_id);
  return r;
}

bool global_init() {
  static std::once_flag once;
  static CURLcode rc = CURLE_OK;
  std::call_once(once, [] { rc = curl_global_init(CURL_GLOBAL_DEFAULT); });
  return rc == CURLE_OK;
}

struct Upload {
  std::string_view data;
  size_t sent = 0;
};

size_t read_upload(char* buffer, size_t size, size_t nitems, void* user) {
  auto* up = static_cast<Upload*>(user);
  const size_t n = std::min(size * nitems, up->data.size() - up->sent);
  std::memcpy(buffer, up->data.data() + up->sent, n);
  up->sent += n;
  return n;
}

int progress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  const auto* cancelled = static_cast<const std::function<bool()>*>(user);
  return (*cancelled)() ? 1 : 0;  // nonzero aborts the transfer
}

struct EasyDeleter {
  void operator()(CURL* c) const { curl_easy_cleanup(c); }
};
struct ListDeleter {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};

SendResult send(const SmtpConfig& config, const Message& message, const SendOptions& options) {
  BuiltMessage built = build_message(message, config.from, options.build);
  if (!built.ok()) return failed(SendFailure::Refused, built.error);

  detail::SmtpUrl url;
  if (std::string e = detail::parse_smtp_url(config.url, url); !e.empty()) {
    return failed(SendFailure::Refused, "smtp.url: " + e, built.message_id);
  }
  if (std::string e = check_host_allowed(url.host, config.allowed_hosts); !e.empty()) {
    return failed(SendFailure::Refused, "smtp: " + e, built.message_id);
  }
  if ((config.tls == TlsMode::Tls) != (url.scheme == "smtps")) {
    return failed(
        SendFailure::Refused,
        "smtp: tls " + quoted(tls_mode_name(config.tls)) + " does not fit the URL's scheme " + url.scheme,
        built.message_id);
  }
  if (options.cancelled && options.cancelled()) {
    return failed(SendFailure::Cancelled, "smtp: cancelled before connecting", built.message_id);
  }
  long timeout_ms = kDefaultTimeoutMs;
  if (options.deadline != SteadyClock::time_point::max()) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(options.deadline - SteadyClock::now()).count();
    if (left <= 0)
      return failed(SendFailure::Timeout, "smtp: deadline exceeded before connecting", built.message_id);
    timeout_ms = long(std::min<long long>(left, 24LL * 3600 * 1000));
  }
  if (!global_init())
    return failed(SendFailure::Peer, "smtp: libcurl could not be initialised", built.message_id);

  std::unique_ptr<CURL, EasyDeleter> curl(curl_easy_init());
  if (!curl) return failed(SendFailure::Peer, "smtp: libcurl could not make a handle", built.message_id);
  CURL* h = curl.get();
  std::unique_ptr<curl_slist, ListDeleter> rcpt;
  for (const std::string& to : built.recipients) {
    curl_slist* next = curl_slist_append(rcpt.get(), ("<" + to + ">").c_str());
    if (next == nullptr) return failed(SendFailure::Peer, "smtp: out of memory", built.message_id);
    if (!rcpt) rcpt.reset(next);  // appending returns the list's head
  }
  const std::string mail_from = "<" + built.envelope_from + ">";
  Upload upload{built.text, 0};
  char errbuf[CURL_ERROR_SIZE] = {};

  curl_easy_setopt(h, CURLOPT_URL, config.url.c_str());
#if LIBCURL_VERSION_NUM >= 0x075500
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
#else
  curl_easy_setopt(h, CURLOPT_PROTOCOLS, long(CURLPROTO_SMTP | CURLPROTO_SMTPS));
#endif
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
  curl_easy_setopt(h, CURLOPT_MAIL_FROM, mail_from.c_str());
  curl_easy_setopt(h, CURLOPT_MAIL_RCPT, rcpt.get());
  curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(h, CURLOPT_READFUNCTION, read_upload);
  curl_easy_setopt(h, CURLOPT_READDATA, &upload);
  curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE, curl_off_t(built.text.size()));
  curl_easy_setopt(h, CURLOPT_USE_SSL, long(config.tls == TlsMode::None ? CURLUSESSL_NONE : CURLUSESSL_ALL));
  if (!config.ca_file.empty()) curl_easy_setopt(h, CURLOPT_CAINFO, config.ca_file.c_str());
  if (!config.username.empty()) {
    curl_easy_setopt(h, CURLOPT_USERNAME, config.username.c_str());
    curl_easy_setopt(h, CURLOPT_PASSWORD, config.password.c_str());
  }
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, timeout_ms);
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, timeout_ms);
  if (options.cancelled) {
    curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, progress);
    curl_easy_setopt(h, CURLOPT_XFERINFODATA, &options.cancelled);
  }

  const CURLcode rc = curl_easy_perform(h);
  if (rc == CURLE_OK) {
    SendResult r;
    r.ok = true;
    r.message_id = built.message_id;
    return r;
  }
  std::string error = std::string("smtp: ") + curl_easy_strerror(rc);
  if (errbuf[0] != '\0') error += std::string(" (") + errbuf + ")";
  long code = 0;
  if (curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code) == CURLE_OK && code >= 400) {
    error += "; the server's last reply was " + std::to_string(code);
  }
  SendFailure failure = SendFailure::Peer;
  if (rc == CURLE_OPERATION_TIMEDOUT) failure = SendFailure::Timeout;
  if (rc == CURLE_ABORTED_BY_CALLBACK) failure = SendFailure::Cancelled;
  return failed(failure, std::move(error), built.message_id);
}

}  // namespace

std::string_view send_failure_name(SendFailure f) {
  switch (f) {
    case SendFailure::None:
      return "none";
    case SendFailure::Refused:
      return "refused";
    case SendFailure::Timeout:
      return "timeout";
    case SendFailure::Cancelled:
      return "cancelled";
    case SendFailure::Peer:
      return "peer";
  }
  return "none";
}

SendResult send_mail(const SmtpConfig& config, const Message& message, const SendOptions& options) {
  try {
    return send(config, message, options);
  } catch (const std::exception& e) {
    return failed(SendFailure::Peer, std::string("smtp: ") + e.what());
  }
}

SendResult send_mail(const SmtpConfig& config, const Message& message, std::chrono::milliseconds timeout) {
  SendOptions options;
  options.deadline = SteadyClock::now() + timeout;
  return send_mail(config, message, options);
}

}  // namespace riposte::actions::mail
