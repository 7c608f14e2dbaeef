// Must not compile: the real <clusapi.h>, then the embedded cluster's cluster/clusapi.h. Built
// by a Windows test that expects the #error naming the two headers.
// The order of the includes is the point.
// clang-format off
#include <windows.h>
#include <clusapi.h>

#include "cluster/clusapi.h"
// clang-format on
