// Runs every buffer of testdata/malformed/ through the readers and checks the exact Win32 code
// and byte offset its line in MANIFEST.tsv names.

#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "clusprop/cursor.h"
#include "clusprop/internal/test_util.h"
#include "clusprop/reader.h"
#include "clusprop/status_matchers.h"
#include "gtest/gtest.h"

namespace clusprop {
namespace {

struct MalformedCase {
  std::string name;
  std::string kind;
  std::string mode;
  uint32_t code = 0;
  size_t offset = 0;
  std::vector<uint8_t> bytes;
};

std::vector<MalformedCase> LoadCatalog() {
  std::vector<MalformedCase> cases;
  std::string text = testing::ReadTestFile("testdata/malformed/MANIFEST.tsv");
  for (absl::string_view line : absl::StrSplit(text, '\n', absl::SkipEmpty())) {
    if (line[0] == '#') continue;
    std::vector<std::string> f = absl::StrSplit(line, '\t');
    if (f.size() != 5) throw std::runtime_error("bad manifest line: " + std::string(line));
    MalformedCase c;
    c.name = f[0];
    c.kind = f[1];
    c.mode = f[2];
    if (!absl::SimpleAtoi(f[3], &c.code) || !absl::SimpleAtoi(f[4], &c.offset)) {
      throw std::runtime_error("bad numbers in manifest line " + f[0]);
    }
    c.bytes = testing::ReadTestBytes("testdata/malformed/" + f[0] + ".bin");
    cases.push_back(std::move(c));
  }
  return cases;
}

// Property lists go through both entry points, which must agree on the verdict: the validating
// reader and the single-pass cursor.
absl::Status Validate(const MalformedCase& c, const ReadOptions& options) {
  if (c.kind != "plist") return ValidateValueList(c.bytes, options).status();
  absl::Status whole = ValidatePropertyList(c.bytes, options).status();
  PropertyListCursor cursor(c.bytes, options);
  while (cursor.Next()) {
  }
  EXPECT_EQ(cursor.status(), whole) << c.name;
  return whole;
}

// The first PROPERTY_LIST value of the list, read leniently, opened with AsPropertyList(): what
// a caller that descends on demand sees.
absl::Status OpenFirstNestedList(const MalformedCase& c) {
  auto first_nested = [](auto values) -> absl::Status {
    for (ValueView value : values) {
      if (value.format() == Format::kPropertyList) return value.AsPropertyList().status();
    }
    return absl::NotFoundError("no PROPERTY_LIST value");
  };
  if (c.kind == "vlist") {
    absl::StatusOr<ValueListReader> list = ValueListReader::Open(c.bytes);
    if (!list.ok()) return list.status();
    return first_nested(*list);
  }
  absl::StatusOr<PropertyListReader> list = PropertyListReader::Open(c.bytes);
  if (!list.ok()) return list.status();
  for (PropertyView property : *list) {
    absl::Status status = first_nested(property.values());
    if (!absl::IsNotFound(status)) return status;
  }
  return absl::NotFoundError("no PROPERTY_LIST value");
}

TEST(MalformedCatalogTest, EveryCaseFailsWithItsCodeAndOffset) {
  std::vector<MalformedCase> cases = LoadCatalog();
  ASSERT_GE(cases.size(), 60u);
  for (const MalformedCase& c : cases) {
    SCOPED_TRACE(c.name);
    ASSERT_TRUE(c.kind == "plist" || c.kind == "vlist");
    const ReadOptions lenient;
    const ReadOptions strict{.strict = true};
    const ReadOptions client{.reject_expanded_sz = true};
    if (c.mode == "lenient") {
      EXPECT_THAT(Validate(c, lenient), Win32ErrorIs(c.code, c.offset));
      EXPECT_THAT(Validate(c, strict), Win32CodeIs(c.code));
    } else if (c.mode == "strict") {
      EXPECT_THAT(Validate(c, lenient), IsOk());
      EXPECT_THAT(Validate(c, strict), Win32ErrorIs(c.code, c.offset));
    } else if (c.mode == "nested") {
      EXPECT_THAT(Validate(c, lenient), IsOk());
      EXPECT_THAT(Validate(c, strict), Win32ErrorIs(c.code, c.offset));
      EXPECT_THAT(OpenFirstNestedList(c), Win32ErrorIs(c.code, c.offset));
    } else {
      ASSERT_EQ(c.mode, "client");
      EXPECT_THAT(Validate(c, lenient), IsOk());
      EXPECT_THAT(Validate(c, client), Win32ErrorIs(c.code, c.offset));
    }
  }
}

}  // namespace
}  // namespace clusprop
