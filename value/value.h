// Runtime JSON values of the jq VM: immutable to programs, reference-counted,
// updated in place when uniquely owned (reference count 1).
//
// Numbers follow gojq: integers are exact (int64, or a big integer when they
// do not fit), everything else is an IEEE float64.  Objects iterate in sorted
// key order, as gojq prints and iterates them.
//
// This header is the contract between vm/, stdlib/ and tools/.  Memory for
// strings, arrays, objects and big integers is counted per thread (see
// mem::live_bytes) so that evaluations can run under a memory budget.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace riposte {

// jq's type order, used for sorting and comparison.
enum class Kind : uint8_t { Null, False, True, Number, String, Array, Object };

class Value;
using Array = std::vector<Value>;
using Object = std::map<std::string, Value, std::less<>>;

struct BigInt;  // defined in number.h (wraps GMP's mpz_class)

namespace detail {
struct Cell;  // heap cell header: reference count + payload
// Representation tags; from Big on, the value points to a heap cell.
enum class Tag : uint8_t { Null, False, True, Int, Double, Big, String, Array, Object };
inline constexpr Kind kKindOfTag[] = {Kind::Null,   Kind::False,  Kind::True,
                                      Kind::Number, Kind::Number, Kind::Number,
                                      Kind::String, Kind::Array,  Kind::Object};
}  // namespace detail

class Value {
 public:
  // Copies and destruction are inline: only heap values leave the fast path.
  Value() noexcept : i_(0) {}  // null
  Value(const Value& other) noexcept : tag_(other.tag_), i_(other.i_) {
    if (on_heap()) retain_cell();
  }
  Value(Value&& other) noexcept : tag_(other.tag_), i_(other.i_) { other.tag_ = 0; }
  Value& operator=(const Value& other) noexcept;
  Value& operator=(Value&& other) noexcept;
  ~Value() {
    if (on_heap()) release_cell();
  }

  // ---- construction
  static Value null() { return Value(); }
  static Value boolean(bool b) { return Value(b ? detail::Tag::True : detail::Tag::False, 0); }
  static Value integer(int64_t i) { return Value(detail::Tag::Int, i); }
  static Value number(double d) {  // stays a float even when integral
    Value v(detail::Tag::Double, 0);
    v.d_ = d;
    return v;
  }
  static Value big(const BigInt& b);  // normalises to integer() when it fits
  // Parses a JSON number literal ("12", "1e3", "123456789012345678901234").
  // Integers without fraction/exponent are kept exact; others become float64.
  static Value number_from_text(std::string_view text);
  static Value string(std::string_view s);
  static Value string(std::string&& s);
  static Value string(const char* s) { return string(std::string_view(s)); }
  static Value array();
  static Value array(Array&& items);
  static Value object();
  static Value object(Object&& entries);

  // ---- inspection
  Kind kind() const { return detail::kKindOfTag[tag_]; }
  const char* type_name() const;  // "null" "boolean" "number" "string" "array" "object"
  bool is_null() const { return kind() == Kind::Null; }
  bool is_bool() const { return kind() == Kind::False || kind() == Kind::True; }
  bool is_number() const { return kind() == Kind::Number; }
  bool is_string() const { return kind() == Kind::String; }
  bool is_array() const { return kind() == Kind::Array; }
  bool is_object() const { return kind() == Kind::Object; }
  bool truthy() const { return kind() != Kind::Null && kind() != Kind::False; }

  // numbers
  bool is_int() const { return tag_ == uint8_t(detail::Tag::Int); }        // fits in int64
  bool is_bigint() const { return tag_ == uint8_t(detail::Tag::Big); }     // exact, beyond int64
  bool is_double() const { return tag_ == uint8_t(detail::Tag::Double); }  // float64
  int64_t as_int() const { return i_; }  // requires is_int()
  double as_double() const; // any number converted to float64
  const BigInt& as_big() const;  // requires is_bigint()

  // strings (UTF-8)
  inline std::string_view str() const;  // empty unless a string
  std::string& mutable_str();  // copy-on-write: clones the cell when shared

  // arrays
  inline size_t size() const;  // elements of an array, entries of an object
  inline const Value& at(size_t i) const;  // requires is_array(), i < size()
  inline std::span<const Value> items() const;  // empty unless an array
  Array& mutable_items();  // copy-on-write

  // objects: sorted by key
  inline const Object& entries() const;  // empty unless an object
  Object& mutable_entries();  // copy-on-write
  const Value* find(std::string_view key) const;  // nullptr when absent
  void set(std::string_view key, Value v);         // copy-on-write
  bool erase(std::string_view key);                // copy-on-write

  // True when this value holds the only reference to its heap cell (or has
  // none): an update may then happen in place.
  bool unique() const { return !on_heap() || unique_cell(); }

  // Makes this value and everything it contains immortal: never counted nor
  // freed, so several threads may copy and read it concurrently (reference
  // counts are not atomic).  Mutating a copy clones the cell.  Immortal
  // cells are never freed: only for values that live as long as the process
  // (data shared by worker threads, static tables).  The constants of a
  // compiled program are not immortal but pinned by its ConstantPool
  // (value/constant_pool.h) and freed with it.  A value holding pinned
  // cells is detached first.
  void share_across_threads();

  // Copies the cells of pooled constants (value/constant_pool.h) that this
  // value holds, at any depth, so that it stays valid when their program is
  // destroyed; a value without any is left as it is (one read-only walk).
  // Cells shared within the value stay shared.  Whatever a run produces and
  // the caller keeps beyond its program's life is detached
  // (docs/architecture.md, "Who owns a value").
  void detach();

  // jq equality and ordering (null < false < true < numbers < strings <
  // arrays < objects; 1 == 1.0).
  friend bool operator==(const Value& a, const Value& b);
  friend int compare(const Value& a, const Value& b);  // <0, 0, >0

 private:
  Value(detail::Tag tag, int64_t bits) noexcept : tag_(uint8_t(tag)), i_(bits) {}
  bool on_heap() const { return tag_ >= uint8_t(detail::Tag::Big); }
  void retain_cell() const noexcept;  // out of line: needs the cell layout
  void release_cell() noexcept;
  bool unique_cell() const noexcept;

  uint8_t tag_ = 0;
  union {
    int64_t i_;
    double d_;
    detail::Cell* cell_;
  };
  friend struct ValueAccess;
  friend struct ValueImpl;
};

// ---- heap cells, defined here so that the accessors above inline.
namespace detail {
// Reference counts are plain (non-atomic) integers: an evaluation runs on one
// thread and the count is on every copy's hot path.  Values shared between
// threads must be made immortal first (share_across_threads) or be pinned
// constants of a program (value/constant_pool.h).
struct Cell {
  uint32_t refs = 1;
  int64_t counted = 0;  // bytes added to mem::live_bytes for this cell
};
struct StringCell : Cell {
  std::string str;
};
struct ArrayCell : Cell {
  Array items;
};
struct ObjectCell : Cell {
  Object entries;
};
const Object& empty_object();
}  // namespace detail

inline std::string_view Value::str() const {
  if (tag_ != uint8_t(detail::Tag::String)) return {};
  return static_cast<const detail::StringCell*>(cell_)->str;
}

inline size_t Value::size() const {
  if (tag_ == uint8_t(detail::Tag::Array)) return static_cast<const detail::ArrayCell*>(cell_)->items.size();
  if (tag_ == uint8_t(detail::Tag::Object)) return static_cast<const detail::ObjectCell*>(cell_)->entries.size();
  return 0;
}

inline const Value& Value::at(size_t i) const {
  return static_cast<const detail::ArrayCell*>(cell_)->items[i];
}

inline std::span<const Value> Value::items() const {
  if (tag_ != uint8_t(detail::Tag::Array)) return {};
  return static_cast<const detail::ArrayCell*>(cell_)->items;
}

inline const Object& Value::entries() const {
  if (tag_ != uint8_t(detail::Tag::Object)) return detail::empty_object();
  return static_cast<const detail::ObjectCell*>(cell_)->entries;
}

namespace mem {
// Bytes held by strings, arrays, objects and big integers created on this
// thread and not yet freed.  The VM compares it with the memory budget.
int64_t live_bytes();
}  // namespace mem

}  // namespace riposte
