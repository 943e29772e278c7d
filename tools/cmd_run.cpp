// `riposte run` and `riposte resume`: one playbook instance on the
// orchestrator (orchestrator/) with dry-run bindings, the saved state
// written at every step boundary and after every call.  `run` takes a
// playbook file (--playbook) or a bare algorithm document (--algorithm, as
// `check` and `ir` do), whose scope is that of the object given.
#include <fmt/format.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "compiler/algorithm.h"
#include "actions/config/config.h"
#include "engine/registry_port.h"
#include "engine/access.h"
#include "engine/resources.h"
#include "engine/service.h"
#include "frontend/algorithm/json_load.h"
#include "tools/cmd_run.h"
#include "tools/cmd_run_ports.h"
#include "tools/commands.h"
#include "value/json.h"
#include "orchestrator/instance.h"

namespace riposte::tools {
namespace {

namespace orch = orchestrator;

constexpr int kRunOk = 0, kRunFailed = 1, kRunUsage = 2;

bool read_json_file(const std::string& path, Value& out) {
  std::string text;
  if (!read_text_file(path, text)) return false;
  JsonError err;
  if (parse_json(text, out, err)) return true;
  fmt::print(stderr, "riposte: error: {}:{}:{}: {}\n", path, err.line, err.column, err.message);
  return false;
}

// The target objects of `--input` (algorithm.md "Data"): an object with
// the arrays `observables` and `assets` (a missing one is empty), so that
// `.input.assets[]` means the same for every launch.  Anything else is a
// usage error naming the file, not a jq error deep inside a step.
bool check_targets(const std::string& path, Value& targets) {
  auto fail = [&](const std::string& why) {
    fmt::print(stderr, "riposte: error: {}: target objects must be {{\"observables\": [...], \"assets\": [...]}}: {}\n",
               path, why);
    return false;
  };
  if (!targets.is_object()) return fail(fmt::format("got {}", targets.type_name()));
  for (const auto& [key, value] : targets.entries()) {
    if (key != "observables" && key != "assets") return fail(fmt::format("unknown key \"{}\"", key));
    if (!value.is_array()) return fail(fmt::format("\"{}\" must be an array, got {}", key, value.type_name()));
    for (const Value& item : value.items())
      if (!item.is_object()) return fail(fmt::format("each of \"{}\" must be an object, got {}", key, item.type_name()));
  }
  for (const char* key : {"observables", "assets"})
    if (!targets.find(key)) targets.set(key, Value::array());
  return true;
}

// What a playbook file gives a run: the algorithm's text and the scope.
struct Playbook {
  std::string id;  // the file's own "id", if any (the engine-facing actions' author)
  std::string algorithm_text, algorithm_file;
  bool incident = false;
};

bool load_playbook(const std::string& path, Playbook& pb) {
  std::string text;
  if (!read_text_file(path, text)) return false;
  frontend::algorithm::JsonLoad loaded = frontend::algorithm::load_json(text);
  if (loaded.error) {
    fmt::print(stderr, "riposte: error: {}: malformed JSON: {}\n", path, loaded.error->message);
    return false;
  }
  const auto& root = loaded.root;
  const auto* scope = root.find("scope") ? root.find("scope") : root.find("inputType");
  pb.incident = scope && scope->text == "incident";
  if (const auto* id = root.find("id"); id && id->is(frontend::algorithm::JsonKind::String)) pb.id = id->text;
  const auto* algorithm = root.find("algorithm");
  if (!algorithm) {
    fmt::print(stderr, "riposte: error: {}: the playbook has no \"algorithm\"\n", path);
    return false;
  }
  if (algorithm->is(frontend::algorithm::JsonKind::String)) {  // a file next to the playbook
    pb.algorithm_file = (std::filesystem::path(path).parent_path() / algorithm->text).string();
    return read_text_file(pb.algorithm_file, pb.algorithm_text);
  }
  pb.algorithm_text = std::string(algorithm->raw(text));
  pb.algorithm_file = path;
  return true;
}

// Prints `v` indented by two spaces from the second line on.
std::string nested(const Value& v) {
  std::string text;
  JsonWriteOptions opt;
  write_json(v, text, opt);
  std::string out;
  for (char c : text) {
    out += c;
    if (c == '\n') out += "  ";
  }
  return out;
}

void print_output(const orch::InstanceState& s) {
  std::string out = "{\n  \"status\": ";
  append_json_string(out, orch::status_name(s.status));
  out += ",\n  \"result\": " + nested(s.result);
  out += ",\n  \"data\": " + nested(s.data);
  out += ",\n  \"calls\": [";
  for (size_t i = 0; i < s.calls.size(); ++i) out += (i ? ",\n    " : "\n    ") + to_json(s.calls[i]);
  out += s.calls.empty() ? "]\n}\n" : "\n  ]\n}\n";
  std::fwrite(out.data(), 1, out.size(), stdout);
  std::fflush(stdout);
  if (!s.error.empty()) fmt::print(stderr, "riposte: {}: {}\n", orch::status_name(s.status), s.error);
  for (const std::string& p : s.pending) fmt::print(stderr, "riposte: awaiting approval: {}\n", p);
}

int exit_code(orch::Status s) {
  return s == orch::Status::Success || s == orch::Status::Warning || orch::paused(s) ? kRunOk : kRunFailed;
}

// The saved file: what resume needs besides the instance and the journal.
struct Saved {
  std::string playbook_id;
  std::string algorithm_text, algorithm_file, mocks_json;
  std::string bindings = "dry-run";
  bool incident = false;
  unsigned pool = 4;
};

void write_state(const std::string& path, const Saved& saved, const std::string& instance,
                 const std::string& journal) {
  std::string out = "{\"version\":1,\"algorithmFile\":";
  append_json_string(out, saved.algorithm_file);
  out += ",\"algorithm\":";
  append_json_string(out, saved.algorithm_text);
  out += ",\"bindings\":";
  append_json_string(out, saved.bindings);
  out += fmt::format(",\"pool\":{},\"mocks\":{},\"instance\":{},\"journal\":{}}}\n", saved.pool,
                     saved.mocks_json.empty() ? "null" : saved.mocks_json, instance, journal);
  std::string tmp = path + ".tmp";
  if (std::FILE* f = std::fopen(tmp.c_str(), "wb")) {
    std::fwrite(out.data(), 1, out.size(), f);
    std::fclose(f);
    std::rename(tmp.c_str(), path.c_str());
  }
}

// `run --db FILE`: the store and an engine Service over it, for the
// engine-facing bindings (docs/actions-engine.md, "riposte run --db").  A
// new store is bootstrapped (its administrator's token printed once to
// stderr).  The calls come from the run's object when it is stored (its
// InternalID), else from the root tenant with no object.  Nothing runs
// the instances runPlaybook launches: they wait In progress for a
// `riposte serve` or `process` on the same store.
struct EngineStore {
  std::unique_ptr<store::Store> store;
  std::unique_ptr<engine::Service> service;
  actions::CallContext context;
};

bool open_engine(const std::string& db, const Saved& saved, const orch::InstanceState& state, EngineStore& out) {
  std::string error;
  out.store = open_store(db, "full", error);
  if (!out.store) {
    fmt::print(stderr, "riposte: error: --db {}\n", error);
    return false;
  }
  out.service = std::make_unique<engine::Service>(*out.store);
  auto admin = out.service->administrator();
  if (!admin.ok()) {
    auto made = out.service->bootstrap();
    if (!made.ok()) {
      fmt::print(stderr, "riposte: error: --db {}: bootstrap: {}\n", db, made.problem().detail);
      return false;
    }
    const Value& b = made.value();
    fmt::print(stderr, "riposte: bootstrapped {}: root tenant {}, administrator {}, token {} (shown once)\n", db,
               b.find("tenant") ? to_json(*b.find("tenant")) : "?", b.find("user") ? to_json(*b.find("user")) : "?",
               b.find("token") ? to_json(*b.find("token")) : "?");
    admin = out.service->administrator();
    if (!admin.ok()) return false;
  }
  std::string root;
  for (const store::RoleGrant& g : admin.value().roles)
    if (g.role == "mainAdministrator" && root.empty()) root = g.tenant;
  actions::CallContext& ctx = out.context;
  ctx.playbook = saved.playbook_id;
  store::ObjectKind kind = saved.incident ? store::ObjectKind::Incident : store::ObjectKind::Alert;
  ctx.object_kind = std::string(engine::kind_name(kind));
  const Value* internal = state.object.find("InternalID");
  out.store->read([&](store::Tx& tx) {
    engine::TenantTree tree(tx.tenants());
    std::optional<store::ObjectRow> row;
    if (internal && internal->is_string()) row = tx.object(kind, internal->str());
    std::vector<std::string> chain = tree.path_to_root(row ? row->tenant : root);
    ctx.tenants.assign(chain.rbegin(), chain.rend());
    if (row) ctx.object_id = row->internal_id;
  });
  return true;
}

int execute(const Saved& saved, orch::InstanceState& state, orch::Journal& journal, const RunCommand& cmd) {
  auto graph = compile_algorithm_text(saved.algorithm_text, saved.algorithm_file);
  if (!graph) return kRunUsage;
  orch::CompiledAlgorithm compiled = orch::compile_algorithm(std::move(graph));
  actions::RegistryOptions ro;
  ro.mode = saved.bindings == "real" ? actions::Mode::Real : actions::Mode::DryRun;
  ro.mocks_json = saved.mocks_json;
  if (!cmd.config.empty()) {
    Value config;
    std::string error;
    if (!read_config(cmd.config, config, error)) {
      fmt::print(stderr, "riposte: error: --config {}\n", error);
      return kRunUsage;
    }
    actions::config::ActionConfigResult parsed = actions::config::parse_action_config(config);
    if (!parsed.ok()) {
      fmt::print(stderr, "riposte: error: --config {}: {}\n", cmd.config, parsed.error);
      return kRunUsage;
    }
    ro.config = std::move(parsed.config);
  }
  EngineStore engine;
  if (!cmd.db.empty() && !open_engine(cmd.db, saved, state, engine)) return kRunFailed;
  ro.engine = engine.service ? &engine.service->engine_port() : nullptr;
  actions::MadeRegistry made = actions::make_registry(ro);
  if (!made.registry) {
    fmt::print(stderr, "riposte: error: {}\n", made.error);
    return kRunUsage;
  }
  engine::RegistryPort port(*made.registry, state.id, cmd.trace_calls);
  port.set_context(engine.context);
  FixedApprover approver(cmd.approve);
  orch::RunOptions options;
  options.pool = saved.pool;
  options.stop_after = cmd.stop_after;
  orch::Checkpoint checkpoint;
  if (!cmd.state.empty())
    checkpoint = [&](const std::string& instance, const std::string& j) { write_state(cmd.state, saved, instance, j); };
  orch::run_instance(compiled, state, port, approver, journal, options, checkpoint);
  print_output(state);
  return exit_code(state.status);
}

}  // namespace

int run_run(const RunCommand& cmd) {
  if (cmd.playbook.empty() == cmd.algorithm.empty()) {
    fmt::print(stderr, "riposte: error: give either --playbook FILE or --algorithm FILE\n");
    return kRunUsage;
  }
  if (cmd.alert.empty() && cmd.incident.empty()) {
    fmt::print(stderr, "riposte: error: give the launching object: --alert FILE or --incident FILE\n");
    return kRunUsage;
  }
  bool incident = !cmd.incident.empty();
  Playbook pb;
  if (!cmd.algorithm.empty()) {  // a bare algorithm: the object given says the scope
    pb.algorithm_file = cmd.algorithm;
    pb.incident = incident;
    if (!read_text_file(cmd.algorithm, pb.algorithm_text)) return kRunUsage;
  } else if (!load_playbook(cmd.playbook, pb)) {
    return kRunUsage;
  }
  if (incident != pb.incident) {
    fmt::print(stderr, "riposte: error: the playbook's scope is {}: give --{}\n", pb.incident ? "incident" : "alert",
               pb.incident ? "incident" : "alert");
    return kRunUsage;
  }
  Value object, targets, mocks;
  const std::string& object_path = incident ? cmd.incident : cmd.alert;
  if (!read_json_file(object_path, object)) return kRunUsage;
  if (!object.is_object()) {  // `alert.Assets[]` and every field read assume one
    fmt::print(stderr, "riposte: error: {}: the {} must be a JSON object, got {}\n", object_path,
               incident ? "incident" : "alert", object.type_name());
    return kRunUsage;
  }
  if (!cmd.input.empty() && (!read_json_file(cmd.input, targets) || !check_targets(cmd.input, targets)))
    return kRunUsage;
  Saved saved{pb.id, pb.algorithm_text, pb.algorithm_file, "", cmd.bindings, incident, cmd.pool};
  if (!cmd.mock.empty()) {
    if (!read_json_file(cmd.mock, mocks)) return kRunUsage;
    saved.mocks_json = to_json(mocks);
  }
  orch::InstanceState state = orch::new_instance(std::move(object), incident, std::move(targets));
  orch::Journal journal;
  return execute(saved, state, journal, cmd);
}

int run_resume(const RunCommand& cmd) {
  Value file;
  if (!read_json_file(cmd.state, file)) return kRunUsage;
  const Value *text = file.find("algorithm"), *instance = file.find("instance"), *journal_v = file.find("journal");
  if (!text || !instance || !journal_v || !text->is_string() || !instance->is_object() || !journal_v->is_object()) {
    fmt::print(stderr, "riposte: error: {} is not a saved instance\n", cmd.state);
    return kRunUsage;
  }
  Saved saved;
  saved.algorithm_text = std::string(text->str());
  if (const Value* f = file.find("algorithmFile")) saved.algorithm_file = std::string(f->str());
  if (const Value* m = file.find("mocks"); m && !m->is_null()) saved.mocks_json = to_json(*m);
  if (const Value* p = file.find("pool"); p && p->is_int()) saved.pool = unsigned(p->as_int());
  if (const Value* b = file.find("bindings"); b && b->is_string()) saved.bindings = std::string(b->str());
  orch::InstanceState state;
  std::string error;
  if (!orch::state_from_value(*instance, state, error)) {
    fmt::print(stderr, "riposte: error: {}: {}\n", cmd.state, error);
    return kRunUsage;
  }
  saved.incident = state.incident;
  if (!orch::paused(state.status)) {  // finished: print it again
    print_output(state);
    return exit_code(state.status);
  }
  orch::Journal journal;
  journal.load(to_json(*journal_v));
  return execute(saved, state, journal, cmd);
}

}  // namespace riposte::tools
