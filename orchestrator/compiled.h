// A step graph with every expression compiled to bytecode: immutable and
// shared by every thread of a run (vm::Program::run is re-entrant).
#pragma once

#include <memory>
#include <vector>

#include "ir/algorithm/step_graph.h"
#include "vm/program.h"

namespace riposte::orchestrator {

struct CompiledAlgorithm {
  std::shared_ptr<const ir::algorithm::Algorithm> graph;
  std::vector<std::unique_ptr<vm::Program>> programs;  // by ExprId; null when the module is missing
};

CompiledAlgorithm compile_algorithm(std::shared_ptr<const ir::algorithm::Algorithm> graph);

}  // namespace riposte::orchestrator
