// `riposte serve` (api.md, docs/api.md): opens the store, builds the engine's
// Service, serves the HTTP API until SIGTERM or SIGINT.
#include <malloc.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

#include "engine/service.h"
#include "server/http_server.h"
#include "server/signals.h"
#include "store/store.h"
#include "tools/commands.h"
#include "tools/large_stack.h"
#include "value/json.h"
#include "actions/config/config.h"
#include "store/sqlite/sqlite_store.h"

namespace riposte::tools {
namespace {

// --config: one JSON object (api.md: the connections of the action
// bindings).
}  // namespace

bool read_config(const std::string& path, Value& out, std::string& error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = "cannot read " + path;
    return false;
  }
  std::ostringstream text;
  text << in.rdbuf();
  JsonError err;
  if (!parse_json(text.str(), out, err)) {
    error = path + ":" + std::to_string(err.line) + ":" + std::to_string(err.column) + ": " + err.message;
    return false;
  }
  if (!out.is_object()) {
    error = path + ":1:1: the configuration must be a JSON object, not " + out.type_name();
    return false;
  }
  return true;
}

bool runtime_options(unsigned workers, double time_scale, const std::string& bindings, const std::string& mock,
                     const Value& config, engine::RuntimeOptions& out, std::string& error) {
  out.workers = workers;
  out.time_scale = time_scale;
  out.bindings = bindings;
  out.config = config;
  out.stack_bytes = kLargeStackBytes;
  if (config.is_object()) {
    actions::config::ActionConfigResult parsed = actions::config::parse_action_config(config);
    if (!parsed.ok()) {
      error = "--config: " + parsed.error;
      return false;
    }
    out.action_config = std::move(parsed.config);
  }
  if (!mock.empty()) {
    Value mocks;
    if (!read_config(mock, mocks, error)) {
      error = "--mock " + error;
      return false;
    }
    out.mocks_json = to_json(mocks);
  }
  return true;
}

namespace {

// glibc's malloc gives big blocks back to the kernel as soon as they are
// freed (mmap'ed blocks over 128 KiB, and the top of a heap over the trim
// threshold), so that every request of a JSON Lines batch (megabytes: the
// body, the texts, SQLite's pages) faulted its memory in again: a fifth of
// the server's time (docs/bench.md, "Intake").  Blocks up to 32 MiB (the
// body limit is 16 MiB) come from the heaps, and a heap keeps up to
// 128 MiB of free memory for the next request.  GLIBC_TUNABLES with a
// glibc.malloc setting wins.
void tune_malloc() {
  const char* tunables = std::getenv("GLIBC_TUNABLES");
  if (tunables != nullptr && std::string_view(tunables).find("glibc.malloc.") != std::string_view::npos) return;
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  mallopt(M_TRIM_THRESHOLD, 128 << 20);
}

}  // namespace

std::unique_ptr<store::Store> open_store(const std::string& db, const std::string& sync, std::string& error) {
  try {
    store::sqlite::Options options;
    options.sync =
        sync == "normal" ? store::sqlite::Options::Sync::Normal : store::sqlite::Options::Sync::Full;
    return store::sqlite::open(db, options);
  } catch (const std::exception& e) {
    error = e.what();
    return nullptr;
  }
}

int run_serve(const ServeCommand& cmd) {
  tune_malloc();
  server::ServerOptions options;
  std::string error;
  if (!server::parse_listen(cmd.listen, options.host, options.port, error)) {
    std::fprintf(stderr, "riposte serve: %s\n", error.c_str());
    return 1;
  }
  options.max_body = size_t(cmd.max_body);
  options.threads = cmd.threads;
  options.worker_stack_bytes = kLargeStackBytes;
  Value config;
  if (!cmd.config.empty() && !read_config(cmd.config, config, error)) {
    std::fprintf(stderr, "riposte serve: --config %s\n", error.c_str());
    return 1;
  }
  std::unique_ptr<store::Store> store = open_store(cmd.db, cmd.sync, error);
  if (!store) {
    std::fprintf(stderr, "riposte serve: %s\n", error.c_str());
    return 1;
  }
  engine::Service service(*store);
  engine::RuntimeOptions runtime;
  if (!runtime_options(cmd.workers, cmd.time_scale, cmd.bindings, cmd.mock, config, runtime, error)) {
    std::fprintf(stderr, "riposte serve: %s\n", error.c_str());
    return 1;
  }
  service.start_runtime(runtime);
  server::HttpServer http(service, options);
  if (!http.bind(error)) {
    std::fprintf(stderr, "riposte serve: %s\n", error.c_str());
    return 1;
  }
  server::SignalWatcher signals([&](int sig) {
    std::fprintf(stderr, "riposte serve: %s, stopping\n", sig == SIGINT ? "SIGINT" : "SIGTERM");
    http.stop();
  });
  std::printf("{\"listening\": \"%s\"}\n", server::format_listen(options.host, http.port()).c_str());
  std::fflush(stdout);
  bool served = http.run();
  service.stop_runtime();  // the steps under way finish; the rest resumes at the next start
  if (!served) {
    std::fprintf(stderr, "riposte serve: the server stopped on an error\n");
    return 1;
  }
  return 0;
}

}  // namespace riposte::tools
