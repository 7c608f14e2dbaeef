#include "clusprop/writer.h"

#include <cstring>
#include <limits>
#include <optional>

#include "clusprop/internal/endian.h"
#include "clusprop/internal/validator.h"
#include "clusprop/reader.h"
#include "clusprop/utf16.h"
#include "clusprop/win32_error.h"

namespace clusprop {
namespace internal {
namespace {

// The UTF-16 length of text the writer can store as an SZ or a name (well-formed, without NUL:
// the writer adds the only one), or nullopt.
std::optional<size_t> WritableUtf16Length(std::string_view utf8) {
  if (utf8.find('\0') != std::string_view::npos) return std::nullopt;
  return Utf16LengthOfUtf8(utf8);
}
bool IsWritableText(std::u16string_view utf16) {
  return utf16.find(u'\0') == std::u16string_view::npos && IsWellFormedUtf16(utf16);
}
bool HasKind(uint32_t syntax, ValueKind kind) { return KindOf(FormatOf(syntax)) == kind; }

void StoreUtf16LE(std::u16string_view units, uint8_t* out) {
  for (char16_t unit : units) {
    StoreLE16(out, unit);
    out += 2;
  }
}

}  // namespace

template <typename Derived>
void ValueAppender<Derived>::Fail(uint32_t code, const char* what) {
  if (status_.ok()) status_ = Win32Error(code, what);
}

template <typename Derived>
void ValueAppender<Derived>::AppendEndmark() {
  buffer_.resize(buffer_.size() + kEndmarkSize, 0);
}

template <typename Derived>
uint8_t* ValueAppender<Derived>::BeginValue(uint32_t syntax, uint64_t length) {
  if (!status_.ok() || !self().ReadyForValue()) return nullptr;
  if (syntax == kSyntaxEndmark || syntax == kSyntaxName) {
    Fail(kErrorInvalidParameter, "ENDMARK and NAME cannot be written as values");
    return nullptr;
  }
  if (length > std::numeric_limits<uint32_t>::max()) {
    Fail(kErrorInvalidParameter, "value longer than cbLength can express");
    return nullptr;
  }
  size_t pos = buffer_.size();
  buffer_.resize(pos + kValueHeaderSize + AlignUp(length), 0);
  StoreLE32(buffer_.data() + pos, syntax);
  StoreLE32(buffer_.data() + pos + 4, static_cast<uint32_t>(length));
  return buffer_.data() + pos + kValueHeaderSize;
}

template <typename Derived>
bool ValueAppender<Derived>::AcceptsTyped(uint32_t syntax, bool format_written) {
  if (!status_.ok()) return false;
  if (!format_written) {
    Fail(kErrorInvalidParameter, "the syntax's format is not one this method writes");
  } else if (!HasNamedOrUserType(syntax)) {
    Fail(kErrorInvalidParameter, "the syntax's type is neither named nor USER (0x8000) or above");
  } else if (!self().HasRoomForTypedValue()) {
    Fail(kErrorInvalidParameter, "property already has three values");
  }
  return status_.ok();
}

template <typename Derived>
Derived& ValueAppender<Derived>::AddFixed(uint32_t syntax, const void* little_endian, size_t size) {
  if (uint8_t* data = BeginValue(syntax, size)) std::memcpy(data, little_endian, size);
  return self();
}

template <typename Derived>
Derived& ValueAppender<Derived>::AddFixed32(uint32_t value, uint32_t syntax) {
  uint8_t bytes[4];
  StoreLE32(bytes, value);
  return AddFixed(syntax, bytes, sizeof(bytes));
}

template <typename Derived>
Derived& ValueAppender<Derived>::AddFixed64(uint64_t value, uint32_t syntax) {
  uint8_t bytes[8];
  StoreLE64(bytes, value);
  return AddFixed(syntax, bytes, sizeof(bytes));
}

// The integer methods write their C type's bytes: the size kFormats gives each format.
static_assert(FixedSizeOf(Format::kDword) == sizeof(uint32_t));
static_assert(FixedSizeOf(Format::kLong) == sizeof(int32_t));
static_assert(FixedSizeOf(Format::kWord) == sizeof(uint16_t));
static_assert(FixedSizeOf(Format::kULargeInteger) == sizeof(uint64_t));
static_assert(FixedSizeOf(Format::kLargeInteger) == sizeof(int64_t));
static_assert(FixedSizeOf(Format::kFileTime) == sizeof(uint64_t));

template <typename Derived>
Derived& ValueAppender<Derived>::AddDword(uint32_t value, uint32_t syntax) {
  if (!AcceptsTyped(syntax, FormatOf(syntax) == Format::kDword)) return self();
  return AddFixed32(value, syntax);
}

template <typename Derived>
Derived& ValueAppender<Derived>::AddLong(int32_t value, uint32_t syntax) {
  if (!AcceptsTyped(syntax, FormatOf(syntax) == Format::kLong)) return self();
  return AddFixed32(static_cast<uint32_t>(value), syntax);
}

template <typename Derived>
Derived& ValueAppender<Derived>::AddWord(uint16_t value, uint32_t syntax) {
  if (!AcceptsTyped(syntax, FormatOf(syntax) == Format::kWord)) return self();
  uint8_t bytes[2];
  StoreLE16(bytes, value);
  return AddFixed(syntax, bytes, sizeof(bytes));
}

template <typename Derived>
Derived& ValueAppender<Derived>::AddULargeInteger(uint64_t value, uint32_t syntax) {
  if (!AcceptsTyped(syntax, FormatOf(syntax) == Format::kULargeInteger)) return self();
  return AddFixed64(value, syntax);
}

template <typename Derived>
Derived& ValueAppender<Derived>::AddLargeInteger(int64_t value, uint32_t syntax) {
  if (!AcceptsTyped(syntax, FormatOf(syntax) == Format::kLargeInteger)) return self();
  return AddFixed64(static_cast<uint64_t>(value), syntax);
}

template <typename Derived>
Derived& ValueAppender<Derived>::AddFileTime(uint64_t ticks, uint32_t syntax) {
  if (!AcceptsTyped(syntax, FormatOf(syntax) == Format::kFileTime)) return self();
  return AddFixed64(ticks, syntax);
}

template <typename Derived>
Derived& ValueAppender<Derived>::AddString(std::string_view utf8, uint32_t syntax) {
  if (!AcceptsTyped(syntax, HasKind(syntax, ValueKind::kString))) return self();
  std::optional<size_t> units = WritableUtf16Length(utf8);
  if (!units) {
    Fail(kErrorInvalidParameter, "string is not well-formed UTF-8 or contains NUL");
    return self();
  }
  if (uint8_t* data = BeginValue(syntax, 2 * (uint64_t{*units} + 1))) {
    EncodeUtf8AsUtf16LE(utf8, data);
  }
  return self();
}

template <typename Derived>
Derived& ValueAppender<Derived>::AddString(std::u16string_view utf16, uint32_t syntax) {
  if (!AcceptsTyped(syntax, HasKind(syntax, ValueKind::kString))) return self();
  if (!IsWritableText(utf16)) {
    Fail(kErrorInvalidParameter, "string is not well-formed UTF-16 or contains NUL");
    return self();
  }
  if (uint8_t* data = BeginValue(syntax, 2 * (uint64_t{utf16.size()} + 1))) {
    StoreUtf16LE(utf16, data);
  }
  return self();
}

template <typename Derived>
Derived& ValueAppender<Derived>::AddMultiString(absl::Span<const std::string_view> utf8,
                                                uint32_t syntax) {
  if (!AcceptsTyped(syntax, HasKind(syntax, ValueKind::kMultiString))) return self();
  uint64_t units = 1;  // the final NUL
  for (std::string_view s : utf8) {
    std::optional<size_t> length = WritableUtf16Length(s);
    if (s.empty() || !length) {
      Fail(kErrorInvalidParameter, "MULTI_SZ string is empty, ill-formed UTF-8 or contains NUL");
      return self();
    }
    units += *length + 1;
  }
  if (uint8_t* data = BeginValue(syntax, 2 * units)) {
    for (std::string_view s : utf8) {
      data = EncodeUtf8AsUtf16LE(s, data) + 2;  // past the string's NUL (zeroed by BeginValue)
    }
  }
  return self();
}

template <typename Derived>
Derived& ValueAppender<Derived>::AddRaw(uint32_t syntax, absl::Span<const uint8_t> bytes) {
  if (!status_.ok() || !self().ReadyForValue()) return self();
  if (syntax == kSyntaxEndmark || syntax == kSyntaxName) {
    Fail(kErrorInvalidParameter, "ENDMARK and NAME cannot be written as values");
    return self();
  }
  if (bytes.size() > std::numeric_limits<uint32_t>::max()) {
    Fail(kErrorInvalidParameter, "value longer than cbLength can express");
    return self();
  }
  // Header, then one copy of the data, then padding: no zero-fill of the data bytes first.
  uint8_t header[kValueHeaderSize];
  StoreLE32(header, syntax);
  StoreLE32(header + 4, static_cast<uint32_t>(bytes.size()));
  buffer_.insert(buffer_.end(), header, header + sizeof(header));
  buffer_.insert(buffer_.end(), bytes.begin(), bytes.end());
  buffer_.resize(buffer_.size() + (AlignUp(bytes.size()) - bytes.size()), 0);
  return self();
}

template <typename Derived>
Derived& ValueAppender<Derived>::AddBinary(absl::Span<const uint8_t> bytes, uint32_t syntax) {
  if (!AcceptsTyped(syntax, HasKind(syntax, ValueKind::kBinary))) return self();
  return AddRaw(syntax, bytes);
}

template <typename Derived>
Derived& ValueAppender<Derived>::AddPropertyList(absl::Span<const uint8_t> encoded,
                                                 uint32_t syntax) {
  if (!AcceptsTyped(syntax, HasKind(syntax, ValueKind::kPropertyList))) return self();
  // Checked as it will sit in this writer's list: nested in a list of depth 1 at least. A list
  // that nests this one checks it again, deeper.
  ListInfo info;
  if (!encoded.empty() &&
      ValidatePropertyListAt(encoded.data(), 0, encoded.size(), ReadOptions{.strict = true},
                             /*depth=*/2, /*nested=*/true, &info)) {
    Fail(kErrorInvalidParameter, "nested property list does not pass strict validation");
    return self();
  }
  return AddRaw(syntax, encoded);
}

template class ValueAppender<PropertyListWriter>;
template class ValueAppender<ValueListWriter>;

}  // namespace internal

namespace {

absl::StatusOr<size_t> CopyOut(absl::StatusOr<absl::Span<const uint8_t>> list,
                               absl::Span<uint8_t> out) {
  if (!list.ok()) return list.status();
  if (list->size() > out.size()) {
    return MoreDataError(list->size(), "output buffer is smaller than the list");
  }
  std::memcpy(out.data(), list->data(), list->size());
  return list->size();
}

}  // namespace

// ---- PropertyListWriter -----------------------------------------------------------------------

PropertyListWriter::PropertyListWriter(WriteOptions options) : options_(options) { Clear(); }

void PropertyListWriter::Clear() {
  buffer_.clear();
  buffer_.resize(4, 0);  // the count, written by Finish()
  status_ = absl::OkStatus();
  count_ = 0;
  in_property_ = false;
  property_values_ = 0;
  finished_ = false;
}

bool PropertyListWriter::ReadyForValue() {
  if (finished_ || !in_property_) {
    Fail(kErrorInvalidParameter,
         finished_ ? "value after Finish()" : "value before BeginProperty()");
    return false;
  }
  ++property_values_;
  return true;
}

bool PropertyListWriter::HasRoomForTypedValue() const {
  return !in_property_ || property_values_ < kMaxValuesPerProperty;
}

void PropertyListWriter::EndProperty() {
  if (!in_property_) return;
  if (property_values_ == 0) {
    Fail(kErrorInvalidParameter, "property has no value");
    return;
  }
  AppendEndmark();
  in_property_ = false;
}

uint8_t* PropertyListWriter::StartProperty(size_t units) {
  EndProperty();
  if (finished_) Fail(kErrorInvalidParameter, "property after Finish()");
  if (count_ == std::numeric_limits<uint32_t>::max())
    Fail(kErrorInvalidParameter, "too many properties");
  uint64_t length = 2 * (uint64_t{units} + 1);
  if (length > std::numeric_limits<uint32_t>::max()) Fail(kErrorInvalidParameter, "name too long");
  if (!status_.ok()) return nullptr;
  size_t pos = buffer_.size();
  buffer_.resize(pos + kValueHeaderSize + AlignUp(length), 0);
  internal::StoreLE32(buffer_.data() + pos, kSyntaxName);
  internal::StoreLE32(buffer_.data() + pos + 4, static_cast<uint32_t>(length));
  ++count_;
  in_property_ = true;
  property_values_ = 0;
  return buffer_.data() + pos + kValueHeaderSize;
}

PropertyListWriter& PropertyListWriter::BeginProperty(std::string_view utf8_name) {
  std::optional<size_t> units = internal::WritableUtf16Length(utf8_name);
  if (!units)
    Fail(kErrorInvalidParameter, "property name is not well-formed UTF-8 or contains NUL");
  if (!status_.ok()) return *this;
  if (uint8_t* name = StartProperty(*units)) {
    EncodeUtf8AsUtf16LE(utf8_name, name);
  }
  return *this;
}

PropertyListWriter& PropertyListWriter::BeginProperty(std::u16string_view name) {
  if (!internal::IsWritableText(name)) {
    Fail(kErrorInvalidParameter, "property name is not well-formed UTF-16 or contains NUL");
  }
  return BeginPropertyVerbatim(name);
}

PropertyListWriter& PropertyListWriter::BeginPropertyVerbatim(std::u16string_view name) {
  if (!status_.ok()) return *this;
  if (uint8_t* out = StartProperty(name.size())) {
    internal::StoreUtf16LE(name, out);
  }
  return *this;
}

absl::StatusOr<absl::Span<const uint8_t>> PropertyListWriter::Finish() {
  if (!status_.ok()) return status_;
  if (!finished_) {
    EndProperty();
    if (!status_.ok()) return status_;
    internal::StoreLE32(buffer_.data(), count_);
    if (options_.trailing_endmark) AppendEndmark();
    finished_ = true;
  }
  return absl::Span<const uint8_t>(buffer_);
}

absl::StatusOr<size_t> PropertyListWriter::FinishInto(absl::Span<uint8_t> out) {
  return CopyOut(Finish(), out);
}

// ---- ValueListWriter --------------------------------------------------------------------------

bool ValueListWriter::ReadyForValue() {
  if (finished_) {
    Fail(kErrorInvalidParameter, "value after Finish()");
    return false;
  }
  return true;
}

void ValueListWriter::Clear() {
  buffer_.clear();
  status_ = absl::OkStatus();
  finished_ = false;
}

absl::StatusOr<absl::Span<const uint8_t>> ValueListWriter::Finish() {
  if (!status_.ok()) return status_;
  if (!finished_) {
    AppendEndmark();
    finished_ = true;
  }
  return absl::Span<const uint8_t>(buffer_);
}

absl::StatusOr<size_t> ValueListWriter::FinishInto(absl::Span<uint8_t> out) {
  return CopyOut(Finish(), out);
}

}  // namespace clusprop
