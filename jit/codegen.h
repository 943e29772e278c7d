// IR -> LLVM IR for one trigger (docs/jit.md).  The generated function
//   i32 riposte_trigger(ptr run, ptr input, ptr slots, ptr consts)
// pushes outputs to the run's emit callback: each IR node is generated
// with its consumer (a continuation) inlined, so `.[]` is a loop, `,`
// emits its consumer once per branch, `label`/`break` and errors are
// branches.  Values live in numbered slots (16 bytes each) and constants
// in a table passed at run time, so the code holds no addresses and no
// constant values: triggers of the same shape share one compiled object.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "ir/ir.h"
#include "value/value.h"

namespace llvm {
class LLVMContext;
class Module;
}  // namespace llvm

namespace riposte::jit {

inline constexpr const char* kEntryName = "riposte_trigger";

struct Generated {
  std::unique_ptr<llvm::LLVMContext> context;
  std::unique_ptr<llvm::Module> module;
  std::vector<Value> consts;  // the table the code indexes
  uint32_t slots = 0;         // slots the code uses; the globals come first
  Generated();
  Generated(Generated&&) noexcept;
  ~Generated();
};

// False with `why` set when the module uses something outside the subset
// (jit/subset.h) or the code would be too large.
bool generate(const ir::Module& m, Generated& out, std::string& why);

}  // namespace riposte::jit
