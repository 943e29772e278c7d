// Query parameters to engine arguments.  The dispatcher checks every
// request's parameters against its route's list first (check_query: unknown
// names, repeats, types); the handlers then read them into the engine's
// Page and the query of their list (PlaybookQuery, ObjectQuery,
// InstanceQuery, ApprovalQuery, HistoryQuery).  Values the engine interprets
// (a mode, a status, a time) pass through unchanged: rules are the engine's.
#pragma once

#include <optional>

#include "engine/outcome.h"
#include "engine/service.h"
#include "server/routes.h"

namespace riposte::server {

inline constexpr size_t kMaxLimit = 1000;

// None when every parameter is one of the route's, given once (lists may
// repeat) and of its type; otherwise a 400 that names the offenders.
std::optional<engine::Problem> check_query(const Route& route, const QueryParams& query);

// limit (1..1000, default 50) and cursor.
engine::Outcome<engine::Page> page_of(const QueryParams& query);
// tenant, tags (comma-separated or repeated; all must be present), mode,
// scope, text, deleted=true|false.
engine::Outcome<engine::PlaybookQuery> playbook_query_of(const QueryParams& query);
// TenantID, Status, Severity, ID (an integer), createdFrom, createdTo.
engine::Outcome<engine::ObjectQuery> object_query_of(const QueryParams& query);
// tenant, playbook, objectId, status.
engine::InstanceQuery instance_query_of(const QueryParams& query);
// tenant, instance, kind, status: absent (or empty) is ApprovalQuery's
// default, Pending; "any" is every status.
engine::ApprovalQuery approval_query_of(const QueryParams& query);
// tenant, instance, playbook, objectId, kind, status, from, to.
engine::HistoryQuery history_query_of(const QueryParams& query);

// The parameter lists of the routes.
inline constexpr QueryParam kPageParams[] = {
    {"limit", ParamType::Integer, "items per page, 1 to 1000 (default 50)"},
    {"cursor", ParamType::String, "the `next` of the previous page (opaque)"},
};

inline constexpr QueryParam kPlaybookListParams[] = {
    {"limit", ParamType::Integer, "items per page, 1 to 1000 (default 50)"},
    {"cursor", ParamType::String, "the `next` of the previous page (opaque)"},
    {"tenant", ParamType::String, "only playbooks of this tenant"},
    {"tags", ParamType::StringList,
     "only playbooks carrying every one of these tags (comma-separated or repeated)"},
    {"mode", ParamType::String, "auto, training or manual"},
    {"scope", ParamType::String, "alert or incident"},
    {"text", ParamType::String, "in the name or the description, case-insensitive"},
    {"deleted", ParamType::Boolean, "true: deleted playbooks too"},
};

inline constexpr QueryParam kObjectListParams[] = {
    {"limit", ParamType::Integer, "items per page, 1 to 1000 (default 50)"},
    {"cursor", ParamType::String, "the `next` of the previous page (opaque)"},
    {"TenantID", ParamType::String, "only objects of this tenant"},
    {"Status", ParamType::String, "only objects with this status"},
    {"Severity", ParamType::String, "only objects with this severity"},
    {"ID", ParamType::Integer, "the object with this short ID"},
    {"createdFrom", ParamType::String, "created at or after this time (RFC 3339)"},
    {"createdTo", ParamType::String, "created before this time (RFC 3339)"},
};

inline constexpr QueryParam kInstanceListParams[] = {
    {"limit", ParamType::Integer, "items per page, 1 to 1000 (default 50)"},
    {"cursor", ParamType::String, "the `next` of the previous page (opaque)"},
    {"tenant", ParamType::String, "only instances of this tenant"},
    {"playbook", ParamType::String, "only instances of this playbook"},
    {"objectId", ParamType::String, "only instances for this alert or incident (its InternalID)"},
    {"status", ParamType::String,
     "AwaitingApproval, InProgress, Success, Warning, Error, Terminated, ApprovalTimeExpired or Rejected"},
};

inline constexpr QueryParam kApprovalListParams[] = {
    {"limit", ParamType::Integer, "items per page, 1 to 1000 (default 50)"},
    {"cursor", ParamType::String, "the `next` of the previous page (opaque)"},
    {"tenant", ParamType::String, "only requests of this tenant"},
    {"instance", ParamType::String, "only requests of this instance"},
    {"kind", ParamType::String, "launch or action"},
    {"status", ParamType::String,
     "Pending (the default), Approved, Rejected, Partial or Expired; any: every status"},
};

inline constexpr QueryParam kHistoryListParams[] = {
    {"limit", ParamType::Integer, "items per page, 1 to 1000 (default 50)"},
    {"cursor", ParamType::String, "the `next` of the previous page (opaque)"},
    {"tenant", ParamType::String, "only entries of this tenant"},
    {"instance", ParamType::String, "only entries of this instance"},
    {"playbook", ParamType::String, "only entries of this playbook"},
    {"objectId", ParamType::String, "only entries for this alert or incident (its InternalID)"},
    {"kind", ParamType::String, "playbook (an instance) or action (one response action of it)"},
    {"status", ParamType::String, "only entries with this status"},
    {"from", ParamType::String, "started at or after this time (RFC 3339)"},
    {"to", ParamType::String, "started before this time (RFC 3339)"},
};

}  // namespace riposte::server
