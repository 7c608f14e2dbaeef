// A client of Windows' real failover cluster API (<clusapi.h>, clusapi.dll), with clusprop
// building the offline instruction: the Windows counterpart of offline_client.cc, which runs
// the same request against the embedded cluster. A program chooses one of the two when it is
// built (see cluster/clusapi.h); this one links clusapi.dll and not clusprop::clusapi.
//
// OfflineClusterResourceEx is newer than MinGW-w64's <clusapi.h> and import library, so it is
// looked up in clusapi.dll at run time; where clusapi.dll lacks it (Windows before Server 2012,
// Wine, whose clusapi.dll implements little more than OpenCluster) the client stops after
// opening the cluster.
//
// Usage: real_cluster_client [resource name]   (default "VM1")

#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "clusprop/writer.h"
#include "examples/resource_dll/resapi_include.h"  // <windows.h> and the real <clusapi.h>

namespace {

using OfflineClusterResourceExFn = DWORD(WINAPI*)(HRESOURCE, DWORD, PBYTE, DWORD);

}  // namespace

int main(int argc, char** argv) {
  const char* name = argc > 1 ? argv[1] : "VM1";
  std::wstring wide_name(name, name + std::strlen(name));

  clusprop::PropertyListWriter writer(clusprop::WriteOptions{.trailing_endmark = false});
  writer.BeginProperty("Virtual Machine").AddDword(1);  // 1 = Save
  absl::StatusOr<absl::Span<const uint8_t>> save = writer.Finish();
  std::vector<uint8_t> buffer(save->begin(), save->end());
  std::printf("real cluster API (clusapi.dll); Save instruction: %zu bytes\n", buffer.size());

  HMODULE clusapi = GetModuleHandleA("clusapi.dll");  // loaded for the imports below
  auto offline_ex = reinterpret_cast<OfflineClusterResourceExFn>(
      reinterpret_cast<void*>(GetProcAddress(clusapi, "OfflineClusterResourceEx")));
  std::printf("clusapi.dll %s OfflineClusterResourceEx\n",
              offline_ex != nullptr ? "exports" : "does not export");

  HCLUSTER cluster = OpenCluster(nullptr);
  if (cluster == nullptr) {
    std::printf("OpenCluster(NULL): error %lu (no cluster here)\n", GetLastError());
    return 0;
  }
  std::printf("OpenCluster(NULL): a handle\n");
  if (offline_ex == nullptr) {
    std::printf("stopping: this clusapi.dll cannot take offline instructions\n");
  } else if (HRESOURCE resource = OpenClusterResource(cluster, wide_name.c_str());
             resource == nullptr) {
    std::printf("OpenClusterResource(%s): error %lu\n", name, GetLastError());
  } else {
    DWORD code = offline_ex(resource, 0, buffer.data(), static_cast<DWORD>(buffer.size()));
    std::printf("OfflineClusterResourceEx(%s, 0, Save) = %lu\n", name, code);
    CloseClusterResource(resource);
  }
  CloseCluster(cluster);
  return 0;
}
