// The fields a program reads from its input and from the host's globals:
// `.Assets[].Name` is two accesses, Assets at the root and Name in each
// element of Assets, each with the location of its key in the source.
//
// Paths are followed through pipes, variables, `if`, `//`, `try`, `?`,
// reduce/foreach and calls of jq functions (walked at each call site, so
// `select(.Name == "x")` and `map(.ID)` see their input).  A value computed
// by anything else (a native, a constructor, arithmetic) has no path: keys
// read from it are not reported, which is the conservative direction for
// "unknown field" warnings.  Keys read inside the jq-defined builtins
// themselves are not reported (their locations are in the prelude).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "ir/ir.h"

namespace riposte::ir::analysis {

// A path from a root: segments are member names, or "[]" for any element
// (iteration or a numeric index).
struct FieldPath {
  std::string root;  // "" for the input `.`; otherwise a name given in FieldRoots
  std::vector<std::string> segments;
  bool operator==(const FieldPath&) const = default;
};

struct FieldAccess {
  FieldPath path;  // the last segment is the member read
  Loc loc;         // the key: the `.` of `.name`, the quote of `."name"` or `.["name"]`
};

// Globals whose value is a known root (`alert` reads the same object as
// `.`; `event` reads the change event).
struct FieldRoots {
  std::vector<std::pair<VarId, std::string>> globals;
};

// Accesses in source order (line, column), each (path, location) once.
std::vector<FieldAccess> collect_field_accesses(const Module& m, const FieldRoots& roots);

// "Assets[].Name"
std::string to_string(const FieldPath& p);

}  // namespace riposte::ir::analysis
