// One trigger's native tier under a Tier rule (jit/tier.h): which program
// runs this evaluation.  Thread-safe: under Auto the thread whose
// evaluation makes the trigger hot compiles it, while the others keep
// running the VM until the native code is published.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>

#include "ir/ir.h"
#include "jit/native.h"
#include "jit/tier.h"

namespace riposte::jit {

class TieredCode {
 public:
  // `m` must outlive this object.  Under Tier::Jit it compiles now.
  TieredCode(const ir::Module& m, Tier tier, uint32_t hot_after = kDefaultHotAfter);
  // The native program for this evaluation, or null: run the VM.
  const NativeProgram* native() const;
  // "" once native code exists; the reason it does not ("not compiled:
  // ..."), or "not compiled yet" under Auto.
  std::string status() const;

 private:
  void compile_now() const;
  const ir::Module& module_;
  Tier tier_;
  uint32_t hot_after_;
  mutable std::atomic<const NativeProgram*> ready_{nullptr};
  mutable std::atomic<uint32_t> evaluations_{0};
  mutable std::atomic<bool> tried_{false};
  mutable std::mutex mu_;
  mutable std::unique_ptr<NativeProgram> owned_;
  mutable std::string why_;
};

}  // namespace riposte::jit
