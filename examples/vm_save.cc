// Takes the virtual machine VM1 of the embedded cluster offline by saving its state: builds the
// 60-byte "Virtual Machine" = Save instruction with the writer, sends it with
// OfflineClusterResourceEx, and shows a request that the compatibility policy refuses.

#include <cstdio>
#include <vector>

#include "clusprop/win32_error.h"
#include "clusprop/writer.h"
#include "offline/clusapi.h"

namespace {

const char* StateName(CLUSTER_RESOURCE_STATE state) {
  switch (state) {
    case ClusterResourceOnline:
      return "Online";
    case ClusterResourceOffline:
      return "Offline";
    case ClusterResourceOfflinePending:
      return "OfflinePending";
    case ClusterResourceFailed:
      return "Failed";
    default:
      return "other";
  }
}

void Show(const char* what, DWORD code) {
  std::printf("  %-58s -> %s (%u)\n", what, clusprop::Win32ErrorName(code).c_str(), code);
}

}  // namespace

int main() {
  clusprop::PropertyListWriter writer(clusprop::WriteOptions{.trailing_endmark = false});
  writer.BeginProperty("Virtual Machine").AddDword(1);  // 1 = Save
  absl::StatusOr<absl::Span<const uint8_t>> save = writer.Finish();
  if (!save.ok()) return 1;
  std::vector<BYTE> buffer(save->begin(), save->end());
  std::printf("instruction: \"Virtual Machine\" = 1 (Save), %zu bytes\n", buffer.size());

  HCLUSTER cluster = OpenCluster(nullptr);
  HRESOURCE vm = cluster ? OpenClusterResource(cluster, L"VM1") : nullptr;
  if (vm == nullptr) {
    std::printf("cannot open VM1: %s\n", clusprop::Win32ErrorName(GetLastError()).c_str());
    return 1;
  }
  const DWORD size = static_cast<DWORD>(buffer.size());

  std::printf("requests the policy refuses (nothing changes):\n");
  Show("FORCE_WITH_TERMINATION + Save",
       OfflineClusterResourceEx(vm, CLUSAPI_RESOURCE_OFFLINE_FORCE_WITH_TERMINATION, buffer.data(),
                                size));
  Show("reason BEING_DELETED + Save",
       OfflineClusterResourceExWithReason(vm, 0, CLUSAPI_RESOURCE_OFFLINE_REASON_BEING_DELETED,
                                          buffer.data(), size));
  Show("a truncated buffer", OfflineClusterResourceEx(vm, 0, buffer.data(), size - 4));
  Show("unknown flag 0x8", OfflineClusterResourceEx(vm, 0x8, buffer.data(), size));
  std::printf("  VM1 is still %s\n",
              StateName(GetClusterResourceState(vm, nullptr, nullptr, nullptr, nullptr)));

  std::printf("the Save request:\n");
  Show("Save", OfflineClusterResourceEx(vm, 0, buffer.data(), size));
  CLUSTER_RESOURCE_STATE state;
  while ((state = GetClusterResourceState(vm, nullptr, nullptr, nullptr, nullptr)) ==
         ClusterResourceOfflinePending) {
    Sleep(10);
  }
  WCHAR node[32];
  DWORD node_chars = 32;
  WCHAR group[32];
  DWORD group_chars = 32;
  GetClusterResourceState(vm, node, &node_chars, group, &group_chars);
  std::printf("  VM1 is %s (owner node %ls, group %ls)\n", StateName(state), node, group);

  CloseClusterResource(vm);
  CloseCluster(cluster);
  return state == ClusterResourceOffline ? 0 : 1;
}
