// ResUtilGet*Value and ResUtilSet*Value: one value of the cluster database, read into a
// LocalAlloc'ed copy or written together with the caller's copy of it.

#include <cstdlib>
#include <cstring>
#include <cwchar>
#include <string>

#include "resutil/internal.h"
#include "resutil/registry.h"

namespace clusprop {
namespace resutil {
namespace {

// Stored text (WCHAR units) up to its first NUL or its end, NUL-terminated.
std::basic_string<WCHAR> TextOf(const StoredValue& value) {
  std::basic_string<WCHAR> text(value.data.size() / sizeof(WCHAR), 0);
  if (!text.empty()) std::memcpy(&text[0], value.data.data(), text.size() * sizeof(WCHAR));
  return std::basic_string<WCHAR>(text.c_str());
}

// %NAME% replaced by the environment variable NAME where it is set, as
// ExpandEnvironmentStrings does; any other text is kept.
std::basic_string<WCHAR> Expand(const std::basic_string<WCHAR>& text) {
  std::basic_string<WCHAR> out;
  size_t i = 0;
  while (i < text.size()) {
    const size_t close = text[i] == L'%' ? text.find(L'%', i + 1) : std::wstring::npos;
    if (close == std::wstring::npos) {
      out.push_back(text[i++]);
      continue;
    }
    std::optional<std::string> name = WideToUtf8(text.data() + i + 1, close - i - 1);
    const char* value = name && !name->empty() ? std::getenv(name->c_str()) : nullptr;
    if (value == nullptr) {  // not a variable: the '%' stays, and the search goes on after it
      out.push_back(text[i++]);
      continue;
    }
    out += Utf8ToWide(value);
    i = close + 1;
  }
  return out;
}

// A LocalAlloc'ed copy of NUL-terminated text; NULL with GetLastError() set.
LPWSTR LocalText(const std::basic_string<WCHAR>& text) {
  auto* copy = reinterpret_cast<LPWSTR>(LocalCopy(text.c_str(), (text.size() + 1) * sizeof(WCHAR)));
  SetLastError(copy == nullptr ? ERROR_NOT_ENOUGH_MEMORY : ERROR_SUCCESS);
  return copy;
}

// The string value `name` (REG_SZ, REG_EXPAND_SZ or REG_MULTI_SZ: its first string).
LPWSTR GetText(HKEY key, LPCWSTR name, bool expand) {
  StoredValue value;
  DWORD code = ReadStored(key, name, &value);
  if (code == ERROR_SUCCESS && value.type != REG_SZ && value.type != REG_EXPAND_SZ &&
      value.type != REG_MULTI_SZ) {
    code = ERROR_INVALID_DATA;
  }
  if (code != ERROR_SUCCESS) {
    SetLastError(code);
    return nullptr;
  }
  const std::basic_string<WCHAR> text = TextOf(value);
  return LocalText(expand ? Expand(text) : text);
}

// A fixed-size value of `type`, or `fallback` when there is none.
template <typename T>
DWORD GetNumber(HKEY key, LPCWSTR name, DWORD type, T* out, T fallback) {
  if (out == nullptr) return ERROR_INVALID_PARAMETER;
  StoredValue value;
  const DWORD code = ReadStored(key, name, &value);
  if (code == ERROR_FILE_NOT_FOUND) {
    *out = fallback;
    return ERROR_SUCCESS;
  }
  if (code != ERROR_SUCCESS) return code;
  if (value.type != type || value.data.size() != sizeof(T)) return ERROR_INVALID_PARAMETER;
  std::memcpy(out, value.data.data(), sizeof(T));
  return ERROR_SUCCESS;
}

// Writes the value, then replaces *copy (if given) by a LocalAlloc'ed copy of it.
DWORD SetAndCopy(HKEY key, LPCWSTR name, DWORD type, const void* data, DWORD size, void** copy,
                 LPDWORD copy_size) {
  if (data == nullptr && size != 0) return ERROR_INVALID_PARAMETER;
  void* fresh = nullptr;
  if (copy != nullptr && (fresh = LocalCopy(data, size)) == nullptr) {
    return ERROR_NOT_ENOUGH_MEMORY;
  }
  const DWORD code = ClusterRegSetValue(key, name, type, static_cast<const BYTE*>(data), size);
  if (code != ERROR_SUCCESS) {
    LocalFree(fresh);
    return code;
  }
  if (copy != nullptr) {
    LocalFree(*copy);
    *copy = fresh;
  }
  if (copy_size != nullptr) *copy_size = size;
  return ERROR_SUCCESS;
}

DWORD SetText(HKEY key, LPCWSTR name, DWORD type, LPCWSTR text, LPWSTR* copy) {
  if (text == nullptr) return ERROR_INVALID_PARAMETER;
  return SetAndCopy(key, name, type, text,
                    static_cast<DWORD>((std::wcslen(text) + 1) * sizeof(WCHAR)),
                    reinterpret_cast<void**>(copy), nullptr);
}

}  // namespace
}  // namespace resutil
}  // namespace clusprop

using namespace clusprop::resutil;  // NOLINT: the C entry points below

extern "C" {

DWORD WINAPI ResUtilGetBinaryValue(HKEY hkeyClusterKey, LPCWSTR pszValueName, LPBYTE* ppbOutValue,
                                   LPDWORD pcbOutValueSize) {
  return Guarded([&]() -> DWORD {
    if (ppbOutValue == nullptr) return ERROR_INVALID_PARAMETER;
    StoredValue value;
    if (DWORD code = ReadStored(hkeyClusterKey, pszValueName, &value)) return code;
    BYTE* copy = LocalCopy(value.data.data(), value.data.size());
    if (copy == nullptr) return ERROR_NOT_ENOUGH_MEMORY;
    *ppbOutValue = copy;
    if (pcbOutValueSize != nullptr) *pcbOutValueSize = static_cast<DWORD>(value.data.size());
    return ERROR_SUCCESS;
  });
}

LPWSTR WINAPI ResUtilGetSzValue(HKEY hkeyClusterKey, LPCWSTR pszValueName) {
  LPWSTR text = nullptr;
  const DWORD code = Guarded([&]() -> DWORD {
    text = GetText(hkeyClusterKey, pszValueName, /*expand=*/false);
    return GetLastError();
  });
  if (text == nullptr) SetLastError(code);
  return text;
}

LPWSTR WINAPI ResUtilGetExpandSzValue(HKEY hkeyClusterKey, LPCWSTR pszValueName, BOOL bExpand) {
  LPWSTR text = nullptr;
  const DWORD code = Guarded([&]() -> DWORD {
    text = GetText(hkeyClusterKey, pszValueName, bExpand != FALSE);
    return GetLastError();
  });
  if (text == nullptr) SetLastError(code);
  return text;
}

DWORD WINAPI ResUtilGetDwordValue(HKEY hkeyClusterKey, LPCWSTR pszValueName, LPDWORD pdwOutValue,
                                  DWORD dwDefaultValue) {
  return Guarded([&] {
    return GetNumber<DWORD>(hkeyClusterKey, pszValueName, REG_DWORD, pdwOutValue, dwDefaultValue);
  });
}

DWORD WINAPI ResUtilGetQwordValue(HKEY hkeyClusterKey, LPCWSTR pszValueName, PULONGLONG pqwOutValue,
                                  ULONGLONG qwDefaultValue) {
  return Guarded([&] {
    return GetNumber<ULONGLONG>(hkeyClusterKey, pszValueName, REG_QWORD, pqwOutValue,
                                qwDefaultValue);
  });
}

DWORD WINAPI ResUtilSetBinaryValue(HKEY hkeyClusterKey, LPCWSTR pszValueName,
                                   const LPBYTE pbNewValue, DWORD cbNewValueSize,
                                   LPBYTE* ppbOutValue, LPDWORD pcbOutValueSize) {
  return Guarded([&] {
    return SetAndCopy(hkeyClusterKey, pszValueName, REG_BINARY, pbNewValue, cbNewValueSize,
                      reinterpret_cast<void**>(ppbOutValue), pcbOutValueSize);
  });
}

DWORD WINAPI ResUtilSetSzValue(HKEY hkeyClusterKey, LPCWSTR pszValueName, LPCWSTR pszNewValue,
                               LPWSTR* ppszOutString) {
  return Guarded(
      [&] { return SetText(hkeyClusterKey, pszValueName, REG_SZ, pszNewValue, ppszOutString); });
}

DWORD WINAPI ResUtilSetExpandSzValue(HKEY hkeyClusterKey, LPCWSTR pszValueName, LPCWSTR pszNewValue,
                                     LPWSTR* ppszOutString) {
  return Guarded([&] {
    return SetText(hkeyClusterKey, pszValueName, REG_EXPAND_SZ, pszNewValue, ppszOutString);
  });
}

DWORD WINAPI ResUtilSetMultiSzValue(HKEY hkeyClusterKey, LPCWSTR pszValueName, LPCWSTR pszNewValue,
                                    DWORD cbNewValueSize, LPWSTR* ppszOutValue,
                                    LPDWORD pcbOutValueSize) {
  return Guarded([&] {
    return SetAndCopy(hkeyClusterKey, pszValueName, REG_MULTI_SZ, pszNewValue, cbNewValueSize,
                      reinterpret_cast<void**>(ppszOutValue), pcbOutValueSize);
  });
}

DWORD WINAPI ResUtilSetDwordValue(HKEY hkeyClusterKey, LPCWSTR pszValueName, DWORD dwNewValue,
                                  LPDWORD pdwOutValue) {
  return Guarded([&]() -> DWORD {
    const DWORD code =
        ClusterRegSetValue(hkeyClusterKey, pszValueName, REG_DWORD,
                           reinterpret_cast<const BYTE*>(&dwNewValue), sizeof(dwNewValue));
    if (code == ERROR_SUCCESS && pdwOutValue != nullptr) *pdwOutValue = dwNewValue;
    return code;
  });
}

DWORD WINAPI ResUtilSetQwordValue(HKEY hkeyClusterKey, LPCWSTR pszValueName, ULONGLONG qwNewValue,
                                  PULONGLONG pqwOutValue) {
  return Guarded([&]() -> DWORD {
    const DWORD code =
        ClusterRegSetValue(hkeyClusterKey, pszValueName, REG_QWORD,
                           reinterpret_cast<const BYTE*>(&qwNewValue), sizeof(qwNewValue));
    if (code == ERROR_SUCCESS && pqwOutValue != nullptr) *pqwOutValue = qwNewValue;
    return code;
  });
}

}  // extern "C"
