// Idempotency keys: the same logical call gets the same key across retries
// and resumes of an instance, so a peer that sees a key twice can drop the
// duplicate.  The key is derived from what identifies the call, never from
// the time or a counter: the instance, the step's scope (its JSON path plus
// the batch or branch it runs in) and the asset.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace riposte::actions {

// 32 lowercase hex digits (two 64-bit FNV-1a hashes of the parts, with
// their lengths, so ("ab","c") and ("a","bc") differ).  Fixed algorithm:
// the same on every machine and every release.
std::string idempotency_key(std::string_view instance_id, std::string_view scope,
                            std::optional<std::string_view> asset);

}  // namespace riposte::actions
