// The environment a trigger is compiled and run in: jq's builtins (the same
// natives and prelude as `riposte jq`) plus the trigger functions of
// ../shared/spec/triggers.md:
//   event              the change event that caused the evaluation, or null
//   alert | incident   the launching object (the name follows the scope)
// They are 0-arity functions reading globals the host binds (frontend's
// GlobalFunction), so a trigger's own `def event: ...;` shadows them as in
// gojq, and `$event` stays an unknown variable.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/environment.h"
#include "frontend/frontend.h"
#include "ir/analysis/input_projection.h"
#include "ir/ir.h"
#include "value/json.h"
#include "value/value.h"

namespace riposte::triggers {

enum class Scope { Alert, Incident };

std::string_view scope_name(Scope s);  // "alert" | "incident"
std::optional<Scope> parse_scope(std::string_view name);

// Globals behind the trigger functions (compiler/environment.h).
inline constexpr std::string_view kEventGlobal = compiler::kEventGlobal;
inline constexpr std::string_view kObjectGlobal = compiler::kTriggerObjectGlobal;

// The environment of a trigger of `scope` (compiler/environment.h): the
// natives a tenant's program may call, `event` and the scope's object
// function (`alert` or `incident`; the other one is an unknown function, as
// for the gojq oracle).
compiler::Environment trigger_environment(Scope scope);
frontend::LowerOptions trigger_lower_options(Scope scope);

// Values for vm::Program::run, in the order of m.globals: the event, the
// launching object, $ARGS (empty) and null for anything else.
std::vector<Value> trigger_globals(const ir::Module& m, const Value& object, const Value& event);
// The same into `out` (cleared first), so that a caller evaluating many
// triggers reuses one vector.
void trigger_globals(const ir::Module& m, const Value& object, const Value& event, std::vector<Value>& out);

// True when the compiled module reads the change event: a call of the
// trigger function `event` survives in its IR (a user's own `def event`
// does not count).
bool calls_event(const ir::Module& m);

// What the compiled module can observe of the launching object (`.`, and
// `alert` or `incident`): ir/analysis/input_projection.h.
ir::analysis::InputProjection object_projection(const ir::Module& m);
// The same as what the JSON reader builds of each alert (value/json.h).
JsonProjection json_projection(const ir::analysis::InputProjection& p);

// The rule that decides whether a trigger is evaluated on a manual change:
// true when the text holds `event` as a token not preceded by `.`, `$` or a
// word character (so `.event`, `$event`, `myevent`, `events` do not count,
// but a string "new event", a comment or `def event` do).  This is the
// reference oracle's rule (diff_match), kept textual so that results agree
// with it exactly; it errs towards evaluating the trigger.
bool mentions_event(std::string_view text);

}  // namespace riposte::triggers
