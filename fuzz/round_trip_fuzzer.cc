// Round trip: a buffer that validates → owning model → encode must equal the input except for
// padding contents (written as zeros); the JSON written from the views reads back as the same
// model and is written again as the same text, and the model agrees with the reader's views (the
// differential check); a writer reused across inputs writes the same bytes again.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "clusprop/internal/endian.h"
#include "clusprop/json.h"
#include "clusprop/json_output.h"
#include "clusprop/model.h"
#include "clusprop/reader.h"
#include "clusprop/utf16.h"
#include "clusprop/writer.h"
#include "fuzz/fuzz_helpers.h"

using namespace clusprop;  // NOLINT: a fuzz target's single function

namespace {

// Zeroes every padding byte of a validated property list, in place, so that it can be compared
// with what the writer produces.
void ZeroPadding(const PropertyListReader& list, std::vector<uint8_t>* bytes) {
  for (PropertyView property : list) {
    size_t name_end = property.offset() + kValueHeaderSize + property.name_length();
    size_t name_padded = property.offset() + kValueHeaderSize + AlignUp(property.name_length());
    for (size_t i = name_end; i < name_padded; ++i) (*bytes)[i] = 0;
    for (ValueView value : property.values()) {
      for (size_t i = value.data_offset() + value.length();
           i < value.data_offset() + AlignUp(value.length()); ++i) {
        (*bytes)[i] = 0;
      }
    }
  }
}

// The model written again by one writer that lives across inputs (Clear() leaves the bytes of
// longer lists behind, which every entry must overwrite in full), each name in turn as UTF-8
// (the ASCII widening path), as an EncodedName (block copies) and verbatim; a property of one
// DWORD-format value in turn also with AddDwordProperty and in runs with AddDwordProperties.
std::vector<uint8_t> RewriteWithReusedWriter(const PropertyList& model) {
  static PropertyListWriter* writer =
      new PropertyListWriter(WriteOptions{.trailing_endmark = false});
  writer->Clear();
  std::vector<EncodedName> table_names;
  std::vector<uint32_t> table_values;
  uint32_t table_syntax = 0;
  const auto flush = [&] {
    writer->AddDwordProperties(table_names, table_values, table_syntax);
    table_names.clear();
    table_values.clear();
  };
  size_t k = 0;
  for (const Property& property : model.properties) {
    absl::StatusOr<std::string> utf8 = Utf16ToUtf8(property.name);
    absl::StatusOr<EncodedName> encoded = EncodedName::FromUtf16(property.name);
    const bool text = utf8.ok() && encoded.ok();  // well-formed, without NUL
    const bool one_dword =
        property.values.size() == 1 && FormatOf(property.values[0].syntax) == Format::kDword &&
        property.values[0].data.size() == 4 && HasNamedOrUserType(property.values[0].syntax);
    const size_t way = text ? k++ % 4 : 2;
    if (way == 3 && one_dword) {
      const uint32_t syntax = property.values[0].syntax;
      const uint32_t value = internal::LoadLE32(property.values[0].data.data());
      if ((k / 4) % 2 == 0) {
        flush();
        writer->AddDwordProperty(*encoded, value, syntax);
      } else {
        if (syntax != table_syntax) flush();
        table_syntax = syntax;
        table_names.push_back(*std::move(encoded));
        table_values.push_back(value);
      }
      continue;
    }
    flush();
    switch (way) {
      case 0:
        writer->BeginProperty(*utf8);
        break;
      case 1:
      case 3:
        writer->BeginProperty(*encoded);
        break;
      default:
        writer->BeginPropertyVerbatim(property.name);
    }
    for (const Value& value : property.values) writer->AddRaw(value.syntax, value.data);
  }
  flush();
  absl::StatusOr<absl::Span<const uint8_t>> bytes = writer->Finish();
  FUZZ_CHECK(bytes.ok());
  return std::vector<uint8_t>(bytes->begin(), bytes->end());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  absl::Span<const uint8_t> bytes(data, size);
  absl::StatusOr<PropertyListReader> reader = PropertyListReader::Open(bytes);
  if (!reader.ok()) return 0;
  PropertyList model = PropertyList::FromReader(*reader);

  // Differential: the model holds exactly what the views show.
  FUZZ_CHECK(model.properties.size() == reader->size());
  size_t i = 0;
  for (PropertyView view : *reader) {
    const Property& property = model.properties[i++];
    FUZZ_CHECK(property.name == view.name().ToU16String());
    size_t k = 0;
    for (ValueView value : view.values()) {
      FUZZ_CHECK(k < property.values.size());
      FUZZ_CHECK(property.values[k].syntax == value.syntax());
      FUZZ_CHECK(property.values[k].data.size() == value.length());
      FUZZ_CHECK(
          std::equal(value.data().begin(), value.data().end(), property.values[k].data.begin()));
      ++k;
    }
    FUZZ_CHECK(k == property.values.size());
  }

  // Encode: equal to the input with zeroed padding (nested lists are opaque data here).
  absl::StatusOr<std::vector<uint8_t>> encoded = EncodePropertyList(model);
  FUZZ_CHECK(encoded.ok());
  std::vector<uint8_t> expected(data, data + size);
  ZeroPadding(*reader, &expected);
  FUZZ_CHECK(*encoded == expected);
  // The same bytes from a reused writer and every way of writing a name, up to the trailer.
  std::vector<uint8_t> rewritten = RewriteWithReusedWriter(model);
  FUZZ_CHECK(rewritten.size() <= encoded->size());
  FUZZ_CHECK(std::equal(rewritten.begin(), rewritten.end(), encoded->begin()));

  // JSON, written from the views: parses with the tool's settings, reads back as the very same
  // model, and that model's JSON is the same text.
  absl::StatusOr<std::string> text = PropertyListToJsonText(absl::MakeConstSpan(data, size));
  FUZZ_CHECK(text.ok());
  absl::StatusOr<nlohmann::json> json = ParseJson(*text);
  FUZZ_CHECK(json.ok());
  absl::StatusOr<PropertyList> from_json = PropertyListFromJson(*json);
  FUZZ_CHECK(from_json.ok());
  FUZZ_CHECK(*from_json == model);
  absl::StatusOr<std::string> again = PropertyListToJsonText(*encoded);
  FUZZ_CHECK(again.ok() && *again == *text);
  return 0;
}
