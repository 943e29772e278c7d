// `riposte process` (api.md, docs/launch.md): the batch form of the whole
// pipeline on one store.  Bootstraps the store when it is new, loads the
// playbooks of a folder (creating or updating them by name), ingests the
// alerts in batches under idempotency keys derived from their text (so a
// second run over the same store replays instead of storing, matching and
// launching again), runs every instance the matches launched, and prints a
// summary computed from the store.
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "compiler/algorithm.h"
#include "engine/ids.h"
#include "engine/service.h"
#include "store/store.h"
#include "support/diagnostic_render.h"
#include "tools/cmd_run.h"
#include "tools/commands.h"
#include "value/json.h"

namespace riposte::tools {
namespace {

constexpr int kOk = 0, kFailed = 1, kUsage = 2;
constexpr size_t kBatch = 1000;

void problem(const char* what, const engine::Problem& p) {
  std::fprintf(stderr, "riposte process: %s: %d %s: %s\n", what, p.status, p.title.c_str(), p.detail.c_str());
  for (const support::Diagnostic& d : p.errors)
    std::fprintf(stderr, "  %s\n", support::render_json(d).c_str());
}

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

bool blank(const std::string& s) {
  return s.find_first_not_of(" \t\r") == std::string::npos;
}

// One playbook file: the fields of engine.md; "algorithm" may name a file
// beside it; "id" is the file's own name for it and is not sent.
bool read_playbook(const std::filesystem::path& path, const std::string& root, Value& body) {
  std::string text;
  if (!read_text_file(path.string(), text)) return false;
  JsonError err;
  if (!parse_json(text, body, err) || !body.is_object()) {
    std::fprintf(stderr, "riposte process: %s:%u:%u: %s\n", path.c_str(), err.line, err.column,
                 err.message.empty() ? "a playbook file holds one JSON object" : err.message.c_str());
    return false;
  }
  Object fields;
  for (const auto& [k, v] : body.entries())
    if (k != "id") fields.emplace(k, v);
  body = Value::object(std::move(fields));
  if (const Value* a = body.find("algorithm"); a && a->is_string()) {
    std::filesystem::path file = path.parent_path() / std::string(a->str());
    std::string atext;
    Value algorithm;
    if (!read_text_file(file.string(), atext)) return false;
    // Checked here first, so that a diagnostic names the algorithm's own
    // file, line and column (the engine would name the combined body's).
    compiler::AlgorithmResult checked = compiler::compile_algorithm(atext, file.string());
    if (!checked.ok()) {
      std::fwrite(checked.rendered_diagnostics.data(), 1, checked.rendered_diagnostics.size(), stderr);
      return false;
    }
    if (!parse_json(atext, algorithm, err)) {
      std::fprintf(stderr, "riposte process: %s:%u:%u: %s\n", file.c_str(), err.line, err.column,
                   err.message.c_str());
      return false;
    }
    body.set("algorithm", algorithm);
  }
  if (!body.find("tenant")) body.set("tenant", Value::string(root));
  if (!body.find("mode")) body.set("mode", Value::string("auto"));
  return true;
}

// Creates the playbook, or updates the one of the same name in its tenant
// (a predefined one: only its mode and launching rule).
bool load_playbook(engine::Service& svc, const engine::Caller& admin, const std::filesystem::path& path,
                   const std::string& root) {
  Value body;
  if (!read_playbook(path, root, body)) return false;
  std::string name =
      body.find("name") && body.find("name")->is_string() ? std::string(body.find("name")->str()) : "";
  std::string tenant(body.find("tenant")->is_string() ? body.find("tenant")->str() : "");
  engine::PlaybookQuery q;
  q.tenant = tenant;
  engine::Page page;
  page.limit = 1000;
  std::string existing;
  bool predefined = false;
  for (;;) {
    auto listed = svc.list_playbooks(admin, q, page);
    if (!listed.ok()) break;
    for (const Value& p : listed.value().items)
      if (p.find("name")->str() == name) {
        existing = std::string(p.find("id")->str());
        predefined = p.find("predefined")->kind() == Kind::True;
      }
    if (listed.value().next.empty()) break;
    page.cursor = listed.value().next;
  }
  if (existing.empty()) {
    auto made = svc.create_playbook(admin, body);
    if (!made.ok()) problem(path.c_str(), made.problem());
    return made.ok();
  }
  Value change = Value::object();
  if (predefined) {
    for (const char* key : {"mode", "launchingRule"})
      if (const Value* v = body.find(key)) change.set(key, *v);
  } else {
    for (const auto& [k, v] : body.entries())
      if (k != "scope" && k != "tenant") change.set(k, v);
  }
  auto saved = svc.update_playbook(admin, existing, change);
  if (!saved.ok()) problem(path.c_str(), saved.problem());
  return saved.ok();
}

// The tenants the alerts name (TenantID) are created under the root when
// the store does not have them: a batch job over exported alerts must not
// stop at the first unknown tenant (docs/launch.md).
bool ensure_tenants(engine::Service& svc, const engine::Caller& admin, const std::string& root,
                    const std::vector<std::string>& alerts) {
  std::set<std::string> seen;
  for (const std::string& line : alerts) {
    if (blank(line)) continue;
    Value v;
    JsonError err;
    if (!parse_json(line, v, err) || !v.is_object()) continue;  // ingest names the line and column
    const Value* t = v.find("TenantID");
    if (!t || !t->is_string() || !seen.insert(std::string(t->str())).second) continue;
    if (svc.get_tenant(admin, t->str()).ok()) continue;
    Value body = Value::object(Object{{"id", *t},
                                      {"name", Value::string("Tenant " + std::string(t->str()))},
                                      {"parent", Value::string(root)}});
    auto made = svc.create_tenant(admin, body);
    if (!made.ok()) {
      problem(("tenant " + std::string(t->str())).c_str(), made.problem());
      return false;
    }
  }
  return true;
}

struct Ingested {
  size_t read = 0, stored = 0, replayed = 0;
};

bool ingest(engine::Service& svc, const engine::Caller& admin, const std::string& cmd_alerts,
            const std::vector<std::string>& alerts, const std::vector<Value>& events, bool bar,
            Ingested& out) {
  for (size_t start = 0; start < alerts.size(); start += kBatch) {
    size_t end = std::min(alerts.size(), start + kBatch);
    // Every line of the batch, blank ones too (ingest skips them but counts
    // them), so that a problem names the line of the file.
    std::vector<std::string_view> texts;
    std::string joined;
    size_t objects = 0;
    for (size_t i = start; i < end; ++i) {
      texts.push_back(alerts[i]);
      joined += alerts[i];
      joined += '\n';
      objects += !blank(alerts[i]);
    }
    if (objects == 0) continue;
    engine::Idempotency idem{"process:" + engine::sha256_hex(joined), "riposte process",
                             engine::sha256_hex(joined)};
    std::span<const Value> evs;
    if (!events.empty()) evs = std::span<const Value>(events).subspan(start, end - start);
    auto made = svc.ingest_with_events(admin, store::ObjectKind::Alert, texts, evs, idem, start);
    if (!made.ok()) {
      std::string where = cmd_alerts + ": lines " + std::to_string(start + 1) + "-" + std::to_string(end);
      problem(where.c_str(), made.problem());
      return false;
    }
    out.read += objects;
    (made.value().replayed ? out.replayed : out.stored) += objects;
    if (bar) std::fprintf(stderr, "\rriposte process: %zu/%zu alerts ingested", end, alerts.size());
  }
  if (bar) std::fputc('\n', stderr);
  return true;
}

// Every item of a list operation, page after page.
template <class List>
std::vector<Value> all_items(List list) {
  std::vector<Value> items;
  engine::Page page;
  page.limit = 1000;
  for (;;) {
    auto got = list(page);
    if (!got.ok()) break;
    for (Value& v : got.value().items) items.push_back(std::move(v));
    if (got.value().next.empty()) break;
    page.cursor = got.value().next;
  }
  return items;
}

// The summary, from the store: so that a second run over the same store
// prints the same (docs/launch.md, "riposte process").
Value summary(engine::Service& svc, const engine::Caller& admin, const Ingested& in) {
  std::map<std::string, std::pair<std::string, int64_t>> per_playbook;  // id -> (name, instances)
  std::map<std::string, int64_t> by_status;
  auto instances = all_items([&](const engine::Page& p) { return svc.list_instances(admin, {}, p); });
  for (const Value& i : instances) {
    auto& slot = per_playbook[std::string(i.find("playbook")->str())];
    slot.first = std::string(i.find("playbookName")->str());
    ++slot.second;
    ++by_status[std::string(i.find("status")->str())];
  }
  std::map<std::string, std::map<std::string, int64_t>> calls;
  engine::HistoryQuery hq;
  hq.kind = "action";
  for (const Value& h : all_items([&](const engine::Page& p) { return svc.list_history(admin, hq, p); }))
    ++calls[std::string(h.find("action")->str())][std::string(h.find("status")->str())];
  Array matches;
  for (const auto& [id, v] : per_playbook)
    matches.push_back(Value::object(Object{{"playbook", Value::string(id)},
                                           {"name", Value::string(v.first)},
                                           {"matches", Value::integer(v.second)}}));
  Object statuses, call_counts;
  for (const auto& [k, n] : by_status) statuses.emplace(k, Value::integer(n));
  for (const auto& [type, st] : calls) {
    Object o;
    for (const auto& [k, n] : st) o.emplace(k, Value::integer(n));
    call_counts.emplace(type, Value::object(std::move(o)));
  }
  return Value::object(
      Object{{"alerts", Value::object(Object{{"read", Value::integer(int64_t(in.read))},
                                             {"stored", Value::integer(int64_t(in.stored))},
                                             {"replayed", Value::integer(int64_t(in.replayed))}})},
             {"matches", Value::array(std::move(matches))},
             {"instances", Value::object(std::move(statuses))},
             {"calls", Value::object(std::move(call_counts))}});
}

bool read_lines(const std::string& path, std::vector<std::string>& out) {
  std::string text;
  if (!read_text_file(path, text)) return false;
  out = split_lines(text);
  return true;
}

}  // namespace

int run_process(const ProcessCommand& cmd) {
  std::vector<std::string> alerts, event_lines;
  if (!read_lines(cmd.alerts, alerts)) return kFailed;
  std::vector<Value> events;
  if (!cmd.events.empty()) {
    if (!read_lines(cmd.events, event_lines)) return kFailed;
    while (!event_lines.empty() && blank(event_lines.back())) event_lines.pop_back();
    size_t count = 0;
    for (const std::string& a : alerts) count += !blank(a);
    if (event_lines.size() != alerts.size() && event_lines.size() != count) {
      std::fprintf(stderr, "riposte process: %s has %zu lines for %zu alerts: one change event per alert\n",
                   cmd.events.c_str(), event_lines.size(), count);
      return kUsage;
    }
    // One event per line of the alerts file, or one per alert (its non-blank
    // lines); a blank event line is null, as `riposte match --events` reads it.
    std::vector<Value> parsed;
    for (size_t i = 0; i < event_lines.size(); ++i) {
      Value e;
      JsonError err;
      if (!blank(event_lines[i]) && !parse_json(event_lines[i], e, err)) {
        std::fprintf(stderr, "riposte process: %s:%zu:%u: %s\n", cmd.events.c_str(), i + 1, err.column,
                     err.message.c_str());
        return kUsage;
      }
      parsed.push_back(std::move(e));
    }
    events.resize(alerts.size());
    if (parsed.size() == alerts.size()) {
      events = std::move(parsed);
    } else {
      size_t next = 0;
      for (size_t i = 0; i < alerts.size(); ++i)
        if (!blank(alerts[i])) events[i] = std::move(parsed[next++]);
    }
  }
  std::error_code ec;
  if (!std::filesystem::is_directory(cmd.playbooks, ec)) {
    std::fprintf(stderr, "riposte process: --playbooks %s is not a folder\n", cmd.playbooks.c_str());
    return kUsage;
  }
  Value config = Value::object();
  std::string error;
  if (!cmd.config.empty() && !read_config(cmd.config, config, error)) {
    std::fprintf(stderr, "riposte process: --config %s\n", error.c_str());
    return kUsage;
  }
  engine::RuntimeOptions runtime;
  if (!runtime_options(cmd.workers, cmd.time_scale, cmd.bindings, cmd.mock, config, runtime, error)) {
    std::fprintf(stderr, "riposte process: %s\n", error.c_str());
    return kUsage;
  }
  std::unique_ptr<store::Store> store = open_store(cmd.db, cmd.sync, error);
  if (!store) {
    std::fprintf(stderr, "riposte process: %s\n", error.c_str());
    return kFailed;
  }
  engine::Service svc(*store);
  auto admin = svc.administrator();
  if (!admin.ok()) {
    auto made = svc.bootstrap();
    if (!made.ok()) {
      problem("bootstrap", made.problem());
      return kFailed;
    }
    admin = svc.administrator();
    if (!admin.ok()) return kFailed;
  }
  std::string root;
  for (const store::RoleGrant& g : admin.value().roles)
    if (g.role == "mainAdministrator" && root.empty()) root = g.tenant;
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(cmd.playbooks, ec)) {
    std::string name = entry.path().filename().string();
    if (entry.is_regular_file() && name.size() > 5 && name.ends_with(".json") &&
        !name.ends_with(".algorithm.json"))
      files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  svc.defer_trigger_rebuilds(true);  // one compile of every trigger after loading, not one per file
  for (const auto& f : files)
    if (!load_playbook(svc, admin.value(), f, root)) return kFailed;
  svc.defer_trigger_rebuilds(false);
  if (!ensure_tenants(svc, admin.value(), root, alerts)) return kFailed;
  svc.start_runtime(runtime);
  bool bar = cmd.progress == "always" || (cmd.progress == "auto" && isatty(2));
  Ingested in;
  bool ok = ingest(svc, admin.value(), cmd.alerts, alerts, events, bar, in);
  while (ok && !svc.wait_idle(200)) {
  }
  svc.stop_runtime();
  if (!ok) return kFailed;
  std::string out;
  JsonWriteOptions opt;
  write_json(summary(svc, admin.value(), in), out, opt);
  out += '\n';
  std::fwrite(out.data(), 1, out.size(), stdout);
  return kOk;
}

}  // namespace riposte::tools
