// Matching a stream of alerts (and their change events) against a compiled
// trigger set: the body of `riposte match` (../shared/spec/design.md).
// Alerts are read line by line, never held all in memory; with several
// threads a bounded pipeline (reader -> workers -> ordered writer) keeps
// the output in input order.  Values never cross threads: workers parse the
// lines they are given, so reference counts and per-thread memory
// accounting (value/value.h) stay single-threaded.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>

#include "triggers/trigger_set.h"

namespace riposte::triggers {

enum class MatchOutput { Results, Count };

struct MatchOptions {
  std::string alerts_path;  // JSON Lines; "-" is stdin
  std::string events_path;  // empty: every event is null
  MatchOutput output = MatchOutput::Results;
  unsigned threads = 1;
  // Build only the parts of each alert the triggers can observe
  // (TriggerSet::input_projection); false builds every alert whole.
  bool project_input = true;
  // Time every stage of every alert (MatchSummary::profile).
  bool profile = false;
};

// Where the time of a --profile run went, in nanoseconds of the worker
// threads summed over alerts: reading the lines is the reader thread's
// and not counted.
struct MatchProfile {
  uint64_t parse_ns = 0;   // alert and event text to values (projected)
  EvalProfile eval;        // shared program, answers, residual programs
  uint64_t output_ns = 0;  // the result line (and counting)
  MatchProfile& operator+=(const MatchProfile& o);
};

struct MatchSummary {
  uint64_t alerts = 0;     // alert lines evaluated
  uint64_t matches = 0;    // (alert, trigger) matches
  uint64_t errors = 0;     // (alert, trigger) errors
  uint64_t malformed = 0;  // alert or event lines that are not JSON
  double seconds = 0;      // wall time of the matching (compilation excluded)
  bool profiled = false;   // MatchOptions::profile
  MatchProfile profile;
};

// Writes the result lines (or nothing, for Count) to `out` and malformed
// lines' reports to `diag`.  False with `err` set when a file cannot be
// opened.
bool match_stream(const TriggerSet& triggers, const MatchOptions& opt, std::FILE* out, std::FILE* diag,
                  MatchSummary& summary, std::string& err);

// {"alerts": N, "matches": M, "errors": E, "seconds": S}, plus
// "malformed": K when some lines were malformed, and with --profile
// "profile": {"parse_us": ..., "shared_us": ..., "decide_us": ...,
// "residual_us": ..., "output_us": ... (per alert), "decided": ...,
// "residual_runs": ..., "skipped": ... (pairs per alert)}.
std::string summary_json(const MatchSummary& s);

}  // namespace riposte::triggers
