// Compiled jq programs and their evaluation: IR -> bytecode, then a
// backtracking interpreter with paths, closures and tail calls, on an
// explicit heap stack, under budgets.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "ir/ir.h"
#include "value/value.h"

namespace riposte::vm {

// Limits of one evaluation; 0 means unlimited.  `riposte jq` runs unlimited
// by default (jq's behaviour); the trigger and algorithm APIs always set them.
struct Budgets {
  uint64_t fuel = 0;          // instructions executed
  uint64_t memory_bytes = 0;  // live bytes of values created by the evaluation
  uint32_t max_depth = 0;     // nested calls / stack frames
};

// Services the host gives the program (jq's input/inputs, debug, stderr,
// input_line_number, $ENV ...).
struct Host {
  // Next input value for `input`; false at end of input (or on error: set err).
  std::function<bool(Value& out, std::string& err)> next_input;
  std::function<void(const Value&)> debug;    // `debug` messages: ["DEBUG:", v]
  std::function<void(const Value&)> stderr_;  // `stderr`
  std::function<uint32_t()> input_line_number;
  std::function<std::string()> input_filename;  // "" means null (no file being read)
};

class Program {
 public:
  ~Program();
  // Compiles a verified, optimised module.  Never fails for a module that
  // passed the verifier.
  static std::unique_ptr<Program> compile(const ir::Module& m);
  std::string disassemble() const;  // `riposte ir --stage bytecode`

  // The outcome of one evaluation.
  enum class Status : uint8_t { Ok, Error, Halt, BudgetExceeded };
  struct Outcome {
    Status status = Status::Ok;
    Value error;          // Error: the jq error value; BudgetExceeded: message
    int halt_code = 0;    // Halt: exit code (halt, halt_error)
    Value halt_value;     // halt_error's value
    bool halt_error = false;  // Halt came from halt_error: the host prints halt_value
  };

  // Runs the program on `input`, calling `emit` for each output until it
  // returns false or the stream ends.  `globals` are bound in the order of
  // Module::globals.  An output may share cells with the program's
  // constants (value/constant_pool.h): it is valid while the program
  // lives, and a caller that keeps it longer detaches it (Value::detach).
  // The Outcome's values are detached already.
  Outcome run(const Value& input, const std::vector<Value>& globals, const Budgets& budgets,
              const Host& host, const std::function<bool(const Value&)>& emit) const;

 private:
  Program();
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The emit callback of a caller that needs exactly one output (a trigger's
// verdict, an algorithm expression, a shared source): keeps the first and
// stops at the second, which settles "several" (`repeat(true)` must end).
struct FirstOutput {
  size_t count = 0;
  Value first;
  std::function<bool(const Value&)> emitter() {
    return [this](const Value& v) {
      if (++count == 1) first = v;
      return count < 2;
    };
  }
};

}  // namespace riposte::vm
