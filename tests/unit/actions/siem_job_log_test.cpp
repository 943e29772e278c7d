// logEvents and the job log: JSON Lines, rotation by size (files and line
// counts), concurrent appends lose no line, no jobLog configured.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <thread>

#include "actions/siem/siem_internal.h"
#include "tests/unit/actions/siem_test_util.h"
#include "value/json.h"

namespace riposte::actions::testing {
namespace {

namespace fs = std::filesystem;

struct TempDir {
  fs::path path;
  TempDir() {
    char tmpl[] = "/tmp/siem_log_XXXXXX";
    path = ::mkdtemp(tmpl);
  }
  ~TempDir() { fs::remove_all(path); }
};

std::vector<std::string> lines_of(const fs::path& p) {
  std::vector<std::string> lines;
  std::ifstream in(p);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

TEST(SiemJobLog, LogEventsWritesOneJsonLinePerResult) {
  TempDir dir;
  std::string log = (dir.path / "job.log").string();
  SiemBinding b = siem_binding("logEvents", R"({"jobLog": ")" + log + R"("})");
  Call c = make_call("logEvents", R"({"results": [{"a": 1}, "two"]})");
  c.context = {.instance = "inst-7", .playbook = "pb-1"};
  Outcome o = b.call(c);
  ASSERT_EQ(o.status, Status::Success) << o.message;
  EXPECT_EQ(to_json(o.result), R"({"lines":2})");
  std::vector<std::string> lines = lines_of(log);
  ASSERT_EQ(lines.size(), 2u);
  Value first = json(lines[0]);
  EXPECT_EQ(to_json(*first.find("result")), R"({"a":1})");
  EXPECT_EQ(first.find("instance_id")->str(), "inst-7");
  EXPECT_EQ(first.find("playbook")->str(), "pb-1");
  EXPECT_TRUE(first.find("timestamp")->is_string());
  EXPECT_EQ(to_json(*json(lines[1]).find("result")), R"("two")");
}

TEST(SiemJobLog, NoJobLogConfiguredIsAClearError) {
  SiemBinding b = siem_binding("logEvents", "{}");
  Outcome o = b.call(make_call("logEvents", R"({"results": [1]})"));
  EXPECT_EQ(o.failure, Failure::Action);
  EXPECT_EQ(o.message,
            "logEvents: no \"jobLog\" in the configuration (--config): no job log file to append to");
}

TEST(SiemJobLog, AnUnwritablePathIsAnActionError) {
  SiemBinding b = siem_binding("logEvents", R"({"jobLog": "/nonexistent-dir/job.log"})");
  Outcome o = b.call(make_call("logEvents", R"({"results": [1]})"));
  EXPECT_EQ(o.failure, Failure::Action);
  EXPECT_NE(o.message.find("cannot open the job log /nonexistent-dir/job.log"), std::string::npos)
      << o.message;
}

// 100-byte lines, maxBytes 1024 (10 lines a file), keep 3: 45 lines leave
// PATH with 5, PATH.1..3 with 10 each, and the oldest 10 dropped.
TEST(SiemJobLog, RotationKeepsTheNewestFilesAndDropsTheOldest) {
  TempDir dir;
  config::JobLogConfig log{.path = (dir.path / "job.log").string(), .max_bytes = 1024, .keep = 3};
  for (int i = 0; i < 45; ++i) {
    std::string line = fmt::format("{:03}", i) + std::string(96, 'x');  // 99 bytes + newline
    ASSERT_EQ(siem::append_job_log(log, {line}), "");
  }
  EXPECT_EQ(lines_of(log.path).size(), 5u);
  EXPECT_EQ(lines_of(log.path + ".1").size(), 10u);
  EXPECT_EQ(lines_of(log.path + ".2").size(), 10u);
  EXPECT_EQ(lines_of(log.path + ".3").size(), 10u);
  EXPECT_FALSE(fs::exists(log.path + ".4"));
  EXPECT_EQ(lines_of(log.path + ".3").front().substr(0, 3), "010");  // 000..009 dropped
  EXPECT_EQ(lines_of(log.path + ".1").back().substr(0, 3), "039");
  EXPECT_EQ(lines_of(log.path).front().substr(0, 3), "040");
  for (const char* suffix : {"", ".1", ".2", ".3"})
    EXPECT_LE(fs::file_size(log.path + suffix), 1024u) << suffix;
}

TEST(SiemJobLog, ALineLargerThanMaxBytesGetsAFileOfItsOwn) {
  TempDir dir;
  config::JobLogConfig log{.path = (dir.path / "job.log").string(), .max_bytes = 1024, .keep = 2};
  ASSERT_EQ(siem::append_job_log(log, {"small"}), "");
  ASSERT_EQ(siem::append_job_log(log, {std::string(2000, 'b')}), "");
  ASSERT_EQ(siem::append_job_log(log, {"after"}), "");
  EXPECT_EQ(lines_of(log.path), std::vector<std::string>{"after"});
  EXPECT_EQ(lines_of(log.path + ".1").at(0).size(), 2000u);
  EXPECT_EQ(lines_of(log.path + ".2"), std::vector<std::string>{"small"});
}

TEST(SiemJobLog, ConcurrentAppendsLoseNoLine) {
  TempDir dir;
  config::JobLogConfig log{.path = (dir.path / "job.log").string(), .max_bytes = 4096, .keep = 100};
  constexpr int kThreads = 8, kCalls = 50;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < kCalls; ++i)
        EXPECT_EQ(siem::append_job_log(log, {fmt::format("t{}-{}-a", t, i), fmt::format("t{}-{}-b", t, i)}),
                  "");
    });
  for (auto& th : threads) th.join();
  std::multiset<std::string> seen;
  for (const auto& entry : fs::directory_iterator(dir.path))
    for (std::string& line : lines_of(entry.path())) seen.insert(std::move(line));
  EXPECT_EQ(seen.size(), size_t(kThreads * kCalls * 2));
  for (int t = 0; t < kThreads; ++t)
    for (int i = 0; i < kCalls; ++i) {
      EXPECT_EQ(seen.count(fmt::format("t{}-{}-a", t, i)), 1u);
      EXPECT_EQ(seen.count(fmt::format("t{}-{}-b", t, i)), 1u);
    }
}

TEST(SiemJobLog, ConcurrentLogEventsCallsThroughTheBinding) {
  TempDir dir;
  std::string log = (dir.path / "job.log").string();
  SiemBinding b = siem_binding(
      "logEvents", R"({"jobLog": ")" + log + R"(", "jobLogRotate": {"maxBytes": 2048, "keep": 50}})");
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < 25; ++i) {
        Outcome o =
            b.call(make_call("logEvents", fmt::format(R"({{"results": [{{"t": {}, "i": {}}}]}})", t, i)));
        EXPECT_EQ(o.status, Status::Success) << o.message;
      }
    });
  for (auto& th : threads) th.join();
  size_t total = 0;
  for (const auto& entry : fs::directory_iterator(dir.path)) total += lines_of(entry.path()).size();
  EXPECT_EQ(total, 100u);
  EXPECT_TRUE(fs::exists(log + ".1"));
}

}  // namespace
}  // namespace riposte::actions::testing
