#include "engine/playbook_diff.h"

#include <algorithm>

#include <fmt/format.h>

#include "engine/playbook_json.h"
#include "value/json.h"

namespace riposte::engine {
namespace {

std::vector<std::string_view> split_lines(std::string_view s) {
  std::vector<std::string_view> out;
  if (s.empty()) return out;
  size_t start = 0;
  while (start <= s.size()) {
    size_t nl = s.find('\n', start);
    if (nl == std::string_view::npos) {
      if (start < s.size()) out.push_back(s.substr(start));
      break;
    }
    out.push_back(s.substr(start, nl - start));
    start = nl + 1;
  }
  return out;
}

struct Op {
  char kind;  // ' ', '-', '+'
  std::string_view line;
  size_t a, b;  // 0-based line numbers in before / after at this op
};

// Edit script by LCS (texts of a playbook are small: a few hundred lines).
std::vector<Op> edit_script(const std::vector<std::string_view>& a, const std::vector<std::string_view>& b) {
  // Common prefix and suffix first: most edits touch a few lines.
  size_t pre = 0;
  while (pre < a.size() && pre < b.size() && a[pre] == b[pre]) ++pre;
  size_t suf = 0;
  while (suf < a.size() - pre && suf < b.size() - pre && a[a.size() - 1 - suf] == b[b.size() - 1 - suf]) ++suf;
  size_t n = a.size() - pre - suf, m = b.size() - pre - suf;
  std::vector<Op> ops;
  for (size_t i = 0; i < pre; ++i) ops.push_back({' ', a[i], i, i});
  std::vector<uint32_t> L((n + 1) * (m + 1), 0);
  auto at = [&](size_t i, size_t j) -> uint32_t& { return L[i * (m + 1) + j]; };
  for (size_t i = n; i-- > 0;)
    for (size_t j = m; j-- > 0;)
      at(i, j) = a[pre + i] == b[pre + j] ? at(i + 1, j + 1) + 1 : std::max(at(i + 1, j), at(i, j + 1));
  size_t i = 0, j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[pre + i] == b[pre + j]) {
      ops.push_back({' ', a[pre + i], pre + i, pre + j});
      ++i, ++j;
    } else if (i < n && (j == m || at(i + 1, j) >= at(i, j + 1))) {
      ops.push_back({'-', a[pre + i], pre + i, pre + j});
      ++i;
    } else {
      ops.push_back({'+', b[pre + j], pre + i, pre + j});
      ++j;
    }
  }
  for (size_t k = 0; k < suf; ++k) ops.push_back({' ', a[pre + n + k], pre + n + k, pre + m + k});
  return ops;
}

std::string pretty(std::string_view json_text) {
  Value v = algorithm_value(json_text);
  if (v.is_string()) return std::string(json_text);
  std::string out;
  write_json(v, out, JsonWriteOptions{});
  return out;
}

}  // namespace

std::string line_diff(std::string_view before, std::string_view after, std::string_view label, size_t context) {
  if (before == after) return "";
  auto a = split_lines(before), b = split_lines(after);
  std::vector<Op> ops = edit_script(a, b);
  std::string out = fmt::format("--- {}\n+++ {}\n", label, label);
  size_t k = 0;
  while (k < ops.size()) {
    // Next change.
    size_t first = k;
    while (first < ops.size() && ops[first].kind == ' ') ++first;
    if (first == ops.size()) break;
    size_t start = first >= context ? first - context : 0;
    start = std::max(start, k);
    // Extend the hunk while changes are within 2*context of each other.
    size_t end = first;
    for (size_t x = first; x < ops.size(); ++x) {
      if (ops[x].kind != ' ') end = x;
      else if (x - end > 2 * context) break;
    }
    size_t stop = std::min(ops.size(), end + 1 + context);
    size_t a_count = 0, b_count = 0;
    for (size_t x = start; x < stop; ++x) {
      a_count += ops[x].kind != '+';
      b_count += ops[x].kind != '-';
    }
    out += fmt::format("@@ -{},{} +{},{} @@\n", ops[start].a + (a_count ? 1 : 0), a_count,
                       ops[start].b + (b_count ? 1 : 0), b_count);
    for (size_t x = start; x < stop; ++x) {
      out += ops[x].kind;
      out += ops[x].line;
      out += '\n';
    }
    k = stop;
  }
  return out;
}

Value changed_fields(const store::PlaybookRow& before, const store::PlaybookRow& after) {
  Array out;
  auto add = [&](std::string_view field, Value b, Value a) {
    if (b == a) return;
    Object o;
    o["field"] = Value::string(field);
    o["before"] = std::move(b);
    o["after"] = std::move(a);
    out.push_back(Value::object(std::move(o)));
  };
  Value vb = playbook_value(before, false), va = playbook_value(after, false);
  for (std::string_view f : {"tenant", "name", "tags", "description", "scope", "mode", "launchingRule", "trigger",
                             "inheritance", "deleted", "predefined"})
    add(f, *vb.find(f), *va.find(f));
  if (vb.find("algorithm") && va.find("algorithm") && !(*vb.find("algorithm") == *va.find("algorithm"))) {
    Object o;
    o["field"] = Value::string("algorithm");
    o["before"] = Value::null();
    o["after"] = Value::null();
    out.push_back(Value::object(std::move(o)));
  }
  return Value::array(std::move(out));
}

std::string code_diff(const store::PlaybookRow& before, const store::PlaybookRow& after) {
  std::string out = line_diff(before.trigger.value_or(""), after.trigger.value_or(""), "trigger");
  out += line_diff(pretty(before.algorithm), pretty(after.algorithm), "algorithm");
  return out;
}

std::string change_text(std::string_view action, const Value& fields, std::string_view diff, std::string_view from) {
  Object o;
  o["action"] = Value::string(action);
  o["fields"] = fields;
  o["diff"] = Value::string(diff);
  if (!from.empty()) {
    o["from"] = Value::string(from);
    o["message"] = Value::string(fmt::format("duplicated from {}", from));
  }
  return to_json(Value::object(std::move(o)));
}

}  // namespace riposte::engine
