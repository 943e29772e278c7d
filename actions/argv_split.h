// Splits executeCustomScript's `commandLineParameters` into argv words,
// without a shell: blanks separate words; '...' keeps everything literally;
// "..." keeps everything but \" and \\ (escapes); outside quotes a
// backslash keeps the next character; quoted parts join their neighbours
// ("a"'b'c is abc) and "" is an empty word.  Nothing else is special: $,
// `, *, ~, ;, |, & and redirections are plain characters.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace riposte::actions {

struct SplitArgs {
  std::vector<std::string> words;
  std::string error;  // "unterminated ' quote", ...; words are then unset
};

SplitArgs split_args(std::string_view text);

}  // namespace riposte::actions
