#include "tools/cli.h"

#include <map>
#include <string>
#include <vector>

#include "clusprop/internal/test_util.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace clusprop {
namespace cli {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

struct Result {
  int status;
  std::string out;
  std::string err;
};

// Runs the tool with `files` as the file system ("-" is standard input).
Result RunTool(std::vector<std::string> args, std::map<std::string, std::string> files = {}) {
  Io io;
  io.read = [&files](const std::string& path, std::string* data) {
    auto it = files.find(path);
    if (it == files.end()) return false;
    *data = it->second;
    return true;
  };
  int status = RunCli(args, &io);
  return {status, io.out, io.err};
}

std::string Golden(const std::string& name) {
  return testing::ReadTestFile("testdata/golden/" + name);
}

TEST(CliTest, DecodeMatchesGoldenJson) {
  for (const char* name :
       {"vm_save", "vm_save_with_trailer", "windows_shape", "every_format", "empty", "nested"}) {
    SCOPED_TRACE(name);
    Result r = RunTool({"decode", "in.bin"}, {{"in.bin", Golden(std::string(name) + ".bin")}});
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(nlohmann::json::parse(r.out),
              nlohmann::json::parse(Golden(std::string(name) + ".json")));
    EXPECT_EQ(r.err, "");
  }
}

TEST(CliTest, EncodeReproducesGoldenBytes) {
  for (const char* name :
       {"vm_save", "vm_save_with_trailer", "windows_shape", "every_format", "empty", "nested"}) {
    SCOPED_TRACE(name);
    Result r = RunTool({"encode", "-"}, {{"-", Golden(std::string(name) + ".json")}});
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(r.out, Golden(std::string(name) + ".bin"));
  }
}

TEST(CliTest, ValueListBothWays) {
  std::string bin = Golden("disk_info.vlist.bin");
  Result decoded = RunTool({"decode", "--value-list"}, {{"-", bin}});
  ASSERT_EQ(decoded.status, 0) << decoded.err;
  EXPECT_EQ(nlohmann::json::parse(decoded.out),
            nlohmann::json::parse(Golden("disk_info.vlist.json")));
  Result encoded = RunTool({"encode", "--value-list"}, {{"-", decoded.out}});
  ASSERT_EQ(encoded.status, 0) << encoded.err;
  EXPECT_EQ(encoded.out, bin);
}

TEST(CliTest, EncodeWithoutTrailer) {
  Result r = RunTool({"encode", "--no-trailing-endmark", "x.json"},
                 {{"x.json", Golden("vm_save_with_trailer.json")}});
  ASSERT_EQ(r.status, 0);
  EXPECT_EQ(r.out, Golden("vm_save.bin"));
}

TEST(CliTest, InvalidBinaryIsOneErrorLineAndNoOutput) {
  std::string bad = Golden("vm_save.bin");
  bad[4] = 0x07;  // NAME syntax damaged
  for (const char* command : {"decode", "validate", "dump"}) {
    Result r = RunTool({command}, {{"-", bad}});
    EXPECT_EQ(r.status, 1);
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(r.err,
              "error: ERROR_INVALID_DATA (13) at offset 4: property does not start with a NAME "
              "entry\n");
  }
}

TEST(CliTest, InvalidJsonIsExitOne) {
  Result syntax = RunTool({"encode"}, {{"-", "{\"properties\": ["}});
  EXPECT_EQ(syntax.status, 1);
  EXPECT_EQ(syntax.out, "");
  EXPECT_THAT(syntax.err, StartsWith("error: ERROR_INVALID_DATA (13) at offset "));
  EXPECT_THAT(syntax.err, HasSubstr("invalid JSON"));
  Result shape = RunTool({"encode"}, {{"-", R"({"properties": [{"name": "a", "values": []}]})"}});
  EXPECT_EQ(shape.status, 1);
  EXPECT_EQ(shape.err,
            "error: ERROR_INVALID_DATA (13): properties[0].values: a property needs a value\n");
}

TEST(CliTest, ValidateSummaries) {
  Result lenient = RunTool({"validate"}, {{"-", Golden("windows_shape.bin")}});
  EXPECT_EQ(lenient.status, 0);
  EXPECT_EQ(lenient.out,
            "valid property list: 4 properties, 5 values, 168 bytes, trailing ENDMARK\n");
  Result strict = RunTool({"validate", "--strict"}, {{"-", Golden("vm_save.bin")}});
  EXPECT_EQ(strict.out,
            "valid property list (strict): 1 properties, 1 values, 60 bytes, no trailing "
            "ENDMARK\n");
  std::string extra = Golden("vm_save_with_trailer.bin") + std::string("\x01\x02", 2);
  Result with_extra = RunTool({"validate"}, {{"-", extra}});
  EXPECT_EQ(with_extra.status, 0);
  EXPECT_THAT(with_extra.out, HasSubstr(", 2 bytes after the list"));
  Result strict_extra = RunTool({"validate", "--strict"}, {{"-", extra}});
  EXPECT_EQ(strict_extra.status, 1);
  EXPECT_EQ(strict_extra.err,
            "error: ERROR_INVALID_DATA (13) at offset 64: bytes after the end of the list\n");
  Result vlist = RunTool({"validate", "--value-list"}, {{"-", Golden("disk_info.vlist.bin")}});
  EXPECT_EQ(vlist.out, "valid value list: 3 values, 44 bytes\n");
}

TEST(CliTest, DumpListsEveryEntry) {
  Result r = RunTool({"dump"}, {{"-", Golden("vm_save.bin")}});
  ASSERT_EQ(r.status, 0);
  EXPECT_EQ(r.out,
            "offset    syntax                             cbLength value\n"
            "00000000  (property count)                            1\n"
            "00000004  NAME                               32       \"Virtual Machine\"\n"
            "0000002c    LIST_VALUE_DWORD                 4        1\n"
            "00000038  ENDMARK\n");
}

TEST(CliTest, FindIsCaseInsensitive) {
  Result r = RunTool({"find", "virtual machine"}, {{"-", Golden("vm_save.bin")}});
  ASSERT_EQ(r.status, 0);
  EXPECT_EQ(nlohmann::json::parse(r.out), nlohmann::json::parse(R"(
      {"name": "Virtual Machine", "values": [{"syntax": "LIST_VALUE_DWORD", "value": 1}]})"));
  Result missing = RunTool({"find", "Nope"}, {{"-", Golden("vm_save.bin")}});
  EXPECT_EQ(missing.status, 1);
  EXPECT_EQ(missing.out, "");
  EXPECT_EQ(missing.err, "error: ERROR_FILE_NOT_FOUND (2): no property named \"Nope\"\n");
}

TEST(CliTest, UsageErrorsAreExitTwo) {
  EXPECT_EQ(RunTool({}).status, 2);
  EXPECT_EQ(RunTool({"frobnicate"}).status, 2);
  EXPECT_EQ(RunTool({"decode", "--bogus"}).status, 2);
  EXPECT_EQ(RunTool({"decode", "a", "b"}).status, 2);
  EXPECT_EQ(RunTool({"find"}).status, 2);
  Result help = RunTool({"--help"});
  EXPECT_EQ(help.status, 0);
  EXPECT_THAT(help.out, StartsWith("usage: clusprop COMMAND"));
  Result decode_help = RunTool({"decode", "--help"});
  EXPECT_EQ(decode_help.status, 0);
  EXPECT_THAT(decode_help.out, StartsWith("usage: clusprop decode"));
}

TEST(CliTest, UnreadableFileIsExitOne) {
  Result r = RunTool({"decode", "missing.bin"});
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.err, "error: ERROR_FILE_NOT_FOUND (2): cannot read missing.bin\n");
}

}  // namespace
}  // namespace cli
}  // namespace clusprop
