// Text produced piece by piece and handed to a sink in chunks, so that output of any size is
// written with a fixed amount of memory: what the JSON mapping and the tool's listings use.
//
// The first error the sink returns stops all later writes; status() keeps it. Append() never
// fails by itself: check status() (or the result of Flush()) when the output is complete.
//
//   TextOutput out([](std::string_view chunk) { return WriteAll(fd, chunk); });
//   out.Append("{");
//   ...
//   absl::Status written = out.Flush();
//
// Not synchronized.

#ifndef CLUSPROP_TEXT_OUTPUT_H_
#define CLUSPROP_TEXT_OUTPUT_H_

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

#include "absl/status/status.h"

namespace clusprop {

class TextOutput {
 public:
  // Receives each chunk in order; a non-OK status is a write error.
  using Sink = std::function<absl::Status(std::string_view chunk)>;

  // Chunks are at most about `chunk_size` bytes, except a single Append() larger than that.
  explicit TextOutput(Sink sink, size_t chunk_size = 64 * 1024);
  ~TextOutput() = default;  // drops what was not flushed
  TextOutput(const TextOutput&) = delete;
  TextOutput& operator=(const TextOutput&) = delete;

  void Append(std::string_view text) {
    if (buffer_.size() + text.size() > chunk_size_) Drain();
    buffer_.append(text.data(), text.size());
  }
  void Append(char c) {
    if (buffer_.size() >= chunk_size_) Drain();
    buffer_.push_back(c);
  }
  void AppendRepeated(char c, size_t count) {
    if (buffer_.size() + count > chunk_size_) Drain();
    buffer_.append(count, c);
  }
  // Direct access for producers that write many small pieces: room for `count` more bytes at
  // the returned position, to be committed with Commit(end).
  char* Reserve(size_t count);
  void Commit(const char* end) { buffer_.resize(static_cast<size_t>(end - buffer_.data())); }

  // Hands what is buffered to the sink; returns the first error the sink ever returned.
  absl::Status Flush();
  const absl::Status& status() const { return status_; }
  // Bytes handed to the sink so far (attempted, successful or not).
  size_t bytes_written() const { return bytes_written_; }

 private:
  void Drain();

  Sink sink_;
  size_t chunk_size_;
  std::string buffer_;
  absl::Status status_;
  size_t bytes_written_ = 0;
};

// A sink that appends to `out` (never fails).
TextOutput::Sink AppendTo(std::string* out);

}  // namespace clusprop

#endif  // CLUSPROP_TEXT_OUTPUT_H_
