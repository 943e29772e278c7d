// Every kind of support/diagnostics.def has a case that produces it: a jq
// program, a trigger or a playbook algorithm of the test data, run through
// the real entry points (compile, check_trigger, check_algorithm), which
// must report that kind with that message.  A kind no input can produce is
// listed in kNotProducible with the reason.  Adding a kind without a case
// (or a reason) fails `EveryKindHasACase`; a case that stops producing its
// kind fails `EachCaseProducesItsKind`.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "compiler/algorithm.h"
#include "compiler/pipeline.h"
#include "engine/body.h"
#include "engine/change_event.h"
#include "value/json.h"
#include "frontend/algorithm/algorithm.h"
#include "support/diagnostics.h"
#include "triggers/check/check_trigger.h"

namespace riposte::support {
namespace {

namespace fs = std::filesystem;

enum class Via {
  Jq,         // compiler::compile with jq's environment
  Bare,       // frontend::compile_to_ir without natives; `prelude` as the jq-defined builtins
  Trigger,    // triggers::check::check_trigger, alert scope
  Algorithm,  // check_algorithm of tests/unit/frontend_algorithm/invalid/<input>.json
  Patch,      // engine::apply_change of <input> (a PATCH body) to a new alert
  Grant,      // a {"tenant", "role"} body read as engine/people.cpp reads one
};

struct Case {
  DiagKind kind;
  Via via;
  std::string input;
  std::string message;  // the exact message of (one of) the diagnostics of that kind
  std::string_view prelude = {};
};

std::string repeat(std::string_view s, size_t n) {
  std::string out;
  for (size_t i = 0; i < n; ++i) out += s;
  return out;
}

const std::vector<Case>& cases() {
  using K = DiagKind;
  static const std::vector<Case> kCases = {
      // ---- jq front end
      {K::UnexpectedToken, Via::Jq, ".a | )", "unexpected token ')'; expected a term"},
      {K::UnexpectedTokenNoHint, Via::Jq, "{a: 1 == 2 == 3}", "unexpected token '=='"},
      {K::InvalidEscape, Via::Jq, "\"a\\qb\"", "invalid escape sequence '\\q' in string literal"},
      {K::UnterminatedString, Via::Jq, "\"abc", "unterminated string literal"},
      {K::InvalidCharacter, Via::Jq, "1 ` 2", "invalid character '`'"},
      {K::InvalidNumber, Via::Jq, "1e", "invalid number literal '1e'"},
      {K::TooDeep, Via::Jq, repeat("[", 13000) + repeat("]", 13000),
       "the program is nested too deeply (more than 12000 levels of the grammar)"},
      {K::TooLarge, Via::Jq, repeat("try ", 201) + "1", "the program is too large (more than 200 `try`)"},
      {K::ModulesUnsupported, Via::Jq, "import \"a\" as a; .", "modules are not supported (import)"},
      {K::UnknownFunction, Via::Jq, "foo(1)", "unknown function foo/1"},
      {K::ForbiddenFunction, Via::Trigger, "env.HOME == \"/root\"",
       "env/0 is not available in a trigger: it reads the server's environment variables"},
      {K::UnknownVariable, Via::Jq, "$x", "undefined variable $x"},
      {K::UnknownLabel, Via::Jq, "break $out", "undefined label $out"},
      {K::MissingBuiltin, Via::Bare, "..", "the standard library lacks recurse/0, needed for '..'"},
      {K::PreludeError, Via::Bare, "f",
       "error in the jq-defined builtins at 1:8: unexpected token ';'; expected a term", "def f: ;"},
      // ---- algorithm validator (the .expect files beside each document pin
      // every diagnostic's position, code and path)
      {K::JsonSyntax, Via::Algorithm, "json_unterminated_string", "malformed JSON: unterminated string"},
      {K::DuplicateKey, Via::Algorithm, "duplicate_key", "duplicate key \"version\" (first given at line 1)"},
      {K::MissingKey, Via::Algorithm, "missing_required_keys", "missing required key \"version\""},
      {K::MissingOneOf, Via::Algorithm, "kill_process_params",
       "one of \"pid\", \"path\", \"md5\", \"sha256\" is required"},
      {K::UnknownKey, Via::Algorithm, "unknown_top_key",
       "unknown key \"playbookRunTimout\"; did you mean \"playbookRunTimeout\"?"},
      {K::WrongType, Via::Algorithm, "root_not_object", "expected an object, found an array"},
      {K::Empty, Via::Algorithm, "execution_flow_empty", "must not be empty"},
      {K::UnsupportedVersion, Via::Algorithm, "dsl_version_major_2",
       "dslSpecVersion \"2.0.0\" is not supported: expected 1.x.y, such as \"1.0.0\""},
      {K::BadVersion, Via::Algorithm, "dsl_version_not_semver",
       "\"1.0\" is not a version: expected MAJOR.MINOR.PATCH, such as \"1.0.0\""},
      {K::InvalidDuration, Via::Algorithm, "run_timeout_not_duration",
       "invalid duration \"90\": missing unit (ns, us, ms, s, m or h)"},
      {K::DurationRange, Via::Algorithm, "run_timeout_over_48h",
       "duration \"48h1m\" is out of range: at most 48h"},
      {K::InvalidValue, Via::Algorithm, "input_type_invalid",
       "invalid value \"event\"; expected \"alert\" or \"incident\""},
      {K::OutOfRange, Via::Algorithm, "net_isolate_period",
       "3599 is out of range: expected 3600 to 35996400"},
      {K::NoStepKind, Via::Algorithm, "step_empty_object",
       "a step needs one of responseAction, split, scatter-gather, switch, updateData"},
      {K::TwoStepKinds, Via::Algorithm, "step_two_kinds",
       "a step has exactly one kind, but \"switch\" follows \"updateData\""},
      {K::DuplicateBranch, Via::Algorithm, "scatter_duplicate_branch",
       "branch name \"scan\" is already used at line 2"},
      {K::DuplicateTimeout, Via::Algorithm, "timeouts_duplicate_name",
       "timeout policy \"fast\" is already defined at line 2"},
      {K::UnknownTimeout, Via::Algorithm, "unknown_timeout_policy",
       "timeout policy \"fats\" is not defined in \"timeouts\""},
      {K::UnknownAction, Via::Algorithm, "unknown_action_type",
       "unknown response action type \"killProces\"; did you mean \"killProcess\"?"},
      {K::AssetsRequired, Via::Algorithm, "assets_required",
       "response action killProcess acts on hosts: \"assets\" is required"},
      {K::AssetsForbidden, Via::Algorithm, "assets_forbidden",
       "response action executeCustomScript takes no assets: remove \"assets\""},
      {K::ConflictingKeys, Via::Algorithm, "quarantine_rules",
       "\"md5\" and \"sha256\" exclude each other: give one of \"md5\", \"sha256\""},
      {K::InvalidHash, Via::Algorithm, "invalid_hashes",
       "\"xyz\" is not an MD5 hash: expected 32 hexadecimal digits"},
      {K::InvalidAddress, Via::Algorithm, "net_isolate_exclusions",
       "\"192.168.2.256\" is not a valid IPv4 address"},
      {K::InvalidPortRange, Via::Algorithm, "net_isolate_exclusions",
       "invalid port range \"2000-1000\": expected a port 1-65535 or \"FROM-TO\""},
      {K::Template, Via::Algorithm, "template_unterminated", "empty ${} expression"},
      {K::NotWholeExpression, Via::Algorithm, "params_wrong_type",
       "expected an object or one ${...} expression, found text around the expression"},
      {K::MissingWhen, Via::Algorithm, "avscan_scope", "\"path\" is required when \"area\" is \"selective\""},
      // ---- riposte check of a trigger
      {K::UnknownField, Via::Trigger, ".Serverity == \"high\"",
       "unknown field Serverity in the alert data model; did you mean Severity?"},
      {K::HeavyField, Via::Trigger, ".OriginalEvents | length > 1",
       "the trigger reads OriginalEvents, a heavy field: reading OriginalEvents, Observables, Extra or "
       "Alerts in a "
       "trigger is not recommended (they are large and slow down every evaluation)"},
      {K::SeveralValues, Via::Trigger, ".Assets[] | .Name == \"x\"",
       "a trigger must yield exactly one value, but this one can yield several (one per element the iterator "
       "visits); wrap the iterator and test the results: [ ... ] | any"},
      {K::NoValue, Via::Trigger, "empty",
       "a trigger must yield exactly one value, but this one never yields any"},
      {K::NonBoolean, Via::Trigger, "[.Severity == \"high\"]",
       "trigger must yield a boolean, got array (an array is always truthy; to test its elements write [ ... "
       "] | "
       "any)"},
      // ---- request bodies of the engine's API (engine/body.h)
      {K::RequestUnknownField, Via::Patch, R"({"manual": true, "Stauts": "closed"})",
       R"(unknown field; expected one of "manual", "comment", "Status", "StatusResolution", "Assignee", )"
       R"("IncidentLinkType", "IncidentID", "ExternalReference", "AdditionalData")"},
      {K::RequestWrongType, Via::Patch, R"({"manual": "yes"})", "expected a boolean, got a string"},
      {K::RequestMissingField, Via::Grant, R"({"role": "observer"})", "required"},
      {K::RequestInvalidValue, Via::Patch, R"({"Status": "done"})", "must be one of new, inProgress, closed"},
  };
  return kCases;
}

// Kinds no input reaches, each with the reason.
struct NotProducible {
  DiagKind kind;
  std::string_view reason;
};
constexpr NotProducible kNotProducible[] = {
    {DiagKind::IrVerify,
     "the IR verifier rejects IR the lowering and the passes never build (a compiler bug); "
     "tests/unit/ir/verifier_test.cpp feeds it broken IR directly"},
};

std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

std::vector<Diagnostic> produce(const Case& c) {
  switch (c.via) {
    case Via::Jq:
      return compiler::compile(c.input, compiler::CompileOptions{}).diagnostics;
    case Via::Bare: {
      frontend::LowerOptions opt;
      opt.prelude = c.prelude;
      return frontend::compile_to_ir(c.input, opt).diagnostics;
    }
    case Via::Trigger:
      return triggers::check::check_trigger(c.input, triggers::Scope::Alert);
    case Via::Patch: {
      Value patch;
      JsonError err;
      EXPECT_TRUE(parse_json(c.input, patch, err)) << err.message;
      Value alert = Value::object();
      alert.set("Status", Value::string("new"));
      auto applied = engine::apply_change(store::ObjectKind::Alert, alert, patch, "2026-12-04T00:00:00.000Z");
      return applied.ok() ? std::vector<Diagnostic>{} : applied.problem().errors;
    }
    case Via::Grant: {
      Value body;
      JsonError err;
      EXPECT_TRUE(parse_json(c.input, body, err)) << err.message;
      engine::BodyReader r(body, "roles[0]");
      r.string("tenant", engine::Need::Required);
      r.string("role", engine::Need::Required);
      auto p = r.finish();
      return p ? p->errors : std::vector<Diagnostic>{};
    }
    case Via::Algorithm: {
      fs::path file =
          fs::path(RIPOSTE_SOURCE_DIR) / "tests/unit/frontend_algorithm/invalid" / (c.input + ".json");
      std::string text = read(file);
      EXPECT_FALSE(text.empty()) << file;
      return frontend::algorithm::check_algorithm(text, compiler::algorithm_check_options()).diagnostics;
    }
  }
  return {};
}

TEST(DiagnosticsCoverage, EveryKindHasACase) {
  std::set<DiagKind> covered;
  for (const Case& c : cases()) covered.insert(c.kind);
  for (const NotProducible& n : kNotProducible) {
    EXPECT_FALSE(covered.count(n.kind)) << info(n.kind).name << " has a case and is listed as not producible";
    EXPECT_FALSE(n.reason.empty());
    covered.insert(n.kind);
  }
  for (size_t i = 0; i < kKinds.size(); ++i) {
    const KindInfo& k = kKinds[i];
    EXPECT_TRUE(covered.count(static_cast<DiagKind>(i)))
        << "diagnostic kind " << k.name << " (code " << k.code << ", \"" << k.format
        << "\") has no case that produces it: add one to cases() in " << __FILE__
        << " (or, if no input can produce it, to kNotProducible with the reason)";
  }
}

class Produces : public ::testing::TestWithParam<size_t> {};

TEST_P(Produces, ItsKind) {
  const Case& c = cases()[GetParam()];
  std::vector<Diagnostic> diags = produce(c);
  std::string seen;
  bool found = false;
  for (const Diagnostic& d : diags) {
    if (d.kind == c.kind && d.message == c.message) found = true;
    seen += "\n  " + std::string(info(d.kind).name) + " (" + std::string(d.code) + "): " + d.message;
  }
  EXPECT_TRUE(found) << "expected " << info(c.kind).name << ": " << c.message << "\nfrom "
                     << c.input.substr(0, 80) << "\ngot:" << (seen.empty() ? " nothing" : seen);
  for (const Diagnostic& d : diags) {
    if (d.kind != c.kind) continue;
    EXPECT_EQ(d.code, info(c.kind).code);
    EXPECT_EQ(d.severity, info(c.kind).severity);
  }
}

std::string case_name(const ::testing::TestParamInfo<size_t>& p) {
  return std::string(info(cases()[p.param].kind).name);
}

std::vector<size_t> case_indices() {
  std::vector<size_t> out(cases().size());
  for (size_t i = 0; i < out.size(); ++i) out[i] = i;
  return out;
}

INSTANTIATE_TEST_SUITE_P(EachCase, Produces, ::testing::ValuesIn(case_indices()), case_name);

}  // namespace
}  // namespace riposte::support
