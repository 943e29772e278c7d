// The endpoint actions' parameters: the rules of the vendor's "Response
// action parameters" table (seeds/002, "ResponseFunction parameters") that
// the schema's types do not say, as one table (kRules), checked before the
// schema's own (validate_params); and the canonical form sent to the
// connector.  docs/actions-endpoint.md, "Validation", lists every rule.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>

#include "actions/endpoint/endpoint.h"
#include "actions/param_validate.h"
#include "value/json.h"

namespace riposte::actions::endpoint {
namespace {

using sv = std::string_view;

constexpr sv kTypes[] = {"updateBases",
                         "avScan",
                         "moveHostsToAdministrationGroup",
                         "quarantineFile",
                         "killProcess",
                         "changeAuthorizationStatus",
                         "netIsolateOn",
                         "netIsolateOff",
                         "executeCommand",
                         "addFilePreventionRules",
                         "deleteFilePreventionRules",
                         "resetFilePreventionRules",
                         "assignKasapGroup"};

// ---- the checks: each speaks only of a value of the shape it knows (a
// wrong type is left to the schema's check, which runs after) and answers
// "" or what is wrong, without the path.
using Check = std::string (*)(const Value& v);

constexpr size_t kMaxPath = 32767;         // Windows' long-path limit, the largest any endpoint takes
constexpr size_t kMaxCommandLine = 32767;  // CreateProcess's limit
constexpr size_t kMaxHashes = 10000;       // hashes of one prevention-rule call
constexpr int64_t kHour = 3600, kDay = 24 * kHour;
constexpr int64_t kMinIsolation = 1 * kHour, kMaxIsolation = 9999 * kHour;

bool has_control(sv s) {
  return std::any_of(s.begin(), s.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; });
}

// A path on the endpoint: non-empty, no NUL or other control character, not
// only blanks, at most 32767 bytes.
std::string file_path(const Value& v) {
  if (!v.is_string() || v.str().empty()) return {};
  sv s = v.str();
  if (s.find('\0') != sv::npos) return "contains a NUL character";
  if (has_control(s)) return "contains a control character (a path has none)";
  if (std::all_of(s.begin(), s.end(), [](char c) { return c == ' ' || c == '\t'; }))
    return "a path of blanks only";
  if (s.size() > kMaxPath) return fmt::format("a path of {} bytes: at most {}", s.size(), kMaxPath);
  return {};
}

// Absolute on the endpoint's system: "/..." (POSIX), "C:\..." or "C:/..."
// (a drive), "\\server\share..." (UNC), or "%VAR%\..." (an environment
// variable the endpoint expands, e.g. %SystemRoot%).
bool absolute(sv s) {
  if (s.starts_with('/')) return true;
  if (s.size() >= 3 && std::isalpha(static_cast<unsigned char>(s[0])) && s[1] == ':' &&
      (s[2] == '\\' || s[2] == '/'))
    return true;
  if (s.starts_with("\\\\") && s.size() > 2) return true;
  if (s.starts_with('%')) {
    size_t end = s.find('%', 1);
    return end != sv::npos && end > 1 && (end + 1 == s.size() || s[end + 1] == '\\' || s[end + 1] == '/');
  }
  return false;
}

// quarantineFile: "the full path to the file" (the seed).
std::string full_path(const Value& v) {
  if (std::string why = file_path(v); !why.empty()) return why;
  if (v.is_string() && !v.str().empty() && !absolute(v.str()))
    return fmt::format("{} is not a full path: expected /..., C:\\..., \\\\server\\share\\... or %VAR%\\...",
                       to_json(v));
  return {};
}

// avScan's scope.path: one path or several.
std::string file_paths(const Value& v) {
  if (v.is_string()) return file_path(v);
  for (size_t i = 0; i < v.size(); ++i)
    if (std::string why = file_path(v.at(i)); !why.empty()) return fmt::format("[{}]: {}", i, why);
  return {};
}

std::string command_line(const Value& v) {
  if (!v.is_string()) return {};
  if (v.str().find('\0') != sv::npos) return "contains a NUL character";
  if (v.str().size() > kMaxCommandLine)
    return fmt::format("a command line of {} bytes: at most {}", v.str().size(), kMaxCommandLine);
  return {};
}

// killProcess: process 0 is no process one can end (Windows' idle process,
// nothing on POSIX).
std::string process_id(const Value& v) {
  if (v.is_number() && v.as_double() == 0)
    return "0 is not a process that can be terminated: expected 1 to 4294967295";
  return {};
}

// netIsolateOn: "The network isolation period is specified in seconds",
// chosen in hours (1 to 9999) or days (1 to 416, i.e. 24 to 9984 hours,
// inside the hours' range): seconds from 3600 to 35996400.
std::string isolation_period(const Value& v) {
  if (!v.is_number()) return {};
  const double d = v.as_double();
  if (std::trunc(d) != d) return {};  // the schema: "expected an integer"
  if (d >= double(kMinIsolation) && d <= double(kMaxIsolation)) return {};
  std::string hint;
  if (d >= 1 && d <= 416)
    hint = fmt::format("; {} hours is {}, {} days is {}", to_json(v), int64_t(d) * kHour, to_json(v),
                       int64_t(d) * kDay);
  else if (d >= 1 && d < double(kMinIsolation))
    hint = fmt::format("; {} hours is {}", to_json(v), int64_t(d) * kHour);
  return fmt::format(
      "{} is out of range: the isolation period is in seconds, from {} (1 hour) to {} (9999 hours); "
      "1 to 416 days ({} to {}) lie inside{}",
      to_json(v), kMinIsolation, kMaxIsolation, kDay, 416 * kDay, hint);
}

// moveHostsToAdministrationGroup: an administration group path such as
// "HQ/OrgUnit1": group names separated by "/", none empty.
std::string group_path(const Value& v) {
  if (!v.is_string() || v.str().empty()) return {};
  sv s = v.str();
  if (has_control(s)) return "contains a control character";
  size_t start = 0;
  while (true) {
    size_t slash = s.find('/', start);
    sv name = s.substr(start, slash == sv::npos ? sv::npos : slash - start);
    if (std::all_of(name.begin(), name.end(), [](char c) { return c == ' '; }))
      return fmt::format(
          "{} has an empty group name: expected names separated by \"/\", e.g. \"HQ/OrgUnit1\"", to_json(v));
    if (slash == sv::npos) return {};
    start = slash + 1;
  }
}

// assignKasapGroup's groupId: an identifier, no control characters, not blank.
std::string identifier(const Value& v) {
  if (!v.is_string() || v.str().empty()) return {};
  sv s = v.str();
  if (has_control(s)) return "contains a control character";
  if (std::all_of(s.begin(), s.end(), [](char c) { return c == ' '; })) return "an identifier of blanks only";
  return {};
}

// add/deleteFilePreventionRules: at least one hash in md5 and sha256
// together (empty arrays add or delete nothing), at most 10000.
std::string some_hash(const Value& params) {
  size_t n = 0;
  for (sv key : {sv("md5"), sv("sha256")})
    if (const Value* list = params.find(key); list && list->is_array()) n += list->size();
  if (n > kMaxHashes) return fmt::format("{} hashes: at most {} in one call", n, kMaxHashes);
  const Value* md5 = params.find("md5");
  const Value* sha = params.find("sha256");
  const bool arrays =
      (!md5 || md5->is_null() || md5->is_array()) && (!sha || sha->is_null() || sha->is_array());
  if (n == 0 && arrays && ((md5 && md5->is_array()) || (sha && sha->is_array())))
    return "no hash given: md5 and sha256 are empty";
  return {};
}

// One rule: the check of `where` in the parameters of `action`.  `where`
// is a member path from params ("scope.path"); "" is params itself.
struct Rule {
  sv action;
  sv where;
  Check check;
};

constexpr Rule kRules[] = {
    {"avScan", "scope.path", file_paths},
    {"moveHostsToAdministrationGroup", "group", group_path},
    {"quarantineFile", "path", full_path},
    {"killProcess", "pid", process_id},
    {"killProcess", "path", file_path},
    {"netIsolateOn", "isolationTimeoutSec", isolation_period},
    {"executeCommand", "path", file_path},
    {"executeCommand", "workingDirectory", file_path},
    {"executeCommand", "commandLineParameters", command_line},
    {"addFilePreventionRules", "", some_hash},
    {"deleteFilePreventionRules", "", some_hash},
    {"assignKasapGroup", "groupId", identifier},
};

// The value at `where` (dotted members), with its path; null when absent.
const Value* at(const Value& params, sv where, std::string& path) {
  path = "params";
  const Value* v = &params;
  while (!where.empty()) {
    size_t dot = where.find('.');
    sv key = where.substr(0, dot);
    if (!v->is_object()) return nullptr;
    v = v->find(key);
    path = param_child_path(path, key);
    if (!v || v->is_null()) return nullptr;
    where = dot == sv::npos ? sv() : where.substr(dot + 1);
  }
  return v;
}

// ---- canonical form

Value canonical(const Value& v, const ParamSpec& spec);

Value canonical_object(const Value& v, std::span<const ParamSpec> fields) {
  Object out;
  for (const auto& [key, value] : v.entries()) {
    if (value.is_null()) continue;
    auto spec = std::find_if(fields.begin(), fields.end(), [&](const ParamSpec& f) { return f.name == key; });
    out.emplace(key, spec == fields.end() ? value : canonical(value, *spec));
  }
  return Value::object(std::move(out));
}

Value lower(const Value& v) {
  std::string s(v.str());
  for (char& c : s) c = char(std::tolower(static_cast<unsigned char>(c)));
  return Value::string(std::move(s));
}

Value canonical(const Value& v, const ParamSpec& spec) {
  switch (spec.type) {
    case ParamType::Integer:
      return v.is_double() ? Value::integer(int64_t(v.as_double())) : v;
    case ParamType::Md5:
    case ParamType::Sha256:
      return lower(v);
    case ParamType::Md5List:
    case ParamType::Sha256List: {
      Array out;
      for (const Value& h : v.items()) out.push_back(lower(h));
      return Value::array(std::move(out));
    }
    case ParamType::StringOrStrings:
      return v.is_string() ? Value::array(Array{v}) : v;
    case ParamType::PortRange: {
      int from = 0, to = 0;
      parse_port_range(v, from, to);
      return Value::object({{"from", Value::integer(from)}, {"to", Value::integer(to)}});
    }
    case ParamType::Object:
      return canonical_object(v, spec.fields);
    case ParamType::ObjectList: {
      Array out;
      for (const Value& e : v.items()) out.push_back(canonical_object(e, spec.fields));
      return Value::array(std::move(out));
    }
    default:
      return v;
  }
}

}  // namespace

bool is_endpoint_action(std::string_view type) {
  return std::find(std::begin(kTypes), std::end(kTypes), type) != std::end(kTypes);
}

std::string validate(const ActionSchema& schema, const Value& params) {
  if (params.is_object()) {
    for (const Rule& rule : kRules) {
      if (rule.action != schema.type) continue;
      std::string path;
      const Value* v = at(params, rule.where, path);
      if (!v) continue;
      if (std::string why = rule.check(*v); !why.empty())
        return why.starts_with('[') ? fmt::format("{}{}", path, why) : fmt::format("{}: {}", path, why);
    }
  }
  return validate_params(schema, params);
}

Value canonical_params(const ActionSchema& schema, const Value& params) {
  return canonical_object(params, schema.params);
}

std::string_view asset_kind(const ActionSchema& schema) {
  return schema.assets == AssetKind::Users ? "user" : "host";
}

std::string request_body(const ActionSchema& schema, const Call& call, const Value& canonical) {
  auto text_or_null = [](const std::string& s) { return s.empty() ? Value() : Value::string(s); };
  Object body;
  body.emplace("action", Value::string(schema.type));
  body.emplace("asset", Value::string(call.asset.value_or("")));
  body.emplace("assetKind", Value::string(asset_kind(schema)));
  body.emplace("params", canonical);
  body.emplace("tenant", call.context.tenants.empty() ? Value() : Value::string(call.context.tenants.back()));
  body.emplace("instance", text_or_null(call.context.instance));
  body.emplace("playbook", text_or_null(call.context.playbook));
  body.emplace("object", call.context.object_id.empty()
                             ? Value()
                             : Value::object({{"kind", Value::string(call.context.object_kind)},
                                              {"id", Value::string(call.context.object_id)}}));
  body.emplace("idempotencyKey", text_or_null(call.idempotency_key));
  return to_json(Value::object(std::move(body)));
}

}  // namespace riposte::actions::endpoint
