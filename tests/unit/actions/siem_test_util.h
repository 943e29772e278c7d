// Helpers of the actions/siem/ tests: a SIEM binding made from a --config
// text and an engine port, and an EnginePort that records what it is given.
#pragma once

#include <gtest/gtest.h>

#include <mutex>
#include <string>
#include <vector>

#include "actions/bindings.h"
#include "actions/engine_port.h"
#include "tests/unit/actions/actions_test_util.h"

namespace riposte::actions::testing {

// Records index_documents calls; answers as the real port does ({"appended": n}).
class RecordingPort : public EnginePort {
 public:
  struct IndexCall {
    std::string key, index, documents;
    bool update;
    std::string field;
    CallContext ctx;
  };
  std::optional<std::string> incident;
  std::string refuse;  // non-empty: index_documents fails with it

  PortReply create_incident(const CallContext&, std::string_view, const std::string&) override { return {}; }
  PortReply edit_object(const CallContext&, std::string_view, std::string_view, std::string_view,
                        const std::string&) override {
    return {};
  }
  PortReply launch_playbook(const CallContext&, std::string_view, std::string_view,
                            const std::string&) override {
    return {};
  }
  PortReply index_documents(const CallContext& ctx, std::string_view key, std::string_view index,
                            const std::string& documents, bool update, std::string_view field) override {
    std::lock_guard lock(mu_);
    calls_.push_back({std::string(key), std::string(index), documents, update, std::string(field), ctx});
    if (!refuse.empty()) return {.ok = false, .error = refuse};
    return {.ok = true, .result_json = R"({"appended": 1, "updated": 0})"};
  }
  std::optional<std::string> incident_created_by(const CallContext&) override { return incident; }

  std::vector<IndexCall> calls() const {
    std::lock_guard lock(mu_);
    return calls_;
  }

 private:
  mutable std::mutex mu_;
  std::vector<IndexCall> calls_;
};

struct SiemBinding {
  BindingContext context;
  std::unique_ptr<Binding> binding;
  Outcome call(Call c) const { return binding->invoke(c); }
};

inline SiemBinding siem_binding(std::string_view type, std::string_view config_json = "{}",
                                EnginePort* engine = nullptr) {
  config::ActionConfigResult parsed = config::parse_action_config_json(config_json);
  EXPECT_EQ(parsed.error, "") << config_json;
  SiemBinding b;
  b.context.config = parsed.config ? parsed.config : std::make_shared<const config::ActionConfig>();
  b.context.engine = engine;
  const ActionSchema* schema = find_action(type);
  EXPECT_NE(schema, nullptr) << type;
  b.binding = siem::make_siem_bindings(*schema, b.context);
  EXPECT_NE(b.binding, nullptr) << type;
  return b;
}

}  // namespace riposte::actions::testing
