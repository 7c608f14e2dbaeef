#include "clusprop/text_output.h"

#include <utility>

namespace clusprop {

TextOutput::TextOutput(Sink sink, size_t chunk_size)
    : sink_(std::move(sink)), chunk_size_(chunk_size) {
  buffer_.reserve(chunk_size_ + 64);
}

char* TextOutput::Reserve(size_t count) {
  if (buffer_.size() + count > chunk_size_) Drain();
  size_t used = buffer_.size();
  buffer_.resize(used + count);
  return buffer_.data() + used;
}

void TextOutput::Drain() {
  if (buffer_.empty()) return;
  if (status_.ok()) {
    bytes_written_ += buffer_.size();
    status_ = sink_(buffer_);
  }
  buffer_.clear();  // after an error, output is dropped: nothing more reaches the sink
}

absl::Status TextOutput::Flush() {
  Drain();
  return status_;
}

TextOutput::Sink AppendTo(std::string* out) {
  return [out](std::string_view chunk) {
    out->append(chunk.data(), chunk.size());
    return absl::OkStatus();
  };
}

}  // namespace clusprop
