// Takes DemoResource of the embedded cluster offline through the installed C API.
#include <cstdio>

#include "offline/clusapi.h"

int main() {
  HCLUSTER cluster = OpenCluster(nullptr);
  HRESOURCE resource = cluster ? OpenClusterResource(cluster, L"DemoResource") : nullptr;
  if (resource == nullptr) return 1;
  DWORD error = OfflineClusterResourceEx(resource, CLUSAPI_RESOURCE_OFFLINE_IGNORE_RESOURCE_STATUS,
                                         nullptr, 0);
  CLUSTER_RESOURCE_STATE state;
  while ((state = GetClusterResourceState(resource, nullptr, nullptr, nullptr, nullptr)) ==
         ClusterResourceOfflinePending) {
    Sleep(1);
  }
  std::printf("offline_consumer: OfflineClusterResourceEx = %u, state = %d\n", error,
              static_cast<int>(state));
  CloseClusterResource(resource);
  CloseCluster(cluster);
  return error == ERROR_IO_PENDING && state == ClusterResourceOffline ? 0 : 1;
}
