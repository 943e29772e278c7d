// The results of a sendEmail call as the message shows them
// (docs/actions-email.md): the columns of a list of result objects, a cell's
// text, an aligned text table, an HTML table and the CSV attachment
// (RFC 4180, guarded against formula injection).
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "value/value.h"

namespace riposte::actions::mail {

// The union of the results' keys in first-seen order: the keys of the first
// result (objects keep their keys sorted), then the keys of the next one
// that were not seen yet, and so on.  Results that are not objects add none.
std::vector<std::string> result_columns(std::span<const Value> results);

// A cell: a string as it is, null (or a missing key) as "", any other value
// (numbers, booleans, arrays, objects) as its compact JSON text.
std::string cell_text(const Value& v);

// An aligned plain-text table: the header row, a row of dashes, one row per
// result; columns padded to the widest cell (in characters, not display
// width) and separated by two spaces, trailing blanks dropped, every line
// ended by "\n".  Line breaks and tabs in a cell become spaces; cells longer
// than kTextCellMax characters are cut and end with "…" (the CSV attachment
// has them whole).  No columns: "".
inline constexpr size_t kTextCellMax = 120;
std::string text_table(std::span<const Value> results);

// `s` with & < > " ' as HTML character references.
std::string html_escape(std::string_view s);

// An HTML table (<table> ... </table>\n): a header row of <th>, one <tr> of
// <td> per result, every cell escaped and whole.  No columns: "".
std::string html_table(std::span<const Value> results);

// The CSV of the results (RFC 4180): a header row of the columns, then one
// record per result; fields separated by ',', records ended by CRLF; a field
// holding '"', ',', CR or LF is quoted with '"' doubled.  Formula injection
// guard: a cell (or column name) that is text starting with '=', '+', '-',
// '@', a tab or a CR gets a leading "'" (numbers are written as numbers: -5
// stays -5).  No columns: "".
std::string results_csv(std::span<const Value> results);

// One CSV field as results_csv writes it; `guard` applies the formula
// injection prefix.
std::string csv_field(std::string_view text, bool guard);

}  // namespace riposte::actions::mail
