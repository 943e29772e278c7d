// The jq-defined builtins (LowerOptions::prelude), indexed by name/arity
// for the lowering, which lowers only the definitions a program reaches.
//
// A definition is parsed the first time a program calls it, not at start-up:
// `riposte jq -n empty` parses none of stdlib/builtins.jq, `map(.+1)` one
// definition (docs/frontend.md, "The prelude").  This relies on the
// prelude's layout rule: a top-level definition starts a line with "def "
// (nested helpers are indented), so the text splits into definitions
// without the parser.
#pragma once

#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "frontend/ast.h"
#include "support/diagnostics.h"

namespace riposte::frontend {

class Prelude {
 public:
  explicit Prelude(std::string_view source);
  Prelude(const Prelude&) = delete;
  Prelude& operator=(const Prelude&) = delete;

  const std::string& source() const { return source_; }
  // Syntax errors found without a call: text outside any definition, or a
  // "def " line whose header does not read as `def name(params):`.
  const std::vector<support::Diagnostic>& diagnostics() const { return diagnostics_; }
  // The definition of name/arity, parsed now if it was not yet; null when
  // the prelude defines none or its text does not parse (errors() says why).
  // The last definition of a signature wins.
  const FuncDef* find(std::string_view name, unsigned arity) const;
  // The syntax errors of name/arity's definition (empty unless find() failed
  // on it).
  std::span<const support::Diagnostic> errors(std::string_view name, unsigned arity) const;
  // Every "name/arity" the prelude defines.
  std::vector<std::string> signatures() const;

 private:
  // One top-level definition's text and where it starts.
  struct Chunk {
    std::string_view text;
    unsigned line = 1;  // of its first character, in source_
    mutable bool parsed = false;
    mutable std::unique_ptr<Ast> ast;
    mutable std::vector<support::Diagnostic> errors;
  };
  void split();
  const Chunk* chunk(std::string_view name, unsigned arity) const;
  void parse(const Chunk& c) const;

  std::string source_;
  std::vector<Chunk> chunks_;
  std::unordered_map<std::string, size_t> by_signature_;  // "name/arity" -> chunk
  std::vector<support::Diagnostic> diagnostics_;
};

// The prelude for `source`, one per thread (the ASTs are not shared between
// threads); made again when the text changes, not at every compile.
const Prelude& prelude_for(std::string_view source);

}  // namespace riposte::frontend
