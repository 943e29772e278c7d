// A small JSON tree that remembers where every value and key came from, so
// that validation errors of a playbook algorithm can name the line and
// column in the document.  Loaded with simdjson (json_load.cpp).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace riposte::frontend::algorithm {

enum class JsonKind : uint8_t { Null, Bool, Number, String, Array, Object };

// "null", "a boolean", "a number", "a string", "an array", "an object".
std::string_view describe(JsonKind k);

struct JsonMember;

// Offsets are bytes into the document text; `end` is exclusive.  For
// containers `end` is one past the closing bracket.
struct JsonNode {
  JsonKind kind = JsonKind::Null;
  uint32_t begin = 0, end = 0;
  bool boolean = false;
  double number = 0;
  bool is_integer = false;  // the number fits an int64 exactly
  int64_t integer = 0;
  std::string text;  // String: the unescaped value; Number: the lexeme
  std::vector<JsonNode> items;      // Array
  std::vector<JsonMember> members;  // Object, in document order

  bool is(JsonKind k) const { return kind == k; }
  // The first member named `key`, or null.
  const JsonNode* find(std::string_view key) const;
  // The text of the value in the document (for strings: with quotes and escapes).
  std::string_view raw(std::string_view document) const { return document.substr(begin, end - begin); }
};

struct JsonMember {
  std::string key;
  uint32_t key_begin = 0, key_end = 0;  // the quoted key
  JsonNode value;
};

inline const JsonNode* JsonNode::find(std::string_view key) const {
  for (const JsonMember& m : members)
    if (m.key == key) return &m.value;
  return nullptr;
}

}  // namespace riposte::frontend::algorithm
