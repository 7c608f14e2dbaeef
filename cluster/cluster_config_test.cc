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
