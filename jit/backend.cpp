// The one symbol libriposte_jit.so exports to the program (jit/native.h):
// the table of the LLVM side's entry points.
#include "jit/jit_program.h"
#include "jit/native.h"

namespace riposte::jit {
namespace {

std::unique_ptr<NativeProgram> compile_module(const ir::Module& m, std::string* why_not) {
  return JitProgram::compile(m, why_not);
}

constexpr Backend kBackend{compile_module, llvm_ir_text};

}  // namespace
}  // namespace riposte::jit

extern "C" __attribute__((visibility("default"))) const riposte::jit::Backend* riposte_jit_backend() {
  return &riposte::jit::kBackend;
}
