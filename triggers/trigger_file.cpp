// The triggers file of `riposte match`.
#include "triggers/trigger_file.h"

#include <fmt/format.h>

#include "triggers/line_reader.h"
#include "value/json.h"

namespace riposte::triggers {
namespace {

// One line's trigger, or a reason it is not one.
bool parse_trigger_line(const std::string& line, Scope default_scope, TriggerSpec& spec, std::string& why) {
  Value v;
  JsonError jerr;
  if (!parse_json(line, v, jerr)) {
    why = fmt::format("invalid JSON at column {}: {}", jerr.column, jerr.message);
    return false;
  }
  if (!v.is_object()) return why = "expected an object {\"id\", \"trigger\", \"scope\"}", false;
  const Value* text = v.find("trigger");
  if (!text || !text->is_string()) return why = "\"trigger\" must be a string (the jq program)", false;
  const Value* id = v.find("id");
  if (!id || !(id->is_string() || id->is_number())) return why = "\"id\" must be a string", false;
  spec.id = id->is_string() ? std::string(id->str()) : to_json(*id);
  spec.text = std::string(text->str());
  spec.scope = default_scope;
  if (const Value* scope = v.find("scope"); scope && !scope->is_null()) {
    std::optional<Scope> s = scope->is_string() ? parse_scope(scope->str()) : std::nullopt;
    if (!s) return why = "\"scope\" must be \"alert\" or \"incident\"", false;
    spec.scope = *s;
  }
  return true;
}

bool blank(const std::string& line) { return line.find_first_not_of(" \t\r\n") == std::string::npos; }

}  // namespace

bool read_trigger_file(const std::string& path, Scope default_scope, std::vector<TriggerSpec>& out,
                       std::string& err) {
  LineReader in;
  if (!in.open(path, err)) return false;
  std::string line;
  for (uint64_t number = 1; in.next(line); ++number) {
    if (blank(line)) continue;
    TriggerSpec spec;
    std::string why;
    if (!parse_trigger_line(line, default_scope, spec, why)) {
      err = fmt::format("{}:{}: {}", path, number, why);
      return false;
    }
    out.push_back(std::move(spec));
  }
  return true;
}

}  // namespace riposte::triggers
