// Micro-benchmarks of trigger matching (triggers/trigger_set.h): compiling a
// set of K triggers, evaluating all K on one alert, and parsing the alert
// (riposte's own JSON reader, and simdjson's DOM parser as the floor).
// The per-alert side-by-side against gojq and jq is bench/match_side_by_side.py;
// these isolate the stages (docs/bench.md).
//
// By default the triggers and the alert are built here, in the shapes of
// ../shared/corpus (severity tests, "[... | . == C] | any" over
// OriginalEvents, Assets, Observables, string tests, arithmetic), with
// constants drawn from a fixed generator.  To run on the corpus instead:
//   ../shared/corpus/gen_triggers.py --count 10000 --seed 7 > /tmp/t.jsonl
//   ../shared/corpus/gen_alerts.py --count 1 --seed 1 > /tmp/a.jsonl
//   RIPOSTE_BENCH_TRIGGERS=/tmp/t.jsonl RIPOSTE_BENCH_ALERT=/tmp/a.jsonl
//   build/bench/riposte_bench --benchmark_filter=Trigger   (with both exported)
// (the first K lines of the triggers file, the first line of the alerts file).
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "bench/bench_util.h"
#include <fmt/format.h>
#include "triggers/trigger_set.h"
#include "value/json.h"

#ifdef RIPOSTE_BENCH_SIMDJSON
#include <simdjson.h>
#endif

namespace riposte::bench {
namespace {

const char* const kSeverities[] = {"low", "medium", "high", "critical"};
const char* const kSources[] = {"KES", "KEDR", "KATA", "KUMA", "KSMG", "KSC", "NDR"};
const char* const kTechnologies[] = {"IOC", "IOA", "YARA", "Sandbox", "AM", "TAA"};
const char* const kProcesses[] = {"winword.exe", "powershell.exe", "cmd.exe", "rundll32.exe", "svchost.exe"};

std::string rule_no(Lcg& r) { return fmt::format("R{:03}", 1 + r.next() % 999); }
std::string host(Lcg& r) { return fmt::format("W10-{:04}", r.next() % 3000); }

// One alert of the corpus's shape with `events` OriginalEvents (the median
// alert has about four; every 500th has hundreds).
std::string make_alert_json(int events) {
  Lcg r;
  std::string a = fmt::format(
      R"({{"InternalID":"35bf992d-c9e9-4616-a12e-7696a6cecc1b","ID":17,"TenantID":"00000000-0000-4000-8000-000000000001",)"
      R"("CreatedAt":"2026-10-07T12:32:44.596Z","UpdatedAt":"2026-10-07T20:51:44.596Z","Severity":"high",)"
      R"("DetectSource":"KATA","DetectionTechnologies":["Sandbox","AM","IOC"],"Status":"new","Assignee":[],)"
      R"("MITRETactics":[{{"ID":"TA0008","Name":"Lateral Movement"}}],"MITRETechniques":[{{"ID":"T1059.001","Name":"PowerShell"}}],)"
      R"("Rules":[{{"ID":"8a9a021e-a648-47dd-8683-9eb905b6e6e3","Name":"R516_Creation of executable files by office applications","Type":"IOA","Severity":"medium"}}],)"
      R"("Assets":[{{"ID":"701966a0","Type":"host","Name":"{}","AttackerOrVictim":"attacker","IsAttacker":true,"IsVictim":false}},)"
      R"({{"ID":"4a2f20aa","Type":"user","Name":"ivan.mallory","AttackerOrVictim":"victim","IsAttacker":false,"IsVictim":true}}],)"
      R"("Observables":[{{"Type":"ip","Value":"10.1.2.3"}},{{"Type":"domain","Value":"a1b2c3.example.com"}},{{"Type":"md5","Value":"0123456789abcdef0123456789abcdef"}}],)"
      R"("Extra":{{"source":"KES","score":71.5,"labels":["apt"]}},"AdditionalData":{{}},"ExternalReference":"","OriginalEvents":[)",
      host(r));
  for (int i = 0; i < events; ++i) {
    if (i) a += ",";
    a += fmt::format(
        R"({{"ID":"ev-{}","Timestamp":{},"Type":1,"ExternalID":"{}","Name":"Process start","DeviceVendor":"Kaspersky",)"
        R"("DeviceProduct":"{}","DeviceHostName":"{}","SourceAddress":"10.0.{}.{}","SourcePort":{},"DestinationPort":443,)"
        R"("SourceUserName":"alice.bob","SourceProcessName":"{}","DestinationProcessName":"{}","EventOutcome":"{}",)"
        R"("FileHash":"{:016x}{:016x}","Message":"Detection by cmd.exe","Extra":{{"CommandLine":"cmd.exe -enc {:012x}","IntegrityLevel":"High"}}}})",
        i, 1791000000000 + static_cast<int64_t>(r.next() % 3600000), rule_no(r), kSources[r.next() % 7], host(r),
        r.next() % 256, r.next() % 256, 1024 + r.next() % 60000, kProcesses[r.next() % 5], kProcesses[r.next() % 5],
        (r.next() & 1) ? "success" : "failure", r.next(), r.next(), r.next());
  }
  return a + "]}";
}

// K distinct triggers in the corpus's shapes (weights roughly as in
// gen_triggers.py: the OriginalEvents scan is the most common shape).
std::vector<triggers::TriggerSpec> make_triggers(size_t k) {
  Lcg r;
  std::vector<triggers::TriggerSpec> out;
  for (size_t i = 0; i < k; ++i) {
    std::string t;
    switch (r.next() % 10) {
      case 0: t = fmt::format(R"(.Severity == "{}")", kSeverities[r.next() % 4]); break;
      case 1:
        t = fmt::format(R"((.Severity == "{}") and (.DetectSource == "{}"))", kSeverities[r.next() % 4],
                        kSources[r.next() % 7]);
        break;
      case 2:
      case 3:
      case 4: t = fmt::format(R"([.OriginalEvents[] | .ExternalID == "{}"] | any)", rule_no(r)); break;
      case 5: t = fmt::format(R"([.Assets[] | .Name == "{}"] | any)", host(r)); break;
      case 6: t = fmt::format(R"([ .DetectionTechnologies[] | . == "{}" ] | any)", kTechnologies[r.next() % 6]); break;
      case 7: t = fmt::format(R"([.Rules[] | .Name | contains("{}")] | any)", rule_no(r)); break;
      case 8: t = fmt::format(R"(.Extra.score > {})", r.next() % 100); break;
      default: t = fmt::format(R"(.ID % {} == 0)", 2 + r.next() % 48); break;
    }
    out.push_back({fmt::format("t{:06}", i + 1), std::move(t), triggers::Scope::Alert});
  }
  return out;
}

std::vector<triggers::TriggerSpec> corpus_or_made_triggers(size_t k) {
  const char* path = std::getenv("RIPOSTE_BENCH_TRIGGERS");
  if (!path) return make_triggers(k);
  std::ifstream in(path);
  std::vector<triggers::TriggerSpec> out;
  std::string line;
  while (out.size() < k && std::getline(in, line)) {
    Value v = parse_or_die(line);
    const Value* text = v.find("trigger");
    const Value* id = v.find("id");
    if (!text || !text->is_string()) continue;
    out.push_back({id && id->is_string() ? std::string(id->str()) : fmt::format("t{}", out.size()),
                   std::string(text->str()), triggers::Scope::Alert});
  }
  if (out.size() < k) {
    std::fprintf(stderr, "bench: %s has fewer than %zu triggers\n", path, k);
    std::abort();
  }
  return out;
}

std::string corpus_or_made_alert(int events) {
  const char* path = std::getenv("RIPOSTE_BENCH_ALERT");
  if (!path) return make_alert_json(events);
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  return line;
}

// All K triggers on one alert (a change event of null): the per-alert cost
// of matching without reading the alert.
void BM_TriggerSetEvaluateAll(benchmark::State& state) {
  triggers::TriggerSet set(corpus_or_made_triggers(static_cast<size_t>(state.range(0))));
  Value alert = parse_or_die(corpus_or_made_alert(4));
  Value event = Value::null();
  std::vector<triggers::TriggerResult> results;
  size_t matches = 0;
  for (auto _ : state) {
    set.evaluate_all(alert, event, results);
    for (const triggers::TriggerResult& r : results) matches += r.verdict == triggers::Verdict::Match;
  }
  benchmark::DoNotOptimize(matches);
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()) * state.range(0));  // triggers evaluated
}
BENCHMARK(BM_TriggerSetEvaluateAll)->Arg(1)->Arg(100)->Arg(1000)->Arg(10000)->Unit(benchmark::kMicrosecond);

// Compiling K triggers (what `riposte match` does at start-up and what a
// playbook save costs).
void BM_TriggerSetCompile(benchmark::State& state) {
  std::vector<triggers::TriggerSpec> specs = corpus_or_made_triggers(static_cast<size_t>(state.range(0)));
  for (auto _ : state) {
    triggers::TriggerSet set(specs);
    benchmark::DoNotOptimize(set.size());
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()) * state.range(0));  // triggers compiled
}
BENCHMARK(BM_TriggerSetCompile)->Arg(100)->Arg(1000)->Unit(benchmark::kMillisecond);

// Reading one alert into a Value (the first thing matching does per alert);
// argument: the number of OriginalEvents (4: a median alert; 400: a heavy one).
void BM_TriggerAlertParse(benchmark::State& state) {
  std::string text = corpus_or_made_alert(static_cast<int>(state.range(0)));
  for (auto _ : state) {
    Value v = parse_or_die(text);
    benchmark::DoNotOptimize(&v);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(text.size()));
}
BENCHMARK(BM_TriggerAlertParse)->Arg(4)->Arg(400)->Unit(benchmark::kMicrosecond);

// Reading one alert as `riposte match` does: only what K = 1000 triggers
// read (TriggerSet::read_projection), through simdjson's tape (Simd) or the
// byte-by-byte reader alone (Exact); value/json.h.
template <bool kSimd>
void BM_TriggerAlertParseProjected(benchmark::State& state) {
  std::string text = corpus_or_made_alert(static_cast<int>(state.range(0)));
  triggers::TriggerSet set(corpus_or_made_triggers(1000));
  const JsonProjection& projection = set.read_projection();
  JsonError err;
  for (auto _ : state) {
    Value v;
    bool ok = kSimd ? parse_json_projected(text, projection, v, err)
                    : parse_json_projected_exact(text, projection, v, err);
    if (!ok) std::abort();
    benchmark::DoNotOptimize(&v);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(text.size()));
}
BENCHMARK(BM_TriggerAlertParseProjected<true>)->Name("BM_TriggerAlertParseProjectedSimd")->Arg(4)->Arg(400)
    ->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_TriggerAlertParseProjected<false>)->Name("BM_TriggerAlertParseProjectedExact")->Arg(4)->Arg(400)
    ->Unit(benchmark::kMicrosecond);

#ifdef RIPOSTE_BENCH_SIMDJSON
// The floor: simdjson's DOM parser on the same text.
void BM_TriggerAlertParseSimdjsonDom(benchmark::State& state) {
  simdjson::padded_string text(corpus_or_made_alert(static_cast<int>(state.range(0))));
  simdjson::dom::parser parser;
  for (auto _ : state) {
    simdjson::dom::element doc;
    if (parser.parse(text).get(doc) != simdjson::SUCCESS) std::abort();
    benchmark::DoNotOptimize(doc);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(text.size()));
}
BENCHMARK(BM_TriggerAlertParseSimdjsonDom)->Arg(4)->Arg(400)->Unit(benchmark::kMicrosecond);
#endif

}  // namespace
}  // namespace riposte::bench
