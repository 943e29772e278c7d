// Short renderings of values for error messages, as gojq prints them:
// "cannot add: number (1) and string (\"a\")".
#pragma once

#include <string>

#include "value/value.h"

namespace riposte {

// The compact JSON of v truncated to 30 bytes with a " ...", " ...\"",
// " ...]" or " ...}" tail (gojq's Preview).
std::string preview(const Value& v);
// "null" for null, else "<type> (<preview>)" (gojq's typeErrorPreview).
std::string type_error_preview(const Value& v);
// type_error_preview of a value that may hold placeholders (delpaths'
// marks): the JSON text ends just before the first value inside v for
// which `stop` is true, as gojq's preview ends where its encoder meets a
// value that is not JSON.
std::string type_error_preview_until(const Value& v, bool (*stop)(const Value&));

}  // namespace riposte
