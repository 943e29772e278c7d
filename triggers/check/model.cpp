// The embedded data model (see cmd_check_model.h).
#include "triggers/check/model.h"

#include <cstdio>
#include <cstdlib>

#include "value/json.h"

namespace riposte::triggers::check {
namespace {

// triggers/check/data_model.schema.json as a raw string literal (generated).
constexpr std::string_view kSchemaText =
#include "data_model_schema.inc"
    ;

constexpr std::string_view kDefsRef = "#/$defs/";

}  // namespace

const DataModel& DataModel::embedded() {
  static const DataModel model(kSchemaText);
  return model;
}

DataModel::DataModel(std::string_view schema_text) {
  JsonError err;
  if (!parse_json(schema_text, schema_, err)) {
    // The file is part of the build; a broken one is a build defect.
    std::fprintf(stderr, "riposte: internal error: data_model.schema.json:%u:%u: %s\n", err.line, err.column,
                 err.message.c_str());
    std::abort();
  }
}

SchemaNode DataModel::definition(std::string_view name) const {
  const Value* defs = schema_.find("$defs");
  return defs ? resolve(defs->find(name)) : nullptr;
}

// Follows $ref chains to local definitions (a bounded number of steps).
SchemaNode DataModel::resolve(SchemaNode node) const {
  for (int step = 0; node && node->is_object() && step < 8; ++step) {
    const Value* ref = node->find("$ref");
    if (!ref || !ref->is_string() || !ref->str().starts_with(kDefsRef)) return node;
    const Value* defs = schema_.find("$defs");
    node = defs ? defs->find(ref->str().substr(kDefsRef.size())) : nullptr;
  }
  return node;
}

Member DataModel::member(SchemaNode node, std::string_view name) const {
  node = resolve(node);
  if (!node || !node->is_object()) return {};
  if (const Value* props = node->find("properties"); props && props->is_object()) {
    if (const Value* m = props->find(name)) return {MemberKind::Known, resolve(m)};
  }
  if (const Value* patterns = node->find("patternProperties"); patterns && patterns->is_object()) {
    for (const auto& [pattern, schema] : patterns->entries()) {
      if (pattern.starts_with('^') && name.starts_with(std::string_view(pattern).substr(1))) {
        return {MemberKind::Known, resolve(&schema)};
      }
    }
  }
  const Value* extra = node->find("additionalProperties");
  bool closed = extra && extra->kind() == Kind::False;
  return {closed ? MemberKind::Unknown : MemberKind::Open, nullptr};
}

SchemaNode DataModel::element(SchemaNode node) const {
  node = resolve(node);
  if (!node || !node->is_object()) return nullptr;
  return resolve(node->find("items"));
}

std::vector<std::string> DataModel::member_names(SchemaNode node) const {
  std::vector<std::string> out;
  node = resolve(node);
  if (!node || !node->is_object()) return out;
  if (const Value* props = node->find("properties"); props && props->is_object())
    for (const auto& entry : props->entries()) out.push_back(entry.first);
  return out;
}

bool DataModel::heavy(SchemaNode node) const {
  node = resolve(node);
  const Value* mark = node && node->is_object() ? node->find("x-riposte-heavy") : nullptr;
  return mark && mark->kind() == Kind::True;
}

}  // namespace riposte::triggers::check
