// A fragment of a trigger as a program of its own: the sub-expression
// `expr` of module `m`, with m's functions and globals, so that it can be
// compiled and run once per alert for every trigger that reads the same
// value.
#pragma once

#include <memory>
#include <string>

#include "ir/ir.h"

namespace riposte::ir::triggers {

// Null when `expr` cannot stand alone: it reads a variable or breaks a label
// bound outside it (the verifier says so), or calls a native whose result is
// not a function of the input (now, input, debug, stderr, halt ...), which a
// shared evaluation could not reproduce for each trigger.
std::unique_ptr<Module> make_fragment(const Module& m, const Node& expr);

// The key of a fragment: its printed IR, so equal keys mean equal programs.
std::string fragment_key(const Module& fragment);

}  // namespace riposte::ir::triggers
