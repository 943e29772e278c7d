// The change events of data-model.md derived from PATCH bodies
// (engine/change_event.h): one row per rule, the object before, the
// change, and either the operations raised or the refusal (status and the
// JSON path of the first error).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "engine/change_event.h"
#include "value/json.h"

namespace riposte::engine {
namespace {

using store::ObjectKind;

struct Row {
  const char* name;
  ObjectKind kind;
  const char* before;
  const char* patch;
  std::vector<std::string> operations;  // when accepted
  int status = 0;                       // when refused
  const char* path = "";                // of the first error, when refused
};

const Row kRows[] = {
    {"new_to_in_progress", ObjectKind::Alert, R"({"Status":"new"})", R"({"Status":"inProgress","manual":true})",
     {"alertChangedToInProgress"}},
    {"to_new", ObjectKind::Alert, R"({"Status":"inProgress"})", R"({"Status":"new"})", {"alertChangedToNew"}},
    {"close", ObjectKind::Alert, R"({"Status":"inProgress"})",
     R"({"Status":"closed","StatusResolution":"falsePositive"})", {"alertChangedToClosed"}},
    {"reopen", ObjectKind::Alert, R"({"Status":"closed"})", R"({"Status":"new"})",
     {"alertReopened", "alertChangedToNew"}},
    {"same_status_no_event", ObjectKind::Alert, R"({"Status":"new"})", R"({"Status":"new"})", {}},
    {"assign", ObjectKind::Alert, R"({"Status":"new"})", R"({"Assignee":[{"ID":"u1","Name":"Ann"}]})",
     {"alertAssigned"}},
    {"unassign", ObjectKind::Alert, R"({"Status":"new","Assignee":[{"ID":"u1"}]})", R"({"Assignee":null})",
     {"alertUnassigned"}},
    {"unassign_nobody", ObjectKind::Alert, R"({"Status":"new"})", R"({"Assignee":[]})", {}},
    {"link_manual", ObjectKind::Alert, R"({"Status":"new"})", R"({"IncidentID":"i-1"})",
     {"alertLinkedWithIncidentManually"}},
    {"link_system", ObjectKind::Alert, R"({"Status":"new"})", R"({"IncidentID":"i-1","IncidentLinkType":"auto"})",
     {"alertLinkedWithIncidentBySystem"}},
    {"unlink", ObjectKind::Alert, R"({"Status":"inIncident","IncidentID":"i-1"})", R"({"IncidentID":null})",
     {"alertUnlinkedFromIncident"}},
    {"external_reference", ObjectKind::Alert, R"({"Status":"new"})", R"({"ExternalReference":"JIRA-1"})",
     {"alertExternalReferenceChanged"}},
    {"additional_data", ObjectKind::Alert, R"({"Status":"new"})", R"({"AdditionalData":{"k":1}})",
     {"alertAdditionalDataChanged"}},
    {"comment", ObjectKind::Alert, R"({"Status":"new"})", R"({"comment":"looked at it"})", {"alertCommentAdded"}},
    {"several", ObjectKind::Alert, R"({"Status":"new"})",
     R"({"Status":"inProgress","Assignee":[{"ID":"u1"}],"comment":"mine"})",
     {"alertChangedToInProgress", "alertAssigned", "alertCommentAdded"}},
    {"closed_is_frozen", ObjectKind::Alert, R"({"Status":"closed"})", R"({"comment":"late"})", {}, 409},
    {"unknown_field", ObjectKind::Alert, R"({"Status":"new"})", R"({"Sttaus":"new"})", {}, 400, "Sttaus"},
    {"wrong_type", ObjectKind::Alert, R"({"Status":"new"})", R"({"manual":1})", {}, 400, "manual"},
    {"bad_status", ObjectKind::Alert, R"({"Status":"new"})", R"({"Status":"inIncident"})", {}, 422, "Status"},
    {"bad_assignee", ObjectKind::Alert, R"({"Status":"new"})", R"({"Assignee":[{"Name":"x"}]})", {}, 400,
     "Assignee[0]"},
    {"link_type_alone", ObjectKind::Alert, R"({"Status":"new"})", R"({"IncidentLinkType":"auto"})", {}, 422,
     "IncidentLinkType"},
    {"not_an_object", ObjectKind::Alert, R"({"Status":"new"})", R"([1])", {}, 400, ""},
    {"incident_status", ObjectKind::Incident, R"({"Status":"open"})", R"({"Status":"hold"})",
     {"incidentStatusChanged"}},
    {"incident_reopen", ObjectKind::Incident, R"({"Status":"closed"})", R"({"Status":"inProgress"})",
     {"incidentReopened", "incidentStatusChanged"}},
    {"incident_priority", ObjectKind::Incident, R"({"Status":"open","Priority":"low"})", R"({"Priority":"high"})",
     {"incidentPriorityChanged"}},
    {"incident_assign", ObjectKind::Incident, R"({"Status":"open"})", R"({"Assignee":{"ID":"u2","Name":"Bo"}})",
     {"incidentAssigned"}},
    {"incident_unassign", ObjectKind::Incident, R"({"Status":"open","Assignee":{"ID":"u2"}})",
     R"({"Assignee":null})", {"incidentUnassigned"}},
    {"incident_alerts_added", ObjectKind::Incident, R"({"Status":"open"})",
     R"({"addAlerts":[{"InternalID":"a1"}]})", {"incidentAlertsAdded"}},
    {"incident_alerts_removed", ObjectKind::Incident, R"({"Status":"open","Alerts":[{"InternalID":"a1"}]})",
     R"({"removeAlerts":["a1"]})", {"incidentAlertsRemoved"}},
    {"incident_remove_absent", ObjectKind::Incident, R"({"Status":"open","Alerts":[{"InternalID":"a1"}]})",
     R"({"removeAlerts":["zz"]})", {}},
    {"incident_external_reference", ObjectKind::Incident, R"({"Status":"open"})",
     R"({"ExternalReference":"T-9"})", {"incidentExternalReferenceChanged"}},
    {"incident_additional_data", ObjectKind::Incident, R"({"Status":"open"})", R"({"AdditionalData":{}})",
     {"incidentAdditionalDataChanged"}},
    {"incident_comment", ObjectKind::Incident, R"({"Status":"open"})", R"({"comment":"c"})",
     {"incidentCommentAdded"}},
    {"incident_bad_status", ObjectKind::Incident, R"({"Status":"open"})", R"({"Status":"new"})", {}, 422, "Status"},
    {"incident_alert_field", ObjectKind::Incident, R"({"Status":"open"})", R"({"IncidentID":"x"})", {}, 400,
     "IncidentID"},
};

Value json(const char* text) {
  Value v;
  JsonError err;
  EXPECT_TRUE(parse_json(text, v, err)) << text << ": " << err.message;
  return v;
}

class ChangeEvents : public ::testing::TestWithParam<Row> {};

TEST_P(ChangeEvents, Rule) {
  const Row& row = GetParam();
  auto out = apply_change(row.kind, json(row.before), json(row.patch), "2026-12-04T10:00:00.000Z");
  if (row.status) {
    ASSERT_FALSE(out.ok()) << "accepted, operations " << out.value().operations.size();
    EXPECT_EQ(out.problem().status, row.status) << out.problem().detail;
    if (*row.path) {
      ASSERT_FALSE(out.problem().errors.empty()) << out.problem().detail;
      EXPECT_EQ(out.problem().errors.front().path.value_or("<none>"), row.path) << out.problem().detail;
    }
    return;
  }
  ASSERT_TRUE(out.ok()) << out.problem().status << " " << out.problem().detail;
  EXPECT_EQ(out.value().operations, row.operations);
  const Value* updated = out.value().object.find("UpdatedAt");
  if (row.operations.empty()) EXPECT_EQ(updated, nullptr) << "an edit that changes nothing touched UpdatedAt";
  else ASSERT_NE(updated, nullptr);
}

INSTANTIATE_TEST_SUITE_P(Table, ChangeEvents, ::testing::ValuesIn(kRows),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(ChangeEvents, StatusChangeStampsTimeAndEventShape) {
  auto out = apply_change(ObjectKind::Alert, json(R"({"Status":"new"})"), json(R"({"Status":"closed","manual":true})"),
                          "2026-12-04T10:00:00.000Z");
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(out.value().object.find("StatusChangedAt")->str(), "2026-12-04T10:00:00.000Z");
  EXPECT_EQ(to_json(change_event(out.value().manual, out.value().operations)),
            R"({"manual":true,"updateOperations":["alertChangedToClosed"]})");
}

}  // namespace
}  // namespace riposte::engine
