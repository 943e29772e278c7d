// One trigger (an optimised ir::Module) compiled to native code with LLVM
// ORC LLJIT (docs/jit.md).  compile() refuses modules outside the subset
// (jit/subset.h) with a reason; the caller then runs the VM.  run() has
// vm::Program::run's contract: same outputs, same errors, same budget errors
// (fuel counts loop steps here, not instructions).
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "ir/ir.h"
#include "jit/native.h"
#include "value/value.h"
#include "vm/program.h"

namespace riposte::jit {

class JitProgram final : public NativeProgram {
 public:
  ~JitProgram() override;
  // Null with *why_not set ("function call f/1", ...) when m is outside the
  // subset or LLVM fails.
  static std::unique_ptr<JitProgram> compile(const ir::Module& m, std::string* why_not);

  vm::Program::Outcome run(const Value& input, const std::vector<Value>& globals, const vm::Budgets& budgets,
                           const std::function<bool(const Value&)>& emit) const override;

  std::string llvm_ir() const override;   // as generated, before LLVM's optimisation
  std::string assembly() const override;  // optimised, for this machine

 private:
  JitProgram();
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// `riposte ir --stage llvm`: the generated LLVM IR without compiling it.
bool llvm_ir_text(const ir::Module& m, std::string& out, std::string& why_not);

}  // namespace riposte::jit
