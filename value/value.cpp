// Value: a 16-byte tagged value.  Scalars live inline; big integers,
// strings, arrays and objects live in reference-counted heap cells
// (value/value_cell.h) that are cloned on write only when shared.
#include "value/value.h"

#include <cstring>
#include <mutex>
#include <unordered_map>
#include <unordered_set>
#include <vector>
#include <utility>

#include "value/value_cell.h"

namespace riposte {

using detail::ArrayCell;
using detail::BigCell;
using detail::Cell;
using detail::kImmortal;
using detail::kPinned;
using detail::ObjectCell;
using detail::StringCell;

static_assert(sizeof(Value) == 16, "Value must stay 16 bytes");

namespace {

thread_local int64_t t_live_bytes = 0;

// Approximate heap footprint of a cell, for the memory budget.  O(1): map
// nodes are estimated per entry (node header, key, value).
constexpr int64_t kMapNodeBytes = 32 + sizeof(std::string) + sizeof(Value);
constexpr size_t kSsoCapacity = 15;

int64_t footprint(Tag tag, const Cell* c) {
  switch (tag) {
    case Tag::Big: {
      auto* b = static_cast<const BigCell*>(c);
      return sizeof(BigCell) + int64_t(b->big.v.get_mpz_t()->_mp_alloc) * 8;
    }
    case Tag::String: {
      size_t cap = static_cast<const StringCell*>(c)->str.capacity();
      return sizeof(StringCell) + (cap > kSsoCapacity ? int64_t(cap) + 1 : 0);
    }
    case Tag::Array:
      return sizeof(ArrayCell) +
             int64_t(static_cast<const ArrayCell*>(c)->items.capacity() * sizeof(Value));
    case Tag::Object:
      return sizeof(ObjectCell) +
             int64_t(static_cast<const ObjectCell*>(c)->entries.size()) * kMapNodeBytes;
    default:
      return 0;
  }
}

// Brings the counted size of a cell up to date (called on creation and each
// time a mutable reference is handed out, so growth is seen lazily).
void recount(Tag tag, Cell* c) {
  int64_t now = footprint(tag, c);
  t_live_bytes += now - c->counted;
  c->counted = now;
}

void delete_cell(Tag tag, Cell* c) {
  t_live_bytes -= c->counted;
  switch (tag) {
    case Tag::Big: delete static_cast<BigCell*>(c); break;
    case Tag::String: delete static_cast<StringCell*>(c); break;
    case Tag::Array: delete static_cast<ArrayCell*>(c); break;
    case Tag::Object: delete static_cast<ObjectCell*>(c); break;
    default: break;
  }
}

}  // namespace

// Private helpers that need the representation.
struct ValueImpl {
  static void set_null(Value& v) { v.tag_ = uint8_t(Tag::Null); }

  static void retain(const Value& v) {
    if (is_heap(Tag(v.tag_)) && v.cell_->refs < kPinned) ++v.cell_->refs;
  }

  // Iterative release: deep values (100,000 nested arrays) must not recurse
  // on the native stack when freed.
  static void release(Value& v) {
    Tag tag = Tag(v.tag_);
    if (!is_heap(tag)) return;
    Cell* c = v.cell_;
    if (c->refs >= kPinned || --c->refs != 0) return;
    if (tag == Tag::Big || tag == Tag::String) {
      delete_cell(tag, c);
      return;
    }
    std::vector<std::pair<Tag, Cell*>> work;
    work.emplace_back(tag, c);
    while (!work.empty()) {
      auto [t, cell] = work.back();
      work.pop_back();
      if (t == Tag::Array) {
        for (Value& item : static_cast<ArrayCell*>(cell)->items) steal(item, work);
      } else if (t == Tag::Object) {
        for (auto& [key, item] : static_cast<ObjectCell*>(cell)->entries) steal(item, work);
      }
      delete_cell(t, cell);
    }
  }

  static void steal(Value& child, std::vector<std::pair<Tag, Cell*>>& work) {
    Tag t = Tag(child.tag_);
    if (!is_heap(t)) return;
    Cell* c = child.cell_;
    child.tag_ = uint8_t(Tag::Null);
    if (c->refs >= kPinned || --c->refs != 0) return;
    if (t == Tag::Array || t == Tag::Object) {
      work.emplace_back(t, c);
    } else {
      delete_cell(t, c);
    }
  }

  static Value from_cell(Tag tag, Cell* c) {
    recount(tag, c);
    Value v;
    v.tag_ = uint8_t(tag);
    v.cell_ = c;
    return v;
  }

  // Makes the cell of v unique (cloning it when shared) and returns it.
  template <class C>
  static C* unique_cell(Value& v, Tag tag) {
    auto* c = static_cast<C*>(v.cell_);
    if (c->refs != 1) {
      auto* copy = new C{};
      copy_payload(*copy, *c);
      Value fresh = from_cell(tag, copy);
      v = std::move(fresh);
      c = copy;
    } else {
      recount(tag, c);
    }
    return c;
  }

  static void copy_payload(StringCell& to, const StringCell& from) { to.str = from.str; }
  static void copy_payload(ArrayCell& to, const ArrayCell& from) { to.items = from.items; }
  static void copy_payload(ObjectCell& to, const ObjectCell& from) { to.entries = from.entries; }

  static void make_immortal(const Value& root);
  static Value deep_copy(const Value& v);
  static void set_refs(const Value& root, bool pinned);
  static void detach(Value& root);
};

// ---- special members

void Value::retain_cell() const noexcept { ValueImpl::retain(*this); }
void Value::release_cell() noexcept { ValueImpl::release(*this); }
bool Value::unique_cell() const noexcept { return cell_->refs == 1; }

Value& Value::operator=(const Value& other) noexcept {
  // `other` may live inside *this (v = v.at(0)): read and retain it before
  // releasing what *this held.
  uint8_t tag = other.tag_;
  int64_t bits = other.i_;
  ValueImpl::retain(other);
  ValueImpl::release(*this);
  tag_ = tag;
  i_ = bits;
  return *this;
}

Value& Value::operator=(Value&& other) noexcept {
  if (this != &other) {
    uint8_t tag = other.tag_;
    int64_t bits = other.i_;
    other.tag_ = uint8_t(Tag::Null);
    ValueImpl::release(*this);  // may free `other`'s parent: read it first
    tag_ = tag;
    i_ = bits;
  }
  return *this;
}


// ---- construction

Value Value::big(const BigInt& b) {
  if (b.v.fits_slong_p()) return integer(b.v.get_si());
  auto* c = new BigCell{};
  c->big = b;
  return ValueImpl::from_cell(Tag::Big, c);
}

Value Value::string(std::string_view s) {
  auto* c = new StringCell{};
  c->str.assign(s.data(), s.size());
  return ValueImpl::from_cell(Tag::String, c);
}

Value Value::string(std::string&& s) {
  auto* c = new StringCell{};
  c->str = std::move(s);
  return ValueImpl::from_cell(Tag::String, c);
}

Value Value::array() { return ValueImpl::from_cell(Tag::Array, new ArrayCell{}); }

Value Value::array(Array&& items) {
  auto* c = new ArrayCell{};
  c->items = std::move(items);
  return ValueImpl::from_cell(Tag::Array, c);
}

Value Value::object() { return ValueImpl::from_cell(Tag::Object, new ObjectCell{}); }

Value Value::object(Object&& entries) {
  auto* c = new ObjectCell{};
  c->entries = std::move(entries);
  return ValueImpl::from_cell(Tag::Object, c);
}

// ---- inspection

namespace {
constexpr const char* kTypeName[] = {"null",   "boolean", "boolean", "number", "string",
                                     "array",  "object"};
}  // namespace

const char* Value::type_name() const { return kTypeName[size_t(kind())]; }


double Value::as_double() const {
  switch (Tag(tag_)) {
    case Tag::Int: return double(i_);
    case Tag::Double: return d_;
    case Tag::Big: return num::big_to_double(as_big());
    default: return 0;
  }
}

const BigInt& Value::as_big() const { return static_cast<const BigCell*>(cell_)->big; }


std::string& Value::mutable_str() {
  return ValueImpl::unique_cell<StringCell>(*this, Tag::String)->str;
}




Array& Value::mutable_items() {
  return ValueImpl::unique_cell<ArrayCell>(*this, Tag::Array)->items;
}


Object& Value::mutable_entries() {
  return ValueImpl::unique_cell<ObjectCell>(*this, Tag::Object)->entries;
}

const Value* Value::find(std::string_view key) const {
  if (Tag(tag_) != Tag::Object) return nullptr;
  const Object& m = static_cast<const ObjectCell*>(cell_)->entries;
  auto it = m.find(key);
  return it == m.end() ? nullptr : &it->second;
}

void Value::set(std::string_view key, Value v) {
  Object& m = mutable_entries();
  auto it = m.lower_bound(key);
  if (it != m.end() && it->first == key) {
    it->second = std::move(v);
  } else {
    m.emplace_hint(it, std::string(key), std::move(v));
  }
}

bool Value::erase(std::string_view key) {
  if (Tag(tag_) != Tag::Object) return false;
  if (find(key) == nullptr) return false;  // no clone when nothing changes
  Object& m = mutable_entries();
  m.erase(m.find(key));
  return true;
}


void Value::share_across_threads() {
  if (!is_heap(Tag(tag_)) || cell_->refs == detail::kImmortal) return;
  detach();  // an immortal cell never holds a pinned one (detach relies on it)
  ValueImpl::make_immortal(*this);
  // Immortal cells are never freed: record each root in a registry that is
  // itself never destroyed, so they stay reachable until exit and leak
  // checkers see shared data, not leaks.  Callers share values that live as
  // long as the process.
  static std::mutex mu;
  static auto* roots = new std::vector<Value>();
  std::lock_guard<std::mutex> lock(mu);
  roots->push_back(*this);
}

void ValueImpl::make_immortal(const Value& root) {
  std::vector<const Value*> work{&root};
  while (!work.empty()) {
    const Value* v = work.back();
    work.pop_back();
    Tag t = Tag(v->tag_);
    if (!is_heap(t) || v->cell_->refs == kImmortal) continue;
    v->cell_->refs = kImmortal;
    t_live_bytes -= v->cell_->counted;  // no longer owned by this thread
    v->cell_->counted = 0;
    if (t == Tag::Array) {
      for (const Value& item : static_cast<const ArrayCell*>(v->cell_)->items) work.push_back(&item);
    } else if (t == Tag::Object) {
      for (const auto& [k, item] : static_cast<const ObjectCell*>(v->cell_)->entries) work.push_back(&item);
    }
  }
}

// ---- constant pools (value/constant_pool.h) and detaching

Value ValueImpl::deep_copy(const Value& v) {
  Value out;
  // Iterative: constants and outputs may be nested deeper than the stack.
  std::vector<std::pair<const Value*, Value*>> work{{&v, &out}};
  while (!work.empty()) {
    auto [from, to] = work.back();
    work.pop_back();
    Tag t = Tag(from->tag_);
    switch (t) {
      case Tag::Big: {
        auto* c = new BigCell{};
        c->big = static_cast<const BigCell*>(from->cell_)->big;
        *to = from_cell(t, c);
        break;
      }
      case Tag::String: *to = Value::string(from->str()); break;
      case Tag::Array: {
        auto* c = new ArrayCell{};
        const Array& items = static_cast<const ArrayCell*>(from->cell_)->items;
        c->items.resize(items.size());
        *to = from_cell(t, c);
        for (size_t i = 0; i < items.size(); ++i) work.emplace_back(&items[i], &c->items[i]);
        break;
      }
      case Tag::Object: {
        auto* c = new ObjectCell{};
        for (const auto& [key, item] : static_cast<const ObjectCell*>(from->cell_)->entries) {
          auto it = c->entries.emplace_hint(c->entries.end(), key, Value());
          work.emplace_back(&item, &it->second);  // map nodes do not move
        }
        *to = from_cell(t, c);
        break;
      }
      default: *to = *from; break;  // scalars
    }
  }
  return out;
}

// Pins (or unpins) every cell of a tree only a constant pool references.
void ValueImpl::set_refs(const Value& root, bool pinned) {
  std::vector<const Value*> work{&root};
  while (!work.empty()) {
    const Value* v = work.back();
    work.pop_back();
    Tag t = Tag(v->tag_);
    if (!is_heap(t)) continue;
    Cell* c = v->cell_;
    if (pinned) {
      c->refs = kPinned;
      t_live_bytes -= c->counted;  // owned by the pool, not by this thread
      c->counted = 0;
    } else {
      c->refs = 1;
    }
    if (t == Tag::Array) {
      for (const Value& item : static_cast<const ArrayCell*>(c)->items) work.push_back(&item);
    } else if (t == Tag::Object) {
      for (const auto& [k, item] : static_cast<const ObjectCell*>(c)->entries) work.push_back(&item);
    }
  }
}

Value detail::deep_copy(const Value& v) { return ValueImpl::deep_copy(v); }
void detail::pin(const Value& root) { ValueImpl::set_refs(root, true); }
void detail::unpin(const Value& root) { ValueImpl::set_refs(root, false); }

void Value::detach() { ValueImpl::detach(*this); }

// Values are DAGs (`[$x, $x]` holds one cell twice; `reduce range(60) as $i
// (1; [., .])` is tiny as a DAG and 2^60 as a tree), so both passes visit a
// shared cell once.
void ValueImpl::detach(Value& root) {
  auto is_container = [](Tag t) { return t == Tag::Array || t == Tag::Object; };
  Tag root_tag = Tag(root.tag_);
  if (!is_heap(root_tag) || root.cell_->refs == kImmortal) return;  // immortal: holds no pinned cell
  if (root.cell_->refs == kPinned) {
    root = deep_copy(root);
    return;
  }
  if (!is_container(root_tag)) return;

  // 1. Read-only: the counted containers that hold a pinned cell at some
  // depth (`dirty`).  A depth-first walk keeps its path; a pinned cell
  // marks every container on the path.
  std::unordered_set<const Cell*> dirty;
  std::unordered_set<const Cell*> seen;  // shared containers already walked
  struct Visit {
    Tag tag;
    const Cell* cell;
    size_t next = 0;                      // arrays
    Object::const_iterator entry;         // objects
  };
  std::vector<Visit> path;
  auto mark_path = [&] {
    // A container already marked has its whole path above it marked too.
    for (auto it = path.rbegin(); it != path.rend(); ++it)
      if (!dirty.insert(it->cell).second) break;
  };
  auto visit = [&](const Value& v) {
    Tag t = Tag(v.tag_);
    if (!is_heap(t)) return;
    const Cell* c = v.cell_;
    if (c->refs == kPinned) return mark_path();
    if (c->refs == kImmortal || !is_container(t)) return;
    // A cell referenced once is reached once; a shared one was walked
    // completely when it was first reached (values have no cycles).
    if (c->refs > 1 && !seen.insert(c).second) {
      if (dirty.count(c)) mark_path();
      return;
    }
    path.push_back({t, c, 0, {}});
    if (t == Tag::Object) path.back().entry = static_cast<const ObjectCell*>(c)->entries.begin();
  };
  visit(root);
  while (!path.empty()) {
    Visit& top = path.back();
    const Value* next = nullptr;
    if (top.tag == Tag::Array) {
      const Array& items = static_cast<const ArrayCell*>(top.cell)->items;
      if (top.next < items.size()) next = &items[top.next++];
    } else {
      const Object& entries = static_cast<const ObjectCell*>(top.cell)->entries;
      if (top.entry != entries.end()) next = &(top.entry++)->second;
    }
    if (next) {
      visit(*next);  // may grow `path`: `top` is not used after this
    } else {
      path.pop_back();
    }
  }
  if (!dirty.count(root.cell_)) return;

  // 2. Replace each pinned cell by a copy and each dirty container by a new
  // one holding the replacements; the old cells are left as they are (other
  // values may share them).  `done` maps an old cell to its replacement so
  // that a cell reached twice is replaced by one value; `keep` holds the
  // replaced values until the end, so no address in `dirty` or `done` is
  // reused by a new cell meanwhile.
  std::unordered_map<const Cell*, Value> done;
  std::vector<Value> keep;
  std::vector<Value*> work{&root};
  while (!work.empty()) {
    Value* v = work.back();
    work.pop_back();
    Tag t = Tag(v->tag_);
    if (!is_heap(t)) continue;
    const Cell* c = v->cell_;
    bool pinned = c->refs == kPinned;
    if (!pinned && !dirty.count(c)) continue;
    if (auto it = done.find(c); it != done.end()) {
      keep.push_back(std::move(*v));
      *v = it->second;
      continue;
    }
    Value fresh;
    if (pinned) {
      fresh = deep_copy(*v);
    } else if (t == Tag::Array) {
      auto* copy = new ArrayCell{};
      copy->items = static_cast<const ArrayCell*>(c)->items;
      fresh = from_cell(t, copy);
      for (Value& item : copy->items) work.push_back(&item);
    } else {
      auto* copy = new ObjectCell{};
      copy->entries = static_cast<const ObjectCell*>(c)->entries;
      fresh = from_cell(t, copy);
      for (auto& [key, item] : copy->entries) work.push_back(&item);
    }
    done.emplace(c, fresh);
    keep.push_back(std::move(*v));
    *v = std::move(fresh);
  }
}

const Object& detail::empty_object() {
  static const Object kEmpty;
  return kEmpty;
}

namespace mem {
int64_t live_bytes() { return t_live_bytes; }
}  // namespace mem

}  // namespace riposte
