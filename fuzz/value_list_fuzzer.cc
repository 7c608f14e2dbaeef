// Value-list reader: lenient and strict validation, iteration, every typed accessor.

#include <cstddef>
#include <cstdint>

#include "clusprop/reader.h"
#include "fuzz/fuzz_helpers.h"

using namespace clusprop;  // NOLINT: a fuzz target's single function

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  absl::Span<const uint8_t> bytes(data, size);
  absl::StatusOr<ListInfo> strict = ValidateValueList(bytes, {.strict = true});
  absl::StatusOr<ValueListReader> lenient = ValueListReader::Open(bytes);
  if (strict.ok()) {
    FUZZ_CHECK(lenient.ok());
    FUZZ_CHECK(strict->value_count == lenient->size());
  } else {
    fuzz::CheckError(strict.status(), size);
  }
  if (!lenient.ok()) {
    fuzz::CheckError(lenient.status(), size);
    return 0;
  }
  FUZZ_CHECK(lenient->info().list_size + lenient->info().trailing_bytes == size);
  size_t values = 0;
  for (ValueView value : *lenient) {
    ++values;
    FUZZ_CHECK(value.data_offset() + value.length() <= size);
    fuzz::ReadEveryWay(value);
  }
  FUZZ_CHECK(values == lenient->size());
  return 0;
}
