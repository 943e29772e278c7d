// Compile time per trigger, stage by stage (10,000 triggers compile at
// start-up): parse, parse + lower with the prelude, the whole pipeline, and
// one evaluation of a compiled trigger on one alert.
#include "bench/bench_util.h"
#include "frontend/frontend.h"

namespace riposte::bench {
namespace {

const char* const kTriggers[] = {
    ".Severity == \"critical\"",
    "[(.Severity == \"critical\") and (.Rules[] | .Name | contains(\"Rule_1\"))] | any",
    ".tags | map(ascii_downcase) | index(\"malware\") != null",
    "(.score // 0) > 70 and (.host | test(\"^srv-[0-9]+$\"))",
    "[.events[]? | select(.type == \"login\" and .result == \"fail\")] | length >= 5",
};

void BM_Parse(benchmark::State& state) {
  const char* text = kTriggers[state.range(0)];
  for (auto _ : state) {
    frontend::ParseResult r = frontend::parse(text);
    benchmark::DoNotOptimize(r.ast.get());
  }
}
BENCHMARK(BM_Parse)->DenseRange(0, 4)->Unit(benchmark::kMicrosecond);

void BM_Lower(benchmark::State& state) {
  const char* text = kTriggers[state.range(0)];
  frontend::LowerOptions opt = compiler::lower_options(compiler::Environment::Jq);
  for (auto _ : state) {
    frontend::LowerResult r = frontend::compile_to_ir(text, opt);
    benchmark::DoNotOptimize(r.module.get());
  }
}
BENCHMARK(BM_Lower)->DenseRange(0, 4)->Unit(benchmark::kMicrosecond);

void BM_CompileAll(benchmark::State& state) {
  const char* text = kTriggers[state.range(0)];
  compiler::CompileOptions opt;
  for (auto _ : state) {
    compiler::Compiled c = compiler::compile(text, opt);
    benchmark::DoNotOptimize(c.program.get());
  }
}
BENCHMARK(BM_CompileAll)->DenseRange(0, 4)->Unit(benchmark::kMicrosecond);

// One trigger on one alert: the per-alert cost of matching.
void BM_TriggerOnAlert(benchmark::State& state) {
  Prepared p = prepare(kTriggers[state.range(0)]);
  Value alert = parse_or_die(
      R"({"Severity":"critical","Rules":[{"Name":"Rule_10"},{"Name":"Other"}],"tags":["Malware","x"],)"
      R"("score":80,"host":"srv-12","events":[{"type":"login","result":"fail"}]})");
  for (auto _ : state) run_all(p, alert);
}
BENCHMARK(BM_TriggerOnAlert)->DenseRange(0, 4);

}  // namespace
}  // namespace riposte::bench
