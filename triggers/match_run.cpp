// The alert stream of `riposte match`: read lines, evaluate, write in order.
#include "triggers/match_run.h"

#include <fmt/format.h>

#include <chrono>

#include "triggers/line_reader.h"
#include "triggers/ordered_pipeline.h"
#include "value/json.h"

namespace riposte::triggers {
namespace {

// Lines are handed to workers in batches, so that locking costs little
// next to evaluating.
constexpr size_t kBatchLines = 16;

struct AlertLine {
  uint64_t index = 0;  // 0-based line number in the alerts file
  std::string alert;
  std::string event;  // empty: null
};
using Batch = std::vector<AlertLine>;

// What a worker hands to the writer for one batch.
struct BatchResult {
  std::string out;   // result lines
  std::string diag;  // reports of malformed lines
  MatchSummary counts;
};

uint64_t now_ns() {
  return static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                   std::chrono::steady_clock::now().time_since_epoch())
                                   .count());
}

bool blank(const std::string& s) {
  return s.find_first_not_of(" \t\r\n") == std::string::npos;
}

// Reads up to kBatchLines alert lines (and the event line of each).
class BatchReader {
 public:
  BatchReader(LineReader& alerts, LineReader* events) : alerts_(alerts), events_(events) {}
  bool next(Batch& batch) {
    batch.clear();
    AlertLine line;
    while (batch.size() < kBatchLines && alerts_.next(line.alert)) {
      line.index = index_++;
      if (!events_ || !events_->next(line.event)) line.event.clear();
      if (!blank(line.alert)) batch.push_back(std::move(line));
    }
    return !batch.empty();
  }

 private:
  LineReader& alerts_;
  LineReader* events_;
  uint64_t index_ = 0;
};

void append_json_string(std::string& out, std::string_view s) {
  out += to_json(Value::string(s));
}

// {"alert": 3, "matched": ["a", "b"], "errors": {"c": "why"}}
void append_result_line(const TriggerSet& set, uint64_t index, const std::vector<TriggerResult>& results,
                        std::string& out) {
  out += fmt::format("{{\"alert\": {}, \"matched\": [", index);
  bool first = true;
  for (size_t i = 0; i < results.size(); ++i) {
    if (results[i].verdict != Verdict::Match) continue;
    if (!first) out += ", ";
    first = false;
    append_json_string(out, set.spec(i).id);
  }
  out += "]";
  first = true;
  for (size_t i = 0; i < results.size(); ++i) {
    if (results[i].verdict != Verdict::Error) continue;
    out += first ? ", \"errors\": {" : ", ";
    first = false;
    append_json_string(out, set.spec(i).id);
    out += ": ";
    append_json_string(out, results[i].message);
  }
  if (!first) out += "}";
  out += "}\n";
}

// Parses one line; on failure reports it in `diag` and counts it.
// With a projection, only its parts of the value are built (the errors are
// those of a whole parse).
bool parse_line(const std::string& text, const JsonProjection* projection, const char* what, uint64_t index,
                Value& v, BatchResult& r) {
  if (text.empty() || blank(text)) {
    v = Value::null();
    return true;
  }
  JsonError jerr;
  if (projection ? parse_json_projected(text, *projection, v, jerr) : parse_json(text, v, jerr)) return true;
  r.diag += fmt::format("riposte match: {} line {} (alert {}): invalid JSON at column {}: {}\n", what,
                        index + 1, index, jerr.column, jerr.message);
  ++r.counts.malformed;
  return false;
}

void count_results(const std::vector<TriggerResult>& results, MatchSummary& counts) {
  ++counts.alerts;
  for (const TriggerResult& t : results) {
    counts.matches += t.verdict == Verdict::Match;
    counts.errors += t.verdict == Verdict::Error;
  }
}

BatchResult evaluate_batch(const TriggerSet& set, Batch&& batch, const MatchOptions& opt) {
  BatchResult r;
  std::vector<TriggerResult> results;
  const JsonProjection* projection = opt.project_input ? &set.read_projection() : nullptr;
  MatchProfile* prof = opt.profile ? &r.counts.profile : nullptr;
  for (const AlertLine& line : batch) {
    Value alert, event;
    uint64_t t0 = prof ? now_ns() : 0;
    if (!parse_line(line.alert, projection, "alerts", line.index, alert, r)) continue;
    if (!parse_line(line.event, nullptr, "events", line.index, event, r)) continue;
    if (prof) prof->parse_ns += now_ns() - t0;
    set.evaluate_all(alert, event, results, prof ? &prof->eval : nullptr);
    uint64_t t1 = prof ? now_ns() : 0;
    count_results(results, r.counts);
    if (opt.output == MatchOutput::Results) append_result_line(set, line.index, results, r.out);
    if (prof) prof->output_ns += now_ns() - t1;
  }
  return r;
}

}  // namespace

bool match_stream(const TriggerSet& triggers, const MatchOptions& opt, std::FILE* out, std::FILE* diag,
                  MatchSummary& summary, std::string& err) {
  LineReader alerts, events;
  if (!alerts.open(opt.alerts_path, err)) return false;
  if (!opt.events_path.empty() && !events.open(opt.events_path, err)) return false;
  auto start = std::chrono::steady_clock::now();
  BatchReader reader(alerts, opt.events_path.empty() ? nullptr : &events);
  run_ordered<Batch, BatchResult>(
      opt.threads, 4 * static_cast<size_t>(opt.threads), [&](Batch& b) { return reader.next(b); },
      [&](Batch&& b) { return evaluate_batch(triggers, std::move(b), opt); },
      [&](BatchResult&& r) {
        std::fwrite(r.out.data(), 1, r.out.size(), out);
        if (!r.diag.empty()) {
          std::fflush(out);
          std::fwrite(r.diag.data(), 1, r.diag.size(), diag);
        }
        summary.alerts += r.counts.alerts;
        summary.matches += r.counts.matches;
        summary.errors += r.counts.errors;
        summary.malformed += r.counts.malformed;
        summary.profile += r.counts.profile;
      });
  summary.profiled = opt.profile;
  summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return true;
}

namespace {
// Per alert: microseconds of each stage, trigger counts of each kind.
std::string profile_json(const MatchProfile& p, uint64_t alerts) {
  double n = alerts ? static_cast<double>(alerts) : 1.0;
  auto us = [n](uint64_t ns) { return static_cast<double>(ns) / 1000.0 / n; };
  auto per = [n](uint64_t count) { return static_cast<double>(count) / n; };
  return fmt::format(
      "{{\"parse_us\": {:.3f}, \"shared_us\": {:.3f}, \"decide_us\": {:.3f}, \"residual_us\": {:.3f}, "
      "\"output_us\": {:.3f}, \"decided\": {:.1f}, \"residual_runs\": {:.1f}, \"skipped\": {:.1f}}}",
      us(p.parse_ns), us(p.eval.shared_ns), us(p.eval.decide_ns), us(p.eval.residual_ns), us(p.output_ns),
      per(p.eval.decided), per(p.eval.residual_runs), per(p.eval.skipped));
}
}  // namespace

std::string summary_json(const MatchSummary& s) {
  std::string out = fmt::format("{{\"alerts\": {}, \"matches\": {}, \"errors\": {}, \"seconds\": {:.3f}",
                                s.alerts, s.matches, s.errors, s.seconds);
  if (s.malformed) out += fmt::format(", \"malformed\": {}", s.malformed);
  if (s.profiled) out += ", \"profile\": " + profile_json(s.profile, s.alerts);
  return out + "}";
}

MatchProfile& MatchProfile::operator+=(const MatchProfile& o) {
  parse_ns += o.parse_ns;
  eval += o.eval;
  output_ns += o.output_ns;
  return *this;
}

}  // namespace riposte::triggers
