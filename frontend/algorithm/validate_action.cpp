// The responseAction step (algorithm.md, "responseAction"): the function
// and its assets, timeouts, manual approval, onError, filterProduct.  The
// parameters are checked against the action's schema in param_check.cpp.
#include <fmt/format.h>

#include "frontend/algorithm/checker.h"
#include "frontend/algorithm/duration.h"

namespace riposte::frontend::algorithm {
namespace {

constexpr Field kResponseAction[] = {
    {"function", true, &Checker::check_function},
    {"filterProduct", false, &Checker::check_filter_product},
    {"output", false, &Checker::check_output},
    {"timeout", false, &Checker::check_step_timeout},
    {"manualApprove", false, &Checker::check_manual_approve},
    {"onError", false, &Checker::check_on_error},
};

constexpr Field kFunction[] = {
    {"type", true, &Checker::check_function_type},
    {"params", false, &Checker::check_params_value},
    {"assets", false, &Checker::check_assets},
};

constexpr Field kInlineTimeout[] = {{"scheduleToCloseTimeout", true, &Checker::check_schedule_to_close}};

constexpr Field kManualApprove[] = {
    {"timeout", false, &Checker::check_approve_timeout},
    {"emailNotifications", false, &Checker::check_email_notifications},
};

constexpr Field kEmailNotifications[] = {
    {"enabled", false, &Checker::check_bool},
    {"delay", false, &Checker::check_email_delay},
};

constexpr Field kFilterProduct[] = {
    {"allowed", false, &Checker::check_string_list},
    {"restricted", false, &Checker::check_string_list},
};

constexpr std::string_view kOnError[] = {"stop", "continue"};

const JsonMember* member(const JsonNode& n, std::string_view key) {
  for (const JsonMember& m : n.members)
    if (m.key == key) return &m;
  return nullptr;
}

}  // namespace

void Checker::check_response_action(const JsonNode& n, const std::string& path) {
  check_object(n, path, kResponseAction);
}

void Checker::check_function(const JsonNode& n, const std::string& path) {
  const JsonNode* type = n.is(JsonKind::Object) ? n.find("type") : nullptr;
  current_action_ = type && type->is(JsonKind::String) ? find_action(type->text) : nullptr;
  if (!check_object(n, path, kFunction) || !current_action_) return;
  const ActionSchema& action = *current_action_;
  const JsonMember* assets = member(n, "assets");
  if (action.assets != AssetKind::None && !assets)
    report(diag::AssetsRequired, child_path(path, "assets"), n.begin, n.begin + 1, action.type,
           describe(action.assets));
  if (action.assets == AssetKind::None && assets)
    report(diag::AssetsForbidden, child_path(path, "assets"), assets->key_begin, assets->key_end, action.type);
  if (!n.find("params")) {
    for (const ParamSpec& p : action.params)
      if (p.required)
        report(diag::MissingKey, child_path(child_path(path, "params"), p.name), n.begin, n.begin + 1,
               "params." + std::string(p.name));
  }
  current_action_ = nullptr;
}

void Checker::check_function_type(const JsonNode& n, const std::string& path) {
  if (!check_non_empty_string(n, path) || find_action(n.text)) return;
  std::vector<std::string_view> names;
  for (const ActionSchema& a : all_actions()) names.push_back(a.type);
  std::string hint = did_you_mean(n.text, names);
  report_at(diag::UnknownAction, path, n, n.text, hint);
}

// `[ "id", ... ]` or one `${...}` yielding that array.
void Checker::check_assets(const JsonNode& n, const std::string& path) {
  if (n.is(JsonKind::String)) {
    if (!is_dynamic(n, path)) report_at(diag::NotWholeExpression, path, n, "an array of asset IDs");
    return;
  }
  check_list(n, path, [&](const JsonNode& id, const std::string& id_path) {
    if (id.is(JsonKind::String)) check_template(id, id_path);
    check_non_empty_string(id, id_path);
  });
}

// An object checked against the action's schema, or one `${...}`.
void Checker::check_params_value(const JsonNode& n, const std::string& path) {
  if (n.is(JsonKind::String)) {
    if (!is_dynamic(n, path)) report_at(diag::NotWholeExpression, path, n, "an object");
    return;
  }
  if (!expect(n, JsonKind::Object, path)) return;
  if (current_action_) check_params(n, path, *current_action_);
  else check_any_templates(n, path);
}

// A policy name from "timeouts" ("default" always exists) or an inline policy.
void Checker::check_step_timeout(const JsonNode& n, const std::string& path) {
  if (n.is(JsonKind::String)) {
    if (n.text != "default" && !policies_.count(n.text)) report_at(diag::UnknownTimeout, path, n, n.text);
    return;
  }
  if (!n.is(JsonKind::Object)) {
    report_at(diag::WrongType, path, n, "a timeout policy name or an object", describe(n.kind));
    return;
  }
  check_object(n, path, kInlineTimeout);
}

void Checker::check_manual_approve(const JsonNode& n, const std::string& path) {
  if (n.is(JsonKind::Bool)) return;
  if (!n.is(JsonKind::Object)) {
    report_at(diag::WrongType, path, n, "a boolean or an object", describe(n.kind));
    return;
  }
  check_object(n, path, kManualApprove);
}

void Checker::check_approve_timeout(const JsonNode& n, const std::string& path) {
  check_duration(n, path, DurationBounds{10 * kMinute, 180 * kMinute});
}

void Checker::check_email_notifications(const JsonNode& n, const std::string& path) {
  check_object(n, path, kEmailNotifications);
}

void Checker::check_email_delay(const JsonNode& n, const std::string& path) {
  check_duration(n, path, DurationBounds{5 * kMinute, 30 * kMinute});
}

void Checker::check_on_error(const JsonNode& n, const std::string& path) { check_enum(n, path, kOnError); }

void Checker::check_filter_product(const JsonNode& n, const std::string& path) {
  check_object(n, path, kFilterProduct);
}

void Checker::check_string_list(const JsonNode& n, const std::string& path) {
  check_list(n, path, [&](const JsonNode& s, const std::string& s_path) { check_non_empty_string(s, s_path); });
}

}  // namespace riposte::frontend::algorithm
