// Finding the LLVM side of the JIT (jit/native.h).  libLLVM is 100 MB of
// code whose relocations alone cost `riposte jq -n empty` 50 ms and 50 MB;
// most runs never compile natively, so the backend is a separate shared
// object, opened the first time a program asks for native code.
#include <dlfcn.h>
#include <unistd.h>

#include <climits>
#include <mutex>
#include <string>
#include <vector>

#include "jit/native.h"

// Programs that link riposte_jit define it; in the others it stays null.
extern "C" __attribute__((weak)) const riposte::jit::Backend* riposte_jit_backend();

namespace riposte::jit {
namespace {

// The folder of the running program ("" when /proc is not mounted).
std::string program_dir() {
  char path[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", path, sizeof path - 1);
  if (n <= 0) return {};
  std::string p(path, size_t(n));
  size_t slash = p.rfind('/');
  return slash == std::string::npos ? std::string() : p.substr(0, slash + 1);
}

// Beside the program first (tools/riposte and tools/libriposte_jit.so);
// then the build tree's copy, for the test and bench programs of the same
// build, which live in other folders.
std::vector<std::string> candidates() {
  std::vector<std::string> paths{program_dir() + kModuleFile};
#ifdef RIPOSTE_JIT_MODULE_PATH
  paths.emplace_back(RIPOSTE_JIT_MODULE_PATH);
#endif
  return paths;
}

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
  for (const std::string& path : candidates()) {
    if (access(path.c_str(), F_OK) != 0) continue;
    // RTLD_NOW: a missing symbol is an error here, not a crash later.
    void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!handle) {
      r.why_not = std::string("the JIT library does not load: ") + dlerror();
      return r;
    }
    auto entry = reinterpret_cast<const Backend* (*)()>(dlsym(handle, kEntrySymbol));
    if (!entry) {
      r.why_not = path + " has no " + kEntrySymbol;
      return r;
    }
    r.backend = entry();
    return r;
  }
  r.why_not = std::string("the JIT library ") + kModuleFile + " is not beside the program";
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
