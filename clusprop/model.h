// An owning representation of property lists and value lists, for code that edits lists or
// keeps them beyond the buffer's lifetime (the command-line tool, JSON conversion).
//
// Values keep their raw data bytes, so every structurally valid buffer decodes and re-encodes
// byte for byte except padding contents (written as zeros): names are kept as UTF-16 code units
// even when ill-formed, the trailing ENDMARK is remembered, and bytes after the list (accepted by
// the lenient reader) are kept in `trailing_bytes`.
//
// Example:
//   ASSIGN_OR_RETURN(PropertyList list, DecodePropertyList(bytes));
//   list.properties.push_back({u"FixQuorum", {Value::Dword(1)}});
//   ASSIGN_OR_RETURN(std::vector<uint8_t> out, EncodePropertyList(list));
//
// Plain value types: copy, compare and move them freely; not synchronized.

#ifndef CLUSPROP_MODEL_H_
#define CLUSPROP_MODEL_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "clusprop/reader.h"
#include "clusprop/syntax.h"
#include "clusprop/writer.h"

namespace clusprop {

struct Value {
  uint32_t syntax = 0;
  std::vector<uint8_t> data;  // cbLength bytes, no padding

  static Value FromView(const ValueView& view);
  // A DWORD value with the LIST_VALUE_DWORD syntax.
  static Value Dword(uint32_t value);

  friend bool operator==(const Value& a, const Value& b) {
    return a.syntax == b.syntax && a.data == b.data;
  }
  friend bool operator!=(const Value& a, const Value& b) { return !(a == b); }
};

struct Property {
  std::u16string name;  // without the NUL
  std::vector<Value> values;

  friend bool operator==(const Property& a, const Property& b) {
    return a.name == b.name && a.values == b.values;
  }
  friend bool operator!=(const Property& a, const Property& b) { return !(a == b); }
};

struct PropertyList {
  std::vector<Property> properties;
  bool trailing_endmark = true;
  std::vector<uint8_t> trailing_bytes;

  static PropertyList FromReader(const PropertyListReader& reader);

  friend bool operator==(const PropertyList& a, const PropertyList& b) {
    return a.properties == b.properties && a.trailing_endmark == b.trailing_endmark &&
           a.trailing_bytes == b.trailing_bytes;
  }
  friend bool operator!=(const PropertyList& a, const PropertyList& b) { return !(a == b); }
};

struct ValueList {
  std::vector<Value> values;
  std::vector<uint8_t> trailing_bytes;

  static ValueList FromReader(const ValueListReader& reader);

  friend bool operator==(const ValueList& a, const ValueList& b) {
    return a.values == b.values && a.trailing_bytes == b.trailing_bytes;
  }
  friend bool operator!=(const ValueList& a, const ValueList& b) { return !(a == b); }
};

// Validate with `options`, then copy into the owning form.
absl::StatusOr<PropertyList> DecodePropertyList(absl::Span<const uint8_t> bytes,
                                                const ReadOptions& options = {});
absl::StatusOr<ValueList> DecodeValueList(absl::Span<const uint8_t> bytes,
                                          const ReadOptions& options = {});

// Write through PropertyListWriter / ValueListWriter, then append `trailing_bytes`. Fails with
// ERROR_INVALID_PARAMETER for what cannot be written (a property without values, an ENDMARK or
// NAME syntax as a value).
absl::StatusOr<std::vector<uint8_t>> EncodePropertyList(const PropertyList& list);
absl::StatusOr<std::vector<uint8_t>> EncodeValueList(const ValueList& list);

}  // namespace clusprop

#endif  // CLUSPROP_MODEL_H_
