#include "clusprop/writer.h"

#include <string>
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
  EXPECT_EQ(v[7].length(), 12u);               // SPEC §1.6: {"a","bc"} -> 12 bytes
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

TEST(ValueListWriterTest, DiskInfoGolden) {
  ValueListWriter writer;
  writer.AddDword(0x12345678, kSyntaxDiskSignature)
      .AddDword(0x04030201, kSyntaxScsiAddress)
      .AddBinary(std::vector<uint8_t>{1, 2, 3, 4, 5}, kSyntaxPartitionInfo);
  EXPECT_THAT(ToVector(*writer.Finish()),
              ElementsAreArray(FromHex("02000500 04000000 78563412"
                                       "02000600 04000000 01020304"
                                       "01000800 05000000 0102030405000000"
                                       "00000000")));
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
