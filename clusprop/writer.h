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

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "clusprop/syntax.h"

namespace clusprop {

struct WriteOptions {
  // Append the extra list ENDMARK that Windows writes after the last property.
  bool trailing_endmark = true;
};

namespace internal {

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
  // Reserves an entry with `length` data bytes (zeroed padding) and returns a pointer to its
  // data, or nullptr when the writer has failed or is not ready for a value.
  uint8_t* BeginValue(uint32_t syntax, uint64_t length);
  void Fail(uint32_t code, const char* what);
  void AppendEndmark();

  std::vector<uint8_t> buffer_;
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

class PropertyListWriter : public internal::ValueAppender<PropertyListWriter> {
 public:
  explicit PropertyListWriter(WriteOptions options = {});

  // Starts a property (and ends the previous one, which must have at least one value).
  PropertyListWriter& BeginProperty(std::string_view utf8_name);
  PropertyListWriter& BeginProperty(std::u16string_view name);
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

}  // namespace clusprop

#endif  // CLUSPROP_WRITER_H_
