// Property-list reader: lenient and strict validation, iteration, and every typed accessor on
// every value. Asserts: strict-valid implies lenient-valid with the same shape; the single-pass
// cursor agrees with the reader, error for error; errors carry
// ERROR_INVALID_DATA and an offset inside the buffer; iteration visits exactly the counted
// properties and values, within the buffer.

#include <cstddef>
#include <cstdint>

#include "clusprop/cursor.h"
#include "clusprop/reader.h"
#include "fuzz/fuzz_helpers.h"

using namespace clusprop;  // NOLINT: a fuzz target's single function

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  absl::Span<const uint8_t> bytes(data, size);
  absl::StatusOr<ListInfo> strict = ValidatePropertyList(bytes, {.strict = true});
  absl::StatusOr<PropertyListReader> lenient = PropertyListReader::Open(bytes);
  if (strict.ok()) {
    FUZZ_CHECK(lenient.ok());
    FUZZ_CHECK(strict->property_count == lenient->info().property_count);
    FUZZ_CHECK(strict->value_count == lenient->info().value_count);
    FUZZ_CHECK(strict->trailing_bytes == 0);
  } else {
    fuzz::CheckError(strict.status(), size);
  }
  // The single-pass cursor reaches the same verdict, in both modes.
  for (bool is_strict : {false, true}) {
    PropertyListCursor cursor(bytes, {.strict = is_strict});
    while (cursor.Next()) {
      FUZZ_CHECK(cursor.first_value().offset() == cursor.property().first_value().offset());
    }
    FUZZ_CHECK(cursor.status() == (is_strict ? strict.status() : lenient.status()));
  }
  if (!lenient.ok()) {
    fuzz::CheckError(lenient.status(), size);
    return 0;
  }
  const ListInfo& info = lenient->info();
  FUZZ_CHECK(info.list_size + info.trailing_bytes == size);
  uint32_t properties = 0;
  size_t values = 0;
  for (PropertyView property : *lenient) {
    ++properties;
    FUZZ_CHECK(property.end_offset() <= info.list_size);
    (void)property.name().ToUtf8();
    (void)property.name().EqualsIgnoreCase("Virtual Machine");
    for (ValueView value : property.values()) {
      ++values;
      FUZZ_CHECK(value.data_offset() + value.length() <= size);
      fuzz::ReadEveryWay(value);
    }
  }
  FUZZ_CHECK(properties == info.property_count);
  FUZZ_CHECK(values == info.value_count);
  return 0;
}
