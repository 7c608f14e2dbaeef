/*
 * The ResUtil property layer of resapi.h, for C and C++ on any host: property
 * tables (RESUTIL_PROPERTY_ITEM), parameter blocks, and the functions that check property lists
 * against a table, read them into a block, write a block back as a list and search a list.
 * Windows names, types, signatures and return codes, so that a resource DLL's property code
 * compiles with this include in place of <windows.h>, <clusapi.h> and <resapi.h>. On Windows it
 * goes with the embedded cluster (cluster/clusapi.h) as Windows' <resapi.h> goes with the real
 * one: the two exclude each other, as the clusapi.h headers do.
 * docs/resutil.md states every rule below in full. Link clusprop::clusapi (Bazel:
 * //cluster:clusapi): it holds this layer and the cluster database its functions use, as
 * resutils.dll leans on clusapi.dll. C needs anonymous structs and unions (C11; GCC and Clang
 * accept them in C99 too), as Windows' own headers do.
 *
 * Text. WCHAR is wchar_t (clusapi.h): UTF-32 outside Windows (UTF-16 there), so L"..." literals
 * work in tables and parameter blocks. Property lists stay what they are on the wire, UTF-16LE; the
 * CLUSPROP_* value structures below therefore hold UTF-16 units (CLUSPROP_UNIT), not WCHAR. Text
 * crosses between the two exactly (a surrogate pair is one character) and must be well-formed both
 * ways: a list string with an unpaired surrogate is malformed (ERROR_INVALID_DATA), and a WCHAR
 * string holding a surrogate value or one above U+10FFFF cannot be written
 * (ERROR_INVALID_PARAMETER). A MULTI_SZ
 * or BINARY member's size DWORD counts bytes of the block's own units (sizeof(WCHAR) per
 * character for MULTI_SZ), as Windows code computes it.
 *
 * Memory. Everything these functions allocate for the caller (strings from
 * ResUtilFind*Property, ResUtilDupString, strings and buffers placed in a parameter block) comes
 * from LocalAlloc and is released with LocalFree or ResUtilFreeParameterBlock. A call that
 * fails changes nothing the caller can see except its documented out-parameters: a parameter
 * block is written only after the whole list has been checked and every allocation made.
 *
 * Untrusted input. Lists are read within cbInPropertyListSize and never past it; a table is
 * trusted as the caller's own code (its Offset fields and pointers are used as given), but a
 * value is stored only at the offset and with the size its format defines. Every function is
 * thread-safe for distinct outputs, and no C++ exception leaves any of them.
 */
#ifndef CLUSPROP_RESUTIL_RESAPI_H_
#define CLUSPROP_RESUTIL_RESAPI_H_

#if defined(_WIN32) && defined(_RESAPI_DEFINES_)
#error \
    "<resapi.h> (Windows' own) is already included: on Windows this header goes with the embedded cluster (cluster/clusapi.h), <resapi.h> with the real one."
#endif
#define _RESAPI_DEFINES_ /* <resapi.h>'s guard: including it later adds nothing */

#include <stddef.h>
#include <stdint.h>

#include "cluster/clusapi.h"

#ifdef __cplusplus
extern "C" {
#endif

#if !defined(_WIN32) /* <windows.h> (through clusapi.h) has these on Windows */

/* Win32 base types not already in clusapi.h. */
typedef uint16_t WORD;
typedef LONG* LPLONG;
typedef int64_t LONGLONG;
typedef uint64_t ULONGLONG;
typedef ULONGLONG* PULONGLONG;
typedef BYTE* LPBYTE;
typedef void* PVOID;
typedef uintptr_t DWORD_PTR;
typedef unsigned int UINT;
typedef size_t SIZE_T;
typedef void* HLOCAL;
typedef WCHAR* PWSTR;

typedef union _LARGE_INTEGER {
  struct {
    DWORD LowPart;
    LONG HighPart;
  };
  struct {
    DWORD LowPart;
    LONG HighPart;
  } u;
  LONGLONG QuadPart;
} LARGE_INTEGER, *PLARGE_INTEGER;

typedef union _ULARGE_INTEGER {
  struct {
    DWORD LowPart;
    DWORD HighPart;
  };
  struct {
    DWORD LowPart;
    DWORD HighPart;
  } u;
  ULONGLONG QuadPart;
} ULARGE_INTEGER, *PULARGE_INTEGER;

#ifndef FIELD_OFFSET
#define FIELD_OFFSET(type, field) ((LONG)offsetof(type, field))
#endif

/* Win32 codes these functions return that clusapi.h does not define. */
#define ERROR_BAD_ARGUMENTS 160

/* LocalAlloc flags. LMEM_MOVEABLE is not supported (NULL, ERROR_INVALID_PARAMETER). */
#define LMEM_FIXED 0x0000
#define LMEM_MOVEABLE 0x0002
#define LMEM_ZEROINIT 0x0040
#define LPTR (LMEM_FIXED | LMEM_ZEROINIT)

/* NULL and ERROR_NOT_ENOUGH_MEMORY when the memory is not there; uBytes 0 gives a valid,
 * unique block. */
HLOCAL WINAPI LocalAlloc(UINT uFlags, SIZE_T uBytes);
/* NULL on success (hMem NULL included); hMem itself, with ERROR_INVALID_HANDLE, for a pointer
 * LocalAlloc did not return. */
HLOCAL WINAPI LocalFree(HLOCAL hMem);

#endif /* !_WIN32 */

/* ---- Property-list values (clusapi.h) ---- */

/* CLUSPROP_FORMAT_* and CLUSPROP_TYPE_* make a value's syntax. */
#define CLUSPROP_FORMAT_UNKNOWN 0
#define CLUSPROP_FORMAT_BINARY 1
#define CLUSPROP_FORMAT_DWORD 2
#define CLUSPROP_FORMAT_SZ 3
#define CLUSPROP_FORMAT_EXPAND_SZ 4
#define CLUSPROP_FORMAT_MULTI_SZ 5
#define CLUSPROP_FORMAT_ULARGE_INTEGER 6
#define CLUSPROP_FORMAT_LONG 7
#define CLUSPROP_FORMAT_EXPANDED_SZ 8
#define CLUSPROP_FORMAT_SECURITY_DESCRIPTOR 9
#define CLUSPROP_FORMAT_LARGE_INTEGER 10
#define CLUSPROP_FORMAT_WORD 11
#define CLUSPROP_FORMAT_FILETIME 12
#define CLUSPROP_FORMAT_VALUE_LIST 13
#define CLUSPROP_FORMAT_PROPERTY_LIST 14
#define CLUSPROP_FORMAT_USER 32768

#define CLUSPROP_TYPE_ENDMARK 0
#define CLUSPROP_TYPE_LIST_VALUE 1
#define CLUSPROP_TYPE_NAME 4
#define CLUSPROP_TYPE_USER 32768

#define CLUSPROP_SYNTAX_VALUE(type, format) ((DWORD)((DWORD)(format) | ((DWORD)(type) << 16)))
#define CLUSPROP_SYNTAX_ENDMARK 0x00000000u
#define CLUSPROP_SYNTAX_NAME 0x00040003u
#define CLUSPROP_SYNTAX_LIST_VALUE_BINARY 0x00010001u
#define CLUSPROP_SYNTAX_LIST_VALUE_DWORD 0x00010002u
#define CLUSPROP_SYNTAX_LIST_VALUE_SZ 0x00010003u
#define CLUSPROP_SYNTAX_LIST_VALUE_EXPAND_SZ 0x00010004u
#define CLUSPROP_SYNTAX_LIST_VALUE_MULTI_SZ 0x00010005u
#define CLUSPROP_SYNTAX_LIST_VALUE_ULARGE_INTEGER 0x00010006u
#define CLUSPROP_SYNTAX_LIST_VALUE_LONG 0x00010007u
#define CLUSPROP_SYNTAX_LIST_VALUE_EXPANDED_SZ 0x00010008u
#define CLUSPROP_SYNTAX_LIST_VALUE_SECURITY_DESCRIPTOR 0x00010009u
#define CLUSPROP_SYNTAX_LIST_VALUE_LARGE_INTEGER 0x0001000Au
#define CLUSPROP_SYNTAX_LIST_VALUE_WORD 0x0001000Bu
#define CLUSPROP_SYNTAX_LIST_VALUE_FILETIME 0x0001000Cu
#define CLUSPROP_SYNTAX_LIST_VALUE_PROPERTY_LIST 0x0001000Eu

/* One UTF-16 code unit as a list stores it. */
typedef uint16_t CLUSPROP_UNIT;

typedef union CLUSPROP_SYNTAX {
  DWORD dw;
  struct {
    WORD wFormat;
    WORD wType;
  };
} CLUSPROP_SYNTAX, *PCLUSPROP_SYNTAX;

/* A value entry's header: syntax, then cbLength; the data follows, padded to 4 bytes. */
typedef struct CLUSPROP_VALUE {
  CLUSPROP_SYNTAX Syntax;
  DWORD cbLength;
} CLUSPROP_VALUE, *PCLUSPROP_VALUE;

#ifdef __cplusplus
#define CLUSPROP_VALUE_STRUCT(name, member)     \
  typedef struct name : public CLUSPROP_VALUE { \
    member;                                     \
  } name, *P##name
#else
#define CLUSPROP_VALUE_STRUCT(name, member) \
  typedef struct name {                     \
    CLUSPROP_SYNTAX Syntax;                 \
    DWORD cbLength;                         \
    member;                                 \
  } name, *P##name
#endif
CLUSPROP_VALUE_STRUCT(CLUSPROP_BINARY, BYTE rgb[1]);
CLUSPROP_VALUE_STRUCT(CLUSPROP_WORD, WORD w);
CLUSPROP_VALUE_STRUCT(CLUSPROP_DWORD, DWORD dw);
CLUSPROP_VALUE_STRUCT(CLUSPROP_LONG, LONG l);
CLUSPROP_VALUE_STRUCT(CLUSPROP_SZ, CLUSPROP_UNIT sz[1]);
/* As on Windows, these three declare 8-byte members, which a list stores 4-aligned only. */
CLUSPROP_VALUE_STRUCT(CLUSPROP_ULARGE_INTEGER, ULARGE_INTEGER li);
CLUSPROP_VALUE_STRUCT(CLUSPROP_LARGE_INTEGER, LARGE_INTEGER li);
CLUSPROP_VALUE_STRUCT(CLUSPROP_FILETIME, FILETIME ft);
#undef CLUSPROP_VALUE_STRUCT
typedef CLUSPROP_SZ CLUSPROP_MULTI_SZ, *PCLUSPROP_MULTI_SZ;
typedef CLUSPROP_SZ CLUSPROP_PROPERTY_NAME, *PCLUSPROP_PROPERTY_NAME;

/* ---- Property tables ---- */

#define RESUTIL_PROPITEM_READ_ONLY 0x00000001
#define RESUTIL_PROPITEM_REQUIRED 0x00000002
#define RESUTIL_PROPITEM_SIGNED 0x00000004
#define RESUTIL_PROPITEM_IN_MEMORY 0x00000008

typedef struct RESUTIL_LARGEINT_DATA {
  LARGE_INTEGER Default;
  LARGE_INTEGER Minimum;
  LARGE_INTEGER Maximum;
} RESUTIL_LARGEINT_DATA, *PRESUTIL_LARGEINT_DATA;

typedef struct RESUTIL_ULARGEINT_DATA {
  ULARGE_INTEGER Default;
  ULARGE_INTEGER Minimum;
  ULARGE_INTEGER Maximum;
} RESUTIL_ULARGEINT_DATA, *PRESUTIL_ULARGEINT_DATA;

typedef struct RESUTIL_FILETIME_DATA {
  FILETIME Default;
  FILETIME Minimum;
  FILETIME Maximum;
} RESUTIL_FILETIME_DATA, *PRESUTIL_FILETIME_DATA;

/* One property: its name, the format of its value, its default and bounds, and where its value
 * lives in the parameter block (Offset). A table ends with an item whose Name is NULL.
 * The member at Offset, by Format:
 *   DWORD, LONG                               a DWORD / LONG; range Minimum..Maximum (both 0: none)
 *   SZ, EXPAND_SZ                             an LPWSTR (default: lpDefault)
 *   MULTI_SZ, BINARY                          a pointer, then a DWORD byte count (default:
 *                                             lpDefault, Minimum bytes)
 *   ULARGE_INTEGER, LARGE_INTEGER, FILETIME   8 bytes; default and range: *ULargeIntData,
 *                                             *LargeIntData, *FileTimeData (NULL: 0, no range) */
typedef struct RESUTIL_PROPERTY_ITEM {
  LPWSTR Name;
  LPWSTR KeyName;
  DWORD Format;
  union {
    DWORD_PTR DefaultPtr;
    DWORD Default;
    LPVOID lpDefault;
    PRESUTIL_LARGEINT_DATA LargeIntData;
    PRESUTIL_ULARGEINT_DATA ULargeIntData;
    PRESUTIL_FILETIME_DATA FileTimeData;
  };
  DWORD Minimum;
  DWORD Maximum;
  DWORD Flags;
  DWORD Offset;
} RESUTIL_PROPERTY_ITEM, *PRESUTIL_PROPERTY_ITEM;

/* Checks a property list against a table: ERROR_SUCCESS, or (pInPropertyList NULL)
 * ERROR_INVALID_DATA; (the list runs past cbInPropertyListSize) ERROR_INSUFFICIENT_BUFFER;
 * (malformed, or a value whose data does not fit its format) ERROR_INVALID_DATA; (a name the
 * table lacks while bAllowUnknownProperties is FALSE, a READ_ONLY property, a value of another
 * format than the table's, or out of range) ERROR_INVALID_PARAMETER. With pOutParams, the values
 * of the table's properties are then stored in that block (see the header comment). */
DWORD WINAPI ResUtilVerifyPropertyTable(const PRESUTIL_PROPERTY_ITEM pPropertyTable, PVOID Reserved,
                                        BOOL bAllowUnknownProperties, const PVOID pInPropertyList,
                                        DWORD cbInPropertyListSize, LPBYTE pOutParams);

/* Checks a list as ResUtilSetPrivatePropertyList will store it: ERROR_SUCCESS; 13 and 122 for
 * the list as ResUtilVerifyPropertyTable; ERROR_INVALID_PARAMETER for a name no value can have;
 * ERROR_INVALID_DATA for a first value whose data cannot be read. */
DWORD WINAPI ResUtilVerifyPrivatePropertyList(const PVOID pInPropertyList,
                                              DWORD cbInPropertyListSize);

/* Writes the block's values as a property list in table order (and the final ENDMARK Windows
 * writes). *pcbBytesReturned: bytes written on success, else 0; ERROR_MORE_DATA with
 * *pcbRequired when *pcbOutPropertyListSize is too small (pOutPropertyList may then be NULL). */
DWORD WINAPI ResUtilPropertyListFromParameterBlock(const PRESUTIL_PROPERTY_ITEM pPropertyTable,
                                                   PVOID pOutPropertyList,
                                                   LPDWORD pcbOutPropertyListSize,
                                                   const LPBYTE pInParams, LPDWORD pcbBytesReturned,
                                                   LPDWORD pcbRequired);

/* Copies the table's members of pInParams into pOutParams, pointers as fresh LocalAlloc copies.
 * On failure (ERROR_NOT_ENOUGH_MEMORY) the members already copied stay: release them with
 * ResUtilFreeParameterBlock, as on Windows. */
DWORD WINAPI ResUtilDupParameterBlock(LPBYTE pOutParams, const LPBYTE pInParams,
                                      const PRESUTIL_PROPERTY_ITEM pPropertyTable);
/* LocalFrees each pointer member of pOutParams the table names, unless pInParams (may be NULL)
 * holds the same pointer in the same member. */
void WINAPI ResUtilFreeParameterBlock(LPBYTE pOutParams, const LPBYTE pInParams,
                                      const PRESUTIL_PROPERTY_ITEM pPropertyTable);

/* The table's names as a MULTI_SZ of WCHAR (each NUL-terminated, one more NUL at the end).
 * Sizes in bytes; ERROR_MORE_DATA with *pcbRequired when cbOutPropertiesSize is too small. */
DWORD WINAPI ResUtilEnumProperties(const PRESUTIL_PROPERTY_ITEM pPropertyTable,
                                   LPWSTR pszOutProperties, DWORD cbOutPropertiesSize,
                                   LPDWORD pcbBytesReturned, LPDWORD pcbRequired);

/* A property list naming each table property with one LIST_VALUE_WORD holding its format
 * (what CLUSCTL_*_GET_*_PROPERTY_FMTS returns). Sizes as ResUtilEnumProperties. */
DWORD WINAPI ResUtilGetPropertyFormats(const PRESUTIL_PROPERTY_ITEM pPropertyTable,
                                       PVOID pOutPropertyFormatList, DWORD cbPropertyFormatListSize,
                                       LPDWORD pcbBytesReturned, LPDWORD pcbRequired);

/* ---- Searching a property list ----
 * The first property whose name equals pszPropertyName (case-insensitively, as Windows) and its
 * first value. ERROR_SUCCESS; ERROR_FILE_NOT_FOUND when no property has that name;
 * ERROR_INVALID_DATA when the list is malformed or the value is not of the function's format
 * (SZ: SZ, EXPAND_SZ or EXPANDED_SZ; ExpandSz: EXPAND_SZ; ExpandedSz: EXPANDED_SZ or SZ);
 * ERROR_INSUFFICIENT_BUFFER when the list runs past cbPropertyListSize; ERROR_NOT_ENOUGH_MEMORY.
 * Strings and buffers come back as LocalAlloc copies; a NULL out-pointer only tests presence. */
DWORD WINAPI ResUtilFindSzProperty(const PVOID pPropertyList, DWORD cbPropertyListSize,
                                   LPCWSTR pszPropertyName, LPWSTR* pszPropertyValue);
DWORD WINAPI ResUtilFindExpandSzProperty(const PVOID pPropertyList, DWORD cbPropertyListSize,
                                         LPCWSTR pszPropertyName, LPWSTR* pszPropertyValue);
DWORD WINAPI ResUtilFindExpandedSzProperty(const PVOID pPropertyList, DWORD cbPropertyListSize,
                                           LPCWSTR pszPropertyName, LPWSTR* pszPropertyValue);
DWORD WINAPI ResUtilFindDwordProperty(const PVOID pPropertyList, DWORD cbPropertyListSize,
                                      LPCWSTR pszPropertyName, LPDWORD pdwPropertyValue);
DWORD WINAPI ResUtilFindLongProperty(const PVOID pPropertyList, DWORD cbPropertyListSize,
                                     LPCWSTR pszPropertyName, LPLONG plPropertyValue);
DWORD WINAPI ResUtilFindULargeIntegerProperty(const PVOID pPropertyList, DWORD cbPropertyListSize,
                                              LPCWSTR pszPropertyName, ULONGLONG* plPropertyValue);
DWORD WINAPI ResUtilFindFileTimeProperty(const PVOID pPropertyList, DWORD cbPropertyListSize,
                                         LPCWSTR pszPropertyName, LPFILETIME pftPropertyValue);
/* *pcbPropertyValueSize: the copy's size in bytes (MULTI_SZ: WCHARs, both final NULs included). */
DWORD WINAPI ResUtilFindBinaryProperty(const PVOID pPropertyList, DWORD cbPropertyListSize,
                                       LPCWSTR pszPropertyName, LPBYTE* pbPropertyValue,
                                       LPDWORD pcbPropertyValueSize);
DWORD WINAPI ResUtilFindMultiSzProperty(const PVOID pPropertyList, DWORD cbPropertyListSize,
                                        LPCWSTR pszPropertyName, LPWSTR* pszPropertyValue,
                                        LPDWORD pcbPropertyValueSize);

/* ---- Reading one value while walking a list ----
 * pValueStruct is the value at *ppPropertyList, which holds *pcbPropertyListSize bytes. The
 * value is checked (its format, its data, and for DWORD/LONG/FILETIME the range
 * Minimum..Maximum unless both are 0), stored, and the position moved past the value entry
 * (*ppPropertyList advanced and *pcbPropertyListSize reduced by the entry's padded size).
 * ERROR_SUCCESS; ERROR_INVALID_PARAMETER for a value that is not of the format, does not fit
 * the bytes left, is malformed or out of range (nothing is stored or moved);
 * ERROR_NOT_ENOUGH_MEMORY. The Old values are not used. Strings and buffers are LocalAlloc
 * copies; a cbLength of 0 stores NULL (size 0). */
DWORD WINAPI ResUtilGetBinaryProperty(LPBYTE* ppbOutValue, LPDWORD pcbOutValueSize,
                                      const PCLUSPROP_BINARY pValueStruct, const LPBYTE pbOldValue,
                                      DWORD cbOldValueSize, LPBYTE* ppPropertyList,
                                      LPDWORD pcbPropertyListSize);
DWORD WINAPI ResUtilGetSzProperty(LPWSTR* ppszOutValue, const PCLUSPROP_SZ pValueStruct,
                                  LPCWSTR pszOldValue, LPBYTE* ppPropertyList,
                                  LPDWORD pcbPropertyListSize);
DWORD WINAPI ResUtilGetMultiSzProperty(LPWSTR* ppszOutValue, LPDWORD pcbOutValueSize,
                                       const PCLUSPROP_SZ pValueStruct, LPCWSTR pszOldValue,
                                       DWORD cbOldValueSize, LPBYTE* ppPropertyList,
                                       LPDWORD pcbPropertyListSize);
DWORD WINAPI ResUtilGetDwordProperty(LPDWORD pdwOutValue, const PCLUSPROP_DWORD pValueStruct,
                                     DWORD dwOldValue, DWORD dwMinimum, DWORD dwMaximum,
                                     LPBYTE* ppPropertyList, LPDWORD pcbPropertyListSize);
DWORD WINAPI ResUtilGetLongProperty(LPLONG plOutValue, const PCLUSPROP_LONG pValueStruct,
                                    LONG lOldValue, LONG lMinimum, LONG lMaximum,
                                    LPBYTE* ppPropertyList, LPDWORD pcbPropertyListSize);
DWORD WINAPI ResUtilGetFileTimeProperty(LPFILETIME pftOutValue,
                                        const PCLUSPROP_FILETIME pValueStruct, FILETIME ftOldValue,
                                        FILETIME ftMinimum, FILETIME ftMaximum,
                                        LPBYTE* ppPropertyList, LPDWORD pcbPropertyListSize);

/* ---- Properties in the cluster database ----
 * hkeyClusterKey is a key of the cluster database (cluster/clusapi.h: GetClusterResourceKey,
 * ClusterRegOpenKey, ...). A property is the value of its name under that key, or under the
 * item's KeyName subkey; its registry type follows its format (DWORD and LONG REG_DWORD; SZ
 * REG_SZ; EXPAND_SZ REG_EXPAND_SZ; MULTI_SZ REG_MULTI_SZ; ULARGE_INTEGER and LARGE_INTEGER
 * REG_QWORD; BINARY and FILETIME REG_BINARY), and string data is WCHAR units with their NULs.
 * Items flagged RESUTIL_PROPITEM_IN_MEMORY are never read from or written to the database. Every
 * write is checked and its subkeys made before any value is written. Codes
 * of the database (ERROR_INVALID_HANDLE, ERROR_ACCESS_DENIED, ERROR_KEY_DELETED, ...) pass
 * through; a stored value whose type does not fit its item is ERROR_INVALID_PARAMETER. */

/* Reads every table property into the block (the item's default when absent): values replace
 * the block's, all or nothing, as ResUtilVerifyPropertyTable stores them (without range checks).
 * With bCheckForRequiredProperties, an absent RESUTIL_PROPITEM_REQUIRED property is
 * ERROR_FILE_NOT_FOUND; on any failure *pszNameOfPropInError (if given) receives a LocalAlloc
 * copy of the property's name. */
DWORD WINAPI ResUtilGetPropertiesToParameterBlock(HKEY hkeyClusterKey,
                                                  const PRESUTIL_PROPERTY_ITEM pPropertyTable,
                                                  LPBYTE pOutParams,
                                                  BOOL bCheckForRequiredProperties,
                                                  LPWSTR* pszNameOfPropInError);
/* The table's properties as stored (defaults for those absent), in table order; GetAll adds
 * every other value under the key; GetPrivate lists every value under the key. The two-call
 * pattern of ResUtilGetPropertyFormats. */
DWORD WINAPI ResUtilGetProperties(HKEY hkeyClusterKey, const PRESUTIL_PROPERTY_ITEM pPropertyTable,
                                  PVOID pOutPropertyList, DWORD cbOutPropertyListSize,
                                  LPDWORD pcbBytesReturned, LPDWORD pcbRequired);
DWORD WINAPI ResUtilGetAllProperties(HKEY hkeyClusterKey,
                                     const PRESUTIL_PROPERTY_ITEM pPropertyTable,
                                     PVOID pOutPropertyList, DWORD cbOutPropertyListSize,
                                     LPDWORD pcbBytesReturned, LPDWORD pcbRequired);
DWORD WINAPI ResUtilGetPrivateProperties(HKEY hkeyClusterKey, PVOID pOutPropertyList,
                                         DWORD cbOutPropertyListSize, LPDWORD pcbBytesReturned,
                                         LPDWORD pcbRequired);
/* One item's property (NAME, value, ENDMARK): GetPropertySize adds its size to
 * *pcbOutPropertyListSize and 1 to *pnPropertyCount; GetProperty writes it at *pOutPropertyItem
 * and moves that pointer and *pcbOutPropertyItemSize past it (ERROR_MORE_DATA when it does not
 * fit, nothing written). */
DWORD WINAPI ResUtilGetPropertySize(HKEY hkeyClusterKey,
                                    const PRESUTIL_PROPERTY_ITEM pPropertyTableItem,
                                    LPDWORD pcbOutPropertyListSize, LPDWORD pnPropertyCount);
DWORD WINAPI ResUtilGetProperty(HKEY hkeyClusterKey,
                                const PRESUTIL_PROPERTY_ITEM pPropertyTableItem,
                                PVOID* pOutPropertyItem, LPDWORD pcbOutPropertyItemSize);
/* Checks the list as ResUtilVerifyPropertyTable (same codes), then writes the table's properties
 * to the database (cbLength 0 deletes the stored value, so the default applies); unknown ones,
 * when allowed, are not written. The plain form skips a value already stored with the same type
 * and bytes; bForceWrite writes every value. pOutParams as in ResUtilVerifyPropertyTable. */
DWORD WINAPI ResUtilSetPropertyTable(HKEY hkeyClusterKey,
                                     const PRESUTIL_PROPERTY_ITEM pPropertyTable, PVOID Reserved,
                                     BOOL bAllowUnknownProperties, const PVOID pInPropertyList,
                                     DWORD cbInPropertyListSize, LPBYTE pOutParams);
DWORD WINAPI ResUtilSetPropertyTableEx(HKEY hkeyClusterKey,
                                       const PRESUTIL_PROPERTY_ITEM pPropertyTable, PVOID Reserved,
                                       BOOL bAllowUnknownProperties, const PVOID pInPropertyList,
                                       DWORD cbInPropertyListSize, BOOL bForceWrite,
                                       LPBYTE pOutParams);
/* Writes the block's table properties (READ_ONLY and IN_MEMORY items excepted) to the database;
 * with pInPropertyList, also that list's properties the table does not name. pOutParams (if not
 * pInParams) then holds a copy of pInParams, its previous strings and buffers freed. */
DWORD WINAPI ResUtilSetPropertyParameterBlock(HKEY hkeyClusterKey,
                                              const PRESUTIL_PROPERTY_ITEM pPropertyTable,
                                              PVOID Reserved, const LPBYTE pInParams,
                                              const PVOID pInPropertyList,
                                              DWORD cbInPropertyListSize, LPBYTE pOutParams);
DWORD WINAPI ResUtilSetPropertyParameterBlockEx(HKEY hkeyClusterKey,
                                                const PRESUTIL_PROPERTY_ITEM pPropertyTable,
                                                PVOID Reserved, const LPBYTE pInParams,
                                                const PVOID pInPropertyList,
                                                DWORD cbInPropertyListSize, BOOL bForceWrite,
                                                LPBYTE pOutParams);
/* Appends the values under the key that the table does not name to the list in
 * pOutPropertyList (*pcbBytesReturned bytes of it so far; pcbOutPropertyListSize is the buffer's
 * size): on success *pcbBytesReturned is the new size; ERROR_MORE_DATA with *pcbRequired, the
 * buffer untouched. */
DWORD WINAPI ResUtilAddUnknownProperties(HKEY hkeyClusterKey,
                                         const PRESUTIL_PROPERTY_ITEM pPropertyTable,
                                         PVOID pOutPropertyList, DWORD pcbOutPropertyListSize,
                                         LPDWORD pcbBytesReturned, LPDWORD pcbRequired);
/* Write the list's properties (SetUnknown: those the table does not name) with the registry
 * type of each value's format; a name holding '\' names a value in that subkey path. Every value
 * is checked first (ERROR_INVALID_DATA); SetPrivatePropertyList with a NULL list is
 * ERROR_INSUFFICIENT_BUFFER, as Windows documents. */
DWORD WINAPI ResUtilSetUnknownProperties(HKEY hkeyClusterKey,
                                         const PRESUTIL_PROPERTY_ITEM pPropertyTable,
                                         const PVOID pInPropertyList, DWORD cbInPropertyListSize);
DWORD WINAPI ResUtilSetPrivatePropertyList(HKEY hkeyClusterKey, const PVOID pInPropertyList,
                                           DWORD cbInPropertyListSize);
/* The names of the values under the key, as ResUtilEnumProperties gives a table's. */
DWORD WINAPI ResUtilEnumPrivateProperties(HKEY hkeyClusterKey, LPWSTR pszOutProperties,
                                          DWORD cbOutPropertiesSize, LPDWORD pcbBytesReturned,
                                          LPDWORD pcbRequired);

/* ---- One value of the cluster database ----
 * Get: a value read whole. GetBinary returns a LocalAlloc copy of any value's bytes; GetSz and
 * GetExpandSz a LocalAlloc copy of a REG_SZ, REG_EXPAND_SZ or REG_MULTI_SZ value's (first) string,
 * GetExpandSz with bExpand replacing each %NAME% by the environment variable NAME where it is set
 * (NULL on failure: GetLastError() is ERROR_FILE_NOT_FOUND, ERROR_INVALID_DATA for another type,
 * or the database's code); GetDword and GetQword a REG_DWORD (4 bytes) or REG_QWORD (8 bytes),
 * the default when the value is absent (ERROR_SUCCESS), ERROR_INVALID_PARAMETER for another type
 * or size. Set: writes the value (Binary REG_BINARY, Sz REG_SZ, ExpandSz REG_EXPAND_SZ, MultiSz
 * REG_MULTI_SZ with cbNewValueSize bytes, Dword REG_DWORD, Qword REG_QWORD) and then, when the out
 * pointer is given, replaces what it holds (freed with LocalFree) by a LocalAlloc copy of the new
 * value; on failure nothing changes. */
DWORD WINAPI ResUtilGetBinaryValue(HKEY hkeyClusterKey, LPCWSTR pszValueName, LPBYTE* ppbOutValue,
                                   LPDWORD pcbOutValueSize);
LPWSTR WINAPI ResUtilGetSzValue(HKEY hkeyClusterKey, LPCWSTR pszValueName);
LPWSTR WINAPI ResUtilGetExpandSzValue(HKEY hkeyClusterKey, LPCWSTR pszValueName, BOOL bExpand);
static inline DWORD ResUtilGetMultiSzValue(HKEY hkeyClusterKey, LPCWSTR pszValueName,
                                           LPWSTR* ppszOutValue, LPDWORD pcbOutValueSize) {
  return ResUtilGetBinaryValue(hkeyClusterKey, pszValueName, (LPBYTE*)ppszOutValue,
                               pcbOutValueSize);
}
DWORD WINAPI ResUtilGetDwordValue(HKEY hkeyClusterKey, LPCWSTR pszValueName, LPDWORD pdwOutValue,
                                  DWORD dwDefaultValue);
DWORD WINAPI ResUtilGetQwordValue(HKEY hkeyClusterKey, LPCWSTR pszValueName, PULONGLONG pqwOutValue,
                                  ULONGLONG qwDefaultValue);
DWORD WINAPI ResUtilSetBinaryValue(HKEY hkeyClusterKey, LPCWSTR pszValueName,
                                   const LPBYTE pbNewValue, DWORD cbNewValueSize,
                                   LPBYTE* ppbOutValue, LPDWORD pcbOutValueSize);
DWORD WINAPI ResUtilSetSzValue(HKEY hkeyClusterKey, LPCWSTR pszValueName, LPCWSTR pszNewValue,
                               LPWSTR* ppszOutString);
DWORD WINAPI ResUtilSetExpandSzValue(HKEY hkeyClusterKey, LPCWSTR pszValueName, LPCWSTR pszNewValue,
                                     LPWSTR* ppszOutString);
DWORD WINAPI ResUtilSetMultiSzValue(HKEY hkeyClusterKey, LPCWSTR pszValueName, LPCWSTR pszNewValue,
                                    DWORD cbNewValueSize, LPWSTR* ppszOutValue,
                                    LPDWORD pcbOutValueSize);
DWORD WINAPI ResUtilSetDwordValue(HKEY hkeyClusterKey, LPCWSTR pszValueName, DWORD dwNewValue,
                                  LPDWORD pdwOutValue);
DWORD WINAPI ResUtilSetQwordValue(HKEY hkeyClusterKey, LPCWSTR pszValueName, ULONGLONG qwNewValue,
                                  PULONGLONG pqwOutValue);

/* A LocalAlloc copy of a NUL-terminated string; NULL with ERROR_NOT_ENOUGH_MEMORY (or
 * ERROR_INVALID_PARAMETER for NULL). */
PWSTR WINAPI ResUtilDupString(LPCWSTR pszInString);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* CLUSPROP_RESUTIL_RESAPI_H_ */
