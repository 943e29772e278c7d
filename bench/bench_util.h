// Helpers shared by the micro-benchmarks: compile a program once, make
// deterministic data, run a program to the end of its outputs.
#pragma once

#include <benchmark/benchmark.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/pipeline.h"
#include "value/json.h"
#include "vm/program.h"

namespace riposte::bench {

// A compiled program with its globals, ready to run.
struct Prepared {
  compiler::Compiled compiled;
  std::vector<Value> globals;
};

// Compiles `text`; aborts the benchmark binary when it does not compile
// (a broken benchmark must not report a time).
inline Prepared prepare(std::string_view text) {
  compiler::CompileOptions opt;
  Prepared p{compiler::compile(text, opt), {}};
  if (!p.compiled.ok()) {
    std::fprintf(stderr, "bench: program does not compile: %.*s\n%s", static_cast<int>(text.size()),
                 text.data(), support::render_text(p.compiled.diagnostics, text, "<bench>").c_str());
    std::abort();
  }
  p.globals = compiler::GlobalBindings().for_module(*p.compiled.module);
  return p;
}

inline Value parse_or_die(std::string_view json) {
  Value v;
  JsonError err;
  if (!parse_json(json, v, err)) {
    std::fprintf(stderr, "bench: bad JSON: %s\n", err.message.c_str());
    std::abort();
  }
  return v;
}

// A small deterministic generator (no dependence on the platform's rand).
struct Lcg {
  uint64_t state = 0x9e3779b97f4a7c15ull;
  uint64_t next() {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return state >> 33;
  }
};

// n alerts like those triggers match: {"id", "severity", "host", "score", "tags", "rules"}.
inline Value make_records(size_t n) {
  static const char* kSeverity[] = {"low", "medium", "high", "critical"};
  Lcg rng;
  Array items;
  items.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    Object o;
    o.emplace("id", Value::integer(static_cast<int64_t>(i)));
    o.emplace("severity", Value::string(std::string_view(kSeverity[rng.next() % 4])));
    o.emplace("host", Value::string("host-" + std::to_string(rng.next() % 100)));
    o.emplace("score", Value::number(static_cast<double>(rng.next() % 10000) / 100.0));
    Array tags;
    for (int t = 0; t < 3; ++t) tags.push_back(Value::string("tag" + std::to_string(rng.next() % 20)));
    o.emplace("tags", Value::array(std::move(tags)));
    Object rule;
    rule.emplace("Name", Value::string("Rule_" + std::to_string(rng.next() % 50)));
    o.emplace("rules", Value::array(Array{Value::object(std::move(rule))}));
    items.push_back(Value::object(std::move(o)));
  }
  return Value::array(std::move(items));
}

// Runs `p` on `input`, counting outputs; aborts on a run-time error.
inline size_t run_all(const Prepared& p, const Value& input) {
  static const vm::Host host;
  static const vm::Budgets unlimited;
  size_t outputs = 0;
  vm::Program::Outcome r = p.compiled.program->run(input, p.globals, unlimited, host, [&](const Value& v) {
    benchmark::DoNotOptimize(&v);
    ++outputs;
    return true;
  });
  if (r.status != vm::Program::Status::Ok) {
    std::fprintf(stderr, "bench: run failed: %s\n", to_json(r.error).c_str());
    std::abort();
  }
  return outputs;
}

}  // namespace riposte::bench
