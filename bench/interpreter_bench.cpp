// Micro-benchmarks of the interpreter: generic jq work on generated data
// (the same families of programs as bench/side_by_side.py), plus the rows
// where a peer falls off a cliff (appending in reduce, setpath in a loop,
// string building).  Run: build/bench/riposte_bench [--benchmark_filter=...]
#include "bench/bench_util.h"

namespace riposte::bench {
namespace {

// One benchmark per (program, input size): compile once, run per iteration.
void run_program(benchmark::State& state, const char* program, bool records_input) {
  Prepared p = prepare(program);
  size_t n = static_cast<size_t>(state.range(0));
  Value input = records_input ? make_records(n) : Value::integer(static_cast<int64_t>(n));
  size_t outputs = 0;
  for (auto _ : state) outputs += run_all(p, input);
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(n));
  benchmark::DoNotOptimize(outputs);
}

#define RIPOSTE_RECORDS_BENCH(name, program) \
  void name(benchmark::State& state) {       \
    run_program(state, program, true);       \
  }                                          \
  BENCHMARK(name)->Arg(1000)->Arg(10000)->Unit(benchmark::kMicrosecond)

#define RIPOSTE_COUNT_BENCH(name, program) \
  void name(benchmark::State& state) {     \
    run_program(state, program, false);    \
  }                                        \
  BENCHMARK(name)->Arg(10000)->Arg(100000)->Unit(benchmark::kMicrosecond)

// ---- on records (input: an array of n alert-like objects)
RIPOSTE_RECORDS_BENCH(BM_SortBy, "sort_by(.score) | length");
RIPOSTE_RECORDS_BENCH(BM_GroupBy, "group_by(.host) | map({host: .[0].host, n: length}) | length");
RIPOSTE_RECORDS_BENCH(BM_UniqueBy, "unique_by(.severity) | length");
RIPOSTE_RECORDS_BENCH(BM_MapSelect, "map(select(.severity == \"critical\" and .score > 50)) | length");
RIPOSTE_RECORDS_BENCH(
    BM_TriggerAny,
    "map([(.severity == \"critical\") and (.rules[] | .Name | contains(\"Rule_1\"))] | any) | length");
RIPOSTE_RECORDS_BENCH(BM_ToEntries, "map(to_entries | from_entries) | length");
RIPOSTE_RECORDS_BENCH(BM_Paths, "[paths] | length");
RIPOSTE_RECORDS_BENCH(BM_UpdateAssign, "map(.score |= . * 2 | .tags += [\"x\"]) | length");
RIPOSTE_RECORDS_BENCH(BM_ToJsonFromJson, "map(tojson | fromjson) | length");
RIPOSTE_RECORDS_BENCH(BM_StringWork, "map(.host | ascii_upcase | split(\"-\") | join(\"_\")) | length");
RIPOSTE_RECORDS_BENCH(BM_ObjectBuild, "reduce .[] as $r ({}; .[$r.host] += 1) | length");
RIPOSTE_RECORDS_BENCH(BM_Walk, "walk(if type == \"number\" then . + 1 else . end) | length");

// ---- on a count n (the cliffs of the peers)
RIPOSTE_COUNT_BENCH(BM_ReduceAppend, "reduce range(.) as $x ([]; . + [$x]) | length");
RIPOSTE_COUNT_BENCH(BM_ReduceSetpath,
                    "reduce range(.) as $x ({}; setpath([$x % 100 | tostring, \"v\"]; $x)) | length");
RIPOSTE_COUNT_BENCH(BM_StringBuild, "reduce range(.) as $x (\"\"; . + \"ab\") | length");
RIPOSTE_COUNT_BENCH(BM_CollectRange, "[range(.)] | add");
RIPOSTE_COUNT_BENCH(BM_Recursion, "def f: if . <= 0 then 0 else (. - 1 | f) + 1 end; f");
RIPOSTE_COUNT_BENCH(BM_LimitFirst, "[limit(. ; repeat(1))] | length");

}  // namespace
}  // namespace riposte::bench

BENCHMARK_MAIN();
