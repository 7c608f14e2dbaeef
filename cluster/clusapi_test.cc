// The C API over the embedded cluster. CLUSPROP_CLUSTER is set before the first OpenCluster,
// so this binary's cluster is testdata/clusters/vm_with_disk.json.

#include "cluster/clusapi.h"

#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "clusprop/internal/test_util.h"
#include "clusprop/writer.h"
#include "cluster/cluster.h"
#include "cluster/embedded.h"
#include "gtest/gtest.h"

namespace {

#if defined(__SANITIZE_THREAD__)
constexpr bool kThreadSanitizer = true;
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
constexpr bool kThreadSanitizer = true;
#else
constexpr bool kThreadSanitizer = false;
#endif
#else
constexpr bool kThreadSanitizer = false;
#endif

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

constexpr DWORD kInvalidHandle = ERROR_INVALID_HANDLE;

// Calls every function that takes a resource handle with `resource`; each must say
// ERROR_INVALID_HANDLE, in its return value and in GetLastError().
void ExpectInvalidResourceHandle(HRESOURCE resource) {
  SetLastError(0);
  EXPECT_EQ(OnlineClusterResource(resource), kInvalidHandle);
  EXPECT_EQ(OfflineClusterResource(resource), kInvalidHandle);
  EXPECT_EQ(OfflineClusterResourceEx(resource, 0, nullptr, 0), kInvalidHandle);
  EXPECT_EQ(OfflineClusterResourceExWithReason(resource, 0, 0, nullptr, 0), kInvalidHandle);
  DWORD action = 0;
  EXPECT_EQ(ClusterResourceControl(resource, nullptr, CLUSCTL_RESOURCE_VM_SET_NEXT_OFFLINE_ACTION,
                                   &action, sizeof(action), nullptr, 0, nullptr),
            kInvalidHandle);
  SetLastError(0);
  EXPECT_EQ(GetClusterResourceState(resource, nullptr, nullptr, nullptr, nullptr),
            ClusterResourceStateUnknown);
  EXPECT_EQ(GetLastError(), kInvalidHandle);
  SetLastError(0);
  EXPECT_FALSE(CloseClusterResource(resource));
  EXPECT_EQ(GetLastError(), kInvalidHandle);
}

void ExpectInvalidClusterHandle(HCLUSTER cluster) {
  SetLastError(0);
  EXPECT_EQ(OpenClusterResource(cluster, L"VM2"), nullptr);
  EXPECT_EQ(GetLastError(), kInvalidHandle);
  SetLastError(0);
  EXPECT_EQ(OpenClusterResourceEx(cluster, L"VM2", CLUSAPI_ALL_ACCESS, nullptr), nullptr);
  EXPECT_EQ(GetLastError(), kInvalidHandle);
  SetLastError(0);
  EXPECT_FALSE(CloseCluster(cluster));
  EXPECT_EQ(GetLastError(), kInvalidHandle);
}

// Defect: cluster and resource handles shared one untyped table, so a handle of one kind was
// read (and deleted) as the other.
TEST_F(ClusapiTest, WrongKindHandlesAreInvalid) {
  HRESOURCE resource = OpenClusterResource(cluster_, L"Disk1");
  ASSERT_NE(resource, nullptr);
  ExpectInvalidResourceHandle(reinterpret_cast<HRESOURCE>(cluster_));
  ExpectInvalidClusterHandle(reinterpret_cast<HCLUSTER>(resource));
  // Neither was closed or damaged by the attempts.
  EXPECT_EQ(GetClusterResourceState(resource, nullptr, nullptr, nullptr, nullptr),
            ClusterResourceOnline);
  HRESOURCE again = OpenClusterResource(cluster_, L"Disk1");
  ASSERT_NE(again, nullptr);
  EXPECT_TRUE(CloseClusterResource(again));
  EXPECT_TRUE(CloseClusterResource(resource));
}

TEST_F(ClusapiTest, NullForgedAndClosedHandlesAreInvalid) {
  for (uintptr_t forged : {uintptr_t{0}, uintptr_t{1}, uintptr_t{8}, uintptr_t{0x1234},
                           ~uintptr_t{0}, uintptr_t{0xdeadbeef}}) {
    SCOPED_TRACE(forged);
    ExpectInvalidResourceHandle(reinterpret_cast<HRESOURCE>(forged));
    ExpectInvalidClusterHandle(reinterpret_cast<HCLUSTER>(forged));
  }
  HCLUSTER closed_cluster = OpenCluster(nullptr);
  HRESOURCE closed_resource = OpenClusterResource(closed_cluster, L"VM2");
  ASSERT_NE(closed_resource, nullptr);
  EXPECT_TRUE(CloseCluster(closed_cluster));
  // A resource handle outlives the cluster handle it came from.
  EXPECT_EQ(GetClusterResourceState(closed_resource, nullptr, nullptr, nullptr, nullptr),
            ClusterResourceOnline);
  EXPECT_TRUE(CloseClusterResource(closed_resource));
  ExpectInvalidResourceHandle(closed_resource);
  ExpectInvalidClusterHandle(closed_cluster);
  // Values are never reused: a new handle is not the closed one.
  HRESOURCE fresh = OpenClusterResource(cluster_, L"VM2");
  EXPECT_NE(fresh, closed_resource);
  EXPECT_TRUE(CloseClusterResource(fresh));
}

// Defect: a call that passed the handle check used the object after another thread had closed
// and freed it. Many threads open, use and close the same handles; every call completes or says
// ERROR_INVALID_HANDLE. Run under ASan and TSan.
TEST_F(ClusapiTest, HandlesClosedByAnotherThread) {
  constexpr int kSlots = 8;
  constexpr int kThreads = 8;
  const int kCalls = 4000;
  std::atomic<uintptr_t> resources[kSlots];
  std::atomic<uintptr_t> clusters[kSlots];
  for (int i = 0; i < kSlots; ++i) {
    resources[i] = reinterpret_cast<uintptr_t>(OpenClusterResource(cluster_, L"VM2"));
    clusters[i] = reinterpret_cast<uintptr_t>(OpenCluster(nullptr));
  }
  std::atomic<int> unexpected{0};
  auto expect = [&](bool ok) {
    if (!ok) ++unexpected;
  };
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      std::mt19937 rng(t);
      WCHAR node[32];
      for (int i = 0; i < kCalls; ++i) {
        const int slot = static_cast<int>(rng() % kSlots);
        auto resource = reinterpret_cast<HRESOURCE>(resources[slot].load());
        auto cluster = reinterpret_cast<HCLUSTER>(clusters[slot].load());
        switch (rng() % 8) {
          case 0: {  // replace the slot's resource handle, closing the old one
            HRESOURCE opened = OpenClusterResource(cluster, L"VM2");
            expect(opened != nullptr || GetLastError() == kInvalidHandle);
            if (opened == nullptr) break;
            auto old = reinterpret_cast<HRESOURCE>(
                resources[slot].exchange(reinterpret_cast<uintptr_t>(opened)));
            expect(CloseClusterResource(old) || GetLastError() == kInvalidHandle);
            break;
          }
          case 1: {  // replace the slot's cluster handle
            HCLUSTER opened = OpenCluster(nullptr);
            expect(opened != nullptr);
            auto old = reinterpret_cast<HCLUSTER>(
                clusters[slot].exchange(reinterpret_cast<uintptr_t>(opened)));
            expect(CloseCluster(old) || GetLastError() == kInvalidHandle);
            break;
          }
          case 2: {
            DWORD chars = 32;
            CLUSTER_RESOURCE_STATE state =
                GetClusterResourceState(resource, node, &chars, nullptr, nullptr);
            expect(state == ClusterResourceOnline ||
                   (state == ClusterResourceStateUnknown && GetLastError() == kInvalidHandle));
            break;
          }
          case 3: {  // rejected before anything changes: unknown flag bits
            DWORD code = OfflineClusterResourceEx(resource, 0x100, nullptr, 0);
            expect(code == ERROR_INVALID_PARAMETER || code == kInvalidHandle);
            break;
          }
          case 4: {  // already Online: nothing to do
            DWORD code = OnlineClusterResource(resource);
            expect(code == ERROR_SUCCESS || code == kInvalidHandle);
            break;
          }
          case 5: {
            DWORD code =
                ClusterResourceControl(resource, nullptr, 0x12345, nullptr, 0, nullptr, 0, nullptr);
            expect(code == ERROR_INVALID_FUNCTION || code == kInvalidHandle);
            break;
          }
          case 6: {  // the wrong kind, concurrently
            DWORD code = OnlineClusterResource(reinterpret_cast<HRESOURCE>(cluster));
            expect(code == kInvalidHandle);
            expect(OpenClusterResource(reinterpret_cast<HCLUSTER>(resource), L"VM2") == nullptr &&
                   GetLastError() == kInvalidHandle);
            break;
          }
          default: {  // close now; the slot's next user sees a closed handle
            expect(CloseClusterResource(resource) || GetLastError() == kInvalidHandle);
            break;
          }
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(unexpected.load(), 0);
  for (int i = 0; i < kSlots; ++i) {
    CloseClusterResource(reinterpret_cast<HRESOURCE>(resources[i].load()));
    CloseCluster(reinterpret_cast<HCLUSTER>(clusters[i].load()));
  }
}

// A caller that rewrites its buffer during the call (a bug of its own) gets one of the answers
// the buffer could give, never a crash: the cluster reads a copy made once.
TEST_F(ClusapiTest, BufferChangedDuringTheCall) {
  if (kThreadSanitizer)
    GTEST_SKIP() << "the caller's race is the point: ThreadSanitizer reports it";
  HRESOURCE vm = OpenClusterResource(cluster_, L"VM2");
  ASSERT_NE(vm, nullptr);
  std::vector<BYTE> save = VmInstruction(1);
  const size_t length_offset = save.size() - 12;  // the value's cbLength (no trailer ENDMARK)
  ASSERT_EQ(save[length_offset], 4);
  std::atomic<bool> done{false};
  std::thread flipper([&] {
    volatile BYTE* length = save.data() + length_offset;
    for (uint32_t i = 0; !done.load(std::memory_order_relaxed); ++i) {
      length[3] = (i & 1) ? 0x7f : 0x00;  // cbLength 4 or 0x7f000004
    }
  });
  int unexpected = 0;
  for (int i = 0; i < 20000; ++i) {
    // FORCE_WITH_TERMINATION with Save: 87 once decoded, 13 when the length is wrong.
    DWORD code = OfflineClusterResourceEx(vm, CLUSAPI_RESOURCE_OFFLINE_FORCE_WITH_TERMINATION,
                                          save.data(), static_cast<DWORD>(save.size()));
    if (code != ERROR_INVALID_PARAMETER && code != ERROR_INVALID_DATA) ++unexpected;
  }
  done = true;
  flipper.join();
  EXPECT_EQ(unexpected, 0);
  EXPECT_EQ(GetClusterResourceState(vm, nullptr, nullptr, nullptr, nullptr), ClusterResourceOnline);
  CloseClusterResource(vm);
}

// Defect: node and group names left the API one UTF-8 byte per WCHAR.
TEST_F(ClusapiTest, NamesLeaveAsWideCharacters) {
  HRESOURCE disk = OpenClusterResource(cluster_, L"Disk1");
  ASSERT_NE(disk, nullptr);
  WCHAR node[16];
  DWORD node_chars = 16;
  EXPECT_EQ(GetClusterResourceState(disk, node, &node_chars, nullptr, nullptr),
            ClusterResourceOnline);
  EXPECT_EQ(std::wstring(node), L"N\u0153ud-1");
  EXPECT_EQ(node_chars, 6u);
  // Exactly the name and its NUL fit; one character less does not.
  node_chars = 7;
  EXPECT_EQ(GetClusterResourceState(disk, node, &node_chars, nullptr, nullptr),
            ClusterResourceOnline);
  node_chars = 6;
  EXPECT_EQ(GetClusterResourceState(disk, node, &node_chars, nullptr, nullptr),
            ClusterResourceStateUnknown);
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_MORE_DATA));
  EXPECT_EQ(node_chars, 6u);
  CloseClusterResource(disk);

  // Outside the BMP: two units in UTF-16 (Windows), one in UTF-32.
  HRESOURCE vm = OpenClusterResource(cluster_, L"VM3");
  ASSERT_NE(vm, nullptr);
  WCHAR group[16];
  DWORD group_chars = 16;
  EXPECT_NE(GetClusterResourceState(vm, nullptr, nullptr, group, &group_chars),
            ClusterResourceStateUnknown);
  const std::wstring expected = L"Gr\u00fcppe \U0001D11E";
  EXPECT_EQ(std::wstring(group), expected);
  EXPECT_EQ(group_chars, expected.size());
  EXPECT_EQ(group_chars, sizeof(WCHAR) == 2 ? 9u : 8u);
  CloseClusterResource(vm);
}

TEST_F(ClusapiTest, ResourceNamesInAndOut) {
  SetLastError(0);
  EXPECT_EQ(OpenClusterResource(cluster_, nullptr), nullptr);
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INVALID_PARAMETER));
  EXPECT_EQ(OpenClusterResource(cluster_, L""), nullptr);
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_RESOURCE_NOT_FOUND));
  const WCHAR lone_surrogate[] = {L'V', static_cast<WCHAR>(0xD800), L'M', 0};
  EXPECT_EQ(OpenClusterResource(cluster_, lone_surrogate), nullptr);
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_RESOURCE_NOT_FOUND));
  HRESOURCE upper = OpenClusterResource(cluster_, L"DISK1");
  EXPECT_NE(upper, nullptr);
  CloseClusterResource(upper);
}

// Defect: the VM's default action (Save) was dispatched with reason BEING_DELETED, which the
// same request with an explicit Save is refused for.
TEST_F(ClusapiTest, ForbiddenDefaultActionIsReplacedByTurnOff) {
  HRESOURCE vm = OpenClusterResource(cluster_, L"VM3");  // OfflineAction: Save (the default)
  ASSERT_NE(vm, nullptr);
  std::vector<BYTE> save = VmInstruction(1);
  EXPECT_EQ(OfflineClusterResourceExWithReason(vm, 0, CLUSAPI_RESOURCE_OFFLINE_REASON_BEING_DELETED,
                                               save.data(), static_cast<DWORD>(save.size())),
            static_cast<DWORD>(ERROR_INVALID_PARAMETER));
  EXPECT_EQ(OfflineClusterResourceExWithReason(vm, 0, CLUSAPI_RESOURCE_OFFLINE_REASON_BEING_DELETED,
                                               nullptr, 0),
            static_cast<DWORD>(ERROR_IO_PENDING));
  EXPECT_EQ(WaitSettled(vm), ClusterResourceOffline);
  auto& handler = static_cast<clusprop::cluster::RecordingHandler&>(
      *clusprop::cluster::EmbeddedCluster()->HandlerOf("Virtual Machine"));
  ASSERT_FALSE(handler.calls().empty());
  EXPECT_EQ(handler.calls().back().resource, "VM3");
  EXPECT_EQ(handler.calls().back().what, "offline:TurnOff");
  EXPECT_EQ(OnlineClusterResource(vm), static_cast<DWORD>(ERROR_SUCCESS));
  CloseClusterResource(vm);
}

TEST_F(ClusapiTest, PendingResourcesAndControlCodes) {
  HRESOURCE starting = OpenClusterResource(cluster_, L"Starting");  // OnlinePending
  ASSERT_NE(starting, nullptr);
  EXPECT_EQ(OfflineClusterResource(starting), static_cast<DWORD>(ERROR_INVALID_STATE));
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INVALID_STATE));
  EXPECT_EQ(OnlineClusterResource(starting), static_cast<DWORD>(ERROR_INVALID_STATE));
  EXPECT_EQ(GetClusterResourceState(starting, nullptr, nullptr, nullptr, nullptr),
            ClusterResourceOnlinePending);
  DWORD action = 1;
  DWORD returned = 77;
  // Only virtual machines take an offline action.
  EXPECT_EQ(ClusterResourceControl(starting, nullptr, CLUSCTL_RESOURCE_VM_SET_NEXT_OFFLINE_ACTION,
                                   &action, sizeof(action), nullptr, 0, &returned),
            static_cast<DWORD>(ERROR_INVALID_FUNCTION));
  EXPECT_EQ(returned, 0u);
  CloseClusterResource(starting);

  HRESOURCE vm = OpenClusterResource(cluster_, L"VM3");
  ASSERT_NE(vm, nullptr);
  EXPECT_EQ(ClusterResourceControl(vm, nullptr, CLUSCTL_RESOURCE_VM_SET_NEXT_OFFLINE_ACTION,
                                   &action, sizeof(action) - 1, nullptr, 0, nullptr),
            static_cast<DWORD>(ERROR_INVALID_PARAMETER));
  EXPECT_EQ(ClusterResourceControl(vm, nullptr, CLUSCTL_RESOURCE_VM_SET_NEXT_OFFLINE_ACTION,
                                   nullptr, sizeof(action), nullptr, 0, nullptr),
            static_cast<DWORD>(ERROR_INVALID_PARAMETER));
  CloseClusterResource(vm);
  DWORD granted = 99;
  HCLUSTER read_only = OpenClusterEx(nullptr, CLUSAPI_READ_ACCESS | 0x80, &granted);
  EXPECT_EQ(granted, static_cast<DWORD>(CLUSAPI_READ_ACCESS));
  HRESOURCE ro = OpenClusterResourceEx(read_only, L"VM3", CLUSAPI_ALL_ACCESS, &granted);
  ASSERT_NE(ro, nullptr);
  EXPECT_EQ(granted, static_cast<DWORD>(CLUSAPI_READ_ACCESS));  // within the cluster handle's
  EXPECT_EQ(ClusterResourceControl(ro, nullptr, CLUSCTL_RESOURCE_VM_SET_NEXT_OFFLINE_ACTION,
                                   &action, sizeof(action), nullptr, 0, nullptr),
            static_cast<DWORD>(ERROR_ACCESS_DENIED));
  EXPECT_EQ(OnlineClusterResource(ro), static_cast<DWORD>(ERROR_ACCESS_DENIED));
  CloseClusterResource(ro);
  CloseCluster(read_only);
}

#if GTEST_HAS_DEATH_TEST && !defined(_WIN32)
// The description is read once per process: each case runs in a fresh process of its own.
int OpenWithDescription(const char* path) {
  clusprop::testing::SetEnv("CLUSPROP_CLUSTER", path);
  HCLUSTER cluster = OpenCluster(nullptr);
  if (cluster != nullptr) return 100;
  if (OpenCluster(nullptr) != nullptr) return 101;  // still refused: it was read once
  return static_cast<int>(GetLastError());
}

// Defect: a missing description file was ERROR_INVALID_DATA instead of ERROR_FILE_NOT_FOUND.
TEST(ClusapiDescriptionTest, BadDescriptionFiles) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_EXIT(std::exit(OpenWithDescription("testdata/clusters/no_such_file.json")),
              ::testing::ExitedWithCode(ERROR_FILE_NOT_FOUND),
              "CLUSPROP_CLUSTER: ERROR_FILE_NOT_FOUND \\(2\\): .*no_such_file.json: cannot open");
  EXPECT_EXIT(std::exit(OpenWithDescription("testdata/clusters")),
              ::testing::ExitedWithCode(ERROR_READ_FAULT), "testdata/clusters: cannot read");
  EXPECT_EXIT(std::exit(OpenWithDescription("testdata/malformed/MANIFEST.tsv")),
              ::testing::ExitedWithCode(ERROR_INVALID_DATA),
              "MANIFEST.tsv: \\$: invalid JSON at byte 0");
}
#endif

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
