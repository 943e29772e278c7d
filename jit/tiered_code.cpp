// The tiering rule (jit/tiered_code.h).
#include "jit/tiered_code.h"

namespace riposte::jit {

TieredCode::TieredCode(const ir::Module& m, Tier tier, uint32_t hot_after)
    : module_(m), tier_(tier), hot_after_(hot_after) {
  if (tier_ == Tier::Jit) compile_now();
}

void TieredCode::compile_now() const {
  if (tried_.load(std::memory_order_acquire)) return;
  if (const Backend* b = backend(&why_)) owned_ = b->compile(module_, &why_);
  ready_.store(owned_.get(), std::memory_order_release);
  tried_.store(true, std::memory_order_release);
}

const NativeProgram* TieredCode::native() const {
  if (const NativeProgram* p = ready_.load(std::memory_order_acquire)) return p;
  if (tier_ != Tier::Auto || tried_.load(std::memory_order_acquire)) return nullptr;
  if (evaluations_.fetch_add(1, std::memory_order_relaxed) + 1 < hot_after_) return nullptr;
  std::unique_lock<std::mutex> lock(mu_, std::try_to_lock);
  if (!lock.owns_lock()) return nullptr;  // another thread is compiling it
  compile_now();
  return ready_.load(std::memory_order_acquire);
}

std::string TieredCode::status() const {
  if (ready_.load(std::memory_order_acquire)) return {};
  if (!tried_.load(std::memory_order_acquire)) return tier_ == Tier::Vm ? "not compiled: --engine vm" : "not compiled yet";
  std::lock_guard<std::mutex> lock(mu_);
  return "not compiled: " + why_;
}

}  // namespace riposte::jit
