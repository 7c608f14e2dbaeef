// Takes the embedded cluster's "DemoResource" offline through the clusapi.h C API, as a Windows
// cluster client would: open the cluster and the resource, ask for the offline with
// IGNORE_RESOURCE_STATUS and no instructions, then poll the state until it settles.
//
// Built in ./dev test against the installed package (find_package(clusprop), clusprop::offline).

#include <cstdio>

#include "cluster/clusapi.h"

namespace {

// Polls until the resource leaves OfflinePending; true when it ended Offline.
bool AwaitOffline(HRESOURCE resource) {
  for (;;) {
    switch (GetClusterResourceState(resource, nullptr, nullptr, nullptr, nullptr)) {
      case ClusterResourceOffline:
        return true;
      case ClusterResourceOnline:
      case ClusterResourceFailed:
      case ClusterResourceStateUnknown:
        return false;
      default:
        Sleep(20);
    }
  }
}

}  // namespace

int main() {
  HCLUSTER cluster = OpenCluster(nullptr);
  if (cluster == nullptr) {
    std::printf("OpenCluster failed: %u\n", GetLastError());
    return 1;
  }
  HRESOURCE resource = OpenClusterResource(cluster, L"DemoResource");
  if (resource == nullptr) {
    std::printf("OpenClusterResource(DemoResource) failed: %u\n", GetLastError());
    CloseCluster(cluster);
    return 1;
  }
  DWORD status = OfflineClusterResourceEx(resource, CLUSAPI_RESOURCE_OFFLINE_IGNORE_RESOURCE_STATUS,
                                          nullptr, 0);
  std::printf("OfflineClusterResourceEx(DemoResource, IGNORE_RESOURCE_STATUS) = %u%s\n", status,
              status == ERROR_IO_PENDING ? " (ERROR_IO_PENDING: accepted)" : "");
  if (status == ERROR_IO_PENDING)
    status = AwaitOffline(resource) ? ERROR_SUCCESS : ERROR_INVALID_STATE;
  std::printf(status == ERROR_SUCCESS ? "DemoResource is offline\n"
                                      : "DemoResource did not go offline: %u\n",
              status);
  CloseClusterResource(resource);
  CloseCluster(cluster);
  return status == ERROR_SUCCESS ? 0 : 1;
}
