#include "clusprop/property_table.h"

#include <string>
#include <vector>

#include "clusprop/lookup.h"
#include "clusprop/status_matchers.h"
#include "clusprop/writer.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace clusprop {
namespace {

using ::testing::ElementsAre;

struct VmParams {
  uint32_t offline_action = 0;
  int32_t priority = 0;
  uint64_t memory = 0;
  int64_t offset = 0;
  std::string notes;
  std::string path;
  std::vector<std::string> owners;
  std::vector<uint8_t> blob;
  uint32_t status = 0;
  uint32_t cookie = 0;
};

const PropertyTable<VmParams>& Table() {
  static const auto* table = new PropertyTable<VmParams>(
      PropertyTable<VmParams>()
          .Dword("OfflineAction", &VmParams::offline_action, 1, 0, 3)
          .Long("Priority", &VmParams::priority, -1, -10, 10)
          .ULargeInteger("Memory", &VmParams::memory, 1024, 512, 1ull << 40)
          .LargeInteger("Offset", &VmParams::offset)
          .Sz("Notes", &VmParams::notes, "none")
          .ExpandSz("Path", &VmParams::path, "%TEMP%", kPropertyRequired)
          .MultiSz("Owners", &VmParams::owners)
          .Binary("Blob", &VmParams::blob)
          .Dword("Status", &VmParams::status, 0, 0, 0xFFFFFFFF, kPropertyReadOnly)
          .Dword("Cookie", &VmParams::cookie, 7, 0, 0xFFFFFFFF, kPropertyInMemory));
  return *table;
}

std::vector<uint8_t> Bytes(PropertyListWriter& writer) {
  absl::StatusOr<absl::Span<const uint8_t>> bytes = writer.Finish();
  return std::vector<uint8_t>(bytes->begin(), bytes->end());
}

TEST(PropertyTableTest, ParseAppliesDefaultsThenValues) {
  PropertyListWriter writer;
  writer.BeginProperty("offlineaction").AddDword(2);
  writer.BeginProperty("PATH").AddString("C:\\vm", kSyntaxListValueExpandSz);
  writer.BeginProperty("Owners").AddMultiString({"n1", "n2"});
  writer.BeginProperty("Status").AddDword(4);   // read-only: fine when parsing a full list
  writer.BeginProperty("Unknown").AddDword(4);  // allowed by default when parsing
  VmParams params;
  ASSERT_THAT(Table().Parse(Bytes(writer), &params), IsOk());
  EXPECT_EQ(params.offline_action, 2u);
  EXPECT_EQ(params.priority, -1);
  EXPECT_EQ(params.memory, 1024u);
  EXPECT_EQ(params.notes, "none");
  EXPECT_EQ(params.path, "C:\\vm");
  EXPECT_THAT(params.owners, ElementsAre("n1", "n2"));
  EXPECT_EQ(params.status, 4u);
  EXPECT_EQ(params.cookie, 7u);
}

TEST(PropertyTableTest, ParseRequiresRequiredProperties) {
  PropertyListWriter writer;
  writer.BeginProperty("OfflineAction").AddDword(2);
  VmParams params;
  params.offline_action = 99;
  EXPECT_THAT(Table().Parse(Bytes(writer), &params), Win32CodeIs(kErrorInvalidParameter));
  EXPECT_EQ(params.offline_action, 99u);  // unchanged on error
}

TEST(PropertyTableTest, VerifyCodesAndOffsets) {
  {
    PropertyListWriter writer;
    writer.BeginProperty("OfflineAction").AddDword(4);  // above max 3
    std::vector<uint8_t> bytes = Bytes(writer);
    // count (4) + NAME "OfflineAction" (8 + 28) + value header (8): data at 48.
    EXPECT_THAT(Table().Verify(bytes), Win32ErrorIs(kErrorInvalidData, 48));
  }
  {
    PropertyListWriter writer;
    writer.BeginProperty("Priority").AddLong(-11);
    EXPECT_THAT(Table().Verify(Bytes(writer)), Win32CodeIs(kErrorInvalidData));
  }
  {
    PropertyListWriter writer;
    writer.BeginProperty("Memory").AddULargeInteger(100);
    EXPECT_THAT(Table().Verify(Bytes(writer)), Win32CodeIs(kErrorInvalidData));
  }
  {
    PropertyListWriter writer;
    writer.BeginProperty("OfflineAction").AddString("1");  // wrong format, at the value
    EXPECT_THAT(Table().Verify(Bytes(writer)), Win32ErrorIs(kErrorInvalidData, 40));
  }
  {
    PropertyListWriter writer;
    writer.BeginProperty("Notes").AddString("x");
    writer.BeginProperty("Nope").AddDword(1);
    std::vector<uint8_t> bytes = Bytes(writer);
    std::optional<PropertyView> nope = FindProperty(*PropertyListReader::Open(bytes), "Nope");
    EXPECT_THAT(Table().Verify(bytes), Win32ErrorIs(kErrorInvalidParameter, nope->offset()));
    EXPECT_THAT(Table().Verify(bytes, /*allow_unknown=*/true), IsOk());
  }
  {
    PropertyListWriter writer;
    writer.BeginProperty("Status").AddDword(1);
    EXPECT_THAT(Table().Verify(Bytes(writer)), Win32ErrorIs(kErrorInvalidParameter, 4));
  }
  EXPECT_THAT(Table().Verify(std::vector<uint8_t>{1, 0, 0, 0}), Win32ErrorIs(kErrorInvalidData, 0));
}

TEST(PropertyTableTest, ApplyChangesOnlyNamedMembersAllOrNothing) {
  VmParams params;
  Table().SetDefaults(&params);
  PropertyListWriter writer;
  writer.BeginProperty("Notes").AddString("hello");
  writer.BeginProperty("Blob").AddBinary(std::vector<uint8_t>{1, 2});
  ASSERT_THAT(Table().Apply(Bytes(writer), &params), IsOk());
  EXPECT_EQ(params.notes, "hello");
  EXPECT_THAT(params.blob, ElementsAre(1, 2));
  EXPECT_EQ(params.offline_action, 1u);

  PropertyListWriter bad;
  bad.BeginProperty("Notes").AddString("changed");
  bad.BeginProperty("OfflineAction").AddDword(9);
  EXPECT_THAT(Table().Apply(Bytes(bad), &params), Win32CodeIs(kErrorInvalidData));
  EXPECT_EQ(params.notes, "hello");
}

TEST(PropertyTableTest, WriteRoundTripsAndSkipsInMemory) {
  VmParams params;
  Table().SetDefaults(&params);
  params.offline_action = 3;
  params.offset = -42;
  params.owners = {"a"};
  params.cookie = 1234;
  absl::StatusOr<std::vector<uint8_t>> bytes = Table().Write(params);
  ASSERT_THAT(bytes, IsOk());
  absl::StatusOr<PropertyListReader> list = PropertyListReader::Open(*bytes, {.strict = true});
  ASSERT_THAT(list, IsOk());
  EXPECT_EQ(list->size(), 9u);  // all but Cookie
  EXPECT_FALSE(FindProperty(*list, "Cookie").has_value());
  EXPECT_THAT(FindLargeIntegerProperty(*list, "Offset"), IsOkAndHolds(-42));
  VmParams back;
  ASSERT_THAT(Table().Parse(*bytes, &back), IsOk());
  EXPECT_EQ(back.offline_action, 3u);
  EXPECT_EQ(back.offset, -42);
  EXPECT_THAT(back.owners, ElementsAre("a"));
  EXPECT_EQ(back.path, "%TEMP%");
  EXPECT_EQ(back.cookie, 7u);  // in-memory: default, not written
}

}  // namespace
}  // namespace clusprop
