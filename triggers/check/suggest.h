// "Did you mean ...?" for unknown field names.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace riposte::triggers::check {

// The candidate closest to `name` by edit distance (insertions, deletions,
// substitutions and swaps of neighbours, case-sensitive: `severity` is one
// edit from `Severity`), or "" when none is close enough to be a likely
// typo (more than a third of the name's length, at least 1).  Ties go to
// the earlier candidate.
std::string closest_name(std::string_view name, const std::vector<std::string>& candidates);

// The optimal-string-alignment distance between a and b.
size_t edit_distance(std::string_view a, std::string_view b);

}  // namespace riposte::triggers::check
