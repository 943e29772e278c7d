// Result columns, cells, the text and HTML tables and the CSV of sendEmail.
#include "actions/mail/results_table.h"

#include <algorithm>
#include <set>

#include "value/json.h"

namespace riposte::actions::mail {
namespace {

// UTF-8 characters in `s` (bytes that do not continue a character).
size_t chars(std::string_view s) {
  size_t n = 0;
  for (char ch : s)
    if ((static_cast<unsigned char>(ch) & 0xC0) != 0x80) n++;
  return n;
}

// The first `n` characters of `s`.
std::string_view first_chars(std::string_view s, size_t n) {
  size_t seen = 0;
  for (size_t i = 0; i < s.size(); i++) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) {
      if (seen == n) return s.substr(0, i);
      seen++;
    }
  }
  return s;
}

// A cell on one line: CRLF, CR, LF and tab as one space; cut at kTextCellMax.
std::string one_line(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); i++) {
    const char ch = s[i];
    if (ch == '\r' && i + 1 < s.size() && s[i + 1] == '\n') continue;  // the LF makes the space
    out += (ch == '\r' || ch == '\n' || ch == '\t') ? ' ' : ch;
  }
  if (chars(out) > kTextCellMax) out = std::string(first_chars(out, kTextCellMax - 1)) + "…";
  return out;
}

const Value& member(const Value& result, const std::string& key) {
  static const Value kNull;
  const Value* v = result.find(key);
  return v ? *v : kNull;
}

}  // namespace

std::vector<std::string> result_columns(std::span<const Value> results) {
  std::vector<std::string> columns;
  std::set<std::string, std::less<>> seen;
  for (const Value& r : results) {
    for (const auto& [key, value] : r.entries()) {
      if (seen.insert(key).second) columns.push_back(key);
    }
  }
  return columns;
}

std::string cell_text(const Value& v) {
  if (v.is_string()) return std::string(v.str());
  if (v.is_null()) return "";
  std::string out;
  write_json(v, out, JsonWriteOptions{.indent = 0});
  return out;
}

std::string text_table(std::span<const Value> results) {
  const std::vector<std::string> columns = result_columns(results);
  if (columns.empty()) return "";
  std::vector<std::vector<std::string>> rows;
  rows.emplace_back();
  for (const std::string& c : columns) rows.back().push_back(one_line(c));
  for (const Value& r : results) {
    rows.emplace_back();
    for (const std::string& c : columns) rows.back().push_back(one_line(cell_text(member(r, c))));
  }
  std::vector<size_t> width(columns.size(), 0);
  for (const auto& row : rows)
    for (size_t i = 0; i < row.size(); i++) width[i] = std::max(width[i], chars(row[i]));
  auto line = [&](const std::vector<std::string>& row) {
    std::string out;
    for (size_t i = 0; i < row.size(); i++) {
      if (i > 0) out += "  ";
      out += row[i];
      if (i + 1 < row.size()) out.append(width[i] - chars(row[i]), ' ');
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out + "\n";
  };
  std::string out = line(rows[0]);
  std::vector<std::string> dashes;
  for (size_t w : width) dashes.emplace_back(w, '-');
  out += line(dashes);
  for (size_t i = 1; i < rows.size(); i++) out += line(rows[i]);
  return out;
}

std::string html_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char ch : s) {
    switch (ch) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += ch;
    }
  }
  return out;
}

std::string html_table(std::span<const Value> results) {
  const std::vector<std::string> columns = result_columns(results);
  if (columns.empty()) return "";
  std::string out =
      "<table border=\"1\" cellpadding=\"4\" cellspacing=\"0\" style=\"border-collapse:collapse\">\n<thead><tr>";
  for (const std::string& c : columns) out += "<th>" + html_escape(c) + "</th>";
  out += "</tr></thead>\n<tbody>\n";
  for (const Value& r : results) {
    out += "<tr>";
    for (const std::string& c : columns) out += "<td>" + html_escape(cell_text(member(r, c))) + "</td>";
    out += "</tr>\n";
  }
  out += "</tbody>\n</table>\n";
  return out;
}

std::string csv_field(std::string_view text, bool guard) {
  std::string field;
  if (guard && !text.empty() && std::string_view("=+-@\t\r").find(text.front()) != std::string_view::npos) {
    field = "'";
  }
  field += text;
  if (field.find_first_of("\",\r\n") == std::string::npos) return field;
  std::string quoted = "\"";
  for (char ch : field) {
    if (ch == '"') quoted += '"';
    quoted += ch;
  }
  quoted += '"';
  return quoted;
}

std::string results_csv(std::span<const Value> results) {
  const std::vector<std::string> columns = result_columns(results);
  if (columns.empty()) return "";
  std::string out;
  for (size_t i = 0; i < columns.size(); i++) {
    if (i > 0) out += ',';
    out += csv_field(columns[i], true);
  }
  out += "\r\n";
  for (const Value& r : results) {
    for (size_t i = 0; i < columns.size(); i++) {
      if (i > 0) out += ',';
      const Value& v = member(r, columns[i]);
      // Only text is guarded: a number (-5) is data, and JSON of arrays and
      // objects starts with '[' or '{'.
      out += csv_field(cell_text(v), v.is_string());
    }
    out += "\r\n";
  }
  return out;
}

}  // namespace riposte::actions::mail
