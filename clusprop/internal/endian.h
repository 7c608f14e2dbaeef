// Little-endian loads and stores at any alignment. CLUSPROP is little-endian on every host;
// memcpy keeps unaligned access defined and compiles to a single move on x86 and ARM.

#ifndef CLUSPROP_INTERNAL_ENDIAN_H_
#define CLUSPROP_INTERNAL_ENDIAN_H_

#include <cstdint>
#include <cstring>

namespace clusprop {
namespace internal {

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
inline uint16_t FromLittle16(uint16_t v) { return __builtin_bswap16(v); }
inline uint32_t FromLittle32(uint32_t v) { return __builtin_bswap32(v); }
inline uint64_t FromLittle64(uint64_t v) { return __builtin_bswap64(v); }
#else
inline uint16_t FromLittle16(uint16_t v) { return v; }
inline uint32_t FromLittle32(uint32_t v) { return v; }
inline uint64_t FromLittle64(uint64_t v) { return v; }
#endif

inline uint16_t LoadLE16(const uint8_t* p) {
  uint16_t v;
  std::memcpy(&v, p, sizeof(v));
  return FromLittle16(v);
}
inline uint32_t LoadLE32(const uint8_t* p) {
  uint32_t v;
  std::memcpy(&v, p, sizeof(v));
  return FromLittle32(v);
}
inline uint64_t LoadLE64(const uint8_t* p) {
  uint64_t v;
  std::memcpy(&v, p, sizeof(v));
  return FromLittle64(v);
}

inline void StoreLE16(uint8_t* p, uint16_t v) {
  v = FromLittle16(v);
  std::memcpy(p, &v, sizeof(v));
}
inline void StoreLE32(uint8_t* p, uint32_t v) {
  v = FromLittle32(v);
  std::memcpy(p, &v, sizeof(v));
}
inline void StoreLE64(uint8_t* p, uint64_t v) {
  v = FromLittle64(v);
  std::memcpy(p, &v, sizeof(v));
}

}  // namespace internal
}  // namespace clusprop

#endif  // CLUSPROP_INTERNAL_ENDIAN_H_
