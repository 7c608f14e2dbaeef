#include "clusprop/reader.h"

#include <string>

#include "clusprop/internal/validator.h"
#include "clusprop/win32_error.h"

namespace clusprop {

using internal::Failure;

// ---- ValueView --------------------------------------------------------------------------------

absl::Status ValueView::FormatError(const char* expected) const {
  return Win32Error(kErrorInvalidData, offset_, expected);
}

absl::Status ValueView::LengthError(const char* what) const {
  return Win32Error(kErrorInvalidData, offset_ + 4, what);
}

// The inline walks (PropertyListCursor::Next, the typed reads of ValueView) pass only values and
// locals to out-of-line code, never the address of one of their fields: once an address escapes
// into a call the compiler cannot see, the whole object lives in memory rather than in registers
// in the caller's loop. So this error path is out of line (the inline success path stays a
// compare and a load) and static (the view's address is never taken).
absl::Status ValueView::FixedSizeError(uint32_t syntax, size_t offset, Format expected) {
  const FormatInfo& info = FormatInfoOf(expected);
  if (FormatOf(syntax) != expected) {
    return Win32Error(kErrorInvalidData, offset, "value is not a " + std::string(info.name));
  }
  return Win32Error(kErrorInvalidData, offset + 4, info.size_error);
}

absl::StatusOr<Utf16View> ValueView::AsString() const {
  if (KindOf(format()) != ValueKind::kString) {
    return FormatError("value is not a string (SZ, EXPAND_SZ or EXPANDED_SZ)");
  }
  if (Failure failure = internal::CheckStringData(base_, data_offset(), length_)) {
    return failure.ToStatus();
  }
  return Utf16View(base_ + data_offset(), length_ / 2 - 1);
}

absl::StatusOr<MultiStringView> ValueView::AsMultiString() const {
  if (KindOf(format()) != ValueKind::kMultiString) {
    return FormatError("value is not a MULTI_SZ");
  }
  size_t content_units = 0;
  if (Failure failure =
          internal::CheckMultiStringData(base_, data_offset(), length_, &content_units)) {
    return failure.ToStatus();
  }
  return MultiStringView(base_ + data_offset(), content_units);
}

absl::StatusOr<absl::Span<const uint8_t>> ValueView::AsBinary() const {
  if (KindOf(format()) != ValueKind::kBinary) {
    return FormatError("value is not BINARY or SECURITY_DESCRIPTOR");
  }
  return data();
}

absl::StatusOr<PropertyListReader> ValueView::AsPropertyList() const {
  if (KindOf(format()) != ValueKind::kPropertyList) {
    return FormatError("value is not a PROPERTY_LIST");
  }
  if (length_ == 0) return LengthError("PROPERTY_LIST value is empty");
  // Lenient options: the walk checks this list's own entries and does not descend into its
  // PROPERTY_LIST values (each is checked when read in turn), so it needs no depth of its own.
  ListInfo info;
  if (Failure failure = internal::ValidatePropertyListAt(base_, data_offset(),
                                                         data_offset() + length_, ReadOptions(),
                                                         /*depth=*/1, /*nested=*/true, &info)) {
    return failure.ToStatus();
  }
  return PropertyListReader(base_, data_offset(), info);
}

absl::Status ValueView::CheckTyped() const {
  return internal::CheckTypedValue(base_, offset_, syntax_, length_).ToStatus();
}

// ---- MultiStringView --------------------------------------------------------------------------

size_t MultiStringView::iterator::Length() const {
  size_t n = 0;
  while (internal::LoadLE16(data_ + 2 * (pos_ + n)) != 0) ++n;
  return n;
}

Utf16View MultiStringView::iterator::operator*() const {
  return Utf16View(data_ + 2 * pos_, Length());
}

MultiStringView::iterator& MultiStringView::iterator::operator++() {
  pos_ += Length() + 1;
  return *this;
}

size_t MultiStringView::size() const {
  size_t n = 0;
  for (auto it = begin(); it != end(); ++it) ++n;
  return n;
}

// ---- PropertyView -----------------------------------------------------------------------------

size_t PropertyView::value_count() const {
  size_t n = 0;
  for (auto it = values().begin(); it != values().end(); ++it) ++n;
  return n;
}

size_t PropertyView::end_offset() const {
  size_t pos = values_offset();
  while (internal::LoadLE32(base_ + pos) != kSyntaxEndmark) {
    pos += kValueHeaderSize + AlignUp(internal::LoadLE32(base_ + pos + 4));
  }
  return pos + kEndmarkSize;
}

// ---- Readers ----------------------------------------------------------------------------------

absl::StatusOr<ListInfo> ValidatePropertyList(absl::Span<const uint8_t> buffer,
                                              const ReadOptions& options) {
  ListInfo info;
  if (Failure f = internal::ValidatePropertyListAt(buffer.data(), 0, buffer.size(), options,
                                                   /*depth=*/1, /*nested=*/false, &info)) {
    return f.ToStatus();
  }
  return info;
}

absl::StatusOr<ListInfo> ValidateValueList(absl::Span<const uint8_t> buffer,
                                           const ReadOptions& options) {
  ListInfo info;
  if (Failure f = internal::ValidateValueListAt(buffer.data(), buffer.size(), options, &info)) {
    return f.ToStatus();
  }
  return info;
}

absl::StatusOr<PropertyListReader> PropertyListReader::Open(absl::Span<const uint8_t> buffer,
                                                            const ReadOptions& options) {
  absl::StatusOr<ListInfo> info = ValidatePropertyList(buffer, options);
  if (!info.ok()) return info.status();
  return PropertyListReader(buffer.data(), 0, *info);
}

absl::StatusOr<ValueListReader> ValueListReader::Open(absl::Span<const uint8_t> buffer,
                                                      const ReadOptions& options) {
  absl::StatusOr<ListInfo> info = ValidateValueList(buffer, options);
  if (!info.ok()) return info.status();
  return ValueListReader(buffer.data(), *info);
}

}  // namespace clusprop
