// Algorithm diagnostics through the front end's one renderer; the JSON
// path goes before the message in text and into its own member in JSON.
#include "frontend/algorithm/algorithm.h"
#include "support/json_text.h"

namespace riposte::frontend::algorithm {

std::string render_text(const std::vector<AlgorithmDiagnostic>& diags, std::string_view source,
                        std::string_view file) {
  std::string out;
  for (const AlgorithmDiagnostic& d : diags) {
    Diagnostic shown = d.diagnostic;
    if (!d.path.empty()) shown.message = d.path + ": " + shown.message;
    out += frontend::render_text(shown, source, file);
  }
  return out;
}

std::string render_json(const std::vector<AlgorithmDiagnostic>& diags) {
  if (diags.empty()) return "[]\n";
  std::string out = "[\n";
  for (size_t i = 0; i < diags.size(); ++i) {
    std::string one = frontend::render_json(diags[i].diagnostic);
    // {severity, code, message, path, line, ...}: the path goes before "line".
    size_t at = one.rfind(",\"line\":");
    std::string path = ",\"path\":";
    support::append_json_quoted(path, diags[i].path);
    one.insert(at, path);
    out += "  " + one + (i + 1 < diags.size() ? ",\n" : "\n");
  }
  return out + "]\n";
}

}  // namespace riposte::frontend::algorithm
