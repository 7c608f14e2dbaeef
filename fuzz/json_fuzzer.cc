// JSON → binary, the tool's encode path: never crashes; bad JSON is rejected with
// ERROR_INVALID_DATA; whatever it accepts encodes, and the encoding reads back (as the same
// model when the JSON chose no trailing bytes).

#include <cstddef>
#include <cstdint>
#include <string>

#include "clusprop/json.h"
#include "clusprop/model.h"
#include "fuzz/fuzz_helpers.h"

using namespace clusprop;  // NOLINT: a fuzz target's single function

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  nlohmann::json json = nlohmann::json::parse(data, data + size, nullptr,
                                              /*allow_exceptions=*/false);
  if (json.is_discarded()) return 0;
  absl::StatusOr<PropertyList> list = PropertyListFromJson(json);
  if (!list.ok()) {
    FUZZ_CHECK(Win32CodeOf(list.status()) == kErrorInvalidData);
    return 0;
  }
  absl::StatusOr<std::vector<uint8_t>> bytes = EncodePropertyList(*list);
  if (!bytes.ok()) {
    FUZZ_CHECK(Win32CodeOf(bytes.status()) == kErrorInvalidParameter);
    return 0;
  }
  absl::StatusOr<PropertyList> decoded = DecodePropertyList(*bytes);
  FUZZ_CHECK(decoded.ok());
  // Trailing bytes chosen in the JSON may read back as a trailer; without them, exact.
  if (list->trailing_bytes.empty()) FUZZ_CHECK(*decoded == *list);
  return 0;
}
