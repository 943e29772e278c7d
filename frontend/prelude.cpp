#include "frontend/prelude.h"

#include <fmt/format.h>

#include "frontend/frontend.h"

namespace riposte::frontend {

const FuncDef* Prelude::find(std::string_view name, unsigned arity) const {
  auto it = by_signature.find(fmt::format("{}/{}", name, arity));
  return it == by_signature.end() ? nullptr : it->second;
}

namespace {

std::unique_ptr<Prelude> parse_prelude(std::string_view source) {
  auto p = std::make_unique<Prelude>();
  p->source = std::string(source);
  ParseResult r = parse(p->source, "<builtins>");
  p->diagnostics = std::move(r.diagnostics);
  p->ast = std::move(r.ast);
  if (p->ast && p->ast->root->kind == AstKind::FuncDefs) {
    for (const FuncDef& def : p->ast->root->defs)
      p->by_signature[fmt::format("{}/{}", def.name, def.params.size())] = &def;
  }
  return p;
}

}  // namespace

const Prelude& prelude_for(std::string_view source) {
  thread_local std::unique_ptr<Prelude> cached;
  if (!cached || cached->source != source) cached = parse_prelude(source);
  return *cached;
}

}  // namespace riposte::frontend
