#include "actions/argv_split.h"

namespace riposte::actions {

namespace {
bool blank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// The scanner's state: the words so far and the one being built.
struct Splitter {
  explicit Splitter(std::string_view t) : text(t) {}
  std::string_view text;
  size_t i = 0;
  SplitArgs out;
  std::string word;
  bool in_word = false;

  bool fail(std::string why) {
    out.error = std::move(why);
    out.words.clear();
    return false;
  }
  void end_word() {
    if (in_word) out.words.push_back(std::move(word));
    word.clear();
    in_word = false;
  }
  bool single_quoted() {
    size_t close = text.find('\'', i);
    if (close == std::string_view::npos) return fail("unterminated ' quote in commandLineParameters");
    word.append(text.substr(i, close - i));
    i = close + 1;
    return true;
  }
  bool double_quoted() {
    for (; i < text.size(); ++i) {
      char c = text[i];
      if (c == '"') {
        ++i;
        return true;
      }
      if (c == '\\' && i + 1 < text.size() && (text[i + 1] == '"' || text[i + 1] == '\\')) c = text[++i];
      word.push_back(c);
    }
    return fail("unterminated \" quote in commandLineParameters");
  }
  bool step() {
    char c = text[i++];
    if (blank(c)) {
      end_word();
      return true;
    }
    in_word = true;
    if (c == '\'') return single_quoted();
    if (c == '"') return double_quoted();
    if (c == '\\') {
      if (i == text.size()) return fail("a backslash ends commandLineParameters");
      c = text[i++];
    }
    word.push_back(c);
    return true;
  }
};
}  // namespace

SplitArgs split_args(std::string_view text) {
  Splitter s(text);
  while (s.i < text.size())
    if (!s.step()) return std::move(s.out);
  s.end_word();
  return std::move(s.out);
}

}  // namespace riposte::actions
