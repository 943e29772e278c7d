#include "orchestrator/compiled.h"

namespace riposte::orchestrator {

CompiledAlgorithm compile_algorithm(std::shared_ptr<const ir::algorithm::Algorithm> graph) {
  CompiledAlgorithm c;
  for (const ir::algorithm::Expression& e : graph->expressions)
    c.programs.push_back(e.module ? vm::Program::compile(*e.module) : nullptr);
  c.graph = std::move(graph);
  return c;
}

}  // namespace riposte::orchestrator
