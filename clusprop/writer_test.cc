#include "clusprop/writer.h"

#include <functional>
#include <iterator>
#include <limits>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "clusprop/internal/test_util.h"
#include "clusprop/reader.h"
#include "clusprop/status_matchers.h"
#include "clusprop/utf16.h"
#include "clusprop/win32_error.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace clusprop {
namespace {

using ::clusprop::testing::FromHex;
using ::testing::ElementsAreArray;
using ::testing::HasSubstr;

std::vector<uint8_t> ToVector(absl::Span<const uint8_t> span) {
  return std::vector<uint8_t>(span.begin(), span.end());
}

TEST(PropertyListWriterTest, VmSaveGolden) {
  PropertyListWriter writer(WriteOptions{.trailing_endmark = false});
  writer.BeginProperty("Virtual Machine").AddDword(1);
  absl::StatusOr<absl::Span<const uint8_t>> bytes = writer.Finish();
  ASSERT_THAT(bytes, IsOk());
  EXPECT_THAT(
      ToVector(*bytes),
      ElementsAreArray(FromHex("01000000"
                               "03000400 20000000"
                               "5600690072007400750061006c0020004d0061006300680069006e0065000000"
                               "02000100 04000000 01000000"
                               "00000000")));
}

TEST(PropertyListWriterTest, WindowsShapeGoldenWithTrailer) {
  PropertyListWriter writer;  // trailer on by default
  writer.BeginProperty("Name").AddString("ab");
  writer.BeginProperty("Desc").AddString("");
  writer.BeginProperty("Abc").AddDword(7);
  writer.BeginProperty(u"Path")
      .AddString("%a", kSyntaxListValueExpandSz)
      .AddString(u"x", kSyntaxListValueExpandedSz);
  absl::StatusOr<absl::Span<const uint8_t>> bytes = writer.Finish();
  ASSERT_THAT(bytes, IsOk());
  // The same bytes as the reader's golden vector of this shape.
  EXPECT_THAT(ToVector(*bytes),
              ElementsAreArray(testing::ReadTestBytes("testdata/golden/windows_shape.bin")));
  EXPECT_EQ(writer.property_count(), 4u);
}

TEST(PropertyListWriterTest, EveryFormatRoundTripsThroughTheReader) {
  PropertyListWriter nested_writer;
  nested_writer.BeginProperty("Inner").AddDword(9);
  std::vector<uint8_t> nested = ToVector(*nested_writer.Finish());

  PropertyListWriter writer;
  writer.BeginProperty("dword").AddDword(0xDEADBEEF);
  writer.BeginProperty("long").AddLong(-5);
  writer.BeginProperty("word").AddWord(0xBEEF);
  writer.BeginProperty("ularge").AddULargeInteger(0x0102030405060708ull);
  writer.BeginProperty("large").AddLargeInteger(-3);
  writer.BeginProperty("filetime").AddFileTime(132000000000000000ull);
  writer.BeginProperty("sz").AddString("h\xC3\xA9llo \xF0\x9F\x98\x80");  // é and an emoji
  writer.BeginProperty("multi").AddMultiString({"a", "bc"});
  writer.BeginProperty("empty multi").AddMultiString({});
  writer.BeginProperty("binary").AddBinary(std::vector<uint8_t>{1, 2, 3, 4, 5});
  writer.BeginProperty("nested").AddPropertyList(nested);
  writer.BeginProperty("user").AddRaw(0x80008000, std::vector<uint8_t>{9});
  absl::StatusOr<absl::Span<const uint8_t>> bytes = writer.Finish();
  ASSERT_THAT(bytes, IsOk());

  absl::StatusOr<PropertyListReader> list = PropertyListReader::Open(*bytes, {.strict = true});
  ASSERT_THAT(list, IsOk());
  ASSERT_EQ(list->size(), 12u);
  std::vector<ValueView> v;
  for (PropertyView p : *list) v.push_back(p.first_value());
  EXPECT_THAT(v[0].AsDword(), IsOkAndHolds(0xDEADBEEFu));
  EXPECT_THAT(v[1].AsLong(), IsOkAndHolds(-5));
  EXPECT_THAT(v[2].AsWord(), IsOkAndHolds(0xBEEF));
  EXPECT_EQ(v[2].length(), 2u);
  EXPECT_THAT(v[3].AsULargeInteger(), IsOkAndHolds(0x0102030405060708ull));
  EXPECT_THAT(v[4].AsLargeInteger(), IsOkAndHolds(-3));
  EXPECT_THAT(v[5].AsFileTime(), IsOkAndHolds(132000000000000000ull));
  EXPECT_EQ(v[6].AsString()->ToUtf8(), "h\xC3\xA9llo \xF0\x9F\x98\x80");
  EXPECT_EQ(v[6].length(), 2u * (6 + 2 + 1));  // 6 BMP units, a surrogate pair, the NUL
  EXPECT_EQ(v[7].length(), 12u);               // {"a","bc"} -> 12 bytes
  EXPECT_EQ(v[8].length(), 2u);
  EXPECT_TRUE(v[8].AsMultiString()->empty());
  EXPECT_EQ(v[9].length(), 5u);
  absl::StatusOr<PropertyListReader> inner = v[10].AsPropertyList();
  ASSERT_THAT(inner, IsOk());
  EXPECT_THAT((*inner->begin()).first_value().AsDword(), IsOkAndHolds(9u));
  EXPECT_EQ(v[11].syntax(), 0x80008000u);
}

TEST(PropertyListWriterTest, EmptyListWithAndWithoutTrailer) {
  PropertyListWriter with;
  EXPECT_THAT(ToVector(*with.Finish()), ElementsAreArray(FromHex("00000000 00000000")));
  PropertyListWriter without(WriteOptions{.trailing_endmark = false});
  EXPECT_THAT(ToVector(*without.Finish()), ElementsAreArray(FromHex("00000000")));
}

TEST(PropertyListWriterTest, IllFormedInputIsInvalidParameter) {
  {
    PropertyListWriter writer;
    writer.BeginProperty("bad \xFF name").AddDword(1);
    EXPECT_THAT(writer.Finish(), Win32CodeIs(kErrorInvalidParameter));
  }
  {
    PropertyListWriter writer;
    writer.BeginProperty(std::u16string_view(u"\xD800", 1)).AddDword(1);
    EXPECT_THAT(writer.Finish(), Win32CodeIs(kErrorInvalidParameter));
  }
  {
    PropertyListWriter writer;
    writer.BeginProperty("a").AddString(std::string_view("x\0y", 3));
    EXPECT_THAT(writer.Finish(), Win32CodeIs(kErrorInvalidParameter));
  }
  {
    PropertyListWriter writer;
    writer.BeginProperty("a").AddString("\xC0\x80");  // overlong NUL
    EXPECT_THAT(writer.Finish(), Win32CodeIs(kErrorInvalidParameter));
    EXPECT_THAT(std::string(writer.status().message()),
                HasSubstr("string is not well-formed UTF-8 or contains NUL"));
  }
  {
    PropertyListWriter writer;
    writer.BeginProperty("a").AddMultiString({"x", ""});
    EXPECT_THAT(writer.Finish(), Win32CodeIs(kErrorInvalidParameter));
  }
}

// UTF-8 text goes through an ASCII fast path (eight bytes checked, four widened at a time) and
// then the general decoder: every split between the two encodes exactly as the UTF-8 says.
TEST(PropertyListWriterTest, TextEncodesTheSameWhereverTheAsciiRunEnds) {
  for (size_t k = 0; k <= 17; ++k) {
    SCOPED_TRACE(k);
    const std::string ascii(k, 'a');
    const std::string utf8 = ascii + "\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80" + ascii + "z";  // é € 😀
    const std::u16string utf16 =
        std::u16string(k, u'a') + u"\u00E9\u20AC\U0001F600" + std::u16string(k, u'a') + u"z";
    PropertyListWriter by_utf8;
    by_utf8.BeginProperty(utf8).AddString(utf8).AddMultiString({utf8, ascii + "y"});
    PropertyListWriter by_utf16;
    by_utf16.BeginProperty(utf16).AddString(utf16);
    // The MULTI_SZ, encoded by hand: each string, its NUL, then the final NUL.
    std::vector<uint8_t> multi;
    for (char16_t unit : utf16 + u'\0' + std::u16string(k, u'a') + u"y" + u'\0' + u'\0') {
      multi.push_back(static_cast<uint8_t>(unit & 0xFF));
      multi.push_back(static_cast<uint8_t>(unit >> 8));
    }
    by_utf16.AddRaw(kSyntaxListValueMultiSz, multi);
    absl::StatusOr<absl::Span<const uint8_t>> a = by_utf8.Finish();
    absl::StatusOr<absl::Span<const uint8_t>> b = by_utf16.Finish();
    ASSERT_THAT(a, IsOk());
    ASSERT_THAT(b, IsOk());
    EXPECT_THAT(*a, ElementsAreArray(*b));
  }
  // What the fast path must still reject, past its first eight bytes.
  for (std::string_view bad :
       {std::string_view("abcdefghi\xFFjk"), std::string_view("abcdefghijk\0l", 13)}) {
    PropertyListWriter writer;
    writer.BeginProperty(bad).AddDword(1);
    EXPECT_THAT(writer.Finish(), Win32CodeIs(kErrorInvalidParameter));
  }
}

// ASCII names take the widening path: names of every length up to three blocks and past them
// encode as their UTF-16 form does, and a bad byte at any position is still refused.
TEST(PropertyListWriterTest, AsciiNamesEncodeAsTheirUtf16FormAtEveryLength) {
  for (size_t n = 0; n <= 40; ++n) {
    std::string name(n, 'a');
    for (size_t i = 0; i < n; ++i) name[i] = static_cast<char>(1 + (i * 41) % 127);
    PropertyListWriter by_utf8;
    by_utf8.BeginProperty(name).AddDword(7);
    PropertyListWriter by_utf16;
    by_utf16.BeginProperty(std::u16string(name.begin(), name.end())).AddDword(7);
    ASSERT_THAT(by_utf8.Finish(), IsOk());
    EXPECT_THAT(*by_utf8.Finish(), ElementsAreArray(*by_utf16.Finish())) << n;
    for (size_t pos = 0; pos < n; ++pos) {
      for (char bad : {'\0', '\x80', '\xFF'}) {
        std::string with = name;
        with[pos] = bad;
        PropertyListWriter writer;
        writer.BeginProperty(with).AddDword(7);
        EXPECT_THAT(writer.Finish(), Win32CodeIs(kErrorInvalidParameter)) << n << " " << pos;
      }
    }
  }
}

// A cleared writer writes over the bytes of its last list: padding, NULs and MULTI_SZ
// separators must come out as they do from a new writer.
TEST(PropertyListWriterTest, AClearedWriterWritesWhatANewOneWrites) {
  PropertyListWriter reused;
  reused.BeginProperty(std::string(300, 'x'));
  reused.AddBinary(std::vector<uint8_t>(200, 0xFF)).AddString(std::string(100, 'y'));
  ASSERT_THAT(reused.Finish(), IsOk());
  auto write = [](PropertyListWriter& writer) {
    writer.BeginProperty("a").AddWord(0x1234).AddString("bc").AddBinary({0x01, 0x02, 0x03});
    writer.BeginProperty("de").AddMultiString({"f", "gh", "ijk"}).AddLong(-1);
    writer.BeginProperty("Property").AddULargeInteger(0x0102030405060708u).AddBinary({});
    return ToVector(*writer.Finish());
  };
  reused.Clear();
  PropertyListWriter fresh;
  const std::vector<uint8_t> expected = write(fresh);
  EXPECT_THAT(write(reused), ElementsAreArray(expected));
  EXPECT_THAT(ValidatePropertyList(expected, {.strict = true}), IsOk());

  ValueListWriter values;
  values.AddBinary(std::vector<uint8_t>(64, 0xFF)).AddString(std::string(40, 'z'));
  ASSERT_THAT(values.Finish(), IsOk());
  values.Clear();
  values.AddWord(1).AddMultiString({"a", "b"}).AddString("c");
  EXPECT_THAT(ToVector(*values.Finish()),
              ElementsAreArray(FromHex("0b000100 02000000 01000000"
                                       "05000100 0a000000 61000000 62000000 0000 0000"
                                       "03000100 04000000 63000000"
                                       "00000000")));
}

TEST(EncodedNameTest, WritesTheBytesBeginPropertyWrites) {
  for (std::string_view name :
       {std::string_view("Virtual Machine"), std::string_view("a"), std::string_view("ab"),
        std::string_view("Nœud-😀"), std::string_view("Property00000000")}) {
    absl::StatusOr<EncodedName> encoded = EncodedName::FromUtf8(name);
    ASSERT_THAT(encoded, IsOk());
    PropertyListWriter by_name;
    by_name.BeginProperty(name).AddDword(1).BeginProperty(name).AddDword(2);
    PropertyListWriter by_encoded;
    by_encoded.BeginProperty(*encoded).AddDword(1).BeginProperty(*encoded).AddDword(2);
    EXPECT_THAT(*by_encoded.Finish(), ElementsAreArray(*by_name.Finish())) << name;
    // The entry alone: header, units, NUL and padding, as the list holds it.
    const std::vector<uint8_t> list = ToVector(*by_name.Finish());
    EXPECT_THAT(encoded->entry(),
                ElementsAreArray(list.begin() + 4, list.begin() + 4 + encoded->entry().size()));
  }
  absl::StatusOr<EncodedName> from16 = EncodedName::FromUtf16(u"Virtual Machine");
  ASSERT_THAT(from16, IsOk());
  EXPECT_THAT(from16->entry(),
              ElementsAreArray(
                  FromHex("03000400 20000000"
                          "5600690072007400750061006c0020004d0061006300680069006e0065000000")));
}

TEST(EncodedNameTest, RefusesWhatBeginPropertyRefuses) {
  EXPECT_THAT(EncodedName::FromUtf8("a\xFF"), Win32CodeIs(kErrorInvalidParameter));
  EXPECT_THAT(EncodedName::FromUtf8(std::string_view("a\0b", 3)),
              Win32CodeIs(kErrorInvalidParameter));
  EXPECT_THAT(EncodedName::FromUtf16(std::u16string(1, char16_t{0xD800})),
              Win32CodeIs(kErrorInvalidParameter));
  EXPECT_THAT(EncodedName::FromUtf8(""), IsOk());  // as BeginProperty(""): a one-NUL name
}

TEST(EncodedNameTest, AMovedFromNameFailsTheWriter) {
  absl::StatusOr<EncodedName> name = EncodedName::FromUtf8("Name");
  ASSERT_THAT(name, IsOk());
  EncodedName taken = std::move(*name);
  PropertyListWriter writer;
  writer.BeginProperty(*name).AddDword(1);  // NOLINT(bugprone-use-after-move): the point
  EXPECT_THAT(writer.Finish(), Win32CodeIs(kErrorInvalidParameter));
  PropertyListWriter good;
  EXPECT_THAT(good.BeginProperty(taken).AddDword(1).Finish(), IsOk());
}

TEST(EncodedNameTest, AFinishedWriterRefusesAnEncodedName) {
  absl::StatusOr<EncodedName> name = EncodedName::FromUtf8("Name");
  PropertyListWriter writer;
  writer.BeginProperty(*name).AddDword(1);
  const std::vector<uint8_t> finished = ToVector(*writer.Finish());
  writer.BeginProperty(*name);
  EXPECT_THAT(writer.Finish(), Win32CodeIs(kErrorInvalidParameter));
  PropertyListWriter no_value;
  no_value.BeginProperty(*name).BeginProperty(*name);  // the first property has no value
  EXPECT_THAT(no_value.Finish(), Win32CodeIs(kErrorInvalidParameter));
  EXPECT_EQ(finished.size(), 4u + 8 + 12 + 12 + 4 + 4);
}

// Names whose NAME entries take one to six 16-byte blocks, ending at every offset in a block.
std::vector<EncodedName> NamesOfEveryLength() {
  std::vector<EncodedName> names;
  for (size_t units = 0; units <= 40; ++units) {
    names.push_back(
        *EncodedName::FromUtf8(std::string(units, static_cast<char>('a' + units % 26))));
  }
  return names;
}

// What AddDwordProperty and AddDwordProperties promise: the bytes and the status of the two-step
// calls, whatever the writer's state before.
void ExpectSameAsTwoSteps(const std::function<void(PropertyListWriter&)>& before,
                          const std::vector<const EncodedName*>& names,
                          const std::vector<uint32_t>& values, uint32_t syntax) {
  PropertyListWriter two_steps, each, table;
  before(two_steps);
  before(each);
  before(table);
  std::vector<EncodedName> copies;
  for (size_t i = 0; i < names.size(); ++i) {
    two_steps.BeginProperty(*names[i]).AddDword(values[i], syntax);
    each.AddDwordProperty(*names[i], values[i], syntax);
  }
  for (const EncodedName* name : names) {
    if (name->entry().empty()) {  // a moved-from name, kept moved-from
      EncodedName gone = *EncodedName::FromUtf8("x");
      EncodedName taken = std::move(gone);
      copies.push_back(std::move(gone));  // NOLINT(bugprone-use-after-move): the point
    } else {
      copies.push_back(*name);
    }
  }
  table.AddDwordProperties(copies, values, syntax);
  absl::StatusOr<absl::Span<const uint8_t>> expected = two_steps.Finish();
  for (PropertyListWriter* writer : {&each, &table}) {
    absl::StatusOr<absl::Span<const uint8_t>> got = writer->Finish();
    ASSERT_EQ(got.status(), expected.status());
    if (expected.ok()) {
      EXPECT_THAT(*got, ElementsAreArray(*expected));
      EXPECT_EQ(writer->property_count(), two_steps.property_count());
    }
  }
}

TEST(EncodedNameTest, DwordPropertiesWriteWhatTheTwoStepsWrite) {
  const std::vector<EncodedName> names = NamesOfEveryLength();
  std::vector<const EncodedName*> all;
  std::vector<uint32_t> values;
  for (const EncodedName& name : names) {
    all.push_back(&name);
    values.push_back(0xA5000000u + static_cast<uint32_t>(values.size()));
  }
  const auto nothing = [](PropertyListWriter&) {};
  ExpectSameAsTwoSteps(nothing, all, values, kSyntaxListValueDword);
  ExpectSameAsTwoSteps(nothing, all, values, kSyntaxDiskSignature);  // another DWORD syntax
  ExpectSameAsTwoSteps(nothing, {}, {}, kSyntaxListValueDword);
  // After a property still open, after a property with no value, after Finish, after a failure.
  ExpectSameAsTwoSteps([](PropertyListWriter& w) { w.BeginProperty("open").AddString("x"); }, all,
                       values, kSyntaxListValueDword);
  ExpectSameAsTwoSteps([](PropertyListWriter& w) { w.BeginProperty("empty"); }, all, values,
                       kSyntaxListValueDword);
  ExpectSameAsTwoSteps([](PropertyListWriter& w) { (void)w.Finish(); }, all, values,
                       kSyntaxListValueDword);
  ExpectSameAsTwoSteps([](PropertyListWriter& w) { w.AddDword(1); }, all, values,
                       kSyntaxListValueDword);
  // A syntax of another format, or of a type neither named nor USER.
  ExpectSameAsTwoSteps(nothing, all, values, kSyntaxListValueLong);
  ExpectSameAsTwoSteps(nothing, all, values, MakeSyntax(static_cast<Type>(0x7FFF), Format::kDword));
  // A moved-from name in the middle: the properties before it are written, then it fails.
  EncodedName moved = *EncodedName::FromUtf8("moved");
  EncodedName keeper = std::move(moved);
  std::vector<const EncodedName*> with_moved = {all[3], all[4], &moved, all[5]};
  ExpectSameAsTwoSteps(nothing, with_moved, {1, 2, 3, 4}, kSyntaxListValueDword);
  ExpectSameAsTwoSteps(nothing, {&moved, all[5]}, {1, 2}, kSyntaxListValueDword);  // and first
  EXPECT_TRUE(moved.entry().empty());  // NOLINT(bugprone-use-after-move): the point
}

TEST(EncodedNameTest, DwordPropertiesGrowTheWriterAsNeeded) {
  // Many more bytes than a new writer holds, in tables of one and of many properties.
  const std::vector<EncodedName> names = NamesOfEveryLength();
  PropertyListWriter two_steps, each, tables;
  std::vector<uint32_t> values(names.size());
  for (int round = 0; round < 200; ++round) {
    for (size_t i = 0; i < names.size(); ++i) {
      values[i] = static_cast<uint32_t>(round * 1000 + i);
      two_steps.BeginProperty(names[i]).AddDword(values[i]);
      each.AddDwordProperty(names[i], values[i]);
    }
    tables.AddDwordProperties(names, values);
  }
  EXPECT_THAT(*each.Finish(), ElementsAreArray(*two_steps.Finish()));
  EXPECT_THAT(*tables.Finish(), ElementsAreArray(*two_steps.Finish()));
  EXPECT_EQ(tables.property_count(), 200u * names.size());
  EXPECT_THAT(ValidatePropertyList(*tables.Finish(), ReadOptions{.strict = true}), IsOk());
}

TEST(EncodedNameTest, DwordPropertiesRefuseSpansOfDifferentLengths) {
  const std::vector<EncodedName> names = NamesOfEveryLength();
  PropertyListWriter writer;
  writer.AddDwordProperties(names, std::vector<uint32_t>(names.size() - 1));
  EXPECT_THAT(writer.Finish(), Win32CodeIs(kErrorInvalidParameter));
  EXPECT_EQ(ErrorWhat(writer.Finish().status()), "names and values differ in number");
  EXPECT_EQ(writer.property_count(), 0u);
}

TEST(PropertyListWriterTest, MisuseIsInvalidParameterAndSticky) {
  {
    PropertyListWriter writer;
    writer.AddDword(1);  // no property yet
    writer.BeginProperty("ok").AddDword(2);
    EXPECT_THAT(writer.Finish(), Win32CodeIs(kErrorInvalidParameter));
    EXPECT_THAT(writer.status(), Win32CodeIs(kErrorInvalidParameter));
  }
  {
    PropertyListWriter writer;
    writer.BeginProperty("empty");
    writer.BeginProperty("next").AddDword(1);
    EXPECT_THAT(writer.Finish(), Win32CodeIs(kErrorInvalidParameter));
  }
  {
    PropertyListWriter writer;
    writer.BeginProperty("last");
    EXPECT_THAT(writer.Finish(), Win32CodeIs(kErrorInvalidParameter));
  }
  {
    PropertyListWriter writer;
    writer.BeginProperty("a").AddRaw(kSyntaxEndmark, {});
    EXPECT_THAT(writer.Finish(), Win32CodeIs(kErrorInvalidParameter));
  }
  {
    PropertyListWriter writer;
    writer.BeginProperty("a").AddDword(1);
    ASSERT_THAT(writer.Finish(), IsOk());
    writer.AddDword(2);
    EXPECT_THAT(writer.Finish(), Win32CodeIs(kErrorInvalidParameter));
    writer.Clear();
    writer.BeginProperty("b").AddDword(3);
    EXPECT_THAT(writer.Finish(), IsOk());
  }
}

TEST(PropertyListWriterTest, FinishIntoReportsRequiredSizeAndLeavesBufferAlone) {
  PropertyListWriter writer(WriteOptions{.trailing_endmark = false});
  writer.BeginProperty("Virtual Machine").AddDword(1);
  std::vector<uint8_t> small(59, 0xEE);
  absl::StatusOr<size_t> written = writer.FinishInto(absl::MakeSpan(small));
  EXPECT_THAT(written, Win32CodeIs(kErrorMoreData));
  EXPECT_EQ(RequiredSizeOf(written.status()), 60u);
  EXPECT_THAT(small, ::testing::Each(0xEE));
  std::vector<uint8_t> exact(60);
  EXPECT_THAT(writer.FinishInto(absl::MakeSpan(exact)), IsOkAndHolds(60u));
  EXPECT_THAT(ValidatePropertyList(exact, {.strict = true}), IsOk());
}

// The typed Add* methods write only what strict validation accepts; AddRaw writes anything
// structurally sound.
TEST(PropertyListWriterTest, TypedAddRefusesASyntaxItDoesNotWrite) {
  struct Case {
    const char* what;
    std::function<void(PropertyListWriter&)> add;
  };
  const std::vector<uint8_t> nested = FromHex(
      "01000000 03000400 04000000 50000000"
      "02000100 04000000 07000000 00000000");
  const std::vector<Case> refused = {
      {"string as DWORD", [](auto& w) { w.AddString("hello", kSyntaxListValueDword); }},
      {"utf16 string as BINARY", [](auto& w) { w.AddString(u"hello", kSyntaxListValueBinary); }},
      {"dword as LONG", [](auto& w) { w.AddDword(1, kSyntaxListValueLong); }},
      {"long as DWORD", [](auto& w) { w.AddLong(1, kSyntaxListValueDword); }},
      {"word as DWORD", [](auto& w) { w.AddWord(1, kSyntaxListValueDword); }},
      {"ularge as FILETIME", [](auto& w) { w.AddULargeInteger(1, kSyntaxListValueFileTime); }},
      {"large as ULARGE", [](auto& w) { w.AddLargeInteger(1, kSyntaxListValueULargeInteger); }},
      {"filetime as LARGE", [](auto& w) { w.AddFileTime(1, kSyntaxListValueLargeInteger); }},
      {"multi as SZ", [](auto& w) { w.AddMultiString({"a"}, kSyntaxListValueSz); }},
      {"binary as SZ", [](auto& w) { w.AddBinary(std::vector<uint8_t>{1}, kSyntaxListValueSz); }},
      {"binary as USER format", [](auto& w) { w.AddBinary(std::vector<uint8_t>{1}, 0x80008000); }},
      {"list as BINARY", [&nested](auto& w) { w.AddPropertyList(nested, kSyntaxListValueBinary); }},
      {"unnamed type 0x0010", [](auto& w) { w.AddDword(1, 0x00100002); }},
      {"unnamed type 0x7FFF", [](auto& w) { w.AddString("x", 0x7FFF0003); }},
      {"NAME", [](auto& w) { w.AddString("x", kSyntaxName); }},
      {"invalid nested list", [](auto& w) { w.AddPropertyList(FromHex("05000000")); }},
      {"nested list valid only leniently (padding)",
       [](auto& w) {
         w.AddPropertyList(
             FromHex("01000000 03000400 02000000 00000101"
                     "02000100 04000000 07000000 00000000"));
       }},
      {"nested list with an unnamed type",
       [](auto& w) {
         w.AddPropertyList(
             FromHex("01000000 03000400 04000000 50000000"
                     "02001000 04000000 07000000 00000000"));
       }},
      {"fourth value", [](auto& w) { w.AddDword(1).AddLong(2).AddString("three").AddBinary({}); }},
  };
  for (const Case& c : refused) {
    SCOPED_TRACE(c.what);
    PropertyListWriter writer;
    writer.BeginProperty("P");
    c.add(writer);
    writer.BeginProperty("Q").AddDword(1);
    EXPECT_THAT(writer.Finish(), Win32CodeIs(kErrorInvalidParameter));
  }
  const std::vector<Case> accepted = {
      {"DISK_SIGNATURE", [](auto& w) { w.AddDword(1, kSyntaxDiskSignature); }},
      {"DISK_SIZE", [](auto& w) { w.AddULargeInteger(1, kSyntaxDiskSize); }},
      {"EXPANDED_SZ", [](auto& w) { w.AddString(u"x", kSyntaxListValueExpandedSz); }},
      {"DISK_GUID", [](auto& w) { w.AddString("x", kSyntaxDiskGuid); }},
      {"SECURITY_DESCRIPTOR",
       [](auto& w) { w.AddBinary(std::vector<uint8_t>{1}, kSyntaxListValueSecurityDescriptor); }},
      {"type ENDMARK, format DWORD", [](auto& w) { w.AddDword(1, 0x00000002); }},
      {"USER type", [](auto& w) { w.AddDword(1, 0x80000002); }},
      {"type 0xFFFF", [](auto& w) { w.AddWord(1, 0xFFFF000B); }},
      {"nested list", [&nested](auto& w) { w.AddPropertyList(nested); }},
      {"empty nested list (reset)", [](auto& w) { w.AddPropertyList({}); }},
      {"three values", [](auto& w) { w.AddDword(1).AddLong(2).AddString("three"); }},
      {"raw fourth value",
       [](auto& w) { w.AddDword(1).AddLong(2).AddString("three").AddRaw(0x00420017, {}); }},
      {"raw bad nested list",
       [](auto& w) { w.AddRaw(kSyntaxListValuePropertyList, FromHex("05000000")); }},
  };
  for (const Case& c : accepted) {
    SCOPED_TRACE(c.what);
    PropertyListWriter writer;
    writer.BeginProperty("P");
    c.add(writer);
    absl::StatusOr<absl::Span<const uint8_t>> bytes = writer.Finish();
    ASSERT_THAT(bytes, IsOk());
    EXPECT_THAT(ValidatePropertyList(*bytes), IsOk());
  }
  // The value-list writer has no properties: no limit on the number of values.
  ValueListWriter values;
  values.AddDword(1).AddDword(2).AddDword(3).AddDword(4);
  EXPECT_THAT(values.Finish(), IsOk());
  ValueListWriter mismatch;
  mismatch.AddString("hello", kSyntaxListValueDword);
  EXPECT_THAT(mismatch.Finish(), Win32CodeIs(kErrorInvalidParameter));
}

// Nested lists are checked as they will sit in the finished list: at depth 2 at least, so that
// kMaxNestingDepth levels are accepted in all and one more is refused.
TEST(PropertyListWriterTest, NestedListsStayWithinTheDepthLimit) {
  std::vector<uint8_t> list;
  {
    PropertyListWriter innermost;
    innermost.BeginProperty("P").AddDword(42);
    list = ToVector(*innermost.Finish());
  }
  for (int depth = 2; depth <= kMaxNestingDepth; ++depth) {
    PropertyListWriter writer;
    writer.BeginProperty("P").AddPropertyList(list);
    absl::StatusOr<absl::Span<const uint8_t>> bytes = writer.Finish();
    ASSERT_THAT(bytes, IsOk()) << depth;
    list = ToVector(*bytes);
  }
  EXPECT_THAT(ValidatePropertyList(list, {.strict = true}), IsOk());
  PropertyListWriter too_deep;
  too_deep.BeginProperty("P").AddPropertyList(list);
  EXPECT_THAT(too_deep.Finish(), Win32CodeIs(kErrorInvalidParameter));
}

// After Finish() the list is done: any further call fails the writer with ERROR_INVALID_PARAMETER
// and leaves the finished bytes alone; Clear() starts over.
TEST(PropertyListWriterTest, AFailedWriterKeepsItsFirstErrorAndWritesNothing) {
  const std::vector<uint8_t> bytes = {1, 2, 3};
  PropertyListWriter early;
  early.AddRaw(kSyntaxListValueBinary, bytes);  // a value before any property
  EXPECT_THAT(std::string(early.status().message()), HasSubstr("value before BeginProperty()"));

  PropertyListWriter writer;
  writer.BeginProperty("bad \xFF name");
  // Each call below fails on its own arguments too; none replaces the first error.
  const EncodedName name = *EncodedName::FromUtf8("n");
  writer.AddDwordProperties({name}, {}, kSyntaxListValueDword);
  writer.BeginProperty("\xC0\x80");
  writer.BeginProperty(std::u16string_view(u"\xD800", 1));
  writer.AddRaw(kSyntaxListValueBinary, bytes);
  EXPECT_THAT(writer.Finish(), Win32CodeIs(kErrorInvalidParameter));
  EXPECT_THAT(std::string(writer.status().message()),
              HasSubstr("property name is not well-formed UTF-8 or contains NUL"));
  writer.Clear();
  EXPECT_THAT(writer.Finish(), IsOkAndHolds(ElementsAreArray(FromHex("00000000 00000000"))));
}

// The writers' storage (internal): room at least 256 bytes, then doubling or what is asked for,
// whichever is more; a request no vector can hold throws before anything changes.
TEST(GrowableBytesTest, RoomDoublesFrom256Bytes) {
  internal::GrowableBytes storage;
  const auto room = [&storage] { return static_cast<size_t>(storage.RoomEnd() - storage.data()); };
  storage.Extend(1);
  EXPECT_EQ(room(), 256u);
  storage.Extend(255);  // exactly full
  EXPECT_EQ(room(), 256u);
  storage.Extend(1);
  EXPECT_EQ(room(), 512u);
  storage.Extend(2000);  // more than double: what is needed
  EXPECT_EQ(room(), 2257u);
  storage.Clear();
  storage.Extend(2257);  // reused: no growth
  EXPECT_EQ(room(), 2257u);
  try {
    storage.Extend(std::numeric_limits<size_t>::max());
    ADD_FAILURE() << "no exception";
  } catch (const std::length_error& e) {
    EXPECT_STREQ(e.what(), "CLUSPROP list too large");
  }
  EXPECT_EQ(storage.bytes().size(), 2257u);
  EXPECT_EQ(room(), 2257u);
}

TEST(PropertyListWriterTest, UseAfterFinishFailsAndLeavesTheBytes) {
  const std::vector<std::function<void(PropertyListWriter&)>> calls = {
      [](auto& w) { w.AddDword(2); },
      [](auto& w) { w.AddString("x"); },
      [](auto& w) { w.AddMultiString({"x"}); },
      [](auto& w) { w.AddPropertyList({}); },
      [](auto& w) { w.AddRaw(kSyntaxListValueBinary, {}); },
      [](auto& w) { w.BeginProperty("b"); },
      [](auto& w) { w.BeginProperty("b").AddDword(1); },
      [](auto& w) { w.AddString("x", kSyntaxListValueDword); },
  };
  for (size_t i = 0; i < calls.size(); ++i) {
    SCOPED_TRACE(i);
    PropertyListWriter writer;
    writer.BeginProperty("a").AddDword(1);
    absl::StatusOr<absl::Span<const uint8_t>> first = writer.Finish();
    ASSERT_THAT(first, IsOk());
    const std::vector<uint8_t> finished = ToVector(*first);
    calls[i](writer);
    EXPECT_THAT(writer.Finish(), Win32CodeIs(kErrorInvalidParameter));
    EXPECT_THAT(writer.status(), Win32CodeIs(kErrorInvalidParameter));
    std::vector<uint8_t> out(finished.size());
    EXPECT_THAT(writer.FinishInto(absl::MakeSpan(out)), Win32CodeIs(kErrorInvalidParameter));
    EXPECT_THAT(ToVector(*first), ElementsAreArray(finished));  // the old view is untouched
    writer.Clear();
    writer.BeginProperty("a").AddDword(1);
    EXPECT_THAT(writer.Finish(), IsOkAndHolds(ElementsAreArray(finished)));
  }
  ValueListWriter values;
  values.AddDword(1);
  absl::StatusOr<absl::Span<const uint8_t>> first = values.Finish();
  ASSERT_THAT(first, IsOk());
  const std::vector<uint8_t> finished = ToVector(*first);
  values.AddDword(2);
  EXPECT_THAT(values.Finish(), Win32CodeIs(kErrorInvalidParameter));
  EXPECT_THAT(ToVector(*first), ElementsAreArray(finished));
  values.Clear();
  values.AddDword(1);
  EXPECT_THAT(values.Finish(), IsOkAndHolds(ElementsAreArray(finished)));
}

// ---- Property: the typed Add* methods write exactly what strict validation accepts ------------

// SplitMix64: deterministic, so that a failing iteration reproduces from its seed.
class Random {
 public:
  explicit Random(uint64_t seed) : state_(seed) {}
  uint64_t Next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15u);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
    return z ^ (z >> 31);
  }
  uint32_t Below(uint32_t n) { return static_cast<uint32_t>(Next() % n); }
  bool OneIn(uint32_t n) { return Below(n) == 0; }

 private:
  uint64_t state_;
};

enum class Method {
  kDword,
  kLong,
  kWord,
  kULargeInteger,
  kLargeInteger,
  kFileTime,
  kStringUtf8,
  kStringUtf16,
  kMultiString,
  kBinary,
  kPropertyList,
};
constexpr int kMethods = 11;

// The formats each method writes, spelled out here rather than taken from the writer.
bool Writes(Method method, uint16_t format) {
  switch (method) {
    case Method::kDword:
      return format == 0x0002;
    case Method::kLong:
      return format == 0x0007;
    case Method::kWord:
      return format == 0x000B;
    case Method::kULargeInteger:
      return format == 0x0006;
    case Method::kLargeInteger:
      return format == 0x000A;
    case Method::kFileTime:
      return format == 0x000C;
    case Method::kStringUtf8:
    case Method::kStringUtf16:
      return format == 0x0003 || format == 0x0004 || format == 0x0008;
    case Method::kMultiString:
      return format == 0x0005;
    case Method::kBinary:
      return format == 0x0001 || format == 0x0009;
    case Method::kPropertyList:
      return format == 0x000E;
  }
  return false;
}
constexpr uint16_t kOwnFormat[kMethods] = {0x0002, 0x0007, 0x000B, 0x0006, 0x000A, 0x000C,
                                           0x0003, 0x0004, 0x0005, 0x0009, 0x000E};

// A syntax for `method`: mostly its own format with a named type, otherwise anything.
uint32_t RandomSyntax(Method method, Random& random) {
  static constexpr uint16_t kTypes[] = {0x0000, 0x0001, 0x0001, 0x0001, 0x0004, 0x0005, 0x000F,
                                        0x0010, 0x0042, 0x7FFF, 0x8000, 0x8001, 0xFFFF};
  uint16_t type = random.OneIn(2) ? 0x0001 : kTypes[random.Below(std::size(kTypes))];
  uint16_t format = random.Below(4) != 0
                        ? kOwnFormat[static_cast<int>(method)]
                        : static_cast<uint16_t>(random.OneIn(8) ? 0x8000 : random.Below(16));
  return static_cast<uint32_t>(type) << 16 | format;
}

// Up to 11 pieces, each from `bad` once in 40 (then *valid is false), else from `good`.
template <typename View, size_t kGood, size_t kBad>
std::basic_string<typename View::value_type> RandomPieces(Random& random, const View (&good)[kGood],
                                                          const View (&bad)[kBad], bool* valid) {
  std::basic_string<typename View::value_type> text;
  *valid = true;
  for (uint32_t n = random.Below(12); n > 0; --n) {
    if (random.OneIn(40)) {
      text += bad[random.Below(kBad)];
      *valid = false;
    } else {
      text += good[random.Below(kGood)];
    }
  }
  return text;
}

// Text from pieces that are valid (ASCII, 2-, 3- and 4-byte UTF-8) or not (NUL, a stray byte).
std::string RandomUtf8(Random& random, bool* valid) {
  static constexpr std::string_view kGood[] = {
      "a", "Z", "0", " ", "\xC3\xA9", "\xE2\x82\xAC", "\xF0\x9F\x98\x80"};
  static constexpr std::string_view kBad[] = {std::string_view("\0", 1), "\xFF", "\xED\xA0\x80",
                                              "\xC0\x80"};
  return RandomPieces(random, kGood, kBad, valid);
}

std::u16string RandomUtf16(Random& random, bool* valid) {
  static constexpr std::u16string_view kGood[] = {u"a", u"\u00E9", u"\u20AC", u"\U0001F600"};
  // Each surrogate beside a letter, so that no two pieces pair up.
  static constexpr std::u16string_view kBad[] = {std::u16string_view(u"\0", 1), u"\xD800z",
                                                 u"\xDBFFz", u"z\xDC00", u"z\xDFFF"};
  return RandomPieces(random, kGood, kBad, valid);
}

template <typename Writer>
void AddRandomValues(Writer& writer, int values, int depth, Random& random, bool* all_matched);

// A property list from the typed methods, and whether every call matched (*valid). Nested
// lists stay far below kMaxNestingDepth.
std::vector<uint8_t> RandomPropertyList(int depth, Random& random, bool* valid) {
  PropertyListWriter writer(WriteOptions{.trailing_endmark = random.OneIn(2)});
  bool matched = true;
  for (uint32_t p = random.Below(depth == 1 ? 5 : 3); p > 0; --p) {
    writer.BeginProperty(random.OneIn(2) ? "Name" : "\xC3\x89t\xC3\xA9");
    // One to four values: a fourth typed value is a mismatch (at most three per property).
    const int values = 1 + static_cast<int>(random.Below(random.OneIn(10) ? 4 : 3));
    AddRandomValues(writer, values, depth, random, &matched);
    if (values > 3) matched = false;
  }
  absl::StatusOr<absl::Span<const uint8_t>> bytes = writer.Finish();
  EXPECT_EQ(bytes.ok(), matched);
  *valid = bytes.ok();
  if (!bytes.ok()) {
    EXPECT_THAT(bytes, Win32CodeIs(kErrorInvalidParameter));
    return {};
  }
  EXPECT_THAT(ValidatePropertyList(*bytes, {.strict = true}), IsOk());
  return ToVector(*bytes);
}

template <typename Writer>
void AddRandomValues(Writer& writer, int values, int depth, Random& random, bool* all_matched) {
  for (int v = 0; v < values; ++v) {
    const Method method = static_cast<Method>(random.Below(kMethods));
    const uint32_t syntax = RandomSyntax(method, random);
    const uint16_t type = static_cast<uint16_t>(syntax >> 16);
    // What strict validation accepts of the syntax itself; NAME is never a value.
    bool matched = Writes(method, static_cast<uint16_t>(syntax & 0xFFFF)) &&
                   (type <= 0x000F || type >= 0x8000) && syntax != kSyntaxName;
    bool data_valid = true;
    switch (method) {
      case Method::kDword:
        writer.AddDword(static_cast<uint32_t>(random.Next()), syntax);
        break;
      case Method::kLong:
        writer.AddLong(static_cast<int32_t>(random.Next()), syntax);
        break;
      case Method::kWord:
        writer.AddWord(static_cast<uint16_t>(random.Next()), syntax);
        break;
      case Method::kULargeInteger:
        writer.AddULargeInteger(random.Next(), syntax);
        break;
      case Method::kLargeInteger:
        writer.AddLargeInteger(static_cast<int64_t>(random.Next()), syntax);
        break;
      case Method::kFileTime:
        writer.AddFileTime(random.Next(), syntax);
        break;
      case Method::kStringUtf8:
        writer.AddString(RandomUtf8(random, &data_valid), syntax);
        break;
      case Method::kStringUtf16:
        writer.AddString(RandomUtf16(random, &data_valid), syntax);
        break;
      case Method::kMultiString: {
        std::vector<std::string> strings;
        for (uint32_t n = random.Below(4); n > 0; --n) {
          bool valid = true;
          strings.push_back(RandomUtf8(random, &valid));
          data_valid = data_valid && valid && !strings.back().empty();  // no empty string inside
        }
        std::vector<std::string_view> views(strings.begin(), strings.end());
        writer.AddMultiString(views, syntax);
        break;
      }
      case Method::kBinary: {
        std::vector<uint8_t> bytes(random.Below(9));
        for (uint8_t& b : bytes) b = static_cast<uint8_t>(random.Next());
        writer.AddBinary(bytes, syntax);
        break;
      }
      case Method::kPropertyList: {
        std::vector<uint8_t> nested;  // empty: cbLength 0 ("reset to default"), valid
        if (depth < 3 && !random.OneIn(8)) {
          bool nested_valid = false;
          nested = RandomPropertyList(depth + 1, random, &nested_valid);
          if (!nested_valid) {
            nested = {5, 0, 0, 0};  // the nested writer failed: a count with no properties
            data_valid = false;
          } else if (random.OneIn(6)) {
            // A byte of the valid list changed: strict validation decides.
            nested[random.Below(static_cast<uint32_t>(nested.size()))] ^=
                static_cast<uint8_t>(1 + random.Below(255));
            data_valid = ValidatePropertyList(nested, {.strict = true}).ok();
          }
        }
        writer.AddPropertyList(nested, syntax);
        break;
      }
    }
    *all_matched = *all_matched && matched && data_valid;
  }
}

TEST(WriterPropertyTest, TypedAddSucceedsExactlyWhenStrictValidationWouldAccept) {
  constexpr int kIterations = 20000;
  int finished = 0;
  for (int i = 0; i < kIterations; ++i) {
    Random random(0x5EED0000u + static_cast<uint64_t>(i));
    SCOPED_TRACE(i);
    if (random.OneIn(4)) {
      ValueListWriter writer;
      bool matched = true;
      AddRandomValues(writer, static_cast<int>(random.Below(6)), /*depth=*/1, random, &matched);
      absl::StatusOr<absl::Span<const uint8_t>> bytes = writer.Finish();
      ASSERT_EQ(bytes.ok(), matched);
      if (bytes.ok()) {
        ASSERT_THAT(ValidateValueList(*bytes, {.strict = true}), IsOk());
        ++finished;
      } else {
        ASSERT_THAT(bytes, Win32CodeIs(kErrorInvalidParameter));
      }
    } else {
      bool valid = false;
      RandomPropertyList(/*depth=*/1, random, &valid);
      if (::testing::Test::HasFailure()) FAIL() << "iteration " << i;
      finished += valid;
    }
  }
  // Both outcomes are common enough to be exercised.
  EXPECT_GT(finished, kIterations / 10);
  EXPECT_LT(finished, kIterations * 9 / 10);
}

TEST(ValueListWriterTest, DiskInfoGolden) {
  ValueListWriter writer;
  writer.AddDword(0x12345678, kSyntaxDiskSignature)
      .AddDword(0x04030201, kSyntaxScsiAddress)
      .AddBinary(std::vector<uint8_t>{1, 2, 3, 4, 5}, kSyntaxPartitionInfo);
  const std::vector<uint8_t> golden = FromHex(
      "02000500 04000000 78563412"
      "02000600 04000000 01020304"
      "01000800 05000000 0102030405000000"
      "00000000");
  EXPECT_THAT(ToVector(*writer.Finish()), ElementsAreArray(golden));
  EXPECT_THAT(ToVector(*writer.Finish()), ElementsAreArray(golden));  // one ENDMARK, once
  std::vector<uint8_t> out(10);
  EXPECT_THAT(writer.FinishInto(absl::MakeSpan(out)), Win32CodeIs(kErrorMoreData));
  writer.Clear();
  EXPECT_THAT(ToVector(*writer.Finish()), ElementsAreArray(FromHex("00000000")));
}

TEST(Utf16Test, ViewsConversionsAndFolding) {
  PropertyListWriter writer;
  writer.BeginProperty(u"N\u00e4me").AddString("\xF0\x9F\x98\x80x");
  absl::StatusOr<PropertyListReader> list = PropertyListReader::Open(*writer.Finish());
  ASSERT_THAT(list, IsOk());
  Utf16View name = (*list->begin()).name();
  Utf16View text = *(*list->begin()).first_value().AsString();
  EXPECT_EQ(name.ToU16String(), u"N\u00e4me");
  EXPECT_EQ(name.bytes().size(), 8u);
  EXPECT_TRUE(name.EqualsIgnoreCase(u"n\u00c4ME"));
  EXPECT_TRUE(name.EqualsIgnoreCase(name));
  EXPECT_FALSE(name.EqualsIgnoreCase(text));
  EXPECT_FALSE(name.EqualsIgnoreCase("N\xFFme"));  // ill-formed UTF-8 never matches
  EXPECT_TRUE(name == name);
  EXPECT_TRUE(name != text);
  EXPECT_TRUE(text.IsWellFormed());
  EXPECT_EQ(text.size(), 3u);
  EXPECT_EQ(text.ToUtf8(), "\xF0\x9F\x98\x80x");
  EXPECT_TRUE(Utf16View().empty());

  EXPECT_THAT(Utf8ToUtf16("\xF0\x9F\x98\x80"), IsOkAndHolds(std::u16string(u"\U0001F600")));
  for (const char* bad : {"\x80", "\xC3", "\xE0\x80\x80", "\xED\xA0\x80", "\xF4\x90\x80\x80",
                          "\xF8\x88\x80\x80\x80"}) {
    EXPECT_THAT(Utf8ToUtf16(bad), Win32CodeIs(kErrorInvalidParameter)) << bad;
  }
  EXPECT_THAT(Utf16ToUtf8(std::u16string(1, u'\xDC00')), Win32CodeIs(kErrorInvalidParameter));
  EXPECT_THAT(Utf16ToUtf8(u"\u00e9\u4e2d"), IsOkAndHolds(std::string("\xC3\xA9\xE4\xB8\xAD")));
  std::string replaced;
  AppendUtf8(0xD800, &replaced);
  AppendUtf8(0x110000, &replaced);
  EXPECT_EQ(replaced, "\xEF\xBF\xBD\xEF\xBF\xBD");
  EXPECT_EQ(FoldCase(U'\u00D7'), U'\u00D7');  // the multiplication sign has no case
  EXPECT_EQ(FoldCase(U'\u00C0'), U'\u00E0');
}

// An unpaired surrogate is no code point: it equals only the same unit, in every comparison, and
// folding applies only around it. (Names are compared after a lenient read, so they may hold
// one.)
TEST(Utf16Test, UnpairedSurrogatesCompareAsThemselves) {
  auto view = [](std::u16string_view units, std::vector<uint8_t>* storage) {
    storage->clear();
    for (char16_t unit : units) {
      storage->push_back(static_cast<uint8_t>(unit & 0xFF));
      storage->push_back(static_cast<uint8_t>(unit >> 8));
    }
    return Utf16View(storage->data(), units.size());
  };
  const std::u16string_view lone[] = {u"\xD800", u"\xDBFF", u"\xDC00", u"\xDFFF"};
  std::vector<uint8_t> a_bytes;
  std::vector<uint8_t> b_bytes;
  for (std::u16string_view a : lone) {
    for (std::u16string_view b : lone) {
      SCOPED_TRACE(static_cast<uint32_t>(a[0]) << 16 | b[0]);
      const bool same = a == b;
      Utf16View va = view(a, &a_bytes);
      Utf16View vb = view(b, &b_bytes);
      EXPECT_EQ(va.EqualsIgnoreCase(b), same);
      EXPECT_EQ(va.EqualsIgnoreCase(vb), same);
      EXPECT_EQ(va == vb, same);
      // Around folded letters, and before a well-formed pair.
      const std::u16string a_long = u"A" + std::u16string(a) + u"\u00C9\U0001F600";
      const std::u16string b_long = u"a" + std::u16string(b) + u"\u00E9\U0001F600";
      Utf16View va_long = view(a_long, &a_bytes);
      EXPECT_EQ(va_long.EqualsIgnoreCase(b_long), same);
      Utf16View vb_long = view(b_long, &b_bytes);
      EXPECT_EQ(view(a_long, &a_bytes).EqualsIgnoreCase(vb_long), same);
    }
  }
  // A high surrogate then a lone low one is a pair; a pair never equals a lone unit.
  std::vector<uint8_t> bytes;
  EXPECT_TRUE(view(u"\xD800\xDC00", &bytes).EqualsIgnoreCase(u"\U00010000"));
  EXPECT_FALSE(view(u"\xD800\xDC00", &bytes).EqualsIgnoreCase(u"\xD800"));
  EXPECT_FALSE(view(u"\xDC00\xD800", &bytes).EqualsIgnoreCase(u"\xDFFF\xDBFF"));
  EXPECT_TRUE(view(u"\xDC00\xD800", &bytes).EqualsIgnoreCase(u"\xDC00\xD800"));
  // UTF-8 cannot spell a surrogate: the encoded forms are ill-formed and match nothing.
  EXPECT_FALSE(view(u"\xD800", &bytes).EqualsIgnoreCase("\xED\xA0\x80"));
  EXPECT_FALSE(view(u"\xDC00", &bytes).EqualsIgnoreCase("\xED\xA0\x80"));
  EXPECT_FALSE(view(u"\xD800", &bytes).EqualsIgnoreCase("\xEF\xBF\xBD"));  // U+FFFD
  EXPECT_TRUE(view(u"x\xD800", &bytes).EqualsIgnoreCase(u"X\xD800"));
}

}  // namespace
}  // namespace clusprop
