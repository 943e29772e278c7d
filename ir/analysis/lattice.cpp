// Combinators of the analysis lattice (see lattice.h for the directions in
// which each field is conservative).
#include "ir/analysis/lattice.h"

#include "ir/native_facts.h"

namespace riposte::ir::analysis {

// natives.def's result column is written in ir::ResultTypes; the bits must
// be the TypeSet's.
static_assert(ResultTypes::Null == kNull && ResultTypes::Bool == kBool && ResultTypes::Number == kNumber &&
              ResultTypes::String == kString && ResultTypes::Array == kArray && ResultTypes::Object == kObject &&
              ResultTypes::Any == kAnyType);

std::string type_names(TypeSet t) {
  if ((t & kBool) == kBool) t = static_cast<TypeSet>((t & ~kBool) | kTrue);  // print "boolean" once
  static constexpr struct {
    TypeSet bit;
    const char* name;
  } kNames[] = {{kNull, "null"},     {kFalse, "boolean"}, {kTrue, "boolean"}, {kNumber, "number"},
                {kString, "string"}, {kArray, "array"},   {kObject, "object"}};
  std::string out;
  for (const auto& n : kNames) {
    if (!(t & n.bit)) continue;
    if (!out.empty()) out += " or ";
    out += n.name;
  }
  return out.empty() ? "nothing" : out;
}

Card card_product(const Card& a, const Card& b) {
  Card c;
  c.min = card_mul(a.min, b.min);
  c.max = card_mul(a.max, b.max);
  c.can_one = a.can_one && b.can_one;
  // Several: several from a each giving one, or one from a giving several.
  // Values flowing from a into b are not tracked (see docs/check.md).
  bool from_a = a.can_many && b.can_one;
  bool from_b = a.can_one && b.can_many;
  c.can_many = c.max == kMany && (from_a || from_b);
  if (c.can_many) c.witness = from_a ? a.witness : b.witness;
  return c;
}

Card card_sequence(const Card& a, const Card& b) {
  Card c;
  c.min = card_add(a.min, b.min);
  c.max = card_add(a.max, b.max);
  c.can_one = a.can_one || b.can_one;
  c.can_many = a.can_many || b.can_many || (a.can_one && b.can_one);
  c.witness = a.can_many ? a.witness : b.witness;
  return c;
}

Card card_either(const Card& a, const Card& b) {
  Card c;
  c.min = std::min(a.min, b.min);
  c.max = std::max(a.max, b.max);
  c.can_one = a.can_one || b.can_one;
  c.can_many = a.can_many || b.can_many;
  c.witness = a.can_many ? a.witness : b.witness;
  return c;
}

}  // namespace riposte::ir::analysis
