// One generator per IR node kind (jit/codegen_state.h).  Each evaluates
// its kids in the order the VM's compiler does (vm/compile_expr.cpp), so
// outputs and the first error come in the same order.
#include <fmt/format.h>

#include "jit/codegen_state.h"
#include "stdlib/natives.h"
#include "vm/intrinsics.h"

namespace riposte::jit {

using K = ir::NodeKind;

void Codegen::gen_pipe(const ir::Node& n, llvm::Value* in, const Cont& k) {
  gen(*n.kids[0], in, [&](llvm::Value* v) { gen(*n.kids[1], v, k); });
}

// l op r: for each output of r, each output of l.
void Codegen::gen_binary(const ir::Node& n, llvm::Value* in, const Cont& k) {
  gen(*n.kids[1], in, [&](llvm::Value* r) {
    gen(*n.kids[0], in, [&](llvm::Value* l) {
      uint32_t out = new_slot();
      auto op = b_.getInt32(static_cast<uint32_t>(n.binop));
      guard(call(Rt::rt_binary, {run_, op, l, r, slot(out)}), [&] { k(slot(out)); });
    });
  });
}

// a and b: for each a, false when a is falsy, else each b as a boolean
// (`or` mirrors it).
void Codegen::gen_and_or(const ir::Node& n, llvm::Value* in, const Cont& k) {
  bool is_and = n.kind == K::And;
  gen(*n.kids[0], in, [&](llvm::Value* a) {
    llvm::BasicBlock* shortcut = block(is_and ? "and.false" : "or.true");
    llvm::BasicBlock* rhs = block("rhs");
    llvm::BasicBlock* join = block("join");
    llvm::Value* t = truthy(a);
    if (is_and) {
      b_.CreateCondBr(t, rhs, shortcut);
    } else {
      b_.CreateCondBr(t, shortcut, rhs);
    }
    b_.SetInsertPoint(shortcut);
    k(constant(Value::boolean(!is_and)));
    b_.CreateBr(join);
    b_.SetInsertPoint(rhs);
    gen(*n.kids[1], in, [&](llvm::Value* v) {
      k(b_.CreateSelect(truthy(v), constant(Value::boolean(true)), constant(Value::boolean(false))));
    });
    b_.CreateBr(join);
    b_.SetInsertPoint(join);
  });
}

// a // b: the truthy outputs of a; b when there was none.  Errors in a
// propagate (gojq 0.12.11).
void Codegen::gen_alt(const ir::Node& n, llvm::Value* in, const Cont& k) {
  llvm::AllocaInst* found = local_i64("found");
  b_.CreateStore(b_.getInt64(0), found);
  gen(*n.kids[0], in, [&](llvm::Value* a) {
    llvm::BasicBlock* yes = block("alt.truthy");
    llvm::BasicBlock* next = block("alt.next");
    b_.CreateCondBr(truthy(a), yes, next);
    b_.SetInsertPoint(yes);
    b_.CreateStore(b_.getInt64(1), found);
    k(a);
    b_.CreateBr(next);
    b_.SetInsertPoint(next);
  });
  llvm::BasicBlock* other = block("alt.other");
  llvm::BasicBlock* done = block("alt.done");
  b_.CreateCondBr(b_.CreateICmpEQ(b_.CreateLoad(b_.getInt64Ty(), found), b_.getInt64(0)), other, done);
  b_.SetInsertPoint(other);
  gen(*n.kids[1], in, k);
  b_.CreateBr(done);
  b_.SetInsertPoint(done);
}

void Codegen::gen_if(const ir::Node& n, llvm::Value* in, const Cont& k) {
  gen(*n.kids[0], in, [&](llvm::Value* c) {
    llvm::BasicBlock* then_bb = block("then");
    llvm::BasicBlock* else_bb = block("else");
    llvm::BasicBlock* join = block("endif");
    b_.CreateCondBr(truthy(c), then_bb, else_bb);
    b_.SetInsertPoint(then_bb);
    gen(*n.kids[1], in, k);
    b_.CreateBr(join);
    b_.SetInsertPoint(else_bb);
    gen(*n.kids[2], in, k);
    b_.CreateBr(join);
    b_.SetInsertPoint(join);
  });
}

// Errors of the body go to the handler; errors of what consumes the
// body's outputs pass this try (they are raised outside it).
void Codegen::gen_try(const ir::Node& n, llvm::Value* in, const Cont& k) {
  llvm::BasicBlock* outer = on_error_;
  llvm::BasicBlock* caught = block("catch");
  llvm::BasicBlock* done = block("try.done");
  on_error_ = caught;
  gen(*n.kids[0], in, [&](llvm::Value* v) {
    on_error_ = outer;
    k(v);
    on_error_ = caught;
  });
  on_error_ = outer;
  b_.CreateBr(done);
  b_.SetInsertPoint(caught);
  uint32_t err = new_slot();
  llvm::BasicBlock* handle = block("handle");
  b_.CreateCondBr(b_.CreateICmpEQ(call(Rt::rt_catch, {run_, slot(err)}), b_.getInt32(0)), handle, outer);
  b_.SetInsertPoint(handle);
  if (n.kids.size() > 1) gen(*n.kids[1], slot(err), k);
  b_.CreateBr(done);
  b_.SetInsertPoint(done);
}

// reduce SRC as $x (INIT; UPDATE): every output of INIT restarts the
// loop, the last output of UPDATE is the new state (none keeps it), and
// only the final state is output, once (null when INIT yields nothing).
void Codegen::gen_reduce(const ir::Node& n, llvm::Value* in, const Cont& k) {
  uint32_t x = var_slot(n.patterns[0].var);
  uint32_t acc = new_slot(), cur = new_slot();
  copy(slot(acc), constant(Value::null()));
  gen(*n.kids[1], in, [&](llvm::Value* init) {
    copy(slot(acc), init);
    gen(*n.kids[0], in, [&](llvm::Value* v) {
      copy(slot(x), v);
      copy(slot(cur), slot(acc));
      gen(*n.kids[2], slot(cur), [&](llvm::Value* u) { copy(slot(acc), u); });
    });
  });
  k(slot(acc));
}

// foreach SRC as $x (INIT; UPDATE; EXTRACT)
void Codegen::gen_foreach(const ir::Node& n, llvm::Value* in, const Cont& k) {
  uint32_t x = var_slot(n.patterns[0].var);
  const ir::Node* extract = n.kids.size() > 3 ? n.kids[3].get() : nullptr;
  gen(*n.kids[1], in, [&](llvm::Value* init) {
    uint32_t acc = new_slot(), cur = new_slot();
    copy(slot(acc), init);
    gen(*n.kids[0], in, [&](llvm::Value* v) {
      copy(slot(x), v);
      copy(slot(cur), slot(acc));
      gen(*n.kids[2], slot(cur), [&](llvm::Value* u) {
        copy(slot(acc), u);
        if (extract) {
          gen(*extract, slot(acc), k);
        } else {
          k(slot(acc));
        }
      });
    });
  });
}

void Codegen::gen_bind(const ir::Node& n, llvm::Value* in, const Cont& k) {
  uint32_t x = var_slot(n.patterns[0].var);
  gen(*n.kids[0], in, [&](llvm::Value* v) {
    copy(slot(x), v);
    gen(*n.kids[1], in, k);
  });
}

void Codegen::gen_label(const ir::Node& n, llvm::Value* in, const Cont& k) {
  llvm::BasicBlock* done = block("label.done");
  auto saved = labels_.find(n.label) != labels_.end() ? labels_[n.label] : nullptr;
  labels_[n.label] = done;
  gen(*n.kids[0], in, k);
  b_.CreateBr(done);
  b_.SetInsertPoint(done);
  if (saved) {
    labels_[n.label] = saved;
  } else {
    labels_.erase(n.label);
  }
}

void Codegen::gen_break(const ir::Node& n) {
  auto it = labels_.find(n.label);
  if (it == labels_.end()) throw std::logic_error("jit: break outside its label");
  b_.CreateBr(it->second);
  b_.SetInsertPoint(block("after.break"));
}

void Codegen::gen_collect(const ir::Node& n, llvm::Value* in, const Cont& k) {
  if (n.kids.empty() || !n.kids[0]) return k(constant(Value::array()));
  uint32_t arr = new_slot();
  call(Rt::rt_array_new, {slot(arr)});
  gen(*n.kids[0], in, [&](llvm::Value* v) { guard(call(Rt::rt_append, {run_, slot(arr), v}), [] {}); });
  k(slot(arr));
}

// {k1: v1, ...}: k1 outermost, then v1, k2, ...
void Codegen::gen_object(const ir::Node& n, llvm::Value* in, const Cont& k) {
  std::vector<const ir::Node*> parts;
  for (const ir::NodePtr& kid : n.kids) parts.push_back(kid.get());
  auto entries = static_cast<uint32_t>(parts.size() / 2);
  uint32_t first = new_slots(2 * entries);
  gen_into_slots(parts, 0, in, first, [&] {
    uint32_t out = new_slot();
    guard(call(Rt::rt_object, {run_, b_.getInt32(entries), slot(first), slot(out)}), [&] { k(slot(out)); });
  });
}

void Codegen::gen_into_slots(const std::vector<const ir::Node*>& parts, size_t i, llvm::Value* in, uint32_t first,
                             const std::function<void()>& done) {
  if (i == parts.size()) return done();
  gen(*parts[i], in, [&](llvm::Value* v) {
    copy(slot(first + static_cast<uint32_t>(i)), v);
    gen_into_slots(parts, i + 1, in, first, done);
  });
}

// t[k]: the key outermost, then the target.
void Codegen::gen_index(const ir::Node& n, llvm::Value* in, const Cont& k) {
  gen(*n.kids[1], in, [&](llvm::Value* key) {
    gen(*n.kids[0], in, [&](llvm::Value* t) {
      uint32_t out = new_slot();
      guard(call(Rt::rt_index, {run_, t, key, slot(out)}), [&] { k(slot(out)); });
    });
  });
}

// t[from:to]: from outermost, then to, then t.
void Codegen::gen_slice(const ir::Node& n, llvm::Value* in, const Cont& k) {
  gen(*n.kids[1], in, [&](llvm::Value* from) {
    gen(*n.kids[2], in, [&](llvm::Value* to) {
      gen(*n.kids[0], in, [&](llvm::Value* t) {
        uint32_t out = new_slot();
        guard(call(Rt::rt_slice, {run_, t, from, to, slot(out)}), [&] { k(slot(out)); });
      });
    });
  });
}

// t[]: a loop over the elements (an object's values in key order); each
// step costs one unit of fuel.
void Codegen::gen_iterate(const ir::Node& n, llvm::Value* in, const Cont& k) {
  gen(*n.kids[0], in, [&](llvm::Value* t) {
    uint32_t list = new_slot(), elem = new_slot();
    guard(call(Rt::rt_iter_begin, {run_, t, slot(list)}), [&] {
      llvm::AllocaInst* index = local_i64("i");
      b_.CreateStore(b_.getInt64(0), index);
      llvm::BasicBlock* head = block("each");
      llvm::BasicBlock* body = block("each.body");
      llvm::BasicBlock* done = block("each.done");
      b_.CreateBr(head);
      b_.SetInsertPoint(head);
      llvm::Value* i = b_.CreateLoad(b_.getInt64Ty(), index);
      llvm::Value* more = call(Rt::rt_iter_next, {slot(list), i, slot(elem)});
      b_.CreateCondBr(b_.CreateICmpNE(more, b_.getInt32(0)), body, done);
      b_.SetInsertPoint(body);
      b_.CreateStore(b_.CreateAdd(i, b_.getInt64(1)), index);
      tick();
      k(slot(elem));
      b_.CreateBr(head);
      b_.SetInsertPoint(done);
    });
  });
}

// A native with a C++ function: value arguments as the VM evaluates them
// (the first outermost, or the last when two or more read the input, as
// gojq), then one call per combination.  `empty` and `error` inline.
void Codegen::gen_native(const ir::Node& n, llvm::Value* in, const Cont& k) {
  size_t arity = n.kids.size();
  if (const vm::Intrinsic* intrinsic = vm::find_intrinsic(n.text, static_cast<unsigned>(arity))) {
    if (intrinsic->op == vm::Op::BACKTRACK) return;  // empty
    if (intrinsic->op == vm::Op::ERROR) return guard(call(Rt::rt_raise, {run_, in}), [] {});  // error/0
  }
  const stdlib::NativeInfo* info = stdlib::find_native(n.text, static_cast<unsigned>(arity));
  auto natives = stdlib::all_natives();
  auto index = static_cast<uint32_t>(info - natives.data());
  uint32_t first = new_slots(static_cast<uint32_t>(arity));
  auto call_native = [&] {
    uint32_t out = new_slot();
    llvm::Value* args = arity ? slot(first) : llvm::ConstantPointerNull::get(llvm::PointerType::getUnqual(ctx_));
    guard(call(Rt::rt_native, {run_, b_.getInt32(index), in, args, slot(out)}), [&] { k(slot(out)); });
  };
  uint32_t reading = 0;
  for (const auto& kid : n.kids) reading += (kid->kind == K::Const || kid->kind == K::Var) ? 0 : 1;
  if (reading < 2) {
    std::vector<const ir::Node*> parts;
    for (const auto& kid : n.kids) parts.push_back(kid.get());
    return gen_into_slots(parts, 0, in, first, call_native);
  }
  // Last argument outermost: generate in reverse, store at the right place.
  std::function<void(size_t)> nest = [&](size_t j) {
    if (j == arity) return call_native();
    size_t arg = arity - 1 - j;
    gen(*n.kids[arg], in, [&](llvm::Value* v) {
      copy(slot(first + static_cast<uint32_t>(arg)), v);
      nest(j + 1);
    });
  };
  nest(0);
}

}  // namespace riposte::jit
