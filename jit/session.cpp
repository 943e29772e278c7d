// The process-wide LLJIT (jit/session.h).
#include "jit/session.h"

#include <fmt/format.h>
#include <llvm/AsmParser/Parser.h>
#include <llvm/ExecutionEngine/Orc/Core.h>
#include <llvm/ExecutionEngine/Orc/JITTargetMachineBuilder.h>
#include <llvm/ExecutionEngine/Orc/LLJIT.h>
#include <llvm/IR/LegacyPassManager.h>
#include <llvm/Passes/PassBuilder.h>
#include <llvm/Support/SourceMgr.h>
#include <llvm/Support/TargetSelect.h>
#include <llvm/Target/TargetMachine.h>

#include "jit/llvm.h"

namespace riposte::jit {
namespace {

std::string message(llvm::Error e) { return llvm::toString(std::move(e)); }

// The runtime helpers' addresses, from jit/runtime.def.
llvm::orc::SymbolMap runtime_symbols(llvm::orc::LLJIT& jit) {
  llvm::orc::SymbolMap syms;
  auto flags = llvm::JITSymbolFlags::Exported | llvm::JITSymbolFlags::Callable;
#define RIPOSTE_JIT_RUNTIME(name, ...) \
  syms[jit.mangleAndIntern(#name)] = {llvm::orc::ExecutorAddr::fromPtr(&name), flags};
#include "jit/runtime.def"
#undef RIPOSTE_JIT_RUNTIME
  return syms;
}

}  // namespace

JitSession& JitSession::instance() {
  static JitSession session;
  return session;
}

JitSession::JitSession() {
  llvm::InitializeNativeTarget();
  llvm::InitializeNativeTargetAsmPrinter();
  llvm::InitializeNativeTargetAsmParser();
  auto jit = llvm::orc::LLJITBuilder().create();
  if (!jit) {
    init_error_ = message(jit.takeError());
    return;
  }
  jit_ = std::move(*jit);
  if (auto err = jit_->getMainJITDylib().define(llvm::orc::absoluteSymbols(runtime_symbols(*jit_)))) {
    init_error_ = message(std::move(err));
    jit_.reset();
    return;
  }
  auto jtmb = llvm::orc::JITTargetMachineBuilder::detectHost();
  if (jtmb) {
    jtmb->setCodeGenOptLevel(llvm::CodeGenOptLevel::Default);
    if (auto tm = jtmb->createTargetMachine()) tm_ = std::move(*tm);
    else llvm::consumeError(tm.takeError());
  } else {
    llvm::consumeError(jtmb.takeError());
  }
}

JitSession::~JitSession() = default;

void JitSession::optimize(llvm::Module& m) {
  m.setDataLayout(jit_->getDataLayout());
  m.setTargetTriple(jit_->getTargetTriple().str());
  llvm::LoopAnalysisManager lam;
  llvm::FunctionAnalysisManager fam;
  llvm::CGSCCAnalysisManager cgam;
  llvm::ModuleAnalysisManager mam;
  llvm::PassBuilder pb(tm_.get());
  pb.registerModuleAnalyses(mam);
  pb.registerCGSCCAnalyses(cgam);
  pb.registerFunctionAnalyses(fam);
  pb.registerLoopAnalyses(lam);
  pb.crossRegisterProxies(lam, fam, cgam, mam);
  pb.buildPerModuleDefaultPipeline(llvm::OptimizationLevel::O2).run(m, mam);
}

EntryFn JitSession::compile(Generated& g, const std::string& key, std::string& why) {
  std::lock_guard<std::mutex> lock(mu_);
  if (!jit_) {
    why = "LLVM JIT unavailable: " + init_error_;
    return nullptr;
  }
  if (auto it = cache_.find(key); it != cache_.end()) {
    ++stats_.reused;
    return it->second;
  }
  optimize(*g.module);
  std::string name = fmt::format("{}_{}", kEntryName, stats_.compiled);
  g.module->getFunction(kEntryName)->setName(name);
  llvm::orc::ThreadSafeModule tsm(std::move(g.module), llvm::orc::ThreadSafeContext(std::move(g.context)));
  if (auto err = jit_->addIRModule(std::move(tsm))) {
    why = "LLVM: " + message(std::move(err));
    return nullptr;
  }
  auto addr = jit_->lookup(name);
  if (!addr) {
    why = "LLVM: " + message(addr.takeError());
    return nullptr;
  }
  ++stats_.compiled;
  auto entry = addr->toPtr<EntryFn>();
  cache_.emplace(key, entry);
  return entry;
}

std::string JitSession::assembly(const std::string& ir_text, std::string& why) {
  std::lock_guard<std::mutex> lock(mu_);
  if (!jit_ || !tm_) {
    why = "LLVM target unavailable: " + init_error_;
    return {};
  }
  llvm::LLVMContext context;
  llvm::SMDiagnostic diag;
  std::unique_ptr<llvm::Module> m = llvm::parseAssemblyString(ir_text, diag, context);
  if (!m) {
    why = "LLVM: " + diag.getMessage().str();
    return {};
  }
  optimize(*m);
  llvm::SmallString<4096> text;
  llvm::raw_svector_ostream os(text);
  llvm::legacy::PassManager pm;
  if (tm_->addPassesToEmitFile(pm, os, nullptr, llvm::CodeGenFileType::AssemblyFile)) {
    why = "LLVM cannot emit assembly for this target";
    return {};
  }
  pm.run(*m);
  return std::string(text.str());
}

JitSession::Stats JitSession::stats() {
  std::lock_guard<std::mutex> lock(mu_);
  return stats_;
}

}  // namespace riposte::jit
