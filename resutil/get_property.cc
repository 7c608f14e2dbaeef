// ResUtilGet*Property: one value read while walking a list, and the position moved past it.
// ResUtilDupString.

#include <cwchar>
#include <vector>

#include "resutil/internal.h"

namespace clusprop {
namespace resutil {
namespace {

// The value entry at `value_struct`, which must lie within the *remaining bytes at *position:
// checked against those bytes and read from a private copy (the caller's list may change under
// us). *advance: bytes from *position to the end of the entry, padding included.
class Entry {
 public:
  DWORD Open(const void* value_struct, LPBYTE* position, const DWORD* remaining) {
    if (value_struct == nullptr || position == nullptr || *position == nullptr ||
        remaining == nullptr) {
      return ERROR_INVALID_PARAMETER;
    }
    const uintptr_t begin = reinterpret_cast<uintptr_t>(*position);
    const uintptr_t at = reinterpret_cast<uintptr_t>(value_struct);
    if (at < begin || at - begin > *remaining) return ERROR_INVALID_PARAMETER;
    const size_t left = *remaining - (at - begin);
    if (left < kValueHeaderSize) return ERROR_INVALID_PARAMETER;
    const BYTE* entry = static_cast<const BYTE*>(value_struct);
    const uint64_t size = kValueHeaderSize + AlignUp(uint64_t{LoadMember<DWORD>(entry, 4)});
    if (size > left) return ERROR_INVALID_PARAMETER;
    copy_.assign(entry, entry + size);
    copy_.insert(copy_.end(), kEndmarkSize, 0);
    absl::StatusOr<ValueListReader> list = ValueListReader::Open(copy_);
    if (!list.ok() || list->begin() == list->end()) return ERROR_INVALID_PARAMETER;
    value_ = *list->begin();
    advance_ = (at - begin) + size;
    return ERROR_SUCCESS;
  }

  const ValueView& value() const { return value_; }
  bool Is(DWORD format) const { return static_cast<DWORD>(value_.format()) == format; }

  // Moves the caller's position past the entry.
  void Consume(LPBYTE* position, LPDWORD remaining) const {
    *position += advance_;
    *remaining -= static_cast<DWORD>(advance_);
  }

 private:
  std::vector<uint8_t> copy_;
  ValueView value_;
  size_t advance_ = 0;
};

template <typename T>
bool InRange(T value, T minimum, T maximum) {
  return (minimum == 0 && maximum == 0) || (minimum <= value && value <= maximum);
}

// One fixed-size value of `format`, range-checked, stored through `out`.
template <typename T, typename Read>
DWORD GetFixed(T* out, const void* value_struct, DWORD format, T minimum, T maximum,
               LPBYTE* position, LPDWORD remaining, Read read) {
  return Guarded([&]() -> DWORD {
    if (out == nullptr) return ERROR_INVALID_PARAMETER;
    Entry entry;
    if (DWORD code = entry.Open(value_struct, position, remaining)) return code;
    if (!entry.Is(format)) return ERROR_INVALID_PARAMETER;
    auto value = (entry.value().*read)();
    if (!value.ok()) return ERROR_INVALID_PARAMETER;
    const T typed = static_cast<T>(*value);
    if (!InRange<T>(typed, minimum, maximum)) return ERROR_INVALID_PARAMETER;
    *out = typed;
    entry.Consume(position, remaining);
    return ERROR_SUCCESS;
  });
}

uint64_t Ticks(const FILETIME& time) {
  return (static_cast<uint64_t>(time.dwHighDateTime) << 32) | time.dwLowDateTime;
}

}  // namespace
}  // namespace resutil
}  // namespace clusprop

using namespace clusprop::resutil;  // NOLINT: the C entry points below
using clusprop::ValueView;

extern "C" {

DWORD WINAPI ResUtilGetDwordProperty(LPDWORD pdwOutValue, const PCLUSPROP_DWORD pValueStruct,
                                     DWORD /*dwOldValue*/, DWORD dwMinimum, DWORD dwMaximum,
                                     LPBYTE* ppPropertyList, LPDWORD pcbPropertyListSize) {
  return GetFixed<DWORD>(pdwOutValue, pValueStruct, CLUSPROP_FORMAT_DWORD, dwMinimum, dwMaximum,
                         ppPropertyList, pcbPropertyListSize, &ValueView::AsDword);
}

DWORD WINAPI ResUtilGetLongProperty(LPLONG plOutValue, const PCLUSPROP_LONG pValueStruct,
                                    LONG /*lOldValue*/, LONG lMinimum, LONG lMaximum,
                                    LPBYTE* ppPropertyList, LPDWORD pcbPropertyListSize) {
  return GetFixed<LONG>(plOutValue, pValueStruct, CLUSPROP_FORMAT_LONG, lMinimum, lMaximum,
                        ppPropertyList, pcbPropertyListSize, &ValueView::AsLong);
}

DWORD WINAPI ResUtilGetFileTimeProperty(LPFILETIME pftOutValue,
                                        const PCLUSPROP_FILETIME pValueStruct,
                                        FILETIME /*ftOldValue*/, FILETIME ftMinimum,
                                        FILETIME ftMaximum, LPBYTE* ppPropertyList,
                                        LPDWORD pcbPropertyListSize) {
  if (pftOutValue == nullptr) return ERROR_INVALID_PARAMETER;
  uint64_t ticks = 0;
  const DWORD code = GetFixed<uint64_t>(&ticks, pValueStruct, CLUSPROP_FORMAT_FILETIME,
                                        Ticks(ftMinimum), Ticks(ftMaximum), ppPropertyList,
                                        pcbPropertyListSize, &ValueView::AsFileTime);
  if (code == ERROR_SUCCESS) {
    pftOutValue->dwLowDateTime = static_cast<DWORD>(ticks);
    pftOutValue->dwHighDateTime = static_cast<DWORD>(ticks >> 32);
  }
  return code;
}

DWORD WINAPI ResUtilGetSzProperty(LPWSTR* ppszOutValue, const PCLUSPROP_SZ pValueStruct,
                                  LPCWSTR /*pszOldValue*/, LPBYTE* ppPropertyList,
                                  LPDWORD pcbPropertyListSize) {
  return Guarded([&]() -> DWORD {
    if (ppszOutValue == nullptr) return ERROR_INVALID_PARAMETER;
    Entry entry;
    if (DWORD code = entry.Open(pValueStruct, ppPropertyList, pcbPropertyListSize)) return code;
    if (!entry.Is(CLUSPROP_FORMAT_SZ) && !entry.Is(CLUSPROP_FORMAT_EXPAND_SZ)) {
      return ERROR_INVALID_PARAMETER;
    }
    WCHAR* copy = nullptr;
    if (entry.value().length() > 0) {
      absl::StatusOr<clusprop::Utf16View> text = entry.value().AsString();
      if (!text.ok()) return ERROR_INVALID_PARAMETER;
      copy = LocalWideCopy(*text);
      if (copy == nullptr) return ERROR_NOT_ENOUGH_MEMORY;
    }
    *ppszOutValue = copy;
    entry.Consume(ppPropertyList, pcbPropertyListSize);
    return ERROR_SUCCESS;
  });
}

DWORD WINAPI ResUtilGetMultiSzProperty(LPWSTR* ppszOutValue, LPDWORD pcbOutValueSize,
                                       const PCLUSPROP_SZ pValueStruct, LPCWSTR /*pszOldValue*/,
                                       DWORD /*cbOldValueSize*/, LPBYTE* ppPropertyList,
                                       LPDWORD pcbPropertyListSize) {
  return Guarded([&]() -> DWORD {
    if (ppszOutValue == nullptr || pcbOutValueSize == nullptr) return ERROR_INVALID_PARAMETER;
    Entry entry;
    if (DWORD code = entry.Open(pValueStruct, ppPropertyList, pcbPropertyListSize)) return code;
    if (!entry.Is(CLUSPROP_FORMAT_MULTI_SZ)) return ERROR_INVALID_PARAMETER;
    WCHAR* copy = nullptr;
    DWORD bytes = 0;
    if (entry.value().length() > 0) {
      absl::StatusOr<clusprop::MultiStringView> strings = entry.value().AsMultiString();
      if (!strings.ok()) return ERROR_INVALID_PARAMETER;
      copy = LocalMultiSzCopy(*strings, &bytes);
      if (copy == nullptr) return ERROR_NOT_ENOUGH_MEMORY;
    }
    *ppszOutValue = copy;
    *pcbOutValueSize = bytes;
    entry.Consume(ppPropertyList, pcbPropertyListSize);
    return ERROR_SUCCESS;
  });
}

DWORD WINAPI ResUtilGetBinaryProperty(LPBYTE* ppbOutValue, LPDWORD pcbOutValueSize,
                                      const PCLUSPROP_BINARY pValueStruct,
                                      const LPBYTE /*pbOldValue*/, DWORD /*cbOldValueSize*/,
                                      LPBYTE* ppPropertyList, LPDWORD pcbPropertyListSize) {
  return Guarded([&]() -> DWORD {
    if (ppbOutValue == nullptr || pcbOutValueSize == nullptr) return ERROR_INVALID_PARAMETER;
    Entry entry;
    if (DWORD code = entry.Open(pValueStruct, ppPropertyList, pcbPropertyListSize)) return code;
    if (!entry.Is(CLUSPROP_FORMAT_BINARY)) return ERROR_INVALID_PARAMETER;
    const DWORD size = entry.value().length();
    BYTE* copy = nullptr;
    if (size > 0) {
      copy = LocalCopy(entry.value().data().data(), size);
      if (copy == nullptr) return ERROR_NOT_ENOUGH_MEMORY;
    }
    *ppbOutValue = copy;
    *pcbOutValueSize = size;
    entry.Consume(ppPropertyList, pcbPropertyListSize);
    return ERROR_SUCCESS;
  });
}

PWSTR WINAPI ResUtilDupString(LPCWSTR pszInString) {
  if (pszInString == nullptr) {
    SetLastError(ERROR_INVALID_PARAMETER);
    return nullptr;
  }
  WCHAR* copy = reinterpret_cast<WCHAR*>(
      LocalCopy(pszInString, (std::wcslen(pszInString) + 1) * sizeof(WCHAR)));
  if (copy == nullptr) SetLastError(ERROR_NOT_ENOUGH_MEMORY);
  return copy;
}

}  // extern "C"
