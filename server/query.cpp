#include "server/query.h"

#include <algorithm>
#include <charconv>
#include <set>
#include <string>

#include "server/reply.h"

namespace riposte::server {

namespace {

bool parse_int(std::string_view text, int64_t& out) {
  if (text.empty()) return false;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, out);
  return ec == std::errc() && ptr == end;
}

std::string_view type_words(ParamType t) {
  switch (t) {
    case ParamType::Integer:
      return "an integer";
    case ParamType::Boolean:
      return "true or false";
    default:
      return "a string";
  }
}

// The single value of `name`, or none.
const std::string* single(const QueryParams& query, std::string_view name) {
  auto it = query.find(std::string(name));
  return it == query.end() ? nullptr : &it->second;
}

std::string text_of(const QueryParams& query, std::string_view name) {
  const std::string* v = single(query, name);
  return v ? *v : std::string();
}

}  // namespace

std::optional<engine::Problem> check_query(const Route& route, const QueryParams& query) {
  std::set<std::string> unknown;
  for (const auto& [name, value] : query) {
    auto known = std::find_if(route.query.begin(), route.query.end(),
                              [&](const QueryParam& p) { return p.name == name; });
    if (known == route.query.end()) {
      unknown.insert(name);
      continue;
    }
    if (known->type != ParamType::StringList && query.count(name) > 1)
      return engine::bad_request("query parameter " + name + " is given more than once");
    int64_t i = 0;
    bool ok = true;
    if (known->type == ParamType::Integer) ok = parse_int(value, i);
    if (known->type == ParamType::Boolean) ok = value == "true" || value == "false";
    if (!ok) {
      return engine::bad_request("query parameter " + name + " must be " +
                                 std::string(type_words(known->type)) + ", not \"" + value + "\"");
    }
  }
  if (unknown.empty()) return std::nullopt;
  std::string names;
  for (const std::string& n : unknown) names += (names.empty() ? "" : ", ") + n;
  std::string accepted;
  for (const QueryParam& p : route.query) accepted += (accepted.empty() ? "" : ", ") + std::string(p.name);
  return engine::bad_request(
      std::string(unknown.size() == 1 ? "unknown query parameter: " : "unknown query parameters: ") + names +
      (accepted.empty() ? " (this route takes none)" : " (this route takes " + accepted + ")"));
}

engine::Outcome<engine::Page> page_of(const QueryParams& query) {
  engine::Page page;
  if (const std::string* limit = single(query, "limit")) {
    int64_t n = 0;
    if (!parse_int(*limit, n) || n < 1 || n > int64_t(kMaxLimit))
      return engine::bad_request("limit must be an integer from 1 to 1000, not \"" + *limit + "\"");
    page.limit = size_t(n);
  }
  page.cursor = text_of(query, "cursor");
  return page;
}

engine::Outcome<engine::PlaybookQuery> playbook_query_of(const QueryParams& query) {
  engine::PlaybookQuery q;
  q.tenant = text_of(query, "tenant");
  auto [first, last] = query.equal_range("tags");
  for (auto it = first; it != last; ++it) {
    std::string_view rest = it->second;
    while (true) {
      size_t comma = rest.find(',');
      std::string_view tag = rest.substr(0, comma);
      if (!tag.empty()) q.tags.emplace_back(tag);
      if (comma == std::string_view::npos) break;
      rest.remove_prefix(comma + 1);
    }
  }
  q.mode = text_of(query, "mode");
  q.scope = text_of(query, "scope");
  q.text = text_of(query, "text");
  if (const std::string* deleted = single(query, "deleted")) {
    if (*deleted != "true" && *deleted != "false")
      return engine::bad_request("deleted must be true or false, not \"" + *deleted + "\"");
    q.include_deleted = *deleted == "true";
  }
  return q;
}

engine::Outcome<engine::ObjectQuery> object_query_of(const QueryParams& query) {
  engine::ObjectQuery q;
  q.tenant = text_of(query, "TenantID");
  q.status = text_of(query, "Status");
  q.severity = text_of(query, "Severity");
  if (const std::string* id = single(query, "ID")) {
    int64_t n = 0;
    if (!parse_int(*id, n)) return engine::bad_request("ID must be an integer, not \"" + *id + "\"");
    q.id = n;
  }
  q.created_from = text_of(query, "createdFrom");
  q.created_to = text_of(query, "createdTo");
  return q;
}

engine::InstanceQuery instance_query_of(const QueryParams& query) {
  engine::InstanceQuery q;
  q.tenant = text_of(query, "tenant");
  q.playbook = text_of(query, "playbook");
  q.object_id = text_of(query, "objectId");
  q.status = text_of(query, "status");
  return q;
}

engine::ApprovalQuery approval_query_of(const QueryParams& query) {
  engine::ApprovalQuery q;
  q.tenant = text_of(query, "tenant");
  q.instance = text_of(query, "instance");
  q.kind = text_of(query, "kind");
  std::string status = text_of(query, "status");
  if (status == "any")
    q.status.clear();
  else if (!status.empty())
    q.status = std::move(status);
  return q;
}

engine::HistoryQuery history_query_of(const QueryParams& query) {
  engine::HistoryQuery q;
  q.tenant = text_of(query, "tenant");
  q.instance = text_of(query, "instance");
  q.playbook = text_of(query, "playbook");
  q.object_id = text_of(query, "objectId");
  q.kind = text_of(query, "kind");
  q.status = text_of(query, "status");
  q.from = text_of(query, "from");
  q.to = text_of(query, "to");
  return q;
}

}  // namespace riposte::server
