// The owning model and the JSON mapping: golden JSON, byte-exact round trips, a differential
// check against the zero-copy reader, and JSON errors.

#include <string>
#include <vector>

#include "absl/strings/str_split.h"
#include "clusprop/internal/test_util.h"
#include "clusprop/json.h"
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
  EXPECT_EQ(ToJson(*list), json::parse(R"({"properties": [
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
  json j = ToJson(*DecodePropertyList(bytes));
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
  json j = ToJson(*list);
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
  json j = ToJson(*list);
  EXPECT_EQ(j["trailing_bytes"], "abcdef");
  EXPECT_EQ(*EncodePropertyList(*PropertyListFromJson(j)), bytes);
}

TEST(JsonTest, ValueListGolden) {
  ValueListWriter writer;
  writer.AddDword(0x12345678, kSyntaxDiskSignature).AddBinary({}, kSyntaxPartitionInfo);
  std::vector<uint8_t> bytes = Bytes(*writer.Finish());
  json j = ToJson(*DecodeValueList(bytes));
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
      {R"({})", "properties"},
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
       "properties[0].values[0].value"},
      {R"({"properties": [{"name": "a", "values": [{"syntax": "LIST_VALUE_PROPERTY_LIST", "value": {"properties": 3}}]}]})",
       "properties[0].values[0].value.properties"},
      {R"({"properties": [], "trailing_endmark": 1})", "trailing_endmark"},
      {R"({"properties": [{"name": "a", "values": [{"syntax": "LIST_VALUE_PROPERTY_LIST", "hex": "01"}]}]})",
       "$"},
      {R"({"properties": [{"name": "a", "values": []}]})", "properties[0].values"},
      {R"({"properties": [], "trailing_bytes": 7})", "trailing_bytes"},
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
      R"({"properties": [{"name": "a", "values": [{"syntax": "LIST_VALUE_DWORD", "value": 1}]}]})");
  for (int i = 0; i < kMaxNestingDepth; ++i) {
    j = json{{"properties",
              json::array({json{{"name", "a"},
                                {"values", json::array({json{{"syntax", "LIST_VALUE_PROPERTY_LIST"},
                                                             {"value", j}}})}}})}};
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
  EXPECT_EQ(*EncodePropertyList(*PropertyListFromJson(ToJson(*model))), Bytes(bytes));
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
  EXPECT_EQ(
      ToJson(a.properties[0]),
      json::parse(R"({"name": "x", "values": [{"syntax": "LIST_VALUE_DWORD", "value": 1}]})"));
}

}  // namespace
}  // namespace clusprop
