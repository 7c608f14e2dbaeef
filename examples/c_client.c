/* The C API from C: opens the embedded cluster, takes DemoResource offline and back online. */
#include <stdio.h>

#include "cluster/clusapi.h"

int main(void) {
  HCLUSTER cluster = OpenCluster(NULL);
  HRESOURCE resource;
  DWORD error;
  if (cluster == NULL) return 1;
  resource = OpenClusterResource(cluster, L"DemoResource");
  if (resource == NULL) return 1;
  error = OfflineClusterResource(resource);
  while (GetClusterResourceState(resource, NULL, NULL, NULL, NULL) ==
         ClusterResourceOfflinePending) {
    Sleep(1);
  }
  printf("offline: %u, state %d\n", (unsigned)error,
         (int)GetClusterResourceState(resource, NULL, NULL, NULL, NULL));
  error = OnlineClusterResource(resource);
  printf("online: %u, state %d\n", (unsigned)error,
         (int)GetClusterResourceState(resource, NULL, NULL, NULL, NULL));
  CloseClusterResource(resource);
  CloseCluster(cluster);
  return 0;
}
