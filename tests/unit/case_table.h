// The one reader of the case tables (program or native, input, expected
// results) of the table-driven unit tests; docs/testing.md describes the
// format and tests/unit/case_table.py is the same reader for the scripts.
//
//   #! columns: program input results     <- first directive, required
//   # a comment
//   .[]<TAB>[1,2]<TAB>1<TAB>2
//   .[]<TAB>true<TAB>!"cannot iterate over: boolean (true)"
//
// One case per line, fields separated by one TAB.  The leading columns are
// the table's (`program input` or `native input args`), then the results:
// `result` is exactly one field, `results` one or more.  A result field is
// the compact JSON of an output, `!` and the JSON of the error value (last
// only), `empty` (alone: no output), `debug: JSON` (a message to the
// host's debug) or `halt: N` (last only).  `#! reference: none` marks the
// rows below as having no gojq counterpart (builtins gojq lacks) until
// `#! reference: gojq`.
//
// Nothing is skipped: a malformed line (a wrong number of fields, text that
// is not JSON where JSON belongs, an unknown directive or result kind)
// becomes a row whose `problem` says what is wrong, and a missing or empty
// file becomes one such row, so the test built on the table fails with the
// file and line.
#pragma once

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "value/json.h"

namespace riposte::unit {

struct CaseResult {
  enum class Kind { Output, Error, Debug, Halt };
  Kind kind = Kind::Output;
  std::string text;  // the JSON (Output, Error, Debug) or the exit code (Halt)
};

struct CaseRow {
  std::string where;                 // file:line
  std::string problem;               // why the line is malformed; empty when it is well formed
  std::vector<std::string> columns;  // the leading columns, in the header's order
  std::vector<CaseResult> results;
  bool gojq_reference = true;  // false under `#! reference: none`
};

// A table's leading columns (e.g. {"program", "input"}) and whether it takes
// one result or several.  Columns named `input` and `args` must hold JSON
// (`args` an array).
struct CaseShape {
  std::vector<std::string> columns;
  bool several_results = true;
};

namespace detail {

inline std::vector<std::string> split_tabs(std::string_view line) {
  std::vector<std::string> fields;
  size_t start = 0;
  for (size_t tab; (tab = line.find('\t', start)) != std::string_view::npos; start = tab + 1)
    fields.emplace_back(line.substr(start, tab - start));
  fields.emplace_back(line.substr(start));
  return fields;
}

inline std::string json_problem(std::string_view text, bool must_be_array = false) {
  Value v;
  JsonError err;
  if (!parse_json(text, v, err)) return "not JSON (" + err.message + ")";
  if (must_be_array && !v.is_array()) return "not a JSON array";
  return "";
}

inline std::string header_of(const CaseShape& shape) {
  std::string h;
  for (const std::string& c : shape.columns) h += c + " ";
  return h + (shape.several_results ? "results" : "result");
}

// The result field `f`, or a problem.
inline std::string parse_result(const std::string& f, CaseResult& r) {
  auto tagged = [&](std::string_view tag) { return f.rfind(tag, 0) == 0; };
  if (tagged("!")) {
    r = {CaseResult::Kind::Error, f.substr(1)};
    std::string p = json_problem(r.text);
    return p.empty() ? "" : "error value " + p;
  }
  if (tagged("debug: ")) {
    r = {CaseResult::Kind::Debug, f.substr(7)};
    std::string p = json_problem(r.text);
    return p.empty() ? "" : "debug value " + p;
  }
  if (tagged("halt: ")) {
    r = {CaseResult::Kind::Halt, f.substr(6)};
    bool digits = !r.text.empty() && r.text.find_first_not_of("0123456789") == std::string::npos;
    return digits ? "" : "halt code `" + r.text + "` is not a number";
  }
  r = {CaseResult::Kind::Output, f};
  std::string p = json_problem(f);
  return p.empty()
             ? ""
             : "output `" + f + "` is " + p + " (results are JSON, !JSON, empty, debug: JSON or halt: N)";
}

// The results of one row, or a problem.
inline std::string parse_results(const std::vector<std::string>& fields, const CaseShape& shape,
                                 std::vector<CaseResult>& out) {
  if (fields.size() == 1 && fields[0] == "empty")
    return shape.several_results ? "" : "`empty` in a one-result table";
  if (!shape.several_results && fields.size() != 1)
    return "expected exactly one result field, found " + std::to_string(fields.size());
  for (size_t i = 0; i < fields.size(); ++i) {
    CaseResult r;
    if (fields[i] == "empty") return "`empty` must be the only result";
    if (std::string p = parse_result(fields[i], r); !p.empty())
      return "result " + std::to_string(i + 1) + ": " + p;
    bool last = i + 1 == fields.size();
    if (!last && (r.kind == CaseResult::Kind::Error || r.kind == CaseResult::Kind::Halt))
      return "result " + std::to_string(i + 1) + ": an error or a halt ends the results";
    if (!shape.several_results && r.kind != CaseResult::Kind::Output && r.kind != CaseResult::Kind::Error)
      return "a one-result table takes an output or an error";
    out.push_back(std::move(r));
  }
  return "";
}

}  // namespace detail

// Every case of the table at `path` (relative paths: from the source tree).
inline std::vector<CaseRow> read_case_table(const std::filesystem::path& relative, const CaseShape& shape) {
  std::filesystem::path path = std::filesystem::path(RIPOSTE_SOURCE_DIR) / relative;
  std::string file = relative.filename().string();
  std::vector<CaseRow> rows;
  auto fail = [&](std::string where, std::string problem) {
    CaseRow r;
    r.where = std::move(where);
    r.problem = std::move(problem);
    rows.push_back(std::move(r));
  };
  std::ifstream in(path);
  if (!in) {
    fail(file, "cannot open " + path.string());
    return rows;
  }
  const std::string header = detail::header_of(shape);
  bool have_header = false, reference = true;
  int n = 0;
  for (std::string line; std::getline(in, line);) {
    std::string where = file + ":" + std::to_string(++n);
    if (!line.empty() && line.back() == '\r') {
      fail(where, "a CR at the end of the line (the tables use LF line ends)");
      continue;
    }
    if (line.rfind("#!", 0) == 0) {
      std::string d = line.substr(2);
      if (d == " columns: " + header && !have_header) {
        have_header = true;
      } else if (d.rfind(" columns:", 0) == 0) {
        fail(where, have_header ? "a second `#! columns:` line"
                                : "columns `" + d.substr(10) + "`, expected `" + header + "`");
      } else if (d == " reference: none" || d == " reference: gojq") {
        reference = d == " reference: gojq";
      } else {
        fail(where, "unknown directive `" + line + "` (known: `#! columns: ...`, `#! reference: none|gojq`)");
      }
      continue;
    }
    if (line.empty() || line[0] == '#') continue;
    if (!have_header) {
      fail(where, "a case before the `#! columns: " + header + "` line");
      have_header = true;  // one report is enough
    }
    CaseRow row;
    row.where = where;
    row.gojq_reference = reference;
    std::vector<std::string> fields = detail::split_tabs(line);
    size_t lead = shape.columns.size();
    if (fields.size() <= lead) {
      row.problem = std::to_string(fields.size()) + " TAB-separated field(s), expected " +
                    std::to_string(lead) + " (" + header + ") and at least one result";
    } else {
      row.columns.assign(fields.begin(), fields.begin() + static_cast<std::ptrdiff_t>(lead));
      for (size_t i = 0; i < lead && row.problem.empty(); ++i) {
        if (row.columns[i].empty()) row.problem = "column `" + shape.columns[i] + "` is empty";
        bool is_args = shape.columns[i] == "args";
        if (shape.columns[i] == "input" || is_args)
          if (std::string p = detail::json_problem(row.columns[i], is_args); !p.empty())
            row.problem = "column `" + shape.columns[i] + "` is " + p;
      }
      if (row.problem.empty())
        row.problem = detail::parse_results(
            {fields.begin() + static_cast<std::ptrdiff_t>(lead), fields.end()}, shape, row.results);
    }
    rows.push_back(std::move(row));
  }
  if (!have_header) fail(file, "no `#! columns: " + header + "` line");
  if (rows.empty()) fail(file, "no cases");
  return rows;
}

// Every case of the tables (sorted by name) in `dir` whose name ends in `ext`.
inline std::vector<CaseRow> read_case_tables(const std::filesystem::path& dir, std::string_view ext,
                                             const CaseShape& shape) {
  std::vector<std::filesystem::path> files;
  std::error_code ec;
  for (const auto& e :
       std::filesystem::directory_iterator(std::filesystem::path(RIPOSTE_SOURCE_DIR) / dir, ec))
    if (e.path().extension() == ext) files.push_back(dir / e.path().filename());
  std::sort(files.begin(), files.end());
  std::vector<CaseRow> rows;
  for (const auto& f : files) {
    std::vector<CaseRow> more = read_case_table(f, shape);
    rows.insert(rows.end(), more.begin(), more.end());
  }
  if (rows.empty()) rows.push_back({dir.string(), "no " + std::string(ext) + " tables", {}, {}, true});
  return rows;
}

// gtest prints a row as its place in the table.
inline void PrintTo(const CaseRow& row, std::ostream* os) { *os << row.where; }

// The results as one text, one per line: the form the tests compare, with
// JSON as our writer prints it.
inline std::string render_results(const std::vector<CaseResult>& results) {
  std::string out;
  for (const CaseResult& r : results) {
    Value v;
    JsonError err;
    std::string json = r.kind != CaseResult::Kind::Halt && parse_json(r.text, v, err) ? to_json(v) : r.text;
    switch (r.kind) {
      case CaseResult::Kind::Output:
        out += json;
        break;
      case CaseResult::Kind::Error:
        out += "!" + json;
        break;
      case CaseResult::Kind::Debug:
        out += "debug: " + json;
        break;
      case CaseResult::Kind::Halt:
        out += "halt: " + json;
        break;
    }
    out += '\n';
  }
  return out;
}

}  // namespace riposte::unit

// The first statement of a test on a row: a malformed row fails here, with
// its file:line.
#define RIPOSTE_ASSERT_WELL_FORMED(row) \
  ASSERT_TRUE((row).problem.empty()) << (row).where << ": " << (row).problem
