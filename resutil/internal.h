// What the ResUtil functions share: the C boundary (no exception leaves it), LocalAlloc'ed
// copies, text between WCHAR and the list's UTF-16, and the mapping of codec errors to the codes
// ResUtil documents.

#ifndef CLUSPROP_RESUTIL_INTERNAL_H_
#define CLUSPROP_RESUTIL_INTERNAL_H_

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <new>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "clusprop/reader.h"
#include "clusprop/utf16.h"
#include "clusprop/win32_error.h"
#include "resutil/resapi.h"

namespace clusprop {
namespace resutil {

// Runs `body` (returning a DWORD code) so that no exception leaves: out of memory is
// ERROR_NOT_ENOUGH_MEMORY, anything else ERROR_INTERNAL_ERROR.
template <typename Body>
DWORD Guarded(Body body) noexcept {
  try {
    return body();
  } catch (const std::bad_alloc&) {
    return ERROR_NOT_ENOUGH_MEMORY;
  } catch (...) {
    return ERROR_INTERNAL_ERROR;
  }
}

// The code a list error stands for here: ERROR_INSUFFICIENT_BUFFER when the list runs past its
// buffer, else the codec's own (ERROR_INVALID_DATA).
DWORD ListErrorCode(const absl::Status& status);

// Opens `bytes` (cb of them; NULL is ERROR_INVALID_DATA) as Windows reads a list: leniently.
absl::StatusOr<PropertyListReader> OpenList(const void* bytes, DWORD cb);

// A LocalAlloc'ed copy of `size` bytes (a valid block also for 0); nullptr when out of memory.
BYTE* LocalCopy(const void* data, size_t size);

// A NUL-terminated WCHAR string as UTF-8; nullopt when it holds a surrogate or a value above
// U+10FFFF (text a list cannot carry).
std::optional<std::string> WideToUtf8(const WCHAR* text, size_t length);
std::optional<std::string> WideToUtf8(const WCHAR* text);
// A NUL-terminated WCHAR string as UTF-16 (same failures).
std::optional<std::u16string> WideToUtf16(const WCHAR* text);
// UTF-8 (well-formed: names the layer read from lists or tables) as WCHAR units.
std::basic_string<WCHAR> Utf8ToWide(const std::string& utf8);
// Well-formed UTF-16 as WCHAR units, appended to `out`.
void AppendWide(Utf16View text, std::basic_string<WCHAR>* out);

// A LocalAlloc'ed, NUL-terminated WCHAR copy of `text` (plus `extra_nuls` more NULs); nullptr
// when out of memory.
WCHAR* LocalWideCopy(Utf16View text, size_t extra_nuls = 0);
// A LocalAlloc'ed MULTI_SZ of WCHAR: each string NUL-terminated, then one more NUL (so an empty
// MULTI_SZ is two NULs). *bytes: its size.
WCHAR* LocalMultiSzCopy(const MultiStringView& strings, DWORD* bytes);

// Unaligned access to a parameter block's members.
template <typename T>
T LoadMember(const BYTE* block, DWORD offset) {
  T value;
  std::memcpy(&value, block + offset, sizeof(T));
  return value;
}
template <typename T>
void StoreMember(BYTE* block, DWORD offset, T value) {
  std::memcpy(block + offset, &value, sizeof(T));
}

// The offset of the byte-count DWORD that follows a MULTI_SZ or BINARY member's pointer.
inline DWORD SizeMemberOffset(DWORD offset) { return offset + static_cast<DWORD>(sizeof(void*)); }

}  // namespace resutil
}  // namespace clusprop

#endif  // CLUSPROP_RESUTIL_INTERNAL_H_
