#include "clusprop/cursor.h"

#include <string>
#include <vector>

#include "clusprop/internal/test_util.h"
#include "clusprop/reader.h"
#include "clusprop/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace clusprop {
namespace {

// On every golden vector the cursor sees what the reader sees, and reports the same ListInfo.
TEST(PropertyListCursorTest, AgreesWithTheReaderOnGoldenVectors) {
  for (const std::string& name : testing::GoldenVectors()) {
    SCOPED_TRACE(name);
    std::vector<uint8_t> bytes =
        testing::ReadTestBytes(std::string("testdata/golden/") + name + ".bin");
    for (bool strict : {false, true}) {
      absl::StatusOr<PropertyListReader> reader =
          PropertyListReader::Open(bytes, {.strict = strict});
      ASSERT_THAT(reader, IsOk());
      PropertyListCursor cursor(bytes, {.strict = strict});
      auto it = reader->begin();
      while (cursor.Next()) {
        ASSERT_TRUE(it != reader->end());
        EXPECT_EQ(cursor.property().offset(), (*it).offset());
        EXPECT_EQ(cursor.property().end_offset(), (*it).end_offset());
        ValueView first = (*it).first_value();
        EXPECT_EQ(cursor.first_value().offset(), first.offset());
        EXPECT_EQ(cursor.first_value().syntax(), first.syntax());
        EXPECT_EQ(cursor.first_value().length(), first.length());
        ++it;
      }
      EXPECT_TRUE(it == reader->end());
      EXPECT_THAT(cursor.status(), IsOk());
      EXPECT_TRUE(cursor.done());
      EXPECT_EQ(cursor.info().property_count, reader->info().property_count);
      EXPECT_EQ(cursor.info().value_count, reader->info().value_count);
      EXPECT_EQ(cursor.info().list_size, reader->info().list_size);
      EXPECT_EQ(cursor.info().trailing_endmark, reader->info().trailing_endmark);
      EXPECT_FALSE(cursor.Next());  // stays at the end
    }
  }
}

TEST(PropertyListCursorTest, HandsOutPropertiesBeforeALaterError) {
  std::vector<uint8_t> bytes = testing::ReadTestBytes("testdata/golden/windows_shape.bin");
  bytes[0] = 5;  // one property more than the buffer holds: found only at the end
  PropertyListCursor cursor(bytes);
  int seen = 0;
  while (cursor.Next()) ++seen;
  EXPECT_EQ(seen, 4);
  EXPECT_THAT(cursor.status(), Win32ErrorIs(kErrorInvalidData, 164));
  EXPECT_THAT(ValidatePropertyList(bytes), Win32ErrorIs(kErrorInvalidData, 164));
}

TEST(PropertyListCursorTest, BadCountFailsBeforeTheFirstProperty) {
  std::vector<uint8_t> bytes = {0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0};
  PropertyListCursor cursor(bytes);
  EXPECT_TRUE(cursor.done());
  EXPECT_FALSE(cursor.Next());
  EXPECT_THAT(cursor.status(), Win32ErrorIs(kErrorInvalidData, 0));
}

}  // namespace
}  // namespace clusprop
