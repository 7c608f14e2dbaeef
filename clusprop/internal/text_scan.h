// The text loops and stores of the hot paths, each in two implementations with one contract:
// `portable` (any host, one unit or a 64-bit word at a time) and `sse2` (x86-64, 16 bytes at a
// time). `fast` names the one the library uses; the tests run both against each other, so a broken
// fast path cannot hide behind a working portable one.
//
// UTF-16 text is given as little-endian bytes (`units` code units at `p`); UTF-8 text as bytes.
// No function reads outside the ranges it is given.

#ifndef CLUSPROP_INTERNAL_TEXT_SCAN_H_
#define CLUSPROP_INTERNAL_TEXT_SCAN_H_

#include <cstddef>
#include <cstdint>

#include "clusprop/internal/endian.h"
#include "clusprop/syntax.h"

#if defined(__SSE2__) && !(defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__)
#include <emmintrin.h>
#define CLUSPROP_HAVE_SSE2 1
#endif

namespace clusprop {
namespace internal {

// A unit the UTF-16 checks stop at: NUL, or a surrogate (0xD800-0xDFFF).
constexpr bool IsNulOrSurrogate(uint16_t unit) { return unit == 0 || (unit & 0xF800) == 0xD800; }
// ASCII case folding of one unit ('A'-'Z' to 'a'-'z'; every other unit is itself).
constexpr uint16_t FoldAscii(uint16_t unit) {
  return unit >= 'A' && unit <= 'Z' ? static_cast<uint16_t>(unit + 32) : unit;
}

namespace portable {

// The number of leading bytes of `s` in 0x01-0x7F: ASCII text without NUL, one UTF-16 unit each.
inline size_t PlainAsciiPrefix(const char* s, size_t n) {
  size_t i = 0;
  while (i < n && static_cast<unsigned char>(s[i]) - 1u < 0x7Fu) ++i;
  return i;
}

// Writes the n bytes of ASCII text `s` as n UTF-16LE units at `out` (exactly 2n bytes).
inline void WidenAscii(const char* s, size_t n, uint8_t* out) {
  for (size_t i = 0; i < n; ++i) StoreLE16(out + 2 * i, static_cast<unsigned char>(s[i]));
}

// The index of the first unit that IsNulOrSurrogate, or `units` when there is none.
inline size_t FindNulOrSurrogate(const uint8_t* p, size_t units) {
  for (size_t i = 0; i < units; ++i) {
    if (IsNulOrSurrogate(LoadLE16(p + 2 * i))) return i;
  }
  return units;
}

// True when the units at `p` equal `folded` (ASCII units, already folded) after FoldAscii.
inline bool EqualsFoldedAscii(const uint8_t* p, const uint8_t* folded, size_t units) {
  for (size_t i = 0; i < units; ++i) {
    if (FoldAscii(LoadLE16(p + 2 * i)) != LoadLE16(folded + 2 * i)) return false;
  }
  return true;
}

// Writes the 16 bytes that follow a NAME entry in a property of one DWORD value: `syntax`,
// cbLength 4, `value`, ENDMARK (all little-endian).
inline void StoreDwordEntry(uint8_t* at, uint32_t syntax, uint32_t value) {
  StoreLE32(at, syntax);
  StoreLE32(at + 4, FixedSizeOf(Format::kDword));
  StoreLE32(at + 8, value);
  StoreLE32(at + 12, kSyntaxEndmark);
}

}  // namespace portable

#ifdef CLUSPROP_HAVE_SSE2
namespace sse2 {

inline __m128i Load(const void* p) { return _mm_loadu_si128(static_cast<const __m128i*>(p)); }

// Bit k set for each byte k of `v` outside 0x01-0x7F.
inline unsigned NotPlainAsciiBytes(__m128i v) {
  return static_cast<unsigned>(
      _mm_movemask_epi8(_mm_or_si128(v, _mm_cmpeq_epi8(v, _mm_setzero_si128()))));
}

inline size_t PlainAsciiPrefix(const char* s, size_t n) {
  size_t i = 0;
  for (; i + 16 <= n; i += 16) {
    if (unsigned bad = NotPlainAsciiBytes(Load(s + i))) {
      return i + static_cast<size_t>(__builtin_ctz(bad));
    }
  }
  return i + portable::PlainAsciiPrefix(s + i, n - i);
}

inline void WidenAscii(const char* s, size_t n, uint8_t* out) {
  const __m128i zero = _mm_setzero_si128();
  size_t i = 0;
  for (; i + 16 <= n; i += 16) {
    const __m128i v = Load(s + i);
    _mm_storeu_si128(reinterpret_cast<__m128i*>(out + 2 * i), _mm_unpacklo_epi8(v, zero));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(out + 2 * i + 16), _mm_unpackhi_epi8(v, zero));
  }
  if (i + 8 <= n) {
    __m128i v = _mm_loadl_epi64(reinterpret_cast<const __m128i*>(s + i));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(out + 2 * i), _mm_unpacklo_epi8(v, zero));
    i += 8;
  }
  portable::WidenAscii(s + i, n - i, out + 2 * i);
}

// Bit 2k (and 2k+1) set for each unit k of `v` that IsNulOrSurrogate.
inline unsigned NulOrSurrogateUnits(__m128i v) {
  const __m128i surrogate =
      _mm_cmpeq_epi16(_mm_and_si128(v, _mm_set1_epi16(static_cast<short>(0xF800))),
                      _mm_set1_epi16(static_cast<short>(0xD800)));
  const __m128i nul = _mm_cmpeq_epi16(v, _mm_setzero_si128());
  return static_cast<unsigned>(_mm_movemask_epi8(_mm_or_si128(surrogate, nul)));
}

inline size_t FindNulOrSurrogate(const uint8_t* p, size_t units) {
  if (units >= 8 && units <= 16) {  // most names: the first and the last eight units, no loop
    const unsigned first = NulOrSurrogateUnits(Load(p));
    const unsigned last = NulOrSurrogateUnits(Load(p + 2 * (units - 8)));
    if ((first | last) == 0) return units;
    return first ? static_cast<size_t>(__builtin_ctz(first)) / 2
                 : units - 8 + static_cast<size_t>(__builtin_ctz(last)) / 2;
  }
  size_t i = 0;
  for (; i + 8 <= units; i += 8) {
    if (unsigned hit = NulOrSurrogateUnits(Load(p + 2 * i))) {
      return i + static_cast<size_t>(__builtin_ctz(hit)) / 2;
    }
  }
  if (i == units || units < 8) return i + portable::FindNulOrSurrogate(p + 2 * i, units - i);
  // The last eight units (overlapping units already found clean).
  const size_t last = units - 8;
  const unsigned hit = NulOrSurrogateUnits(Load(p + 2 * last));
  return hit ? last + static_cast<size_t>(__builtin_ctz(hit)) / 2 : units;
}

// 0xFFFF in each unit of `v` that FoldAscii(v) equals in `folded`.
inline __m128i EqualFoldedUnits(__m128i v, __m128i folded) {
  const __m128i upper = _mm_and_si128(_mm_cmpgt_epi16(v, _mm_set1_epi16('A' - 1)),
                                      _mm_cmplt_epi16(v, _mm_set1_epi16('Z' + 1)));
  const __m128i lowered = _mm_or_si128(v, _mm_and_si128(upper, _mm_set1_epi16(0x20)));
  return _mm_cmpeq_epi16(lowered, folded);
}

inline bool EqualsFoldedAscii(const uint8_t* p, const uint8_t* folded, size_t units) {
  size_t i = 0;
  for (; i + 8 <= units; i += 8) {
    if (_mm_movemask_epi8(EqualFoldedUnits(Load(p + 2 * i), Load(folded + 2 * i))) != 0xFFFF) {
      return false;
    }
  }
  if (i == units || units < 8)
    return portable::EqualsFoldedAscii(p + 2 * i, folded + 2 * i, units - i);
  const size_t last = units - 8;  // the last eight units, overlapping those already compared
  return _mm_movemask_epi8(EqualFoldedUnits(Load(p + 2 * last), Load(folded + 2 * last))) == 0xFFFF;
}

inline void StoreDwordEntry(uint8_t* at, uint32_t syntax, uint32_t value) {
  _mm_storeu_si128(
      reinterpret_cast<__m128i*>(at),
      _mm_set_epi32(static_cast<int>(kSyntaxEndmark), static_cast<int>(value),
                    static_cast<int>(FixedSizeOf(Format::kDword)), static_cast<int>(syntax)));
}

}  // namespace sse2
namespace fast = sse2;
#else
namespace fast = portable;
#endif

}  // namespace internal
}  // namespace clusprop

#endif  // CLUSPROP_INTERNAL_TEXT_SCAN_H_
