// The owning model and the JSON mapping: golden JSON, byte-exact round trips, a differential
// check against the zero-copy reader, and JSON errors.

#include <cstring>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "clusprop/internal/test_util.h"
#include "clusprop/json.h"
#include "clusprop/json_output.h"
#include "clusprop/model.h"
#include "clusprop/reader.h"
#include "clusprop/status_matchers.h"
#include "clusprop/writer.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace clusprop {
namespace {

using ::clusprop::testing::FromHex;
using nlohmann::json;
using ::testing::HasSubstr;

std::vector<uint8_t> Bytes(absl::Span<const uint8_t> span) {
  return std::vector<uint8_t>(span.begin(), span.end());
}

// The JSON form of the bytes, as the mapping writes it.
json JsonOf(absl::Span<const uint8_t> bytes) {
  absl::StatusOr<std::string> text = PropertyListToJsonText(bytes);
  EXPECT_THAT(text, IsOk());
  return text.ok() ? json::parse(*text) : json();
}

json JsonOfValueList(absl::Span<const uint8_t> bytes) {
  absl::StatusOr<std::string> text = ValueListToJsonText(bytes);
  EXPECT_THAT(text, IsOk());
  return text.ok() ? json::parse(*text) : json();
}

json JsonOf(const PropertyList& list) { return JsonOf(*EncodePropertyList(list)); }

std::vector<uint8_t> SpecExample() {
  PropertyListWriter writer;
  writer.BeginProperty("FixQuorum").AddDword(0);
  writer.BeginProperty("Owners").AddMultiString({"a", "bc"});
  writer.BeginProperty("Blob").AddBinary(std::vector<uint8_t>{1, 2, 3});
  return Bytes(*writer.Finish());
}

TEST(JsonTest, SpecExampleGolden) {
  absl::StatusOr<PropertyList> list = DecodePropertyList(SpecExample());
  ASSERT_THAT(list, IsOk());
  EXPECT_EQ(JsonOf(*list), json::parse(R"({"properties": [
     {"name": "FixQuorum", "values": [{"syntax": "LIST_VALUE_DWORD", "value": 0}]},
     {"name": "Owners", "values": [{"syntax": "LIST_VALUE_MULTI_SZ", "value": ["a", "bc"]}]},
     {"name": "Blob", "values": [{"syntax": "LIST_VALUE_BINARY", "hex": "010203"}]}],
   "trailing_endmark": true})"));
}

TEST(JsonTest, EveryFormatAsValue) {
  PropertyListWriter nested_writer;
  nested_writer.BeginProperty("Inner").AddDword(9);
  std::vector<uint8_t> nested = Bytes(*nested_writer.Finish());
  PropertyListWriter writer(WriteOptions{.trailing_endmark = false});
  writer.BeginProperty("w").AddWord(7);
  writer.BeginProperty("l").AddLong(-1);
  writer.BeginProperty("u").AddULargeInteger(18446744073709551615ull);
  writer.BeginProperty("i").AddLargeInteger(-9223372036854775807ll - 1);
  writer.BeginProperty("t").AddFileTime(5);
  writer.BeginProperty("s").AddString("\xC3\xA9t\xC3\xA9");
  writer.BeginProperty("e").AddString("%x%", kSyntaxListValueExpandSz);
  writer.BeginProperty("n").AddPropertyList(nested);
  writer.BeginProperty("x").AddRaw(0x80008000, std::vector<uint8_t>{0xAA});
  writer.BeginProperty("z").AddRaw(kSyntaxListValueDword, {});
  std::vector<uint8_t> bytes = Bytes(*writer.Finish());
  json j = JsonOf(bytes);
  EXPECT_EQ(j, json::parse(R"({"properties": [
     {"name": "w", "values": [{"syntax": "LIST_VALUE_WORD", "value": 7}]},
     {"name": "l", "values": [{"syntax": "LIST_VALUE_LONG", "value": -1}]},
     {"name": "u", "values": [{"syntax": "LIST_VALUE_ULARGE_INTEGER", "value": 18446744073709551615}]},
     {"name": "i", "values": [{"syntax": "LIST_VALUE_LARGE_INTEGER", "value": -9223372036854775808}]},
     {"name": "t", "values": [{"syntax": "LIST_VALUE_FILETIME", "value": 5}]},
     {"name": "s", "values": [{"syntax": "LIST_VALUE_SZ", "value": "\u00e9t\u00e9"}]},
     {"name": "e", "values": [{"syntax": "LIST_VALUE_EXPAND_SZ", "value": "%x%"}]},
     {"name": "n", "values": [{"syntax": "LIST_VALUE_PROPERTY_LIST", "value":
        {"properties": [{"name": "Inner", "values": [{"syntax": "LIST_VALUE_DWORD", "value": 9}]}],
         "trailing_endmark": true}}]},
     {"name": "x", "values": [{"syntax": "0x80008000", "hex": "aa"}]},
     {"name": "z", "values": [{"syntax": "LIST_VALUE_DWORD", "hex": ""}]}],
   "trailing_endmark": false})"));
  absl::StatusOr<PropertyList> back = PropertyListFromJson(j);
  ASSERT_THAT(back, IsOk());
  EXPECT_EQ(*EncodePropertyList(*back), bytes);
}

TEST(JsonTest, DataThatDoesNotFitItsFormatBecomesHex) {
  auto bytes = FromHex(
      "05000000"
      "03000400 04000000 61000000  02000100 02000000 01020000  00000000"    // DWORD cb 2
      "03000400 04000000 62000000  03000100 04000000 61006200  00000000"    // SZ without NUL
      "03000400 04000000 63000000  05000100 04000000 00000000  00000000"    // MULTI_SZ cb 4 empty
      "03000400 04000000 64000000  03000100 04000000 00d80000  00000000"    // SZ lone surrogate
      "03000400 04000000 00d80000  02000100 04000000 01000000  00000000");  // name
  absl::StatusOr<PropertyList> list = DecodePropertyList(bytes);
  ASSERT_THAT(list, IsOk());
  json j = JsonOf(bytes);
  EXPECT_EQ(j["properties"][0]["values"][0]["hex"], "0102");
  EXPECT_EQ(j["properties"][1]["values"][0]["hex"], "61006200");
  EXPECT_EQ(j["properties"][2]["values"][0]["hex"], "00000000");
  EXPECT_EQ(j["properties"][3]["values"][0]["hex"], "00d80000");
  EXPECT_EQ(j["properties"][4]["name_hex"], "00d8");
  EXPECT_EQ(j["trailing_endmark"], false);
  EXPECT_EQ(*EncodePropertyList(*PropertyListFromJson(j)), bytes);
}

TEST(JsonTest, TrailingBytesAreKept) {
  std::vector<uint8_t> bytes = SpecExample();
  bytes.insert(bytes.end(), {0xAB, 0xCD, 0xEF});
  absl::StatusOr<PropertyList> list = DecodePropertyList(bytes);
  ASSERT_THAT(list, IsOk());
  json j = JsonOf(bytes);
  EXPECT_EQ(j["trailing_bytes"], "abcdef");
  EXPECT_EQ(*EncodePropertyList(*PropertyListFromJson(j)), bytes);
}

TEST(JsonTest, ValueListGolden) {
  ValueListWriter writer;
  writer.AddDword(0x12345678, kSyntaxDiskSignature).AddBinary({}, kSyntaxPartitionInfo);
  std::vector<uint8_t> bytes = Bytes(*writer.Finish());
  json j = JsonOfValueList(bytes);
  EXPECT_EQ(j, json::parse(R"({"values": [
      {"syntax": "DISK_SIGNATURE", "value": 305419896},
      {"syntax": "PARTITION_INFO", "hex": ""}]})"));
  EXPECT_EQ(*EncodeValueList(*ValueListFromJson(j)), bytes);
}

TEST(JsonTest, BadJsonIsInvalidDataWithItsPath) {
  struct Case {
    const char* json;
    const char* path;
  };
  const Case cases[] = {
      {R"([])", "$"},
      {R"({})", "$"},
      {R"({"properties": [1]})", "properties[0]"},
      {R"({"properties": [{"values": []}]})", "properties[0]"},
      {R"({"properties": [{"name": "a", "values": []}]})", "properties[0].values"},
      {R"({"properties": [{"name": "a", "values": [{"syntax": "NOPE", "value": 1}]}]})",
       "properties[0].values[0].syntax"},
      {R"({"properties": [{"name": "a", "values": [{"syntax": "LIST_VALUE_DWORD", "value": -1}]}]})",
       "properties[0].values[0].value"},
      {R"({"properties": [{"name": "a", "values": [{"syntax": "LIST_VALUE_DWORD", "value": 4294967296}]}]})",
       "properties[0].values[0].value"},
      {R"({"properties": [{"name": "a", "values": [{"syntax": "LIST_VALUE_LONG", "value": 2147483648}]}]})",
       "properties[0].values[0].value"},
      {R"({"properties": [{"name": "a", "values": [{"syntax": "LIST_VALUE_WORD", "value": 1.5}]}]})",
       "properties[0].values[0].value"},
      {R"({"properties": [{"name": "a", "values": [{"syntax": "LIST_VALUE_BINARY", "value": 1}]}]})",
       "properties[0].values[0].value"},
      {R"({"properties": [{"name": "a", "values": [{"syntax": "LIST_VALUE_BINARY", "hex": "0g"}]}]})",
       "properties[0].values[0].hex"},
      {R"({"properties": [{"name": "a", "values": [{"syntax": "LIST_VALUE_BINARY", "hex": "abc"}]}]})",
       "properties[0].values[0].hex"},
      {R"({"properties": [{"name": "a", "values": [{"syntax": "LIST_VALUE_BINARY"}]}]})",
       "properties[0].values[0]"},
      {R"({"properties": [{"name": "a", "values": [{"syntax": "ENDMARK", "hex": ""}]}]})",
       "properties[0].values[0].syntax"},
      {R"({"properties": [{"name": "a", "values": [{"syntax": "LIST_VALUE_MULTI_SZ", "value": ["a", ""]}]}]})",
       "properties[0].values[0].value[1]"},
      {R"({"properties": [{"name": "a", "values": [{"syntax": "LIST_VALUE_PROPERTY_LIST", "value": {"properties": 3}}]}]})",
       "properties[0].values[0].value.properties"},
      {R"({"properties": [], "trailing_endmark": 1})", "trailing_endmark"},
      {R"({"properties": [{"name": "a", "values": []}]})", "properties[0].values"},
      {R"({"properties": [], "trailing_endmark": true, "trailing_bytes": 7})", "trailing_bytes"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.json);
    absl::StatusOr<PropertyList> list = PropertyListFromJson(json::parse(c.json));
    EXPECT_THAT(list, Win32CodeIs(kErrorInvalidData));
    EXPECT_THAT(std::string(ErrorWhat(list.status())), HasSubstr(std::string(c.path) + ":"));
  }
}

TEST(JsonTest, NestingDepthIsBounded) {
  json j = json::parse(
      R"({"properties": [{"name": "a", "values": [{"syntax": "LIST_VALUE_DWORD", "value": 1}]}],
          "trailing_endmark": true})");
  for (int i = 0; i < kMaxNestingDepth; ++i) {
    j = json{{"properties",
              json::array({json{{"name", "a"},
                                {"values", json::array({json{{"syntax", "LIST_VALUE_PROPERTY_LIST"},
                                                             {"value", j}}})}}})},
             {"trailing_endmark", true}};
  }
  EXPECT_THAT(PropertyListFromJson(j), Win32CodeIs(kErrorInvalidData));
  EXPECT_THAT(PropertyListFromJson(j["properties"][0]["values"][0]["value"]), IsOk());
}

// Differential: for each golden buffer, the owning model holds exactly what the views show.
void ExpectModelMatchesReader(absl::Span<const uint8_t> bytes) {
  absl::StatusOr<PropertyListReader> reader = PropertyListReader::Open(bytes);
  ASSERT_THAT(reader, IsOk());
  absl::StatusOr<PropertyList> model = DecodePropertyList(bytes);
  ASSERT_THAT(model, IsOk());
  ASSERT_EQ(model->properties.size(), reader->size());
  size_t i = 0;
  for (PropertyView view : *reader) {
    const Property& property = model->properties[i++];
    EXPECT_EQ(property.name, view.name().ToU16String());
    ASSERT_EQ(property.values.size(), view.value_count());
    size_t k = 0;
    for (ValueView value : view.values()) {
      EXPECT_EQ(property.values[k].syntax, value.syntax());
      EXPECT_EQ(property.values[k].data, Bytes(value.data()));
      ++k;
    }
  }
  EXPECT_EQ(model->trailing_endmark, reader->has_trailing_endmark());
  EXPECT_EQ(model->trailing_bytes, Bytes(reader->trailing_bytes()));
  // And decode → encode is byte-exact (golden buffers have zero padding).
  EXPECT_EQ(*EncodePropertyList(*model), Bytes(bytes));
  EXPECT_EQ(*EncodePropertyList(*PropertyListFromJson(JsonOf(*model))), Bytes(bytes));
}

TEST(ModelTest, AgreesWithReaderOnGoldenVectors) {
  for (const std::string& name : testing::GoldenVectors()) {
    SCOPED_TRACE(name);
    ExpectModelMatchesReader(testing::ReadTestBytes("testdata/golden/" + name + ".bin"));
  }
}

TEST(ModelTest, PaddingIsRewrittenAsZeros) {
  std::vector<uint8_t> bytes = testing::ReadTestBytes("testdata/golden/windows_shape.bin");
  std::vector<uint8_t> dirty = bytes;
  dirty[22] = 0x55;  // a pad byte after the first name
  EXPECT_EQ(*EncodePropertyList(*DecodePropertyList(dirty)), bytes);
}

TEST(ModelTest, EncodeRejectsWhatCannotBeWritten) {
  PropertyList list;
  list.properties.push_back({u"empty", {}});
  EXPECT_THAT(EncodePropertyList(list), Win32CodeIs(kErrorInvalidParameter));
  list.properties[0].values.push_back({kSyntaxName, {}});
  EXPECT_THAT(EncodePropertyList(list), Win32CodeIs(kErrorInvalidParameter));
  list.properties[0].values[0] = Value::Dword(3);
  EXPECT_THAT(EncodePropertyList(list), IsOk());
}

TEST(ModelTest, DwordValueIsFourLittleEndianBytes) {
  const Value v = Value::Dword(0x01020304);
  EXPECT_EQ(v.syntax, kSyntaxListValueDword);
  EXPECT_EQ(v.data, (std::vector<uint8_t>{4, 3, 2, 1}));
}

TEST(ModelTest, DecodeGivesTheReadersErrorsAndValueListsDecode) {
  // A property list whose first name runs past the buffer; a value list without its ENDMARK.
  EXPECT_THAT(DecodePropertyList(FromHex("01000000 03000400 40000000" + std::string(32, '0'))),
              Win32ErrorIs(kErrorInvalidData, 8));
  EXPECT_THAT(DecodeValueList(FromHex("02000100 04000000 07000000")),
              Win32ErrorIs(kErrorInvalidData, 12));
  absl::StatusOr<ValueList> list = DecodeValueList(FromHex("02000100 04000000 07000000 00000000"));
  ASSERT_THAT(list, IsOk());
  ASSERT_EQ(list->values.size(), 1u);
  EXPECT_EQ(list->values[0], Value::Dword(7));
  EXPECT_TRUE(list->trailing_bytes.empty());
}

TEST(ModelTest, Equality) {
  PropertyList a;
  a.properties.push_back({u"x", {Value::Dword(1)}});
  PropertyList b = a;
  EXPECT_TRUE(a == b);
  EXPECT_FALSE(a != b);
  b.properties[0].values[0] = Value::Dword(2);
  EXPECT_TRUE(a != b);
  EXPECT_TRUE(a.properties[0] != b.properties[0]);
  EXPECT_TRUE(a.properties[0].values[0] != b.properties[0].values[0]);
  ValueList c;
  c.values.push_back(Value::Dword(1));
  ValueList d = c;
  EXPECT_TRUE(c == d);
  d.trailing_bytes = {1};
  EXPECT_TRUE(c != d);
}

// ---- JSON text in: the parser's settings ------------------------------------------------------

std::string ErrorOf(std::string_view text) {
  absl::StatusOr<json> parsed = ParseJson(text);
  if (parsed.ok()) {
    absl::StatusOr<PropertyList> list = PropertyListFromJson(*parsed);
    if (list.ok()) return "";
    EXPECT_THAT(list, Win32CodeIs(kErrorInvalidData));
    return std::string(ErrorWhat(list.status()));
  }
  EXPECT_THAT(parsed, Win32CodeIs(kErrorInvalidData));
  return std::string(ErrorWhat(parsed.status()));
}

constexpr char kOneDword[] =
    R"({"properties": [{"name": "a", "values": [{"syntax": "LIST_VALUE_DWORD", "value": 1}]}],
        "trailing_endmark": true})";

std::string WithValue(const std::string& value_json) {
  return absl::StrCat(R"({"properties": [{"name": "a", "values": [)", value_json,
                      R"(]}], "trailing_endmark": true})");
}

TEST(ParseJsonTest, NumbersADoubleCannotHoldAreErrorsWithTheirPath) {
  EXPECT_EQ(ErrorOf(kOneDword), "");
  EXPECT_EQ(ErrorOf(WithValue(R"({"syntax": "LIST_VALUE_DWORD", "value": 1e400})")),
            "properties[0].values[0].value: invalid JSON: number overflow parsing '1e400'");
  EXPECT_EQ(ErrorOf(WithValue(R"({"syntax": "LIST_VALUE_LONG", "value": -1e309})")),
            "properties[0].values[0].value: invalid JSON: number overflow parsing '-1e309'");
  std::string digits(400, '7');
  EXPECT_THAT(
      ErrorOf(WithValue(absl::StrCat(R"({"syntax": "LIST_VALUE_DWORD", "value": )", digits, "}"))),
      ::testing::StartsWith("properties[0].values[0].value: invalid JSON: number overflow"));
  EXPECT_EQ(ErrorOf(R"({"properties": [], "trailing_endmark": true, "x": [1e999]})"),
            "x[0]: invalid JSON: number overflow parsing '1e999'");
  // Finite but not integers: the mapping's error, not the parser's.
  EXPECT_EQ(ErrorOf(WithValue(R"({"syntax": "LIST_VALUE_DWORD", "value": 1e300})")),
            "properties[0].values[0].value: expected an integer");
}

TEST(ParseJsonTest, DuplicateKeysAreErrors) {
  EXPECT_EQ(ErrorOf(R"({"properties": [], "trailing_endmark": true, "properties": []})"),
            "properties: duplicate key");
  EXPECT_EQ(ErrorOf(WithValue(R"({"syntax": "LIST_VALUE_DWORD", "value": 1, "value": 2})")),
            "properties[0].values[0].value: duplicate key");
  // The same key in different objects is fine.
  EXPECT_EQ(ErrorOf(WithValue(R"({"syntax": "LIST_VALUE_DWORD", "value": 1},
                                 {"syntax": "LIST_VALUE_DWORD", "value": 2})")),
            "");
}

TEST(ParseJsonTest, SyntaxErrorsGiveTheByteAndThePath) {
  EXPECT_EQ(ErrorOf(R"({"properties": [)"),
            "properties[0]: invalid JSON at byte 16: parse error at line 1, column 17: syntax "
            "error while parsing value - unexpected end of input; expected '[', '{', or a "
            "literal");
  EXPECT_THAT(ErrorOf(R"({"properties": [], /* comment */ "trailing_endmark": true})"),
              HasSubstr("invalid JSON at byte"));
}

TEST(ParseJsonTest, DepthIsBoundedWithoutRecursion) {
  std::string deep(1000000, '[');
  std::string path = "$";
  for (int i = 0; i < kMaxJsonDepth; ++i) path += "[0]";
  EXPECT_EQ(ErrorOf(deep), absl::StrCat(path, ": nested deeper than ", kMaxJsonDepth, " levels"));
  std::string ok_depth = std::string(kMaxJsonDepth, '[') + std::string(kMaxJsonDepth, ']');
  EXPECT_THAT(ParseJson(ok_depth), IsOk());
  std::string too_deep = std::string(kMaxJsonDepth + 1, '[') + std::string(kMaxJsonDepth + 1, ']');
  EXPECT_THAT(ParseJson(too_deep), Win32CodeIs(kErrorInvalidData));
}

// ---- JSON → bytes → JSON is the identity --------------------------------------------------------

TEST(JsonIdentityTest, EveryGoldenJsonComesBackEqual) {
  for (const std::string& name : testing::GoldenVectors()) {
    SCOPED_TRACE(name);
    json in = *ParseJson(testing::ReadTestFile("testdata/golden/" + name + ".json"));
    absl::StatusOr<PropertyList> list = PropertyListFromJson(in);
    ASSERT_THAT(list, IsOk());
    EXPECT_EQ(JsonOf(*list), in);
  }
}

TEST(JsonIdentityTest, WriterOutputIsTheGoldenTextByteForByte) {
  for (const std::string& name : testing::GoldenVectors()) {
    SCOPED_TRACE(name);
    EXPECT_EQ(*PropertyListToJsonText(testing::ReadTestBytes("testdata/golden/" + name + ".bin")),
              testing::ReadTestFile("testdata/golden/" + name + ".json"));
  }
  for (const std::string& name : testing::GoldenVectors(/*value_lists=*/true)) {
    SCOPED_TRACE(name);
    EXPECT_EQ(*ValueListToJsonText(testing::ReadTestBytes("testdata/golden/" + name + ".bin")),
              testing::ReadTestFile("testdata/golden/" + name + ".json"));
  }
}

TEST(JsonIdentityTest, AnEndmarkInTrailingBytesWithoutTheTrailerIsRejected) {
  // It would read back as the trailer: trailing_endmark true, no trailing bytes.
  EXPECT_EQ(
      ErrorOf(R"({"properties": [], "trailing_endmark": false, "trailing_bytes": "00000000"})"),
      "trailing_bytes: cannot start with an ENDMARK (00000000) when \"trailing_endmark\" "
      "is false: it would read back as the trailer");
  EXPECT_EQ(ErrorOf(R"({"properties": [], "trailing_endmark": false,
                        "trailing_bytes": "0000000001"})"),
            "trailing_bytes: cannot start with an ENDMARK (00000000) when \"trailing_endmark\" "
            "is false: it would read back as the trailer");
  // Fewer than four zero bytes, or the trailer present, read back as they are.
  for (const char* ok :
       {R"({"properties": [], "trailing_endmark": false, "trailing_bytes": "000000"})",
        R"({"properties": [], "trailing_endmark": true, "trailing_bytes": "00000000"})",
        R"({"properties": [], "trailing_endmark": false, "trailing_bytes": "01000000"})"}) {
    SCOPED_TRACE(ok);
    EXPECT_EQ(ErrorOf(ok), "");
    json in = json::parse(ok);
    EXPECT_EQ(JsonOf(*PropertyListFromJson(in)), in);
  }
  // A nested list has no trailing bytes at all.
  EXPECT_EQ(ErrorOf(WithValue(R"({"syntax": "LIST_VALUE_PROPERTY_LIST", "value":
          {"properties": [], "trailing_endmark": false, "trailing_bytes": "00000000"}})")),
            "properties[0].values[0].value.trailing_bytes: a nested list has no trailing bytes");
}

TEST(JsonIdentityTest, OnlyTheMappingsOwnSpellingIsAccepted) {
  struct Case {
    std::string json;
    std::string error;
  };
  const Case cases[] = {
      {R"({"properties": []})", "$: missing \"trailing_endmark\""},
      {R"({"properties": [], "trailing_endmark": true, "extra": 1})",
       "extra: not a key of the mapping"},
      {R"({"properties": [], "trailing_endmark": true, "trailing_bytes": ""})",
       "trailing_bytes: written only when there are trailing bytes"},
      {WithValue(R"({"syntax": "LIST_VALUE_DWORD", "value": 1, "comment": "x"})"),
       "properties[0].values[0].comment: not a key of the mapping"},
      {WithValue(R"({"syntax": "0x00010002", "value": 1})"),
       "properties[0].values[0].syntax: written \"LIST_VALUE_DWORD\""},
      {WithValue(R"({"syntax": "0X80008000", "hex": "aa"})"),
       "properties[0].values[0].syntax: written \"0x80008000\""},
      {WithValue(R"({"syntax": "LIST_VALUE_BINARY", "hex": "AA"})"),
       "properties[0].values[0].hex: character 0 is not a lowercase hex digit"},
      {WithValue(R"({"syntax": "LIST_VALUE_DWORD", "hex": "01000000"})"),
       "properties[0].values[0]: decodes as {\"syntax\":\"LIST_VALUE_DWORD\",\"value\":1}; "
       "write that instead"},
      {WithValue(R"({"syntax": "LIST_VALUE_SZ", "hex": "610000000"})"),
       "properties[0].values[0].hex: hex needs an even number of digits"},
      {WithValue(R"({"syntax": "LIST_VALUE_SZ", "hex": "61000000"})"),
       "properties[0].values[0]: decodes as {\"syntax\":\"LIST_VALUE_SZ\",\"value\":\"a\"}; "
       "write that instead"},
      {WithValue(R"({"syntax": "LIST_VALUE_SZ", "value": "a\u0000b"})"),
       "properties[0].values[0].value: a string holding NUL is written as \"hex\""},
      {WithValue(R"({"syntax": "LIST_VALUE_MULTI_SZ", "value": ["a", ""]})"),
       "properties[0].values[0].value[1]: an empty string or one holding NUL is written as "
       "\"hex\""},
      {R"({"properties": [{"name_hex": "6100", "values": [{"syntax": "LIST_VALUE_DWORD",
           "value": 1}]}], "trailing_endmark": true})",
       "properties[0].name_hex: a well-formed name without NUL is written as \"name\""},
      {R"({"properties": [{"name": "a\u0000", "values": [{"syntax": "LIST_VALUE_DWORD",
           "value": 1}]}], "trailing_endmark": true})",
       "properties[0].name: a name holding NUL is written as \"name_hex\""},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.json);
    EXPECT_EQ(ErrorOf(c.json), c.error);
  }
}

// Hand-made documents that must come back exactly, one per shape of the mapping.
TEST(JsonIdentityTest, AcceptedDocumentsComeBackEqual) {
  const std::string docs[] = {
      kOneDword,
      WithValue(R"({"syntax": "LIST_VALUE_DWORD", "hex": ""})"),
      WithValue(R"({"syntax": "LIST_VALUE_DWORD", "hex": "0102"})"),
      WithValue(R"({"syntax": "LIST_VALUE_MULTI_SZ", "value": []})"),
      WithValue(R"({"syntax": "LIST_VALUE_MULTI_SZ", "hex": "00000000"})"),
      WithValue(R"({"syntax": "LIST_VALUE_SZ", "value": "\u00e9\ud83d\ude00\u001f\""})"),
      WithValue(R"({"syntax": "LIST_VALUE_SZ", "hex": "00d80000"})"),
      WithValue(R"({"syntax": "LIST_VALUE_PROPERTY_LIST", "value":
          {"properties": [], "trailing_endmark": false}})"),
      WithValue(R"({"syntax": "0x80008000", "hex": "aa"})"),
      R"({"properties": [{"name_hex": "00d8", "values": [{"syntax": "LIST_VALUE_DWORD",
           "value": 1}]}], "trailing_endmark": false})",
  };
  for (const std::string& doc : docs) {
    SCOPED_TRACE(doc);
    json in = *ParseJson(doc);
    absl::StatusOr<PropertyList> list = PropertyListFromJson(in);
    ASSERT_THAT(list, IsOk());
    EXPECT_EQ(JsonOf(*list), in);
  }
}

TEST(JsonIdentityTest, ValueListsToo) {
  EXPECT_THAT(ValueListFromJson(json::parse(R"({"values": [], "x": 1})")),
              Win32CodeIs(kErrorInvalidData));
  EXPECT_THAT(ValueListFromJson(json::parse(R"({"values": [], "trailing_bytes": ""})")),
              Win32CodeIs(kErrorInvalidData));
  json in = json::parse(R"({"values": [{"syntax": "LIST_VALUE_DWORD", "value": 7}],
                            "trailing_bytes": "00000000"})");
  absl::StatusOr<ValueList> list = ValueListFromJson(in);
  ASSERT_THAT(list, IsOk());
  EXPECT_EQ(JsonOfValueList(*EncodeValueList(*list)), in);
}

// ---- the writer's text: escapes and the four-units-at-a-time paths ------------------------------

// Every unit of `units` at every position of strings of 1 to 13 units (and around the
// 4096-unit block edge): the text equals nlohmann-json's own escaping of the same string.
TEST(JsonOutputTest, StringsAreEscapedExactlyAtEveryPosition) {
  const std::u16string specials[] = {u"\"",     u"\\",   u"\x01",  u"\x1f",
                                     u"\x7f",   u"\x80", u"\x7ff", u"\x800",
                                     u"\xffff", u"\n",   u"\t",    u"\xD83D\xDE00"};
  std::vector<size_t> lengths;
  for (size_t n = 1; n <= 13; ++n) lengths.push_back(n);
  for (size_t n : {4094, 4095, 4096, 4097, 4098}) lengths.push_back(n);
  int checked = 0;
  for (const std::u16string& special : specials) {
    for (size_t n : lengths) {
      for (size_t at = 0; at + special.size() <= n; ++at) {
        if (n > 13 && at < n - 8) at = n - 8;  // near the end of long strings only
        std::u16string text(n, u'a');
        text.replace(at, special.size(), special);
        std::string utf8 = *Utf16ToUtf8(text);
        PropertyListWriter writer;
        writer.BeginProperty("s").AddString(text);
        absl::StatusOr<absl::Span<const uint8_t>> bytes = writer.Finish();
        ASSERT_THAT(bytes, IsOk());
        std::string compact = *PropertyListToJsonText(*bytes, kCompact);
        std::string expected =
            R"({"properties":[{"name":"s","values":[{"syntax":"LIST_VALUE_SZ","value":)" +
            json(utf8).dump() + R"(}]}],"trailing_endmark":true})" + "\n";
        ASSERT_EQ(compact, expected)
            << "unit " << static_cast<int>(special[0]) << " at " << at << " of " << n;
        ++checked;
      }
    }
  }
  EXPECT_GT(checked, 1000);
}

// A name is text (a "name" string) unless it holds a NUL or an unpaired surrogate anywhere.
TEST(JsonOutputTest, NamesWithNulOrLoneSurrogatesAtAnyPositionAreHex) {
  for (char16_t bad : {u'\0', u'\xD800', u'\xDC00'}) {
    for (size_t n = 1; n <= 12; ++n) {
      for (size_t at = 0; at < n; ++at) {
        std::u16string name(n, u'N');
        name[at] = bad;
        PropertyListWriter writer;
        writer.BeginProperty(name).AddDword(1);
        absl::StatusOr<absl::Span<const uint8_t>> bytes = writer.Finish();
        if (!bytes.ok()) {  // the writer refuses a NUL inside a name: write it raw
          std::vector<uint8_t> raw = {1, 0, 0, 0, 0x03, 0, 0x04, 0};
          uint32_t cb = static_cast<uint32_t>(2 * (n + 1));
          for (int k = 0; k < 4; ++k) raw.push_back(static_cast<uint8_t>(cb >> (8 * k)));
          for (char16_t u : name) {
            raw.push_back(static_cast<uint8_t>(u));
            raw.push_back(static_cast<uint8_t>(u >> 8));
          }
          raw.insert(raw.end(), {0, 0});
          while (raw.size() % 4 != 0) raw.push_back(0);
          raw.insert(raw.end(), {2, 0, 1, 0, 4, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0});
          json j = JsonOf(raw);
          ASSERT_TRUE(j["properties"][0].contains("name_hex")) << n << " " << at;
          continue;
        }
        json j = JsonOf(*bytes);
        ASSERT_TRUE(j["properties"][0].contains("name_hex")) << n << " " << at;
      }
      std::u16string good(n, u'N');
      PropertyListWriter writer;
      writer.BeginProperty(good).AddDword(1);
      EXPECT_TRUE(JsonOf(*writer.Finish())["properties"][0].contains("name"));
    }
  }
}

TEST(ParseJsonTest, ANulByteAfterTheDocumentIsAnError) {
  std::string text = std::string(kOneDword) + std::string("\0garbage{{{", 11);
  EXPECT_EQ(ErrorOf(text), absl::StrCat("$: invalid JSON at byte ", std::strlen(kOneDword),
                                        ": a NUL byte after the document"));
  EXPECT_THAT(ErrorOf(std::string("{\"properties\": [\0], \"trailing_endmark\": true}", 45)),
              HasSubstr("invalid JSON at byte 16"));
  EXPECT_THAT(
      ErrorOf(std::string("{\"properties\": [], \"trailing_endmark\": true, \"\0\": 1}", 50)),
      HasSubstr("invalid JSON at byte 46"));
}

TEST(ClearWithoutAllocatingTest, EmptiesDocumentsOfEveryShapeAndDepth) {
  // kMaxJsonDepth levels: the arrays, the object, the array inside it, the {} in that.
  std::string deepest = std::string(kMaxJsonDepth - 3, '[') + "{\"a\": [1, \"x\", {}], \"b\": 2}" +
                        std::string(kMaxJsonDepth - 3, ']');
  for (const std::string& text : {std::string(kOneDword), deepest, std::string("[[], {}, 3]"),
                                  std::string("7"), std::string("{}")}) {
    SCOPED_TRACE(text.substr(0, 60));
    absl::StatusOr<json> doc = ParseJson(text);
    ASSERT_THAT(doc, IsOk());
    json::value_t type = doc->type();
    ClearWithoutAllocating(&*doc);
    EXPECT_EQ(doc->type(), type);
    if (doc->is_structured()) EXPECT_TRUE(doc->empty());
  }
  // Deeper than ParseJson makes: cleared down to that depth, the rest by nlohmann-json.
  json deep = json::array();
  for (int i = 0; i < 2 * kMaxJsonDepth; ++i) deep = json::array({deep, i});
  ClearWithoutAllocating(&deep);
  EXPECT_TRUE(deep.empty());
}

}  // namespace
}  // namespace clusprop
