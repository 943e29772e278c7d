// The constant folder handed to ir::optimize: it evaluates operators and
// pure natives with the very code the VM runs, on constants kept as JSON.
#include <bit>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "compiler/pipeline.h"
#include "stdlib/natives.h"
#include "value/json.h"
#include "value/ops.h"

namespace riposte::compiler {
namespace {

// Folding must not turn a small program into a huge one (`"x" * 1e8`) nor
// spend long at compile time: bigger results stay run-time work.
constexpr size_t kMaxFoldedJson = 4096;
constexpr size_t kMaxFoldBytes = 1 << 20;

bool charge_for_fold(stdlib::NativeCtx&, size_t bytes) {
  return bytes <= kMaxFoldBytes;
}

std::optional<Value> parse_constant(std::string_view json) {
  Value v;
  JsonError err;
  if (!parse_json(json, v, err)) return std::nullopt;
  return v;
}

// True when `a` and `b` are the same value with the same number
// representations (int vs float vs big integer, bit for bit).
bool same_representation(const Value& a, const Value& b) {
  if (a.kind() != b.kind()) return false;
  switch (a.kind()) {
    case Kind::Number:
      if (a.is_double() != b.is_double() || a.is_int() != b.is_int()) return false;
      if (a.is_double())
        return std::bit_cast<uint64_t>(a.as_double()) == std::bit_cast<uint64_t>(b.as_double());
      return compare(a, b) == 0;
    case Kind::String:
      return a.str() == b.str();
    case Kind::Array:
      if (a.size() != b.size()) return false;
      for (size_t i = 0; i < a.size(); ++i) {
        if (!same_representation(a.at(i), b.at(i))) return false;
      }
      return true;
    case Kind::Object: {
      if (a.size() != b.size()) return false;
      auto ib = b.entries().begin();
      for (const auto& [key, value] : a.entries()) {
        if (key != ib->first || !same_representation(value, ib->second)) return false;
        ++ib;
      }
      return true;
    }
    default:
      return true;
  }
}

// The constant's JSON, when it is small and reads back as exactly the same
// value: NaN, infinities and integral floats such as 1e20 do not, so they
// are left to run time.
std::optional<std::string> folded_text(const Value& v) {
  std::string text = to_json(v);
  if (text.size() > kMaxFoldedJson) return std::nullopt;
  std::optional<Value> back = parse_constant(text);
  if (!back || !same_representation(v, *back)) return std::nullopt;
  return text;
}

std::optional<std::string> fold_binary(ir::BinOp op, std::string_view lhs, std::string_view rhs) {
  std::optional<Value> a = parse_constant(lhs), b = parse_constant(rhs);
  if (!a || !b) return std::nullopt;
  // A repeated string may be huge ("x" * 1e8): never build it at compile
  // time; at run time it is charged to the evaluation's memory budget.
  if (repeat_result_bytes(*a, *b) > kMaxFoldedJson) return std::nullopt;
  Value out;
  if (!binary_op(op, *a, *b, out)) return std::nullopt;  // errors happen at run time, in order
  return folded_text(out);
}

// `operands` holds the input of the call first, then its arguments.
std::optional<std::string> fold_native(std::string_view name, const std::vector<std::string>& operands) {
  if (operands.empty()) return std::nullopt;
  const stdlib::NativeInfo* info = stdlib::find_native(name, static_cast<unsigned>(operands.size() - 1));
  if (info == nullptr || info->kind != stdlib::NativeKind::Function || info->fn == nullptr)
    return std::nullopt;
  std::vector<Value> values;
  values.reserve(operands.size());
  for (const std::string& json : operands) {
    std::optional<Value> v = parse_constant(json);
    if (!v) return std::nullopt;
    values.push_back(std::move(*v));
  }
  stdlib::NativeCtx ctx;
  ctx.charge = charge_for_fold;
  Value out;
  if (!info->fn(ctx, values[0], values.data() + 1, out)) return std::nullopt;
  return folded_text(out);
}

}  // namespace

ir::Folder make_folder() {
  ir::Folder folder;
  folder.binary = fold_binary;
  folder.native = fold_native;
  return folder;
}

}  // namespace riposte::compiler
