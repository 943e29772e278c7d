// Evaluating the algorithm's expressions for one thread of a run: each
// expression runs under the run's budgets and must yield exactly one value
// (algorithm.md); a failure is an error value naming the JSON path of the
// expression.  `alert` / `incident` read the launching object (the one the
// scope does not name is null).  Values are owned by the calling thread:
// make one Evaluator per worker thread.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "compiler/environment.h"
#include "orchestrator/compiled.h"
#include "vm/program.h"
#include "value/value.h"

namespace riposte::orchestrator {

// The globals behind the functions `alert` and `incident`
// (compiler/environment.h, Environment::Algorithm).
inline constexpr std::string_view kAlertGlobal = compiler::kAlertGlobal;
inline constexpr std::string_view kIncidentGlobal = compiler::kIncidentGlobal;

// An error of a step: what went wrong and where (JSON path).
struct StepError {
  std::string path;
  std::string message;
  bool system = false;  // stops the instance whatever onError says
  std::string text() const { return path.empty() ? message : path + ": " + message; }
};

struct Evaluated {
  Value value;
  std::optional<StepError> error;
  bool ok() const { return !error; }
};

// The deepest array/object nesting an expression may yield.  The steps
// (merge, masking, the JSON text handed between threads) recurse on values,
// and the saved state nests the data a few levels down while the JSON
// reader stops at 10,000 levels: a deeper value is a budget error.
inline constexpr size_t kMaxValueDepth = 9'000;

// Defaults for algorithm expressions: larger than a trigger's (they build
// parameter objects and aggregates) but still bounded.
vm::Budgets default_expression_budgets();

class Evaluator {
 public:
  Evaluator(const CompiledAlgorithm& algorithm, const Value& object, bool incident, const vm::Budgets& budgets);

  // Expression `id` on `input`: exactly one value.
  Evaluated eval(ir::algorithm::ExprId id, const Value& input) const;
  // A document value with its `${}` expressions replaced.
  Evaluated render(const ir::algorithm::ValueTemplate& t, const Value& input) const;
  // A condition: exactly one boolean (null counts as false), as triggers.
  Evaluated condition(ir::algorithm::ExprId id, const Value& input) const;

  const CompiledAlgorithm& algorithm() const { return algorithm_; }

 private:
  std::vector<Value> globals_for(const ir::Module& m) const;
  Evaluated fail(ir::algorithm::ExprId id, std::string message) const;

  const CompiledAlgorithm& algorithm_;
  Value alert_, incident_;
  vm::Budgets budgets_;
};

}  // namespace riposte::orchestrator
