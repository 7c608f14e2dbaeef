// Must not compile: the real <clusapi.h>, then the embedded cluster's offline/clusapi.h. Built
// by a Windows test that expects the #error naming the two headers.
#include <windows.h>
#include <clusapi.h>

#include "offline/clusapi.h"
