// Finding properties by name, as ResUtil's ResUtilFind*Property functions do.
//
// Names match case-insensitively with the folding described in utf16.h (ASCII and Latin-1
// letters; an unpaired surrogate matches only the same unit). The first property whose name
// matches is used. Results are views into the list (no allocation) except where a function copies
// into a caller's buffer.
//
// Codes: no such property → ERROR_FILE_NOT_FOUND (2); a malformed list, or a property
// without a value of the wanted format → ERROR_INVALID_DATA (13) with the offset; a caller's
// buffer too small → ERROR_MORE_DATA (234) carrying the required size (RequiredSizeOf).
//
// Example:
//   absl::StatusOr<uint32_t> action = clusprop::FindDwordProperty(bytes, "Virtual Machine");
//
// The functions taking a span validate it first (lenient, as Windows does); those taking a
// PropertyListReader reuse its validation. All are thread-safe.

#ifndef CLUSPROP_LOOKUP_H_
#define CLUSPROP_LOOKUP_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "absl/container/inlined_vector.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "clusprop/reader.h"

namespace clusprop {

// A name prepared for matching many property names: folded once, and a name of another UTF-16
// length is passed over without a look at its units (folding keeps the number of units). ASCII
// names of up to kFoldedUnits characters are compared eight units at a time, and such a matcher
// allocates nothing.
class NameMatcher {
 public:
  static constexpr size_t kFoldedUnits = 32;
  explicit NameMatcher(std::string_view utf8);

  // True when `name` equals the prepared name case-insensitively (ill-formed UTF-8 matches
  // nothing).
  bool Matches(Utf16View name) const;

 private:
  std::optional<size_t> units_;                            // in UTF-16; nullopt: ill-formed UTF-8
  absl::InlinedVector<uint8_t, 2 * kFoldedUnits> folded_;  // ASCII: the folded units, UTF-16LE
  bool folded_ascii_ = false;
  std::string utf8_;  // otherwise: the name, for Utf16View::EqualsIgnoreCase
};

// The first property named `name`, or nullopt.
std::optional<PropertyView> FindProperty(const PropertyListReader& list, std::string_view name);
std::optional<PropertyView> FindProperty(const PropertyListReader& list, std::u16string_view name);

// The first value of the named property whose format is `format`: ERROR_FILE_NOT_FOUND when the
// property is missing, ERROR_INVALID_DATA (at the property) when it has no such value.
absl::StatusOr<ValueView> FindValue(const PropertyListReader& list, std::string_view name,
                                    Format format);

absl::StatusOr<uint32_t> FindDwordProperty(const PropertyListReader& list, std::string_view name);
absl::StatusOr<int32_t> FindLongProperty(const PropertyListReader& list, std::string_view name);
absl::StatusOr<uint16_t> FindWordProperty(const PropertyListReader& list, std::string_view name);
absl::StatusOr<uint64_t> FindULargeIntegerProperty(const PropertyListReader& list,
                                                   std::string_view name);
absl::StatusOr<int64_t> FindLargeIntegerProperty(const PropertyListReader& list,
                                                 std::string_view name);
absl::StatusOr<uint64_t> FindFileTimeProperty(const PropertyListReader& list,
                                              std::string_view name);
// The SZ value.
absl::StatusOr<Utf16View> FindSzProperty(const PropertyListReader& list, std::string_view name);
// The EXPAND_SZ value (unexpanded); a server reply's EXPANDED_SZ companion is FindExpandedSz's.
absl::StatusOr<Utf16View> FindExpandSzProperty(const PropertyListReader& list,
                                               std::string_view name);
absl::StatusOr<Utf16View> FindExpandedSzProperty(const PropertyListReader& list,
                                                 std::string_view name);
absl::StatusOr<MultiStringView> FindMultiSzProperty(const PropertyListReader& list,
                                                    std::string_view name);
absl::StatusOr<absl::Span<const uint8_t>> FindBinaryProperty(const PropertyListReader& list,
                                                             std::string_view name);

// Span forms: validate `list` (lenient), then find.
absl::StatusOr<uint32_t> FindDwordProperty(absl::Span<const uint8_t> list, std::string_view name);
absl::StatusOr<Utf16View> FindSzProperty(absl::Span<const uint8_t> list, std::string_view name);
absl::StatusOr<absl::Span<const uint8_t>> FindBinaryProperty(absl::Span<const uint8_t> list,
                                                             std::string_view name);

// Copies the BINARY value into `out`: the size copied, or ERROR_MORE_DATA with the required size
// (and `out` untouched).
absl::StatusOr<size_t> CopyBinaryProperty(const PropertyListReader& list, std::string_view name,
                                          absl::Span<uint8_t> out);

}  // namespace clusprop

#endif  // CLUSPROP_LOOKUP_H_
