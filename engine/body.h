// Reading a request body strictly (engine.md: bad input gets a clear error
// that says where).  A BodyReader reads the members of one JSON object by
// name and type; every member it was not asked about is an unknown field.
// Problems are collected with the JSON path of the member ("roles[1].role")
// and reported together:
//   - 400 for the shape (not an object, unknown field, wrong type, missing
//     required field): the request does not fit the resource at all;
//   - 422 for a value the rules refuse (a name too long, an unknown role).
//
//   BodyReader r(body);
//   auto name = r.string("name", Need::Required);
//   auto parent = r.string("parent");
//   if (auto p = r.finish()) return *p;
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/outcome.h"
#include "value/value.h"

namespace riposte::engine {

enum class Need : uint8_t { Optional, Required };

// "a string", "an object", ... for messages.
std::string_view kind_phrase(const Value& v);
// "name", "roles[1].role": a member path under `base`.
std::string member_path(std::string_view base, std::string_view name);
std::string index_path(std::string_view base, size_t index);

class BodyReader {
 public:
  // Keeps a reference to `body`: it must outlive the reader.
  explicit BodyReader(const Value& body, std::string base = "");
  BodyReader(Value&&, std::string = "") = delete;

  // The member, or null when absent (a required one records "required").
  // Null members count as absent for optional reads.
  const Value* member(std::string_view name, Need need = Need::Optional);
  // The member as given, null included (a PATCH's "set to null"); nullptr when absent.
  const Value* nullable(std::string_view name);
  std::optional<std::string> string(std::string_view name, Need need = Need::Optional);
  std::optional<bool> boolean(std::string_view name, Need need = Need::Optional);
  std::optional<int64_t> integer(std::string_view name, Need need = Need::Optional);
  std::optional<std::vector<std::string>> strings(std::string_view name, Need need = Need::Optional);
  const Value* object(std::string_view name, Need need = Need::Optional);
  const Value* array(std::string_view name, Need need = Need::Optional);
  // Accepts a member without reading it (read elsewhere, or ignored on purpose).
  void allow(std::string_view name);

  // A rule the value breaks (422), at `path` (a full path; member_path helps).
  void refuse(std::string path, std::string message);
  // A shape error (400) found by the caller.
  void wrong_type(std::string path, std::string_view expected, const Value& got);

  std::string path_of(std::string_view name) const { return member_path(base_, name); }
  bool failed() const { return !errors_.empty(); }
  // Checks for unknown members; nullopt when the body is acceptable, else
  // the problem (400 when any shape error, else 422) listing every error.
  std::optional<Problem> finish();

 private:
  const Value& body_;
  std::string base_;
  std::vector<std::string> known_;
  std::vector<support::Diagnostic> errors_;
  bool shape_error_ = false;
};

// A Problem for one value a rule refuses (422) at `path`.
Problem refused(std::string path, std::string message);

}  // namespace riposte::engine
