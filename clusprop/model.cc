#include "clusprop/model.h"

#include "clusprop/internal/endian.h"

namespace clusprop {
namespace {

std::vector<uint8_t> Copy(absl::Span<const uint8_t> bytes) {
  return std::vector<uint8_t>(bytes.begin(), bytes.end());
}

template <typename Writer>
void AddValues(const std::vector<Value>& values, Writer* writer) {
  for (const Value& value : values) writer->AddRaw(value.syntax, value.data);
}

absl::StatusOr<std::vector<uint8_t>> Finish(absl::StatusOr<absl::Span<const uint8_t>> bytes,
                                            const std::vector<uint8_t>& trailing) {
  if (!bytes.ok()) return bytes.status();
  std::vector<uint8_t> out;
  out.reserve(bytes->size() + trailing.size());
  out.insert(out.end(), bytes->begin(), bytes->end());
  out.insert(out.end(), trailing.begin(), trailing.end());
  return out;
}

}  // namespace

Value Value::FromView(const ValueView& view) { return Value{view.syntax(), Copy(view.data())}; }

Value Value::Dword(uint32_t value) {
  Value v{kSyntaxListValueDword, std::vector<uint8_t>(4)};
  internal::StoreLE32(v.data.data(), value);
  return v;
}

PropertyList PropertyList::FromReader(const PropertyListReader& reader) {
  PropertyList list;
  list.properties.reserve(reader.size());
  for (PropertyView view : reader) {
    Property& property = list.properties.emplace_back();
    property.name = view.name().ToU16String();
    for (ValueView value : view.values()) property.values.push_back(Value::FromView(value));
  }
  list.trailing_endmark = reader.has_trailing_endmark();
  list.trailing_bytes = Copy(reader.trailing_bytes());
  return list;
}

ValueList ValueList::FromReader(const ValueListReader& reader) {
  ValueList list;
  list.values.reserve(reader.size());
  for (ValueView value : reader) list.values.push_back(Value::FromView(value));
  list.trailing_bytes = Copy(reader.trailing_bytes());
  return list;
}

absl::StatusOr<PropertyList> DecodePropertyList(absl::Span<const uint8_t> bytes,
                                                const ReadOptions& options) {
  absl::StatusOr<PropertyListReader> reader = PropertyListReader::Open(bytes, options);
  if (!reader.ok()) return reader.status();
  return PropertyList::FromReader(*reader);
}

absl::StatusOr<ValueList> DecodeValueList(absl::Span<const uint8_t> bytes,
                                          const ReadOptions& options) {
  absl::StatusOr<ValueListReader> reader = ValueListReader::Open(bytes, options);
  if (!reader.ok()) return reader.status();
  return ValueList::FromReader(*reader);
}

absl::StatusOr<std::vector<uint8_t>> EncodePropertyList(const PropertyList& list) {
  PropertyListWriter writer(WriteOptions{.trailing_endmark = list.trailing_endmark});
  for (const Property& property : list.properties) {
    writer.BeginPropertyVerbatim(property.name);
    AddValues(property.values, &writer);
  }
  return Finish(writer.Finish(), list.trailing_bytes);
}

absl::StatusOr<std::vector<uint8_t>> EncodeValueList(const ValueList& list) {
  ValueListWriter writer;
  AddValues(list.values, &writer);
  return Finish(writer.Finish(), list.trailing_bytes);
}

}  // namespace clusprop
