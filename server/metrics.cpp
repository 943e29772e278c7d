#include "server/metrics.h"

#include <fmt/format.h>

#include <optional>
#include <vector>

namespace riposte::server {
namespace {

// A label value with Prometheus' escapes (backslash, quote, new line).
std::string label(std::string_view v) {
  std::string out;
  for (char c : v) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

void counter(std::string& out, std::string_view name, std::string_view help, uint64_t value) {
  out += fmt::format("# HELP {} {}\n# TYPE {} counter\n{} {}\n", name, help, name, name, value);
}

// One family of labelled samples: HELP and TYPE once, then the sample
// without labels (`total`, when there is one), then one line per count,
// its label values escaped.
void labelled(std::string& out, std::string_view name, std::string_view type, std::string_view help,
              std::optional<uint64_t> total, const std::vector<engine::LabelledCount>& counts) {
  out += fmt::format("# HELP {} {}\n# TYPE {} {}\n", name, help, name, type);
  if (total) out += fmt::format("{} {}\n", name, *total);
  for (const engine::LabelledCount& c : counts) {
    out += name;
    for (size_t i = 0; i < c.labels.size(); ++i)
      out += fmt::format("{}{}=\"{}\"", i ? "," : "{", c.labels[i].first, label(c.labels[i].second));
    out += fmt::format("{} {}\n", c.labels.empty() ? "" : "}", c.value);
  }
}

}  // namespace

Metrics::Metrics(std::span<const Route> table) : table_(table), series_(new Series[table.size() + 1]) {}

Metrics::~Metrics() = default;

void Metrics::record(const Route* route, int status, double seconds) {
  size_t i = route ? size_t(route - table_.data()) : table_.size();
  if (i > table_.size()) i = table_.size();
  Series& s = series_[i];
  int cls = status / 100;
  if (cls >= 1 && cls <= 5) s.by_class[size_t(cls - 1)].fetch_add(1, std::memory_order_relaxed);
  for (size_t b = 0; b < kBuckets.size(); ++b) {
    if (seconds <= kBuckets[b]) {
      s.buckets[b].fetch_add(1, std::memory_order_relaxed);
      break;
    }
  }
  s.count.fetch_add(1, std::memory_order_relaxed);
  s.sum_ns.fetch_add(seconds > 0 ? uint64_t(seconds * 1e9) : 0, std::memory_order_relaxed);
}

std::string Metrics::render(const engine::Stats& st, const engine::LabelledMetrics& lm) const {
  std::string out;
  out += "# HELP riposte_up Whether the server is up.\n# TYPE riposte_up gauge\nriposte_up 1\n";
  auto load = [](const std::atomic<uint64_t>& a) { return a.load(std::memory_order_relaxed); };
  counter(out, "riposte_alerts_ingested_total", "Alerts stored by the intake.", load(st.alerts_ingested));
  counter(out, "riposte_incidents_ingested_total", "Incidents stored by the intake.",
          load(st.incidents_ingested));
  counter(out, "riposte_objects_changed_total", "Changes applied to stored alerts and incidents.",
          load(st.objects_changed));
  counter(out, "riposte_triggers_evaluated_total", "Trigger evaluations.", load(st.triggers_evaluated));
  labelled(out, "riposte_trigger_evaluations_total", "counter", "Trigger evaluations, by playbook.",
           std::nullopt, lm.trigger_evaluations);
  labelled(out, "riposte_trigger_matches_total", "counter",
           "Trigger evaluations that matched: in all (no label), and by playbook.", load(st.trigger_matches),
           lm.trigger_matches);
  labelled(out, "riposte_trigger_errors_total", "counter",
           "Trigger evaluations that failed: in all (no label), and by playbook.", load(st.trigger_errors),
           lm.trigger_errors);
  counter(out, "riposte_playbooks_saved_total", "Playbooks created or edited.", load(st.playbooks_saved));
  counter(out, "riposte_auth_failures_total", "Bearer tokens the engine refused.", load(st.auth_failures));
  counter(out, "riposte_instances_launched_total", "Playbook instances launched.",
          load(st.instances_launched));
  counter(out, "riposte_approvals_requested_total", "Approval requests made (launches and actions).",
          load(st.approvals_requested));
  counter(out, "riposte_emails_sent_total", "Mails sent to approvers.", load(st.emails_sent));
  counter(out, "riposte_email_failures_total", "Mails to approvers that could not be sent.",
          load(st.email_failures));
  labelled(out, "riposte_instances", "gauge", "Playbook instances, by status.", std::nullopt, lm.instances);
  labelled(out, "riposte_action_calls_total", "counter", "Action calls, by action type and status.",
           std::nullopt, lm.calls);

  static constexpr const char* kClasses[] = {"1xx", "2xx", "3xx", "4xx", "5xx"};
  auto labels = [&](size_t i) {
    if (i == table_.size()) return std::string("method=\"any\",route=\"unmatched\"");
    return fmt::format("method=\"{}\",route=\"{}\"", method_name(table_[i].method), label(table_[i].path));
  };
  out += "# HELP riposte_http_requests_total HTTP requests answered, by route and status class.\n";
  out += "# TYPE riposte_http_requests_total counter\n";
  for (size_t i = 0; i <= table_.size(); ++i) {
    for (size_t c = 0; c < 5; ++c) {
      uint64_t n = load(series_[i].by_class[c]);
      if (n)
        out += fmt::format("riposte_http_requests_total{{{},status=\"{}\"}} {}\n", labels(i), kClasses[c], n);
    }
  }
  out += "# HELP riposte_http_request_duration_seconds Time to answer an HTTP request, by route.\n";
  out += "# TYPE riposte_http_request_duration_seconds histogram\n";
  for (size_t i = 0; i <= table_.size(); ++i) {
    const Series& s = series_[i];
    uint64_t count = load(s.count);
    if (!count) continue;
    std::string l = labels(i);
    uint64_t cumulative = 0;
    for (size_t b = 0; b < kBuckets.size(); ++b) {
      cumulative += load(s.buckets[b]);
      out += fmt::format("riposte_http_request_duration_seconds_bucket{{{},le=\"{}\"}} {}\n", l, kBuckets[b],
                         cumulative);
    }
    out += fmt::format("riposte_http_request_duration_seconds_bucket{{{},le=\"+Inf\"}} {}\n", l, count);
    out +=
        fmt::format("riposte_http_request_duration_seconds_sum{{{}}} {}\n", l, double(load(s.sum_ns)) / 1e9);
    out += fmt::format("riposte_http_request_duration_seconds_count{{{}}} {}\n", l, count);
  }
  return out;
}

}  // namespace riposte::server
