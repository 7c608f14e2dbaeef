#include "clusprop/utf16.h"

#include <cstring>

#include "clusprop/win32_error.h"

namespace clusprop {
namespace {

constexpr char32_t kReplacement = 0xFFFD;
constexpr char32_t kInvalid = 0xFFFFFFFF;

bool IsHighSurrogate(char32_t u) { return u >= 0xD800 && u <= 0xDBFF; }
bool IsLowSurrogate(char32_t u) { return u >= 0xDC00 && u <= 0xDFFF; }

// Reads one code point from a UTF-16 source at `*i`, advancing it. Unpaired surrogates are
// returned as kInvalid.
template <typename UnitAt>
char32_t NextUtf16(UnitAt unit_at, size_t size, size_t* i) {
  char32_t u = unit_at((*i)++);
  if (IsHighSurrogate(u)) {
    if (*i < size && IsLowSurrogate(unit_at(*i))) {
      char32_t low = unit_at((*i)++);
      return 0x10000 + ((u - 0xD800) << 10) + (low - 0xDC00);
    }
    return kInvalid;
  }
  return IsLowSurrogate(u) ? kInvalid : u;
}

// Reads one code point of UTF-8 at `*i`, advancing it; kInvalid for an ill-formed sequence.
char32_t NextUtf8(std::string_view s, size_t* i) {
  const auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char b0 = byte((*i)++);
  if (b0 < 0x80) return b0;
  int extra;
  char32_t cp;
  char32_t min;
  if ((b0 & 0xE0) == 0xC0) {
    extra = 1, cp = b0 & 0x1F, min = 0x80;
  } else if ((b0 & 0xF0) == 0xE0) {
    extra = 2, cp = b0 & 0x0F, min = 0x800;
  } else if ((b0 & 0xF8) == 0xF0) {
    extra = 3, cp = b0 & 0x07, min = 0x10000;
  } else {
    return kInvalid;
  }
  if (s.size() - *i < static_cast<size_t>(extra)) return kInvalid;
  for (int k = 0; k < extra; ++k) {
    unsigned char b = byte((*i)++);
    if ((b & 0xC0) != 0x80) return kInvalid;
    cp = (cp << 6) | (b & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return kInvalid;
  return cp;
}

template <typename UnitAt>
bool WellFormed(UnitAt unit_at, size_t size) {
  for (size_t i = 0; i < size;) {
    if (NextUtf16(unit_at, size, &i) == kInvalid) return false;
  }
  return true;
}

// Like NextUtf16, but an unpaired surrogate is returned as itself (0xD800-0xDFFF, which no
// well-formed code point read from UTF-16 can be), so that it compares equal to the same unit
// only. FoldCase leaves the surrogate range alone.
template <typename UnitAt>
char32_t NextUtf16ForComparison(UnitAt unit_at, size_t size, size_t* i) {
  const size_t at = *i;
  char32_t cp = NextUtf16(unit_at, size, i);
  return cp == kInvalid ? static_cast<char32_t>(unit_at(at)) : cp;
}

// Compares two UTF-16 sources code point by code point after folding; unpaired surrogates
// compare exactly.
template <typename UnitAtA, typename UnitAtB>
bool EqualFolded(UnitAtA a, size_t a_size, UnitAtB b, size_t b_size) {
  size_t i = 0;
  size_t j = 0;
  while (i < a_size && j < b_size) {
    char32_t x = NextUtf16ForComparison(a, a_size, &i);
    char32_t y = NextUtf16ForComparison(b, b_size, &j);
    if (x != y && FoldCase(x) != FoldCase(y)) return false;
  }
  return i == a_size && j == b_size;
}

// Calls emit(char16_t) for each UTF-16 code unit of well-formed `utf8`.
template <typename Emit>
void ForEachUtf16Unit(std::string_view utf8, Emit emit) {
  for (size_t i = 0; i < utf8.size();) {
    char32_t cp = NextUtf8(utf8, &i);
    if (cp >= 0x10000) {
      cp -= 0x10000;
      emit(static_cast<char16_t>(0xD800 + (cp >> 10)));
      emit(static_cast<char16_t>(0xDC00 + (cp & 0x3FF)));
    } else {
      emit(static_cast<char16_t>(cp));
    }
  }
}

}  // namespace

void AppendUtf8(char32_t cp, std::string* out) {
  if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = kReplacement;
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

char32_t FoldCase(char32_t c) {
  if (c >= 'A' && c <= 'Z') return c + 32;
  if (c >= 0xC0 && c <= 0xDE && c != 0xD7) return c + 32;
  return c;
}

bool Utf16View::IsWellFormed() const {
  return WellFormed([this](size_t k) { return (*this)[k]; }, units_);
}

std::string Utf16View::ToUtf8() const {
  std::string out;
  out.reserve(units_);
  for (size_t i = 0; i < units_;) {
    char32_t cp = NextUtf16([this](size_t k) { return (*this)[k]; }, units_, &i);
    AppendUtf8(cp == kInvalid ? kReplacement : cp, &out);
  }
  return out;
}

std::u16string Utf16View::ToU16String() const {
  std::u16string out(units_, u'\0');
  for (size_t i = 0; i < units_; ++i) out[i] = (*this)[i];
  return out;
}

bool Utf16View::EqualsIgnoreCase(std::string_view utf8) const {
  // UTF-8 takes at least one byte for each UTF-16 unit: shorter text cannot be equal.
  if (utf8.size() < units_) return false;
  // ASCII, the common case for names, unit by byte; the rest code point by code point.
  size_t i = 0;
  for (; i < units_; ++i) {
    const char16_t unit = (*this)[i];
    const auto byte = static_cast<unsigned char>(utf8[i]);
    if ((unit | byte) >= 0x80) break;
    if (unit != byte && FoldCase(unit) != FoldCase(byte)) return false;
  }
  size_t j = i;
  while (i < units_ && j < utf8.size()) {
    char32_t x = NextUtf16([this](size_t k) { return (*this)[k]; }, units_, &i);
    char32_t y = NextUtf8(utf8, &j);
    // Well-formed UTF-8 cannot spell a surrogate: an unpaired one in the view matches nothing.
    if (x == kInvalid || y == kInvalid) return false;
    if (x != y && FoldCase(x) != FoldCase(y)) return false;
  }
  return i == units_ && j == utf8.size();
}

bool Utf16View::EqualsIgnoreCase(std::u16string_view utf16) const {
  return EqualFolded([this](size_t k) { return (*this)[k]; }, units_,
                     [utf16](size_t k) { return utf16[k]; }, utf16.size());
}

bool Utf16View::EqualsIgnoreCase(Utf16View other) const {
  return EqualFolded([this](size_t k) { return (*this)[k]; }, units_,
                     [other](size_t k) { return other[k]; }, other.units_);
}

bool operator==(Utf16View a, Utf16View b) {
  if (a.units_ != b.units_) return false;
  return a.units_ == 0 || std::memcmp(a.data_, b.data_, 2 * a.units_) == 0;
}

bool IsWellFormedUtf16(std::u16string_view text) {
  return WellFormed([text](size_t k) { return text[k]; }, text.size());
}

namespace {

// The length of `utf8`'s leading run of ASCII bytes, each one UTF-16 unit: the usual text
// needs no decoding at all.
size_t AsciiPrefix(std::string_view utf8) {
  size_t i = 0;
  for (; i + 8 <= utf8.size(); i += 8) {  // eight bytes at a time: no high bit set
    uint64_t word;
    std::memcpy(&word, utf8.data() + i, sizeof(word));
    if (word & 0x8080808080808080u) break;
  }
  while (i < utf8.size() && static_cast<unsigned char>(utf8[i]) < 0x80) ++i;
  return i;
}

// Four ASCII bytes c0..c3 as the UTF-16LE bytes c0 0 c1 0 c2 0 c3 0: each step moves the upper
// half of every lane up by half a lane.
uint64_t WidenAscii4(const char* in) {
  uint64_t x = internal::LoadLE32(reinterpret_cast<const uint8_t*>(in));
  x = (x | (x << 16)) & 0x0000FFFF0000FFFFu;
  return (x | (x << 8)) & 0x00FF00FF00FF00FFu;
}

}  // namespace

std::optional<size_t> Utf16LengthOfUtf8(std::string_view utf8) {
  size_t units = AsciiPrefix(utf8);
  for (size_t i = units; i < utf8.size();) {
    char32_t cp = NextUtf8(utf8, &i);
    if (cp == kInvalid) return std::nullopt;
    units += cp >= 0x10000 ? 2 : 1;
  }
  return units;
}

uint8_t* EncodeUtf8AsUtf16LE(std::string_view utf8, uint8_t* out) {
  const size_t ascii = AsciiPrefix(utf8);
  size_t i = 0;
  for (; i + 4 <= ascii; i += 4) internal::StoreLE64(out + 2 * i, WidenAscii4(utf8.data() + i));
  for (; i < ascii; ++i) internal::StoreLE16(out + 2 * i, static_cast<uint8_t>(utf8[i]));
  out += 2 * ascii;
  ForEachUtf16Unit(utf8.substr(ascii), [&out](char16_t unit) {
    internal::StoreLE16(out, unit);
    out += 2;
  });
  return out;
}

absl::StatusOr<std::u16string> Utf8ToUtf16(std::string_view utf8) {
  std::optional<size_t> units = Utf16LengthOfUtf8(utf8);
  if (!units) return Win32Error(kErrorInvalidParameter, "text is not well-formed UTF-8");
  std::u16string out;
  out.reserve(*units);
  ForEachUtf16Unit(utf8, [&out](char16_t unit) { out.push_back(unit); });
  return out;
}

absl::StatusOr<std::string> Utf16ToUtf8(std::u16string_view utf16) {
  std::string out;
  out.reserve(utf16.size());
  for (size_t i = 0; i < utf16.size();) {
    char32_t cp = NextUtf16([utf16](size_t k) { return utf16[k]; }, utf16.size(), &i);
    if (cp == kInvalid) {
      return Win32Error(kErrorInvalidParameter, "text is not well-formed UTF-16");
    }
    AppendUtf8(cp, &out);
  }
  return out;
}

}  // namespace clusprop
