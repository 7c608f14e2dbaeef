// The C API of clusapi.h over cluster::Cluster.
//
// Handles are table keys, never pointers: a handle value is a serial number that is never
// reused, looked up in one table that maps it to a reference-counted object of one kind. A call
// takes its own reference under the table's lock, so a handle closed by another thread keeps its
// object alive until the call returns; a forged, closed or wrong-kind value is simply not found.

#include "cluster/clusapi.h"

#include <chrono>
#include <cstdio>
#include <cstring>
#include <memory>
#include <mutex>
#include <new>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "clusprop/control_code.h"
#include "clusprop/utf16.h"
#include "clusprop/win32_error.h"
#include "cluster/cluster.h"
#include "cluster/cluster_config.h"
#include "cluster/database.h"
#include "cluster/embedded.h"
#include "cluster/property_control.h"
#include "offline/policy.h"

namespace {

using clusprop::cluster::Cluster;
using clusprop::offline::ResourceState;

// The C header spells these values for C callers; the offline rules own them.
#define CLUSPROP_SAME_STATE(c, cc) static_assert(static_cast<int>(c) == static_cast<int>(cc))
CLUSPROP_SAME_STATE(ClusterResourceStateUnknown, ResourceState::kUnknown);
CLUSPROP_SAME_STATE(ClusterResourceInherited, ResourceState::kInherited);
CLUSPROP_SAME_STATE(ClusterResourceInitializing, ResourceState::kInitializing);
CLUSPROP_SAME_STATE(ClusterResourceOnline, ResourceState::kOnline);
CLUSPROP_SAME_STATE(ClusterResourceOffline, ResourceState::kOffline);
CLUSPROP_SAME_STATE(ClusterResourceFailed, ResourceState::kFailed);
CLUSPROP_SAME_STATE(ClusterResourcePending, ResourceState::kPending);
CLUSPROP_SAME_STATE(ClusterResourceOnlinePending, ResourceState::kOnlinePending);
CLUSPROP_SAME_STATE(ClusterResourceOfflinePending, ResourceState::kOfflinePending);
#undef CLUSPROP_SAME_STATE
static_assert(CLUSAPI_ALL_ACCESS == clusprop::offline::kClusapiAllAccess);
static_assert(CLUSAPI_READ_ACCESS == clusprop::offline::kClusapiReadAccess);
using clusprop::offline::OfflineFlags;
static_assert(CLUSAPI_RESOURCE_OFFLINE_IGNORE_RESOURCE_STATUS ==
              OfflineFlags::kIgnoreResourceStatus);
static_assert(CLUSAPI_RESOURCE_OFFLINE_FORCE_WITH_TERMINATION ==
              OfflineFlags::kForceWithTermination);
static_assert(CLUSAPI_RESOURCE_OFFLINE_DO_NOT_UPDATE_PERSISTENT_STATE ==
              OfflineFlags::kDoNotUpdatePersistentState);
using clusprop::offline::OfflineReason;
#define CLUSPROP_SAME_REASON(c, cc) static_assert(c == static_cast<DWORD>(OfflineReason::cc))
CLUSPROP_SAME_REASON(CLUSAPI_RESOURCE_OFFLINE_REASON_NONE, kNone);
CLUSPROP_SAME_REASON(CLUSAPI_RESOURCE_OFFLINE_REASON_UNKNOWN, kUnknown);
CLUSPROP_SAME_REASON(CLUSAPI_RESOURCE_OFFLINE_REASON_MOVING, kMoving);
CLUSPROP_SAME_REASON(CLUSAPI_RESOURCE_OFFLINE_REASON_USER_REQUESTED, kUserRequested);
CLUSPROP_SAME_REASON(CLUSAPI_RESOURCE_OFFLINE_REASON_BEING_DELETED, kBeingDeleted);
CLUSPROP_SAME_REASON(CLUSAPI_RESOURCE_OFFLINE_REASON_BEING_RESTARTED, kBeingRestarted);
CLUSPROP_SAME_REASON(CLUSAPI_RESOURCE_OFFLINE_REASON_PREEMPTED, kPreempted);
CLUSPROP_SAME_REASON(CLUSAPI_RESOURCE_OFFLINE_REASON_SHUTTING_DOWN, kShuttingDown);
#undef CLUSPROP_SAME_REASON
static_assert(ERROR_KEY_DELETED == clusprop::kErrorKeyDeleted);
// clusapi.h's control codes are those of clusprop/control_code.h.
static_assert(CLUSCTL_RESOURCE_GET_NAME ==
              clusprop::ObjectControlCode(clusprop::ControlObject::kResource,
                                          clusprop::clctl::kGetName.code));
static_assert(CLUSCTL_RESOURCE_GET_RESOURCE_TYPE ==
              clusprop::ObjectControlCode(clusprop::ControlObject::kResource,
                                          clusprop::clctl::kGetResourceType.code));
static_assert(CLUSCTL_RESOURCE_ENUM_COMMON_PROPERTIES ==
              clusprop::ObjectControlCode(clusprop::ControlObject::kResource,
                                          clusprop::clctl::kEnumCommonProperties.code));
static_assert(CLUSCTL_RESOURCE_GET_RO_COMMON_PROPERTIES ==
              clusprop::ObjectControlCode(clusprop::ControlObject::kResource,
                                          clusprop::clctl::kGetRoCommonProperties.code));
static_assert(CLUSCTL_RESOURCE_GET_COMMON_PROPERTIES ==
              clusprop::ObjectControlCode(clusprop::ControlObject::kResource,
                                          clusprop::clctl::kGetCommonProperties.code));
static_assert(CLUSCTL_RESOURCE_SET_COMMON_PROPERTIES ==
              clusprop::ObjectControlCode(clusprop::ControlObject::kResource,
                                          clusprop::clctl::kSetCommonProperties.code));
static_assert(CLUSCTL_RESOURCE_VALIDATE_COMMON_PROPERTIES ==
              clusprop::ObjectControlCode(clusprop::ControlObject::kResource,
                                          clusprop::clctl::kValidateCommonProperties.code));
static_assert(CLUSCTL_RESOURCE_GET_COMMON_PROPERTY_FMTS ==
              clusprop::ObjectControlCode(clusprop::ControlObject::kResource,
                                          clusprop::clctl::kGetCommonPropertyFmts.code));
static_assert(CLUSCTL_RESOURCE_ENUM_PRIVATE_PROPERTIES ==
              clusprop::ObjectControlCode(clusprop::ControlObject::kResource,
                                          clusprop::clctl::kEnumPrivateProperties.code));
static_assert(CLUSCTL_RESOURCE_GET_RO_PRIVATE_PROPERTIES ==
              clusprop::ObjectControlCode(clusprop::ControlObject::kResource,
                                          clusprop::clctl::kGetRoPrivateProperties.code));
static_assert(CLUSCTL_RESOURCE_GET_PRIVATE_PROPERTIES ==
              clusprop::ObjectControlCode(clusprop::ControlObject::kResource,
                                          clusprop::clctl::kGetPrivateProperties.code));
static_assert(CLUSCTL_RESOURCE_SET_PRIVATE_PROPERTIES ==
              clusprop::ObjectControlCode(clusprop::ControlObject::kResource,
                                          clusprop::clctl::kSetPrivateProperties.code));
static_assert(CLUSCTL_RESOURCE_VALIDATE_PRIVATE_PROPERTIES ==
              clusprop::ObjectControlCode(clusprop::ControlObject::kResource,
                                          clusprop::clctl::kValidatePrivateProperties.code));
static_assert(CLUSCTL_RESOURCE_GET_PRIVATE_PROPERTY_FMTS ==
              clusprop::ObjectControlCode(clusprop::ControlObject::kResource,
                                          clusprop::clctl::kGetPrivatePropertyFmts.code));
static_assert(CLUSCTL_RESOURCE_TYPE_ENUM_COMMON_PROPERTIES ==
              clusprop::ObjectControlCode(clusprop::ControlObject::kResourceType,
                                          clusprop::clctl::kEnumCommonProperties.code));
static_assert(CLUSCTL_RESOURCE_TYPE_GET_RO_COMMON_PROPERTIES ==
              clusprop::ObjectControlCode(clusprop::ControlObject::kResourceType,
                                          clusprop::clctl::kGetRoCommonProperties.code));
static_assert(CLUSCTL_RESOURCE_TYPE_GET_COMMON_PROPERTIES ==
              clusprop::ObjectControlCode(clusprop::ControlObject::kResourceType,
                                          clusprop::clctl::kGetCommonProperties.code));
static_assert(CLUSCTL_RESOURCE_TYPE_SET_COMMON_PROPERTIES ==
              clusprop::ObjectControlCode(clusprop::ControlObject::kResourceType,
                                          clusprop::clctl::kSetCommonProperties.code));
static_assert(CLUSCTL_RESOURCE_TYPE_VALIDATE_COMMON_PROPERTIES ==
              clusprop::ObjectControlCode(clusprop::ControlObject::kResourceType,
                                          clusprop::clctl::kValidateCommonProperties.code));
static_assert(CLUSCTL_RESOURCE_TYPE_GET_COMMON_PROPERTY_FMTS ==
              clusprop::ObjectControlCode(clusprop::ControlObject::kResourceType,
                                          clusprop::clctl::kGetCommonPropertyFmts.code));
static_assert(CLUSCTL_RESOURCE_TYPE_GET_COMMON_RESOURCE_PROPERTY_FMTS ==
              clusprop::ObjectControlCode(clusprop::ControlObject::kResourceType,
                                          clusprop::clctl::kGetCommonResourcePropertyFmts.code));
static_assert(CLUSCTL_RESOURCE_TYPE_ENUM_PRIVATE_PROPERTIES ==
              clusprop::ObjectControlCode(clusprop::ControlObject::kResourceType,
                                          clusprop::clctl::kEnumPrivateProperties.code));
static_assert(CLUSCTL_RESOURCE_TYPE_GET_RO_PRIVATE_PROPERTIES ==
              clusprop::ObjectControlCode(clusprop::ControlObject::kResourceType,
                                          clusprop::clctl::kGetRoPrivateProperties.code));
static_assert(CLUSCTL_RESOURCE_TYPE_GET_PRIVATE_PROPERTIES ==
              clusprop::ObjectControlCode(clusprop::ControlObject::kResourceType,
                                          clusprop::clctl::kGetPrivateProperties.code));
static_assert(CLUSCTL_RESOURCE_TYPE_SET_PRIVATE_PROPERTIES ==
              clusprop::ObjectControlCode(clusprop::ControlObject::kResourceType,
                                          clusprop::clctl::kSetPrivateProperties.code));
static_assert(CLUSCTL_RESOURCE_TYPE_VALIDATE_PRIVATE_PROPERTIES ==
              clusprop::ObjectControlCode(clusprop::ControlObject::kResourceType,
                                          clusprop::clctl::kValidatePrivateProperties.code));
static_assert(CLUSCTL_RESOURCE_TYPE_GET_PRIVATE_PROPERTY_FMTS ==
              clusprop::ObjectControlCode(clusprop::ControlObject::kResourceType,
                                          clusprop::clctl::kGetPrivatePropertyFmts.code));
static_assert(CLUSCTL_RESOURCE_TYPE_GET_PRIVATE_RESOURCE_PROPERTY_FMTS ==
              clusprop::ObjectControlCode(clusprop::ControlObject::kResourceType,
                                          clusprop::clctl::kGetPrivateResourcePropertyFmts.code));
static_assert(CLUSCTL_RESOURCE_VM_SET_NEXT_OFFLINE_ACTION ==
              clusprop::ObjectControlCode(clusprop::ControlObject::kResource,
                                          clusprop::clctl::kVmSetNextOfflineAction.code));

#if !defined(_WIN32)
thread_local DWORD t_last_error = ERROR_SUCCESS;  // behind GetLastError / SetLastError below
#endif

// ---- Handles ----------------------------------------------------------------------------------

enum class HandleKind { kCluster, kResource, kKey };

struct HandleObject {
  explicit HandleObject(HandleKind kind) : kind(kind) {}
  virtual ~HandleObject() = default;
  const HandleKind kind;
};

struct ClusterHandle : HandleObject {
  static constexpr HandleKind kKind = HandleKind::kCluster;
  explicit ClusterHandle(DWORD access) : HandleObject(kKind), access(access) {}
  const DWORD access;
};

struct ResourceHandle : HandleObject {
  static constexpr HandleKind kKind = HandleKind::kResource;
  ResourceHandle(std::string name, DWORD access)
      : HandleObject(kKind), name(std::move(name)), access(access) {}
  const std::string name;  // the resource's name as the cluster spells it
  const DWORD access;
};

// A key of the cluster database, with the rights it was opened with.
struct KeyHandle : HandleObject {
  static constexpr HandleKind kKind = HandleKind::kKey;
  KeyHandle(clusprop::cluster::Database::Key key, REGSAM rights)
      : HandleObject(kKind), key(std::move(key)), rights(rights) {}
  const clusprop::cluster::Database::Key key;
  const REGSAM rights;
};

class HandleTable {
 public:
  // A new handle value for `object`.
  uintptr_t Add(std::shared_ptr<HandleObject> object) {
    std::lock_guard<std::mutex> lock(mu_);
    uintptr_t value;
    do {
      next_ += kStride;  // never 0; distinct from every live handle
    } while (next_ == 0 || live_.count(next_) != 0);
    value = next_;
    live_.emplace(value, std::move(object));
    return value;
  }

  // The object behind `handle` if it is live and of kind T, else nullptr. The caller's
  // reference keeps it alive for the call, whatever other threads close meanwhile.
  template <typename T>
  std::shared_ptr<T> Get(const void* handle) {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = live_.find(reinterpret_cast<uintptr_t>(handle));
    if (it == live_.end() || it->second->kind != T::kKind) return nullptr;
    return std::static_pointer_cast<T>(it->second);
  }

  // Closes `handle` if it is live and of kind T.
  template <typename T>
  bool Remove(const void* handle) {
    std::shared_ptr<HandleObject> closed;  // released after the lock
    std::lock_guard<std::mutex> lock(mu_);
    auto it = live_.find(reinterpret_cast<uintptr_t>(handle));
    if (it == live_.end() || it->second->kind != T::kKind) return false;
    closed = std::move(it->second);
    live_.erase(it);
    return true;
  }

 private:
  static constexpr uintptr_t kStride = 8;  // values look like aligned pointers, as on Windows
  std::mutex mu_;
  std::unordered_map<uintptr_t, std::shared_ptr<HandleObject>> live_;  // guarded by mu_
  uintptr_t next_ = 0;                                                 // guarded by mu_
};

HandleTable& Handles() {
  static auto* table = new HandleTable;  // lives as long as the process
  return *table;
}

template <typename T>
T ToHandle(uintptr_t value) {
  return reinterpret_cast<T>(value);
}

// ---- The embedded cluster ---------------------------------------------------------------------

struct Embedded {
  Cluster* cluster = nullptr;  // nullptr when the description is bad
  DWORD error = ERROR_SUCCESS;
};

// The process's embedded cluster, loaded on first use.
const Embedded& TheCluster() {
  static const Embedded embedded = [] {
    Embedded result;
    absl::StatusOr<std::unique_ptr<Cluster>> loaded;
    try {
      loaded = clusprop::cluster::ClusterFromEnvironment();
    } catch (const std::bad_alloc&) {  // a description too large for memory
      std::fprintf(stderr, "clusprop: %s: ERROR_NOT_ENOUGH_MEMORY (8)\n",
                   clusprop::cluster::kClusterEnvironmentVariable);
      result.error = ERROR_NOT_ENOUGH_MEMORY;
      return result;
    }
    if (!loaded.ok()) {
      std::fprintf(stderr, "clusprop: %s: %s\n", clusprop::cluster::kClusterEnvironmentVariable,
                   clusprop::FormatError(loaded.status()).c_str());
      result.error = clusprop::Win32CodeOf(loaded.status());
      return result;
    }
    result.cluster = loaded->release();  // lives as long as the process
    return result;
  }();
  return embedded;
}

// ---- Errors and strings -----------------------------------------------------------------------

DWORD Fail(DWORD code) {
  SetLastError(code);  // on Windows, kernel32's
  return code;
}

// The current exception as a Win32 error: out of memory is ERROR_NOT_ENOUGH_MEMORY, anything
// else ERROR_INTERNAL_ERROR. Called only from a catch block.
DWORD FailWithCurrentException() {
  try {
    throw;
  } catch (const std::bad_alloc&) {
    return Fail(ERROR_NOT_ENOUGH_MEMORY);
  } catch (...) {
    return Fail(ERROR_INTERNAL_ERROR);
  }
}

// Runs `body` with no exception leaving: on one, `on_error` with the code in GetLastError().
template <typename R, typename F>
R Guarded(R on_error, F&& body) noexcept {
  try {
    return body();
  } catch (...) {
    FailWithCurrentException();
    return on_error;
  }
}

// The same for the functions that return their error code.
template <typename F>
DWORD GuardedCode(F&& body) noexcept {
  try {
    return body();
  } catch (...) {
    return FailWithCurrentException();
  }
}

// wchar_t text (UTF-16 on Windows, UTF-32 elsewhere) to UTF-8; nullopt for a lone surrogate or
// a value that is no code point (no name can match it).
std::optional<std::string> ToUtf8(LPCWSTR text) {
  std::string out;
  for (; text != nullptr && *text != 0; ++text) {
    auto c = static_cast<char32_t>(*text);
    if (sizeof(WCHAR) == 2 && c >= 0xD800 && c <= 0xDBFF && text[1] >= 0xDC00 &&
        text[1] <= 0xDFFF) {
      c = 0x10000 + ((c - 0xD800) << 10) + (static_cast<char32_t>(*++text) - 0xDC00);
    }
    if ((c >= 0xD800 && c <= 0xDFFF) || c > 0x10FFFF) return std::nullopt;
    clusprop::AppendUtf8(c, &out);
  }
  return out;
}

// UTF-8 (the cluster checks its names) to wchar_t units.
std::basic_string<WCHAR> ToWide(const std::string& utf8) {
  std::u16string utf16 = clusprop::Utf8ToUtf16(utf8).value_or(u"\uFFFD");
  std::basic_string<WCHAR> out;
  out.reserve(utf16.size());
  for (size_t i = 0; i < utf16.size(); ++i) {
    char32_t c = utf16[i];
    if (sizeof(WCHAR) == 4 && c >= 0xD800 && c <= 0xDBFF && i + 1 < utf16.size()) {
      c = 0x10000 + ((c - 0xD800) << 10) + (utf16[++i] - 0xDC00);
    }
    out.push_back(static_cast<WCHAR>(c));
  }
  return out;
}

// Copies `text` into a caller's buffer of *chars characters; false (and the needed length, NUL
// excluded) when it does not fit. Nothing to do unless both are given.
bool CopyOut(const std::string& text, LPWSTR buffer, LPDWORD chars) {
  if (buffer == nullptr || chars == nullptr) return true;
  std::basic_string<WCHAR> wide = ToWide(text);
  const DWORD needed = static_cast<DWORD>(wide.size());
  if (*chars < needed + 1) {
    *chars = needed;
    return false;
  }
  std::memcpy(buffer, wide.c_str(), (wide.size() + 1) * sizeof(WCHAR));
  *chars = needed;
  return true;
}

// ---- The cluster database ---------------------------------------------------------------------

// The embedded cluster's database. Only key handles reach it, and a key handle exists only once
// the cluster has loaded.
clusprop::cluster::Database& TheDatabase() { return TheCluster().cluster->database(); }

// The rights that change the database; a handle without CLUSAPI_CHANGE_ACCESS grants none.
constexpr REGSAM kWriteRights =
    KEY_SET_VALUE | KEY_CREATE_SUB_KEY | KEY_CREATE_LINK | DELETE | WRITE_DAC | WRITE_OWNER;

// The code of a database error (its Win32 code).
DWORD DatabaseFail(const absl::Status& status) { return Fail(clusprop::Win32CodeOf(status)); }

// A handle for `key`, or NULL with GetLastError() set.
HKEY AddKey(const absl::StatusOr<clusprop::cluster::Database::Key>& key, REGSAM rights) {
  if (!key.ok()) return DatabaseFail(key.status()), nullptr;
  uintptr_t value = Handles().Add(std::make_shared<KeyHandle>(*key, rights));
  SetLastError(ERROR_SUCCESS);
  return ToHandle<HKEY>(value);
}

// A key name or value name from the caller: NULL is "", the key's own (default) value.
std::optional<std::string> NameOf(LPCWSTR name) {
  if (name == nullptr) return std::string();
  return ToUtf8(name);
}

// Copies `data` to a caller's (buffer, *size): the two-call pattern of the registry. A NULL
// buffer asks for the size only.
DWORD CopyData(const std::vector<uint8_t>& data, PBYTE buffer, LPDWORD size) {
  if (buffer == nullptr) {
    if (size != nullptr) *size = static_cast<DWORD>(data.size());
    return ERROR_SUCCESS;
  }
  if (size == nullptr) return ERROR_INVALID_PARAMETER;
  const DWORD room = *size;
  *size = static_cast<DWORD>(data.size());
  if (room < data.size()) return ERROR_MORE_DATA;
  if (!data.empty()) std::memcpy(buffer, data.data(), data.size());
  return ERROR_SUCCESS;
}

// Copies a name to a caller's buffer of *chars characters (NUL included); on ERROR_MORE_DATA,
// and on success, *chars is the name's length without the NUL.
DWORD CopyName(const std::string& name, LPWSTR buffer, LPDWORD chars) {
  if (buffer == nullptr || chars == nullptr) return ERROR_INVALID_PARAMETER;
  return CopyOut(name, buffer, chars) ? ERROR_SUCCESS : ERROR_MORE_DATA;
}

// The key handle behind hKey with every right in `needed`, or the code to return.
DWORD GetKey(HKEY hKey, REGSAM needed, std::shared_ptr<KeyHandle>* key) {
  *key = Handles().Get<KeyHandle>(hKey);
  if (*key == nullptr) return ERROR_INVALID_HANDLE;
  if (((*key)->rights & needed) != needed) return ERROR_ACCESS_DENIED;
  return ERROR_SUCCESS;
}

// The rights a key opened below `parent` may have: none that change the database unless the
// parent has them.
bool MayGrant(REGSAM parent, REGSAM wanted) { return (wanted & kWriteRights & ~parent) == 0; }

// ---- Control codes ----------------------------------------------------------------------------

using clusprop::cluster::ControlBuffers;
using clusprop::cluster::PropertyKeys;

// A control code's object byte, and its CLCTL function (the rest).
DWORD ObjectOf(DWORD code) {
  return (code >> clusprop::kControlObjectShift) & clusprop::kControlObjectMask;
}
DWORD FunctionOf(DWORD code) {
  return code & ~(clusprop::kControlObjectMask << clusprop::kControlObjectShift);
}

// A type name from the caller, as the cluster spells it; nullopt with GetLastError() set.
std::optional<std::string> TypeOf(LPCWSTR name) {
  if (name == nullptr) return Fail(ERROR_INVALID_PARAMETER), std::nullopt;
  std::optional<std::string> utf8 = ToUtf8(name);
  std::optional<std::string> type = utf8 ? TheCluster().cluster->TypeName(*utf8) : std::nullopt;
  if (!type) Fail(ERROR_CLUSTER_RESOURCE_TYPE_NOT_FOUND);
  return type;
}

// A control's output string: NUL-terminated WCHAR units.
DWORD CopyString(const std::string& text, const ControlBuffers& buffers) {
  const std::basic_string<WCHAR> wide = ToWide(text);
  const auto size = static_cast<DWORD>((wide.size() + 1) * sizeof(WCHAR));
  if (buffers.returned != nullptr) *buffers.returned = size;
  if (buffers.out == nullptr || buffers.out_size < size) return Fail(ERROR_MORE_DATA);
  std::memcpy(buffers.out, wide.c_str(), size);
  return ERROR_SUCCESS;
}

// Opens an object's key and its Parameters subkey with the rights `function` needs, runs
// `answer` on them and closes them. A SET needs CLUSAPI_CHANGE_ACCESS.
template <typename Answer>
DWORD PropertyControl(DWORD access, DWORD function,
                      const absl::StatusOr<clusprop::cluster::Database::Key>& object,
                      Answer answer) {
  const bool write = clusprop::cluster::IsPropertyWrite(function);
  if (write && (access & CLUSAPI_CHANGE_ACCESS) == 0) return Fail(ERROR_ACCESS_DENIED);
  if (!object.ok()) return DatabaseFail(object.status());
  bool created = false;
  absl::StatusOr<clusprop::cluster::Database::Key> parameters =
      TheDatabase().Create(*object, clusprop::cluster::kParametersKey, &created);
  if (!parameters.ok()) return DatabaseFail(parameters.status());
  const REGSAM rights = write ? KEY_ALL_ACCESS : KEY_READ;
  PropertyKeys keys{AddKey(*object, rights), AddKey(*parameters, rights)};
  DWORD code = keys.object == nullptr || keys.parameters == nullptr ? GetLastError() : answer(keys);
  if (keys.object != nullptr) ClusterRegCloseKey(keys.object);
  if (keys.parameters != nullptr) ClusterRegCloseKey(keys.parameters);
  if (code == ERROR_SUCCESS || code == ERROR_RESOURCE_PROPERTIES_STORED) {
    SetLastError(code);
    return code;
  }
  return Fail(code);
}

}  // namespace

clusprop::cluster::Cluster* clusprop::cluster::EmbeddedCluster() { return TheCluster().cluster; }

extern "C" {

HCLUSTER WINAPI OpenClusterEx(LPCWSTR lpszClusterName, DWORD DesiredAccess, DWORD* GrantedAccess) {
  return Guarded<HCLUSTER>(nullptr, [&]() -> HCLUSTER {
    if (lpszClusterName != nullptr && *lpszClusterName != 0) {
      Fail(ERROR_INVALID_PARAMETER);
      return nullptr;
    }
    const Embedded& embedded = TheCluster();
    if (embedded.cluster == nullptr) {
      Fail(embedded.error);
      return nullptr;
    }
    const DWORD access = DesiredAccess & CLUSAPI_ALL_ACCESS;
    uintptr_t value = Handles().Add(std::make_shared<ClusterHandle>(access));
    if (GrantedAccess != nullptr) *GrantedAccess = access;
    SetLastError(ERROR_SUCCESS);
    return ToHandle<HCLUSTER>(value);
  });
}

HCLUSTER WINAPI OpenCluster(LPCWSTR lpszClusterName) {
  return OpenClusterEx(lpszClusterName, CLUSAPI_ALL_ACCESS, nullptr);
}

BOOL WINAPI CloseCluster(HCLUSTER hCluster) {
  return Guarded<BOOL>(FALSE, [&]() -> BOOL {
    if (!Handles().Remove<ClusterHandle>(hCluster)) return Fail(ERROR_INVALID_HANDLE), FALSE;
    SetLastError(ERROR_SUCCESS);
    return TRUE;
  });
}

HRESOURCE WINAPI OpenClusterResourceEx(HCLUSTER hCluster, LPCWSTR lpszResourceName,
                                       DWORD DesiredAccess, DWORD* GrantedAccess) {
  return Guarded<HRESOURCE>(nullptr, [&]() -> HRESOURCE {
    std::shared_ptr<ClusterHandle> cluster = Handles().Get<ClusterHandle>(hCluster);
    if (cluster == nullptr) return Fail(ERROR_INVALID_HANDLE), nullptr;
    if (lpszResourceName == nullptr) return Fail(ERROR_INVALID_PARAMETER), nullptr;
    std::optional<std::string> name = ToUtf8(lpszResourceName);
    if (!name || !TheCluster().cluster->GetStatus(*name)) {
      return Fail(ERROR_RESOURCE_NOT_FOUND), nullptr;
    }
    const DWORD access = DesiredAccess & cluster->access;
    uintptr_t value = Handles().Add(std::make_shared<ResourceHandle>(*name, access));
    if (GrantedAccess != nullptr) *GrantedAccess = access;
    SetLastError(ERROR_SUCCESS);
    return ToHandle<HRESOURCE>(value);
  });
}

HRESOURCE WINAPI OpenClusterResource(HCLUSTER hCluster, LPCWSTR lpszResourceName) {
  return OpenClusterResourceEx(hCluster, lpszResourceName, CLUSAPI_ALL_ACCESS, nullptr);
}

BOOL WINAPI CloseClusterResource(HRESOURCE hResource) {
  return Guarded<BOOL>(FALSE, [&]() -> BOOL {
    if (!Handles().Remove<ResourceHandle>(hResource)) return Fail(ERROR_INVALID_HANDLE), FALSE;
    SetLastError(ERROR_SUCCESS);
    return TRUE;
  });
}

DWORD WINAPI OnlineClusterResource(HRESOURCE hResource) {
  return GuardedCode([&]() -> DWORD {
    std::shared_ptr<ResourceHandle> resource = Handles().Get<ResourceHandle>(hResource);
    if (resource == nullptr) return Fail(ERROR_INVALID_HANDLE);
    if (resource->access != CLUSAPI_ALL_ACCESS) return Fail(ERROR_ACCESS_DENIED);
    DWORD code = TheCluster().cluster->Online(resource->name);
    return code == ERROR_SUCCESS ? code : Fail(code);
  });
}

DWORD WINAPI OfflineClusterResourceExWithReason(HRESOURCE hResource, DWORD dwOfflineFlags,
                                                DWORD dwOfflineReason, PBYTE lpInBuffer,
                                                DWORD cbInBufferSize) {
  return GuardedCode([&]() -> DWORD {
    std::shared_ptr<ResourceHandle> resource = Handles().Get<ResourceHandle>(hResource);
    if (resource == nullptr) return Fail(ERROR_INVALID_HANDLE);  // step 1: a valid handle
    // The cluster reads its own copy, as Windows' RPC would: a caller that changes the buffer
    // during the call cannot make the checks and the decoding see different bytes.
    const std::vector<BYTE> copy(lpInBuffer,
                                 lpInBuffer == nullptr ? nullptr : lpInBuffer + cbInBufferSize);
    clusprop::offline::OfflineRequest request;
    request.flags = dwOfflineFlags;
    request.reason = dwOfflineReason;
    request.in_buffer = copy.empty() ? lpInBuffer : copy.data();  // NULL or size 0: as given
    request.in_buffer_size = cbInBufferSize;
    DWORD code = TheCluster().cluster->OfflineEx(resource->name, resource->access, request);
    return code == ERROR_SUCCESS ? code : Fail(code);
  });
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
  return Guarded(ClusterResourceStateUnknown, [&]() -> CLUSTER_RESOURCE_STATE {
    std::shared_ptr<ResourceHandle> resource = Handles().Get<ResourceHandle>(hResource);
    if (resource == nullptr) return Fail(ERROR_INVALID_HANDLE), ClusterResourceStateUnknown;
    std::optional<clusprop::cluster::ResourceStatus> status =
        TheCluster().cluster->GetStatus(resource->name);
    if (!status) return Fail(ERROR_RESOURCE_NOT_FOUND), ClusterResourceStateUnknown;
    bool node_fits = CopyOut(status->node, lpszNodeName, lpcchNodeName);
    bool group_fits = CopyOut(status->group, lpszGroupName, lpcchGroupName);
    if (!node_fits || !group_fits) return Fail(ERROR_MORE_DATA), ClusterResourceStateUnknown;
    SetLastError(ERROR_SUCCESS);
    return static_cast<CLUSTER_RESOURCE_STATE>(status->state);
  });
}

DWORD WINAPI ClusterResourceControl(HRESOURCE hResource, HNODE /*hHostNode*/, DWORD dwControlCode,
                                    LPVOID lpInBuffer, DWORD cbInBufferSize, LPVOID lpOutBuffer,
                                    DWORD cbOutBufferSize, LPDWORD lpcbBytesReturned) {
  return GuardedCode([&]() -> DWORD {
    if (lpcbBytesReturned != nullptr) *lpcbBytesReturned = 0;
    std::shared_ptr<ResourceHandle> resource = Handles().Get<ResourceHandle>(hResource);
    if (resource == nullptr) return Fail(ERROR_INVALID_HANDLE);
    const DWORD object = ObjectOf(dwControlCode);
    const DWORD function = FunctionOf(dwControlCode);
    if (object != static_cast<DWORD>(clusprop::ControlObject::kResource)) {
      return Fail(ERROR_INVALID_FUNCTION);
    }
    Cluster& cluster = *TheCluster().cluster;
    const ControlBuffers buffers{lpInBuffer, cbInBufferSize, lpOutBuffer, cbOutBufferSize,
                                 lpcbBytesReturned};
    if (dwControlCode == CLUSCTL_RESOURCE_VM_SET_NEXT_OFFLINE_ACTION) {
      if (resource->access != CLUSAPI_ALL_ACCESS) return Fail(ERROR_ACCESS_DENIED);
      if (lpInBuffer == nullptr || cbInBufferSize != sizeof(DWORD)) {
        return Fail(ERROR_INVALID_PARAMETER);
      }
      DWORD action;
      std::memcpy(&action, lpInBuffer, sizeof(action));
      absl::Status status = cluster.SetNextOfflineAction(resource->name, action);
      return status.ok() ? ERROR_SUCCESS : Fail(clusprop::Win32CodeOf(status));
    }
    if (function == clusprop::clctl::kGetName.code ||
        function == clusprop::clctl::kGetResourceType.code) {
      std::optional<clusprop::cluster::ResourceStatus> status = cluster.GetStatus(resource->name);
      if (!status) return Fail(ERROR_RESOURCE_NOT_FOUND);
      return CopyString(function == clusprop::clctl::kGetName.code ? status->name : status->type,
                        buffers);
    }
    if (!clusprop::cluster::IsPropertyControl(object, function)) {
      return Fail(ERROR_INVALID_FUNCTION);
    }
    return PropertyControl(resource->access, function,
                           cluster.database().ResourceKey(resource->name),
                           [&](const PropertyKeys& keys) {
                             return clusprop::cluster::ResourcePropertyControl(
                                 cluster, resource->name, function, keys, buffers);
                           });
  });
}

DWORD WINAPI ClusterResourceTypeControl(HCLUSTER hCluster, LPCWSTR lpszResourceTypeName,
                                        HNODE /*hHostNode*/, DWORD dwControlCode, LPVOID lpInBuffer,
                                        DWORD nInBufferSize, LPVOID lpOutBuffer,
                                        DWORD nOutBufferSize, LPDWORD lpBytesReturned) {
  return GuardedCode([&]() -> DWORD {
    if (lpBytesReturned != nullptr) *lpBytesReturned = 0;
    std::shared_ptr<ClusterHandle> handle = Handles().Get<ClusterHandle>(hCluster);
    if (handle == nullptr) return Fail(ERROR_INVALID_HANDLE);
    std::optional<std::string> type = TypeOf(lpszResourceTypeName);
    if (!type) return Fail(GetLastError());
    const DWORD object = ObjectOf(dwControlCode);
    const DWORD function = FunctionOf(dwControlCode);
    if (object != static_cast<DWORD>(clusprop::ControlObject::kResourceType) ||
        !clusprop::cluster::IsPropertyControl(object, function)) {
      return Fail(ERROR_INVALID_FUNCTION);
    }
    const ControlBuffers buffers{lpInBuffer, nInBufferSize, lpOutBuffer, nOutBufferSize,
                                 lpBytesReturned};
    return PropertyControl(handle->access, function, TheDatabase().ResourceTypeKey(*type),
                           [&](const PropertyKeys& keys) {
                             return clusprop::cluster::ResourceTypePropertyControl(*type, function,
                                                                                   keys, buffers);
                           });
  });
}

HKEY WINAPI GetClusterKey(HCLUSTER hCluster, REGSAM samDesired) {
  return Guarded<HKEY>(nullptr, [&]() -> HKEY {
    std::shared_ptr<ClusterHandle> cluster = Handles().Get<ClusterHandle>(hCluster);
    if (cluster == nullptr) return Fail(ERROR_INVALID_HANDLE), nullptr;
    if ((cluster->access & CLUSAPI_CHANGE_ACCESS) == 0 && (samDesired & kWriteRights) != 0) {
      return Fail(ERROR_ACCESS_DENIED), nullptr;
    }
    return AddKey(TheDatabase().Root(), samDesired);
  });
}

HKEY WINAPI GetClusterResourceTypeKey(HCLUSTER hCluster, LPCWSTR lpszTypeName, REGSAM samDesired) {
  return Guarded<HKEY>(nullptr, [&]() -> HKEY {
    std::shared_ptr<ClusterHandle> cluster = Handles().Get<ClusterHandle>(hCluster);
    if (cluster == nullptr) return Fail(ERROR_INVALID_HANDLE), nullptr;
    std::optional<std::string> type = TypeOf(lpszTypeName);
    if (!type) return nullptr;
    if ((cluster->access & CLUSAPI_CHANGE_ACCESS) == 0 && (samDesired & kWriteRights) != 0) {
      return Fail(ERROR_ACCESS_DENIED), nullptr;
    }
    return AddKey(TheDatabase().ResourceTypeKey(*type), samDesired);
  });
}

HKEY WINAPI GetClusterResourceKey(HRESOURCE hResource, REGSAM samDesired) {
  return Guarded<HKEY>(nullptr, [&]() -> HKEY {
    std::shared_ptr<ResourceHandle> resource = Handles().Get<ResourceHandle>(hResource);
    if (resource == nullptr) return Fail(ERROR_INVALID_HANDLE), nullptr;
    if ((resource->access & CLUSAPI_CHANGE_ACCESS) == 0 && (samDesired & kWriteRights) != 0) {
      return Fail(ERROR_ACCESS_DENIED), nullptr;
    }
    return AddKey(TheDatabase().ResourceKey(resource->name), samDesired);
  });
}

LONG WINAPI ClusterRegOpenKey(HKEY hKey, LPCWSTR lpszSubKey, REGSAM samDesired, PHKEY phkResult) {
  return static_cast<LONG>(GuardedCode([&]() -> DWORD {
    std::shared_ptr<KeyHandle> parent;
    if (DWORD code = GetKey(hKey, 0, &parent)) return Fail(code);
    if (lpszSubKey == nullptr || phkResult == nullptr || *lpszSubKey == L'\\') {
      return Fail(ERROR_INVALID_PARAMETER);
    }
    if (!MayGrant(parent->rights, samDesired)) return Fail(ERROR_ACCESS_DENIED);
    std::optional<std::string> path = ToUtf8(lpszSubKey);
    if (!path) return Fail(ERROR_FILE_NOT_FOUND);  // a name no key can have
    HKEY key = AddKey(TheDatabase().Open(parent->key, *path), samDesired);
    if (key == nullptr) return GetLastError();
    *phkResult = key;
    return ERROR_SUCCESS;
  }));
}

LONG WINAPI ClusterRegCreateKey(HKEY hKey, LPCWSTR lpszSubKey, DWORD dwOptions, REGSAM samDesired,
                                LPSECURITY_ATTRIBUTES /*lpSecurityAttributes*/, PHKEY phkResult,
                                LPDWORD lpdwDisposition) {
  return static_cast<LONG>(GuardedCode([&]() -> DWORD {
    std::shared_ptr<KeyHandle> parent;
    if (DWORD code = GetKey(hKey, KEY_CREATE_SUB_KEY, &parent)) return Fail(code);
    if (lpszSubKey == nullptr || phkResult == nullptr || *lpszSubKey == L'\\' ||
        dwOptions != REG_OPTION_NON_VOLATILE) {
      return Fail(ERROR_INVALID_PARAMETER);
    }
    if (!MayGrant(parent->rights, samDesired)) return Fail(ERROR_ACCESS_DENIED);
    std::optional<std::string> path = ToUtf8(lpszSubKey);
    if (!path) return Fail(ERROR_INVALID_PARAMETER);
    bool created = false;
    HKEY key = AddKey(TheDatabase().Create(parent->key, *path, &created), samDesired);
    if (key == nullptr) return GetLastError();
    *phkResult = key;
    if (lpdwDisposition != nullptr) {
      *lpdwDisposition = created ? REG_CREATED_NEW_KEY : REG_OPENED_EXISTING_KEY;
    }
    return ERROR_SUCCESS;
  }));
}

LONG WINAPI ClusterRegCloseKey(HKEY hKey) {
  return static_cast<LONG>(GuardedCode([&]() -> DWORD {
    if (!Handles().Remove<KeyHandle>(hKey)) return Fail(ERROR_INVALID_HANDLE);
    return ERROR_SUCCESS;
  }));
}

LONG WINAPI ClusterRegDeleteKey(HKEY hKey, LPCWSTR lpszSubKey) {
  return static_cast<LONG>(GuardedCode([&]() -> DWORD {
    std::shared_ptr<KeyHandle> parent;
    if (DWORD code = GetKey(hKey, 0, &parent)) return Fail(code);
    if ((parent->rights & kWriteRights) == 0) return Fail(ERROR_ACCESS_DENIED);
    if (lpszSubKey == nullptr || *lpszSubKey == 0 || *lpszSubKey == L'\\') {
      return Fail(ERROR_INVALID_PARAMETER);
    }
    std::optional<std::string> path = ToUtf8(lpszSubKey);
    if (!path) return Fail(ERROR_FILE_NOT_FOUND);
    absl::Status status = TheDatabase().DeleteKey(parent->key, *path);
    return status.ok() ? ERROR_SUCCESS : DatabaseFail(status);
  }));
}

LONG WINAPI ClusterRegQueryValue(HKEY hKey, LPCWSTR lpszValueName, LPDWORD lpdwValueType,
                                 PBYTE lpData, LPDWORD lpcbData) {
  return static_cast<LONG>(GuardedCode([&]() -> DWORD {
    std::shared_ptr<KeyHandle> key;
    if (DWORD code = GetKey(hKey, KEY_QUERY_VALUE, &key)) return Fail(code);
    if (lpData != nullptr && lpcbData == nullptr) return Fail(ERROR_INVALID_PARAMETER);
    std::optional<std::string> name = NameOf(lpszValueName);
    if (!name) return Fail(ERROR_FILE_NOT_FOUND);
    absl::StatusOr<clusprop::cluster::RegistryValue> value =
        TheDatabase().QueryValue(key->key, *name);
    if (!value.ok()) return DatabaseFail(value.status());
    if (lpdwValueType != nullptr) *lpdwValueType = value->type;
    DWORD code = CopyData(value->data, lpData, lpcbData);
    return code == ERROR_SUCCESS ? code : Fail(code);
  }));
}

DWORD WINAPI ClusterRegSetValue(HKEY hKey, LPCWSTR lpszValueName, DWORD dwType, const BYTE* lpData,
                                DWORD cbData) {
  return GuardedCode([&]() -> DWORD {
    std::shared_ptr<KeyHandle> key;
    if (DWORD code = GetKey(hKey, KEY_SET_VALUE, &key)) return Fail(code);
    if (lpData == nullptr && cbData != 0) return Fail(ERROR_INVALID_PARAMETER);
    std::optional<std::string> name = NameOf(lpszValueName);
    if (!name) return Fail(ERROR_INVALID_PARAMETER);
    clusprop::cluster::RegistryValue value;
    value.type = dwType;
    value.data.assign(lpData, lpData == nullptr ? nullptr : lpData + cbData);
    absl::Status status = TheDatabase().SetValue(key->key, *name, std::move(value));
    return status.ok() ? ERROR_SUCCESS : DatabaseFail(status);
  });
}

DWORD WINAPI ClusterRegDeleteValue(HKEY hKey, LPCWSTR lpszValueName) {
  return GuardedCode([&]() -> DWORD {
    std::shared_ptr<KeyHandle> key;
    if (DWORD code = GetKey(hKey, KEY_SET_VALUE, &key)) return Fail(code);
    std::optional<std::string> name = NameOf(lpszValueName);
    if (!name) return Fail(ERROR_FILE_NOT_FOUND);
    absl::Status status = TheDatabase().DeleteValue(key->key, *name);
    return status.ok() ? ERROR_SUCCESS : DatabaseFail(status);
  });
}

DWORD WINAPI ClusterRegEnumValue(HKEY hKey, DWORD dwIndex, LPWSTR lpszValueName,
                                 LPDWORD lpcchValueName, LPDWORD lpdwType, PBYTE lpData,
                                 LPDWORD lpcbData) {
  return GuardedCode([&]() -> DWORD {
    std::shared_ptr<KeyHandle> key;
    if (DWORD code = GetKey(hKey, KEY_QUERY_VALUE, &key)) return Fail(code);
    if (lpszValueName == nullptr || lpcchValueName == nullptr ||
        (lpData != nullptr && lpcbData == nullptr)) {
      return Fail(ERROR_INVALID_PARAMETER);
    }
    auto entry = TheDatabase().EnumValue(key->key, dwIndex);
    if (!entry.ok()) return DatabaseFail(entry.status());
    if (lpdwType != nullptr) *lpdwType = entry->second.type;
    // Both must fit before either is copied: a failed call leaves the buffers as they were.
    const std::basic_string<WCHAR> name = ToWide(entry->first);
    const std::vector<uint8_t>& data = entry->second.data;
    const bool name_fits = *lpcchValueName >= name.size() + 1;
    const bool data_fits = lpData == nullptr || *lpcbData >= data.size();
    if (!name_fits || !data_fits) {
      *lpcchValueName = static_cast<DWORD>(name.size());
      if (lpcbData != nullptr) *lpcbData = static_cast<DWORD>(data.size());
      return Fail(ERROR_MORE_DATA);
    }
    CopyName(entry->first, lpszValueName, lpcchValueName);
    return CopyData(data, lpData, lpcbData);
  });
}

LONG WINAPI ClusterRegEnumKey(HKEY hKey, DWORD dwIndex, LPWSTR lpszName, LPDWORD lpcchName,
                              PFILETIME lpftLastWriteTime) {
  return static_cast<LONG>(GuardedCode([&]() -> DWORD {
    std::shared_ptr<KeyHandle> key;
    if (DWORD code = GetKey(hKey, KEY_ENUMERATE_SUB_KEYS, &key)) return Fail(code);
    if (lpszName == nullptr || lpcchName == nullptr) return Fail(ERROR_INVALID_PARAMETER);
    absl::StatusOr<std::string> name = TheDatabase().EnumKey(key->key, dwIndex);
    if (!name.ok()) return DatabaseFail(name.status());
    if (lpftLastWriteTime != nullptr) *lpftLastWriteTime = FILETIME{0, 0};  // not kept
    DWORD code = CopyName(*name, lpszName, lpcchName);
    return code == ERROR_SUCCESS ? code : Fail(code);
  }));
}

#if !defined(_WIN32)
DWORD WINAPI GetLastError(void) { return t_last_error; }

void WINAPI SetLastError(DWORD dwErrCode) { t_last_error = dwErrCode; }

void WINAPI Sleep(DWORD dwMilliseconds) {
  std::this_thread::sleep_for(std::chrono::milliseconds(dwMilliseconds));
}
#endif

}  // extern "C"
