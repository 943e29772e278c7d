#include "vm/disasm.h"

#include <fmt/format.h>

#include <string_view>

#include "ir/ops.h"
#include "value/json.h"

namespace riposte::vm {

namespace {

constexpr std::string_view kOperands[] = {
#define X(name, operands, doc) operands,
    RIPOSTE_BYTECODE(X)
#undef X
};

const char* mode_name(Mode m) { return m == Mode::Path ? "path" : "value"; }

std::string unit_label(const Code& code, uint32_t u) {
  if (u >= code.units.size()) return fmt::format("unit {}", u);
  const Unit& unit = code.units[u];
  return fmt::format("unit {} ({} {})", u, code.scopes[unit.scope].name, mode_name(unit.mode));
}

// One operand `field=role` of an instruction, annotated by its role.
std::string operand(const Code& code, std::string_view role, uint32_t v) {
  if (role == "k") return v < code.consts.size() ? to_json(code.consts[v]) : fmt::format("k{}", v);
  if (role == "t") return fmt::format("-> {:04}", v);
  if (role == "op") return ir::spelling(static_cast<ir::BinOp>(v));
  if (role == "unit") return unit_label(code, v);
  if (role == "native") {
    if (v >= code.natives.size()) return fmt::format("native {}", v);
    return fmt::format("{}/{}", code.natives[v]->name, code.natives[v]->arity);
  }
  if (role == "mode") return mode_name(static_cast<Mode>(v));
  if (role == "rev") return v ? "reversed" : "";
  return fmt::format("{}={}", role, v);
}

std::string instruction(const Code& code, uint32_t pc) {
  const Insn& in = code.insns[pc];
  std::string line = fmt::format("  {:04}  {:<10}", pc, op_name(in.op));
  std::string_view spec = kOperands[static_cast<size_t>(in.op)];
  while (!spec.empty()) {
    size_t end = spec.find(' ');
    std::string_view field = spec.substr(0, end);
    spec = end == std::string_view::npos ? std::string_view() : spec.substr(end + 1);
    if (field.size() < 3 || field[1] != '=') continue;
    uint32_t v = field[0] == 'a' ? in.a : field[0] == 'b' ? in.b : in.c;
    std::string text = operand(code, field.substr(2), v);
    if (text.empty()) continue;  // a flag that is off
    line += ' ';
    line += text;
  }
  while (!line.empty() && line.back() == ' ') line.pop_back();
  return line;
}

}  // namespace

const char* op_name(Op op) {
  static constexpr const char* kNames[] = {
#define X(name, operands, doc) #name,
      RIPOSTE_BYTECODE(X)
#undef X
  };
  return kNames[static_cast<size_t>(op)];
}

std::string disassemble(const Code& code) {
  std::string out;
  for (uint32_t u = 0; u < code.units.size(); ++u) {
    const Unit& unit = code.units[u];
    const Scope& s = code.scopes[unit.scope];
    out += fmt::format("{}: level {}, {} slots, {} params\n", unit_label(code, u), s.level, s.nslots, s.nparams);
    for (uint32_t pc = unit.entry; pc < unit.end; ++pc) {
      out += instruction(code, pc);
      out += '\n';
    }
  }
  for (uint32_t l = 0; l < code.lambdas.size(); ++l) {
    const Lambda& lambda = code.lambdas[l];
    out += fmt::format("lambda {}: {}, value unit {}, path unit {}\n", l, code.scopes[lambda.scope].name,
                       lambda.unit[0], lambda.unit[1]);
  }
  return out;
}

}  // namespace riposte::vm
