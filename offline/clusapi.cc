// The C API of clusapi.h over offline::Cluster.

#include "offline/clusapi.h"

#include <chrono>
#include <cstdio>
#include <cstring>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>

#include "clusprop/utf16.h"
#include "clusprop/win32_error.h"
#include "offline/cluster.h"
#include "offline/cluster_config.h"

struct _HCLUSTER {
  DWORD access;
};
struct _HRESOURCE {
  std::string name;
  DWORD access;
};

namespace {

using clusprop::offline::Cluster;

#if !defined(_WIN32)
thread_local DWORD t_last_error = ERROR_SUCCESS;  // behind GetLastError / SetLastError below
#endif

// Live handles, so that a closed or forged handle is ERROR_INVALID_HANDLE, not a crash.
struct HandleTable {
  std::mutex mu;
  std::set<const void*> live;

  void Add(const void* handle) {
    std::lock_guard<std::mutex> lock(mu);
    live.insert(handle);
  }
  bool Remove(const void* handle) {
    std::lock_guard<std::mutex> lock(mu);
    return live.erase(handle) == 1;
  }
  bool Contains(const void* handle) {
    std::lock_guard<std::mutex> lock(mu);
    return live.count(handle) == 1;
  }
};

HandleTable& Handles() {
  static auto* table = new HandleTable;
  return *table;
}

// The process's embedded cluster, created on first use; nullptr when its description is bad.
Cluster* TheCluster() {
  static Cluster* cluster = []() -> Cluster* {
    absl::StatusOr<std::unique_ptr<Cluster>> loaded = clusprop::offline::ClusterFromEnvironment();
    if (!loaded.ok()) {
      std::fprintf(stderr, "clusprop: %s=%s\n", clusprop::offline::kClusterEnvironmentVariable,
                   clusprop::FormatError(loaded.status()).c_str());
      return nullptr;
    }
    return loaded->release();  // lives as long as the process
  }();
  return cluster;
}

DWORD Fail(DWORD code) {
  SetLastError(code);  // on Windows, kernel32's
  return code;
}

// wchar_t text (UTF-16 on Windows, UTF-32 elsewhere) to UTF-8; a lone surrogate or an invalid
// code point becomes U+FFFD.
std::string ToUtf8(LPCWSTR text) {
  std::string out;
  for (; text != nullptr && *text != 0; ++text) {
    auto c = static_cast<char32_t>(*text);
    if (sizeof(WCHAR) == 2 && c >= 0xD800 && c <= 0xDBFF && text[1] >= 0xDC00 &&
        text[1] <= 0xDFFF) {
      c = 0x10000 + ((c - 0xD800) << 10) + (static_cast<char32_t>(*++text) - 0xDC00);
    }
    clusprop::AppendUtf8(c, &out);
  }
  return out;
}

// Copies `text` (ASCII names) into a caller's buffer; false (and the needed length) when short.
bool CopyOut(const std::string& text, LPWSTR buffer, LPDWORD chars) {
  if (buffer == nullptr || chars == nullptr) return true;
  DWORD needed = static_cast<DWORD>(text.size());
  if (*chars < needed + 1) {
    *chars = needed;
    return false;
  }
  for (size_t i = 0; i < text.size(); ++i) buffer[i] = static_cast<unsigned char>(text[i]);
  buffer[text.size()] = 0;
  *chars = needed;
  return true;
}

_HRESOURCE* ResourceOf(HRESOURCE handle) { return Handles().Contains(handle) ? handle : nullptr; }

}  // namespace

extern "C" {

HCLUSTER WINAPI OpenClusterEx(LPCWSTR lpszClusterName, DWORD DesiredAccess, DWORD* GrantedAccess) {
  if (lpszClusterName != nullptr && *lpszClusterName != 0) {
    Fail(ERROR_INVALID_PARAMETER);
    return nullptr;
  }
  if (TheCluster() == nullptr) {
    Fail(ERROR_INVALID_DATA);
    return nullptr;
  }
  auto* handle = new _HCLUSTER{DesiredAccess & CLUSAPI_ALL_ACCESS};
  if (GrantedAccess != nullptr) *GrantedAccess = handle->access;
  Handles().Add(handle);
  SetLastError(ERROR_SUCCESS);
  return handle;
}

HCLUSTER WINAPI OpenCluster(LPCWSTR lpszClusterName) {
  return OpenClusterEx(lpszClusterName, CLUSAPI_ALL_ACCESS, nullptr);
}

BOOL WINAPI CloseCluster(HCLUSTER hCluster) {
  if (!Handles().Remove(hCluster)) return Fail(ERROR_INVALID_HANDLE), FALSE;
  delete hCluster;
  return TRUE;
}

HRESOURCE WINAPI OpenClusterResourceEx(HCLUSTER hCluster, LPCWSTR lpszResourceName,
                                       DWORD DesiredAccess, DWORD* GrantedAccess) {
  if (!Handles().Contains(hCluster)) return Fail(ERROR_INVALID_HANDLE), nullptr;
  std::string name = ToUtf8(lpszResourceName);
  if (!TheCluster()->GetStatus(name)) return Fail(ERROR_RESOURCE_NOT_FOUND), nullptr;
  auto* handle = new _HRESOURCE{name, DesiredAccess & hCluster->access};
  if (GrantedAccess != nullptr) *GrantedAccess = handle->access;
  Handles().Add(handle);
  SetLastError(ERROR_SUCCESS);
  return handle;
}

HRESOURCE WINAPI OpenClusterResource(HCLUSTER hCluster, LPCWSTR lpszResourceName) {
  return OpenClusterResourceEx(hCluster, lpszResourceName, CLUSAPI_ALL_ACCESS, nullptr);
}

BOOL WINAPI CloseClusterResource(HRESOURCE hResource) {
  if (!Handles().Remove(hResource)) return Fail(ERROR_INVALID_HANDLE), FALSE;
  delete hResource;
  return TRUE;
}

DWORD WINAPI OnlineClusterResource(HRESOURCE hResource) {
  _HRESOURCE* resource = ResourceOf(hResource);
  if (resource == nullptr) return Fail(ERROR_INVALID_HANDLE);
  if (resource->access != CLUSAPI_ALL_ACCESS) return Fail(ERROR_ACCESS_DENIED);
  DWORD code = TheCluster()->Online(resource->name);
  return code == ERROR_SUCCESS ? code : Fail(code);
}

DWORD WINAPI OfflineClusterResourceExWithReason(HRESOURCE hResource, DWORD dwOfflineFlags,
                                                DWORD dwOfflineReason, PBYTE lpInBuffer,
                                                DWORD cbInBufferSize) {
  _HRESOURCE* resource = ResourceOf(hResource);  // step 1: a valid handle
  if (resource == nullptr) return Fail(ERROR_INVALID_HANDLE);
  DWORD code = TheCluster()->OfflineEx(resource->name, resource->access, dwOfflineFlags,
                                       dwOfflineReason, lpInBuffer, cbInBufferSize);
  return code == ERROR_SUCCESS ? code : Fail(code);
}

DWORD WINAPI OfflineClusterResourceEx(HRESOURCE hResource, DWORD dwOfflineFlags, PBYTE lpInBuffer,
                                      DWORD cbInBufferSize) {
  return OfflineClusterResourceExWithReason(
      hResource, dwOfflineFlags, CLUSAPI_RESOURCE_OFFLINE_REASON_NONE, lpInBuffer, cbInBufferSize);
}

DWORD WINAPI OfflineClusterResource(HRESOURCE hResource) {
  return OfflineClusterResourceEx(hResource, 0, nullptr, 0);
}

CLUSTER_RESOURCE_STATE WINAPI GetClusterResourceState(HRESOURCE hResource, LPWSTR lpszNodeName,
                                                      LPDWORD lpcchNodeName, LPWSTR lpszGroupName,
                                                      LPDWORD lpcchGroupName) {
  _HRESOURCE* resource = ResourceOf(hResource);
  if (resource == nullptr) return Fail(ERROR_INVALID_HANDLE), ClusterResourceStateUnknown;
  std::optional<clusprop::offline::ResourceStatus> status = TheCluster()->GetStatus(resource->name);
  if (!status) return Fail(ERROR_RESOURCE_NOT_FOUND), ClusterResourceStateUnknown;
  bool node_fits = CopyOut(status->node, lpszNodeName, lpcchNodeName);
  bool group_fits = CopyOut(status->group, lpszGroupName, lpcchGroupName);
  if (!node_fits || !group_fits) return Fail(ERROR_MORE_DATA), ClusterResourceStateUnknown;
  SetLastError(ERROR_SUCCESS);
  return static_cast<CLUSTER_RESOURCE_STATE>(status->state);
}

DWORD WINAPI ClusterResourceControl(HRESOURCE hResource, HNODE /*hHostNode*/, DWORD dwControlCode,
                                    LPVOID lpInBuffer, DWORD cbInBufferSize, LPVOID /*lpOutBuffer*/,
                                    DWORD /*cbOutBufferSize*/, LPDWORD lpcbBytesReturned) {
  _HRESOURCE* resource = ResourceOf(hResource);
  if (resource == nullptr) return Fail(ERROR_INVALID_HANDLE);
  if (lpcbBytesReturned != nullptr) *lpcbBytesReturned = 0;
  if (dwControlCode != CLUSCTL_RESOURCE_VM_SET_NEXT_OFFLINE_ACTION) {
    return Fail(ERROR_INVALID_FUNCTION);
  }
  if (resource->access != CLUSAPI_ALL_ACCESS) return Fail(ERROR_ACCESS_DENIED);
  if (lpInBuffer == nullptr || cbInBufferSize != sizeof(DWORD)) {
    return Fail(ERROR_INVALID_PARAMETER);
  }
  DWORD action;
  std::memcpy(&action, lpInBuffer, sizeof(action));
  absl::Status status = TheCluster()->SetNextOfflineAction(resource->name, action);
  return status.ok() ? ERROR_SUCCESS : Fail(clusprop::Win32CodeOf(status));
}

#if !defined(_WIN32)
DWORD WINAPI GetLastError(void) { return t_last_error; }

void WINAPI SetLastError(DWORD dwErrCode) { t_last_error = dwErrCode; }

void WINAPI Sleep(DWORD dwMilliseconds) {
  std::this_thread::sleep_for(std::chrono::milliseconds(dwMilliseconds));
}
#endif

}  // extern "C"
