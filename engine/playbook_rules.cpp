#include "engine/playbook_rules.h"

#include <algorithm>

#include <fmt/format.h>

#include "compiler/algorithm.h"
#include "engine/body.h"
#include "engine/playbook_json.h"
#include "frontend/algorithm/algorithm.h"
#include "support/utf8.h"
#include "triggers/check/check_trigger.h"
#include "value/json.h"

namespace riposte::engine {
namespace {

bool ascii_iequal(std::string_view a, std::string_view b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    auto low = [](char c) { return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c; };
    return low(x) == low(y);
  });
}

bool blank(std::string_view s) {
  return s.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

void check_name(BodyReader& r, const std::string& name) {
  size_t n = support::code_point_count(name);
  if (n == 0 || blank(name)) {
    r.refuse("name", "must not be empty");
  } else if (n > kMaxNameLength) {
    r.refuse("name", fmt::format("{} characters, at most {}", n, kMaxNameLength));
  }
  if (name.find_first_of("<>\"") != std::string::npos) r.refuse("name", "must not contain < > or \"");
}

void check_tags(BodyReader& r, const std::vector<std::string>& tags, bool predefined) {
  if (tags.size() > kMaxTags) r.refuse("tags", fmt::format("{} tags, at most {}", tags.size(), kMaxTags));
  for (size_t i = 0; i < tags.size(); ++i) {
    std::string path = index_path("tags", i);
    size_t n = support::code_point_count(tags[i]);
    if (n == 0 || blank(tags[i])) r.refuse(path, "must not be empty");
    else if (n > kMaxTagLength) r.refuse(path, fmt::format("{} characters, at most {}", n, kMaxTagLength));
    if (ascii_iequal(tags[i], kPredefinedTag) && !predefined)
      r.refuse(path, "the \"Predefined\" tag is reserved for predefined playbooks");
    for (size_t j = 0; j < i; ++j)
      if (tags[j] == tags[i]) {
        r.refuse(path, fmt::format("duplicate of tags[{}]", j));
        break;
      }
  }
}

std::optional<std::string> running_instances_value(std::string_view s) {
  if (s == "terminateAll" || s == "terminate-all") return "terminateAll";
  if (s == "terminateAwaiting" || s == "terminate-awaiting") return "terminateAwaiting";
  if (s == "keep") return "keep";
  return std::nullopt;
}

// Merges a nested reader's problem into the outer one.
void merge(BodyReader& outer, std::optional<Problem> inner, PlaybookBody& out) {
  if (!inner) return;
  for (support::Diagnostic& d : inner->errors) {
    if (inner->status == 400) {
      if (!out.shape) out.shape = Problem{400, "Bad request", inner->detail, {}};
      out.shape->errors.push_back(std::move(d));
    } else {
      out.errors.push_back(std::move(d));
    }
  }
  (void)outer;
}

}  // namespace

support::Diagnostic rule_error(std::string path, std::string_view message) {
  support::Diagnostic d = support::emit(support::diag::RequestInvalidValue, {}, message);
  d.path = std::move(path);
  return d;
}

std::string algorithm_path(const std::optional<std::string>& path) {
  if (!path || path->empty()) return "algorithm";
  if ((*path)[0] == '[') return "algorithm" + *path;
  return "algorithm." + *path;
}

PlaybookBody read_playbook_body(const Value& body, BodyKind kind, const store::PlaybookRow& base) {
  PlaybookBody out;
  out.row = base;
  store::PlaybookRow& row = out.row;
  const bool create = kind == BodyKind::Create;
  const bool edit = kind == BodyKind::Edit;
  const Need need = create ? Need::Required : Need::Optional;

  BodyReader r(body);
  auto tenant = r.string("tenant", need);
  auto name = r.string("name", need);
  auto tags = r.strings("tags");
  auto description = r.string("description");
  auto scope = r.string("scope", need);
  auto mode = r.string("mode", need);
  // launchingRule and trigger may be null on purpose (none).
  const Value* rule_v = body.is_object() ? body.find("launchingRule") : nullptr;
  r.allow("launchingRule");
  const Value* trigger_v = body.is_object() ? body.find("trigger") : nullptr;
  r.allow("trigger");
  const Value* algorithm_v = r.member("algorithm", need);
  const Value* inheritance_v = r.object("inheritance");
  std::optional<std::string> running;
  if (edit) running = r.string("runningInstances");
  auto launch_all = r.boolean("launchForAllMatching");

  if (rule_v && !rule_v->is_null() && !rule_v->is_string()) r.wrong_type("launchingRule", "a string", *rule_v);
  if (trigger_v && !trigger_v->is_null() && !trigger_v->is_string()) r.wrong_type("trigger", "a string", *trigger_v);
  if (algorithm_v && !algorithm_v->is_object() && !algorithm_v->is_string())
    r.wrong_type("algorithm", "an object or a string", *algorithm_v);

  std::optional<bool> inherit_enabled;
  std::optional<std::vector<std::string>> excluded;
  std::optional<Problem> inner;
  if (inheritance_v) {
    BodyReader ir(*inheritance_v, "inheritance");
    inherit_enabled = ir.boolean("enabled");
    excluded = ir.strings("excludedTenants");
    inner = ir.finish();
  }

  // Values.
  if (tenant) {
    if (edit && *tenant != base.tenant) r.refuse("tenant", "fixed at creation: duplicate the playbook to another tenant");
    row.tenant = *tenant;
  }
  if (name) {
    // An edit that sends the name unchanged is not held to rules the name
    // never broke (the predefined names keep the vendor's quotes).
    if (!edit || *name != base.name) check_name(r, *name);
    row.name = *name;
  }
  if (tags) {
    check_tags(r, *tags, base.predefined);
    row.tags = *tags;
  }
  if (description) {
    size_t n = support::code_point_count(*description);
    if (n > kMaxDescriptionLength)
      r.refuse("description", fmt::format("{} characters, at most {}", n, kMaxDescriptionLength));
    row.description = *description;
  }
  if (scope) {
    auto s = parse_scope_text(*scope);
    if (!s) r.refuse("scope", "must be \"alert\" or \"incident\"");
    else if (edit && *s != base.scope) r.refuse("scope", "fixed at creation");
    else row.scope = *s;
  }
  if (mode) {
    if (*mode != "auto" && *mode != "training" && *mode != "manual")
      r.refuse("mode", "must be \"auto\", \"training\" or \"manual\"");
    else row.mode = *mode;
  }
  if (algorithm_v && algorithm_v->is_object()) {
    std::string text;
    write_json(*algorithm_v, text, JsonWriteOptions{});
    row.algorithm = std::move(text);
  } else if (algorithm_v && algorithm_v->is_string()) {
    row.algorithm = std::string(algorithm_v->str());
  }
  if (inherit_enabled) row.inheritance = *inherit_enabled;
  if (excluded) {
    row.excluded_tenants.clear();
    for (const std::string& t : *excluded)
      if (std::find(row.excluded_tenants.begin(), row.excluded_tenants.end(), t) == row.excluded_tenants.end())
        row.excluded_tenants.push_back(t);
  }

  // launchingRule: auto only (default queue).
  const bool rule_given = rule_v && rule_v->is_string();
  if (rule_given) {
    std::string_view lr = rule_v->str();
    if (lr != "queue" && lr != "terminateAndLaunch" && lr != "skip")
      r.refuse("launchingRule", "must be \"queue\", \"terminateAndLaunch\" or \"skip\"");
    else if (row.mode != "auto")
      r.refuse("launchingRule", fmt::format("only in auto mode (the mode is {})", row.mode));
  }
  if (row.mode == "auto") {
    if (rule_given) row.launching_rule = std::string(rule_v->str());
    else if (rule_v && rule_v->is_null()) row.launching_rule = "queue";
    else if (row.launching_rule.empty()) row.launching_rule = "queue";
  } else {
    row.launching_rule.clear();
  }

  // trigger: none in manual mode, required in auto and training.  An edit
  // to manual that does not mention the trigger drops it; a predefined
  // playbook keeps its shipped trigger whatever its mode.
  if (trigger_v) {
    if (trigger_v->is_string()) row.trigger = std::string(trigger_v->str());
    else if (trigger_v->is_null()) row.trigger.reset();
  }
  const bool trigger_given = trigger_v && trigger_v->is_string();
  if (row.mode == "manual" && !row.predefined) {
    if (trigger_given) r.refuse("trigger", "a manual playbook has no trigger (send null or leave it out)");
    row.trigger.reset();
  }
  if (row.mode == "auto" || row.mode == "training") {
    if (!row.trigger) r.refuse("trigger", fmt::format("required in {} mode", row.mode));
    else if (blank(*row.trigger)) r.refuse("trigger", "must not be empty");
  }
  if (create && algorithm_v && algorithm_v->is_string() && blank(algorithm_v->str()))
    r.refuse("algorithm", "must not be empty");

  // runningInstances: only with a mode change to auto or training.
  if (running) {
    auto v = running_instances_value(*running);
    if (!v) {
      r.refuse("runningInstances", "must be \"terminateAll\", \"terminateAwaiting\" or \"keep\"");
    } else if (row.mode == base.mode || row.mode == "manual") {
      r.refuse("runningInstances", "only with a change of mode to auto or training");
    } else {
      out.running_instances = *v;
    }
  } else if (edit && row.mode != base.mode && row.mode != "manual") {
    out.running_instances = "keep";
  }
  if (launch_all) {
    if (*launch_all && row.mode == "manual")
      r.refuse("launchForAllMatching", "a manual playbook has no trigger to match");
    out.launch_for_all_matching = *launch_all;
  }

  // Predefined playbooks: only mode and launchingRule change.
  if (edit && base.predefined) {
    const std::string kOnly = "predefined playbook: only mode and launchingRule can change";
    if (row.name != base.name) r.refuse("name", kOnly);
    if (row.tags != base.tags) r.refuse("tags", kOnly);
    if (row.description != base.description) r.refuse("description", kOnly);
    if (row.trigger != base.trigger) r.refuse("trigger", kOnly);
    if (algorithm_v && algorithm_value(row.algorithm) != algorithm_value(base.algorithm)) r.refuse("algorithm", kOnly);
    row.algorithm = base.algorithm;
    if (row.inheritance != base.inheritance || row.excluded_tenants != base.excluded_tenants)
      r.refuse("inheritance", kOnly);
  }

  merge(r, std::move(inner), out);
  if (auto p = r.finish()) {
    if (p->status == 400) {
      if (out.shape) {
        for (auto& d : out.shape->errors) p->errors.push_back(std::move(d));
      }
      out.shape = std::move(*p);
      out.errors.clear();
      return out;
    }
    for (auto& d : p->errors) out.errors.push_back(std::move(d));
  }
  return out;
}

std::vector<support::Diagnostic> code_errors(const store::PlaybookRow& row) {
  std::vector<support::Diagnostic> out;
  if (row.trigger) {
    auto scope = row.scope == store::ObjectKind::Alert ? triggers::Scope::Alert : triggers::Scope::Incident;
    for (support::Diagnostic& d : triggers::check::check_trigger(*row.trigger, scope)) {
      if (d.severity != support::Severity::Error) continue;
      d.path = "trigger";
      out.push_back(std::move(d));
    }
  }
  auto res = frontend::algorithm::check_algorithm(row.algorithm, compiler::algorithm_check_options());
  for (support::Diagnostic& d : res.diagnostics) {
    if (d.severity != support::Severity::Error) continue;
    d.path = algorithm_path(d.path);
    out.push_back(std::move(d));
  }
  return out;
}

Problem invalid_playbook(std::vector<support::Diagnostic> errors) {
  Problem p{422, "Invalid playbook", "", std::move(errors)};
  if (!p.errors.empty()) {
    const support::Diagnostic& d = p.errors.front();
    p.detail = d.path && !d.path->empty() ? *d.path + ": " + d.message : d.message;
    if (d.span.line) p.detail += fmt::format(" (line {}, column {})", d.span.line, d.span.column);
    if (p.errors.size() > 1) p.detail += fmt::format(" (and {} more)", p.errors.size() - 1);
  }
  return p;
}

}  // namespace riposte::engine
