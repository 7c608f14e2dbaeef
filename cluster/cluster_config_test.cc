#include "cluster/cluster_config.h"

#include <cstdlib>

#include "clusprop/internal/test_util.h"
#include "clusprop/status_matchers.h"
#include "clusprop/win32_error.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace clusprop {
namespace cluster {
namespace {

using offline::OfflinePolicy;
using ::testing::HasSubstr;

TEST(ClusterConfigTest, LoadsTheExample) {
  absl::StatusOr<std::unique_ptr<Cluster>> cluster =
      ClusterFromFile("testdata/clusters/vm_with_disk.json");
  ASSERT_THAT(cluster, IsOk());
  std::optional<ResourceStatus> vm = (*cluster)->GetStatus("VM2");
  ASSERT_TRUE(vm.has_value());
  EXPECT_EQ(vm->node, "NodeB");
  EXPECT_EQ(vm->offline_action, 2u);
  EXPECT_TRUE((*cluster)->GetStatus("Locked")->locked);
  EXPECT_EQ((*cluster)->GetStatus("Broken")->state, ResourceState::kFailed);
  EXPECT_EQ((*cluster)->GetStatus("Disk1")->node, "N\xC5\x93ud-1");  // UTF-8 kept as it is
}

// The value `name` under the resource's Parameters key.
absl::StatusOr<RegistryValue> Parameter(Cluster& cluster, const std::string& resource,
                                        const std::string& name) {
  Database& database = cluster.database();
  absl::StatusOr<Database::Key> key = database.ResourceKey(resource);
  if (key.ok()) key = database.Open(*key, kParametersKey);
  if (!key.ok()) return key.status();
  return database.QueryValue(*key, name);
}

// The bytes of `text` in wchar_t units (surrogate pairs where wchar_t has 16 bits).
std::vector<uint8_t> Wide(const std::u32string& text) {
  std::vector<uint8_t> bytes;
  const auto put = [&](char32_t unit) {
    for (size_t i = 0; i < sizeof(wchar_t); ++i) {
      bytes.push_back(static_cast<uint8_t>(unit >> (8 * i)));
    }
  };
  for (char32_t c : text) {
    if (sizeof(wchar_t) == 2 && c >= 0x10000) {
      put(0xD800 + ((c - 0x10000) >> 10));
      put(0xDC00 + ((c - 0x10000) & 0x3FF));
    } else {
      put(c);
    }
  }
  return bytes;
}

TEST(ClusterConfigTest, ParametersAreStoredWithTheirRegistryTypes) {
  absl::StatusOr<std::unique_ptr<Cluster>> cluster = ClusterFromJson(R"({"resources": [
      {"name": "App", "type": "Generic Application", "parameters": {
         "Port": 4294967295, "Big": 4294967296, "Path": "/srv/\u00e9\ud834\udd1e",
         "Args": ["-v", ""], "Home": {"expand_sz": "%HOME%"}, "Key": {"binary": "00fFa5"},
         "Empty": {"binary": ""}}}]})");
  ASSERT_THAT(cluster, IsOk());
  Cluster& c = **cluster;
  EXPECT_EQ(*Parameter(c, "App", "port"), (RegistryValue{kRegDword, {0xFF, 0xFF, 0xFF, 0xFF}}));
  EXPECT_EQ(*Parameter(c, "App", "Big"), (RegistryValue{kRegQword, {0, 0, 0, 0, 1, 0, 0, 0}}));
  EXPECT_EQ(*Parameter(c, "App", "Path"),
            (RegistryValue{kRegSz, Wide(std::u32string(U"/srv/\u00e9\U0001D11E\0", 8))}));
  EXPECT_EQ(*Parameter(c, "App", "Args"),
            (RegistryValue{kRegMultiSz, Wide(std::u32string(U"-v\0\0\0", 5))}));
  EXPECT_EQ(*Parameter(c, "App", "Home"),
            (RegistryValue{kRegExpandSz, Wide(std::u32string(U"%HOME%\0", 7))}));
  EXPECT_EQ(*Parameter(c, "App", "Key"), (RegistryValue{kRegBinary, {0x00, 0xFF, 0xA5}}));
  EXPECT_EQ(*Parameter(c, "App", "Empty"), (RegistryValue{kRegBinary, {}}));
}

TEST(ClusterConfigTest, AVirtualMachinesOfflineActionMayComeFromItsParameters) {
  absl::StatusOr<std::unique_ptr<Cluster>> cluster = ClusterFromJson(R"({"resources": [
      {"name": "VM1", "type": "Virtual Machine", "parameters": {"offlineACTION": 3}},
      {"name": "VM2", "type": "Virtual Machine", "offline_action": 0}]})");
  ASSERT_THAT(cluster, IsOk());
  EXPECT_EQ((*cluster)->GetStatus("VM1")->offline_action, 3u);
  EXPECT_EQ((*cluster)->GetStatus("VM2")->offline_action, 0u);
  EXPECT_EQ(*Parameter(**cluster, "VM2", "OfflineAction"),
            (RegistryValue{kRegDword, {0, 0, 0, 0}}));
}

TEST(ClusterConfigTest, BadParametersNameTheirPlace) {
  const struct {
    const char* parameters;
    const char* message;
  } cases[] = {
      {R"([1])", "resources[0].parameters: expected an object"},
      {R"({"A": -1})", "resources[0].parameters.A: expected a number from 0"},
      {R"({"A": 1.5})", "resources[0].parameters.A: expected a number from 0"},
      {R"({"A": 18446744073709551616})", "resources[0].parameters.A: expected a number from 0"},
      {R"({"A": true})", "resources[0].parameters.A: expected a number"},
      {R"({"A": null})", "resources[0].parameters.A: expected a number"},
      {R"({"A": ["x", 1]})", "resources[0].parameters.A: expected a number"},
      {R"({"A": {"binary": "abc"}})", "resources[0].parameters.A.binary: expected hexadecimal"},
      {R"({"A": {"binary": "zz"}})", "resources[0].parameters.A.binary: expected hexadecimal"},
      {R"({"A": {"binary": "00", "expand_sz": ""}})", "resources[0].parameters.A: expected"},
      {R"({"A": {"text": "x"}})", "resources[0].parameters.A: expected a number"},
      {R"({"A": "x\u0000y"})", "resources[0].parameters.A: expected text without NULs"},
      {R"({"A\u0000": 1})", "a name holds a NUL"},
      {R"({"Port": 1, "PORT": 2})", "repeats a name (names ignore case)"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.parameters);
    const std::string json =
        std::string(R"({"resources": [{"name": "R", "type": "t", "parameters": )") + c.parameters +
        "}]}";
    absl::StatusOr<std::unique_ptr<Cluster>> cluster = ClusterFromJson(json);
    EXPECT_THAT(cluster, Win32CodeIs(kErrorInvalidData));
    if (!cluster.ok()) {
      EXPECT_THAT(std::string(ErrorWhat(cluster.status())), HasSubstr(c.message));
    }
  }
  absl::StatusOr<std::unique_ptr<Cluster>> twice = ClusterFromJson(R"({"resources": [
      {"name": "VM", "type": "Virtual Machine", "offline_action": 1,
       "parameters": {"OfflineAction": 2}}]})");
  ASSERT_FALSE(twice.ok());
  EXPECT_THAT(std::string(ErrorWhat(twice.status())),
              HasSubstr("resources[0].offline_action: given twice: here and in "
                        "parameters.OfflineAction"));
}

TEST(ClusterConfigTest, ADescriptionWrittenReadsBackToTheSameCluster) {
  absl::StatusOr<std::unique_ptr<Cluster>> first = ClusterFromJson(R"({
      "policy": "lenient", "pending_timeout_ms": 5000, "resources": [
      {"name": "Disk\u00c9", "type": "Physical Disk", "node": "N\u0153ud", "group": "G"},
      {"name": "VM1", "type": "Virtual Machine", "dependencies": ["disk\u00e9"],
       "offline_action": 3, "state": "Offline", "locked": true},
      {"name": "App", "type": "t", "parameters": {
         "Port": 80, "Small": {"qword": 7}, "Big": 4294967296, "Path": "/srv/\ud834\udd1e",
         "Args": ["a", ""], "None": [], "Home": {"expand_sz": "%H%"}, "Key": {"binary": "00ff"},
         "Odd": {"type": 9, "data": "0102"}, "Cut": {"type": 1, "data": "41"}}}]})");
  ASSERT_THAT(first, IsOk());
  // What the database holds besides the description: values set later, of any type.
  Database& database = (*first)->database();
  absl::StatusOr<Database::Key> key = database.ResourceKey("App");
  bool created = false;
  if (key.ok()) key = database.Create(*key, kParametersKey, &created);
  ASSERT_THAT(key, IsOk());
  ASSERT_THAT(database.SetValue(*key, "ShortDword", RegistryValue{kRegDword, {1, 2}}), IsOk());
  ASSERT_THAT((*first)->SetPersistentState("App", true), IsOk());

  absl::StatusOr<std::string> text = ClusterToJson(**first);
  ASSERT_THAT(text, IsOk());
  absl::StatusOr<std::unique_ptr<Cluster>> second = ClusterFromJson(*text);
  ASSERT_THAT(second, IsOk()) << *text;
  absl::StatusOr<std::string> again = ClusterToJson(**second);
  ASSERT_THAT(again, IsOk());
  EXPECT_EQ(*again, *text);
  EXPECT_EQ((*second)->options().policy.failed_resource(),
            OfflinePolicy::FailedResource::kSucceedAsOffline);
  EXPECT_EQ((*second)->options().pending_timeout, absl::Milliseconds(5000));
  for (const std::string& name : (*first)->ResourceNames()) {
    SCOPED_TRACE(name);
    std::optional<ResourceStatus> a = (*first)->GetStatus(name);
    std::optional<ResourceStatus> b = (*second)->GetStatus(name);
    ASSERT_TRUE(a && b);
    EXPECT_EQ(a->state, b->state);
    EXPECT_EQ(a->locked, b->locked);
    EXPECT_EQ(a->offline_action, b->offline_action);
    EXPECT_EQ(a->node, b->node);
    EXPECT_EQ(a->group, b->group);
    EXPECT_EQ(a->type, b->type);
  }
  EXPECT_EQ((*second)->GetStatus("VM1")->offline_action, 3u);
  for (const char* value : {"Port", "Small", "Big", "Path", "Args", "None", "Home", "Key", "Odd",
                            "Cut", "ShortDword"}) {
    SCOPED_TRACE(value);
    EXPECT_EQ(*Parameter(**second, "App", value), *Parameter(**first, "App", value));
  }
  EXPECT_EQ(Parameter(**second, "App", "Small")->type, kRegQword);
  EXPECT_EQ(Parameter(**second, "App", "ShortDword")->data.size(), 2u);
}

TEST(ClusterConfigTest, OnlyThePresetPoliciesCanBeWritten) {
  Cluster::Options options;
  options.policy = OfflinePolicy::Strict();
  options.policy.AddRule({"no-offline", [](const offline::RuleContext&) { return true; }});
  Cluster cluster(options);
  EXPECT_THAT(ClusterToJson(cluster), Win32CodeIs(kErrorInvalidParameter));
  Cluster strict;
  absl::StatusOr<std::string> text = ClusterToJson(strict);
  ASSERT_THAT(text, IsOk());
  EXPECT_THAT(*text, HasSubstr("\"policy\": \"strict\""));
  EXPECT_THAT(*text, HasSubstr("\"pending_timeout_ms\": 180000"));
}

TEST(ClusterConfigTest, PendingTimeoutRange) {
  EXPECT_THAT(ClusterFromJson(R"({"pending_timeout_ms": 4294967295, "resources": []})"), IsOk());
  EXPECT_THAT(ClusterFromJson(R"({"pending_timeout_ms": 0, "resources": []})"), IsOk());
  for (const char* bad : {R"({"pending_timeout_ms": 4294967296, "resources": []})",
                          R"({"pending_timeout_ms": 18446744073709551615, "resources": []})",
                          R"({"pending_timeout_ms": -1, "resources": []})",
                          R"({"pending_timeout_ms": 1.5, "resources": []})"}) {
    SCOPED_TRACE(bad);
    EXPECT_THAT(ClusterFromJson(bad), Win32CodeIs(kErrorInvalidData));
  }
}

TEST(ClusterConfigTest, OnlineOverAFailedProviderIsAStartingState) {
  EXPECT_THAT(ClusterFromJson(R"({"resources": [{"name": "P", "type": "t", "state": "Failed"},
                                  {"name": "D", "type": "t", "dependencies": ["P"]}]})"),
              IsOk());
  EXPECT_THAT(ClusterFromJson(R"({"resources": [{"name": "P", "type": "t", "state": "Offline"},
                                  {"name": "D", "type": "t", "dependencies": ["P"],
                                   "state": "Offline"}]})"),
              IsOk());
}

#if !defined(_WIN32)
TEST(ClusterConfigTest, EndlessFilesAreTooLarge) {
  absl::StatusOr<std::unique_ptr<Cluster>> endless = ClusterFromFile("/dev/zero");
  EXPECT_THAT(endless, Win32CodeIs(kErrorFileTooLarge));
  EXPECT_THAT(std::string(ErrorWhat(endless.status())),
              HasSubstr("/dev/zero: larger than 67108864 bytes"));
}
#endif

TEST(ClusterConfigTest, NamesMustBeUtf8) {
  Cluster cluster;
  ASSERT_THAT(cluster.AddResourceType("t", std::make_shared<RecordingHandler>()), IsOk());
  EXPECT_THAT(cluster.AddResource({.name = "bad\xFF", .type = "t"}),
              Win32CodeIs(kErrorInvalidParameter));
  EXPECT_THAT(cluster.AddResource({.name = "ok", .type = "t", .node = "\xC0\x80"}),
              Win32CodeIs(kErrorInvalidParameter));
  EXPECT_THAT(cluster.AddResource({.name = "ok", .type = "t", .group = "\xED\xA0\x80"}),
              Win32CodeIs(kErrorInvalidParameter));
  EXPECT_THAT(cluster.AddResource({.name = "ok", .type = "t", .node = "N\xC5\x93ud"}), IsOk());
}

TEST(ClusterConfigTest, ErrorsNameThePathAndTheProblem) {
  struct Case {
    const char* json;
    const char* message;
  };
  const Case cases[] = {
      {"{", "$: invalid JSON at byte 1"},
      {R"({"resources": [], "resources": []})", "resources: duplicate key"},
      {R"({"resources": [{"name": "a\nb", "type": "t"}, {"name": "A\nB", "type": "t"}]})",
       R"(resources[1]: resource "A\nB" exists)"},
      {R"({"resources": [{"name": "P", "type": "t", "state": "Offline"},
                         {"name": "D", "type": "t", "dependencies": ["P"]}]})",
       R"(resources[1]: an Online resource cannot depend on "P", which is Offline)"},
      {"[]", "$: expected an object"},
      {R"({"resources": [], "polcy": "strict"})", "$: unknown key 'polcy'"},
      {R"({"policy": "loose", "resources": []})", "policy: expected"},
      {R"({"pending_timeout_ms": -1, "resources": []})", "pending_timeout_ms: expected"},
      {R"({})", "resources: expected an array"},
      {R"({"resources": [{"type": "t"}]})", "resources[0]: missing 'name'"},
      {R"({"resources": [{"name": "a", "type": "t", "state": "Up"}]})",
       "resources[0].state: unknown state 'Up'"},
      {R"({"resources": [{"name": "a", "type": "t", "offline_action": 4}]})",
       "resources[0].offline_action: expected 0, 1, 2 or 3"},
      {R"({"resources": [{"name": "a", "type": "t", "dependencies": ["b"]}]})",
       "resources[0]: unknown dependency \"b\""},
      {R"({"resources": [{"name": "a", "type": "t"}, {"name": "A", "type": "t"}]})",
       "resources[1]: resource \"A\" exists"},
      {R"({"resources": [{"name": "a", "type": "t", "locked": "yes"}]})",
       "resources[0].locked: expected true or false"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.json);
    absl::StatusOr<std::unique_ptr<Cluster>> cluster = ClusterFromJson(c.json);
    EXPECT_THAT(cluster, Win32CodeIs(kErrorInvalidData));
    EXPECT_THAT(std::string(ErrorWhat(cluster.status())), HasSubstr(c.message));
  }
}

TEST(ClusterConfigTest, FileErrorsNameTheFile) {
  absl::StatusOr<std::unique_ptr<Cluster>> missing = ClusterFromFile("/nonexistent/c.json");
  EXPECT_THAT(missing, Win32CodeIs(kErrorFileNotFound));
  EXPECT_THAT(std::string(ErrorWhat(missing.status())), HasSubstr("/nonexistent/c.json"));
  absl::StatusOr<std::unique_ptr<Cluster>> bad = ClusterFromFile("testdata/malformed/MANIFEST.tsv");
  EXPECT_THAT(bad, Win32CodeIs(kErrorInvalidData));
  EXPECT_THAT(std::string(ErrorWhat(bad.status())),
              HasSubstr("testdata/malformed/MANIFEST.tsv: $:"));
}

TEST(ClusterConfigTest, EnvironmentOrDefault) {
  clusprop::testing::SetEnv(kClusterEnvironmentVariable, nullptr);
  absl::StatusOr<std::unique_ptr<Cluster>> cluster = ClusterFromEnvironment();
  ASSERT_THAT(cluster, IsOk());
  EXPECT_THAT((*cluster)->ResourceNames(), ::testing::ElementsAre("DemoResource", "VM1"));
  clusprop::testing::SetEnv(kClusterEnvironmentVariable, "testdata/clusters/vm_with_disk.json");
  cluster = ClusterFromEnvironment();
  ASSERT_THAT(cluster, IsOk());
  EXPECT_EQ((*cluster)->ResourceNames().size(), 6u);
  clusprop::testing::SetEnv(kClusterEnvironmentVariable, nullptr);
}

}  // namespace
}  // namespace cluster
}  // namespace clusprop
