// UTF-16LE text inside CLUSPROP buffers: a non-owning view, well-formedness checks, conversions
// to and from UTF-8, and the case-insensitive comparison used to match property names.
//
// Utf16View points at little-endian code units at any alignment (it never dereferences a
// char16_t*); it owns nothing and stays valid as long as the buffer it points into.
//
// Case folding (used by EqualsIgnoreCase and all lookups by name): ASCII A-Z and the Latin-1
// letters U+00C0-U+00DE (except U+00D7) fold to their lower-case forms; every other code point is
// compared exactly. An unpaired surrogate is not a code point: it is compared as the code unit it
// is, so it equals only the same unit (never another surrogate, never U+FFFD, and never UTF-8
// text, which cannot spell it). Windows folds with a full upper-case table; names of cluster
// properties and resource types are ASCII in practice, so the difference is documented rather than
// emulated.

#ifndef CLUSPROP_UTF16_H_
#define CLUSPROP_UTF16_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "clusprop/internal/endian.h"

namespace clusprop {

class Utf16View {
 public:
  Utf16View() = default;
  // REQUIRES: [data, data + 2 * units) is readable.
  Utf16View(const uint8_t* data, size_t units) : data_(data), units_(units) {}

  size_t size() const { return units_; }
  bool empty() const { return units_ == 0; }
  char16_t operator[](size_t i) const { return internal::LoadLE16(data_ + 2 * i); }
  absl::Span<const uint8_t> bytes() const { return {data_, 2 * units_}; }

  // True when surrogates are correctly paired.
  bool IsWellFormed() const;
  // UTF-8; an unpaired surrogate becomes U+FFFD.
  std::string ToUtf8() const;
  std::u16string ToU16String() const;

  // Case-insensitive comparison (folding described above; unpaired surrogates compare exactly);
  // no allocation.
  bool EqualsIgnoreCase(std::string_view utf8) const;
  bool EqualsIgnoreCase(std::u16string_view utf16) const;
  bool EqualsIgnoreCase(Utf16View other) const;

  friend bool operator==(Utf16View a, Utf16View b);
  friend bool operator!=(Utf16View a, Utf16View b) { return !(a == b); }

 private:
  const uint8_t* data_ = nullptr;
  size_t units_ = 0;
};

// The case folding described above, for one code point.
char32_t FoldCase(char32_t c);

bool IsWellFormedUtf16(std::u16string_view text);

// Number of UTF-16 code units `utf8` converts to; nullopt when `utf8` is not well-formed UTF-8
// (overlong forms, surrogates, values above U+10FFFF and truncated sequences are ill-formed).
std::optional<size_t> Utf16LengthOfUtf8(std::string_view utf8);

// Writes `utf8` as UTF-16LE to `out`; returns the end of what it wrote (out + 2 * n).
// REQUIRES: Utf16LengthOfUtf8(utf8) returned n, and `out` has room for 2 * n bytes.
uint8_t* EncodeUtf8AsUtf16LE(std::string_view utf8, uint8_t* out);

// Appends the UTF-8 form of `code_point`; a surrogate or a value above U+10FFFF becomes U+FFFD.
void AppendUtf8(char32_t code_point, std::string* out);

// ERROR_INVALID_PARAMETER when `utf8` is ill-formed.
absl::StatusOr<std::u16string> Utf8ToUtf16(std::string_view utf8);
// ERROR_INVALID_PARAMETER when `utf16` is ill-formed.
absl::StatusOr<std::string> Utf16ToUtf8(std::u16string_view utf16);

}  // namespace clusprop

#endif  // CLUSPROP_UTF16_H_
