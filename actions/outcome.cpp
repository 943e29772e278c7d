// Outcome constructors and the names of statuses and failures.
#include "actions/binding.h"

namespace riposte::actions {

std::string_view status_name(Status s) {
  switch (s) {
    case Status::Success: return "Success";
    case Status::Warning: return "Warning";
    case Status::Error: return "Error";
  }
  return "Error";
}

std::string_view failure_name(Failure f) {
  switch (f) {
    case Failure::None: return "none";
    case Failure::Action: return "action";
    case Failure::Timeout: return "timeout";
    case Failure::Cancelled: return "cancelled";
    case Failure::BadCall: return "bad-call";
    case Failure::Unbound: return "unbound";
  }
  return "action";
}

Outcome Outcome::success(Value result) {
  Outcome o;
  o.result = std::move(result);
  return o;
}

Outcome Outcome::warning(Value result, std::string message) {
  Outcome o;
  o.status = Status::Warning;
  o.result = std::move(result);
  o.message = std::move(message);
  return o;
}

Outcome Outcome::error(Failure failure, std::string message, Value result) {
  Outcome o;
  o.status = Status::Error;
  o.failure = failure;
  o.message = std::move(message);
  o.result = std::move(result);
  return o;
}

}  // namespace riposte::actions
