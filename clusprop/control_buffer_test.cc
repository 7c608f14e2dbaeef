#include "clusprop/control_buffer.h"

#include <cstdint>
#include <string>
#include <vector>

#include "clusprop/internal/test_util.h"
#include "clusprop/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace clusprop {
namespace {

using ::testing::ElementsAre;
using testing::FromHex;

std::string Message(const absl::Status& status) { return std::string(status.message()); }

TEST(ControlBufferTest, Dword) {
  EXPECT_THAT(ReadDwordBuffer(FromHex("21 43 65 87")), IsOkAndHolds(0x87654321u));
  absl::StatusOr<uint32_t> short_buffer = ReadDwordBuffer(FromHex("01 00 00"));
  EXPECT_THAT(short_buffer, Win32ErrorIs(kErrorInvalidData, 0));
  EXPECT_TRUE(IsTruncated(short_buffer.status()));
  EXPECT_EQ(Message(short_buffer.status()), "DWORD needs 4 bytes; the buffer holds 3");
  absl::StatusOr<uint32_t> long_buffer = ReadDwordBuffer(FromHex("01 00 00 00 00"));
  EXPECT_THAT(long_buffer, Win32ErrorIs(kErrorInvalidData, 4));
  EXPECT_FALSE(IsTruncated(long_buffer.status()));
  EXPECT_EQ(Message(long_buffer.status()), "bytes after the DWORD");
  EXPECT_THAT(ReadDwordBuffer({}), Win32ErrorIs(kErrorInvalidData, 0));
}

TEST(ControlBufferTest, ClassInfo) {
  absl::StatusOr<ResourceClassInfo> info = ReadClassInfoBuffer(FromHex("01000000 00000040"));
  ASSERT_THAT(info, IsOk());
  EXPECT_EQ(info->resource_class, 1u);
  EXPECT_EQ(info->subclass, 0x40000000u);
  absl::StatusOr<ResourceClassInfo> short_buffer = ReadClassInfoBuffer(FromHex("01000000"));
  EXPECT_THAT(short_buffer, Win32ErrorIs(kErrorInvalidData, 0));
  EXPECT_TRUE(IsTruncated(short_buffer.status()));
  EXPECT_EQ(Message(short_buffer.status()),
            "CLUS_RESOURCE_CLASS_INFO needs 8 bytes; the buffer holds 4");
  EXPECT_THAT(ReadClassInfoBuffer(FromHex("01000000 00000000 00")),
              Win32ErrorIs(kErrorInvalidData, 8));
}

TEST(ControlBufferTest, String) {
  // The views point into the buffers, which must outlive them.
  const std::vector<uint8_t> vm1 = FromHex("56 00 4d 00 31 00 00 00");
  absl::StatusOr<Utf16View> name = ReadStringBuffer(vm1);
  ASSERT_THAT(name, IsOk());
  EXPECT_EQ(name->ToUtf8(), "VM1");
  const std::vector<uint8_t> nul = FromHex("00 00");
  absl::StatusOr<Utf16View> empty = ReadStringBuffer(nul);
  ASSERT_THAT(empty, IsOk());
  EXPECT_TRUE(empty->empty());

  absl::StatusOr<Utf16View> nothing = ReadStringBuffer({});
  EXPECT_THAT(nothing, Win32ErrorIs(kErrorInvalidData, 0));
  EXPECT_TRUE(IsTruncated(nothing.status()));
  EXPECT_EQ(Message(nothing.status()), "string needs at least a NUL");
  absl::StatusOr<Utf16View> odd = ReadStringBuffer(FromHex("41 00 00"));
  EXPECT_THAT(odd, Win32ErrorIs(kErrorInvalidData, 2));
  EXPECT_EQ(Message(odd.status()), "string ends in half a UTF-16 unit");
  absl::StatusOr<Utf16View> unterminated = ReadStringBuffer(FromHex("41 00 42 00"));
  EXPECT_THAT(unterminated, Win32ErrorIs(kErrorInvalidData, 2));
  EXPECT_EQ(Message(unterminated.status()), "string is not NUL-terminated");
  EXPECT_THAT(ReadStringBuffer(FromHex("41 00 00 00 42 00 00 00")),
              Win32ErrorIs(kErrorInvalidData, 2));  // embedded NUL
  EXPECT_THAT(ReadStringBuffer(FromHex("41 00 00 d8 00 00")),
              Win32ErrorIs(kErrorInvalidData, 2));  // unpaired high surrogate
}

std::vector<std::string> Names(const MultiStringView& view) {
  std::vector<std::string> names;
  for (Utf16View s : view) names.push_back(s.ToUtf8());
  return names;
}

TEST(ControlBufferTest, MultiString) {
  const std::vector<uint8_t> two = FromHex("41 00 62 00 00 00 43 00 00 00 00 00");
  absl::StatusOr<MultiStringView> names = ReadMultiStringBuffer(two);
  ASSERT_THAT(names, IsOk());
  EXPECT_THAT(Names(*names), ElementsAre("Ab", "C"));
  for (const char* empty : {"00 00", "00 00 00 00"}) {
    const std::vector<uint8_t> nuls = FromHex(empty);
    absl::StatusOr<MultiStringView> none = ReadMultiStringBuffer(nuls);
    ASSERT_THAT(none, IsOk()) << empty;
    EXPECT_TRUE(none->empty());
  }
  absl::StatusOr<MultiStringView> nothing = ReadMultiStringBuffer({});
  EXPECT_THAT(nothing, Win32ErrorIs(kErrorInvalidData, 0));
  EXPECT_TRUE(IsTruncated(nothing.status()));
  EXPECT_EQ(Message(nothing.status()), "MULTI_SZ needs at least a NUL");
  EXPECT_THAT(ReadMultiStringBuffer(FromHex("41 00 00 00 00")),
              Win32ErrorIs(kErrorInvalidData, 4));  // half a unit
  absl::StatusOr<MultiStringView> one_nul = ReadMultiStringBuffer(FromHex("41 00 00 00"));
  EXPECT_THAT(one_nul, Win32ErrorIs(kErrorInvalidData, 0));
  EXPECT_EQ(Message(one_nul.status()), "MULTI_SZ does not end with two NULs");
  EXPECT_THAT(ReadMultiStringBuffer(FromHex("41 00 42 00")),
              Win32ErrorIs(kErrorInvalidData, 2));  // no final NUL
  absl::StatusOr<MultiStringView> hole =
      ReadMultiStringBuffer(FromHex("41 00 00 00 00 00 42 00 00 00 00 00"));
  EXPECT_THAT(hole, Win32ErrorIs(kErrorInvalidData, 4));
  EXPECT_EQ(Message(hole.status()), "MULTI_SZ holds an empty string");
  EXPECT_THAT(ReadMultiStringBuffer(FromHex("00 dc 00 00 00 00")),
              Win32ErrorIs(kErrorInvalidData, 0));  // unpaired low surrogate
}

// A control buffer's size is a DWORD; the size is checked before any byte is read.
TEST(ControlBufferTest, LargerThanADwordCanCount) {
  const uint8_t byte = 0;
  const absl::Span<const uint8_t> huge(&byte, size_t{1} << 32);
  EXPECT_THAT(ReadDwordBuffer(huge), Win32ErrorIs(kErrorInvalidData, 0));
  EXPECT_THAT(ReadClassInfoBuffer(huge), Win32ErrorIs(kErrorInvalidData, 0));
  EXPECT_THAT(ReadStringBuffer(huge), Win32ErrorIs(kErrorInvalidData, 0));
  absl::StatusOr<MultiStringView> names = ReadMultiStringBuffer(huge);
  EXPECT_THAT(names, Win32ErrorIs(kErrorInvalidData, 0));
  EXPECT_EQ(Message(names.status()), "buffer larger than a DWORD can count");
  // One byte less is a size a DWORD can count: the check after it reports what is wrong.
  const absl::Span<const uint8_t> largest(&byte, (size_t{1} << 32) - 1);
  absl::StatusOr<MultiStringView> odd = ReadMultiStringBuffer(largest);
  EXPECT_THAT(odd, Win32ErrorIs(kErrorInvalidData, largest.size() - 1));
  EXPECT_EQ(Message(odd.status()), "MULTI_SZ ends in half a UTF-16 unit");
}

}  // namespace
}  // namespace clusprop
