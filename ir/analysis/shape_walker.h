// The walker behind infer_shape (shape.cpp: node rules; shape_calls.cpp:
// calls of natives, builtins and user functions).  Internal to ir/analysis.
#pragma once

#include <unordered_map>

#include "ir/analysis/call_env.h"
#include "ir/analysis/shape.h"

namespace riposte::ir::analysis {

// What flows into a filter: the types of `.` and whether it is data.
struct Input {
  Input() = default;
  Input(TypeSet t, bool d) : types(t), data(d) {}

  TypeSet types = kAnyType;
  bool data = true;
  bool has_elems = false;  // see Shape::elems
  Card elems;
};

inline Input input_of(const Shape& s) {
  Input in(s.types, s.data);
  in.has_elems = s.has_elems;
  in.elems = s.elems;
  return in;
}

class ShapeWalker {
 public:
  explicit ShapeWalker(const Module& m) : m_(m) {}
  Shape walk(const Node& n, Input in, const Frame* frames);

 private:
  struct VarInfo {
    TypeSet types = kAnyType;
    bool data = true;
  };
  // shape.cpp
  Shape pipe(const Node& n, Input in, const Frame* frames);
  Shape comma(const Node& n, Input in, const Frame* frames);
  Shape binary(const Node& n, Input in, const Frame* frames);
  Shape logic(const Node& n, Input in, const Frame* frames);
  Shape alternative(const Node& n, Input in, const Frame* frames);
  Shape conditional(const Node& n, Input in, const Frame* frames);
  Shape try_catch(const Node& n, Input in, const Frame* frames);
  Shape reduce(const Node& n, Input in, const Frame* frames);
  Shape foreach(const Node& n, Input in, const Frame* frames);
  Shape bind(const Node& n, Input in, const Frame* frames);
  Shape label(const Node& n, Input in, const Frame* frames);
  Shape product_of_kids(const Node& n, Input in, const Frame* frames, TypeSet result);
  Shape index(const Node& n, Input in, const Frame* frames);
  Shape iterate(const Node& n, Input in, const Frame* frames);
  void bind_pattern(const Pattern& p, const Shape& value);
  // shape_calls.cpp
  Shape call_native(const Node& n, Input in, const Frame* frames);
  Shape call_func(const Node& n, Input in, const Frame* frames);
  Shape call_param(const Node& n, Input in, const Frame* frames);
  bool builtin_summary(const Node& n, const Function& f, Input in, const Frame* frames, Shape& out);

  const Module& m_;
  std::unordered_map<VarId, VarInfo> vars_;
};

// The JSON type of a constant's canonical text.
TypeSet const_type(const std::string& json);
// Types of `a op b` (errors, such as adding a number to a string, yield nothing).
TypeSet binop_types(BinOp op, TypeSet a, TypeSet b);

}  // namespace riposte::ir::analysis
