// vm/intrinsics.def and the Intrinsic rows of stdlib/natives.def name the
// same functions: a native the VM should implement but has no opcode for
// (or an opcode for a name the library does not declare) fails here.
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <utility>

#include "stdlib/natives.h"
#include "vm/intrinsics.h"

namespace riposte::vm {
namespace {

TEST(Intrinsics, TheTwoTablesAgree) {
  std::set<std::pair<std::string, unsigned>> declared, implemented;
  for (const stdlib::NativeInfo& n : stdlib::all_natives())
    if (n.kind == stdlib::NativeKind::Intrinsic) declared.emplace(std::string(n.name), n.arity);
  for (const Intrinsic& i : all_intrinsics()) implemented.emplace(std::string(i.name), i.arity);
  EXPECT_EQ(declared, implemented);
  EXPECT_FALSE(declared.empty());
}

TEST(Intrinsics, LookUpByNameAndArity) {
  ASSERT_NE(find_intrinsic("getpath", 1), nullptr);
  EXPECT_EQ(find_intrinsic("getpath", 1)->path_op, Op::GETPATH_P);
  EXPECT_EQ(find_intrinsic("debug", 1)->op, Op::DEBUGMSG);
  EXPECT_EQ(find_intrinsic("debug", 2), nullptr);
  EXPECT_EQ(find_intrinsic("length", 0), nullptr);
}

}  // namespace
}  // namespace riposte::vm
