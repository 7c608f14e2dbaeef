// JSON text → binary, the tool's encode path with the tool's own parser settings (ParseJson):
// never crashes, never throws; every rejection is ERROR_INVALID_DATA with a JSON path; whatever
// is accepted, as a property list or as a value list, encodes to bytes that read back and whose
// JSON is equal to the input (JSON → bytes → JSON is the identity).

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "clusprop/json.h"
#include "clusprop/json_output.h"
#include "clusprop/model.h"
#include "fuzz/fuzz_helpers.h"

using namespace clusprop;  // NOLINT: a fuzz target's single function

namespace {

void CheckJsonError(const absl::Status& status) {
  FUZZ_CHECK(!status.ok());
  FUZZ_CHECK(Win32CodeOf(status) == kErrorInvalidData);
  FUZZ_CHECK(std::string_view(ErrorWhat(status)).find(": ") != std::string_view::npos);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  absl::StatusOr<nlohmann::json> json =
      ParseJson(std::string_view(reinterpret_cast<const char*>(data), size));
  if (!json.ok()) {
    CheckJsonError(json.status());
    return 0;
  }

  if (absl::StatusOr<PropertyList> list = PropertyListFromJson(*json); list.ok()) {
    absl::StatusOr<std::vector<uint8_t>> bytes = EncodePropertyList(*list);
    FUZZ_CHECK(bytes.ok());
    absl::StatusOr<PropertyList> decoded = DecodePropertyList(*bytes);
    FUZZ_CHECK(decoded.ok());
    FUZZ_CHECK(*decoded == *list);
    absl::StatusOr<std::string> text = PropertyListToJsonText(*bytes);
    FUZZ_CHECK(text.ok());
    FUZZ_CHECK(nlohmann::json::parse(*text) == *json);
  } else {
    CheckJsonError(list.status());
  }

  if (absl::StatusOr<ValueList> list = ValueListFromJson(*json); list.ok()) {
    absl::StatusOr<std::vector<uint8_t>> bytes = EncodeValueList(*list);
    FUZZ_CHECK(bytes.ok());
    absl::StatusOr<std::string> text = ValueListToJsonText(*bytes);
    FUZZ_CHECK(text.ok());
    FUZZ_CHECK(nlohmann::json::parse(*text) == *json);
  } else {
    CheckJsonError(list.status());
  }
  return 0;
}
