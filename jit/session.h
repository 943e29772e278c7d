// The JIT session: one LLJIT instance for the process, shared by every
// JitProgram and safe to use from several threads (one mutex around
// compilation and lookup).  Compiled code is cached in memory by the text
// of its LLVM IR before optimisation: the IR holds slot and constant
// numbers, not constant values, so triggers of the same shape
// (`.Severity == "low"`, `.Severity == "high"`) share one native function.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "jit/codegen.h"
#include "jit/runtime.h"

namespace llvm {
class TargetMachine;
namespace orc {
class LLJIT;
}
}  // namespace llvm

namespace riposte::jit {

using EntryFn = int32_t (*)(JitRun* run, const Value* input, Value* slots, const Value* consts);

class JitSession {
 public:
  static JitSession& instance();  // created on first use
  ~JitSession();

  // Native code for `g`'s module (taken over); `key` is its IR text.  Null
  // with `why` set when LLVM fails.
  EntryFn compile(Generated& g, const std::string& key, std::string& why);
  // The optimised module's assembly for this machine (`riposte ir --stage asm`).
  std::string assembly(const std::string& ir_text, std::string& why);

  struct Stats {
    uint64_t compiled = 0;  // native functions built
    uint64_t reused = 0;    // compile() answered from the cache
  };
  Stats stats();

 private:
  JitSession();
  void optimize(llvm::Module& m);  // LLVM's O2 pipeline for the host
  std::mutex mu_;
  std::unique_ptr<llvm::orc::LLJIT> jit_;
  std::unique_ptr<llvm::TargetMachine> tm_;
  std::unordered_map<std::string, EntryFn> cache_;
  Stats stats_;
  std::string init_error_;
};

}  // namespace riposte::jit
