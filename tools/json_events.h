// `--stream` input: jq's stream events read straight from the text, in
// document order, without building the values they come from.  A huge
// value streams in constant memory (plus its depth), and the events before
// a syntax error are handed out before the error, as gojq does.
//
// Events: `[[path...], leaf]` for every scalar, `[]` and `{}`, and
// `[[path...]]` after the last element of a non-empty array or object (the
// path of that last element).
#pragma once

#include <cstdint>
#include <cstdio>
#include <deque>
#include <string>
#include <vector>

#include "value/json.h"
#include "value/value.h"

namespace riposte::tools {

class JsonEventReader {
 public:
  explicit JsonEventReader(std::FILE* in);
  // The next event; false at the end (err.message empty) or on a syntax
  // error (err set; the reader then stays at the end).
  bool next(Value& event, JsonError& err);
  uint32_t line() const { return line_; }

 private:
  struct Frame {
    bool object;
    int64_t index = 0;  // arrays: index of the current element
  };

  bool step(JsonError& err);   // reads until at least one event is pending
  bool value(JsonError& err);  // a value starts at the next character
  bool after_value(JsonError& err);
  bool open_container(bool object, JsonError& err);
  bool object_key(JsonError& err);  // the key and its ':'
  bool scalar(Value& out, JsonError& err);
  bool string_token(std::string& raw, JsonError& err);
  void leaf(Value v);
  void closing();

  int peek();
  int get();
  int skip_space();  // the next non-space character, not consumed (EOF: -1)
  bool fail(JsonError& err, std::string message);

  std::FILE* in_;
  std::vector<char> buf_;
  size_t pos_ = 0, end_ = 0;
  uint32_t line_ = 1, column_ = 0;

  std::vector<Frame> stack_;
  std::vector<Value> path_;    // one key per open container
  std::deque<Value> pending_;  // events read but not yet handed out
  bool expect_value_ = false;  // after '[', ',' or ':'
  bool done_ = false;
  JsonError error_;  // reported once the pending events are out
};

}  // namespace riposte::tools
