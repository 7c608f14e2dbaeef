/*
 * The failover cluster API (clusapi.h) over the embedded, simulated cluster, for C and C++.
 * Windows names, types and codes, so that cluster client code such as the
 * OfflineClusterResourceEx example builds and runs with this one include, on any host.
 * docs/clusapi.md states the promises below in full; docs/offline.md the offline decision.
 *
 * OpenCluster(NULL) opens the embedded cluster: the one described by the JSON file named in the
 * environment variable CLUSPROP_CLUSTER (schema: cluster/cluster_config.h), else a default
 * cluster holding "DemoResource" (type "dummy") and "VM1" (type "Virtual Machine"), both Online.
 * The description is read once per process. If the file is bad, OpenCluster prints one line
 * naming the file and the problem on stderr and returns NULL with GetLastError() ==
 * ERROR_FILE_NOT_FOUND (no such file), ERROR_ACCESS_DENIED, ERROR_READ_FAULT (unreadable) or
 * ERROR_INVALID_DATA (malformed).
 *
 * Handles: cluster and resource handles are distinct kinds. A NULL, forged, closed or
 * wrong-kind handle is ERROR_INVALID_HANDLE in every function, never a crash. A handle stays
 * valid for every call already using it: a call racing CloseXxx on another thread completes or
 * returns ERROR_INVALID_HANDLE. Handle values are never reused.
 *
 * Every function is thread-safe; GetLastError() is per thread. No C++ exception leaves a
 * function: out of memory is ERROR_NOT_ENOUGH_MEMORY. Strings: WCHAR is wchar_t (UTF-16 on
 * Windows, UTF-32 elsewhere), so L"..." literals work; names are converted exactly both ways
 * (a name holding a lone surrogate names no resource). Link clusprop::clusapi
 * (Bazel: //cluster:clusapi).
 *
 * On Windows a program chooses its cluster when it builds:
 *   - the real cluster: include <windows.h> and <clusapi.h>, link clusapi.lib (-lclusapi);
 *   - the embedded one: include this header instead, link clusprop::clusapi, not clusapi.lib.
 * The two headers exclude each other: this one after <clusapi.h> is an #error, and it defines
 * <clusapi.h>'s include guard, so that <clusapi.h> after it adds nothing. Windows' own
 * GetLastError, SetLastError and Sleep (kernel32) are used there; elsewhere this header declares
 * them. The embedded API serves cluster clients; a resource DLL includes <resapi.h>, which needs
 * the real <clusapi.h>, and uses offline/resdll_helper.h.
 */
#ifndef CLUSPROP_CLUSTER_CLUSAPI_H_
#define CLUSPROP_CLUSTER_CLUSAPI_H_

#if defined(_WIN32)

#if defined(_CLUSTER_API_)
#error \
    "<clusapi.h> (the real cluster) is already included: include it or cluster/clusapi.h (the embedded cluster), not both."
#endif
#define _CLUSTER_API_ /* <clusapi.h>'s guard: including it later adds nothing */
#include <windows.h>

#else /* !_WIN32 */

#include <stddef.h>
#include <stdint.h>
#include <wchar.h>

#ifdef __cplusplus
/* libstdc++ names parameters `__in` in these headers; include them before the SAL macro below
 * empties that name, so that a program may include any of them after this header. */
#include <algorithm>
#include <istream>
#include <memory>
#include <string>
#include <tuple>
#include <utility>
#endif

/* The SAL annotation and calling conventions used by Windows samples: empty here. */
#ifndef __in
#define __in
#endif
#ifndef __cdecl
#define __cdecl
#endif
#ifndef WINAPI
#define WINAPI
#endif

typedef uint32_t DWORD;
typedef int32_t LONG;
typedef int BOOL;
typedef unsigned char BYTE;
typedef BYTE* PBYTE;
typedef DWORD* LPDWORD;
typedef void* LPVOID;
typedef wchar_t WCHAR;
typedef WCHAR* LPWSTR;
typedef const WCHAR* LPCWSTR;

typedef struct _FILETIME {
  DWORD dwLowDateTime;
  DWORD dwHighDateTime;
} FILETIME, *PFILETIME, *LPFILETIME;

/* A key of the cluster database. */
typedef struct _HKEY* HKEY;
typedef HKEY* PHKEY;
typedef DWORD REGSAM;
typedef struct _SECURITY_ATTRIBUTES* LPSECURITY_ATTRIBUTES;

#ifndef TRUE
#define TRUE 1
#endif
#ifndef FALSE
#define FALSE 0
#endif

/* Win32 error codes (winerror.h on Windows). */
#define ERROR_SUCCESS 0
#define ERROR_INVALID_FUNCTION 1
#define ERROR_FILE_NOT_FOUND 2
#define ERROR_ACCESS_DENIED 5
#define ERROR_INVALID_HANDLE 6
#define ERROR_NOT_ENOUGH_MEMORY 8
#define ERROR_INVALID_DATA 13
#define ERROR_READ_FAULT 30
#define ERROR_INVALID_PARAMETER 87
#define ERROR_INSUFFICIENT_BUFFER 122
#define ERROR_MORE_DATA 234
#define ERROR_NO_MORE_ITEMS 259
#define ERROR_KEY_DELETED 1018
#define ERROR_IO_PENDING 997
#define ERROR_RESOURCE_NOT_FOUND 5007
#define ERROR_INVALID_STATE 5023
#define ERROR_RESOURCE_FAILED 5038
#define ERROR_INTERNAL_ERROR 1359
#define RPC_X_BAD_STUB_DATA 1783
#define ERROR_RESOURCE_PROPERTIES_STORED 5024
#define ERROR_CLUSTER_RESOURCE_TYPE_NOT_FOUND 5078

/* Registry value types, access rights and key creation (winnt.h on Windows). */
#define REG_NONE 0
#define REG_SZ 1
#define REG_EXPAND_SZ 2
#define REG_BINARY 3
#define REG_DWORD 4
#define REG_MULTI_SZ 7
#define REG_QWORD 11
#define KEY_QUERY_VALUE 0x0001
#define KEY_SET_VALUE 0x0002
#define KEY_CREATE_SUB_KEY 0x0004
#define KEY_ENUMERATE_SUB_KEYS 0x0008
#define KEY_NOTIFY 0x0010
#define KEY_CREATE_LINK 0x0020
#define DELETE 0x00010000
#define READ_CONTROL 0x00020000
#define WRITE_DAC 0x00040000
#define WRITE_OWNER 0x00080000
#define KEY_READ 0x00020019
#define KEY_WRITE 0x00020006
#define KEY_ALL_ACCESS 0x000F003F
#define REG_OPTION_NON_VOLATILE 0
#define REG_CREATED_NEW_KEY 1
#define REG_OPENED_EXISTING_KEY 2

#endif /* _WIN32 */

/* Newer than some SDKs' winerror.h (MinGW-w64's lacks it). */
#ifndef ERROR_CLUSTER_RESOURCE_LOCKED_STATUS
#define ERROR_CLUSTER_RESOURCE_LOCKED_STATUS 5960
#endif

#ifdef __cplusplus
extern "C" {
#endif

typedef struct _HCLUSTER* HCLUSTER;
typedef struct _HRESOURCE* HRESOURCE;
typedef struct _HNODE* HNODE;

typedef enum CLUSTER_RESOURCE_STATE {
  ClusterResourceStateUnknown = -1,
  ClusterResourceInherited = 0,
  ClusterResourceInitializing = 1,
  ClusterResourceOnline = 2,
  ClusterResourceOffline = 3,
  ClusterResourceFailed = 4,
  ClusterResourcePending = 128,
  ClusterResourceOnlinePending = 129,
  ClusterResourceOfflinePending = 130
} CLUSTER_RESOURCE_STATE;

/* dwOfflineFlags of OfflineClusterResourceEx. */
#define CLUSAPI_RESOURCE_OFFLINE_IGNORE_RESOURCE_STATUS 0x00000001
#define CLUSAPI_RESOURCE_OFFLINE_FORCE_WITH_TERMINATION 0x00000002
#define CLUSAPI_RESOURCE_OFFLINE_DO_NOT_UPDATE_PERSISTENT_STATE 0x00000004

/* Offline reasons: a separate value (see OfflineClusterResourceExWithReason). */
#define CLUSAPI_RESOURCE_OFFLINE_REASON_NONE 0x00000000
#define CLUSAPI_RESOURCE_OFFLINE_REASON_UNKNOWN 0x00000001
#define CLUSAPI_RESOURCE_OFFLINE_REASON_MOVING 0x00000002
#define CLUSAPI_RESOURCE_OFFLINE_REASON_USER_REQUESTED 0x00000004
#define CLUSAPI_RESOURCE_OFFLINE_REASON_BEING_DELETED 0x00000008
#define CLUSAPI_RESOURCE_OFFLINE_REASON_BEING_RESTARTED 0x00000010
#define CLUSAPI_RESOURCE_OFFLINE_REASON_PREEMPTED 0x00000020
#define CLUSAPI_RESOURCE_OFFLINE_REASON_SHUTTING_DOWN 0x00000040

/* Access rights (OpenClusterEx, OpenClusterResourceEx). */
#define CLUSAPI_READ_ACCESS 0x00000001
#define CLUSAPI_CHANGE_ACCESS 0x00000002
#define CLUSAPI_ALL_ACCESS (CLUSAPI_READ_ACCESS | CLUSAPI_CHANGE_ACCESS)

/* The control codes the embedded cluster answers (clusapi.h's CLUSCTL_RESOURCE_CODES and
 * CLUSCTL_RESOURCE_TYPE_CODES, the same values: (object << 24) | CLCTL code). */
typedef enum CLUSCTL_RESOURCE_CODES {
  CLUSCTL_RESOURCE_GET_NAME = 0x01000029,
  CLUSCTL_RESOURCE_GET_RESOURCE_TYPE = 0x0100002D,
  CLUSCTL_RESOURCE_ENUM_COMMON_PROPERTIES = 0x01000051,
  CLUSCTL_RESOURCE_GET_RO_COMMON_PROPERTIES = 0x01000055,
  CLUSCTL_RESOURCE_GET_COMMON_PROPERTIES = 0x01000059,
  CLUSCTL_RESOURCE_SET_COMMON_PROPERTIES = 0x0140005E,
  CLUSCTL_RESOURCE_VALIDATE_COMMON_PROPERTIES = 0x01000061,
  CLUSCTL_RESOURCE_GET_COMMON_PROPERTY_FMTS = 0x01000065,
  CLUSCTL_RESOURCE_ENUM_PRIVATE_PROPERTIES = 0x01000079,
  CLUSCTL_RESOURCE_GET_RO_PRIVATE_PROPERTIES = 0x0100007D,
  CLUSCTL_RESOURCE_GET_PRIVATE_PROPERTIES = 0x01000081,
  CLUSCTL_RESOURCE_SET_PRIVATE_PROPERTIES = 0x01400086,
  CLUSCTL_RESOURCE_VALIDATE_PRIVATE_PROPERTIES = 0x01000089,
  CLUSCTL_RESOURCE_GET_PRIVATE_PROPERTY_FMTS = 0x0100008D
} CLUSCTL_RESOURCE_CODES;

typedef enum CLUSCTL_RESOURCE_TYPE_CODES {
  CLUSCTL_RESOURCE_TYPE_ENUM_COMMON_PROPERTIES = 0x02000051,
  CLUSCTL_RESOURCE_TYPE_GET_RO_COMMON_PROPERTIES = 0x02000055,
  CLUSCTL_RESOURCE_TYPE_GET_COMMON_PROPERTIES = 0x02000059,
  CLUSCTL_RESOURCE_TYPE_SET_COMMON_PROPERTIES = 0x0240005E,
  CLUSCTL_RESOURCE_TYPE_VALIDATE_COMMON_PROPERTIES = 0x02000061,
  CLUSCTL_RESOURCE_TYPE_GET_COMMON_PROPERTY_FMTS = 0x02000065,
  CLUSCTL_RESOURCE_TYPE_GET_COMMON_RESOURCE_PROPERTY_FMTS = 0x02000069,
  CLUSCTL_RESOURCE_TYPE_ENUM_PRIVATE_PROPERTIES = 0x02000079,
  CLUSCTL_RESOURCE_TYPE_GET_RO_PRIVATE_PROPERTIES = 0x0200007D,
  CLUSCTL_RESOURCE_TYPE_GET_PRIVATE_PROPERTIES = 0x02000081,
  CLUSCTL_RESOURCE_TYPE_SET_PRIVATE_PROPERTIES = 0x02400086,
  CLUSCTL_RESOURCE_TYPE_VALIDATE_PRIVATE_PROPERTIES = 0x02000089,
  CLUSCTL_RESOURCE_TYPE_GET_PRIVATE_PROPERTY_FMTS = 0x0200008D,
  CLUSCTL_RESOURCE_TYPE_GET_PRIVATE_RESOURCE_PROPERTY_FMTS = 0x02000091
} CLUSCTL_RESOURCE_TYPE_CODES;

/* CLUSCTL_RESOURCE_VM_SET_NEXT_OFFLINE_ACTION: input one DWORD, 0-3 (TurnOff, Save, Shutdown,
 * ShutdownForce), used by the next offline that carries no instruction. */
#define CLUSCTL_RESOURCE_VM_SET_NEXT_OFFLINE_ACTION 0x01600014

/* lpszClusterName must be NULL or empty (the embedded cluster); else NULL and
 * ERROR_INVALID_PARAMETER. OpenCluster grants CLUSAPI_ALL_ACCESS. */
HCLUSTER WINAPI OpenCluster(LPCWSTR lpszClusterName);
HCLUSTER WINAPI OpenClusterEx(LPCWSTR lpszClusterName, DWORD DesiredAccess, DWORD* GrantedAccess);
BOOL WINAPI CloseCluster(HCLUSTER hCluster);

/* NULL and ERROR_RESOURCE_NOT_FOUND for an unknown name (ERROR_INVALID_PARAMETER for a NULL
 * one). The resource handle has the
 * cluster handle's access (or DesiredAccess within it, for the Ex form). */
HRESOURCE WINAPI OpenClusterResource(HCLUSTER hCluster, LPCWSTR lpszResourceName);
HRESOURCE WINAPI OpenClusterResourceEx(HCLUSTER hCluster, LPCWSTR lpszResourceName,
                                       DWORD DesiredAccess, DWORD* GrantedAccess);
BOOL WINAPI CloseClusterResource(HRESOURCE hResource);

/* Brings the resource online, and first every resource it depends on (directly or not) that is
 * not Online, providers first. ERROR_SUCCESS; ERROR_ACCESS_DENIED without Full access;
 * ERROR_INVALID_STATE when it or a provider is pending; or the handler's error for the first
 * resource that fails (that one is Failed; those not yet reached keep their state). */
DWORD WINAPI OnlineClusterResource(HRESOURCE hResource);
DWORD WINAPI OfflineClusterResource(HRESOURCE hResource);
/* ERROR_IO_PENDING when accepted; ERROR_SUCCESS when already Offline; any other nonzero code:
 * rejected, nothing changed. The checks and their order: docs/offline.md. */
DWORD WINAPI OfflineClusterResourceEx(HRESOURCE hResource, DWORD dwOfflineFlags, PBYTE lpInBuffer,
                                      DWORD cbInBufferSize);
/* OfflineClusterResourceEx with an offline reason (CLUSAPI_RESOURCE_OFFLINE_REASON_*), which
 * travels apart from the flags. */
DWORD WINAPI OfflineClusterResourceExWithReason(HRESOURCE hResource, DWORD dwOfflineFlags,
                                                DWORD dwOfflineReason, PBYTE lpInBuffer,
                                                DWORD cbInBufferSize);

/* The state; the owner node and group names when the buffers are given (sizes in characters,
 * NUL included; on return the length without the NUL). A buffer too small:
 * ClusterResourceStateUnknown, GetLastError() == ERROR_MORE_DATA, and the needed length. */
CLUSTER_RESOURCE_STATE WINAPI GetClusterResourceState(HRESOURCE hResource, LPWSTR lpszNodeName,
                                                      LPDWORD lpcchNodeName, LPWSTR lpszGroupName,
                                                      LPDWORD lpcchGroupName);

/* Control codes (docs/clusapi.md, "Control codes"). A code for another object, or one the
 * embedded cluster does not answer: ERROR_INVALID_FUNCTION. *lpcbBytesReturned (if given): the
 * bytes written, or with ERROR_MORE_DATA the bytes needed; 0 on any other failure.
 *  - CLUSCTL_RESOURCE_VM_SET_NEXT_OFFLINE_ACTION (virtual machines only): exactly one DWORD,
 *    0-3 (else ERROR_INVALID_PARAMETER); Full access (else ERROR_ACCESS_DENIED).
 *  - CLUSCTL_RESOURCE_GET_NAME and GET_RESOURCE_TYPE: a NUL-terminated WCHAR string.
 *  - The property codes, common and private: ENUM (a MULTI_SZ of WCHAR names), GET and GET_RO (a
 *    property list, count 0 when there is nothing to list), SET and VALIDATE (a property list in:
 *    NULL is RPC_X_BAD_STUB_DATA; the ResUtil codes of resutil/resapi.h), GET_*_FMTS (a
 *    property-format list). SET needs CLUSAPI_CHANGE_ACCESS; a SET_PRIVATE_PROPERTIES of a type
 * that declares no property table, on an Online resource, returns ERROR_RESOURCE_PROPERTIES_STORED
 *    once the values are stored. */
DWORD WINAPI ClusterResourceControl(HRESOURCE hResource, HNODE hHostNode, DWORD dwControlCode,
                                    LPVOID lpInBuffer, DWORD cbInBufferSize, LPVOID lpOutBuffer,
                                    DWORD cbOutBufferSize, LPDWORD lpcbBytesReturned);

/* A resource type's property codes (CLUSCTL_RESOURCE_TYPE_*), as ClusterResourceControl's,
 * plus GET_COMMON_RESOURCE_PROPERTY_FMTS and GET_PRIVATE_RESOURCE_PROPERTY_FMTS (the formats of
 * its resources' properties). ERROR_CLUSTER_RESOURCE_TYPE_NOT_FOUND for an unknown type,
 * ERROR_INVALID_PARAMETER for a NULL name. */
DWORD WINAPI ClusterResourceTypeControl(HCLUSTER hCluster, LPCWSTR lpszResourceTypeName,
                                        HNODE hHostNode, DWORD dwControlCode, LPVOID lpInBuffer,
                                        DWORD nInBufferSize, LPVOID lpOutBuffer,
                                        DWORD nOutBufferSize, LPDWORD lpBytesReturned);

/* ---- The cluster database (docs/clusapi.md, "The cluster database") ----
 * A tree of keys holding typed values. GetClusterKey opens its root, GetClusterResourceKey a
 * resource's key and GetClusterResourceTypeKey a type's (made on first use; an unknown type is
 * ERROR_CLUSTER_RESOURCE_TYPE_NOT_FOUND); private properties live in their "Parameters" subkey;
 * NULL and GetLastError() on failure. Keys are closed with ClusterRegCloseKey. Value data is kept
 * as given: string values hold the caller's WCHAR units, NULs included. Codes: ERROR_FILE_NOT_FOUND
 * for a missing key or value, ERROR_KEY_DELETED for a key deleted through another handle,
 * ERROR_ACCESS_DENIED for a right the key was not opened with, ERROR_MORE_DATA (with the size
 * needed) for a buffer too small, ERROR_NO_MORE_ITEMS past the last item, ERROR_INVALID_HANDLE for
 * anything but a live key handle. */
HKEY WINAPI GetClusterKey(HCLUSTER hCluster, REGSAM samDesired);
HKEY WINAPI GetClusterResourceKey(HRESOURCE hResource, REGSAM samDesired);
HKEY WINAPI GetClusterResourceTypeKey(HCLUSTER hCluster, LPCWSTR lpszTypeName, REGSAM samDesired);
LONG WINAPI ClusterRegOpenKey(HKEY hKey, LPCWSTR lpszSubKey, REGSAM samDesired, PHKEY phkResult);
LONG WINAPI ClusterRegCreateKey(HKEY hKey, LPCWSTR lpszSubKey, DWORD dwOptions, REGSAM samDesired,
                                LPSECURITY_ATTRIBUTES lpSecurityAttributes, PHKEY phkResult,
                                LPDWORD lpdwDisposition);
LONG WINAPI ClusterRegCloseKey(HKEY hKey);
LONG WINAPI ClusterRegDeleteKey(HKEY hKey, LPCWSTR lpszSubKey);
LONG WINAPI ClusterRegQueryValue(HKEY hKey, LPCWSTR lpszValueName, LPDWORD lpdwValueType,
                                 PBYTE lpData, LPDWORD lpcbData);
DWORD WINAPI ClusterRegSetValue(HKEY hKey, LPCWSTR lpszValueName, DWORD dwType, const BYTE* lpData,
                                DWORD cbData);
DWORD WINAPI ClusterRegDeleteValue(HKEY hKey, LPCWSTR lpszValueName);
DWORD WINAPI ClusterRegEnumValue(HKEY hKey, DWORD dwIndex, LPWSTR lpszValueName,
                                 LPDWORD lpcchValueName, LPDWORD lpdwType, PBYTE lpData,
                                 LPDWORD lpcbData);
LONG WINAPI ClusterRegEnumKey(HKEY hKey, DWORD dwIndex, LPWSTR lpszName, LPDWORD lpcchName,
                              PFILETIME lpftLastWriteTime);

#if !defined(_WIN32)
DWORD WINAPI GetLastError(void);
void WINAPI SetLastError(DWORD dwErrCode);
void WINAPI Sleep(DWORD dwMilliseconds);
#endif

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* CLUSPROP_CLUSTER_CLUSAPI_H_ */
