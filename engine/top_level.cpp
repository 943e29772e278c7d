#include "engine/top_level.h"

#include <cstring>
#include <vector>

#include <simdjson.h>

namespace riposte::engine {

struct TopLevelReader::Impl {
  simdjson::dom::parser parser;
  std::vector<char> padded;  // the text with simdjson's padding, reused
};

TopLevelReader::TopLevelReader() : impl_(std::make_unique<Impl>()) {}
TopLevelReader::~TopLevelReader() = default;

namespace {

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

}  // namespace

bool TopLevelReader::read(std::string_view text, std::span<const std::string_view> names, std::span<TopMember> out) {
  for (TopMember& m : out) m = TopMember{};
  size_t first = 0, last = text.size();
  while (first < last && is_space(text[first])) ++first;
  while (last > first && is_space(text[last - 1])) --last;
  if (first == last || text[first] != '{' || text[last - 1] != '}') return false;
  brace = first;
  end = last;
  // A reader lives as long as its thread: after a huge text (a single POST
  // may be megabytes) the next ordinary one gives the parser's memory back.
  constexpr size_t kKeep = size_t(1) << 20;
  if (impl_->parser.capacity() > kKeep && text.size() <= kKeep) {
    impl_->parser = simdjson::dom::parser();
    std::vector<char>().swap(impl_->padded);
  }
  std::vector<char>& buf = impl_->padded;
  if (buf.size() < text.size() + simdjson::SIMDJSON_PADDING) buf.resize(text.size() + simdjson::SIMDJSON_PADDING);
  std::memcpy(buf.data(), text.data(), text.size());
  std::memset(buf.data() + text.size(), 0, simdjson::SIMDJSON_PADDING);
  simdjson::dom::element root;
  if (impl_->parser.parse(buf.data(), text.size(), false).get(root) != simdjson::SUCCESS) return false;
  simdjson::dom::object object;
  if (root.get_object().get(object) != simdjson::SUCCESS) return false;
  members = 0;
  for (simdjson::dom::key_value_pair field : object) {
    ++members;
    size_t i = 0;
    while (i < names.size() && names[i] != field.key) ++i;
    if (i == names.size()) continue;
    TopMember& m = out[i];
    if (m.present) {
      m.repeated = true;
      continue;
    }
    m.present = true;
    simdjson::dom::element v = field.value;
    switch (v.type()) {
      case simdjson::dom::element_type::NULL_VALUE: m.kind = Kind::Null; break;
      case simdjson::dom::element_type::BOOL: m.kind = v.get_bool().value_unsafe() ? Kind::True : Kind::False; break;
      case simdjson::dom::element_type::INT64:
        m.kind = Kind::Number;
        m.is_int = true;
        m.integer = v.get_int64().value_unsafe();
        break;
      case simdjson::dom::element_type::UINT64:
      case simdjson::dom::element_type::DOUBLE: m.kind = Kind::Number; break;
      case simdjson::dom::element_type::STRING:
        m.kind = Kind::String;
        m.string = v.get_string().value_unsafe();
        break;
      case simdjson::dom::element_type::ARRAY:
        m.kind = Kind::Array;
        m.size = v.get_array().value_unsafe().size();
        break;
      case simdjson::dom::element_type::OBJECT: m.kind = Kind::Object; break;
    }
  }
  return true;
}

}  // namespace riposte::engine
