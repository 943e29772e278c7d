// jq's total order on values (gojq's compare): null < false < true <
// numbers < strings < arrays < objects; arrays compare element-wise, then by
// length; objects compare their sorted key lists first, then the values key
// by key.  Containers are walked with an explicit stack so that comparing
// values nested 100,000 levels deep does not exhaust the native stack.
#include <algorithm>
#include <vector>

#include "value/number.h"
#include "value/value.h"

namespace riposte {

namespace {

enum class Mode { Order, Equality };

int sign(int c) { return c < 0 ? -1 : c > 0 ? 1 : 0; }

int compare_sizes(size_t a, size_t b) { return a < b ? -1 : a > b ? 1 : 0; }

// Key lists as arrays of strings: element-wise, then by length.
int compare_keys(const Object& x, const Object& y) {
  auto i = x.begin(), j = y.begin();
  for (; i != x.end() && j != y.end(); ++i, ++j) {
    if (int c = sign(i->first.compare(j->first))) return c;
  }
  if (i != x.end()) return 1;
  if (j != y.end()) return -1;
  return 0;
}

// Everything but the children: kinds, scalars, and for objects the key
// lists.  In Equality mode any non-zero result only means "different"; array
// lengths are then checked up front, which Order mode cannot do.
template <Mode mode>
int compare_head(const Value& a, const Value& b) {
  Kind ka = a.kind(), kb = b.kind();
  if (ka != kb) return ka < kb ? -1 : 1;
  switch (ka) {
    case Kind::Number:
      if (a.is_int() && b.is_int()) return a.as_int() < b.as_int() ? -1 : a.as_int() > b.as_int();
      return num::compare(a, b);
    case Kind::String: return sign(a.str().compare(b.str()));
    case Kind::Array:
      if (mode == Mode::Equality && a.size() != b.size()) return 1;
      return 0;
    case Kind::Object:
      if (mode == Mode::Equality && a.size() != b.size()) return 1;
      return compare_keys(a.entries(), b.entries());
    default: return 0;
  }
}

bool has_children(const Value& v) { return (v.is_array() || v.is_object()) && v.size() > 0; }

struct Level {
  const Value* a;
  const Value* b;
  size_t index;                // arrays
  Object::const_iterator ia;   // objects
  Object::const_iterator ib;
};

Level level_of(const Value& a, const Value& b) {
  if (a.is_array()) return {&a, &b, 0, {}, {}};
  return {&a, &b, 0, a.entries().begin(), b.entries().begin()};
}

template <Mode mode>
int walk(const Value& a, const Value& b) {
  if (int c = compare_head<mode>(a, b)) return c;
  if (!has_children(a) && !has_children(b)) return 0;
  // compare() never re-enters itself, so one stack per thread is reused.
  thread_local std::vector<Level> stack;
  stack.clear();
  stack.push_back(level_of(a, b));
  while (!stack.empty()) {
    Level& l = stack.back();
    const Value* x;
    const Value* y;
    if (l.a->is_array()) {
      size_t common = std::min(l.a->size(), l.b->size());
      if (l.index == common) {
        int c = compare_sizes(l.a->size(), l.b->size());
        if (c != 0) return c;
        stack.pop_back();
        continue;
      }
      x = &l.a->at(l.index);
      y = &l.b->at(l.index);
      ++l.index;
    } else {
      if (l.ia == l.a->entries().end()) {
        stack.pop_back();
        continue;
      }
      x = &l.ia->second;
      y = &l.ib->second;
      ++l.ia;
      ++l.ib;
    }
    if (int c = compare_head<mode>(*x, *y)) return c;
    if (has_children(*x) || has_children(*y)) stack.push_back(level_of(*x, *y));  // invalidates l
  }
  return 0;
}

}  // namespace

int compare(const Value& a, const Value& b) { return walk<Mode::Order>(a, b); }

bool operator==(const Value& a, const Value& b) { return walk<Mode::Equality>(a, b) == 0; }

}  // namespace riposte
