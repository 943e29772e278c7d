// The trigger checks (see cmd_check_trigger.h).  The front end reports
// what stops compilation; the rest comes from the IR analyses
// (ir/analysis): field accesses checked against the embedded data model,
// and the shape (cardinality, types) of the program's result.
#include "triggers/check/check_trigger.h"

#include <algorithm>
#include <set>
#include <tuple>

#include "frontend/frontend.h"
#include "ir/analysis/field_access.h"
#include "ir/analysis/shape.h"
#include "triggers/check/model.h"
#include "triggers/check/span.h"
#include "triggers/check/suggest.h"

namespace riposte::triggers::check {
namespace {

namespace an = ir::analysis;

constexpr std::string_view kEventRoot = "event";

// The roots of field paths: `.` and `alert`/`incident` read the scope's
// object; `event` reads the change event.
an::FieldRoots field_roots(const ir::Module& m) {
  an::FieldRoots roots;
  for (ir::VarId id : m.globals) {
    if (m.vars[id] == kEventGlobal) roots.globals.emplace_back(id, std::string(kEventRoot));
    if (m.vars[id] == kObjectGlobal) roots.globals.emplace_back(id, "");
  }
  return roots;
}

struct ModelRoot {
  SchemaNode schema;
  std::string_view label;  // "alert", "incident", "change event"
};

ModelRoot model_root(const DataModel& model, const an::FieldPath& p, Scope scope) {
  if (p.root == kEventRoot) return {model.definition("changeEvent"), "change event"};
  std::string_view name = scope_name(scope);
  return {model.definition(name), name};
}

// The schema of the object a path's last member is read from, or null when
// the model does not know it (an earlier unknown or open member).
SchemaNode parent_schema(const DataModel& model, SchemaNode node, const an::FieldPath& p) {
  for (size_t i = 0; node && i + 1 < p.segments.size(); ++i) {
    if (p.segments[i] == "[]") {
      node = model.element(node);
      continue;
    }
    Member m = model.member(node, p.segments[i]);
    node = m.kind == MemberKind::Known ? m.schema : nullptr;
  }
  return node;
}

// "Serverity", or "Nmae of Assets[]" for a nested member.
std::string field_label(const an::FieldPath& p) {
  an::FieldPath parent{"", {p.segments.begin(), p.segments.end() - 1}};
  std::string out = p.segments.back();
  if (!parent.segments.empty()) out += " of " + an::to_string(parent);
  return out;
}

class TriggerChecker {
 public:
  TriggerChecker(std::string_view text, Scope scope) : text_(text), scope_(scope) {}

  void check_fields(const ir::Module& m, std::vector<support::Diagnostic>& out) {
    const DataModel& model = DataModel::embedded();
    std::set<std::string> heavy_seen;
    for (const an::FieldAccess& a : an::collect_field_accesses(m, field_roots(m))) {
      if (a.path.segments.empty() || a.path.segments.back() == "[]") continue;
      ModelRoot root = model_root(model, a.path, scope_);
      SchemaNode parent = parent_schema(model, root.schema, a.path);
      if (!parent) continue;
      const std::string& name = a.path.segments.back();
      Member member = model.member(parent, name);
      support::Span at = key_span(text_, a.loc, name);
      if (member.kind == MemberKind::Unknown) {
        std::string guess = closest_name(name, model.member_names(parent));
        std::string hint = guess.empty() ? "" : "; did you mean " + guess + "?";
        out.push_back(support::emit(support::diag::UnknownField, at, field_label(a.path), root.label, hint));
      } else if (member.kind == MemberKind::Known && model.heavy(member.schema) && heavy_seen.insert(name).second) {
        out.push_back(support::emit(support::diag::HeavyField, at, name));
      }
    }
  }

  void check_result(const ir::Module& m, std::vector<support::Diagnostic>& out) {
    an::Shape shape = an::infer_shape(m);
    if (shape.card.max == 0) {
      out.push_back(support::emit(support::diag::NoValue, result_span(text_, *m.main)));
      return;
    }
    if (shape.card.can_many) {
      const ir::Node* w = shape.card.witness;
      support::Span at = w ? witness_span(text_, *w) : result_span(text_, *m.main);
      std::string why = w && w->kind == ir::NodeKind::Comma ? "`,` yields the values of both sides"
                                                            : "one per element the iterator visits";
      out.push_back(support::emit(support::diag::SeveralValues, at, why));
    }
    constexpr an::TypeSet kTriggerResults = an::kNull | an::kBool;
    if (shape.types != an::kNoType && !(shape.types & kTriggerResults)) {
      std::string hint = shape.types == an::kArray
                             ? " (an array is always truthy; to test its elements write [ ... ] | any)"
                             : "";
      out.push_back(support::emit(support::diag::NonBoolean, result_span(text_, *m.main),
                                  an::type_names(shape.types), hint));
    }
  }

 private:
  std::string_view text_;
  Scope scope_;
};

void sort_by_position(std::vector<support::Diagnostic>& diags) {
  std::stable_sort(diags.begin(), diags.end(), [](const support::Diagnostic& a, const support::Diagnostic& b) {
    return std::tie(a.span.line, a.span.column) < std::tie(b.span.line, b.span.column);
  });
}

}  // namespace

std::vector<support::Diagnostic> check_trigger(std::string_view text, Scope scope, std::string_view file) {
  frontend::LowerResult lowered = frontend::compile_to_ir(text, trigger_lower_options(scope), file);
  std::vector<support::Diagnostic> out = std::move(lowered.diagnostics);
  if (lowered.module && lowered.module->main) {
    TriggerChecker checker(text, scope);
    checker.check_fields(*lowered.module, out);
    checker.check_result(*lowered.module, out);
  }
  sort_by_position(out);
  return out;
}

bool has_errors(const std::vector<support::Diagnostic>& diags) {
  return std::any_of(diags.begin(), diags.end(),
                     [](const support::Diagnostic& d) { return d.severity == support::Severity::Error; });
}

}  // namespace riposte::triggers::check
