// Reading the inputs of `riposte jq` file by file, value by value.
#include "tools/jq_input.h"

#include <fmt/format.h>
#include <sys/types.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <utility>

namespace riposte::tools {

InputSource::InputSource(std::vector<std::string> files, InputFormat format, bool slurp)
    : files_(std::move(files)), format_(format), slurp_(slurp), named_files_(!files_.empty()) {
  if (files_.empty()) files_.push_back("-");
}

InputSource::~InputSource() {
  close_file();
  std::free(line_buf_);
}

InputSource::Status InputSource::next(Value& out, std::string& err) {
  if (!slurp_) return next_from_file(out, err);
  if (slurped_) return Status::End;
  slurped_ = true;
  return slurp_all(out, err);
}

// -s: every input in one array (-R -s: the whole text in one string).  An
// error drops the slurped value, as in gojq.
InputSource::Status InputSource::slurp_all(Value& out, std::string& err) {
  if (format_ == InputFormat::Raw) {
    std::string text;
    char buf[1 << 16];
    std::string open_err;
    while (file_ != nullptr || open_next_file(open_err)) {
      size_t n;
      while ((n = std::fread(buf, 1, sizeof buf, file_)) > 0) text.append(buf, n);
      close_file();
    }
    if (!open_err.empty()) {
      err = std::move(open_err);
      return Status::Error;
    }
    out = Value::string(std::move(text));
    return Status::Value;
  }
  Array items;
  Value v;
  for (;;) {
    Status s = next_from_file(v, err);
    if (s == Status::Error) return s;
    if (s == Status::End) break;
    items.push_back(std::move(v));
  }
  out = Value::array(std::move(items));
  return Status::Value;
}

// The next value of the current file, moving on to the next file at its end.
InputSource::Status InputSource::next_from_file(Value& out, std::string& err) {
  for (;;) {
    if (file_ == nullptr && !open_next_file(err)) return err.empty() ? Status::End : Status::Error;
    Status s = format_ == InputFormat::Raw ? next_raw_line(out, err) : next_json(out, err);
    if (s != Status::End) return s;
    close_file();
  }
}

InputSource::Status InputSource::next_json(Value& out, std::string& err) {
  JsonError jerr;
  if (reader_ ? reader_->next(out, jerr) : events_->next(out, jerr)) return Status::Value;
  if (jerr.message.empty()) return Status::End;
  err = fmt::format("invalid json: {}:{}:{}: {}", file_name_, jerr.line, jerr.column, jerr.message);
  close_file();  // the rest of a file after a syntax error cannot be trusted
  return Status::Error;
}

// -R: one string per line, without its "\n"; a last line without one counts.
InputSource::Status InputSource::next_raw_line(Value& out, std::string& err) {
  errno = 0;
  ssize_t n = ::getline(&line_buf_, &line_cap_, file_);
  if (n < 0) {
    if (std::ferror(file_)) {
      err = fmt::format("could not read {}: {}", file_name_, std::strerror(errno));
      close_file();
      return Status::Error;
    }
    return Status::End;
  }
  size_t len = static_cast<size_t>(n);
  if (len > 0 && line_buf_[len - 1] == '\n') --len;
  ++raw_lines_;
  out = Value::string(std::string_view(line_buf_, len));
  return Status::Value;
}

bool InputSource::open_next_file(std::string& err) {
  err.clear();
  if (next_file_ >= files_.size()) {
    if (named_files_) file_name_.clear();  // past the last named file, input_filename is null (gojq)
    return false;
  }
  const std::string& name = files_[next_file_++];
  if (name == "-") {
    file_ = stdin;
    file_name_ = "<stdin>";
  } else {
    file_ = std::fopen(name.c_str(), "rb");
    if (file_ == nullptr) {
      err = fmt::format("could not open {}: {}", name, std::strerror(errno));
      return false;
    }
    file_name_ = name;
  }
  raw_lines_ = 0;
  if (format_ == InputFormat::Json) reader_ = std::make_unique<JsonStreamReader>(file_);
  if (format_ == InputFormat::Stream) events_ = std::make_unique<JsonEventReader>(file_);
  return true;
}

void InputSource::close_file() {
  reader_.reset();
  events_.reset();
  if (file_ != nullptr && file_ != stdin) std::fclose(file_);
  file_ = nullptr;
}

uint32_t InputSource::line_number() const {
  if (reader_) return reader_->line();
  if (events_) return events_->line();
  return raw_lines_;
}

std::optional<std::string> InputSource::filename() const {
  if (file_name_.empty()) return std::nullopt;
  return file_name_;
}

}  // namespace riposte::tools
