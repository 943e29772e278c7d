#include "support/module_loader.h"

#include <dlfcn.h>
#include <unistd.h>

#include <climits>
#include <vector>

namespace riposte::support {
namespace {

// The folder of the running program, with a trailing slash ("" when /proc
// is not mounted).
std::string program_dir() {
  char path[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", path, sizeof path - 1);
  if (n <= 0) return {};
  std::string p(path, size_t(n));
  size_t slash = p.rfind('/');
  return slash == std::string::npos ? std::string() : p.substr(0, slash + 1);
}

}  // namespace

void* open_module_symbol(const std::string& file, const std::string& build_path, const char* symbol,
                         std::string* why_not) {
  std::vector<std::string> candidates{program_dir() + file};
  if (!build_path.empty()) candidates.push_back(build_path);
  for (const std::string& path : candidates) {
    if (access(path.c_str(), F_OK) != 0) continue;
    void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!handle) {
      if (why_not) *why_not = std::string(file) + " does not load: " + dlerror();
      return nullptr;
    }
    void* entry = dlsym(handle, symbol);
    if (!entry && why_not) *why_not = path + " has no " + symbol;
    return entry;
  }
  if (why_not) *why_not = file + " is not beside the program";
  return nullptr;
}

}  // namespace riposte::support
