// The C API over the embedded cluster. CLUSPROP_CLUSTER is set before the first OpenCluster,
// so this binary's cluster is testdata/clusters/vm_with_disk.json.

#include "cluster/clusapi.h"

#include <atomic>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "clusprop/internal/test_util.h"
#include "clusprop/writer.h"
#include "gtest/gtest.h"

namespace {

class ClusapiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    clusprop::testing::SetEnv("CLUSPROP_CLUSTER", "testdata/clusters/vm_with_disk.json");
  }
  void SetUp() override {
    cluster_ = OpenCluster(nullptr);
    ASSERT_NE(cluster_, nullptr) << GetLastError();
  }
  void TearDown() override { EXPECT_TRUE(CloseCluster(cluster_)); }

  static CLUSTER_RESOURCE_STATE WaitSettled(HRESOURCE resource) {
    CLUSTER_RESOURCE_STATE state;
    while ((state = GetClusterResourceState(resource, nullptr, nullptr, nullptr, nullptr)) ==
           ClusterResourceOfflinePending) {
      Sleep(1);
    }
    return state;
  }

  HCLUSTER cluster_ = nullptr;
};

std::vector<BYTE> VmInstruction(DWORD action) {
  clusprop::PropertyListWriter writer(clusprop::WriteOptions{.trailing_endmark = false});
  writer.BeginProperty("Virtual Machine").AddDword(action);
  absl::StatusOr<absl::Span<const uint8_t>> bytes = writer.Finish();
  return std::vector<BYTE>(bytes->begin(), bytes->end());
}

TEST_F(ClusapiTest, OpenErrors) {
  EXPECT_EQ(OpenCluster(L"OtherCluster"), nullptr);
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INVALID_PARAMETER));
  EXPECT_EQ(OpenClusterResource(cluster_, L"NoSuchResource"), nullptr);
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_RESOURCE_NOT_FOUND));
  EXPECT_EQ(OpenClusterResource(reinterpret_cast<HCLUSTER>(0x1234), L"VM2"), nullptr);
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INVALID_HANDLE));
}

TEST_F(ClusapiTest, InvalidAndClosedHandles) {
  HRESOURCE resource = OpenClusterResource(cluster_, L"Disk1");
  ASSERT_NE(resource, nullptr);
  EXPECT_TRUE(CloseClusterResource(resource));
  EXPECT_FALSE(CloseClusterResource(resource));
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INVALID_HANDLE));
  EXPECT_EQ(OfflineClusterResourceEx(resource, 0, nullptr, 0),
            static_cast<DWORD>(ERROR_INVALID_HANDLE));
  EXPECT_EQ(GetClusterResourceState(resource, nullptr, nullptr, nullptr, nullptr),
            ClusterResourceStateUnknown);
}

TEST_F(ClusapiTest, ReadOnlyHandleIsAccessDenied) {
  DWORD granted = 0;
  HCLUSTER read_only = OpenClusterEx(nullptr, CLUSAPI_READ_ACCESS, &granted);
  ASSERT_NE(read_only, nullptr);
  EXPECT_EQ(granted, static_cast<DWORD>(CLUSAPI_READ_ACCESS));
  HRESOURCE resource = OpenClusterResource(read_only, L"Disk1");
  ASSERT_NE(resource, nullptr);
  EXPECT_EQ(OfflineClusterResourceEx(resource, 0, nullptr, 0),
            static_cast<DWORD>(ERROR_ACCESS_DENIED));
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_ACCESS_DENIED));
  EXPECT_EQ(GetClusterResourceState(resource, nullptr, nullptr, nullptr, nullptr),
            ClusterResourceOnline);
  CloseClusterResource(resource);
  CloseCluster(read_only);
}

TEST_F(ClusapiTest, StateQueryWithNodeAndGroup) {
  HRESOURCE vm = OpenClusterResource(cluster_, L"vm2");  // names are case-insensitive
  ASSERT_NE(vm, nullptr);
  WCHAR node[16];
  DWORD node_chars = 16;
  WCHAR group[16];
  DWORD group_chars = 16;
  EXPECT_EQ(GetClusterResourceState(vm, node, &node_chars, group, &group_chars),
            ClusterResourceOnline);
  EXPECT_EQ(std::wstring(node), L"NodeB");
  EXPECT_EQ(node_chars, 5u);
  EXPECT_EQ(std::wstring(group), L"VM Group");
  WCHAR tiny[3];
  DWORD tiny_chars = 3;
  EXPECT_EQ(GetClusterResourceState(vm, tiny, &tiny_chars, nullptr, nullptr),
            ClusterResourceStateUnknown);
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_MORE_DATA));
  EXPECT_EQ(tiny_chars, 5u);
  CloseClusterResource(vm);
}

TEST_F(ClusapiTest, LockedFailedAndReasons) {
  HRESOURCE locked = OpenClusterResource(cluster_, L"Locked");
  ASSERT_NE(locked, nullptr);
  EXPECT_EQ(OfflineClusterResourceEx(locked, 0, nullptr, 0),
            static_cast<DWORD>(ERROR_CLUSTER_RESOURCE_LOCKED_STATUS));
  EXPECT_EQ(OfflineClusterResourceExWithReason(
                locked, CLUSAPI_RESOURCE_OFFLINE_IGNORE_RESOURCE_STATUS, 0x3, nullptr, 0),
            static_cast<DWORD>(ERROR_INVALID_PARAMETER));  // two reason bits
  EXPECT_EQ(
      OfflineClusterResourceEx(locked, CLUSAPI_RESOURCE_OFFLINE_IGNORE_RESOURCE_STATUS, nullptr, 0),
      static_cast<DWORD>(ERROR_IO_PENDING));
  EXPECT_EQ(WaitSettled(locked), ClusterResourceOffline);
  CloseClusterResource(locked);

  HRESOURCE broken = OpenClusterResource(cluster_, L"Broken");
  EXPECT_EQ(OfflineClusterResource(broken), static_cast<DWORD>(ERROR_RESOURCE_FAILED));
  EXPECT_EQ(OnlineClusterResource(broken), static_cast<DWORD>(ERROR_SUCCESS));
  EXPECT_EQ(GetClusterResourceState(broken, nullptr, nullptr, nullptr, nullptr),
            ClusterResourceOnline);
  CloseClusterResource(broken);
}

TEST_F(ClusapiTest, VmOfflineWithInstructionOverrideAndDependency) {
  HRESOURCE disk = OpenClusterResource(cluster_, L"Disk1");
  HRESOURCE vm = OpenClusterResource(cluster_, L"VM2");
  ASSERT_NE(disk, nullptr);
  ASSERT_NE(vm, nullptr);
  // FORCE_WITH_TERMINATION with Save: refused, nothing changes.
  std::vector<BYTE> save = VmInstruction(1);
  EXPECT_EQ(OfflineClusterResourceEx(vm, CLUSAPI_RESOURCE_OFFLINE_FORCE_WITH_TERMINATION,
                                     save.data(), static_cast<DWORD>(save.size())),
            static_cast<DWORD>(ERROR_INVALID_PARAMETER));
  EXPECT_EQ(GetClusterResourceState(vm, nullptr, nullptr, nullptr, nullptr), ClusterResourceOnline);
  // The one-shot override through the control code, then the disk: the VM goes first.
  DWORD turn_off = 0;
  DWORD returned = 99;
  EXPECT_EQ(ClusterResourceControl(vm, nullptr, CLUSCTL_RESOURCE_VM_SET_NEXT_OFFLINE_ACTION,
                                   &turn_off, sizeof(turn_off), nullptr, 0, &returned),
            static_cast<DWORD>(ERROR_SUCCESS));
  EXPECT_EQ(returned, 0u);
  DWORD bad = 4;
  EXPECT_EQ(ClusterResourceControl(vm, nullptr, CLUSCTL_RESOURCE_VM_SET_NEXT_OFFLINE_ACTION, &bad,
                                   sizeof(bad), nullptr, 0, nullptr),
            static_cast<DWORD>(ERROR_INVALID_PARAMETER));
  EXPECT_EQ(ClusterResourceControl(vm, nullptr, 0x12345, nullptr, 0, nullptr, 0, nullptr),
            static_cast<DWORD>(ERROR_INVALID_FUNCTION));
  EXPECT_EQ(OfflineClusterResource(disk), static_cast<DWORD>(ERROR_IO_PENDING));
  EXPECT_EQ(WaitSettled(disk), ClusterResourceOffline);
  EXPECT_EQ(WaitSettled(vm), ClusterResourceOffline);
  EXPECT_EQ(OfflineClusterResource(vm), static_cast<DWORD>(ERROR_SUCCESS));  // already offline
  EXPECT_EQ(OnlineClusterResource(disk), static_cast<DWORD>(ERROR_SUCCESS));
  EXPECT_EQ(OnlineClusterResource(vm), static_cast<DWORD>(ERROR_SUCCESS));
  CloseClusterResource(vm);
  CloseClusterResource(disk);
}

TEST_F(ClusapiTest, LastErrorIsPerThread) {
  // The two threads take turns through an atomic, not a lock: any system call between a
  // SetLastError and its GetLastError could itself set the code (on Windows it may).
  std::atomic<int> turn{0};
  DWORD other = 0;
  std::thread worker([&] {
    while (turn.load() != 1) {
    }
    SetLastError(42);
    other = GetLastError();
    turn.store(2);
  });
  SetLastError(1234);
  turn.store(1);
  while (turn.load() != 2) {
  }
  EXPECT_EQ(GetLastError(), 1234u);
  worker.join();
  EXPECT_EQ(other, 42u);
}

}  // namespace
