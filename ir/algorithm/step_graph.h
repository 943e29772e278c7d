// A playbook algorithm compiled into the shared IR (spec/algorithm.md,
// "Compilation"): one ir::Module per `${ jq }` expression and a step graph
// whose nodes are the control flow of the document:
//   sequence  a Block: steps run one after another on the same data
//   fan-out   split (one branch per batch) and scatter-gather (named
//             branches), each followed by a join (aggregate + output)
//   branch    switch: the first case whose condition is true runs
//   action    responseAction; update: updateData
// Every node keeps the JSON path of its step, so run-time errors name it.
// Built from the loaded document by frontend/algorithm/build_graph.h, printed
// by ir/algorithm/printer.h, run by orchestrator/.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "ir/ir.h"

namespace riposte::ir::algorithm {

using ExprId = uint32_t;  // index into Algorithm::expressions; kNone = absent

// One `${ jq }` (or a jq-only field) compiled on its own.
struct Expression {
  std::string path;  // JSON path of the string that holds it
  std::string jq;
  std::unique_ptr<Module> module;
};

// A JSON value in the document that may hold expressions: a literal, one
// whole expression (any JSON type), an interpolated string, or an array or
// object whose members are templates themselves.
struct ValueTemplate {
  enum class Kind : uint8_t { Literal, Expression, Interpolation, Array, Object };
  struct Part {
    std::string text;     // literal text when expr == kNone
    ExprId expr = kNone;  // else the expression whose value is inserted
  };
  Kind kind = Kind::Literal;
  std::string literal;  // Literal: canonical compact JSON
  ExprId expr = kNone;  // Expression
  std::vector<Part> parts;  // Interpolation
  std::vector<ValueTemplate> items;  // Array
  std::vector<std::pair<std::string, ValueTemplate>> members;  // Object, in document order

  bool present() const { return !(kind == Kind::Literal && literal.empty()); }
};

enum class OnError : uint8_t { Stop, Continue };
enum class OutputAction : uint8_t { Merge, Overwrite };

// How a step's result reaches the data: `output` / `updateData` objects.
struct Output {
  bool present = false;    // absent: the result goes to history only
  OutputAction action = OutputAction::Merge;
  ExprId filter = kNone;   // kNone: `.`
};

struct Block;

struct ManualApprove {
  bool enabled = false;
  int64_t timeout_ns = 0;       // 10m ... 180m, default 60m
  bool email = false;
  int64_t email_delay_ns = 0;   // 5m ... 30m, default 10m
};

struct ActionStep {
  std::string type;
  bool takes_assets = false;
  ValueTemplate assets;  // absent for actions without assets
  ValueTemplate params;  // absent: {}
  Output output;
  OnError on_error = OnError::Stop;
  int64_t timeout_ns = 0;  // scheduleToCloseTimeout after policies; 0 = playbookRunTimeout
  std::string timeout_policy;  // the policy's name, "" when inline or default
  ManualApprove approve;
  std::vector<std::string> allowed_products, restricted_products;
};

struct Branch {
  std::string name;  // scatter-gather branch name; "" for split
  std::unique_ptr<Block> steps;
};

// split and scatter-gather: fan-out over branches, then the join.
struct FanOut {
  bool is_split = true;
  ValueTemplate input;  // split: required, must be an array; scatter-gather: default `.`
  uint32_t batch_size = 1;
  bool parallel = true;  // split mode; scatter-gather branches always run in parallel
  OnError on_error = OnError::Stop;
  ExprId aggregate = kNone;
  Output output;  // the join: how the aggregate reaches the data (default merge)
  std::vector<Branch> branches;  // split: one template branch run per batch
};

struct Case {
  ExprId condition = kNone;
  std::unique_ptr<Block> steps;
};

struct Step {
  enum class Kind : uint8_t { Action, FanOut, Switch, Update };
  Kind kind = Kind::Action;
  std::string path;  // "executionFlow[1].split.steps[0]"
  std::string kind_key;  // "responseAction", "split", "scatter-gather", "switch", "updateData"
  ActionStep action;
  FanOut fan_out;
  std::vector<Case> cases;  // Switch
  Output update;            // Update: filter = the jq, action = overwrite for the string form
};

struct Block {
  std::vector<Step> steps;
};

struct Timeout {
  std::string name;
  int64_t schedule_to_close_ns = 0;
};

struct Algorithm {
  std::string dsl_version, version, actions_version;
  ExprId input = kNone, output = kNone;  // playbook transforms
  int64_t run_timeout_ns = 0;            // playbookRunTimeout (default 24h)
  int64_t default_step_timeout_ns = 0;   // the `default` policy; 0 = run timeout
  std::vector<Timeout> timeouts;
  std::vector<Expression> expressions;
  Block flow;  // executionFlow
};

// Every step of a block and of the blocks it holds, depth first, in document order.
template <typename Visit>
void for_each_step(const Block& b, Visit&& visit) {
  for (const Step& s : b.steps) {
    visit(s);
    for (const Branch& br : s.fan_out.branches)
      if (br.steps) for_each_step(*br.steps, visit);
    for (const Case& c : s.cases)
      if (c.steps) for_each_step(*c.steps, visit);
  }
}

}  // namespace riposte::ir::algorithm
