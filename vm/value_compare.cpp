// jq's total order on values (gojq's compare): null < false < true <
// numbers < strings < arrays < objects; objects compare their sorted key
// lists first, then the values key by key.
#include <cstring>

#include "vm/number.h"
#include "vm/value.h"

namespace riposte {

namespace {

int sign(int c) { return c < 0 ? -1 : c > 0 ? 1 : 0; }

int compare_strings(std::string_view a, std::string_view b) { return sign(a.compare(b)); }

int compare_arrays(const Value& a, const Value& b) {
  size_t n = std::min(a.size(), b.size());
  for (size_t i = 0; i < n; ++i) {
    if (int c = compare(a.at(i), b.at(i))) return c;
  }
  return a.size() < b.size() ? -1 : a.size() > b.size() ? 1 : 0;
}

int compare_objects(const Value& a, const Value& b) {
  const Object& x = a.entries();
  const Object& y = b.entries();
  // Key lists as arrays of strings: element-wise, then by length.
  auto i = x.begin(), j = y.begin();
  for (; i != x.end() && j != y.end(); ++i, ++j) {
    if (int c = compare_strings(i->first, j->first)) return c;
  }
  if (i != x.end()) return 1;
  if (j != y.end()) return -1;
  for (i = x.begin(), j = y.begin(); i != x.end(); ++i, ++j) {
    if (int c = compare(i->second, j->second)) return c;
  }
  return 0;
}

}  // namespace

int compare(const Value& a, const Value& b) {
  Kind ka = a.kind(), kb = b.kind();
  if (ka != kb) return ka < kb ? -1 : 1;
  switch (ka) {
    case Kind::Number: return num::compare(a, b);
    case Kind::String: return compare_strings(a.str(), b.str());
    case Kind::Array: return compare_arrays(a, b);
    case Kind::Object: return compare_objects(a, b);
    default: return 0;
  }
}

bool operator==(const Value& a, const Value& b) {
  Kind ka = a.kind();
  if (ka != b.kind()) return false;
  switch (ka) {
    case Kind::Number:
      if (a.is_int() && b.is_int()) return a.as_int() == b.as_int();
      return num::compare(a, b) == 0;
    case Kind::String: return a.str() == b.str();
    case Kind::Array:
      if (a.size() != b.size()) return false;
      for (size_t i = 0; i < a.size(); ++i) {
        if (!(a.at(i) == b.at(i))) return false;
      }
      return true;
    case Kind::Object: {
      if (a.size() != b.size()) return false;
      auto j = b.entries().begin();
      for (const auto& [k, v] : a.entries()) {
        if (k != j->first || !(v == j->second)) return false;
        ++j;
      }
      return true;
    }
    default: return true;
  }
}

}  // namespace riposte
