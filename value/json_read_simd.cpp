// parse_json_projected (value/json.h): simdjson's DOM validates and indexes
// the text; Values are built only where the projection reads.  The rules of
// what is built are parse_json_projected_exact's (json_read.cpp,
// choose_projection and open), applied here to the tape:
//   - a member the projection does not name is not built (nor stored);
//   - a projected object that is iterated, or a projected array read by
//     key, is built whole;
//   - the elements of an array whose elements are never read are built
//     with an empty projection ("kinds only": objects empty, scalars whole).
#include <simdjson.h>

#include <cstdint>
#include <limits>
#include <string>

#include "value/json.h"

namespace riposte {
namespace {

using simdjson::dom::element;
using simdjson::dom::element_type;

const JsonProjection kKindOnly;

// The projection of a member or element: null means build it whole.
const JsonProjection* whole_or(const JsonProjection* p) {
  return p && !p->whole ? p : nullptr;
}

Value build(element e, const JsonProjection* p);

Value build_object(simdjson::dom::object obj, const JsonProjection* p) {
  if (p && p->elements) p = nullptr;  // iterated: every member is read
  Object entries;
  for (simdjson::dom::key_value_pair kv : obj) {
    const JsonProjection* child = nullptr;
    if (p) {
      auto it = p->members.find(kv.key);
      if (it == p->members.end()) continue;  // nobody reads it: jumped over
      child = whole_or(&it->second);
    }
    entries.insert_or_assign(std::string(kv.key), build(kv.value, child));  // the last duplicate wins
  }
  return Value::object(std::move(entries));
}

Value build_array(simdjson::dom::array arr, const JsonProjection* p) {
  if (p && !p->members.empty()) p = nullptr;  // read by key: an error that prints it whole
  const JsonProjection* child = nullptr;
  if (p) child = p->elements ? whole_or(p->elements.get()) : &kKindOnly;
  Array items;
  items.reserve(arr.size());
  for (element x : arr) items.push_back(build(x, child));
  return Value::array(std::move(items));
}

Value build(element e, const JsonProjection* p) {
  switch (e.type()) {
    case element_type::OBJECT:
      return build_object(e.get_object().value_unsafe(), p);
    case element_type::ARRAY:
      return build_array(e.get_array().value_unsafe(), p);
    case element_type::STRING:
      return Value::string(e.get_string().value_unsafe());
    case element_type::INT64:
      return Value::integer(e.get_int64().value_unsafe());
    case element_type::UINT64: {
      // Only values above INT64_MAX are tagged UINT64: exact, as a big integer.
      return Value::number_from_text(std::to_string(e.get_uint64().value_unsafe()));
    }
    case element_type::DOUBLE:
      return Value::number(e.get_double().value_unsafe());
    case element_type::BOOL:
      return Value::boolean(e.get_bool().value_unsafe());
    case element_type::NULL_VALUE:
      return Value::null();
  }
  return Value::null();
}

// One parser and one padded copy of the line per thread: simdjson reads up
// to SIMDJSON_PADDING bytes past the end of its input.
struct ThreadParser {
  simdjson::dom::parser parser;
  std::string buffer;
};

}  // namespace

bool parse_json_projected(std::string_view text, const JsonProjection& projection, Value& out,
                          JsonError& err) {
  thread_local ThreadParser tp;
  tp.buffer.reserve(text.size() + simdjson::SIMDJSON_PADDING);
  tp.buffer.assign(text.data(), text.size());
  element doc;
  if (tp.parser.parse(tp.buffer.data(), tp.buffer.size(), false).get(doc) != simdjson::SUCCESS)
    return parse_json_projected_exact(text, projection, out, err);
  out = build(doc, whole_or(&projection));
  return true;
}

}  // namespace riposte
