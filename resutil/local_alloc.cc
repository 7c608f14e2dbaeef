// LocalAlloc and LocalFree: fixed blocks from malloc, remembered in a registry so that
// LocalFree can refuse a pointer it never handed out instead of corrupting the heap. The registry
// keeps each address complemented: it holds no pointer to a block, so the leak checker still
// reports a block nobody freed.

#include <cstdint>
#include <cstdlib>
#include <mutex>
#include <unordered_set>

#include "resutil/resapi.h"

namespace {

struct Registry {
  std::mutex mutex;
  std::unordered_set<uintptr_t> blocks;  // ~address
};

uintptr_t Key(const void* block) { return ~reinterpret_cast<uintptr_t>(block); }

Registry& TheRegistry() {
  static Registry* registry = new Registry;  // never destroyed: blocks may outlive main
  return *registry;
}

}  // namespace

extern "C" HLOCAL WINAPI LocalAlloc(UINT uFlags, SIZE_T uBytes) {
  if ((uFlags & ~static_cast<UINT>(LMEM_ZEROINIT)) != 0) {  // LMEM_MOVEABLE and the rest
    SetLastError(ERROR_INVALID_PARAMETER);
    return nullptr;
  }
  // malloc(0) may return NULL; one byte keeps every block distinct and non-NULL.
  void* block = (uFlags & LMEM_ZEROINIT) != 0 ? std::calloc(uBytes == 0 ? 1 : uBytes, 1)
                                              : std::malloc(uBytes == 0 ? 1 : uBytes);
  if (block == nullptr) {
    SetLastError(ERROR_NOT_ENOUGH_MEMORY);
    return nullptr;
  }
  try {
    Registry& registry = TheRegistry();
    std::lock_guard<std::mutex> lock(registry.mutex);
    registry.blocks.insert(Key(block));
  } catch (...) {
    std::free(block);
    SetLastError(ERROR_NOT_ENOUGH_MEMORY);
    return nullptr;
  }
  return block;
}

extern "C" HLOCAL WINAPI LocalFree(HLOCAL hMem) {
  if (hMem == nullptr) return nullptr;
  Registry& registry = TheRegistry();
  {
    std::lock_guard<std::mutex> lock(registry.mutex);
    if (registry.blocks.erase(Key(hMem)) == 0) {
      SetLastError(ERROR_INVALID_HANDLE);
      return hMem;
    }
  }
  std::free(hMem);
  return nullptr;
}
