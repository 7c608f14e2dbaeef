// Must not compile: the real <clusapi.h>, then the embedded cluster's offline/clusapi.h. Built
// by a Windows test that expects the #error naming the two headers.
// The order of the includes is the point.
// clang-format off
#include <windows.h>
#include <clusapi.h>

#include "offline/clusapi.h"
// clang-format on
