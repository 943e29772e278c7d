#include "engine/ids.h"

#include <openssl/evp.h>
#include <sys/random.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <ctime>
#include <stdexcept>

#include <fmt/format.h>

namespace riposte::engine {
namespace {

void random_bytes(unsigned char* out, size_t n) {
  while (n > 0) {
    ssize_t got = getrandom(out, n, 0);
    if (got < 0) throw std::runtime_error("getrandom failed");
    out += got;
    n -= size_t(got);
  }
}

}  // namespace

std::string new_uuid() {
  // The kernel's random bytes, fetched 4 KiB at a time per thread: one
  // getrandom(2) for 256 UUIDs, not one each (a batch of 1,000 alerts
  // spent 7% of its time there; docs/bench.md, "Intake").  Tokens keep
  // their own call.
  struct Pool {
    unsigned char bytes[4096];
    size_t used = sizeof bytes;
  };
  thread_local Pool pool;
  if (pool.used + 16 > sizeof pool.bytes) {
    random_bytes(pool.bytes, sizeof pool.bytes);
    pool.used = 0;
  }
  unsigned char b[16];
  std::copy_n(pool.bytes + pool.used, 16, b);
  std::fill_n(pool.bytes + pool.used, 16, 0);  // each byte is handed out once
  pool.used += 16;
  b[6] = (b[6] & 0x0f) | 0x40;  // version 4
  b[8] = (b[8] & 0x3f) | 0x80;  // variant 10
  static constexpr char kHex[] = "0123456789abcdef";
  std::string s;
  s.reserve(36);
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) s += '-';
    s += kHex[b[i] >> 4];
    s += kHex[b[i] & 15];
  }
  return s;
}

std::string new_token() {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  unsigned char b[32];
  random_bytes(b, sizeof b);
  std::string s = "rpt_";
  uint32_t acc = 0;
  int bits = 0;
  for (unsigned char c : b) {
    acc = (acc << 8) | c;
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      s += kAlphabet[(acc >> bits) & 63];
    }
  }
  if (bits > 0) s += kAlphabet[(acc << (6 - bits)) & 63];
  return s;
}

std::string sha256_hex(std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (EVP_Digest(data.data(), data.size(), digest, &len, EVP_sha256(), nullptr) != 1)
    throw std::runtime_error("SHA-256 failed");
  std::string s;
  s.reserve(len * 2);
  for (unsigned int i = 0; i < len; ++i) s += fmt::format("{:02x}", digest[i]);
  return s;
}

int64_t unix_ms_now() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string now_rfc3339() { return rfc3339_from_unix_ms(unix_ms_now()); }

std::string rfc3339_from_unix_ms(int64_t ms) {
  std::time_t secs = std::time_t(ms / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                     tm.tm_hour, tm.tm_min, tm.tm_sec, int(ms % 1000));
}

bool is_uuid(std::string_view s) {
  if (s.size() != 36) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? c != '-' : !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) return false;
  }
  return true;
}

}  // namespace riposte::engine
