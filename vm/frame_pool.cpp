#include <new>

#include "vm/interp_state.h"

namespace riposte::vm {

FramePool::~FramePool() {
  for (auto& list : free_) {
    for (void* p : list) ::operator delete(p);
  }
}

Frame* FramePool::make(uint32_t nslots, uint32_t nclosures) {
  size_t bytes = sizeof(Frame) + nslots * sizeof(Value) + nclosures * sizeof(Closure);
  size_t units = (bytes + 15) / 16;
  if (units >= free_.size()) free_.resize(units + 1);
  void* mem;
  if (!free_[units].empty()) {
    mem = free_[units].back();
    free_[units].pop_back();
  } else {
    mem = ::operator new(units * 16);
  }
  Frame* f = new (mem) Frame();
  f->nslots = nslots;
  f->nclosures = nclosures;
  f->bytes = static_cast<uint32_t>(units * 16);
  for (uint32_t i = 0; i < nslots; ++i) new (&f->slots()[i]) Value();
  for (uint32_t i = 0; i < nclosures; ++i) new (&f->closures()[i]) Closure();
  live_bytes_ += f->bytes;
  return f;
}

// Frames form long chains (a deep recursion's return links), so freeing
// one must not recurse: frames whose count drops to zero are queued.
void FramePool::release(Frame* f) {
  if (!f || --f->refs > 0) return;
  size_t base = pending_.size();
  pending_.push_back(f);
  while (pending_.size() > base) {
    Frame* g = pending_.back();
    pending_.pop_back();
    destroy(g);
  }
}

void FramePool::destroy(Frame* f) {
  auto drop = [&](Frame* g) {
    if (g && --g->refs == 0) pending_.push_back(g);
  };
  drop(f->link);
  drop(f->ret);
  for (uint32_t i = 0; i < f->nclosures; ++i) drop(f->closures()[i].env);
  for (uint32_t i = 0; i < f->nslots; ++i) f->slots()[i].~Value();
  live_bytes_ -= f->bytes;
  size_t units = f->bytes / 16;
  f->~Frame();
  free_[units].push_back(f);
}

}  // namespace riposte::vm
