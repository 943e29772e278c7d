#include "frontend/prelude.h"

#include <fmt/format.h>

#include <cctype>
#include <optional>

#include "frontend/frontend.h"

namespace riposte::frontend {
namespace {

std::string signature(std::string_view name, unsigned arity) {
  return fmt::format("{}/{}", name, arity);
}

// "name/arity" of a chunk that starts `def name(p1; p2):`, or nothing when
// the header reads otherwise (the chunk is then parsed at once).
std::optional<std::string> header_signature(std::string_view text) {
  size_t i = 4;  // after "def "
  auto skip_spaces = [&] {
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) ++i;
  };
  skip_spaces();
  size_t start = i;
  while (i < text.size() && (std::isalnum(static_cast<unsigned char>(text[i])) || text[i] == '_')) ++i;
  if (i == start || std::isdigit(static_cast<unsigned char>(text[start]))) return std::nullopt;
  std::string_view name = text.substr(start, i - start);
  skip_spaces();
  unsigned arity = 0;
  if (i < text.size() && text[i] == '(') {
    arity = 1;
    for (++i; i < text.size() && text[i] != ')'; ++i)
      if (text[i] == ';') ++arity;
    if (i == text.size()) return std::nullopt;
    ++i;
    skip_spaces();
  }
  if (i >= text.size() || text[i] != ':') return std::nullopt;
  return signature(name, arity);
}

// Blank lines and comments only.
bool is_commentary(std::string_view text) {
  bool in_comment = false;
  for (char c : text) {
    if (c == '\n')
      in_comment = false;
    else if (c == '#')
      in_comment = true;
    else if (!in_comment && !std::isspace(static_cast<unsigned char>(c)))
      return false;
  }
  return true;
}

}  // namespace

Prelude::Prelude(std::string_view source) : source_(source) {
  split();
}

// Cuts the text at every line that starts with "def "; indexes the chunks
// whose header reads, parses the others now.
void Prelude::split() {
  std::string_view text = source_;
  size_t begin = 0;
  unsigned line = 1, begin_line = 1;
  auto close = [&](size_t end) {
    std::string_view piece = text.substr(begin, end - begin);
    if (piece.empty() || (begin == 0 && is_commentary(piece))) return;
    Chunk& c = chunks_.emplace_back();
    c.text = piece;
    c.line = begin_line;
  };
  for (size_t i = 0; i <= text.size(); ++i) {
    bool at_line_start = i == 0 || text[i - 1] == '\n';
    if (i < text.size() && at_line_start && i > begin && text.substr(i, 4) == "def ") {
      close(i);
      begin = i;
      begin_line = line;
    }
    if (i < text.size() && text[i] == '\n') ++line;
  }
  close(text.size());
  for (size_t c = 0; c < chunks_.size(); ++c) {
    const Chunk& chunk = chunks_[c];
    std::optional<std::string> sig;
    if (chunk.text.substr(0, 4) == "def ") sig = header_signature(chunk.text);
    if (sig) {
      by_signature_[*sig] = c;
      continue;
    }
    parse(chunk);  // irregular: its errors, or its definitions, now
    diagnostics_.insert(diagnostics_.end(), chunk.errors.begin(), chunk.errors.end());
    if (chunk.ast && chunk.ast->root->kind == AstKind::FuncDefs)
      for (const FuncDef& def : chunk.ast->root->defs)
        by_signature_[signature(def.name, def.params.size())] = c;
  }
}

// Parsed with the lines before it blanked, so that positions in its
// diagnostics and AST are positions in the whole prelude.
void Prelude::parse(const Chunk& c) const {
  if (c.parsed) return;
  c.parsed = true;
  std::string text(c.line - 1, '\n');
  text.append(c.text);
  ParseResult r = frontend::parse(text, "<builtins>");
  c.errors = std::move(r.diagnostics);
  c.ast = std::move(r.ast);
}

const Prelude::Chunk* Prelude::chunk(std::string_view name, unsigned arity) const {
  auto it = by_signature_.find(signature(name, arity));
  return it == by_signature_.end() ? nullptr : &chunks_[it->second];
}

const FuncDef* Prelude::find(std::string_view name, unsigned arity) const {
  const Chunk* c = chunk(name, arity);
  if (!c) return nullptr;
  parse(*c);
  if (!c->ast || c->ast->root->kind != AstKind::FuncDefs) return nullptr;
  const FuncDef* found = nullptr;
  for (const FuncDef& def : c->ast->root->defs)
    if (def.name == name && def.params.size() == arity) found = &def;
  return found;
}

std::span<const support::Diagnostic> Prelude::errors(std::string_view name, unsigned arity) const {
  const Chunk* c = chunk(name, arity);
  if (!c) return {};
  return c->errors;
}

std::vector<std::string> Prelude::signatures() const {
  std::vector<std::string> out;
  out.reserve(by_signature_.size());
  for (const auto& [sig, chunk] : by_signature_) out.push_back(sig);
  return out;
}

const Prelude& prelude_for(std::string_view source) {
  thread_local std::unique_ptr<Prelude> cached;
  if (!cached || cached->source() != source) cached = std::make_unique<Prelude>(source);
  return *cached;
}

}  // namespace riposte::frontend
