// The JIT tier as the rest of the program sees it: a compiled program and
// the backend that compiles one, with no LLVM type in sight.  The backend
// lives in libriposte_jit.so (the LLVM side of jit/), loaded on first use
// (jit/loader.cpp): a `riposte` that never JIT-compiles never maps libLLVM
// (docs/jit.md, "Loading").
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "ir/ir.h"
#include "value/value.h"
#include "vm/program.h"

namespace riposte::jit {

// One module compiled to native code.  run() has vm::Program::run's
// contract: same outputs, same errors, same budget errors.
class NativeProgram {
 public:
  virtual ~NativeProgram() = default;
  virtual vm::Program::Outcome run(const Value& input, const std::vector<Value>& globals,
                                   const vm::Budgets& budgets,
                                   const std::function<bool(const Value&)>& emit) const = 0;
  virtual std::string llvm_ir() const = 0;   // as generated, before LLVM's optimisation
  virtual std::string assembly() const = 0;  // optimised, for this machine
};

// The entry points of the LLVM side, one table.
struct Backend {
  // Null with *why_not set ("function call f/1", ...) when m is outside
  // the subset (jit/subset.h) or LLVM fails.
  std::unique_ptr<NativeProgram> (*compile)(const ir::Module& m, std::string* why_not);
  // `riposte ir --stage llvm`: the generated LLVM IR without compiling it.
  bool (*llvm_ir_text)(const ir::Module& m, std::string& out, std::string& why_not);
};

// The backend, loaded once per process; null with *why_not set when it
// cannot be loaded (the library is missing or does not link).
const Backend* backend(std::string* why_not);

// The library's file name and the one exported symbol (jit/backend.cpp).
inline constexpr const char* kModuleFile = "libriposte_jit.so";
inline constexpr const char* kEntrySymbol = "riposte_jit_backend";

}  // namespace riposte::jit

// Defined by the LLVM side; linked in statically by programs that link
// riposte_jit (the unit tests of jit/), looked up with dlsym otherwise.
extern "C" const riposte::jit::Backend* riposte_jit_backend();
