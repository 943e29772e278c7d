// The jq-defined builtins (LowerOptions::prelude), parsed once per thread
// and indexed by name/arity for the lowering, which lowers only the
// definitions a program reaches.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "frontend/ast.h"
#include "support/diagnostics.h"

namespace riposte::frontend {

struct Prelude {
  std::string source;
  std::unique_ptr<Ast> ast;               // null when the prelude has syntax errors
  std::vector<support::Diagnostic> diagnostics;  // its syntax errors
  std::unordered_map<std::string, const FuncDef*> by_signature;  // "name/arity"; the last definition wins

  const FuncDef* find(std::string_view name, unsigned arity) const;
};

// The parsed prelude for `source` (cached: parsing happens when the text
// changes, not at every compile).
const Prelude& prelude_for(std::string_view source);

}  // namespace riposte::frontend
