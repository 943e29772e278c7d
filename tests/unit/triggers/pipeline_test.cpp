// The ordered pipeline of `riposte match --threads`, the triggers file and
// the alert stream.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <thread>

#include "triggers/match_run.h"
#include "triggers/ordered_pipeline.h"
#include "triggers/trigger_file.h"

namespace riposte::triggers {
namespace {

TEST(OrderedPipeline, KeepsInputOrderAndBound) {
  for (unsigned threads : {1u, 2u, 4u}) {
    int next = 0;
    std::vector<int> seen;
    run_ordered<int, int>(
        threads, 3, [&](int& x) { return next < 300 ? (x = next++, true) : false; },
        [](int&& x) {
          if (x % 7 == 0) std::this_thread::sleep_for(std::chrono::microseconds(200));  // out of order
          return x * 2;
        },
        [&](int&& y) { seen.push_back(y); });
    ASSERT_EQ(seen.size(), 300u);
    for (int i = 0; i < 300; ++i) EXPECT_EQ(seen[i], 2 * i);
  }
}

std::string temp_file(const std::string& name, const std::string& text) {
  std::string path = ::testing::TempDir() + name;
  std::ofstream(path) << text;
  return path;
}

TEST(TriggerFile, ReadsAndReportsTheLine) {
  std::vector<TriggerSpec> specs;
  std::string err;
  std::string good = temp_file("t_good.jsonl",
                               "{\"id\": \"a\", \"trigger\": \"true\", \"scope\": \"incident\"}\n\n{\"id\": \"b\", "
                               "\"trigger\": \"false\"}\n");
  ASSERT_TRUE(read_trigger_file(good, Scope::Alert, specs, err)) << err;
  ASSERT_EQ(specs.size(), 2u);
  EXPECT_EQ(specs[0].scope, Scope::Incident);
  EXPECT_EQ(specs[1].scope, Scope::Alert);
  std::string bad = temp_file("t_bad.jsonl", "{\"id\": \"a\", \"trigger\": \"true\"}\n{\"id\": \"b\"\n");
  EXPECT_FALSE(read_trigger_file(bad, Scope::Alert, specs, err));
  EXPECT_NE(err.find(":2:"), std::string::npos) << err;
}

// Result lines in input order, malformed lines reported and counted, the
// same output with one thread or three.
TEST(MatchStream, ResultsAndMalformedLines) {
  std::string alerts;
  for (int i = 0; i < 100; ++i) alerts += i == 40 ? "{oops\n" : "{\"n\": " + std::to_string(i) + "}\n";
  std::string path = temp_file("alerts.jsonl", alerts);
  TriggerSet set({{"even", ".n % 2 == 0", Scope::Alert}, {"bad", ".n[]", Scope::Alert}});
  std::string outputs[2];
  for (unsigned threads : {1u, 3u}) {
    MatchOptions opt;
    opt.alerts_path = path;
    opt.threads = threads;
    std::FILE* out = std::tmpfile();
    std::FILE* diag = std::tmpfile();
    MatchSummary s;
    std::string err;
    ASSERT_TRUE(match_stream(set, opt, out, diag, s, err)) << err;
    EXPECT_EQ(s.alerts, 99u);
    EXPECT_EQ(s.malformed, 1u);
    EXPECT_EQ(s.matches, 49u);
    EXPECT_EQ(s.errors, 99u);
    std::string text(1 << 16, '\0');
    std::rewind(out);
    text.resize(std::fread(text.data(), 1, text.size(), out));
    outputs[threads == 1 ? 0 : 1] = text;
    EXPECT_EQ(text.rfind("{\"alert\": 0, \"matched\": [\"even\"], \"errors\": {\"bad\": ", 0), 0u) << text;
    EXPECT_NE(text.find("{\"alert\": 41, \"matched\": []"), std::string::npos);
    std::string d(4096, '\0');
    std::rewind(diag);
    d.resize(std::fread(d.data(), 1, d.size(), diag));
    EXPECT_NE(d.find("line 41 (alert 40)"), std::string::npos) << d;
    std::fclose(out);
    std::fclose(diag);
  }
  EXPECT_EQ(outputs[0], outputs[1]);
}

}  // namespace
}  // namespace riposte::triggers
