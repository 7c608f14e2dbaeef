// The single validating walk behind PropertyListReader, ValueListReader and the Validate*
// functions. The hot loop reports failures as a small struct; callers turn it into an
// absl::Status once.

#ifndef CLUSPROP_INTERNAL_VALIDATOR_H_
#define CLUSPROP_INTERNAL_VALIDATOR_H_

#include <cstddef>
#include <cstdint>

#include "absl/status/status.h"
#include "clusprop/reader.h"

namespace clusprop {
namespace internal {

struct Failure {
  uint32_t code = 0;  // 0: no failure
  size_t offset = 0;  // from the start of the outermost buffer
  const char* what = nullptr;
  explicit operator bool() const { return code != 0; }
  absl::Status ToStatus() const;
};

// Validates the property list in [begin, limit) of `base`. `depth` is 1 for an outermost list.
// When `nested` is set, bytes after the list are an error whatever the options say.
Failure ValidatePropertyListAt(const uint8_t* base, size_t begin, size_t limit,
                               const ReadOptions& options, int depth, bool nested, ListInfo* info);

// Validates the value list in [0, limit) of `base`.
Failure ValidateValueListAt(const uint8_t* base, size_t limit, const ReadOptions& options,
                            ListInfo* info);

// Typed validity of one value entry at `offset` (what ValueView's accessor for its format
// checks). Values with cbLength 0 pass. Nested property lists are not re-walked.
Failure CheckTypedValue(const uint8_t* base, size_t offset, uint32_t syntax, uint32_t length);

// SZ data at `data` (offset `data_offset`): even length >= 2, NUL last, no other NUL, well-formed.
Failure CheckStringData(const uint8_t* base, size_t data_offset, uint32_t length);

// MULTI_SZ data; on success *content_units is the number of units before the final NUL.
Failure CheckMultiStringData(const uint8_t* base, size_t data_offset, uint32_t length,
                             size_t* content_units);

}  // namespace internal
}  // namespace clusprop

#endif  // CLUSPROP_INTERNAL_VALIDATOR_H_
