// The subcommands of `riposte`; main.cpp dispatches to them.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "engine/service.h"
#include "value/value.h"

namespace riposte::store {
class Store;
}

namespace riposte::tools {

inline constexpr const char* kVersion = "0.1.0";

// `riposte jq [flags] FILTER [FILE...]`: `args` are the words after "jq",
// parsed by jq's rules (jq_options.h).  Returns the process exit status.
int run_jq(const std::vector<std::string>& args);

struct IrCommand {
  std::string stage = "opt";  // ast | ir | opt | bytecode
  bool print_after_all = false;
  std::string filter;
  std::string from_file;          // -f: the program is this file's text
  std::vector<std::string> vars;  // names bound as globals (--var NAME)
  std::string algorithm;          // --algorithm FILE: print the algorithm's step graph and expressions
  std::string triggers;           // --triggers T.jsonl: the trigger set after the cross-trigger passes
  std::string scope = "alert";    // --scope: scope of trigger lines that do not name one
};
// `riposte ir`: prints one stage of the compilation of a filter.
int run_ir(const IrCommand& cmd);
// `riposte ir --triggers T.jsonl [--stage opt]`: the one program of the
// trigger set (sources, hash indexes, atoms, residual triggers); built into
// the `riposte` program with the engine (tools/cmd_ir_triggers.cpp).
int run_ir_triggers(const IrCommand& cmd);
// `riposte ir --stage llvm|asm (FILTER | --triggers T.jsonl)`: the JIT's
// LLVM IR or native assembly (tools/cmd_ir_native.cpp, docs/jit.md).
int run_ir_native(const IrCommand& cmd);

// `riposte check --algorithm FILE [--format text|json]`: validates a playbook algorithm (0 ok, 1 errors).
int run_check_algorithm(const std::string& path, const std::string& format);

struct CheckCommand {
  std::string scope;             // alert | incident (triggers)
  std::string trigger;           // the trigger text, or
  std::string file;              // --file: a file holding it
  std::string algorithm;         // --algorithm FILE: check an algorithm instead
  std::string format = "text";   // text | json
};
// `riposte check`: static checks of a trigger (triggers/check/check_trigger.h) or,
// with --algorithm, of an algorithm.  0 ok (warnings allowed), 1 errors, 2 usage.
int run_check(const CheckCommand& cmd);

struct MatchCommand {
  std::string triggers;          // T.jsonl
  std::string alerts;            // A.jsonl ("-": stdin)
  std::string events;            // E.jsonl, optional
  std::string engine = "auto";   // vm | jit | auto (docs/jit.md)
  std::string output = "results";  // results | count
  unsigned threads = 1;
  std::string scope = "alert";   // for trigger lines without "scope"
  bool whole_input = false;      // build every alert whole (no input projection)
  bool profile = false;          // time each stage (the summary's "profile")
  // vm::Budgets of one evaluation (triggers/trigger_set.h has the defaults); 0 = unlimited.
  uint64_t fuel = 0, memory = 0;
  uint32_t max_depth = 0;
};
// `riposte match`: evaluates every trigger on every alert (design.md).
// Built into the `riposte` program with the engine (tools/cmd_match.cpp).
int run_match(const MatchCommand& cmd);

struct RunCommand {
  std::string playbook;              // P.json: {id, name, trigger, scope, algorithm} (docs/playbooks.md)
  std::string algorithm;             // or A.json: a bare algorithm document (scope from alert / incident)
  std::string alert, incident;       // the launching object (one of them)
  std::string input;                 // target objects for `.input`
  std::string bindings = "dry-run";  // dry-run | real
  std::string mock;                  // MOCKS.json: {"type": result}
  std::string config;                // --config FILE: the bindings' connections (not saved: give it to resume too)
  std::string approve;               // all | none | expire | "" (leave approvals pending)
  std::string state;                 // save the instance state here at every step boundary
  int64_t stop_after = -1;           // debug: pause after N finished steps
  unsigned pool = 4;                 // worker threads of a parallel split / scatter-gather
  std::string trace_calls;           // debug: append each call really made (idempotency key) to this file
  std::string db;                    // --db FILE: the engine's store for createIncident, runPlaybook, the edits
};
// `riposte run`: runs a playbook (or a bare algorithm) on one alert or incident and prints
// {"status", "result", "data", "calls"} (design.md, docs/playbooks.md).
int run_run(const RunCommand& cmd);
// `riposte resume --state FILE`: continues a saved instance (cmd.state; the
// other fields given on the command line override the saved options).
int run_resume(const RunCommand& cmd);

struct ServeCommand {
  std::string db;                         // the SQLite store file (created when missing)
  std::string listen = "127.0.0.1:8080";  // HOST:PORT; port 0 picks a free one
  std::string config;                     // --config FILE: a JSON object (the action bindings' connections; unread yet)
  uint64_t max_body = uint64_t(16) << 20;  // bytes of a request body
  unsigned threads = 8;                   // worker threads of the HTTP server
  std::string sync = "full";              // full | normal (store/sqlite: fsync on every commit, or at checkpoints)
  // The runtime of engine-launch (engine/runtime.h).
  unsigned workers = 2;                   // instances run at once
  double time_scale = 1;                  // --time-scale: a testing aid (every duration N times faster)
  std::string bindings = "dry-run";       // dry-run | real
  std::string mock;                       // dry-run mocks file (docs/actions.md)
};
// `riposte serve`: the HTTP API of api.md (server/, docs/api.md).  Prints
// {"listening": "HOST:PORT"} once listening; exits 0 after SIGTERM or
// SIGINT, 1 when the store, the config or the address fails.
int run_serve(const ServeCommand& cmd);

struct ProcessCommand {
  std::string alerts;    // JSON Lines
  std::string events;    // JSON Lines: line i is the change event alert i is matched under ("" = alertCreated)
  std::string playbooks; // a folder of playbook files (docs/launch.md, "riposte process")
  std::string db = "riposte.db";
  std::string sync = "normal";
  std::string bindings = "dry-run";
  std::string config;
  std::string mock;
  unsigned workers = 2;
  double time_scale = 1;
  std::string progress = "auto";  // auto (on a terminal) | always | never
};
// `riposte process` (api.md): the batch form of the whole pipeline on a
// store; prints the summary as JSON.  0 on success, 1 when a file or the
// store fails, 2 on usage errors.
int run_process(const ProcessCommand& cmd);

struct AdminBootstrapCommand {
  std::string db;
  std::string sync = "full";
};
// `riposte admin bootstrap --db FILE`: the root tenant, a Main administrator
// and its token, printed as one JSON line; 1 when already bootstrapped.
int run_admin_bootstrap(const AdminBootstrapCommand& cmd);

// The store of `riposte serve` and `riposte admin`: the SQLite file `db`
// with `sync` (full | normal); null with a message when it cannot be opened
// (or when this build has no SQLite store).
// A JSON object from `path` (--config, --mock); false with "PATH:LINE:COL: why".
bool read_config(const std::string& path, Value& out, std::string& error);
// The engine runtime's options from the command line.
bool runtime_options(unsigned workers, double time_scale, const std::string& bindings, const std::string& mock,
                     const Value& config, engine::RuntimeOptions& out, std::string& error);

std::unique_ptr<store::Store> open_store(const std::string& db, const std::string& sync, std::string& error);

}  // namespace riposte::tools
