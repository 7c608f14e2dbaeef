#include "clusprop/writer.h"

#include <algorithm>
#include <cstring>
#include <limits>
#include <optional>
#include <stdexcept>

#include "clusprop/internal/endian.h"
#include "clusprop/internal/text_scan.h"
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

void GrowableBytes::Grow(size_t n) {
  if (n > storage_.max_size() - size_) throw std::length_error("CLUSPROP list too large");
  storage_.resize(std::max({storage_.size() * 2, size_ + n, size_t{256}}));
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
      data = EncodeUtf8AsUtf16LE(s, data);
      StoreLE16(data, 0);  // the string's NUL
      data += 2;
    }
  }
  return self();
}

template <typename Derived>
Derived& ValueAppender<Derived>::AddRaw(uint32_t syntax, absl::Span<const uint8_t> bytes) {
  uint8_t* data = BeginValue(syntax, bytes.size());
  if (data != nullptr && !bytes.empty()) std::memcpy(data, bytes.data(), bytes.size());
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
  buffer_.Clear();
  buffer_.Extend(4);  // the count, written by Finish()
  status_ = absl::OkStatus();
  count_ = 0;
  in_property_ = false;
  property_values_ = 0;
  finished_ = false;
}

PropertyListWriter& PropertyListWriter::BeginProperty(std::string_view utf8_name) {
  if (!status_.ok()) return *this;
  const size_t ascii = internal::fast::PlainAsciiPrefix(utf8_name.data(), utf8_name.size());
  if (ascii == utf8_name.size()) {  // the usual name: one unit per byte, widened in blocks
    if (uint8_t* name = StartProperty(ascii)) {
      internal::fast::WidenAscii(utf8_name.data(), ascii, name);
    }
    return *this;
  }
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
  return buffer_.bytes();
}

absl::StatusOr<size_t> PropertyListWriter::FinishInto(absl::Span<uint8_t> out) {
  return CopyOut(Finish(), out);
}

PropertyListWriter& PropertyListWriter::AddDwordProperties(absl::Span<const EncodedName> names,
                                                           absl::Span<const uint32_t> values,
                                                           uint32_t syntax) {
  if (names.size() != values.size()) {
    Fail(kErrorInvalidParameter, "names and values differ in number");
    return *this;
  }
  size_t i = 0;
  if (status_.ok() && !in_property_ && !finished_ && FormatOf(syntax) == Format::kDword &&
      HasNamedOrUserType(syntax) && names.size() <= std::numeric_limits<uint32_t>::max() - count_) {
    // The position stays in a register; the room is checked per property. A name's last block
    // may run up to kBlock - 1 bytes past its entry, into what is written next or spare room.
    uint8_t* at = buffer_.Room(0);
    uint8_t* room_end = buffer_.RoomEnd();
    for (; i < names.size(); ++i) {
      const EncodedName& name = names[i];
      const size_t blocks = name.blocks_.size();
      if (blocks == 0) break;  // moved from: reported below
      if (static_cast<size_t>(room_end - at) < name.size_ + kDwordEntry + EncodedName::kBlock) {
        buffer_.End(at);
        at = buffer_.Room(name.size_ + kDwordEntry + EncodedName::kBlock);
        room_end = buffer_.RoomEnd();
      }
      const uint8_t* from = name.blocks_.data();
      for (size_t k = 0; k < blocks; k += EncodedName::kBlock) {
        std::memcpy(at + k, from + k, EncodedName::kBlock);
      }
      at += name.size_;
      internal::fast::StoreDwordEntry(at, syntax, values[i]);
      at += kDwordEntry;
    }
    buffer_.End(at);
    count_ += static_cast<uint32_t>(i);
  }
  // Anything unusual goes one property at a time, which reports it.
  for (; i < names.size(); ++i) AddDwordProperty(names[i], values[i], syntax);
  return *this;
}

// ---- EncodedName ------------------------------------------------------------------------------

absl::StatusOr<EncodedName> EncodedName::CutFrom(PropertyListWriter& writer) {
  writer.AddBinary({});
  absl::StatusOr<absl::Span<const uint8_t>> list = writer.Finish();
  if (!list.ok()) return list.status();
  // The count (4 bytes) before the entry; the empty BINARY value (8) and the ENDMARK (4) after.
  return EncodedName(list->subspan(4, list->size() - 4 - 12));
}

EncodedName::EncodedName(absl::Span<const uint8_t> entry)
    : blocks_((entry.size() + kBlock - 1) / kBlock * kBlock, 0), size_(entry.size()) {
  std::memcpy(blocks_.data(), entry.data(), entry.size());
}

absl::StatusOr<EncodedName> EncodedName::FromUtf8(std::string_view utf8) {
  PropertyListWriter writer(WriteOptions{.trailing_endmark = false});
  writer.BeginProperty(utf8);
  return CutFrom(writer);
}

absl::StatusOr<EncodedName> EncodedName::FromUtf16(std::u16string_view utf16) {
  PropertyListWriter writer(WriteOptions{.trailing_endmark = false});
  writer.BeginProperty(utf16);
  return CutFrom(writer);
}

// ---- ValueListWriter --------------------------------------------------------------------------

void ValueListWriter::Clear() {
  buffer_.Clear();
  status_ = absl::OkStatus();
  finished_ = false;
}

absl::StatusOr<absl::Span<const uint8_t>> ValueListWriter::Finish() {
  if (!status_.ok()) return status_;
  if (!finished_) {
    AppendEndmark();
    finished_ = true;
  }
  return buffer_.bytes();
}

absl::StatusOr<size_t> ValueListWriter::FinishInto(absl::Span<uint8_t> out) {
  return CopyOut(Finish(), out);
}

}  // namespace clusprop
