// GET /metrics: the Prometheus text exposition format (version 0.0.4).
//   riposte_up 1
//   riposte_<counter>_total            the engine's Stats (engine/service.h)
//   riposte_trigger_evaluations_total{playbook}, riposte_trigger_matches_total{playbook},
//   riposte_trigger_errors_total{playbook}, riposte_instances{status} (a gauge),
//   riposte_action_calls_total{type,status}: the engine's LabelledMetrics
//   (the matches and errors families also hold the Stats total, unlabelled)
//   riposte_http_requests_total{method,route,status="2xx"}
//   riposte_http_request_duration_seconds{method,route} (a histogram, fixed buckets)
// `route` is the route's path template; requests no route answers (404,
// 405) are counted under method="any", route="unmatched".  Lock-free: every
// series is a set of atomics, written by the request threads.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <span>
#include <string>

#include "engine/service.h"
#include "server/routes.h"

namespace riposte::server {

class Metrics {
 public:
  // Upper bounds of the latency buckets, in seconds (+Inf is implied).
  static constexpr std::array<double, 8> kBuckets{0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5};

  explicit Metrics(std::span<const Route> table);
  ~Metrics();
  Metrics(const Metrics&) = delete;
  Metrics& operator=(const Metrics&) = delete;

  // One answered request; `route` null: no route answered it.
  void record(const Route* route, int status, double seconds);
  // The whole exposition text.  Routes appear once they have answered;
  // label values are escaped (backslash, double quote, new line).
  std::string render(const engine::Stats& stats, const engine::LabelledMetrics& labelled = {}) const;

 private:
  struct Series {
    std::array<std::atomic<uint64_t>, 5> by_class{};               // 1xx .. 5xx
    std::array<std::atomic<uint64_t>, kBuckets.size()> buckets{};  // not cumulative
    std::atomic<uint64_t> count{0};
    std::atomic<uint64_t> sum_ns{0};
  };
  std::span<const Route> table_;
  std::unique_ptr<Series[]> series_;  // one per route, then the unmatched
};

}  // namespace riposte::server
