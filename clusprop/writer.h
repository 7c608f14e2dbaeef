// Writers for CLUSPROP property lists and value lists (layout in reader.h and FORMAT.md).
//
// A writer appends entries to a buffer it owns; padding is zero. Clear() keeps the buffer's
// capacity, so a reused writer does not allocate. Errors are sticky: the first bad argument
// (ill-formed UTF-8 or UTF-16, a syntax the method does not write, a call out of order, a value
// too large; all ERROR_INVALID_PARAMETER) is remembered, later calls do nothing, and Finish()
// returns it. Nothing partial is ever handed out: Finish() gives the whole list or an error.
//
// The typed Add* methods (all but AddRaw) write only what strict validation (reader.h) accepts.
// Each fails the writer when:
//  - the syntax's format is not one the method writes (listed at each method);
//  - the syntax's type is neither named by clusapi.h nor USER or above (HasNamedOrUserType), or
//    the syntax is ENDMARK or NAME;
//  - in a property list, the property already has kMaxValuesPerProperty (three) values;
//  - the data is not valid for the format (text: well-formed, without NUL; MULTI_SZ: no empty
//    string; PROPERTY_LIST: valid in strict mode where it will sit, see AddPropertyList).
// So when Finish() succeeds on a list written with typed methods only, the list passes
// ValidatePropertyList(bytes, {.strict = true}) (ValidateValueList likewise). AddRaw is the raw
// door: any syntax but ENDMARK and NAME, any data, any number of values; it re-encodes lists read
// leniently, which strict validation may refuse.
//
// After Finish() the list is done: any further Add*, AddRaw or BeginProperty fails the writer
// with ERROR_INVALID_PARAMETER and writes nothing (the finished bytes, and views of them, are left
// as they were), and Finish() and FinishInto() return that error from then on. Clear() starts
// over.
//
// Example (the 60-byte "save the virtual machine" instruction):
//   PropertyListWriter writer(WriteOptions{.trailing_endmark = false});
//   writer.BeginProperty("Virtual Machine").AddDword(1);
//   ASSIGN_OR_RETURN(absl::Span<const uint8_t> bytes, writer.Finish());
//
// To write into a caller's buffer, FinishInto(span) copies the finished list, or fails with
// ERROR_MORE_DATA carrying the exact required size (RequiredSizeOf) and leaves the span untouched.
//
// A writer is not thread-safe; use one per thread.

#ifndef CLUSPROP_WRITER_H_
#define CLUSPROP_WRITER_H_

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <limits>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/base/optimization.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "clusprop/internal/endian.h"
#include "clusprop/internal/text_scan.h"
#include "clusprop/reader.h"
#include "clusprop/syntax.h"
#include "clusprop/win32_error.h"

namespace clusprop {

struct WriteOptions {
  // Append the extra list ENDMARK that Windows writes after the last property.
  bool trailing_endmark = true;
};

namespace internal {

// A writer's storage: size() bytes written, and room reserved beyond them. Extend(n) hands out the
// next n bytes, whose content is left to the caller to write in full (after Clear() they hold
// what an earlier list left there). Room grows by doubling, so a list of n bytes costs O(n) in
// all and a reused writer reserves nothing.
class GrowableBytes {
 public:
  uint8_t* Extend(size_t n) { return Extend(n, n); }
  // Extend(n), letting the caller store up to `writable` (>= n) bytes from there: the bytes
  // beyond n belong to no entry, and later ones overwrite them.
  uint8_t* Extend(size_t n, size_t writable) {
    if (storage_.size() - size_ < writable) Grow(writable);
    uint8_t* at = storage_.data() + size_;
    size_ += n;
    return at;
  }
  void Clear() { size_ = 0; }
  // For a loop that writes entries one after another and keeps its position itself: room for at
  // least `n` bytes from the end of what was written, then End(p) makes everything before `p`
  // written. RoomEnd() is where the room stops.
  uint8_t* Room(size_t n) {
    if (storage_.size() - size_ < n) Grow(n);
    return storage_.data() + size_;
  }
  uint8_t* RoomEnd() { return storage_.data() + storage_.size(); }
  void End(const uint8_t* p) { size_ = static_cast<size_t>(p - storage_.data()); }
  uint8_t* data() { return storage_.data(); }
  absl::Span<const uint8_t> bytes() const { return {storage_.data(), size_}; }

 private:
  void Grow(size_t n);
  std::vector<uint8_t> storage_;
  size_t size_ = 0;
};

// Appends value entries; shared by both writers. Each Add* takes the syntax to write, defaulting
// to the LIST_VALUE syntax of its format; the typed ones accept only the formats named below.
template <typename Derived>
class ValueAppender {
 public:
  // Format DWORD (e.g. LIST_VALUE_DWORD, DISK_SIGNATURE).
  Derived& AddDword(uint32_t value, uint32_t syntax = kSyntaxListValueDword);
  // Format LONG.
  Derived& AddLong(int32_t value, uint32_t syntax = kSyntaxListValueLong);
  // Format WORD.
  Derived& AddWord(uint16_t value, uint32_t syntax = kSyntaxListValueWord);
  // Format ULARGE_INTEGER (e.g. DISK_SIZE).
  Derived& AddULargeInteger(uint64_t value, uint32_t syntax = kSyntaxListValueULargeInteger);
  // Format LARGE_INTEGER.
  Derived& AddLargeInteger(int64_t value, uint32_t syntax = kSyntaxListValueLargeInteger);
  // Format FILETIME.
  Derived& AddFileTime(uint64_t ticks, uint32_t syntax = kSyntaxListValueFileTime);
  // Formats SZ, EXPAND_SZ and EXPANDED_SZ: the NUL is added; the text must be well-formed and
  // hold no NUL (the empty string is fine).
  Derived& AddString(std::string_view utf8, uint32_t syntax = kSyntaxListValueSz);
  Derived& AddString(std::u16string_view utf16, uint32_t syntax = kSyntaxListValueSz);
  // Format MULTI_SZ: each string NUL-terminated, then a final NUL. Strings must be non-empty (an
  // empty one would end the list early on the reader's side).
  Derived& AddMultiString(absl::Span<const std::string_view> utf8,
                          uint32_t syntax = kSyntaxListValueMultiSz);
  Derived& AddMultiString(std::initializer_list<std::string_view> utf8,
                          uint32_t syntax = kSyntaxListValueMultiSz) {
    return AddMultiString(absl::MakeConstSpan(utf8.begin(), utf8.size()), syntax);
  }
  // Formats BINARY and SECURITY_DESCRIPTOR (e.g. PARTITION_INFO).
  Derived& AddBinary(absl::Span<const uint8_t> bytes, uint32_t syntax = kSyntaxListValueBinary);
  // Format PROPERTY_LIST: a nested property list, already encoded (e.g. by another writer's
  // Finish()). It must pass strict validation as a list nested at depth 2 (so at most
  // kMaxNestingDepth - 1 levels deep itself, and nothing after its end); when this writer's list
  // is nested in turn, the outer writer checks the whole again. Empty is cbLength 0, "reset to
  // default".
  Derived& AddPropertyList(absl::Span<const uint8_t> encoded,
                           uint32_t syntax = kSyntaxListValuePropertyList);
  // Any syntax with raw data, written as given. ENDMARK and NAME are refused; nothing else is
  // checked but the length.
  Derived& AddRaw(uint32_t syntax, absl::Span<const uint8_t> data);

  const absl::Status& status() const { return status_; }

 protected:
  // Appends the header of an entry with `length` data bytes and zeroes its last aligned DWORD
  // (the padding, and a string's final NUL); returns where the data goes, for the caller to write
  // all `length` bytes, or nullptr when the writer has failed or is not ready for a value.
  uint8_t* BeginValue(uint32_t syntax, uint64_t length);
  void Fail(uint32_t code, const char* what);
  void AppendEndmark();

  GrowableBytes buffer_;
  absl::Status status_;

 private:
  Derived& self() { return static_cast<Derived&>(*this); }
  Derived& AddFixed(uint32_t syntax, const void* little_endian, size_t size);
  Derived& AddFixed32(uint32_t value, uint32_t syntax);
  Derived& AddFixed64(uint64_t value, uint32_t syntax);
  // For the typed methods: true when the writer is good and `syntax` (whose format the method
  // writes when `format_written`) may be written as one more value; otherwise fails the writer.
  bool AcceptsTyped(uint32_t syntax, bool format_written);
};

}  // namespace internal

class PropertyListWriter;

// A property name encoded once, for callers that write the same names again and again (a
// resource DLL answering GET_PRIVATE_PROPERTIES): its whole NAME entry (header, UTF-16LE units,
// NUL, zero padding), which BeginProperty copies in one move.
class EncodedName {
 public:
  // ERROR_INVALID_PARAMETER (87) for a name BeginProperty refuses: ill-formed text, a NUL, or
  // too long for cbLength.
  static absl::StatusOr<EncodedName> FromUtf8(std::string_view utf8);
  static absl::StatusOr<EncodedName> FromUtf16(std::u16string_view utf16);

  // The NAME entry; empty only once moved from.
  absl::Span<const uint8_t> entry() const { return {blocks_.data(), blocks_.empty() ? 0 : size_}; }

 private:
  friend class PropertyListWriter;
  static constexpr size_t kBlock = 16;  // copied a block at a time; zeros fill the last block
  EncodedName(absl::Span<const uint8_t> entry);
  // The NAME entry of `writer`'s one property, to which it adds one empty BINARY value.
  static absl::StatusOr<EncodedName> CutFrom(PropertyListWriter& writer);
  std::vector<uint8_t> blocks_;  // the entry, then zeros up to a multiple of kBlock
  size_t size_ = 0;
};

class PropertyListWriter : public internal::ValueAppender<PropertyListWriter> {
 public:
  explicit PropertyListWriter(WriteOptions options = {});

  // Starts a property (and ends the previous one, which must have at least one value).
  PropertyListWriter& BeginProperty(std::string_view utf8_name);
  PropertyListWriter& BeginProperty(std::u16string_view name);
  // A name encoded beforehand (a moved-from EncodedName fails the writer).
  PropertyListWriter& BeginProperty(const EncodedName& name);
  // BeginProperty(name).AddDword(value, syntax) in one step, with the same result and the same
  // errors: the shape of a resource DLL's reply to GET_PRIVATE_PROPERTIES (a table of DWORDs),
  // written as one reservation and two copies.
  PropertyListWriter& AddDwordProperty(const EncodedName& name, uint32_t value,
                                       uint32_t syntax = kSyntaxListValueDword);
  // AddDwordProperty(names[i], values[i], syntax) for each i in turn, with the same result and
  // the same errors: a whole table sized first, reserved once and written in one loop. Spans of
  // different lengths are ERROR_INVALID_PARAMETER (87) and write nothing.
  PropertyListWriter& AddDwordProperties(absl::Span<const EncodedName> names,
                                         absl::Span<const uint32_t> values,
                                         uint32_t syntax = kSyntaxListValueDword);
  // Writes `name` as given plus the NUL, without checking UTF-16 or embedded NULs: for
  // re-encoding names read from the wire byte for byte. Prefer BeginProperty.
  PropertyListWriter& BeginPropertyVerbatim(std::u16string_view name);

  // Ends the list: the count, the last property's ENDMARK and the optional trailer. The view is
  // valid until the writer is changed or destroyed. Calling Finish() again returns the same list.
  absl::StatusOr<absl::Span<const uint8_t>> Finish();
  // Finish(), then copy into `out`: the size written, or ERROR_MORE_DATA with the required size.
  absl::StatusOr<size_t> FinishInto(absl::Span<uint8_t> out);

  // Starts over with an empty list; keeps the buffer's capacity.
  void Clear();
  uint32_t property_count() const { return count_; }

 private:
  friend class internal::ValueAppender<PropertyListWriter>;
  bool ReadyForValue();
  // False when the open property already has kMaxValuesPerProperty values.
  bool HasRoomForTypedValue() const;
  void EndProperty();
  // Ends the open property and appends a NAME entry for `units` code units plus the NUL;
  // returns where the units go, or nullptr when the writer has failed.
  uint8_t* StartProperty(size_t units);
  // Ends the open property and reserves `entry_size` bytes for a whole NAME entry (the caller
  // writes them all, and may store up to `writable` bytes: GrowableBytes::Extend); nullptr when
  // the writer has failed.
  uint8_t* ReserveProperty(size_t entry_size, size_t writable);
  // What follows a NAME entry in a property of one DWORD: syntax | cbLength 4 | value | ENDMARK
  // (internal::fast::StoreDwordEntry).
  static constexpr size_t kDwordEntry =
      kValueHeaderSize + FixedSizeOf(Format::kDword) + kEndmarkSize;

  WriteOptions options_;
  uint32_t count_ = 0;
  bool in_property_ = false;
  uint32_t property_values_ = 0;  // values of the open property
  bool finished_ = false;
};

class ValueListWriter : public internal::ValueAppender<ValueListWriter> {
 public:
  ValueListWriter() = default;

  // Appends the ENDMARK. Calling Finish() again returns the same list.
  absl::StatusOr<absl::Span<const uint8_t>> Finish();
  absl::StatusOr<size_t> FinishInto(absl::Span<uint8_t> out);
  void Clear();

 private:
  friend class internal::ValueAppender<ValueListWriter>;
  bool ReadyForValue();
  bool HasRoomForTypedValue() const { return true; }  // a value list has no properties

  bool finished_ = false;
};

// ---- Inline: the path of every entry, so that integer values and encoded names cost no call ----

namespace internal {

// Writes an entry header for `length` data bytes at `entry` and zeroes the data's last aligned
// DWORD, which holds all its padding (and the NUL of text, which always ends within it); returns
// where the data goes.
inline uint8_t* WriteEntryHeader(uint8_t* entry, uint32_t syntax, uint32_t length) {
  StoreLE32(entry, syntax);
  StoreLE32(entry + 4, length);
  uint8_t* data = entry + kValueHeaderSize;
  if (length != 0) StoreLE32(data + AlignUp(length) - 4, 0);
  return data;
}

template <typename Derived>
inline void ValueAppender<Derived>::AppendEndmark() {
  StoreLE32(buffer_.Extend(kEndmarkSize), kSyntaxEndmark);
}

template <typename Derived>
inline uint8_t* ValueAppender<Derived>::BeginValue(uint32_t syntax, uint64_t length) {
  if (!status_.ok() || !self().ReadyForValue()) return nullptr;
  if (syntax == kSyntaxEndmark || syntax == kSyntaxName) {
    Fail(kErrorInvalidParameter, "ENDMARK and NAME cannot be written as values");
    return nullptr;
  }
  if (length > std::numeric_limits<uint32_t>::max()) {
    Fail(kErrorInvalidParameter, "value longer than cbLength can express");
    return nullptr;
  }
  return WriteEntryHeader(buffer_.Extend(kValueHeaderSize + AlignUp(length)), syntax,
                          static_cast<uint32_t>(length));
}

template <typename Derived>
inline bool ValueAppender<Derived>::AcceptsTyped(uint32_t syntax, bool format_written) {
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
inline Derived& ValueAppender<Derived>::AddFixed(uint32_t syntax, const void* little_endian,
                                                 size_t size) {
  if (uint8_t* data = BeginValue(syntax, size)) std::memcpy(data, little_endian, size);
  return self();
}

template <typename Derived>
inline Derived& ValueAppender<Derived>::AddFixed32(uint32_t value, uint32_t syntax) {
  uint8_t bytes[4];
  StoreLE32(bytes, value);
  return AddFixed(syntax, bytes, sizeof(bytes));
}

template <typename Derived>
inline Derived& ValueAppender<Derived>::AddFixed64(uint64_t value, uint32_t syntax) {
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
inline Derived& ValueAppender<Derived>::AddDword(uint32_t value, uint32_t syntax) {
  if (!AcceptsTyped(syntax, FormatOf(syntax) == Format::kDword)) return self();
  return AddFixed32(value, syntax);
}

template <typename Derived>
inline Derived& ValueAppender<Derived>::AddLong(int32_t value, uint32_t syntax) {
  if (!AcceptsTyped(syntax, FormatOf(syntax) == Format::kLong)) return self();
  return AddFixed32(static_cast<uint32_t>(value), syntax);
}

template <typename Derived>
inline Derived& ValueAppender<Derived>::AddWord(uint16_t value, uint32_t syntax) {
  if (!AcceptsTyped(syntax, FormatOf(syntax) == Format::kWord)) return self();
  uint8_t bytes[2];
  StoreLE16(bytes, value);
  return AddFixed(syntax, bytes, sizeof(bytes));
}

template <typename Derived>
inline Derived& ValueAppender<Derived>::AddULargeInteger(uint64_t value, uint32_t syntax) {
  if (!AcceptsTyped(syntax, FormatOf(syntax) == Format::kULargeInteger)) return self();
  return AddFixed64(value, syntax);
}

template <typename Derived>
inline Derived& ValueAppender<Derived>::AddLargeInteger(int64_t value, uint32_t syntax) {
  if (!AcceptsTyped(syntax, FormatOf(syntax) == Format::kLargeInteger)) return self();
  return AddFixed64(static_cast<uint64_t>(value), syntax);
}

template <typename Derived>
inline Derived& ValueAppender<Derived>::AddFileTime(uint64_t ticks, uint32_t syntax) {
  if (!AcceptsTyped(syntax, FormatOf(syntax) == Format::kFileTime)) return self();
  return AddFixed64(ticks, syntax);
}

}  // namespace internal

inline bool PropertyListWriter::ReadyForValue() {
  if (finished_ || !in_property_) {
    Fail(kErrorInvalidParameter,
         finished_ ? "value after Finish()" : "value before BeginProperty()");
    return false;
  }
  ++property_values_;
  return true;
}

inline bool PropertyListWriter::HasRoomForTypedValue() const {
  return !in_property_ || property_values_ < kMaxValuesPerProperty;
}

inline void PropertyListWriter::EndProperty() {
  if (!in_property_) return;
  if (property_values_ == 0) {
    Fail(kErrorInvalidParameter, "property has no value");
    return;
  }
  AppendEndmark();
  in_property_ = false;
}

inline uint8_t* PropertyListWriter::ReserveProperty(size_t entry_size, size_t writable) {
  if (!status_.ok()) return nullptr;  // a failed writer writes nothing more
  EndProperty();
  if (finished_) Fail(kErrorInvalidParameter, "property after Finish()");
  if (count_ == std::numeric_limits<uint32_t>::max()) {
    Fail(kErrorInvalidParameter, "too many properties");
  }
  if (!status_.ok()) return nullptr;
  ++count_;
  in_property_ = true;
  property_values_ = 0;
  return buffer_.Extend(entry_size, writable);
}

inline uint8_t* PropertyListWriter::StartProperty(size_t units) {
  if (!status_.ok()) return nullptr;
  const uint64_t length = 2 * (uint64_t{units} + 1);
  if (length > std::numeric_limits<uint32_t>::max()) {
    Fail(kErrorInvalidParameter, "name too long");
    return nullptr;
  }
  const size_t entry_size = kValueHeaderSize + AlignUp(length);
  uint8_t* entry = ReserveProperty(entry_size, entry_size);
  if (entry == nullptr) return nullptr;
  return internal::WriteEntryHeader(entry, kSyntaxName, static_cast<uint32_t>(length));
}

inline PropertyListWriter& PropertyListWriter::BeginProperty(const EncodedName& name) {
  const uint8_t* from = name.blocks_.data();
  const size_t blocks = name.blocks_.size();
  if (blocks == 0) {
    Fail(kErrorInvalidParameter, "encoded name is empty (moved from)");
  } else if (uint8_t* at = ReserveProperty(name.size_, blocks)) {
    // Whole blocks: a few fixed-size moves instead of a call, the zeros past the entry land in
    // room that the next entry overwrites.
    for (size_t k = 0; k < blocks; k += EncodedName::kBlock) {
      std::memcpy(at + k, from + k, EncodedName::kBlock);
    }
  }
  return *this;
}

inline PropertyListWriter& PropertyListWriter::AddDwordProperty(const EncodedName& name,
                                                                uint32_t value, uint32_t syntax) {
  const size_t blocks = name.blocks_.size();
  // Anything unusual (a failed or finished writer, an open property to end, a bad name or
  // syntax, the last possible property) takes the two-step path, which reports it.
  if (ABSL_PREDICT_FALSE(!status_.ok() || in_property_ || finished_ || blocks == 0 ||
                         count_ == std::numeric_limits<uint32_t>::max() ||
                         FormatOf(syntax) != Format::kDword || !HasNamedOrUserType(syntax))) {
    return BeginProperty(name).AddDword(value, syntax);
  }
  const size_t size = name.size_ + kDwordEntry;
  uint8_t* at = buffer_.Extend(size, std::max(size, blocks));
  ++count_;
  const uint8_t* from = name.blocks_.data();
  for (size_t k = 0; k < blocks; k += EncodedName::kBlock) {
    std::memcpy(at + k, from + k, EncodedName::kBlock);
  }
  internal::fast::StoreDwordEntry(at + name.size_, syntax, value);
  return *this;
}

inline bool ValueListWriter::ReadyForValue() {
  if (finished_) {
    Fail(kErrorInvalidParameter, "value after Finish()");
    return false;
  }
  return true;
}

}  // namespace clusprop

#endif  // CLUSPROP_WRITER_H_
