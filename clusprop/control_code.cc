#include "clusprop/control_code.h"

namespace clusprop {
namespace {

// The table's invariants, checked once here rather than in every file that includes the header.
constexpr bool NamesAreUnique() {
  for (size_t i = 0; i < kControlCodes.size(); ++i) {
    for (size_t j = i + 1; j < kControlCodes.size(); ++j) {
      if (kControlCodes[i].name_object == kControlCodes[j].name_object &&
          kControlCodes[i].suffix == kControlCodes[j].suffix) {
        return false;
      }
    }
  }
  return true;
}
// No named code sets the global bit (clusapi.h's own codes never do), and every name's object
// is the value's, except where clusapi.h builds a code with another object's macro.
constexpr bool ObjectsMatchNames() {
  int built_for_another = 0;
  for (const NamedControlCode& code : kControlCodes) {
    const ControlCodeFields fields = DecodeControlCode(code.value);
    if (fields.global) return false;
    if (fields.object != code.name_object) ++built_for_another;
  }
  return built_for_another == 3;  // RESOURCE_TYPE_STORAGE_IS_CSV_FILE, GROUP_GET_PROVIDER_*
}

static_assert(NamesAreUnique(), "each CLUSCTL_* name once");
static_assert(ObjectsMatchNames(), "names carry their value's object");

}  // namespace

const NamedControlCode* FindControlCode(uint32_t value) {
  for (const NamedControlCode& code : kControlCodes) {
    if (code.value == value) return &code;
  }
  return nullptr;
}

std::string ControlCodeName(const NamedControlCode& code) {
  std::string name = "CLUSCTL_";
  name.append(ControlObjectName(code.name_object).value_or(""));
  name.push_back('_');
  name.append(code.suffix);
  return name;
}

std::optional<std::string> ControlCodeName(uint32_t value) {
  const NamedControlCode* code = FindControlCode(value);
  if (code == nullptr) return std::nullopt;
  return ControlCodeName(*code);
}

}  // namespace clusprop
