// Diagnostics as values, for the whole toolchain: one registry of kinds
// (support/diagnostics.def: kind, code, severity, message format, argument
// types), one Diagnostic type and one emitter.  Rendered in one place
// (support/diagnostic_render.h): terminal text with a caret, JSON for
// tools, RFC 9457 problem+json for the HTTP API.  docs/diagnostics.md.
//
//   support::Diagnostic d = support::emit(support::diag::UnknownFunction, span, "foo", 1u);
//
// The message format of each kind is an fmt::format_string of its declared
// argument types, constructed in a constant expression: fmt checks every
// replacement field against its argument when this header compiles, and a
// static_assert checks that the format has one field per argument.  emit()
// accepts exactly the declared number of arguments, each convertible to its
// declared type without narrowing; anything else is a compile error.
#pragma once

#include <fmt/format.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "support/source_span.h"

namespace riposte::support {

enum class Severity : uint8_t { Error, Warning, Note };
std::string_view severity_name(Severity s);  // "error", "warning", "note"

enum class DiagKind : uint16_t {
#define X(kind, code, severity, format, params) kind,
#include "support/diagnostics.def"
#undef X
};

// What the registry says about a kind, for tables and tests.
struct KindInfo {
  std::string_view name;  // "UnknownFunction"
  std::string_view code;  // "unknown-function"
  Severity severity;
  std::string_view format;  // "unknown function {}/{}"
};

inline constexpr std::array kKinds{
#define X(kind, code, severity, format, params) KindInfo{#kind, code, Severity::severity, format},
#include "support/diagnostics.def"
#undef X
};

constexpr const KindInfo& info(DiagKind k) {
  return kKinds[static_cast<size_t>(k)];
}

struct Diagnostic {
  DiagKind kind{};
  Severity severity = Severity::Error;
  std::string_view code;  // the kind's code (static storage: the registry)
  std::string message;
  Span span;
  // Where in a JSON document the value is ("executionFlow[2].split.steps[0]";
  // "" = the whole document); none for jq program text.
  std::optional<std::string> path;
};

// One tag object per kind, support::diag::Kind, to name a kind at a call site.
template <DiagKind K>
struct KindTag {
  static constexpr DiagKind kind = K;
};
namespace diag {
#define X(kind, code, severity, format, params) inline constexpr KindTag<DiagKind::kind> kind{};
#include "support/diagnostics.def"
#undef X
}  // namespace diag

namespace detail {

template <typename... P>
struct Params {
  static constexpr size_t size = sizeof...(P);
};

// The replacement fields of an fmt format string (`{{` and `}}` are text).
consteval size_t count_fields(std::string_view f) {
  size_t n = 0;
  for (size_t i = 0; i < f.size(); ++i) {
    if (f[i] == '{') {
      if (i + 1 < f.size() && f[i + 1] == '{') {
        ++i;
        continue;
      }
      ++n;
    } else if (f[i] == '}' && i + 1 < f.size() && f[i + 1] == '}') {
      ++i;
    }
  }
  return n;
}

// `from` initialises a `To` without narrowing (no int for a string, no
// size_t for an unsigned).
template <typename From, typename To>
concept PassesAs = requires(From&& from) {
  To{static_cast<From&&>(from)};
};

template <DiagKind K>
inline constexpr bool kAlwaysFalse = false;

Diagnostic make(DiagKind k, Span at, std::string message);

}  // namespace detail

// The declared arguments and the checked format of each kind.
template <DiagKind K>
struct KindSpec;

#define RIPOSTE_DIAG_UNPAREN(...) __VA_ARGS__
#define X(kind_, code_, severity_, format_, params_)                                                         \
  template <>                                                                                                \
  struct KindSpec<DiagKind::kind_> {                                                                         \
    using Params = detail::Params<RIPOSTE_DIAG_UNPAREN params_>;                                             \
    static constexpr fmt::format_string<RIPOSTE_DIAG_UNPAREN params_> format{format_};                       \
    static_assert(detail::count_fields(format_) == Params::size,                                             \
                  "support/diagnostics.def: the format of " #kind_ " has not one {} per declared argument"); \
  };
#include "support/diagnostics.def"
#undef X
#undef RIPOSTE_DIAG_UNPAREN

namespace detail {

template <DiagKind K, typename... P, typename... A>
Diagnostic emit(Params<P...>, Span at, A&&... args) {
  if constexpr (sizeof...(A) != sizeof...(P)) {
    static_assert(kAlwaysFalse<K>,
                  "emit: wrong number of arguments for this diagnostic kind (support/diagnostics.def)");
    return {};
  } else {
    static_assert((PassesAs<A, P> && ...),
                  "emit: an argument does not convert to the type support/diagnostics.def declares for it");
    return make(K, at, fmt::format(KindSpec<K>::format, P{std::forward<A>(args)}...));
  }
}

}  // namespace detail

// A diagnostic of kind `K` at `at`, its message formatted from `args`.
template <DiagKind K, typename... A>
Diagnostic emit(KindTag<K>, Span at, A&&... args) {
  return detail::emit<K>(typename KindSpec<K>::Params{}, at, std::forward<A>(args)...);
}

}  // namespace riposte::support
