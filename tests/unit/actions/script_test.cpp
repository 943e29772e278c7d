// The real executeCustomScript: argv (no shell), stdin, working directory,
// exit codes, the output cap, the deadline (the process group is killed)
// and programs that do not exist.  Nothing asserts on time: the sleeping
// program would sleep 60 s, so only a kill ends it.
#include <cstdlib>
#include <gtest/gtest.h>

#include "tests/unit/actions/actions_test_util.h"

namespace riposte::actions {
namespace {
using namespace testing;

Registry& real_registry(size_t cap = 64 * 1024) {
  static thread_local std::unique_ptr<Registry> kept;
  MadeRegistry made = make_registry({.mode = Mode::Real, .script = {.output_cap = cap}});
  EXPECT_EQ(made.error, "");
  kept = std::move(made.registry);
  return *kept;
}

Outcome script(std::string_view params, size_t cap = 64 * 1024) {
  return real_registry(cap).call(make_call("executeCustomScript", params));
}

std::string member(const Outcome& o, std::string_view name) {
  const Value* v = o.result.find(name);
  return v ? to_json(*v) : "absent";
}

struct ScriptCase {
  const char* name;
  std::string params;
  Status status;
  std::string exit_code, out, err;  // JSON of the result's members
  std::string message;
};

TEST(Script, Table) {
  const ScriptCase cases[] = {
      {"echo", R"({"commandLine": "/bin/echo", "commandLineParameters": "hello 'big world'"})", Status::Success, "0",
       R"("hello big world\n")", R"("")", ""},
      {"no shell: metacharacters are data", R"({"commandLine": "/bin/echo", "commandLineParameters": "$HOME; id | x"})",
       Status::Success, "0", R"("$HOME; id | x\n")", R"("")", ""},
      {"stdin", R"({"commandLine": "/bin/cat", "stdIn": "line 1\nline 2\n"})", Status::Success, "0",
       R"("line 1\nline 2\n")", R"("")", ""},
      {"working directory", R"({"commandLine": "/bin/pwd", "workingDirectory": "/usr/share"})", Status::Success, "0",
       R"("/usr/share\n")", R"("")", ""},
      {"program from PATH", R"({"commandLine": "echo", "commandLineParameters": "found"})", Status::Success, "0",
       R"("found\n")", R"("")", ""},
      {"relative program in the working directory", R"({"commandLine": "./echo", "commandLineParameters": "x", "workingDirectory": "/bin"})",
       Status::Success, "0", R"("x\n")", R"("")", ""},
      {"nonzero exit", R"({"commandLine": "/bin/false"})", Status::Error, "1", R"("")", R"("")",
       "executeCustomScript: exited with code 1"},
  };
  for (const ScriptCase& c : cases) {
    Outcome o = script(c.params);
    EXPECT_EQ(o.status, c.status) << c.name << ": " << o.message;
    EXPECT_EQ(member(o, "exitCode"), c.exit_code) << c.name;
    EXPECT_EQ(member(o, "stdout"), c.out) << c.name;
    EXPECT_EQ(member(o, "stderr"), c.err) << c.name;
    EXPECT_EQ(o.message, c.message) << c.name;
  }
}

TEST(Script, StderrIsCapturedApart) {
  Outcome o = script(R"({"commandLine": "/bin/ls", "commandLineParameters": "/no/such/path"})");
  EXPECT_EQ(o.status, Status::Error);
  EXPECT_EQ(member(o, "stdout"), R"("")");
  EXPECT_NE(o.result.find("stderr")->str().find("/no/such/path"), std::string_view::npos);  // wording: locale's
  EXPECT_EQ(o.message, "executeCustomScript: exited with code 2");
}

TEST(Script, ProgramsThatCannotStart) {
  const std::pair<std::string, std::string> cases[] = {
      {R"({"commandLine": "/no/such/program"})",
       R"(executeCustomScript: cannot run "/no/such/program": No such file or directory)"},
      {R"({"commandLine": "no-such-program-riposte"})",
       R"(executeCustomScript: cannot run "no-such-program-riposte": No such file or directory)"},
      {R"({"commandLine": "/bin/pwd", "workingDirectory": "/no/such/dir"})",
       R"(executeCustomScript: working directory "/no/such/dir": No such file or directory)"},
      {R"({"commandLine": "/bin/pwd", "workingDirectory": "/bin/sh"})",
       R"(executeCustomScript: working directory "/bin/sh": not a directory)"},
  };
  for (const auto& [params, message] : cases) {
    Outcome o = script(params);
    EXPECT_EQ(o.status, Status::Error) << params;
    EXPECT_EQ(o.failure, Failure::Action) << params;
    EXPECT_EQ(o.message, message);
    EXPECT_TRUE(o.result.is_null()) << params;
  }
}

TEST(Script, BadParameters) {
  const std::pair<std::string, std::string> cases[] = {
      {R"({})", "executeCustomScript: params.commandLine is required"},
      {R"({"commandLine": ""})", "executeCustomScript: params.commandLine is empty"},
      {R"({"commandLine": 7})", "executeCustomScript: params.commandLine must be a string, got number"},
      {R"({"commandLine": "/bin/echo", "commandLineParameters": "'open"})",
       "executeCustomScript: unterminated ' quote in commandLineParameters"},
  };
  for (const auto& [params, message] : cases) {
    Outcome o = script(params);
    EXPECT_EQ(o.failure, Failure::BadCall) << params;
    EXPECT_EQ(o.message, message);
  }
}

TEST(Script, TheDeadlineKillsTheProcessGroup) {
  Call c = make_call("executeCustomScript", R"({"commandLine": "/bin/sleep", "commandLineParameters": "60"})");
  c.deadline = Clock::now() + std::chrono::milliseconds(200);
  Outcome o = real_registry().call(c);
  EXPECT_EQ(o.status, Status::Error);
  EXPECT_EQ(o.failure, Failure::Timeout);
  EXPECT_EQ(member(o, "timedOut"), "true");
  EXPECT_EQ(member(o, "signal"), "9");  // SIGKILL: killed, not finished
  EXPECT_EQ(member(o, "exitCode"), "null");
}

TEST(Script, CancellationKillsTheProcessGroup) {
  CancelSource terminate;
  Call c = make_call("executeCustomScript", R"({"commandLine": "/bin/sleep", "commandLineParameters": "60"})");
  c.cancel = terminate.token();
  Pending p = real_registry().start(c);
  terminate.cancel();
  Outcome o = p.wait();
  EXPECT_EQ(o.failure, Failure::Cancelled);
  EXPECT_EQ(o.message, "executeCustomScript: cancelled, process group killed");
}

TEST(Script, OutputIsCappedWithAMarker) {
  // 100,000 zeros on stdout, a cap of 1,000 bytes.
  Outcome o = script(R"({"commandLine": "/usr/bin/printf", "commandLineParameters": "%0100000d 0"})", 1000);
  EXPECT_EQ(o.status, Status::Success) << o.message;
  EXPECT_EQ(member(o, "stdoutTruncated"), "99000");
  std::string out(o.result.find("stdout")->str());
  EXPECT_EQ(out, std::string(1000, '0') + "\n[riposte: output truncated, 99000 more bytes]");
  EXPECT_EQ(member(o, "stderrTruncated"), "absent");
}

TEST(Script, TheCapNeverSplitsACharacter) {
  // "aéé" is 5 bytes; a cap of 2 would keep "a" and half an "é": only "a" stays.
  Outcome o = script(R"({"commandLine": "/usr/bin/printf", "commandLineParameters": "aéé"})", 2);
  std::string out(o.result.find("stdout")->str());
  EXPECT_EQ(out, "a\n[riposte: output truncated, 4 more bytes]");
}

TEST(Script, BigStdinToAProgramThatDoesNotReadIt) {
  // 1 MiB of stdin for a program that exits at once: no SIGPIPE, no hang.
  std::string params = R"({"commandLine": "/bin/true", "stdIn": ")" + std::string(1 << 20, 'x') + "\"}";
  EXPECT_EQ(script(params).status, Status::Success);
}

TEST(Script, BigStdinThroughCat) {
  std::string params = R"({"commandLine": "/bin/cat", "stdIn": ")" + std::string(300000, 'y') + "\"}";
  Outcome o = script(params, 1 << 20);
  EXPECT_EQ(o.result.find("stdout")->str().size(), 300000u);
}

TEST(Script, TheIdempotencyKeyIsInTheEnvironment) {
  Call c = make_call("executeCustomScript", R"({"commandLine": "/usr/bin/printenv", "commandLineParameters": "RIPOSTE_IDEMPOTENCY_KEY"})");
  c.idempotency_key = "k-123";
  EXPECT_EQ(member(real_registry().call(c), "stdout"), R"("k-123\n")");
}

// The server's environment holds the --config secrets: a program sees only
// PATH, the locale, TZ, TMPDIR, HOME and its idempotency key.
TEST(Script, TheServersEnvironmentIsNotPassedOn) {
  ::setenv("RIPOSTE_TEST_SERVER_SECRET", "hunter2", 1);
  Outcome o = real_registry().call(make_call("executeCustomScript", R"({"commandLine": "/usr/bin/env"})"));
  ::unsetenv("RIPOSTE_TEST_SERVER_SECRET");
  std::string out(o.result.find("stdout")->str());
  EXPECT_EQ(out.find("hunter2"), std::string::npos) << out;
  EXPECT_NE(out.find("PATH="), std::string::npos) << out;
}

}  // namespace
}  // namespace riposte::actions
