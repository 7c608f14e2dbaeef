// The single validating walk behind PropertyListReader, ValueListReader and the Validate*
// functions. The hot loop reports failures as a small struct; callers turn it into an
// absl::Status once.

#ifndef CLUSPROP_INTERNAL_VALIDATOR_H_
#define CLUSPROP_INTERNAL_VALIDATOR_H_

#include <cstddef>
#include <cstdint>

#include "absl/base/attributes.h"
#include "absl/base/optimization.h"
#include "absl/status/status.h"
#include "clusprop/internal/endian.h"
#include "clusprop/internal/text_scan.h"
#include "clusprop/reader.h"
#include "clusprop/syntax.h"
#include "clusprop/win32_error.h"

namespace clusprop {
namespace internal {

// Why a walk stopped: always ERROR_INVALID_DATA, at an offset from the start of the outermost
// buffer, marked truncated when the list needs bytes past the end of the buffer (see IsTruncated).
// Sixteen bytes, so that it comes back in two registers: returned through memory, it cost a
// store-forwarding stall at every check of the single-pass walk.
class Failure {
 public:
  constexpr Failure() : what_(nullptr), offset_(0), truncated_(0) {}
  constexpr Failure(size_t offset, const char* what, bool truncated)
      : what_(what), offset_(offset), truncated_(truncated) {}

  explicit operator bool() const { return what_ != nullptr; }
  // A nested list that runs past its value's cbLength is malformed, not truncated.
  void ClearTruncated() { truncated_ = 0; }
  absl::Status ToStatus() const;

 private:
  const char* what_;    // null: no failure
  size_t offset_ : 63;  // no buffer reaches 2^63 bytes
  size_t truncated_ : 1;
};
static_assert(sizeof(Failure) == 16);

// An ERROR_INVALID_DATA failure at `offset`.
constexpr Failure Fail(size_t offset, const char* what) { return Failure(offset, what, false); }
// The same, for a list that runs past the end of its buffer.
constexpr Failure FailTruncated(size_t offset, const char* what) {
  return Failure(offset, what, true);
}

// Validates the property list in [begin, limit) of `base`. `depth` is 1 for an outermost list.
// When `nested` is set, bytes after the list are an error whatever the options say.
Failure ValidatePropertyListAt(const uint8_t* base, size_t begin, size_t limit,
                               const ReadOptions& options, int depth, bool nested, ListInfo* info);

// The pieces of ValidatePropertyListAt, for PropertyListCursor's single pass:
// the count at `begin` (bounded by what [begin, limit) can hold) ...
Failure CheckPropertyCount(const uint8_t* base, size_t begin, size_t limit, int depth,
                           uint32_t* count);
// ... one property at `pos` (*next: the offset past its ENDMARK; *value_count grows; defined
// below, inline: it is the hot loop) ...
// ... and what follows the last property: one optional trailer, then trailing bytes.
Failure FinishPropertyList(const uint8_t* base, size_t begin, size_t pos, size_t limit,
                           bool reject_trailing, ListInfo* info);

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

// Strict checks, out of line.
Failure CheckUtf16Text(const uint8_t* base, size_t data_offset, size_t units, const char* nul_what);
Failure CheckZeroPadding(const uint8_t* base, size_t data_offset, uint32_t length);

// ---- The hot path, inline so that the reader's and the cursor's loops compile to one walk ----

// The offset just past the entry at `pos` (a multiple of 4, as every entry's offset is) whose
// data is `length` bytes: pos + 8 + AlignUp(length), computed as AlignUp(pos + length + 8), one
// operation fewer on the chain of dependent loads from entry to entry, which bounds the walk.
ABSL_ATTRIBUTE_ALWAYS_INLINE inline uint64_t EntryEnd(size_t pos, uint32_t length) {
  static_assert(kValueHeaderSize % kAlignment == 0, "pos + 8 is aligned when pos is");
  return AlignUp(uint64_t{pos} + length + kValueHeaderSize);
}

// What WalkValues checks beyond the header of a value, only when an option asks for more than
// the structure (EXPANDED_SZ; strict: the type, a nested list walked recursively, padding and
// typed data). Out of line: lenient walks never call it, and strict walks pay for their checks.
// The hot path takes ReadOptions (two bools) by value: passed in a register, it never makes a
// caller's options live in memory.
Failure CheckValueExtras(const uint8_t* base, size_t pos, uint32_t syntax, uint32_t length,
                         ReadOptions options, int depth);

// True when every padding byte of `length` data bytes at `data` is zero: the padding is the top
// of the aligned DWORD that holds the data's last bytes.
ABSL_ATTRIBUTE_ALWAYS_INLINE inline bool PaddingIsZero(const uint8_t* data, uint32_t length) {
  const uint32_t tail = length % kAlignment;
  return tail == 0 || (LoadLE32(data + (length - tail)) >> (8 * tail)) == 0;
}

// The commonest value under strict validation, checked inline: true when the value needs no
// other check (a named or USER type, a fixed-size format at its size or cbLength 0, zero
// padding, no option beyond strict). False says nothing: CheckValueExtras then decides, and
// names the failure.
ABSL_ATTRIBUTE_ALWAYS_INLINE inline bool PassesStrictFixedSize(const uint8_t* base, size_t pos,
                                                               uint32_t syntax, uint32_t length,
                                                               ReadOptions options) {
  const uint32_t fixed_size = FormatInfoOf(FormatOf(syntax)).fixed_size;
  return options.strict && !options.reject_expanded_sz && fixed_size != 0 &&
         HasNamedOrUserType(syntax) && (length == fixed_size || length == 0) &&
         PaddingIsZero(base + pos + kValueHeaderSize, length);
}

// Walks value entries from `pos` up to the ENDMARK; *end receives the ENDMARK's offset and
// *count the number of values. In strict mode, a value beyond the first `max_values` fails at
// its syntax field (kMaxValuesPerProperty for a property; no limit for a value list). Lenient
// walks look at headers only, as Windows does: nested lists are not descended into. Locals carry
// the walk: a store through a pointer could alias the buffer's bytes and force every load to be
// redone.
ABSL_ATTRIBUTE_ALWAYS_INLINE inline Failure WalkValues(const uint8_t* base, size_t pos,
                                                       size_t limit, ReadOptions options, int depth,
                                                       size_t max_values, size_t* end,
                                                       size_t* count) {
  const bool extras = options.strict || options.reject_expanded_sz;
  size_t values = 0;
  for (;;) {
    // One range check per entry: fewer than 8 bytes left is rare (the list's last ENDMARK at
    // the very end of the buffer, or an error).
    if (ABSL_PREDICT_FALSE(limit - pos < kValueHeaderSize)) {
      if (limit - pos < 4) return FailTruncated(pos, "missing ENDMARK: buffer ends");
      const uint32_t syntax = LoadLE32(base + pos);
      if (syntax == kSyntaxEndmark) break;
      if (syntax == kSyntaxName)
        return Fail(pos, "NAME entry where a value or ENDMARK is expected");
      return FailTruncated(pos, "truncated value header");
    }
    const uint32_t syntax = LoadLE32(base + pos);
    if (syntax == kSyntaxEndmark) break;
    if (ABSL_PREDICT_FALSE(syntax == kSyntaxName)) {
      return Fail(pos, "NAME entry where a value or ENDMARK is expected");
    }
    const uint32_t length = LoadLE32(base + pos + 4);
    const uint64_t next = EntryEnd(pos, length);
    if (ABSL_PREDICT_FALSE(next > limit)) {
      return FailTruncated(pos + 4, "value length runs past the end of the buffer");
    }
    if (ABSL_PREDICT_FALSE(extras)) {
      if (options.strict && values >= max_values) {
        return Fail(pos, "property has more than three values");
      }
      if (!PassesStrictFixedSize(base, pos, syntax, length, options)) {
        if (Failure f = CheckValueExtras(base, pos, syntax, length, options, depth)) return f;
      }
    }
    pos = static_cast<size_t>(next);
    ++values;
  }
  *end = pos;
  *count = values;
  return {};
}

ABSL_ATTRIBUTE_ALWAYS_INLINE inline Failure CheckProperty(const uint8_t* base, size_t pos,
                                                          size_t limit, ReadOptions options,
                                                          int depth, size_t* next,
                                                          size_t* value_count) {
  if (ABSL_PREDICT_FALSE(limit - pos < kValueHeaderSize)) {
    return FailTruncated(pos, "truncated property name header");
  }
  const uint32_t syntax = LoadLE32(base + pos);
  const uint32_t length = LoadLE32(base + pos + 4);
  if (ABSL_PREDICT_FALSE(syntax != kSyntaxName)) {
    return Fail(pos, syntax == kSyntaxEndmark ? "list ends before its property count"
                                              : "property does not start with a NAME entry");
  }
  if (ABSL_PREDICT_FALSE(length < 2 || length % 2 != 0)) {
    return Fail(pos + 4, "name length is odd or below 2");
  }
  const uint64_t values_begin = EntryEnd(pos, length);
  if (ABSL_PREDICT_FALSE(values_begin > limit)) {
    return FailTruncated(pos + 4, "name length runs past the end of the buffer");
  }
  const size_t name = pos + kValueHeaderSize;
  if (ABSL_PREDICT_FALSE(LoadLE16(base + name + length - 2) != 0)) {
    return Fail(name + length - 2, "name is not NUL-terminated");
  }
  if (ABSL_PREDICT_FALSE(options.strict)) {
    const size_t units = length / 2 - 1;
    if (fast::FindNulOrSurrogate(base + name, units) != units) {  // a pair, or the failure
      if (Failure f = CheckUtf16Text(base, name, units, "name has an embedded NUL")) return f;
    }
    if (!PaddingIsZero(base + name, length)) return CheckZeroPadding(base, name, length);
  }
  size_t endmark = 0;
  size_t values = 0;
  if (Failure f = WalkValues(base, static_cast<size_t>(values_begin), limit, options, depth,
                             kMaxValuesPerProperty, &endmark, &values)) {
    return f;
  }
  if (ABSL_PREDICT_FALSE(values == 0)) return Fail(endmark, "property has no value");
  *next = endmark + kEndmarkSize;
  *value_count += values;
  return {};
}

}  // namespace internal
}  // namespace clusprop

#endif  // CLUSPROP_INTERNAL_VALIDATOR_H_
