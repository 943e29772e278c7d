// Identifiers, secrets and times the engine mints.  Randomness comes from
// the kernel (getrandom); token hashes are SHA-256 (OpenSSL): a token is
// 256 random bits, so a fast hash is enough to make a stolen store useless
// for logging in.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace riposte::engine {

std::string new_uuid();                       // RFC 9562 version 4, lower-case
std::string new_token();                      // "rpt_" + 43 base64url characters (256 bits)
std::string sha256_hex(std::string_view data);
std::string now_rfc3339();                    // UTC with milliseconds: "2026-12-04T17:03:11.042Z"
std::string rfc3339_from_unix_ms(int64_t ms);  // the same for a given time
int64_t unix_ms_now();
bool is_uuid(std::string_view s);

}  // namespace riposte::engine
