#include "clusprop/reader.h"

#include <string>
#include <vector>

#include "clusprop/cursor.h"
#include "clusprop/internal/test_util.h"
#include "clusprop/lookup.h"
#include "clusprop/status_matchers.h"
#include "clusprop/win32_error.h"
#include "clusprop/writer.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace clusprop {
namespace {

using ::clusprop::testing::FromHex;
using ::testing::ElementsAre;

// The save instruction: count 1, NAME cb 32 "Virtual Machine", LIST_VALUE_DWORD cb 4 value 1,
// ENDMARK.
const char kVmSaveHex[] =
    "01000000"
    "03000400 20000000"
    "5600690072007400750061006c0020004d0061006300680069006e0065000000"
    "02000100 04000000 01000000"
    "00000000";

// A list of the shape Windows returns: names with 0 and 2 pad bytes, an empty SZ (cb 2), an
// odd-length SZ, a two-value property (EXPAND_SZ then EXPANDED_SZ) and the trailing ENDMARK.
const char kWindowsShapeHex[] =
    "04000000"
    // "Name" (cb 10, pad 2) = SZ "ab" (cb 6, pad 2)
    "03000400 0a000000 4e0061006d0065000000 0000"
    "03000100 06000000 610062000000 0000"
    "00000000"
    // "Desc" (cb 10) = SZ "" (cb 2, pad 2)
    "03000400 0a000000 440065007300630000000000"
    "03000100 02000000 0000 0000"
    "00000000"
    // "Abc" (cb 8, no pad) = DWORD 7
    "03000400 08000000 4100620063000000"
    "02000100 04000000 07000000"
    "00000000"
    // "Path" = EXPAND_SZ "%a" (cb 6) then EXPANDED_SZ "x" (cb 4)
    "03000400 0a000000 500061007400680000000000"
    "04000100 06000000 250061000000 0000"
    "08000100 04000000 78000000"
    "00000000"
    // trailer
    "00000000";

TEST(PropertyListReaderTest, VmSaveGolden) {
  std::vector<uint8_t> bytes = FromHex(kVmSaveHex);
  ASSERT_EQ(bytes.size(), 60u);
  absl::StatusOr<PropertyListReader> list = PropertyListReader::Open(bytes);
  ASSERT_THAT(list, IsOk());
  EXPECT_EQ(list->size(), 1u);
  EXPECT_FALSE(list->has_trailing_endmark());
  EXPECT_EQ(list->info().list_size, 60u);
  EXPECT_EQ(list->info().trailing_bytes, 0u);
  PropertyView property = *list->begin();
  EXPECT_EQ(property.offset(), 4u);
  EXPECT_EQ(property.name().ToUtf8(), "Virtual Machine");
  EXPECT_TRUE(property.name().EqualsIgnoreCase("virtual MACHINE"));
  EXPECT_EQ(property.value_count(), 1u);
  ValueView value = property.first_value();
  EXPECT_EQ(value.syntax(), kSyntaxListValueDword);
  EXPECT_EQ(value.offset(), 44u);
  EXPECT_THAT(value.AsDword(), IsOkAndHolds(1u));
  EXPECT_EQ(property.end_offset(), 60u);
  EXPECT_THAT(ValidatePropertyList(bytes, {.strict = true}), IsOk());
}

TEST(PropertyListReaderTest, WindowsShapeGolden) {
  std::vector<uint8_t> bytes = FromHex(kWindowsShapeHex);
  EXPECT_EQ(bytes, testing::ReadTestBytes("testdata/golden/windows_shape.bin"));
  EXPECT_EQ(FromHex(kVmSaveHex), testing::ReadTestBytes("testdata/golden/vm_save.bin"));
  absl::StatusOr<PropertyListReader> list = PropertyListReader::Open(bytes, {.strict = true});
  ASSERT_THAT(list, IsOk());
  EXPECT_TRUE(list->has_trailing_endmark());
  EXPECT_EQ(list->info().list_size, bytes.size());
  EXPECT_EQ(list->info().value_count, 5u);
  std::vector<std::string> names;
  for (PropertyView p : *list) names.push_back(p.name().ToUtf8());
  EXPECT_THAT(names, ElementsAre("Name", "Desc", "Abc", "Path"));

  auto it = list->begin();
  EXPECT_EQ((*it).first_value().AsString()->ToUtf8(), "ab");
  ++it;
  absl::StatusOr<Utf16View> empty = (*it).first_value().AsString();
  ASSERT_THAT(empty, IsOk());
  EXPECT_TRUE(empty->empty());
  ++it;
  EXPECT_THAT((*it).first_value().AsDword(), IsOkAndHolds(7u));
  ++it;
  PropertyView path = *it;
  EXPECT_EQ(path.value_count(), 2u);
  std::vector<uint32_t> syntaxes;
  for (ValueView v : path.values()) syntaxes.push_back(v.syntax());
  EXPECT_THAT(syntaxes, ElementsAre(kSyntaxListValueExpandSz, kSyntaxListValueExpandedSz));
  ++it;
  EXPECT_TRUE(it == list->end());

  EXPECT_THAT(ValidatePropertyList(bytes, {.strict = true, .reject_expanded_sz = true}),
              Win32ErrorIs(kErrorInvalidData, 148));
}

TEST(PropertyListReaderTest, EmptyList) {
  auto four = FromHex("00000000");
  auto eight = FromHex("00000000 00000000");
  ASSERT_THAT(PropertyListReader::Open(four), IsOk());
  EXPECT_FALSE(PropertyListReader::Open(four)->has_trailing_endmark());
  EXPECT_TRUE(PropertyListReader::Open(eight)->has_trailing_endmark());
  EXPECT_TRUE(PropertyListReader::Open(eight)->empty());
  EXPECT_TRUE(PropertyListReader::Open(eight)->begin() == PropertyListReader::Open(eight)->end());
}

TEST(PropertyListReaderTest, LenientReportsTrailingBytesStrictRejects) {
  std::vector<uint8_t> bytes = FromHex(kVmSaveHex);
  bytes.insert(bytes.end(), {0, 0, 0, 0, 0xAB, 0xCD});
  absl::StatusOr<PropertyListReader> list = PropertyListReader::Open(bytes);
  ASSERT_THAT(list, IsOk());
  EXPECT_TRUE(list->has_trailing_endmark());
  EXPECT_EQ(list->info().list_size, 64u);
  EXPECT_THAT(std::vector<uint8_t>(list->trailing_bytes().begin(), list->trailing_bytes().end()),
              ElementsAre(0xAB, 0xCD));
  EXPECT_THAT(ValidatePropertyList(bytes, {.strict = true}), Win32ErrorIs(kErrorInvalidData, 64));
}

TEST(PropertyListReaderTest, LenientIgnoresPaddingStrictChecksIt) {
  std::vector<uint8_t> bytes = FromHex(kWindowsShapeHex);
  bytes[4 + 8 + 10] = 0x55;  // first pad byte after the name "Name"
  EXPECT_THAT(ValidatePropertyList(bytes), IsOk());
  EXPECT_THAT(ValidatePropertyList(bytes, {.strict = true}), Win32ErrorIs(kErrorInvalidData, 22));
}

// Every proper prefix of a list needs bytes it was not given: its error is marked as truncation
// (ResUtil's ERROR_INSUFFICIENT_BUFFER), in both modes. Shape errors, and a nested list that
// overruns its own value, are not.
TEST(PropertyListReaderTest, PrefixesAreTruncatedShapeErrorsAreNot) {
  for (const char* hex : {kVmSaveHex, kWindowsShapeHex}) {
    const std::vector<uint8_t> whole = FromHex(hex);
    // The Windows shape is whole without its optional trailer; a part of the trailer is then
    // trailing bytes, not truncation.
    const size_t last_property_end = hex == kVmSaveHex ? whole.size() : whole.size() - 4;
    for (size_t size = 0; size < last_property_end; ++size) {
      absl::Span<const uint8_t> prefix(whole.data(), size);
      for (bool strict : {false, true}) {
        absl::Status status = PropertyListReader::Open(prefix, {strict}).status();
        EXPECT_EQ(Win32CodeOf(status), kErrorInvalidData) << size;
        EXPECT_TRUE(IsTruncated(status)) << size << " " << status;
      }
    }
  }
  const std::vector<uint8_t> value_list = FromHex("02000100 04000000 07000000 00000000");
  for (size_t size = 0; size < value_list.size(); ++size) {
    absl::Status status =
        ValueListReader::Open(absl::MakeConstSpan(value_list.data(), size)).status();
    EXPECT_TRUE(IsTruncated(status)) << size << " " << status;
  }

  // Shape: an odd name length, a value where a NAME belongs, a property without values.
  for (const char* hex : {"01000000 03000400 05000000 41000000 00000000 00000000 00000000",
                          "01000000 02000100 04000000 01000000 00000000 00000000 00000000",
                          "01000000 03000400 04000000 41000000 00000000 00000000 00000000"}) {
    absl::Status status = PropertyListReader::Open(FromHex(hex)).status();
    EXPECT_EQ(Win32CodeOf(status), kErrorInvalidData) << hex;
    EXPECT_FALSE(IsTruncated(status)) << hex << " " << status;
  }
  // A nested list whose count claims more than its value holds: malformed, wherever it is read.
  std::vector<uint8_t> nested =
      FromHex("01000000 03000400 04000000 42000000  0e000100 08000000 05000000 00000000  00000000");
  absl::Status strict = PropertyListReader::Open(nested, {.strict = true}).status();
  EXPECT_THAT(strict, Win32ErrorIs(kErrorInvalidData, 24));
  EXPECT_FALSE(IsTruncated(strict)) << strict;
  absl::StatusOr<PropertyListReader> lenient = PropertyListReader::Open(nested);
  ASSERT_THAT(lenient, IsOk());
  absl::Status inner = (*lenient->begin()).first_value().AsPropertyList().status();
  EXPECT_THAT(inner, Win32ErrorIs(kErrorInvalidData, 24));
  EXPECT_FALSE(IsTruncated(inner)) << inner;
  EXPECT_FALSE(IsTruncated(absl::OkStatus()));
  EXPECT_TRUE(MarkTruncated(absl::OkStatus()).ok());
}

TEST(PropertyListReaderTest, HugeCountFailsAtOnce) {
  auto bytes = FromHex("ffffffff 03000400 04000000 41000000");
  EXPECT_THAT(PropertyListReader::Open(bytes), Win32ErrorIs(kErrorInvalidData, 0));
}

TEST(PropertyListReaderTest, AnyAlignment) {
  std::vector<uint8_t> bytes = FromHex(kVmSaveHex);
  std::vector<uint8_t> shifted(bytes.size() + 3);
  std::copy(bytes.begin(), bytes.end(), shifted.begin() + 3);
  absl::Span<const uint8_t> view(shifted.data() + 3, bytes.size());
  absl::StatusOr<PropertyListReader> list = PropertyListReader::Open(view);
  ASSERT_THAT(list, IsOk());
  EXPECT_THAT((*list->begin()).first_value().AsDword(), IsOkAndHolds(1u));
}

// Builds a property list whose single property "P" holds `depth - 1` levels of nested lists.
std::vector<uint8_t> Nested(int depth) {
  std::vector<uint8_t> inner = FromHex(
      "01000000 03000400 04000000 50000000"
      "02000100 04000000 2a000000 00000000");
  for (int level = 1; level < depth; ++level) {
    std::vector<uint8_t> outer = FromHex("01000000 03000400 04000000 50000000 0e000100");
    uint32_t cb = static_cast<uint32_t>(inner.size());
    for (int i = 0; i < 4; ++i) outer.push_back(static_cast<uint8_t>(cb >> (8 * i)));
    outer.insert(outer.end(), inner.begin(), inner.end());
    outer.insert(outer.end(), {0, 0, 0, 0});
    inner = outer;
  }
  return inner;
}

TEST(PropertyListReaderTest, NestedListsUpToTheDepthLimit) {
  std::vector<uint8_t> ok = Nested(kMaxNestingDepth);
  absl::StatusOr<PropertyListReader> list = PropertyListReader::Open(ok, {.strict = true});
  ASSERT_THAT(list, IsOk());
  // Descend to the innermost DWORD through AsPropertyList.
  PropertyListReader current = *list;
  for (int level = 1; level < kMaxNestingDepth; ++level) {
    absl::StatusOr<PropertyListReader> inner = (*current.begin()).first_value().AsPropertyList();
    ASSERT_THAT(inner, IsOk());
    EXPECT_EQ(inner->offset(), 24u * level);
    current = *inner;
  }
  EXPECT_THAT((*current.begin()).first_value().AsDword(), IsOkAndHolds(42u));

  // Strict validation descends and bounds the depth; lenient validation, as Windows, does not
  // descend, and each AsPropertyList() checks one level.
  std::vector<uint8_t> deep = Nested(kMaxNestingDepth + 1);
  EXPECT_THAT(PropertyListReader::Open(deep, {.strict = true}),
              Win32ErrorIs(kErrorInvalidData, 24u * kMaxNestingDepth));
  absl::StatusOr<PropertyListReader> lenient = PropertyListReader::Open(deep);
  ASSERT_THAT(lenient, IsOk());
  current = *lenient;
  for (int level = 1; level <= kMaxNestingDepth; ++level) {
    absl::StatusOr<PropertyListReader> inner = (*current.begin()).first_value().AsPropertyList();
    ASSERT_THAT(inner, IsOk());
    current = *inner;
  }
  EXPECT_THAT((*current.begin()).first_value().AsDword(), IsOkAndHolds(42u));
}

// Windows walks a PROPERTY_LIST value by its cbLength and never looks inside: lenient validation
// accepts one whose data is no property list. Strict validation and AsPropertyList() report the
// nested fault at its offset from the start of the outermost buffer.
TEST(PropertyListReaderTest, LenientDoesNotDescendIntoNestedLists) {
  std::vector<uint8_t> bytes = FromHex(
      "02000000"
      "03000400 04000000 41000000  02000100 04000000 01000000  00000000"  // A = DWORD 1
      // B = PROPERTY_LIST of 8 bytes: a count of 1 (at 52), then nothing but an ENDMARK
      "03000400 04000000 42000000  0e000100 08000000 01000000 00000000  00000000");
  absl::StatusOr<PropertyListReader> list = PropertyListReader::Open(bytes);
  ASSERT_THAT(list, IsOk());
  EXPECT_EQ(list->size(), 2u);
  EXPECT_EQ(list->info().value_count, 2u);
  EXPECT_THAT(FindDwordProperty(bytes, "A"), IsOkAndHolds(1u));
  ValueView nested = (*++list->begin()).first_value();
  EXPECT_EQ(nested.data_offset(), 52u);
  EXPECT_THAT(nested.AsPropertyList(), Win32ErrorIs(kErrorInvalidData, 52));
  EXPECT_THAT(PropertyListReader::Open(bytes, {.strict = true}),
              Win32ErrorIs(kErrorInvalidData, 52));
  PropertyListCursor lenient_cursor(bytes);
  int properties = 0;
  while (lenient_cursor.Next()) ++properties;
  EXPECT_EQ(properties, 2);
  EXPECT_THAT(lenient_cursor.status(), IsOk());
  PropertyListCursor strict_cursor(bytes, {.strict = true});
  while (strict_cursor.Next()) {
  }
  EXPECT_THAT(strict_cursor.status(), Win32ErrorIs(kErrorInvalidData, 52));

  // Two levels down: the valid middle list opens, the bad innermost one fails when opened.
  PropertyListWriter innermost_holder;
  innermost_holder.BeginProperty("Bad").AddRaw(kSyntaxListValuePropertyList, FromHex("05000000"));
  std::vector<uint8_t> middle(innermost_holder.Finish()->begin(), innermost_holder.Finish()->end());
  PropertyListWriter outer;
  outer.BeginProperty("Middle").AddRaw(kSyntaxListValuePropertyList, middle);
  std::vector<uint8_t> two_levels(outer.Finish()->begin(), outer.Finish()->end());
  absl::StatusOr<PropertyListReader> top = PropertyListReader::Open(two_levels);
  ASSERT_THAT(top, IsOk());
  absl::StatusOr<PropertyListReader> mid = (*top->begin()).first_value().AsPropertyList();
  ASSERT_THAT(mid, IsOk());
  ValueView bad = (*mid->begin()).first_value();
  EXPECT_THAT(bad.AsPropertyList(), Win32ErrorIs(kErrorInvalidData, bad.data_offset()));
  EXPECT_THAT(PropertyListReader::Open(two_levels, {.strict = true}),
              Win32ErrorIs(kErrorInvalidData, bad.data_offset()));
}

// MS-CMRP 2.2.3.10.1: a property has one to three values. Strict validation reports the fourth
// value's syntax field; lenient validation, as Windows, accepts any number.
TEST(PropertyListReaderTest, StrictAllowsOneToThreeValuesPerProperty) {
  const std::string head = "01000000 03000400 04000000 50000000";
  const std::string dword = "02000100 04000000 07000000";
  const std::string three = head + dword + dword + dword + "00000000";
  EXPECT_THAT(ValidatePropertyList(FromHex(three), {.strict = true}), IsOk());
  for (const std::string& fourth : {dword, std::string("02000100 00000000")}) {
    const std::vector<uint8_t> four =
        FromHex(head + dword + dword + dword + fourth + dword + "00000000");
    absl::StatusOr<ListInfo> lenient = ValidatePropertyList(four);
    ASSERT_THAT(lenient, IsOk());
    EXPECT_EQ(lenient->value_count, 5u);
    EXPECT_THAT(ValidatePropertyList(four, {.strict = true}), Win32ErrorIs(kErrorInvalidData, 52));
    PropertyListCursor cursor(four, {.strict = true});
    EXPECT_FALSE(cursor.Next());
    EXPECT_THAT(cursor.status(), Win32ErrorIs(kErrorInvalidData, 52));
  }
  // Value lists have no properties: any number of values.
  const std::vector<uint8_t> values = FromHex(dword + dword + dword + dword + dword + "00000000");
  EXPECT_THAT(ValidateValueList(values, {.strict = true}), IsOk());
}

// A value's type (the syntax's high word) must be one clusapi.h names or at least USER (0x8000)
// in strict validation, which reports the value's syntax field; lenient validation accepts any.
TEST(PropertyListReaderTest, StrictAcceptsNamedAndUserTypesOnly) {
  for (uint32_t type :
       {0x0000u, 0x0001u, 0x0005u, 0x000Fu, 0x8000u, 0x8001u, 0xFFFFu, 0x0010u, 0x0042u, 0x7FFFu}) {
    SCOPED_TRACE(type);
    const bool accepted = type <= 0x000F || type >= 0x8000;
    const uint32_t syntax = type << 16 | 0x0002;  // format DWORD
    std::vector<uint8_t> bytes = FromHex("01000000 03000400 04000000 50000000");
    for (uint32_t word : {syntax, 4u, 7u, 0u}) {
      for (int i = 0; i < 4; ++i) bytes.push_back(static_cast<uint8_t>(word >> (8 * i)));
    }
    EXPECT_THAT(ValidatePropertyList(bytes), IsOk());
    if (accepted) {
      EXPECT_THAT(ValidatePropertyList(bytes, {.strict = true}), IsOk());
    } else {
      EXPECT_THAT(ValidatePropertyList(bytes, {.strict = true}),
                  Win32ErrorIs(kErrorInvalidData, 16));
    }
    // The same value, second in a value list: its syntax field is at 12.
    std::vector<uint8_t> values = FromHex("02000100 04000000 01000000");
    values.insert(values.end(), bytes.begin() + 16, bytes.end());
    EXPECT_THAT(ValidateValueList(values), IsOk());
    if (accepted) {
      EXPECT_THAT(ValidateValueList(values, {.strict = true}), IsOk());
    } else {
      EXPECT_THAT(ValidateValueList(values, {.strict = true}), Win32ErrorIs(kErrorInvalidData, 12));
    }
  }
}

TEST(ValueViewTest, TypedAccessorsCheckFormatAndSize) {
  auto bytes = FromHex(
      "07000000"
      "03000400 04000000 61000000  07000100 04000000 feffffff  00000000"          // a: LONG -2
      "03000400 04000000 62000000  0b000100 02000000 34120000  00000000"          // b: WORD 0x1234
      "03000400 04000000 63000000  06000100 08000000 0100000002000000  00000000"  // c: ULARGE
      "03000400 04000000 64000000  0a000100 08000000 feffffffffffffff  00000000"  // d: LARGE -2
      "03000400 04000000 65000000  0c000100 08000000 0100000002000000  00000000"  // e: FILETIME
      "03000400 04000000 66000000  05000100 0c000000 610000006200630000000000 00000000"  // f
      "03000400 04000000 67000000  01000100 03000000 01020300  00000000");  // g: BINARY
  absl::StatusOr<PropertyListReader> list = PropertyListReader::Open(bytes, {.strict = true});
  ASSERT_THAT(list, IsOk());
  std::vector<ValueView> v;
  for (PropertyView p : *list) v.push_back(p.first_value());
  EXPECT_THAT(v[0].AsLong(), IsOkAndHolds(-2));
  EXPECT_THAT(v[1].AsWord(), IsOkAndHolds(0x1234));
  EXPECT_THAT(v[2].AsULargeInteger(), IsOkAndHolds(0x0000000200000001ull));
  EXPECT_THAT(v[3].AsLargeInteger(), IsOkAndHolds(-2));
  EXPECT_THAT(v[4].AsFileTime(), IsOkAndHolds(0x0000000200000001ull));
  absl::StatusOr<MultiStringView> multi = v[5].AsMultiString();
  ASSERT_THAT(multi, IsOk());
  std::vector<std::string> strings;
  for (Utf16View s : *multi) strings.push_back(s.ToUtf8());
  EXPECT_THAT(strings, ElementsAre("a", "bc"));
  EXPECT_EQ(multi->size(), 2u);
  absl::StatusOr<absl::Span<const uint8_t>> binary = v[6].AsBinary();
  ASSERT_THAT(binary, IsOk());
  EXPECT_THAT(std::vector<uint8_t>(binary->begin(), binary->end()), ElementsAre(1, 2, 3));

  // Wrong format: the entry's offset.
  EXPECT_THAT(v[0].AsDword(), Win32ErrorIs(kErrorInvalidData, v[0].offset()));
  EXPECT_THAT(v[1].AsString(), Win32ErrorIs(kErrorInvalidData, v[1].offset()));
  EXPECT_THAT(v[6].AsPropertyList(), Win32ErrorIs(kErrorInvalidData, v[6].offset()));
  EXPECT_THAT(v[5].AsBinary(), Win32ErrorIs(kErrorInvalidData, v[5].offset()));
  EXPECT_THAT(v[2].AsFileTime(), Win32ErrorIs(kErrorInvalidData, v[2].offset()));
}

TEST(ValueViewTest, EmptyMultiStringForms) {
  auto bytes = FromHex(
      "02000000"
      "03000400 04000000 61000000  05000100 02000000 00000000  00000000"
      "03000400 04000000 62000000  05000100 04000000 00000000  00000000");
  absl::StatusOr<PropertyListReader> list = PropertyListReader::Open(bytes, {.strict = true});
  ASSERT_THAT(list, IsOk());
  for (PropertyView p : *list) {
    absl::StatusOr<MultiStringView> multi = p.first_value().AsMultiString();
    ASSERT_THAT(multi, IsOk());
    EXPECT_TRUE(multi->empty());
    EXPECT_TRUE(multi->begin() == multi->end());
  }
}

TEST(ValueListReaderTest, DiskInfoGolden) {
  auto bytes = FromHex(
      "02000500 04000000 78563412"          // DISK_SIGNATURE 0x12345678
      "02000600 04000000 01020304"          // SCSI_ADDRESS
      "01000800 05000000 0102030405000000"  // PARTITION_INFO, 5 bytes
      "00000000");
  absl::StatusOr<ValueListReader> list = ValueListReader::Open(bytes, {.strict = true});
  ASSERT_THAT(list, IsOk());
  EXPECT_EQ(list->size(), 3u);
  std::vector<uint32_t> syntaxes;
  for (ValueView v : *list) syntaxes.push_back(v.syntax());
  EXPECT_THAT(syntaxes,
              ElementsAre(kSyntaxDiskSignature, kSyntaxScsiAddress, kSyntaxPartitionInfo));
  EXPECT_THAT((*list->begin()).AsDword(), IsOkAndHolds(0x12345678u));
  EXPECT_EQ(list->info().list_size, bytes.size());
}

TEST(ValueListReaderTest, Errors) {
  EXPECT_THAT(ValidateValueList(FromHex("")), Win32ErrorIs(kErrorInvalidData, 0));
  EXPECT_THAT(ValidateValueList(FromHex("02000100 04000000 01000000")),
              Win32ErrorIs(kErrorInvalidData, 12));
  EXPECT_THAT(ValidateValueList(FromHex("00000000 01"), {.strict = true}),
              Win32ErrorIs(kErrorInvalidData, 4));
  absl::StatusOr<ValueListReader> lenient = ValueListReader::Open(FromHex("00000000 01"));
  ASSERT_THAT(lenient, IsOk());
  EXPECT_EQ(lenient->info().trailing_bytes, 1u);
  EXPECT_TRUE(lenient->empty());
}

TEST(PropertyListReaderTest, IteratorsAndViews) {
  std::vector<uint8_t> bytes = FromHex(kWindowsShapeHex);
  absl::StatusOr<PropertyListReader> list = PropertyListReader::Open(bytes);
  ASSERT_THAT(list, IsOk());
  EXPECT_FALSE(list->empty());
  EXPECT_EQ(list->bytes().size(), bytes.size());
  EXPECT_TRUE(list->trailing_bytes().empty());
  PropertyIterator it = list->begin();
  PropertyIterator first = it++;
  EXPECT_EQ((*first).name().ToUtf8(), "Name");
  EXPECT_EQ((*it).name().ToUtf8(), "Desc");
  EXPECT_EQ((*first).name_length(), 10u);
  PropertyView path = *std::next(list->begin(), 3);
  ValueIterator v = path.values().begin();
  ValueIterator before = v++;
  EXPECT_EQ((*before).format(), Format::kExpandSz);
  EXPECT_EQ((*v).type(), Type::kListValue);
  EXPECT_TRUE(++v == path.values().end());

  auto multi_bytes = FromHex(
      "01000000 03000400 04000000 61000000"
      "05000100 0c000000 610000006200630000000000 00000000");
  absl::StatusOr<PropertyListReader> multi_list = PropertyListReader::Open(multi_bytes);
  absl::StatusOr<MultiStringView> strings = (*multi_list->begin()).first_value().AsMultiString();
  ASSERT_THAT(strings, IsOk());
  MultiStringView::iterator s = strings->begin();
  MultiStringView::iterator a = s++;
  EXPECT_EQ((*a).ToUtf8(), "a");
  EXPECT_EQ((*s).ToUtf8(), "bc");
  EXPECT_FALSE(strings->empty());

  auto value_list_bytes = FromHex("02000100 04000000 07000000 00000000");
  absl::StatusOr<ValueListReader> values = ValueListReader::Open(value_list_bytes);
  ASSERT_THAT(values, IsOk());
  EXPECT_FALSE(values->empty());
  EXPECT_EQ(values->bytes().size(), 16u);
  EXPECT_TRUE(values->trailing_bytes().empty());
}

// Strict validation checks names eight UTF-16 units at a time (the last block overlapping the
// one before) and looks at single units only around a NUL or a surrogate: every position in
// every length, across whole blocks and the overlapping tail, must still be reported exactly
// (the first name's units start at offset 12).
TEST(PropertyListReaderTest, StrictNameCheckReportsEveryPositionExactly) {
  struct Bad {
    char16_t unit;
    const char* what;
  };
  const Bad kBad[] = {{u'\0', "name has an embedded NUL"},
                      {0xD800, "unpaired UTF-16 high surrogate"},
                      {0xDBFF, "unpaired UTF-16 high surrogate"},
                      {0xDC00, "unpaired UTF-16 low surrogate"},
                      {0xDFFF, "unpaired UTF-16 low surrogate"}};
  for (size_t length = 1; length <= 40; ++length) {
    for (size_t pos = 0; pos < length; ++pos) {
      for (const Bad& bad : kBad) {
        std::u16string name(length, u'a');
        name[pos] = bad.unit;
        PropertyListWriter writer;
        writer.BeginPropertyVerbatim(name).AddDword(1);
        absl::StatusOr<absl::Span<const uint8_t>> bytes = writer.Finish();
        ASSERT_TRUE(bytes.ok());
        absl::StatusOr<ListInfo> info = ValidatePropertyList(*bytes, {.strict = true});
        EXPECT_THAT(info, Win32ErrorIs(kErrorInvalidData, 12 + 2 * pos))
            << "length " << length << ", unit " << int{bad.unit} << " at " << pos;
        EXPECT_THAT(std::string(info.status().message()), ::testing::HasSubstr(bad.what));
        EXPECT_TRUE(ValidatePropertyList(*bytes).ok());  // lenient: names are not checked
      }
      for (char16_t neighbour : {char16_t{0xD7FF}, char16_t{0xE000}, char16_t{0xFFFF}}) {
        std::u16string name(length, u'a');  // the units either side of the surrogates are text
        name[pos] = neighbour;
        PropertyListWriter writer;
        writer.BeginPropertyVerbatim(name).AddDword(1);
        EXPECT_TRUE(ValidatePropertyList(*writer.Finish(), {.strict = true}).ok())
            << "length " << length << ", unit " << int{neighbour} << " at " << pos;
      }
      if (pos + 1 < length) {  // a well-formed pair at pos validates
        std::u16string name(length, u'a');
        name[pos] = 0xD83D;
        name[pos + 1] = 0xDE00;
        PropertyListWriter writer;
        writer.BeginPropertyVerbatim(name).AddDword(1);
        EXPECT_TRUE(ValidatePropertyList(*writer.Finish(), {.strict = true}).ok())
            << "length " << length << ", pair at " << pos;
      }
    }
  }
}

// Each typed read that fails names the field at fault: the value's syntax (offset of the entry)
// for a value of another format, its cbLength (entry + 4) for a length the format cannot have.
TEST(ValueViewTest, TypedReadErrorsPointAtTheSyntaxOrTheLength) {
  const std::vector<uint8_t> bytes = FromHex(
      "01000000"
      "03000400 04000000 61000000"  // NAME "a" at 4
      "02000100 03000000 01020300"  // DWORD, cbLength 3, at 16
      "03000100 04000000 62000000"  // SZ "b" at 28
      "0E000100 00000000"           // PROPERTY_LIST, cbLength 0, at 40
      "00000000");
  absl::StatusOr<PropertyListReader> list = PropertyListReader::Open(bytes);
  ASSERT_THAT(list, IsOk());
  std::vector<ValueView> values;
  for (ValueView value : (*list->begin()).values()) values.push_back(value);
  ASSERT_EQ(values.size(), 3u);
  EXPECT_THAT(values[0].AsDword(), Win32ErrorIs(kErrorInvalidData, 20));
  EXPECT_THAT(values[1].AsDword(), Win32ErrorIs(kErrorInvalidData, 28));
  EXPECT_THAT(values[0].AsMultiString(), Win32ErrorIs(kErrorInvalidData, 16));
  EXPECT_THAT(values[1].AsMultiString(), Win32ErrorIs(kErrorInvalidData, 28));
  absl::StatusOr<PropertyListReader> empty = values[2].AsPropertyList();
  EXPECT_THAT(empty, Win32ErrorIs(kErrorInvalidData, 44));
  EXPECT_EQ(empty.status().message(), "PROPERTY_LIST value is empty");
  EXPECT_THAT(values[1].AsString(), IsOkAndHolds(::testing::Property(&Utf16View::ToUtf8, "b")));
}

}  // namespace
}  // namespace clusprop
