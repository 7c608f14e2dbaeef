// Zero-copy readers for CLUSPROP property lists and value lists.
//
// A property list is, in bytes (all integers little-endian, every entry 4-aligned):
//
//   count (4)                                   number of properties
//   repeat count times:
//     NAME entry   syntax 0x00040003 (4), cbLength (4), UTF-16LE name with NUL, pad to 4
//     value entry  syntax (4), cbLength (4), data[cbLength], pad to 4      -- one or more
//     ENDMARK      00 00 00 00
//   [ENDMARK]                                   optional trailer (Windows writes it)
//
// A value list is a sequence of value entries ended by one ENDMARK. See FORMAT.md.
//
// Open() validates the whole buffer once (FlatBuffers' model); iteration afterwards does no
// checks and never allocates. Views (PropertyView, ValueView, Utf16View) point into the caller's
// buffer, which must outlive them and the reader. Buffers may have any alignment.
//
// Two levels of validation:
//  - lenient (the default): what Windows accepts. Bounds, lengths, NAME/ENDMARK placement,
//    NUL-terminated names with even cbLength >= 2, at least one value per property, exactly
//    `count` properties. Value entries are walked by cbLength only: the data of a PROPERTY_LIST
//    value is not looked into (Windows does not descend either), so a nested list that is not a
//    valid property list is accepted here and reported by ValueView::AsPropertyList() when read.
//    Padding contents are ignored and bytes after the list are reported by trailing_bytes(), as
//    Windows does.
//  - strict (ReadOptions::strict): also zero padding, no bytes after the list, well-formed UTF-16
//    names without embedded NUL, every value with cbLength > 0 readable by the typed accessor of
//    its format (a cbLength of 0 means "reset to default" and is always accepted), and MS-CMRP's
//    rules for the entries themselves:
//      - one to three values per property (kMaxValuesPerProperty); the error is at the fourth
//        value's syntax field (once that entry's header has passed the structural checks);
//      - every value's type (the syntax's high word) is one clusapi.h names (0x0000-0x000F) or at
//        least USER (0x8000) (HasNamedOrUserType); the error is at the value's syntax field. This
//        holds for value lists too;
//      - nested property lists (format PROPERTY_LIST, cbLength > 0) are valid property lists
//        under these same strict rules, recursively up to kMaxNestingDepth, with nothing after
//        their end (no trailing bytes; one trailer ENDMARK is allowed).
//
// Every error is ERROR_INVALID_DATA (13) with the byte offset of the offending field, counted from
// the start of the outermost buffer (also inside nested lists), and a short reason (see
// win32_error.h). An error that only more bytes could cure (a header, a cbLength or the property
// count reaching past the end of the outermost buffer) is also marked IsTruncated(); a nested
// list that overruns its own value is malformed, not truncated.
//
// Example:
//   ASSIGN_OR_RETURN(PropertyListReader list, PropertyListReader::Open(bytes));
//   for (PropertyView property : list) {
//     if (property.name().EqualsIgnoreCase("Virtual Machine")) {
//       ASSIGN_OR_RETURN(uint32_t action, property.first_value().AsDword());
//     }
//   }
//
// Readers and views are immutable values: safe to share between threads.

#ifndef CLUSPROP_READER_H_
#define CLUSPROP_READER_H_

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <type_traits>

#include "absl/base/optimization.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "clusprop/internal/endian.h"
#include "clusprop/syntax.h"
#include "clusprop/utf16.h"

namespace clusprop {

// Deepest nesting of PROPERTY_LIST values that strict validation accepts; the outermost list is
// depth 1. Deeper input is ERROR_INVALID_DATA. Bounds the reader's stack use on hostile input:
// only strict validation descends into nested lists (lenient validation and AsPropertyList()
// check one level each, without recursion).
inline constexpr int kMaxNestingDepth = 16;

// Most values a property may hold in strict validation (MS-CMRP 2.2.3.10.1: one to three).
inline constexpr size_t kMaxValuesPerProperty = 3;

struct ReadOptions {
  // Structural + typed + MS-CMRP validation, descending into nested lists (see above). Off:
  // structural only, as Windows reads.
  bool strict = false;
  // Reject EXPANDED_SZ values (only a server produces them; a client never sends one). Applies to
  // the values of nested lists only in strict mode, the only one that descends.
  bool reject_expanded_sz = false;
};

// What validation learned about a list.
struct ListInfo {
  uint32_t property_count = 0;    // property lists only
  size_t value_count = 0;         // all value entries, nested lists excluded
  bool trailing_endmark = false;  // property lists: the optional trailer was present
  size_t list_size = 0;           // bytes of the list, trailer included
  size_t trailing_bytes = 0;      // bytes after the list (lenient only; strict rejects them)
};

class PropertyListReader;
class MultiStringView;

// One value entry: syntax (4), cbLength (4), data, padding.
class ValueView {
 public:
  ValueView() = default;

  uint32_t syntax() const { return syntax_; }
  Format format() const { return FormatOf(syntax_); }
  Type type() const { return TypeOf(syntax_); }
  // cbLength: the exact data size, without header or padding.
  uint32_t length() const { return length_; }
  absl::Span<const uint8_t> data() const { return {base_ + offset_ + kValueHeaderSize, length_}; }
  // Offset of the entry's syntax field, from the start of the outermost buffer.
  size_t offset() const { return offset_; }
  size_t data_offset() const { return offset_ + kValueHeaderSize; }

  // Typed reads. Each checks the format and the size and fails with ERROR_INVALID_DATA and the
  // entry's offset otherwise. The format is checked, not the type: DISK_SIGNATURE reads as DWORD.
  absl::StatusOr<uint32_t> AsDword() const { return ReadInteger<Format::kDword, uint32_t>(); }
  absl::StatusOr<int32_t> AsLong() const { return ReadInteger<Format::kLong, int32_t>(); }
  absl::StatusOr<uint16_t> AsWord() const { return ReadInteger<Format::kWord, uint16_t>(); }
  absl::StatusOr<uint64_t> AsULargeInteger() const {
    return ReadInteger<Format::kULargeInteger, uint64_t>();
  }
  absl::StatusOr<int64_t> AsLargeInteger() const {
    return ReadInteger<Format::kLargeInteger, int64_t>();
  }
  // 100-ns ticks since 1601-01-01 (dwLowDateTime, then dwHighDateTime).
  absl::StatusOr<uint64_t> AsFileTime() const { return ReadInteger<Format::kFileTime, uint64_t>(); }
  // SZ, EXPAND_SZ or EXPANDED_SZ: even cbLength >= 2, last unit NUL, no other NUL, well-formed
  // UTF-16. The view excludes the NUL.
  absl::StatusOr<Utf16View> AsString() const;
  // MULTI_SZ: non-empty strings, each NUL-terminated, then a final NUL; cbLength 2 or 4 of NULs is
  // the empty list. Strings are well-formed UTF-16.
  absl::StatusOr<MultiStringView> AsMultiString() const;
  // BINARY or SECURITY_DESCRIPTOR: the raw bytes.
  absl::StatusOr<absl::Span<const uint8_t>> AsBinary() const;
  // PROPERTY_LIST: a reader over the nested list. The nested list is validated here, on demand,
  // with lenient validation (its own PROPERTY_LIST values are checked when they are read in
  // turn), and nothing may follow its end except one trailer ENDMARK; errors carry offsets from
  // the start of the outermost buffer. cbLength 0 is ERROR_INVALID_DATA at the cbLength field.
  absl::StatusOr<PropertyListReader> AsPropertyList() const;

  // OK when the typed accessor of this value's format accepts it (or the format has no typed
  // accessor); what strict validation checks of each value's data when cbLength > 0 (it checks
  // the type and, for nested lists, descends as well).
  absl::Status CheckTyped() const;

 private:
  friend class PropertyListCursor;
  friend class PropertyView;
  friend class ValueIterator;
  friend class ValueListReader;
  ValueView(const uint8_t* base, size_t offset)
      : base_(base),
        offset_(offset),
        syntax_(internal::LoadLE32(base + offset)),
        length_(internal::LoadLE32(base + offset + 4)) {}

  absl::Status FormatError(const char* expected) const;
  absl::Status LengthError(const char* what) const;
  // The error of a fixed-size read: wrong format, or cbLength other than the format's size.
  static absl::Status FixedSizeError(uint32_t syntax, size_t offset, Format expected);
  // The typed read of an integer format: format F, cbLength its fixed size (sizeof(T)).
  template <Format F, typename T>
  absl::StatusOr<T> ReadInteger() const {
    constexpr const FormatInfo& kInfo = FormatInfoOf(F);
    static_assert(kInfo.fixed_size == sizeof(T), "T has the format's size");
    static_assert(kInfo.kind == (std::is_signed_v<T> ? ValueKind::kSignedInteger
                                                     : ValueKind::kUnsignedInteger),
                  "T has the format's signedness");
    if (ABSL_PREDICT_FALSE(format() != F || length_ != kInfo.fixed_size)) {
      return FixedSizeError(syntax_, offset_, F);
    }
    const uint8_t* data = base_ + data_offset();
    if constexpr (sizeof(T) == 2) {
      return static_cast<T>(internal::LoadLE16(data));
    } else if constexpr (sizeof(T) == 4) {
      return static_cast<T>(internal::LoadLE32(data));
    } else {
      return static_cast<T>(internal::LoadLE64(data));
    }
  }

  const uint8_t* base_ = nullptr;
  size_t offset_ = 0;
  uint32_t syntax_ = 0;
  uint32_t length_ = 0;
};

// The strings of a validated MULTI_SZ value; iterates without allocating.
class MultiStringView {
 public:
  class iterator {
   public:
    using iterator_category = std::forward_iterator_tag;
    using value_type = Utf16View;
    using difference_type = std::ptrdiff_t;
    using pointer = void;
    using reference = Utf16View;

    Utf16View operator*() const;
    iterator& operator++();
    iterator operator++(int) {
      iterator old = *this;
      ++*this;
      return old;
    }
    friend bool operator==(iterator a, iterator b) { return a.pos_ == b.pos_; }
    friend bool operator!=(iterator a, iterator b) { return a.pos_ != b.pos_; }

   private:
    friend class MultiStringView;
    iterator(const uint8_t* data, size_t pos) : data_(data), pos_(pos) {}
    size_t Length() const;  // units of the string at pos_
    const uint8_t* data_;
    size_t pos_;  // in code units
  };

  MultiStringView() = default;
  iterator begin() const { return iterator(data_, 0); }
  iterator end() const { return iterator(data_, content_units_); }
  bool empty() const { return content_units_ == 0; }
  size_t size() const;  // number of strings (walks them)

 private:
  friend class ValueView;
  // The bare MULTI_SZ of a control code (control_buffer.h).
  friend absl::StatusOr<MultiStringView> ReadMultiStringBuffer(absl::Span<const uint8_t> buffer);
  MultiStringView(const uint8_t* data, size_t content_units)
      : data_(data), content_units_(content_units) {}
  const uint8_t* data_ = nullptr;
  size_t content_units_ = 0;  // units before the final NUL
};

// Iterates the values of a validated property or value list, up to its ENDMARK.
class ValueIterator {
 public:
  using iterator_category = std::forward_iterator_tag;
  using value_type = ValueView;
  using difference_type = std::ptrdiff_t;
  using pointer = void;
  using reference = ValueView;

  ValueView operator*() const { return ValueView(base_, pos_); }
  ValueIterator& operator++() {
    pos_ += kValueHeaderSize + AlignUp(internal::LoadLE32(base_ + pos_ + 4));
    return *this;
  }
  ValueIterator operator++(int) {
    ValueIterator old = *this;
    ++*this;
    return old;
  }
  // Any iterator equals end() once it stands on the ENDMARK.
  friend bool operator==(const ValueIterator& a, const ValueIterator& b) {
    return a.AtEnd() == b.AtEnd() && (a.AtEnd() || a.pos_ == b.pos_);
  }
  friend bool operator!=(const ValueIterator& a, const ValueIterator& b) { return !(a == b); }

 private:
  friend class PropertyView;
  friend class ValueListReader;
  ValueIterator(const uint8_t* base, size_t pos) : base_(base), pos_(pos) {}
  static ValueIterator End() { return ValueIterator(nullptr, 0); }
  bool AtEnd() const { return base_ == nullptr || internal::LoadLE32(base_ + pos_) == 0; }

  const uint8_t* base_;
  size_t pos_;
};

struct ValueRange {
  ValueIterator b, e;
  ValueIterator begin() const { return b; }
  ValueIterator end() const { return e; }
};

// One property of a validated list: its name and its values.
class PropertyView {
 public:
  // A view of the property at `offset` of `base`. REQUIRES: the property has been validated
  // (PropertyListReader::Open, PropertyListCursor).
  PropertyView(const uint8_t* base, size_t offset) : base_(base), offset_(offset) {}

  // The name without its terminating NUL.
  Utf16View name() const {
    return Utf16View(base_ + offset_ + kValueHeaderSize, name_length() / 2 - 1);
  }
  // Offset of the NAME entry, from the start of the outermost buffer.
  size_t offset() const { return offset_; }
  // cbLength of the NAME entry (NUL included).
  uint32_t name_length() const { return internal::LoadLE32(base_ + offset_ + 4); }

  ValueRange values() const {
    return {ValueIterator(base_, values_offset()), ValueIterator::End()};
  }
  ValueView first_value() const { return ValueView(base_, values_offset()); }
  size_t value_count() const;
  // Offset just past this property's ENDMARK.
  size_t end_offset() const;

 private:
  size_t values_offset() const { return offset_ + kValueHeaderSize + AlignUp(name_length()); }

  const uint8_t* base_;
  size_t offset_;
};

class PropertyIterator {
 public:
  using iterator_category = std::forward_iterator_tag;
  using value_type = PropertyView;
  using difference_type = std::ptrdiff_t;
  using pointer = void;
  using reference = PropertyView;

  PropertyView operator*() const { return PropertyView(base_, pos_); }
  PropertyIterator& operator++() {
    pos_ = PropertyView(base_, pos_).end_offset();
    --remaining_;
    return *this;
  }
  PropertyIterator operator++(int) {
    PropertyIterator old = *this;
    ++*this;
    return old;
  }
  friend bool operator==(const PropertyIterator& a, const PropertyIterator& b) {
    return a.remaining_ == b.remaining_;
  }
  friend bool operator!=(const PropertyIterator& a, const PropertyIterator& b) { return !(a == b); }

 private:
  friend class PropertyListReader;
  PropertyIterator(const uint8_t* base, size_t pos, uint32_t remaining)
      : base_(base), pos_(pos), remaining_(remaining) {}
  const uint8_t* base_;
  size_t pos_;
  uint32_t remaining_;
};

class PropertyListReader {
 public:
  // Validates `buffer` as a property list; on success the reader iterates it without checks.
  static absl::StatusOr<PropertyListReader> Open(absl::Span<const uint8_t> buffer,
                                                 const ReadOptions& options = {});

  uint32_t size() const { return info_.property_count; }
  bool empty() const { return info_.property_count == 0; }
  PropertyIterator begin() const { return PropertyIterator(base_, begin_ + 4, size()); }
  PropertyIterator end() const { return PropertyIterator(base_, 0, 0); }

  const ListInfo& info() const { return info_; }
  bool has_trailing_endmark() const { return info_.trailing_endmark; }
  // Bytes after the list and its optional trailer; always 0 for a strict reader.
  absl::Span<const uint8_t> trailing_bytes() const {
    return {base_ + begin_ + info_.list_size, info_.trailing_bytes};
  }
  // The list itself (trailer included, trailing bytes excluded).
  absl::Span<const uint8_t> bytes() const { return {base_ + begin_, info_.list_size}; }
  // Offset of the count field from the start of the outermost buffer (non-zero when nested).
  size_t offset() const { return begin_; }

 private:
  friend class ValueView;
  PropertyListReader(const uint8_t* base, size_t begin, const ListInfo& info)
      : base_(base), begin_(begin), info_(info) {}

  const uint8_t* base_ = nullptr;
  size_t begin_ = 0;
  ListInfo info_;
};

class ValueListReader {
 public:
  static absl::StatusOr<ValueListReader> Open(absl::Span<const uint8_t> buffer,
                                              const ReadOptions& options = {});

  size_t size() const { return info_.value_count; }
  bool empty() const { return info_.value_count == 0; }
  ValueIterator begin() const { return ValueIterator(base_, 0); }
  ValueIterator end() const { return ValueIterator::End(); }

  const ListInfo& info() const { return info_; }
  absl::Span<const uint8_t> trailing_bytes() const {
    return {base_ + info_.list_size, info_.trailing_bytes};
  }
  absl::Span<const uint8_t> bytes() const { return {base_, info_.list_size}; }

 private:
  ValueListReader(const uint8_t* base, const ListInfo& info) : base_(base), info_(info) {}
  const uint8_t* base_ = nullptr;
  ListInfo info_;
};

// Validation only (snappy's IsValidCompressedBuffer): the same checks as Open().
absl::StatusOr<ListInfo> ValidatePropertyList(absl::Span<const uint8_t> buffer,
                                              const ReadOptions& options = {});
absl::StatusOr<ListInfo> ValidateValueList(absl::Span<const uint8_t> buffer,
                                           const ReadOptions& options = {});

}  // namespace clusprop

#endif  // CLUSPROP_READER_H_
