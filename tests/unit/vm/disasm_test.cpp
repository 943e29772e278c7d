// The bytecode's text form (`riposte ir --stage bytecode`) is stable: these
// pin the format and a few code shapes (constant operands, path mode,
// closures, the reduce loop).
#include <gtest/gtest.h>

#include "vm_test_util.h"

namespace riposte::vm::testing {
namespace {

std::string disasm(std::string_view program) {
  std::string diag;
  auto p = compile_jq(program, &diag);
  return p ? p->disassemble() : diag;
}

TEST(Disassemble, ConstantOperandsAndPathMode) {
  EXPECT_EQ(disasm(".a + 1, path(.b[0])"),
            "unit 0 (main value): level 0, 1 slots, 0 params\n"
            "  0000  FORK       -> 0004\n"
            "  0001  INDEXK     \"a\"\n"
            "  0002  BINOPK     + 1\n"
            "  0003  JUMP       -> 0008\n"
            "  0004  PATHBEGIN\n"
            "  0005  INDEXK_P   \"b\"\n"
            "  0006  INDEXK_P   0\n"
            "  0007  PATHEND\n"
            "  0008  OUTPUT\n");
}

TEST(Disassemble, ReduceMovesTheAccumulator) {
  EXPECT_EQ(disasm("reduce .[] as [$x] (0; . + $x)"),
            "unit 0 (main value): level 0, 5 slots, 0 params\n"
            "  0000  STORE      h=0 s=1\n"
            "  0001  FORK       -> 0015\n"
            "  0002  PUSHK      0\n"
            "  0003  STORE      h=0 s=2\n"
            "  0004  LOADM      h=0 s=1\n"
            "  0005  EACH\n"
            "  0006  STORE      h=0 s=3\n"
            "  0007  LOAD       h=0 s=3\n"
            "  0008  IDXARR     n=0\n"
            "  0009  STORE      h=0 s=4\n"
            "  0010  LOADM      h=0 s=2\n"
            "  0011  LOAD       h=0 s=4\n"
            "  0012  BINOPI     +\n"
            "  0013  STORE      h=0 s=2\n"
            "  0014  BACKTRACK\n"
            "  0015  LOADM      h=0 s=2\n"
            "  0016  OUTPUT\n");
}

TEST(Disassemble, ClosuresAndTailCalls) {
  EXPECT_EQ(disasm("def f(g): g | f(g); f(.a)"),
            "unit 0 (main value): level 0, 1 slots, 0 params\n"
            "  0000  CALL       h=0 n=1 unit 1 (f/1 value)\n"
            "  0001  ARG        kind=0 h=0 id=0\n"
            "  0002  OUTPUT\n"
            "unit 1 (f/1 value): level 1, 0 slots, 1 params\n"
            "  0003  CALLCL     h=0 i=0 value\n"
            "  0004  TCALL      h=1 n=1 unit 1 (f/1 value)\n"
            "  0005  ARG        kind=1 h=0 id=0\n"
            "  0006  RET\n"
            "unit 2 (lambda@1:23 value): level 1, 0 slots, 0 params\n"
            "  0007  INDEXK     \"a\"\n"
            "  0008  RET\n"
            "unit 3 (lambda@1:23 path): level 1, 0 slots, 0 params\n"
            "  0009  INDEXK_P   \"a\"\n"
            "  0010  RET\n"
            "lambda 0: lambda@1:23, value unit 2, path unit 3\n");
}

}  // namespace
}  // namespace riposte::vm::testing
