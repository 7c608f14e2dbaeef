#include "clusprop/lookup.h"

#include <cctype>
#include <optional>
#include <string>
#include <vector>

#include "clusprop/status_matchers.h"
#include "clusprop/win32_error.h"
#include "clusprop/writer.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace clusprop {
namespace {

using ::testing::ElementsAre;

class LookupTest : public ::testing::Test {
 protected:
  void SetUp() override {
    writer_.BeginProperty("FixQuorum").AddDword(0);
    writer_.BeginProperty("Long").AddLong(-7);
    writer_.BeginProperty("Word").AddWord(513);
    writer_.BeginProperty("Big").AddULargeInteger(1ull << 40);
    writer_.BeginProperty("Signed").AddLargeInteger(-(1ll << 40));
    writer_.BeginProperty("When").AddFileTime(123456789);
    writer_.BeginProperty("Description").AddString("quorum disk");
    writer_.BeginProperty("Path")
        .AddString("%windir%", kSyntaxListValueExpandSz)
        .AddString("C:\\Windows", kSyntaxListValueExpandedSz);
    writer_.BeginProperty("Owners").AddMultiString({"node1", "node2"});
    writer_.BeginProperty("Blob").AddBinary(std::vector<uint8_t>{0xDE, 0xAD});
    writer_.BeginProperty(u"\u00C9t\u00E9").AddDword(5);  // "Été"
    writer_.BeginProperty("fixquorum").AddDword(99);      // a later duplicate: never found
    bytes_ = *writer_.Finish();
    list_ = *PropertyListReader::Open(bytes_);
  }

  PropertyListWriter writer_;
  absl::Span<const uint8_t> bytes_;
  PropertyListReader list_ = *PropertyListReader::Open(std::vector<uint8_t>{0, 0, 0, 0});
};

TEST_F(LookupTest, FindsEveryTypeCaseInsensitively) {
  EXPECT_THAT(FindDwordProperty(list_, "FIXQUORUM"), IsOkAndHolds(0u));
  EXPECT_THAT(FindLongProperty(list_, "long"), IsOkAndHolds(-7));
  EXPECT_THAT(FindWordProperty(list_, "wOrD"), IsOkAndHolds(513));
  EXPECT_THAT(FindULargeIntegerProperty(list_, "big"), IsOkAndHolds(1ull << 40));
  EXPECT_THAT(FindLargeIntegerProperty(list_, "signed"), IsOkAndHolds(-(1ll << 40)));
  EXPECT_THAT(FindFileTimeProperty(list_, "WHEN"), IsOkAndHolds(123456789u));
  EXPECT_EQ(FindSzProperty(list_, "description")->ToUtf8(), "quorum disk");
  EXPECT_EQ(FindExpandSzProperty(list_, "path")->ToUtf8(), "%windir%");
  EXPECT_EQ(FindExpandedSzProperty(list_, "path")->ToUtf8(), "C:\\Windows");
  std::vector<std::string> owners;
  absl::StatusOr<MultiStringView> multi = FindMultiSzProperty(list_, "owners");
  ASSERT_THAT(multi, IsOk());
  for (Utf16View owner : *multi) owners.push_back(owner.ToUtf8());
  EXPECT_THAT(owners, ElementsAre("node1", "node2"));
  EXPECT_THAT(*FindBinaryProperty(list_, "BLOB"), ElementsAre(0xDE, 0xAD));
  // Latin-1 letters fold too: "ÉTÉ" matches "Été".
  EXPECT_THAT(FindDwordProperty(list_, "\xC3\x89T\xC3\x89"), IsOkAndHolds(5u));
  EXPECT_TRUE(FindProperty(list_, u"D\u00C9SCRIPTION") == std::nullopt);
  EXPECT_TRUE(FindProperty(list_, u"DESCRIPTION").has_value());
}

TEST_F(LookupTest, MissingIsFileNotFound) {
  EXPECT_THAT(FindDwordProperty(list_, "Nope"), Win32CodeIs(kErrorFileNotFound));
  EXPECT_THAT(FindDwordProperty(list_, "FixQuoru"), Win32CodeIs(kErrorFileNotFound));
  EXPECT_THAT(FindDwordProperty(list_, "FixQuorumX"), Win32CodeIs(kErrorFileNotFound));
  EXPECT_THAT(FindSzProperty(bytes_, "nope"), Win32CodeIs(kErrorFileNotFound));
}

TEST_F(LookupTest, WrongFormatIsInvalidDataAtTheProperty) {
  std::optional<PropertyView> description = FindProperty(list_, "Description");
  ASSERT_TRUE(description.has_value());
  EXPECT_THAT(FindDwordProperty(list_, "Description"),
              Win32ErrorIs(kErrorInvalidData, description->offset()));
  EXPECT_THAT(FindSzProperty(list_, "Path"), Win32CodeIs(kErrorInvalidData));
}

TEST_F(LookupTest, SpanFormsValidateFirst) {
  EXPECT_THAT(FindDwordProperty(bytes_, "fixquorum"), IsOkAndHolds(0u));
  EXPECT_EQ(FindSzProperty(bytes_, "Description")->ToUtf8(), "quorum disk");
  std::vector<uint8_t> broken(bytes_.begin(), bytes_.end());
  broken[4] = 0x05;  // first NAME syntax corrupted
  EXPECT_THAT(FindDwordProperty(broken, "FixQuorum"), Win32ErrorIs(kErrorInvalidData, 4));
  EXPECT_THAT(FindBinaryProperty(broken, "Blob"), Win32ErrorIs(kErrorInvalidData, 4));
}

TEST_F(LookupTest, CopyBinaryOfAMissingPropertyIsNotFound) {
  uint8_t out[4] = {1, 2, 3, 4};
  EXPECT_THAT(CopyBinaryProperty(list_, "NoSuchProperty", absl::MakeSpan(out)),
              Win32CodeIs(kErrorFileNotFound));
  EXPECT_THAT(out, ElementsAre(1, 2, 3, 4));
}

TEST_F(LookupTest, CopyBinaryReportsRequiredSize) {
  uint8_t one[1] = {0x11};
  absl::StatusOr<size_t> r = CopyBinaryProperty(list_, "Blob", absl::MakeSpan(one));
  EXPECT_THAT(r, Win32CodeIs(kErrorMoreData));
  EXPECT_EQ(RequiredSizeOf(r.status()), 2u);
  EXPECT_EQ(one[0], 0x11);
  uint8_t two[2];
  EXPECT_THAT(CopyBinaryProperty(list_, "Blob", absl::MakeSpan(two)), IsOkAndHolds(2u));
  EXPECT_THAT(two, ElementsAre(0xDE, 0xAD));
}

// Names read leniently may hold unpaired surrogates; each matches only itself, exactly.
// Only names of the query's UTF-16 length are compared, ASCII ones eight units at a time: at
// every length, the one name that differs from the query only in case is found, and names one
// unit shorter or longer, or differing in one unit at any position, are not.
TEST(NameMatcherTest, MatchesExactlyTheNameOfEqualLengthAtEveryLength) {
  for (size_t n = 1; n <= 40; ++n) {
    std::string query(n, 'a');
    for (size_t i = 0; i < n; ++i) query[i] = "VirtualMachine-Config_09"[i % 24];
    std::string upper = query;
    for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    PropertyListWriter writer;
    writer.BeginProperty(query.substr(0, n - 1)).AddDword(1);  // one unit shorter
    writer.BeginProperty(query + "a").AddDword(2);             // one unit longer
    for (size_t pos = 0; pos < n; ++pos) {                     // one unit different
      std::string other = upper;
      other[pos] = other[pos] == 'Q' ? 'R' : 'Q';
      writer.BeginProperty(other).AddDword(3);
    }
    writer.BeginProperty(upper).AddDword(4);
    absl::StatusOr<PropertyListReader> list = PropertyListReader::Open(*writer.Finish());
    ASSERT_THAT(list, IsOk());
    EXPECT_THAT(FindDwordProperty(*list, query), IsOkAndHolds(4u)) << n;
    const NameMatcher matcher(query);
    size_t matches = 0;
    for (PropertyView property : *list) matches += matcher.Matches(property.name()) ? 1 : 0;
    EXPECT_EQ(matches, 1u) << n;
  }
}

// A matcher is a value: copies (and copies of copies) match what the original matches.
TEST(NameMatcherTest, CopiesMatchAsTheOriginalDoes) {
  PropertyListWriter writer;
  writer.BeginProperty("VIRTUAL machine").AddDword(1);
  absl::StatusOr<PropertyListReader> list = PropertyListReader::Open(*writer.Finish());
  ASSERT_THAT(list, IsOk());
  const Utf16View name = (*list->begin()).name();
  for (const char* query : {"Virtual Machine", "V", "\xC3\x89t\xC3\xA9"}) {
    SCOPED_TRACE(query);
    const NameMatcher original(query);
    std::vector<NameMatcher> copies(3, original);
    copies.push_back(copies.back());
    for (const NameMatcher& copy : copies) {
      EXPECT_EQ(copy.Matches(name), original.Matches(name));
    }
  }
  EXPECT_TRUE(std::vector<NameMatcher>(2, NameMatcher("virtual MACHINE")).back().Matches(name));
}

TEST(NameMatcherTest, NonAsciiAndIllFormedQueries) {
  PropertyListWriter writer;
  writer.BeginProperty("\xC3\x89t\xC3\xA9").AddDword(1);  // Été
  writer.BeginProperty("x\xF0\x9F\x98\x80").AddDword(2);  // x😀: three units
  writer.BeginProperty("xyz").AddDword(3);
  absl::StatusOr<PropertyListReader> list = PropertyListReader::Open(*writer.Finish());
  ASSERT_THAT(list, IsOk());
  EXPECT_THAT(FindDwordProperty(*list, "\xC3\xA9T\xC3\x89"), IsOkAndHolds(1u));  // éTÉ
  EXPECT_THAT(FindDwordProperty(*list, "X\xF0\x9F\x98\x80"), IsOkAndHolds(2u));
  EXPECT_THAT(FindDwordProperty(*list, "x\xF0\x9F\x98"), Win32CodeIs(kErrorFileNotFound));
  EXPECT_THAT(FindDwordProperty(*list, "XY\x80"), Win32CodeIs(kErrorFileNotFound));
  EXPECT_FALSE(NameMatcher("xy\xFF").Matches((*list->begin()).name()));
  EXPECT_THAT(FindDwordProperty(*list, std::string_view("xy\0", 3)),
              Win32CodeIs(kErrorFileNotFound));
}

TEST(LookupSurrogateTest, UnpairedSurrogateNamesMatchOnlyThemselves) {
  PropertyListWriter writer;
  writer.BeginPropertyVerbatim(u"\xDC00").AddDword(1);
  writer.BeginPropertyVerbatim(u"\xDFFF").AddDword(2);
  writer.BeginPropertyVerbatim(u"A\xDBFF").AddDword(3);
  writer.BeginPropertyVerbatim(u"\xD800").AddDword(4);
  writer.BeginPropertyVerbatim(u"\xD800\xDC00").AddDword(5);  // a pair: U+10000
  absl::StatusOr<absl::Span<const uint8_t>> bytes = writer.Finish();
  ASSERT_THAT(bytes, IsOk());
  absl::StatusOr<PropertyListReader> list = PropertyListReader::Open(*bytes);
  ASSERT_THAT(list, IsOk());
  auto value_of = [&list](std::u16string_view name) -> std::optional<uint32_t> {
    std::optional<PropertyView> property = FindProperty(*list, name);
    if (!property) return std::nullopt;
    return *property->first_value().AsDword();
  };
  EXPECT_EQ(value_of(u"\xD800"), 4u);
  EXPECT_EQ(value_of(u"\xDC00"), 1u);
  EXPECT_EQ(value_of(u"\xDFFF"), 2u);
  EXPECT_EQ(value_of(u"a\xDBFF"), 3u);  // folding applies to the well-formed letter only
  EXPECT_EQ(value_of(u"\U00010000"), 5u);
  EXPECT_EQ(value_of(u"\xDBFF"), std::nullopt);
  EXPECT_EQ(value_of(u"A\xDC00"), std::nullopt);
  EXPECT_EQ(value_of(u"\xD801"), std::nullopt);
  // No UTF-8 text names an unpaired surrogate.
  EXPECT_FALSE(FindProperty(*list, "\xED\xA0\x80").has_value());
  EXPECT_FALSE(FindProperty(*list, "\xEF\xBF\xBD").has_value());
  EXPECT_THAT(FindDwordProperty(*list, "\xF0\x90\x80\x80"), IsOkAndHolds(5u));
}

}  // namespace
}  // namespace clusprop
