#include "tools/cli.h"

#if !defined(_WIN32)
#include <sys/stat.h>
#include <unistd.h>
#endif

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <map>
#include <new>
#include <stdexcept>
#include <string>
#include <vector>

#include "absl/strings/str_split.h"
#include "clusprop/control_code.h"
#include "clusprop/internal/test_util.h"
#include "clusprop/win32_error.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tools/file_io.h"

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
  io.read = [&files](const std::string& path, uint64_t max_size, std::string* data) {
    auto it = files.find(path);
    if (it == files.end()) return Win32Error(kErrorFileNotFound, "cannot read " + path);
    if (it->second.size() > max_size) return Win32Error(kErrorFileTooLarge, path + " too large");
    *data = it->second;
    return absl::OkStatus();
  };
  int status = RunCli(args, &io);
  return {status, io.out, io.err};
}

std::string Golden(const std::string& name) {
  return testing::ReadTestFile("testdata/golden/" + name);
}

TEST(CliTest, DecodeMatchesGoldenJson) {
  ASSERT_GE(testing::GoldenVectors().size() + testing::GoldenVectors(true).size(), 25u);
  for (const std::string& name : testing::GoldenVectors()) {
    SCOPED_TRACE(name);
    Result r = RunTool({"decode", "in.bin"}, {{"in.bin", Golden(std::string(name) + ".bin")}});
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(nlohmann::json::parse(r.out),
              nlohmann::json::parse(Golden(std::string(name) + ".json")));
    EXPECT_EQ(r.err, "");
  }
}

TEST(CliTest, EncodeReproducesGoldenBytes) {
  for (const std::string& name : testing::GoldenVectors()) {
    SCOPED_TRACE(name);
    Result r = RunTool({"encode", "-"}, {{"-", Golden(std::string(name) + ".json")}});
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(r.out, Golden(std::string(name) + ".bin"));
    Result strict = RunTool({"validate", "--strict"}, {{"-", r.out}});
    EXPECT_EQ(strict.status, 0) << strict.err;
  }
}

TEST(CliTest, ValueListBothWays) {
  for (const std::string& name : testing::GoldenVectors(/*value_lists=*/true)) {
    SCOPED_TRACE(name);
    std::string bin = Golden(name + ".bin");
    Result decoded = RunTool({"decode", "--value-list"}, {{"-", bin}});
    ASSERT_EQ(decoded.status, 0) << decoded.err;
    EXPECT_EQ(nlohmann::json::parse(decoded.out), nlohmann::json::parse(Golden(name + ".json")));
    Result encoded = RunTool({"encode", "--value-list"}, {{"-", Golden(name + ".json")}});
    ASSERT_EQ(encoded.status, 0) << encoded.err;
    EXPECT_EQ(encoded.out, bin);
    Result validated = RunTool({"validate", "--strict", "--value-list"}, {{"-", bin}});
    EXPECT_EQ(validated.status, 0) << validated.err;
  }
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
  EXPECT_EQ(syntax.err,
            "error: ERROR_INVALID_DATA (13): properties[0]: invalid JSON at byte 16: parse error "
            "at line 1, column 17: syntax error while parsing value - unexpected end of input; "
            "expected '[', '{', or a literal\n");
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

TEST(CliTest, DumpShowsEveryByte) {
  Result r = RunTool({"dump"}, {{"-", Golden("vm_save.bin")}});
  ASSERT_EQ(r.status, 0);
  EXPECT_EQ(r.out,
            "offset    bytes                                            meaning\n"
            "00000000  01 00 00 00                                      property count 1\n"
            "00000004  03 00 04 00 20 00 00 00                          NAME, cbLength 32\n"
            "0000000c  56 00 69 00 72 00 74 00 75 00 61 00 6c 00 20 00  \"Virtual Machine\"\n"
            "0000001c  4d 00 61 00 63 00 68 00 69 00 6e 00 65 00 00 00\n"
            "0000002c  02 00 01 00 04 00 00 00                            LIST_VALUE_DWORD, "
            "cbLength 4\n"
            "00000034  01 00 00 00                                        1\n"
            "00000038  00 00 00 00                                      ENDMARK\n");
  // Padding, raw bytes and what follows the list are shown too.
  std::string shape = Golden("windows_shape.bin") + std::string("\x07", 1);
  Result padded = RunTool({"dump"}, {{"-", shape}});
  ASSERT_EQ(padded.status, 0);
  EXPECT_THAT(padded.out,
              HasSubstr("00000016  00 00                                            padding\n"));
  EXPECT_THAT(padded.out, HasSubstr("ENDMARK (list trailer)\n"));
  EXPECT_THAT(
      padded.out,
      HasSubstr(
          "000000a8  07                                               1 bytes after the list\n"));
  Result vlist = RunTool({"dump", "--value-list"}, {{"-", Golden("disk_info.vlist.bin")}});
  ASSERT_EQ(vlist.status, 0);
  EXPECT_THAT(vlist.out, HasSubstr("DISK_SIGNATURE, cbLength 4\n"));
  EXPECT_THAT(vlist.out, HasSubstr("305419896\n"));
  EXPECT_THAT(vlist.out, HasSubstr("(raw bytes)\n"));
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

TEST(CliTest, OfflineCheckAcceptsTheSaveBuffer) {
  Result r = RunTool({"offline-check", "--type", "Virtual Machine", "save.bin"},
                     {{"save.bin", Golden("vm_save.bin")}});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out,
            "{\"result\":\"ERROR_IO_PENDING\",\"code\":997,"
            "\"instruction\":{\"type\":\"Virtual Machine\",\"action\":\"Save\","
            "\"source\":\"buffer\"}}\n");
  // No buffer, another type, an accepted reason with a destination.
  Result empty = RunTool({"offline-check", "--type=dummy", "--reason", "moving", "--destination",
                          "Node2", "--flags", "0x1"},
                         {{"-", ""}});
  ASSERT_EQ(empty.status, 0) << empty.err;
  EXPECT_EQ(nlohmann::json::parse(empty.out),
            nlohmann::json::parse(R"({"result": "ERROR_IO_PENDING", "code": 997})"));
  Result offline = RunTool({"offline-check", "--type", "dummy", "--state", "offline"}, {{"-", ""}});
  EXPECT_EQ(offline.status, 0);
  EXPECT_EQ(nlohmann::json::parse(offline.out)["result"], "ERROR_SUCCESS");
  for (const char* state : {"initializing", "inherited", "pending", "onlinepending"}) {
    Result pending = RunTool({"offline-check", "--type", "dummy", "--state", state}, {{"-", ""}});
    EXPECT_EQ(pending.status, 1) << state;
    EXPECT_EQ(pending.err,
              "error: ERROR_INVALID_STATE (5023): the resource is in a pending state\n");
  }
}

// The resource's defaults decide when the buffer holds no instruction; a default that a rule
// forbids becomes TurnOff, while the same instruction given explicitly is refused.
TEST(CliTest, OfflineCheckEffectiveInstruction) {
  struct Case {
    std::vector<std::string> options;
    std::string expected;  // the instruction member, or the error line
  };
  const Case cases[] = {
      {{"--offline-action", "1"},
       R"({"type":"Virtual Machine","action":"Save","source":"OfflineAction"})"},
      {{"--offline-action", "1", "--next-action", "2"},
       R"({"type":"Virtual Machine","action":"Shutdown","source":"next offline action"})"},
      {{"--offline-action", "1", "--reason", "BEING_DELETED"},
       R"({"type":"Virtual Machine","action":"TurnOff","source":"fallback"})"},
      {{"--next-action", "3", "--flags", "0x2"},
       R"({"type":"Virtual Machine","action":"TurnOff","source":"fallback"})"},
      {{"--offline-action", "0x0"},
       R"({"type":"Virtual Machine","action":"TurnOff","source":"OfflineAction"})"},
  };
  for (const Case& c : cases) {
    std::vector<std::string> args = {"offline-check", "--type", "Virtual Machine"};
    args.insert(args.end(), c.options.begin(), c.options.end());
    Result r = RunTool(args, {{"-", ""}});
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(nlohmann::json::parse(r.out)["instruction"], nlohmann::json::parse(c.expected));
  }
  // Explicit Save with BEING_DELETED: refused, whatever the defaults.
  Result explicit_save = RunTool({"offline-check", "--type", "Virtual Machine", "--reason",
                                  "BEING_DELETED", "--offline-action", "0", "save.bin"},
                                 {{"save.bin", Golden("vm_save.bin")}});
  EXPECT_EQ(explicit_save.status, 1);
  EXPECT_THAT(explicit_save.err, StartsWith("error: ERROR_INVALID_PARAMETER (87)"));
  // Actions the type does not have, and types without actions.
  for (const std::vector<std::string>& bad :
       {std::vector<std::string>{"--type", "Virtual Machine", "--offline-action", "4"},
        std::vector<std::string>{"--type", "Virtual Machine", "--next-action", "x"},
        std::vector<std::string>{"--type", "dummy", "--offline-action", "0"}}) {
    std::vector<std::string> args = {"offline-check"};
    args.insert(args.end(), bad.begin(), bad.end());
    EXPECT_EQ(RunTool(args, {{"-", ""}}).status, 2);
  }
}

TEST(CliTest, OfflineCheckRejections) {
  struct Case {
    std::vector<std::string> args;
    std::string err;
  };
  const std::string save = Golden("vm_save.bin");
  const Case cases[] = {
      {{"--access", "read"}, "error: ERROR_ACCESS_DENIED (5): offline needs Full access\n"},
      {{"--flags", "2"},
       "error: ERROR_INVALID_PARAMETER (87): FORCE_WITH_TERMINATION contradicts an orderly "
       "offline action\n"},
      {{"--flags", "8"},
       "error: ERROR_INVALID_PARAMETER (87): offline flags hold bits other than 0x1, 0x2, 0x4\n"},
      {{"--reason", "being_deleted"},
       "error: ERROR_INVALID_PARAMETER (87): reason BEING_DELETED contradicts an action that "
       "preserves state\n"},
      {{"--reason", "MOVING"},
       "error: ERROR_INVALID_PARAMETER (87): reason MOVING needs a destination node\n"},
      {{"--locked"},
       "error: ERROR_CLUSTER_RESOURCE_LOCKED_STATUS (5960): the resource or a dependent is "
       "locked\n"},
      {{"--state", "Failed"}, "error: ERROR_RESOURCE_FAILED (5038): the resource has failed\n"},
      {{"--state", "OfflinePending"},
       "error: ERROR_INVALID_STATE (5023): the resource is in a pending state\n"},
  };
  for (const Case& c : cases) {
    std::vector<std::string> args = {"offline-check", "--type", "Virtual Machine"};
    args.insert(args.end(), c.args.begin(), c.args.end());
    Result r = RunTool(args, {{"-", save}});
    EXPECT_EQ(r.status, 1) << c.err;
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(r.err, c.err);
  }
  Result lenient =
      RunTool({"offline-check", "--type", "Virtual Machine", "--reason", "MOVING", "--lenient"},
              {{"-", save}});
  EXPECT_EQ(lenient.status, 0) << lenient.err;
  std::string bad = save;
  bad[52] = 4;  // the DWORD at offset 52: 4 = live migration
  Result live = RunTool({"offline-check", "--type", "Virtual Machine"}, {{"-", bad.substr(0, 60)}});
  EXPECT_EQ(live.status, 1);
  EXPECT_EQ(live.err,
            "error: ERROR_INVALID_PARAMETER (87) at offset 52: Virtual Machine offline action 4 is "
            "not supported\n");
  Result truncated =
      RunTool({"offline-check", "--type", "Virtual Machine"}, {{"-", save.substr(0, 59)}});
  EXPECT_EQ(truncated.status, 1);
  EXPECT_EQ(truncated.err,
            "error: ERROR_INVALID_DATA (13) at offset 56: missing ENDMARK: buffer ends\n");
  EXPECT_EQ(RunTool({"offline-check"}).status, 2);
  EXPECT_EQ(RunTool({"offline-check", "--type"}).status, 2);
  EXPECT_EQ(RunTool({"offline-check", "--type", "x", "--reason", "sideways"}).status, 2);
  EXPECT_EQ(RunTool({"offline-check", "--type", "x", "--state", "up"}).status, 2);
  EXPECT_EQ(RunTool({"offline-check", "--type", "x", "--flags", "lots"}).status, 2);
}

// Every malformed buffer makes `validate` exit 1 with its code and offset on one line.
TEST(CliTest, ValidateRejectsEveryMalformedBuffer) {
  std::string manifest = testing::ReadTestFile("testdata/malformed/MANIFEST.tsv");
  int checked = 0;
  for (absl::string_view line : absl::StrSplit(manifest, '\n', absl::SkipEmpty())) {
    if (line[0] == '#') continue;
    std::vector<std::string> f = absl::StrSplit(line, '\t');
    ASSERT_EQ(f.size(), 5u) << line;
    if (f[2] == "client") continue;  // reject_expanded_sz has no command-line switch
    std::vector<std::string> args = {"validate"};
    // Lenient validation walks nested lists by cbLength, as Windows does; strict descends.
    if (f[2] == "strict" || f[2] == "nested") args.push_back("--strict");
    if (f[1] == "vlist") args.push_back("--value-list");
    args.push_back("in.bin");
    Result r = RunTool(args, {{"in.bin", Golden("../malformed/" + f[0] + ".bin")}});
    EXPECT_EQ(r.status, 1) << f[0];
    EXPECT_EQ(r.out, "") << f[0];
    EXPECT_THAT(r.err, StartsWith("error: ERROR_INVALID_DATA (13) at offset " + f[4] + ": "))
        << f[0];
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << f[0];
    ++checked;
  }
  EXPECT_GE(checked, 60);
}

TEST(CliTest, UnreadableFileIsExitOne) {
  Result r = RunTool({"decode", "missing.bin"});
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.err, "error: ERROR_FILE_NOT_FOUND (2): cannot read missing.bin\n");
}

// ---- every door: numbers, files, reads, writes
// ---------------------------------------------------

std::string OneValue(const std::string& syntax, const std::string& value) {
  return R"({"properties": [{"name": "a", "values": [{"syntax": ")" + syntax + R"(", "value": )" +
         value + R"(}]}], "trailing_endmark": true})";
}

// Regression: these ended in an uncaught nlohmann::json::out_of_range (exit 134).
TEST(CliTest, EncodeNumbersADoubleCannotHoldAreExitOne) {
  struct Case {
    std::string json;
    std::string err;
  };
  const Case cases[] = {
      {OneValue("LIST_VALUE_DWORD", "1e400"),
       "error: ERROR_INVALID_DATA (13): properties[0].values[0].value: invalid JSON: number "
       "overflow parsing '1e400'\n"},
      {OneValue("LIST_VALUE_LONG", "-1e309"),
       "error: ERROR_INVALID_DATA (13): properties[0].values[0].value: invalid JSON: number "
       "overflow parsing '-1e309'\n"},
      {OneValue("LIST_VALUE_ULARGE_INTEGER", std::string(400, '9')),
       "error: ERROR_INVALID_DATA (13): properties[0].values[0].value: invalid JSON: number "
       "overflow parsing '" +
           std::string(400, '9') + "'\n"},
      {R"({"properties": [], "trailing_endmark": true, "n": 1e400})",
       "error: ERROR_INVALID_DATA (13): n: invalid JSON: number overflow parsing '1e400'\n"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.json.substr(0, 120));
    Result r = RunTool({"encode"}, {{"-", c.json}});
    EXPECT_EQ(r.status, 1);
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(r.err, c.err);
  }
}

// Regression: duplicate keys were last-wins, so a whole "properties" array could vanish.
TEST(CliTest, EncodeRejectsDuplicateKeys) {
  Result r = RunTool({"encode"}, {{"-", R"({"properties": [{"name": "a", "values": [
      {"syntax": "LIST_VALUE_DWORD", "value": 1}]}], "properties": [], "trailing_endmark": true})"}});
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err, "error: ERROR_INVALID_DATA (13): properties: duplicate key\n");
}

// Regression: trailing_endmark false + trailing_bytes "00000000" encoded, then decoded as
// trailing_endmark true with no trailing bytes.
TEST(CliTest, EncodeRejectsWhatWouldNotDecodeBackToItself) {
  for (const char* json :
       {R"({"properties": [], "trailing_endmark": false, "trailing_bytes": "00000000"})",
        R"({"properties": [{"name": "n", "values": [{"syntax": "LIST_VALUE_PROPERTY_LIST",
            "value": {"properties": [], "trailing_endmark": false,
                      "trailing_bytes": "00000000"}}]}], "trailing_endmark": true})"}) {
    SCOPED_TRACE(json);
    Result r = RunTool({"encode"}, {{"-", json}});
    EXPECT_EQ(r.status, 1);
    EXPECT_EQ(r.out, "");
    EXPECT_THAT(r.err, StartsWith("error: ERROR_INVALID_DATA (13): "));
    EXPECT_THAT(r.err, HasSubstr("trailing_bytes: "));
  }
  // Everything encode accepts decodes back to the same JSON.
  for (const std::string& name : testing::GoldenVectors()) {
    SCOPED_TRACE(name);
    std::string json = Golden(name + ".json");
    Result encoded = RunTool({"encode"}, {{"-", json}});
    ASSERT_EQ(encoded.status, 0) << encoded.err;
    Result decoded = RunTool({"decode"}, {{"-", encoded.out}});
    ASSERT_EQ(decoded.status, 0) << decoded.err;
    EXPECT_EQ(decoded.out, json);
  }
}

// A lenient list may hold a PROPERTY_LIST value that is not a valid list (Windows does not look
// inside): decode shows it as hex, encode gives back the same bytes, strict validation refuses.
TEST(CliTest, NestedBytesThatAreNotAListRoundTripAsHex) {
  std::string bytes = Golden("../malformed/nested_not_a_list.bin");
  Result decoded = RunTool({"decode"}, {{"-", bytes}});
  ASSERT_EQ(decoded.status, 0) << decoded.err;
  nlohmann::json json = nlohmann::json::parse(decoded.out);
  EXPECT_EQ(json["properties"][0]["values"][0]["syntax"], "LIST_VALUE_PROPERTY_LIST");
  EXPECT_TRUE(json["properties"][0]["values"][0].contains("hex"));
  Result encoded = RunTool({"encode"}, {{"-", decoded.out}});
  ASSERT_EQ(encoded.status, 0) << encoded.err;
  EXPECT_EQ(encoded.out, bytes);
  EXPECT_EQ(RunTool({"validate", "--strict"}, {{"-", bytes}}).status, 1);
}

// Regression: a failed read was taken as an empty buffer, and offline-check then accepted
// FORCE_WITH_TERMINATION with "no buffer" (ERROR_IO_PENDING, exit 0).
TEST(CliTest, OfflineCheckFailsClosedWhenTheInputCannotBeRead) {
  for (uint32_t code : {kErrorInvalidHandle, kErrorReadFault, kErrorAccessDenied}) {
    Io io;
    io.read = [code](const std::string&, uint64_t, std::string*) {
      return Win32Error(code, "cannot read standard input");
    };
    int status = RunCli({"offline-check", "--type", "Virtual Machine", "--flags", "0x2"}, &io);
    EXPECT_EQ(status, 1);
    EXPECT_EQ(io.out, "");
    EXPECT_EQ(io.err,
              "error: " + FormatError(Win32Error(code, "cannot read standard input")) + "\n");
  }
}

#if !defined(_WIN32)  // POSIX file system and errno messages; Windows has its own names
Result RunWithRealFiles(std::vector<std::string> args) {
  Io io;
  io.read = ReadWholeFile;
  int status = RunCli(args, &io);
  return {status, io.out, io.err};
}

std::string TempPath(const std::string& name) { return ::testing::TempDir() + name; }

// Regression: a directory as FILE ended in an uncaught std::ios_base::failure.
TEST(CliTest, UnreadableFilesAreOneErrorLine) {
  std::string dir = TempPath("a_directory");
  mkdir(dir.c_str(), 0700);
  Result r = RunWithRealFiles({"decode", dir});
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err, "error: ERROR_READ_FAULT (30): cannot read " + dir + ": Is a directory\n");

  std::string missing = TempPath("no_such_file.bin");
  r = RunWithRealFiles({"validate", missing});
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.err, "error: ERROR_FILE_NOT_FOUND (2): cannot read " + missing +
                       ": No such file or directory\n");

  std::string file = TempPath("plain_file");
  std::FILE* f = std::fopen(file.c_str(), "wb");
  ASSERT_NE(f, nullptr);
  std::fclose(f);
  r = RunWithRealFiles({"dump", file + "/below"});
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.err,
            "error: ERROR_PATH_NOT_FOUND (3): cannot read " + file + "/below: Not a directory\n");
}

TEST(CliTest, ErrnoValuesMapToWin32Codes) {
  EXPECT_EQ(Win32CodeOf(ReadErrorFromErrno(ENOENT, "f")), kErrorFileNotFound);
  EXPECT_EQ(Win32CodeOf(ReadErrorFromErrno(ENOTDIR, "f")), kErrorPathNotFound);
  EXPECT_EQ(Win32CodeOf(ReadErrorFromErrno(EACCES, "f")), kErrorAccessDenied);
  EXPECT_EQ(Win32CodeOf(ReadErrorFromErrno(EPERM, "f")), kErrorAccessDenied);
  EXPECT_EQ(Win32CodeOf(ReadErrorFromErrno(EBADF, "f")), kErrorInvalidHandle);
  EXPECT_EQ(Win32CodeOf(ReadErrorFromErrno(EISDIR, "f")), kErrorReadFault);
  EXPECT_EQ(Win32CodeOf(ReadErrorFromErrno(EIO, "f")), kErrorReadFault);
  EXPECT_EQ(Win32CodeOf(ReadErrorFromErrno(EFBIG, "f")), kErrorFileTooLarge);
  EXPECT_EQ(Win32CodeOf(ReadErrorFromErrno(ENOMEM, "f")), kErrorNotEnoughMemory);
  EXPECT_EQ(FormatError(ReadErrorFromErrno(EACCES, "x.bin")),
            "ERROR_ACCESS_DENIED (5): cannot read x.bin: Permission denied");
  EXPECT_EQ(FormatError(WriteErrorFromErrno(ENOSPC, "standard output")),
            "ERROR_WRITE_FAULT (29): cannot write standard output: No space left on device");
  EXPECT_EQ(FormatError(WriteErrorFromErrno(EPIPE, "standard output")),
            "ERROR_WRITE_FAULT (29): cannot write standard output: Broken pipe");
}

std::string SparseFile(const std::string& name, off_t size) {
  std::string path = TempPath(name);
  std::FILE* f = std::fopen(path.c_str(), "wb");
  EXPECT_NE(f, nullptr);
  EXPECT_EQ(ftruncate(fileno(f), size), 0);
  std::fclose(f);
  return path;
}

// Files larger than the limit are refused before they are read (these are sparse: reading them
// would take gigabytes); an offline buffer is at most a DWORD's worth whatever the limit.
TEST(CliTest, InputsAboveTheLimitAreRefusedBeforeBeingRead) {
  std::string big = SparseFile("five_gib.bin", off_t{5} << 30);
  Result r = RunWithRealFiles({"validate", big});
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.err, "error: ERROR_FILE_TOO_LARGE (223): " + big +
                       " is larger than the 1073741824-byte limit (5368709120 bytes)\n");
  r = RunWithRealFiles({"decode", "--max-input-size", "4G", big});
  EXPECT_EQ(r.status, 1);
  EXPECT_THAT(r.err, StartsWith("error: ERROR_FILE_TOO_LARGE (223): "));
  std::string over_dword = SparseFile("dword_plus_one.bin", (off_t{1} << 32));
  r = RunWithRealFiles(
      {"offline-check", "--type", "Virtual Machine", "--max-input-size=8G", over_dword});
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.err, "error: ERROR_FILE_TOO_LARGE (223): " + over_dword +
                       " is larger than the 4294967295-byte limit (4294967296 bytes)\n");
  // A control code's buffer, too: its size is a DWORD.
  r = RunWithRealFiles({"decode", "--control", "CLUSCTL_RESOURCE_GET_PRIVATE_PROPERTIES",
                        "--max-input-size=8G", over_dword});
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.err, "error: ERROR_FILE_TOO_LARGE (223): " + over_dword +
                       " is larger than the 4294967295-byte limit (4294967296 bytes)\n");
  // The limit's own edge: a 60-byte buffer passes at 60 and is refused at 59.
  std::string save = "testdata/golden/vm_save.bin";
  EXPECT_EQ(RunWithRealFiles({"validate", "--max-input-size", "60", save}).status, 0);
  r = RunWithRealFiles({"validate", "--max-input-size", "59", save});
  EXPECT_EQ(r.status, 1);
  EXPECT_THAT(r.err, StartsWith("error: ERROR_FILE_TOO_LARGE (223): "));
}

#endif  // !defined(_WIN32)

TEST(CliTest, MaxInputSizeMustBeASize) {
  for (const char* bad : {"", "-1", "x", "1T", "18446744073709551616", "17179869184G", "0x"}) {
    SCOPED_TRACE(bad);
    Result r = RunTool({"validate", "--max-input-size", bad}, {{"-", Golden("vm_save.bin")}});
    EXPECT_EQ(r.status, 2);
    EXPECT_EQ(r.out, "");
    EXPECT_THAT(r.err, StartsWith("clusprop: --max-input-size needs a size in bytes"));
  }
  for (const char* good : {"60", "0x3c", "1K", "1k", "1M", "1G", "18446744073709551615"}) {
    SCOPED_TRACE(good);
    EXPECT_EQ(
        RunTool({"validate", "--max-input-size", good}, {{"-", Golden("vm_save.bin")}}).status, 0);
  }
}

// Regression: write errors were exit 1 with nothing on stderr.
TEST(CliTest, WriteErrorsAreExitThreeWithOneLine) {
  for (const char* command : {"decode", "dump", "validate", "--help"}) {
    SCOPED_TRACE(command);
    Io io;
    io.read = [](const std::string&, uint64_t, std::string* data) {
      *data = Golden("every_format.bin");
      return absl::OkStatus();
    };
    io.write = [](std::string_view) {
      return Win32Error(kErrorWriteFault, "cannot write standard output: No space left on device");
    };
    EXPECT_EQ(RunCli({command}, &io), 3);
    EXPECT_EQ(io.err,
              "error: ERROR_WRITE_FAULT (29): cannot write standard output: No space left on "
              "device\n");
  }
}

// Output is written as it is produced, in bounded chunks, and stops at the first failed write.
TEST(CliTest, OutputIsStreamedInChunks) {
  std::string big;
  {
    // 5,000 properties: about 700 KB of JSON, many chunks.
    std::string json = R"({"properties": [)";
    for (int i = 0; i < 5000; ++i) {
      if (i > 0) json += ",";
      json += R"({"name": "p)" + std::to_string(i) +
              R"(", "values": [{"syntax": "LIST_VALUE_DWORD", "value": )" + std::to_string(i) +
              "}]}";
    }
    json += R"(], "trailing_endmark": true})";
    Result encoded = RunTool({"encode"}, {{"-", json}});
    ASSERT_EQ(encoded.status, 0) << encoded.err;
    big = encoded.out;
  }
  Io io;
  io.read = [&big](const std::string&, uint64_t, std::string* data) {
    *data = big;
    return absl::OkStatus();
  };
  std::vector<size_t> chunks;
  std::string out;
  io.write = [&](std::string_view chunk) {
    chunks.push_back(chunk.size());
    out.append(chunk.data(), chunk.size());
    return absl::OkStatus();
  };
  ASSERT_EQ(RunCli({"decode"}, &io), 0);
  EXPECT_GT(chunks.size(), 10u);
  for (size_t size : chunks) EXPECT_LE(size, 64u * 1024);
  EXPECT_EQ(out, RunTool({"decode"}, {{"-", big}}).out);

  int calls = 0;
  io.write = [&calls](std::string_view) {
    ++calls;
    return calls < 3 ? absl::OkStatus() : Win32Error(kErrorWriteFault, "broken pipe");
  };
  io.err.clear();
  EXPECT_EQ(RunCli({"decode"}, &io), 3);
  EXPECT_EQ(calls, 3);  // nothing more was attempted after the failure
  EXPECT_EQ(io.err, "error: ERROR_WRITE_FAULT (29): broken pipe\n");
}

// Out of memory anywhere in a command is one line and exit 1 (here: thrown by the I/O).
TEST(CliTest, OutOfMemoryIsExitOne) {
  Io io;
  io.read = [](const std::string&, uint64_t, std::string*) -> absl::Status {
    throw std::bad_alloc();
  };
  EXPECT_EQ(RunCli({"decode"}, &io), 1);
  EXPECT_EQ(io.err, "error: ERROR_NOT_ENOUGH_MEMORY (8): out of memory\n");
  EXPECT_EQ(io.out, "");
  Io writer;
  writer.read = [](const std::string&, uint64_t, std::string* data) {
    *data = Golden("every_format.bin");
    return absl::OkStatus();
  };
  writer.write = [](std::string_view) -> absl::Status { throw std::bad_alloc(); };
  EXPECT_EQ(RunCli({"dump"}, &writer), 1);
  EXPECT_EQ(writer.err, "error: ERROR_NOT_ENOUGH_MEMORY (8): out of memory\n");
  Io other;
  other.read = [](const std::string&, uint64_t, std::string*) -> absl::Status {
    throw std::runtime_error("boom");
  };
  EXPECT_EQ(RunCli({"validate"}, &other), 1);
  EXPECT_EQ(other.err, "error: ERROR_INTERNAL_ERROR (1359): unexpected failure\n");
}

TEST(CliTest, OptionsAreParsedStrictly) {
  std::string save = Golden("vm_save.bin");
  const std::string kSize = "--max-input-size needs a size in bytes (K, M, G suffixes allowed)";
  struct Case {
    std::vector<std::string> args;
    std::string problem;
  };
  const Case cases[] = {
      {{"validate", "--max-input-size", " 5"}, kSize},
      {{"validate", "--max-input-size", "5 "}, kSize},
      {{"validate", "--max-input-size", "1 K"}, kSize},
      {{"validate", "--max-input-size", "+5"}, kSize},
      {{"offline-check", "--type", "x", "--flags", " 1"}, "--flags needs a number"},
      {{"offline-check", "--type", "x", "--flags", "0x"}, "--flags needs a number"},
      {{"validate", "--max-input-size=1", "--max-input-size=2"}, "'--max-input-size' given twice"},
      {{"validate", "--strict", "--strict"}, "'--strict' given twice"},
      {{"offline-check", "--type", "a", "--type", "b"}, "'--type' given twice"},
      {{"encode", "--no-trailing-endmark", "--value-list"},
       "--no-trailing-endmark is for property lists"},
      {{"find", "\xff"}, "NAME is not well-formed UTF-8"},
      {{"find", "\xed\xa0\x80"}, "NAME is not well-formed UTF-8"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.args[1] + " " + c.args.back());
    Result r = RunTool(c.args, {{"-", save}});
    EXPECT_EQ(r.status, 2);
    EXPECT_EQ(r.out, "");
    EXPECT_THAT(r.err, StartsWith("clusprop: " + c.problem + "\n"));
  }
}

// Whatever the input holds, an error stays on one line.
TEST(CliTest, ErrorsEchoingInputStayOnOneLine) {
  Result key = RunTool({"encode"}, {{"-",
                                     "{\"properties\": [], \"trailing_endmark\": true, "
                                     "\"trailing\\nbad\": 1}"}});
  EXPECT_EQ(key.status, 1);
  EXPECT_EQ(key.err,
            "error: ERROR_INVALID_DATA (13): $[\"trailing\\nbad\"]: not a key of the mapping\n");
  Result name = RunTool({"find", "a\nb"}, {{"-", Golden("vm_save.bin")}});
  EXPECT_EQ(name.status, 1);
  EXPECT_EQ(name.err, "error: ERROR_FILE_NOT_FOUND (2): no property named \"a\\nb\"\n");
}

// ---- control codes ----------------------------------------------------------------------------

TEST(CliTest, ControlPrintsTheNameAndTheFields) {
  const std::string set_private =
      "CLUSCTL_RESOURCE_SET_PRIVATE_PROPERTIES (object RESOURCE, function 33, access WRITE, "
      "modify)\n";
  struct Case {
    std::string code;
    std::string line;
  };
  const Case cases[] = {
      {"0x01400086", set_private},
      {"0X01400086", set_private},
      {"20971654", set_private},
      {"CLUSCTL_RESOURCE_SET_PRIVATE_PROPERTIES", set_private},
      {"0x01000081",
       "CLUSCTL_RESOURCE_GET_PRIVATE_PROPERTIES (object RESOURCE, function 32, access READ)\n"},
      {"0x07000291",
       "CLUSCTL_CLUSTER_GET_SHARED_VOLUME_ID (object CLUSTER, function 164, access READ)\n"},
      {"0x01600014",
       "CLUSCTL_RESOURCE_VM_SET_NEXT_OFFLINE_ACTION (object RESOURCE, function 5, access ANY, "
       "modify, user)\n"},
      {"0x011020E9",
       "CLUSCTL_RESOURCE_GET_OPERATION_CONTEXT (object RESOURCE, function 2106, access READ, "
       "internal)\n"},
      {"0x02000231",
       "CLUSCTL_RESOURCE_TYPE_GEN_APP_VALIDATE_PATH (object RESOURCE_TYPE, function 140, access "
       "READ)\n"},
      // An alias is shown by the value's first name.
      {"CLUSCTL_RESOURCE_RLUA_SET_PWD_INFO",
       "CLUSCTL_RESOURCE_NETNAME_SET_PWD_INFO (object RESOURCE, function 94, access WRITE)\n"},
      // Named after one object, built with another's.
      {"0x08002D7D",
       "CLUSCTL_GROUP_GET_PROVIDER_GROUPS (object GROUPSET, function 2911, access READ)\n"},
      // MinGW-w64's CLUSCTL_RESOURCE_NETNAME_CREDS_UPDATED: not a Windows SDK code.
      {"0x01C0018A", "unknown (object RESOURCE, function 98, access WRITE, modify, global)\n"},
      {"0", "unknown (object INVALID, function 0, access ANY)\n"},
      {"0x80000000", "unknown (object USER, function 0, access ANY)\n"},
      {"0xC8000007", "unknown (object 200, function 1, access 3)\n"},
      {"0xC8F00003",
       "unknown (object 200, function 0, access 3, modify, internal, global, user)\n"},
      {"4294967295",
       "unknown (object 255, function 262143, access 3, modify, internal, global, user)\n"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.code);
    Result r = RunTool({"control", c.code});
    EXPECT_EQ(r.status, 0);
    EXPECT_EQ(r.out, c.line);
    EXPECT_EQ(r.err, "");
  }
  Result after_dashes = RunTool({"control", "--", "0x01400086"});
  EXPECT_EQ(after_dashes.status, 0);
  EXPECT_EQ(after_dashes.out, set_private);
}

TEST(CliTest, ControlNamesEveryCodeOfTheTable) {
  for (const NamedControlCode& code : kControlCodes) {
    const std::string name = ControlCodeName(code);
    Result r = RunTool({"control", name});
    ASSERT_EQ(r.status, 0) << name;
    EXPECT_THAT(r.out, StartsWith(*ControlCodeName(code.value) + " (object ")) << name;
  }
}

TEST(CliTest, ControlUsageErrors) {
  const std::string kCode =
      "CODE needs a control code: a number (decimal or 0x hex) or a CLUSCTL_* name, not ";
  struct Case {
    std::vector<std::string> args;
    std::string problem;
  };
  const Case cases[] = {
      {{"control"}, "missing argument"},
      {{"control", "0x1", "0x2"}, "too many arguments"},
      {{"control", "0x1", "-"}, "too many arguments"},
      {{"control", "x"}, kCode + "'x'"},
      {{"control", "0x"}, kCode + "'0x'"},
      {{"control", ""}, kCode + "''"},
      {{"control", " 1"}, kCode + "' 1'"},
      {{"control", "4294967296"}, kCode + "'4294967296'"},
      {{"control", "0x100000000"}, kCode + "'0x100000000'"},
      {{"control", "clusctl_resource_get_flags"}, kCode + "'clusctl_resource_get_flags'"},
      {{"control", "CLCTL_GET_FLAGS"}, kCode + "'CLCTL_GET_FLAGS'"},
      {{"control", "CLUSCTL_RESOURCE_GET_FLAGS\n"}, kCode + "'CLUSCTL_RESOURCE_GET_FLAGS\\n'"},
      {{"control", "-1"}, "unknown option '-1'"},
      {{"control", "--max-input-size", "1", "0x1"}, "unknown option '--max-input-size'"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.args.back());
    Result r = RunTool(c.args);
    EXPECT_EQ(r.status, 2);
    EXPECT_EQ(r.out, "");
    EXPECT_THAT(r.err, StartsWith("clusprop: " + c.problem + "\nusage: clusprop control CODE\n"));
  }
  Result help = RunTool({"control", "--help"});
  EXPECT_EQ(help.status, 0);
  EXPECT_THAT(help.out, StartsWith("usage: clusprop control CODE\n"));
  EXPECT_THAT(RunTool({"--help"}).out, HasSubstr("\n  control CODE\n"));
}

std::string Bytes(std::string_view hex) {
  std::vector<uint8_t> bytes = testing::FromHex(hex);
  return std::string(bytes.begin(), bytes.end());
}

// A property list or a property-format list is decoded as `decode` decodes it.
TEST(CliTest, DecodeControlPropertyLists) {
  const std::string save = Golden("vm_save.bin");
  const std::string plain = RunTool({"decode"}, {{"-", save}}).out;
  ASSERT_FALSE(plain.empty());
  int lists = 0;
  for (const NamedControlCode& code : kControlCodes) {
    for (bool input : {false, true}) {
      if ((input ? code.input : code.output) != ControlBuffer::kPropertyList) continue;
      const std::string name = ControlCodeName(code);
      SCOPED_TRACE(name);
      Result r =
          RunTool({"decode", "--control", name, input ? "--input" : "--output"}, {{"-", save}});
      EXPECT_EQ(r.status, 0);
      EXPECT_EQ(r.out, plain);
      EXPECT_EQ(r.err, "");
      ++lists;
    }
  }
  EXPECT_EQ(lists, 63);  // 7 objects x 8, GROUPSET and AFFINITYRULE x 3, GET_OPERATION_CONTEXT
  Result by_number = RunTool({"decode", "--control=0x01400086", "--input"}, {{"-", save}});
  EXPECT_EQ(by_number.out, plain);

  // ResUtilGetPropertyFormats' list: property "A" has format MULTI_SZ (5), as a WORD.
  const std::string formats =
      Bytes("01000000 03000400 04000000 41000000  0b000100 02000000 05000000  00000000 00000000");
  Result fmts = RunTool({"decode", "--control", "CLUSCTL_RESOURCE_GET_PRIVATE_PROPERTY_FMTS"},
                        {{"-", formats}});
  ASSERT_EQ(fmts.status, 0) << fmts.err;
  EXPECT_EQ(fmts.out, RunTool({"decode"}, {{"-", formats}}).out);
  EXPECT_EQ(nlohmann::json::parse(fmts.out), nlohmann::json::parse(R"(
      {"properties": [{"name": "A", "values": [{"syntax": "LIST_VALUE_WORD", "value": 5}]}],
       "trailing_endmark": true})"));

  std::string bad = save;
  bad[4] = 0x07;  // NAME syntax damaged
  Result invalid = RunTool({"decode", "--control", "0x01000081"}, {{"-", bad}});
  EXPECT_EQ(invalid.status, 1);
  EXPECT_EQ(invalid.out, "");
  EXPECT_EQ(invalid.err,
            "error: ERROR_INVALID_DATA (13) at offset 4: property does not start with a NAME "
            "entry\n");
}

TEST(CliTest, DecodeControlValues) {
  struct Case {
    std::vector<std::string> args;
    std::string input;
    std::string out;
  };
  const Case cases[] = {
      {{"--control", "CLUSCTL_RESOURCE_ENUM_PRIVATE_PROPERTIES"},
       Bytes("41 00 62 00 00 00 43 00 00 00 00 00"),
       "[\n  \"Ab\",\n  \"C\"\n]\n"},
      {{"--control", "CLUSCTL_CLUSTER_ENUM_COMMON_PROPERTIES", "--output"},
       Bytes("4e 00 f6 00 00 00 61 00 22 00 0a 00 00 00 00 00"),
       "[\n  \"N\xc3\xb6\",\n  \"a\\\"\\n\"\n]\n"},
      {{"--control", "0x01000079"}, Bytes("00 00"), "[]\n"},
      {{"--control", "0x01000079"}, Bytes("00 00 00 00"), "[]\n"},
      {{"--control", "CLUSCTL_RESOURCE_GET_CHARACTERISTICS"}, Bytes("41 00 00 00"), "65\n"},
      {{"--control", "CLUSCTL_NODE_GET_FLAGS"}, Bytes("ff ff ff ff"), "4294967295\n"},
      {{"--control", "CLUSCTL_RESOURCE_VM_SET_NEXT_OFFLINE_ACTION", "--input"},
       Bytes("01 00 00 00"),
       "1\n"},
      {{"--control", "CLUSCTL_RESOURCE_GET_NAME"}, Bytes("56 00 4d 00 31 00 00 00"), "\"VM1\"\n"},
      {{"--control", "CLUSCTL_GROUP_GET_ID"}, Bytes("00 00"), "\"\"\n"},
      {{"--control", "CLUSCTL_RESOURCE_GET_RESOURCE_TYPE"},
       Bytes("61 00 09 00 3d d8 00 de 00 00"),
       "\"a\\t\xf0\x9f\x98\x80\"\n"},
      {{"--control", "CLUSCTL_RESOURCE_GET_CLASS_INFO"},
       Bytes("01000000 00000040"),
       "{\n  \"class\": 1,\n  \"subclass\": 1073741824\n}\n"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.args[1]);
    std::vector<std::string> args = {"decode"};
    args.insert(args.end(), c.args.begin(), c.args.end());
    Result r = RunTool(args, {{"-", c.input}});
    EXPECT_EQ(r.status, 0);
    EXPECT_EQ(r.out, c.out);
    EXPECT_EQ(r.err, "");
    EXPECT_NO_THROW(nlohmann::json::parse(r.out));
  }
}

TEST(CliTest, DecodeControlRejectsMalformedBuffers) {
  struct Case {
    std::string code;
    std::string input;
    std::string err;
  };
  const Case cases[] = {
      {"CLUSCTL_RESOURCE_GET_FLAGS", Bytes("01 00 00"),
       "error: ERROR_INVALID_DATA (13) at offset 0: DWORD needs 4 bytes; the buffer holds 3\n"},
      {"CLUSCTL_RESOURCE_GET_FLAGS", Bytes("01 00 00 00 00"),
       "error: ERROR_INVALID_DATA (13) at offset 4: bytes after the DWORD\n"},
      {"CLUSCTL_RESOURCE_GET_NAME", "",
       "error: ERROR_INVALID_DATA (13) at offset 0: string needs at least a NUL\n"},
      {"CLUSCTL_RESOURCE_GET_NAME", Bytes("41 00 42 00"),
       "error: ERROR_INVALID_DATA (13) at offset 2: string is not NUL-terminated\n"},
      {"CLUSCTL_RESOURCE_GET_NAME", Bytes("41 00 00 d8 00 00"),
       "error: ERROR_INVALID_DATA (13) at offset 2: unpaired UTF-16 high surrogate\n"},
      {"CLUSCTL_RESOURCE_ENUM_COMMON_PROPERTIES", Bytes("41 00 00 00 00 00 42 00 00 00 00 00"),
       "error: ERROR_INVALID_DATA (13) at offset 4: MULTI_SZ holds an empty string\n"},
      {"CLUSCTL_RESOURCE_ENUM_COMMON_PROPERTIES", Bytes("41 00 00"),
       "error: ERROR_INVALID_DATA (13) at offset 2: MULTI_SZ ends in half a UTF-16 unit\n"},
      {"CLUSCTL_RESOURCE_GET_CLASS_INFO", Bytes("01000000 00000000 00"),
       "error: ERROR_INVALID_DATA (13) at offset 8: bytes after the CLUS_RESOURCE_CLASS_INFO\n"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.code + " " + c.err);
    Result r = RunTool({"decode", "--control", c.code}, {{"-", c.input}});
    EXPECT_EQ(r.status, 1);
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(r.err, c.err);
  }
  Result missing = RunTool({"decode", "--control", "CLUSCTL_RESOURCE_GET_FLAGS", "missing.bin"});
  EXPECT_EQ(missing.status, 1);
  EXPECT_EQ(missing.err, "error: ERROR_FILE_NOT_FOUND (2): cannot read missing.bin\n");
  Result large =
      RunTool({"decode", "--control", "CLUSCTL_RESOURCE_GET_FLAGS", "--max-input-size", "3"},
              {{"-", Bytes("01 00 00 00")}});
  EXPECT_EQ(large.status, 1);
  EXPECT_EQ(large.err, "error: ERROR_FILE_TOO_LARGE (223): - too large\n");
}

TEST(CliTest, DecodeControlUsageErrors) {
  const std::string kCode =
      "--control needs a control code: a number (decimal or 0x hex) or a CLUSCTL_* name, not ";
  struct Case {
    std::vector<std::string> args;
    std::string problem;
  };
  const Case cases[] = {
      {{"decode", "--input"}, "--input and --output need --control"},
      {{"decode", "--output"}, "--input and --output need --control"},
      {{"decode", "--control", "0x01000081", "--input", "--output"},
       "--input and --output exclude each other"},
      {{"decode", "--control", "0x01000081", "--value-list"},
       "--control and --value-list exclude each other"},
      {{"decode", "--control", "nope"}, kCode + "'nope'"},
      {{"decode", "--control="}, kCode + "''"},
      {{"decode", "--control", "0x01000FFD"},
       "--control 0x01000FFD: not a control code whose buffers are known"},
      {{"decode", "--control", "0x01C0018A"},
       "--control 0x01C0018A: not a control code whose buffers are known"},
      {{"decode", "--control", "CLUSCTL_RESOURCE_GET_DNS_NAME"},
       "CLUSCTL_RESOURCE_GET_DNS_NAME: what its output buffer holds is not known"},
      {{"decode", "--control", "0x0150004E", "--input"},
       "CLUSCTL_RESOURCE_STATE_CHANGE_REASON: what its input buffer holds is not known"},
      {{"decode", "--control", "CLUSCTL_RESOURCE_GET_PRIVATE_PROPERTIES", "--input"},
       "CLUSCTL_RESOURCE_GET_PRIVATE_PROPERTIES has no input buffer"},
      {{"decode", "--control", "CLUSCTL_RESOURCE_SET_PRIVATE_PROPERTIES"},
       "CLUSCTL_RESOURCE_SET_PRIVATE_PROPERTIES has no output buffer"},
      {{"decode", "--control"}, "option '--control' needs a value"},
      {{"decode", "--control=0x01000081", "--control=0x01000081"}, "'--control' given twice"},
      {{"decode", "--control", "0x01000081", "--input", "--input"}, "'--input' given twice"},
      // Usage errors come before the input is read: this file does not exist.
      {{"decode", "--control", "nope", "missing.bin"}, kCode + "'nope'"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.problem);
    Result r = RunTool(c.args, {{"-", Golden("vm_save.bin")}});
    EXPECT_EQ(r.status, 2);
    EXPECT_EQ(r.out, "");
    EXPECT_THAT(r.err, StartsWith("clusprop: " + c.problem + "\nusage: clusprop decode"));
  }
}

}  // namespace
}  // namespace cli
}  // namespace clusprop
