// The abstract values of the static analyses (ir/analysis/*): what a jq
// filter can yield, as a set of JSON types and a range of output counts.
//
// Both are conservative in a stated direction:
//   - TypeSet over-approximates: a type outside the set is never yielded
//     (so "no boolean in the set" PROVES a non-boolean result);
//   - Card::min/max bound the number of outputs of one run that does not
//     error; Card::can_one/can_many are under-approximations: set only when
//     some input (of unknown shape, see docs/check.md) is known to give at
//     least one / at least two outputs.  `riposte check` reports "several
//     values" only from can_many, never from max alone.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>

#include "ir/ir.h"

namespace riposte::ir::analysis {

// ---- JSON types.  Booleans are split so that `if` on a constant and the
// truthiness of `and`/`or` can be decided.
enum TypeBit : uint8_t {
  kNull = 1 << 0,
  kFalse = 1 << 1,
  kTrue = 1 << 2,
  kNumber = 1 << 3,
  kString = 1 << 4,
  kArray = 1 << 5,
  kObject = 1 << 6,
};
using TypeSet = uint8_t;
inline constexpr TypeSet kNoType = 0;
inline constexpr TypeSet kBool = kFalse | kTrue;
inline constexpr TypeSet kFalsy = kNull | kFalse;
inline constexpr TypeSet kAnyType = kNull | kBool | kNumber | kString | kArray | kObject;

inline bool may_be_truthy(TypeSet t) { return (t & ~kFalsy & kAnyType) != 0; }
inline bool may_be_falsy(TypeSet t) { return (t & kFalsy) != 0; }

// "array", "number or string", "boolean" ... for messages.
std::string type_names(TypeSet t);

// ---- Output counts.  0, 1 or kMany (two or more).
inline constexpr uint8_t kMany = 2;

struct Card {
  uint8_t min = 1;
  uint8_t max = 1;
  bool can_one = true;    // proven: some input yields at least one output
  bool can_many = false;  // proven: some input yields two or more outputs
  const Node* witness = nullptr;  // where can_many comes from (an iterator, a comma ...)
};

inline uint8_t card_add(uint8_t a, uint8_t b) { return static_cast<uint8_t>(std::min<int>(a + b, kMany)); }
inline uint8_t card_mul(uint8_t a, uint8_t b) { return static_cast<uint8_t>(std::min<int>(a * b, kMany)); }

inline Card card_exactly_one() { return Card{}; }
inline Card card_none() { return Card{0, 0, false, false, nullptr}; }
// Nothing known: may yield any number, nothing proven.
inline Card card_unknown() { return Card{0, kMany, false, false, nullptr}; }
// A generator proven to yield several on some input (an iterator over data).
inline Card card_generator(const Node* where) { return Card{0, kMany, true, true, where}; }

// `a | b` and every "for each output of a, each output of b" product
// (binary operators, object constructors, native arguments).
Card card_product(const Card& a, const Card& b);
// `a, b`
Card card_sequence(const Card& a, const Card& b);
// The outputs of either a or b (the branches of `if`, alternatives).
Card card_either(const Card& a, const Card& b);

}  // namespace riposte::ir::analysis
