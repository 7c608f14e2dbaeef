// The resource DLL API (<resapi.h>) for these examples: Windows' own headers on Windows (with
// NOMINMAX and WIN32_LEAN_AND_MEAN set before <windows.h>), clusprop's resutil/resapi.h elsewhere.
//
// Built against MinGW-w64 10's headers: its <clusapi.h> compiles as C++ only for _WIN32_WINNT
// below 0x0600 (from 0x0600 on it defines CLUSTER_RESOURCE_STATE twice), and there it lacks the
// CLUSPROP_FILETIME that <resapi.h> uses, which is declared here with the SDK's layout; and its
// <resapi.h> spells the calling convention `_stdcall`, which MinGW-w64 defines only outside
// strict ISO mode (-std=c++17). With the Windows SDK, <resapi.h> is included as it is.
#ifndef CLUSPROP_EXAMPLES_RESOURCE_DLL_RESAPI_INCLUDE_H_
#define CLUSPROP_EXAMPLES_RESOURCE_DLL_RESAPI_INCLUDE_H_

#if defined(_WIN32)

#ifndef NOMINMAX
#define NOMINMAX
#endif
#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#include <windows.h>

#if defined(__MINGW32__)
#if _WIN32_WINNT >= 0x0600
#error \
    "MinGW-w64's <clusapi.h> needs _WIN32_WINNT < 0x0600 in C++ (build with -D_WIN32_WINNT=0x0502)"
#endif
#include <clusapi.h>
typedef struct _CLUSPROP_FILETIME {
  CLUSPROP_SYNTAX Syntax;
  DWORD cbLength;
  FILETIME ft;
} CLUSPROP_FILETIME, *PCLUSPROP_FILETIME;
#ifndef _stdcall
#define _stdcall __stdcall
#endif
#endif

#include <resapi.h>

#else  // !_WIN32

#include "resutil/resapi.h"

#endif

#endif  // CLUSPROP_EXAMPLES_RESOURCE_DLL_RESAPI_INCLUDE_H_
