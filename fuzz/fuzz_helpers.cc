#include "fuzz/fuzz_helpers.h"

#include "clusprop/utf16.h"

namespace clusprop {
namespace fuzz {
namespace {

template <typename T>
bool Succeeds(const absl::StatusOr<T>& result, const ValueView& value) {
  if (result.ok()) return true;
  FUZZ_CHECK(Win32CodeOf(result.status()) == kErrorInvalidData);
  std::optional<size_t> offset = ErrorOffsetOf(result.status());
  FUZZ_CHECK(offset.has_value());
  FUZZ_CHECK(*offset >= value.offset());
  FUZZ_CHECK(*offset < value.data_offset() + value.length() + 4);
  return false;
}

}  // namespace

void ReadEveryWay(const ValueView& value, int depth) {
  bool dword = Succeeds(value.AsDword(), value);
  bool lng = Succeeds(value.AsLong(), value);
  bool word = Succeeds(value.AsWord(), value);
  bool ularge = Succeeds(value.AsULargeInteger(), value);
  bool large = Succeeds(value.AsLargeInteger(), value);
  bool filetime = Succeeds(value.AsFileTime(), value);
  absl::StatusOr<Utf16View> text = value.AsString();
  bool string = Succeeds(text, value);
  if (string) {
    FUZZ_CHECK(text->IsWellFormed());
    FUZZ_CHECK(2 * (text->size() + 1) == value.length());
    (void)text->ToUtf8();
  }
  absl::StatusOr<MultiStringView> strings = value.AsMultiString();
  bool multi = Succeeds(strings, value);
  if (multi) {
    size_t units = 0;
    for (Utf16View s : *strings) {
      FUZZ_CHECK(!s.empty());
      FUZZ_CHECK(s.IsWellFormed());
      units += s.size() + 1;
    }
    FUZZ_CHECK(2 * (units + 1) == value.length() || units == 0);
  }
  bool binary = Succeeds(value.AsBinary(), value);
  absl::StatusOr<PropertyListReader> nested = value.AsPropertyList();
  bool list = Succeeds(nested, value);
  // A lenient reader opens nested lists one level at a time, however deep they go; the walk
  // stops where strict validation would.
  if (list && depth + 1 < kMaxNestingDepth) {
    for (PropertyView property : *nested) {
      for (ValueView inner : property.values()) ReadEveryWay(inner, depth + 1);
    }
  }
  // At most one accessor family accepts a value, and only for its own format.
  int accepted = dword + lng + word + ularge + large + filetime + string + multi + binary + list;
  FUZZ_CHECK(accepted <= 1);
  if (value.length() > 0 && value.format() != Format::kPropertyList) {
    bool typed_ok = value.CheckTyped().ok();
    switch (value.format()) {
      case Format::kDword:
        FUZZ_CHECK(dword == typed_ok);
        break;
      case Format::kLong:
        FUZZ_CHECK(lng == typed_ok);
        break;
      case Format::kWord:
        FUZZ_CHECK(word == typed_ok);
        break;
      case Format::kULargeInteger:
        FUZZ_CHECK(ularge == typed_ok);
        break;
      case Format::kLargeInteger:
        FUZZ_CHECK(large == typed_ok);
        break;
      case Format::kFileTime:
        FUZZ_CHECK(filetime == typed_ok);
        break;
      case Format::kSz:
      case Format::kExpandSz:
      case Format::kExpandedSz:
        FUZZ_CHECK(string == typed_ok);
        break;
      case Format::kMultiSz:
        FUZZ_CHECK(multi == typed_ok);
        break;
      default:
        break;
    }
  }
}

}  // namespace fuzz
}  // namespace clusprop
