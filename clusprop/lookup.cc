#include "clusprop/lookup.h"

#include <cstring>

#include "clusprop/internal/endian.h"
#include "clusprop/internal/text_scan.h"
#include "clusprop/utf16.h"
#include "clusprop/win32_error.h"

namespace clusprop {
namespace {

template <typename Read>
auto FindAndRead(const PropertyListReader& list, std::string_view name, Format format, Read read)
    -> decltype((std::declval<ValueView>().*read)()) {
  absl::StatusOr<ValueView> value = FindValue(list, name, format);
  if (!value.ok()) return value.status();
  return ((*value).*read)();
}

template <typename Find>
auto OpenAndFind(absl::Span<const uint8_t> bytes, std::string_view name, Find find)
    -> decltype(find(std::declval<const PropertyListReader&>(), name)) {
  absl::StatusOr<PropertyListReader> list = PropertyListReader::Open(bytes);
  if (!list.ok()) return list.status();
  return find(*list, name);
}

}  // namespace

namespace {

bool IsShortAscii(std::string_view utf8) {
  return utf8.size() <= NameMatcher::kFoldedUnits &&
         internal::fast::PlainAsciiPrefix(utf8.data(), utf8.size()) == utf8.size();
}

}  // namespace

NameMatcher::NameMatcher(std::string_view utf8) : folded_ascii_(IsShortAscii(utf8)) {
  if (folded_ascii_) {
    units_ = utf8.size();
    folded_.resize(2 * utf8.size());
    for (size_t i = 0; i < utf8.size(); ++i) {
      internal::StoreLE16(folded_.data() + 2 * i,
                          internal::FoldAscii(static_cast<unsigned char>(utf8[i])));
    }
  } else {
    units_ = Utf16LengthOfUtf8(utf8);
    utf8_ = std::string(utf8);
  }
}

bool NameMatcher::Matches(Utf16View name) const {
  if (!units_ || name.size() != *units_) return false;
  if (folded_ascii_) {
    return internal::fast::EqualsFoldedAscii(name.bytes().data(), folded_.data(), *units_);
  }
  return name.EqualsIgnoreCase(utf8_);
}

std::optional<PropertyView> FindProperty(const PropertyListReader& list, std::string_view name) {
  if (IsShortAscii(name)) {  // the usual name: a matcher that allocates nothing
    const NameMatcher matcher(name);
    for (PropertyView property : list) {
      if (matcher.Matches(property.name())) return property;
    }
    return std::nullopt;
  }
  // Any other name is compared in place (no copy), still only with names of its length.
  const std::optional<size_t> units = Utf16LengthOfUtf8(name);
  if (!units) return std::nullopt;  // ill-formed UTF-8 names no property
  for (PropertyView property : list) {
    if (property.name().size() == *units && property.name().EqualsIgnoreCase(name)) {
      return property;
    }
  }
  return std::nullopt;
}

std::optional<PropertyView> FindProperty(const PropertyListReader& list, std::u16string_view name) {
  // Folding keeps the number of units (unpaired surrogates compare as themselves).
  for (PropertyView property : list) {
    if (property.name().size() == name.size() && property.name().EqualsIgnoreCase(name)) {
      return property;
    }
  }
  return std::nullopt;
}

absl::StatusOr<ValueView> FindValue(const PropertyListReader& list, std::string_view name,
                                    Format format) {
  std::optional<PropertyView> property = FindProperty(list, name);
  if (!property) return Win32Error(kErrorFileNotFound, "no property with that name");
  for (ValueView value : property->values()) {
    if (value.format() == format) return value;
  }
  return Win32Error(kErrorInvalidData, property->offset(), "property has no value of that format");
}

absl::StatusOr<uint32_t> FindDwordProperty(const PropertyListReader& list, std::string_view name) {
  return FindAndRead(list, name, Format::kDword, &ValueView::AsDword);
}
absl::StatusOr<int32_t> FindLongProperty(const PropertyListReader& list, std::string_view name) {
  return FindAndRead(list, name, Format::kLong, &ValueView::AsLong);
}
absl::StatusOr<uint16_t> FindWordProperty(const PropertyListReader& list, std::string_view name) {
  return FindAndRead(list, name, Format::kWord, &ValueView::AsWord);
}
absl::StatusOr<uint64_t> FindULargeIntegerProperty(const PropertyListReader& list,
                                                   std::string_view name) {
  return FindAndRead(list, name, Format::kULargeInteger, &ValueView::AsULargeInteger);
}
absl::StatusOr<int64_t> FindLargeIntegerProperty(const PropertyListReader& list,
                                                 std::string_view name) {
  return FindAndRead(list, name, Format::kLargeInteger, &ValueView::AsLargeInteger);
}
absl::StatusOr<uint64_t> FindFileTimeProperty(const PropertyListReader& list,
                                              std::string_view name) {
  return FindAndRead(list, name, Format::kFileTime, &ValueView::AsFileTime);
}
absl::StatusOr<Utf16View> FindSzProperty(const PropertyListReader& list, std::string_view name) {
  return FindAndRead(list, name, Format::kSz, &ValueView::AsString);
}
absl::StatusOr<Utf16View> FindExpandSzProperty(const PropertyListReader& list,
                                               std::string_view name) {
  return FindAndRead(list, name, Format::kExpandSz, &ValueView::AsString);
}
absl::StatusOr<Utf16View> FindExpandedSzProperty(const PropertyListReader& list,
                                                 std::string_view name) {
  return FindAndRead(list, name, Format::kExpandedSz, &ValueView::AsString);
}
absl::StatusOr<MultiStringView> FindMultiSzProperty(const PropertyListReader& list,
                                                    std::string_view name) {
  return FindAndRead(list, name, Format::kMultiSz, &ValueView::AsMultiString);
}
absl::StatusOr<absl::Span<const uint8_t>> FindBinaryProperty(const PropertyListReader& list,
                                                             std::string_view name) {
  return FindAndRead(list, name, Format::kBinary, &ValueView::AsBinary);
}

absl::StatusOr<uint32_t> FindDwordProperty(absl::Span<const uint8_t> list, std::string_view name) {
  return OpenAndFind(list, name, [](const PropertyListReader& r, std::string_view n) {
    return FindDwordProperty(r, n);
  });
}
absl::StatusOr<Utf16View> FindSzProperty(absl::Span<const uint8_t> list, std::string_view name) {
  return OpenAndFind(list, name, [](const PropertyListReader& r, std::string_view n) {
    return FindSzProperty(r, n);
  });
}
absl::StatusOr<absl::Span<const uint8_t>> FindBinaryProperty(absl::Span<const uint8_t> list,
                                                             std::string_view name) {
  return OpenAndFind(list, name, [](const PropertyListReader& r, std::string_view n) {
    return FindBinaryProperty(r, n);
  });
}

absl::StatusOr<size_t> CopyBinaryProperty(const PropertyListReader& list, std::string_view name,
                                          absl::Span<uint8_t> out) {
  absl::StatusOr<absl::Span<const uint8_t>> value = FindBinaryProperty(list, name);
  if (!value.ok()) return value.status();
  if (value->size() > out.size()) {
    return MoreDataError(value->size(), "output buffer is smaller than the value");
  }
  if (!value->empty()) std::memcpy(out.data(), value->data(), value->size());
  return value->size();
}

}  // namespace clusprop
