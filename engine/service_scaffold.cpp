// Scaffold: every operation answers 501 until engine/ implements it (replaced piece by piece).
#pragma GCC diagnostic ignored "-Wunused-parameter"
#include "engine/service.h"

namespace riposte::engine {


Outcome<Created> Service::create_playbook(const Caller& c, const Value& body) {
  return Problem{501, "Not implemented", "create_playbook", {}};
}

Outcome<Value> Service::get_playbook(const Caller& c, std::string_view id) {
  return Problem{501, "Not implemented", "get_playbook", {}};
}

Outcome<Listing> Service::list_playbooks(const Caller& c, const PlaybookQuery& q, const Page& page) {
  return Problem{501, "Not implemented", "list_playbooks", {}};
}

Outcome<Value> Service::update_playbook(const Caller& c, std::string_view id, const Value& body) {
  return Problem{501, "Not implemented", "update_playbook", {}};
}

Outcome<Created> Service::duplicate_playbook(const Caller& c, std::string_view id, const Value& body) {
  return Problem{501, "Not implemented", "duplicate_playbook", {}};
}

Outcome<Listing> Service::playbook_changelog(const Caller& c, std::string_view id, const Page& page) {
  return Problem{501, "Not implemented", "playbook_changelog", {}};
}

Outcome<Value> Service::delete_playbook(const Caller& c, std::string_view id) {
  return Problem{501, "Not implemented", "delete_playbook", {}};
}

Outcome<Listing> Service::find(const Caller& c, const Value& body, const Page& page) {
  return Problem{501, "Not implemented", "find", {}};
}

Outcome<Value> Service::check_trigger(const Caller& c, const Value& body) {
  return Problem{501, "Not implemented", "check_trigger", {}};
}

Outcome<Value> Service::check_algorithm(const Caller& c, const Value& body) {
  return Problem{501, "Not implemented", "check_algorithm", {}};
}

}  // namespace riposte::engine
