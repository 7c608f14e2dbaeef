#include "clusprop/text_output.h"

#include <utility>

namespace clusprop {

TextOutput::TextOutput(Sink sink, size_t chunk_size)
    : sink_(std::move(sink)),
      capacity_(chunk_size > 0 ? chunk_size : 1),
      buffer_(new char[capacity_]),
      pos_(buffer_.get()),
      end_(buffer_.get() + capacity_) {}

void TextOutput::Drain() {
  size_t size = static_cast<size_t>(pos_ - buffer_.get());
  pos_ = buffer_.get();
  if (size == 0 || !status_.ok()) return;  // after an error nothing more reaches the sink
  status_ = sink_(std::string_view(buffer_.get(), size));
}

void TextOutput::AppendSlow(std::string_view text) {
  Drain();
  if (text.size() <= capacity_) {
    std::memcpy(pos_, text.data(), text.size());
    pos_ += text.size();
  } else if (status_.ok()) {
    status_ = sink_(text);
  }
}

void TextOutput::MakeRoom(size_t count) {
  Drain();
  if (count <= capacity_) return;
  capacity_ = count;  // a reservation larger than a chunk: the buffer grows to hold it
  buffer_.reset(new char[capacity_]);
  pos_ = buffer_.get();
  end_ = buffer_.get() + capacity_;
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
