// Engine answers to HTTP answers: values and listings as application/json,
// problems as application/problem+json (RFC 9457, rendered by
// support::render_problem_json with the diagnostics of a trigger or an
// algorithm in "errors").
#pragma once

#include <string>
#include <string_view>

#include "engine/outcome.h"
#include "engine/service.h"
#include "server/routes.h"
#include "value/value.h"

namespace riposte::server {

// The reason phrase of a status code ("Not Found"); "Error" for one it does not know.
std::string_view reason_phrase(int status);

Reply json_reply(int status, const Value& body);
// A problem; an empty title becomes the reason phrase of its status.
Reply problem_reply(const engine::Problem& problem);
Reply problem_reply(int status, std::string detail);

// {"items": [...], "next": "<cursor>" | null}
Value listing_json(const engine::Listing& listing);

// An Outcome: its value with `status`, or its problem.
Reply value_reply(const engine::Outcome<Value>& outcome, int status = 200);
// Created: its own status (201 for one object, 200 for a batch, as the
// engine sets) and body; a replayed answer carries Idempotent-Replayed: true.
Reply created_reply(const engine::Outcome<engine::Created>& outcome);
Reply listing_reply(const engine::Outcome<engine::Listing>& outcome);

}  // namespace riposte::server
