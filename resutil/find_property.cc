// ResUtilFind*Property: the first property of a name in a list, and its first value.

#include <optional>
#include <string>

#include "clusprop/lookup.h"
#include "resutil/internal.h"

namespace clusprop {
namespace resutil {
namespace {

// Which value formats each string search accepts.
enum class StringKind { kAnySz, kExpandSz, kExpandedSz };

bool Accepts(StringKind kind, Format format) {
  switch (kind) {
    case StringKind::kAnySz:
      return format == Format::kSz || format == Format::kExpandSz || format == Format::kExpandedSz;
    case StringKind::kExpandSz:
      return format == Format::kExpandSz;
    case StringKind::kExpandedSz:
      return format == Format::kExpandedSz || format == Format::kSz;
  }
  return false;
}

// The first value of the property named `name` in the list, or the code to return.
struct Found {
  DWORD code = ERROR_SUCCESS;
  ValueView value;
};

Found FindFirstValue(const void* list, DWORD cb, LPCWSTR name) {
  if (name == nullptr) return {ERROR_INVALID_PARAMETER, {}};
  absl::StatusOr<PropertyListReader> reader = OpenList(list, cb);
  if (!reader.ok()) return {ListErrorCode(reader.status()), {}};
  std::optional<std::u16string> utf16 = WideToUtf16(name);
  if (!utf16) return {ERROR_FILE_NOT_FOUND, {}};  // a name no list can hold
  std::optional<PropertyView> property = FindProperty(*reader, *utf16);
  if (!property) return {ERROR_FILE_NOT_FOUND, {}};
  return {ERROR_SUCCESS, property->first_value()};
}

DWORD FindString(const void* list, DWORD cb, LPCWSTR name, StringKind kind, LPWSTR* out) {
  return Guarded([&]() -> DWORD {
    Found found = FindFirstValue(list, cb, name);
    if (found.code != ERROR_SUCCESS) return found.code;
    if (!Accepts(kind, found.value.format())) return ERROR_INVALID_DATA;
    absl::StatusOr<Utf16View> text = found.value.AsString();
    if (!text.ok()) return ERROR_INVALID_DATA;
    if (out == nullptr) return ERROR_SUCCESS;
    WCHAR* copy = LocalWideCopy(*text);
    if (copy == nullptr) return ERROR_NOT_ENOUGH_MEMORY;
    *out = copy;
    return ERROR_SUCCESS;
  });
}

// A fixed-size value of `format`, read by `read` (a ValueView accessor) into *out.
template <typename T, typename Read>
DWORD FindFixed(const void* list, DWORD cb, LPCWSTR name, T* out, Read read) {
  return Guarded([&]() -> DWORD {
    if (out == nullptr) return ERROR_INVALID_PARAMETER;
    Found found = FindFirstValue(list, cb, name);
    if (found.code != ERROR_SUCCESS) return found.code;
    auto value = (found.value.*read)();
    if (!value.ok()) return ERROR_INVALID_DATA;  // another format, or the wrong cbLength
    *out = static_cast<T>(*value);
    return ERROR_SUCCESS;
  });
}

}  // namespace
}  // namespace resutil
}  // namespace clusprop

using clusprop::ValueView;
using clusprop::resutil::FindFixed;
using clusprop::resutil::FindString;
using clusprop::resutil::StringKind;

extern "C" {

DWORD WINAPI ResUtilFindSzProperty(const PVOID pPropertyList, DWORD cbPropertyListSize,
                                   LPCWSTR pszPropertyName, LPWSTR* pszPropertyValue) {
  return FindString(pPropertyList, cbPropertyListSize, pszPropertyName, StringKind::kAnySz,
                    pszPropertyValue);
}

DWORD WINAPI ResUtilFindExpandSzProperty(const PVOID pPropertyList, DWORD cbPropertyListSize,
                                         LPCWSTR pszPropertyName, LPWSTR* pszPropertyValue) {
  return FindString(pPropertyList, cbPropertyListSize, pszPropertyName, StringKind::kExpandSz,
                    pszPropertyValue);
}

DWORD WINAPI ResUtilFindExpandedSzProperty(const PVOID pPropertyList, DWORD cbPropertyListSize,
                                           LPCWSTR pszPropertyName, LPWSTR* pszPropertyValue) {
  return FindString(pPropertyList, cbPropertyListSize, pszPropertyName, StringKind::kExpandedSz,
                    pszPropertyValue);
}

DWORD WINAPI ResUtilFindDwordProperty(const PVOID pPropertyList, DWORD cbPropertyListSize,
                                      LPCWSTR pszPropertyName, LPDWORD pdwPropertyValue) {
  return FindFixed(pPropertyList, cbPropertyListSize, pszPropertyName, pdwPropertyValue,
                   &ValueView::AsDword);
}

DWORD WINAPI ResUtilFindLongProperty(const PVOID pPropertyList, DWORD cbPropertyListSize,
                                     LPCWSTR pszPropertyName, LPLONG plPropertyValue) {
  return FindFixed(pPropertyList, cbPropertyListSize, pszPropertyName, plPropertyValue,
                   &ValueView::AsLong);
}

DWORD WINAPI ResUtilFindULargeIntegerProperty(const PVOID pPropertyList, DWORD cbPropertyListSize,
                                              LPCWSTR pszPropertyName, ULONGLONG* plPropertyValue) {
  return FindFixed(pPropertyList, cbPropertyListSize, pszPropertyName, plPropertyValue,
                   &ValueView::AsULargeInteger);
}

DWORD WINAPI ResUtilFindFileTimeProperty(const PVOID pPropertyList, DWORD cbPropertyListSize,
                                         LPCWSTR pszPropertyName, LPFILETIME pftPropertyValue) {
  ULONGLONG ticks = 0;
  const DWORD code = pftPropertyValue == nullptr
                         ? ERROR_INVALID_PARAMETER
                         : FindFixed(pPropertyList, cbPropertyListSize, pszPropertyName, &ticks,
                                     &ValueView::AsFileTime);
  if (code == ERROR_SUCCESS) {
    pftPropertyValue->dwLowDateTime = static_cast<DWORD>(ticks);
    pftPropertyValue->dwHighDateTime = static_cast<DWORD>(ticks >> 32);
  }
  return code;
}

DWORD WINAPI ResUtilFindBinaryProperty(const PVOID pPropertyList, DWORD cbPropertyListSize,
                                       LPCWSTR pszPropertyName, LPBYTE* pbPropertyValue,
                                       LPDWORD pcbPropertyValueSize) {
  return clusprop::resutil::Guarded([&]() -> DWORD {
    using namespace clusprop::resutil;
    Found found = FindFirstValue(pPropertyList, cbPropertyListSize, pszPropertyName);
    if (found.code != ERROR_SUCCESS) return found.code;
    absl::StatusOr<absl::Span<const uint8_t>> bytes = found.value.AsBinary();
    if (!bytes.ok()) return ERROR_INVALID_DATA;
    if (pbPropertyValue != nullptr) {
      BYTE* copy = LocalCopy(bytes->data(), bytes->size());
      if (copy == nullptr) return ERROR_NOT_ENOUGH_MEMORY;
      *pbPropertyValue = copy;
    }
    if (pcbPropertyValueSize != nullptr) *pcbPropertyValueSize = static_cast<DWORD>(bytes->size());
    return ERROR_SUCCESS;
  });
}

DWORD WINAPI ResUtilFindMultiSzProperty(const PVOID pPropertyList, DWORD cbPropertyListSize,
                                        LPCWSTR pszPropertyName, LPWSTR* pszPropertyValue,
                                        LPDWORD pcbPropertyValueSize) {
  return clusprop::resutil::Guarded([&]() -> DWORD {
    using namespace clusprop::resutil;
    Found found = FindFirstValue(pPropertyList, cbPropertyListSize, pszPropertyName);
    if (found.code != ERROR_SUCCESS) return found.code;
    absl::StatusOr<clusprop::MultiStringView> strings = found.value.AsMultiString();
    if (!strings.ok()) return ERROR_INVALID_DATA;
    DWORD bytes = 0;
    WCHAR* copy = LocalMultiSzCopy(*strings, &bytes);
    if (copy == nullptr) return ERROR_NOT_ENOUGH_MEMORY;
    if (pszPropertyValue != nullptr) {
      *pszPropertyValue = copy;
    } else {
      LocalFree(copy);
    }
    if (pcbPropertyValueSize != nullptr) *pcbPropertyValueSize = bytes;
    return ERROR_SUCCESS;
  });
}

}  // extern "C"
