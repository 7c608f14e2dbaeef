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
#include <cstring>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "absl/status/status.h"

namespace clusprop {

class TextOutput {
 public:
  // Receives each chunk in order; a non-OK status is a write error.
  using Sink = std::function<absl::Status(std::string_view chunk)>;

  // Chunks are at most `chunk_size` bytes, except a single Append() larger than that, which
  // goes to the sink as it is (after what was buffered before it).
  explicit TextOutput(Sink sink, size_t chunk_size = 64 * 1024);
  ~TextOutput() = default;  // drops what was not flushed
  TextOutput(const TextOutput&) = delete;
  TextOutput& operator=(const TextOutput&) = delete;

  void Append(std::string_view text) {
    if (text.size() > static_cast<size_t>(end_ - pos_)) return AppendSlow(text);
    std::memcpy(pos_, text.data(), text.size());
    pos_ += text.size();
  }
  void Append(char c) {
    if (pos_ == end_) Drain();
    *pos_++ = c;
  }
  void AppendRepeated(char c, size_t count) {
    std::memset(Reserve(count), c, count);
    pos_ += count;
  }
  // Room for `count` more bytes at the returned position, to be filled and then committed with
  // Commit(end of what was written). Nothing else may be appended in between.
  char* Reserve(size_t count) {
    if (count > static_cast<size_t>(end_ - pos_)) MakeRoom(count);
    return pos_;
  }
  void Commit(char* end) { pos_ = end; }

  // Hands what is buffered to the sink; returns the first error the sink ever returned.
  absl::Status Flush();
  const absl::Status& status() const { return status_; }

 private:
  void Drain();
  void AppendSlow(std::string_view text);
  void MakeRoom(size_t count);

  Sink sink_;
  size_t capacity_;
  std::unique_ptr<char[]> buffer_;
  char* pos_;
  char* end_;
  absl::Status status_;
};

// A sink that appends to `out` (never fails).
TextOutput::Sink AppendTo(std::string* out);

}  // namespace clusprop

#endif  // CLUSPROP_TEXT_OUTPUT_H_
