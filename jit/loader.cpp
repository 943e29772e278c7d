// Finding the LLVM side of the JIT (jit/native.h).  libLLVM is 100 MB of
// code whose relocations alone cost `riposte jq -n empty` 50 ms and 50 MB;
// most runs never compile natively, so the backend is a separate shared
// object, opened the first time a program asks for native code.
#include <mutex>
#include <string>

#include "jit/native.h"
#include "support/module_loader.h"

// Programs that link riposte_jit define it; in the others it stays null.
extern "C" __attribute__((weak)) const riposte::jit::Backend* riposte_jit_backend();

namespace riposte::jit {
namespace {

#ifdef RIPOSTE_JIT_MODULE_PATH
constexpr const char* kBuildPath = RIPOSTE_JIT_MODULE_PATH;
#else
constexpr const char* kBuildPath = "";
#endif

struct Loaded {
  const Backend* backend = nullptr;
  std::string why_not;
};

Loaded load() {
  Loaded r;
  if (riposte_jit_backend) {
    r.backend = riposte_jit_backend();
    return r;
  }
  void* entry = support::open_module_symbol(kModuleFile, kBuildPath, kEntrySymbol, &r.why_not);
  if (entry) r.backend = reinterpret_cast<const Backend* (*)()>(entry)();
  return r;
}

}  // namespace

const Backend* backend(std::string* why_not) {
  static std::once_flag once;
  static Loaded loaded;
  std::call_once(once, [] { loaded = load(); });
  if (!loaded.backend && why_not) *why_not = loaded.why_not;
  return loaded.backend;
}

}  // namespace riposte::jit
