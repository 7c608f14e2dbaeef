// On Windows, the embedded cluster's cluster/clusapi.h and then the real <clusapi.h>: the second
// adds nothing (its include guard is already defined), and every call below goes to the embedded
// cluster, which knows "DemoResource". Exit status 0 when it does.
// The order of the includes is the point.
// clang-format off
#include "cluster/clusapi.h"

#include <clusapi.h>
#include <cstdio>
// clang-format on

int main() {
  HCLUSTER cluster = OpenCluster(nullptr);
  HRESOURCE resource = cluster != nullptr ? OpenClusterResource(cluster, L"DemoResource") : nullptr;
  if (resource == nullptr) {
    std::printf("the embedded cluster was not reached: error %lu\n", GetLastError());
    return 1;
  }
  CLUSTER_RESOURCE_STATE state =
      GetClusterResourceState(resource, nullptr, nullptr, nullptr, nullptr);
  std::printf("embedded cluster: DemoResource is %s\n",
              state == ClusterResourceOnline ? "Online" : "not Online");
  CloseClusterResource(resource);
  CloseCluster(cluster);
  return state == ClusterResourceOnline ? 0 : 1;
}
