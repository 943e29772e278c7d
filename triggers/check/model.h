// The data models as `riposte check` sees them: a read-only view of the
// JSON Schema triggers/check/data_model.schema.json, embedded in the program at
// build time (tools/CMakeLists.txt), so that the checks, the console's
// suggestions and the docs all read one file.
//
// Only what name checks need is interpreted: properties, items, $ref to
// #/$defs/..., additionalProperties (false: the object is closed, so other
// names are unknown fields), patternProperties (prefix patterns "^Name")
// and the annotation x-riposte-heavy.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "value/value.h"

namespace riposte::triggers::check {

// A schema node, or null for "nothing known".
using SchemaNode = const Value*;

enum class MemberKind { Known, Unknown, Open };
struct Member {
  MemberKind kind = MemberKind::Open;
  SchemaNode schema = nullptr;  // Known: the member's schema
};

class DataModel {
 public:
  // The embedded model, parsed once.
  static const DataModel& embedded();
  explicit DataModel(std::string_view schema_text);

  // "alert", "incident", "changeEvent", ... (a key of $defs), or null.
  SchemaNode definition(std::string_view name) const;
  // The schema of member `name` of an object of schema `node`.
  Member member(SchemaNode node, std::string_view name) const;
  // The schema of the elements of an array of schema `node` (null: unknown).
  SchemaNode element(SchemaNode node) const;
  // Names of the declared members, for suggestions.
  std::vector<std::string> member_names(SchemaNode node) const;
  bool heavy(SchemaNode node) const;

 private:
  SchemaNode resolve(SchemaNode node) const;
  Value schema_;
};

}  // namespace riposte::triggers::check
