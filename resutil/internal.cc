#include "resutil/internal.h"

#include <cwchar>
#include <string>

namespace clusprop {
namespace resutil {

static_assert(ERROR_BAD_ARGUMENTS == kErrorBadArguments);

namespace {

bool IsSurrogate(char32_t c) { return c >= 0xD800 && c <= 0xDFFF; }

// The code point at text[i] of well-formed UTF-16; *i moves past it.
char32_t NextCodePoint(Utf16View text, size_t* i) {
  const char32_t unit = text[(*i)++];
  if (unit >= 0xD800 && unit <= 0xDBFF && *i < text.size()) {
    const char32_t low = text[(*i)++];
    return 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
  }
  return unit;
}

}  // namespace

DWORD ListErrorCode(const absl::Status& status) {
  if (IsTruncated(status)) return ERROR_INSUFFICIENT_BUFFER;
  return Win32CodeOf(status);
}

absl::StatusOr<PropertyListReader> OpenList(const void* bytes, DWORD cb) {
  if (bytes == nullptr) return Win32Error(kErrorInvalidData, "no property list");
  return PropertyListReader::Open(absl::MakeConstSpan(static_cast<const uint8_t*>(bytes), cb));
}

BYTE* LocalCopy(const void* data, size_t size) {
  BYTE* copy = static_cast<BYTE*>(LocalAlloc(LMEM_FIXED, size));
  if (copy != nullptr && size > 0) std::memcpy(copy, data, size);
  return copy;
}

namespace {

// The code point at text[*i] (of `length` units), *i moved past it: one unit where WCHAR has 32
// bits, a unit or a surrogate pair where it has 16. nullopt for a unit that is no character (an
// unpaired surrogate, a value above U+10FFFF).
std::optional<char32_t> NextWide(const WCHAR* text, size_t length, size_t* i) {
  char32_t c = static_cast<char32_t>(text[(*i)++]);
  if constexpr (sizeof(WCHAR) == sizeof(char16_t)) {
    c &= 0xFFFF;
    if (c >= 0xD800 && c <= 0xDBFF && *i < length) {
      const char32_t low = static_cast<char32_t>(text[*i]) & 0xFFFF;
      if (low >= 0xDC00 && low <= 0xDFFF) {
        ++*i;
        return 0x10000 + ((c - 0xD800) << 10) + (low - 0xDC00);
      }
    }
  }
  if (IsSurrogate(c) || c > 0x10FFFF) return std::nullopt;
  return c;
}

}  // namespace

std::optional<std::string> WideToUtf8(const WCHAR* text, size_t length) {
  std::string utf8;
  utf8.reserve(length);
  for (size_t i = 0; i < length;) {
    const std::optional<char32_t> c = NextWide(text, length, &i);
    if (!c) return std::nullopt;
    AppendUtf8(*c, &utf8);
  }
  return utf8;
}

std::optional<std::string> WideToUtf8(const WCHAR* text) {
  return WideToUtf8(text, std::wcslen(text));
}

std::optional<std::u16string> WideToUtf16(const WCHAR* text) {
  std::u16string utf16;
  const size_t length = std::wcslen(text);
  for (size_t i = 0; i < length;) {
    const std::optional<char32_t> code_point = NextWide(text, length, &i);
    if (!code_point) return std::nullopt;
    const char32_t c = *code_point;
    if (c < 0x10000) {
      utf16.push_back(static_cast<char16_t>(c));
    } else {
      utf16.push_back(static_cast<char16_t>(0xD800 + ((c - 0x10000) >> 10)));
      utf16.push_back(static_cast<char16_t>(0xDC00 + ((c - 0x10000) & 0x3FF)));
    }
  }
  return utf16;
}

std::basic_string<WCHAR> Utf8ToWide(const std::string& utf8) {
  absl::StatusOr<std::u16string> utf16 = Utf8ToUtf16(utf8);
  std::basic_string<WCHAR> wide;
  if (!utf16.ok()) return wide;
  AppendWide(Utf16View(reinterpret_cast<const uint8_t*>(utf16->data()), utf16->size()), &wide);
  return wide;
}

void AppendWide(Utf16View text, std::basic_string<WCHAR>* out) {
  if constexpr (sizeof(WCHAR) == sizeof(char16_t)) {  // the units as they are
    for (size_t i = 0; i < text.size(); ++i) out->push_back(static_cast<WCHAR>(text[i]));
  } else {
    for (size_t i = 0; i < text.size();) {
      out->push_back(static_cast<WCHAR>(NextCodePoint(text, &i)));
    }
  }
}

namespace {

// Moves `wide` into a LocalAlloc'ed block of its units (its NULs included).
WCHAR* LocalWide(const std::basic_string<WCHAR>& wide) {
  return reinterpret_cast<WCHAR*>(LocalCopy(wide.data(), wide.size() * sizeof(WCHAR)));
}

}  // namespace

WCHAR* LocalWideCopy(Utf16View text, size_t extra_nuls) {
  std::basic_string<WCHAR> wide;
  wide.reserve(text.size() + 1 + extra_nuls);
  AppendWide(text, &wide);
  wide.append(1 + extra_nuls, 0);
  return LocalWide(wide);
}

WCHAR* LocalMultiSzCopy(const MultiStringView& strings, DWORD* bytes) {
  std::basic_string<WCHAR> wide;
  for (Utf16View s : strings) {
    AppendWide(s, &wide);
    wide.push_back(0);
  }
  wide.push_back(0);
  if (wide.size() == 1) wide.push_back(0);  // an empty MULTI_SZ is two NULs
  *bytes = static_cast<DWORD>(wide.size() * sizeof(WCHAR));
  return LocalWide(wide);
}

}  // namespace resutil
}  // namespace clusprop
