// Printing outputs of `riposte jq`.
#include "tools/jq_output.h"

namespace riposte::tools {
namespace {
constexpr size_t kFlushAt = 1 << 16;
}

OutputWriter::OutputWriter(std::FILE* out, const OutputOptions& opt) : out_(out), opt_(opt) {
  buf_.reserve(kFlushAt * 2);
}

OutputWriter::~OutputWriter() {
  flush();
}

void OutputWriter::write(const Value& v) {
  if (opt_.seq) buf_ += '\x1e';
  // jq prints strings escaped when -a is on, even with -r.
  if (opt_.raw && v.is_string() && !opt_.json.ascii) {
    buf_ += v.str();
  } else {
    write_json(v, buf_, opt_.json);
  }
  if (!opt_.join) buf_ += opt_.nul ? '\0' : '\n';
  if (buf_.size() >= kFlushAt) flush();
}

bool OutputWriter::flush() {
  if (!buf_.empty()) {
    size_t n = std::fwrite(buf_.data(), 1, buf_.size(), out_);
    bool complete = n == buf_.size();
    buf_.clear();
    if (!complete) return false;
  }
  return std::fflush(out_) == 0;
}

}  // namespace riposte::tools
