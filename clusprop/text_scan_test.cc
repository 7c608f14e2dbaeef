#include "clusprop/internal/text_scan.h"

#include <cstdint>
#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace clusprop {
namespace internal {
namespace {

// Every implementation of the text loops, each checked against the references below (written
// unit by unit here, sharing no code with the library), so that a broken fast path fails even
// when the portable one is right.
struct Implementation {
  const char* name;
  size_t (*plain_ascii_prefix)(const char*, size_t);
  void (*widen_ascii)(const char*, size_t, uint8_t*);
  size_t (*find_nul_or_surrogate)(const uint8_t*, size_t);
  bool (*equals_folded_ascii)(const uint8_t*, const uint8_t*, size_t);
};

std::vector<Implementation> Implementations() {
  std::vector<Implementation> all = {
      {"portable", portable::PlainAsciiPrefix, portable::WidenAscii, portable::FindNulOrSurrogate,
       portable::EqualsFoldedAscii},
  };
#ifdef CLUSPROP_HAVE_SSE2
  all.push_back({"sse2", sse2::PlainAsciiPrefix, sse2::WidenAscii, sse2::FindNulOrSurrogate,
                 sse2::EqualsFoldedAscii});
#endif
  return all;
}

TEST(TextScanTest, TheLibraryUsesTheFastestImplementation) {
#ifdef CLUSPROP_HAVE_SSE2
  EXPECT_EQ(&fast::FindNulOrSurrogate, &sse2::FindNulOrSurrogate);
  EXPECT_EQ(&fast::EqualsFoldedAscii, &sse2::EqualsFoldedAscii);
  EXPECT_EQ(&fast::PlainAsciiPrefix, &sse2::PlainAsciiPrefix);
  EXPECT_EQ(&fast::WidenAscii, &sse2::WidenAscii);
#else
  EXPECT_EQ(&fast::FindNulOrSurrogate, &portable::FindNulOrSurrogate);
#endif
}

TEST(TextScanTest, StoreDwordEntryWritesItsSixteenBytesAnywhere) {
  std::vector<void (*)(uint8_t*, uint32_t, uint32_t)> stores = {portable::StoreDwordEntry};
#ifdef CLUSPROP_HAVE_SSE2
  stores.push_back(sse2::StoreDwordEntry);
  EXPECT_EQ(&fast::StoreDwordEntry, &sse2::StoreDwordEntry);
#endif
  const std::vector<uint8_t> expected = {0x02, 0x00, 0x01, 0x00, 0x04, 0x00, 0x00, 0x00,
                                         0x78, 0x56, 0x34, 0x12, 0x00, 0x00, 0x00, 0x00};
  for (auto store : stores) {
    for (size_t at = 0; at < 16; ++at) {
      std::vector<uint8_t> bytes(40, 0xEE);
      store(bytes.data() + at, 0x00010002, 0x12345678);
      for (size_t i = 0; i < bytes.size(); ++i) {
        const bool inside = i >= at && i < at + 16;
        EXPECT_EQ(bytes[i], inside ? expected[i - at] : 0xEE) << "at " << at << " byte " << i;
      }
    }
  }
}

std::vector<uint8_t> Le(const std::u16string& units) {
  std::vector<uint8_t> bytes;
  for (char16_t u : units) {
    bytes.push_back(static_cast<uint8_t>(u & 0xFF));
    bytes.push_back(static_cast<uint8_t>(u >> 8));
  }
  return bytes;
}

// Lengths cover no block, whole blocks, and every tail after one and two blocks of 8 and 16.
constexpr size_t kMaxLength = 40;

TEST(TextScanTest, PlainAsciiPrefixStopsAtTheFirstByteOutsideOneTo127) {
  for (const Implementation& impl : Implementations()) {
    for (size_t n = 0; n <= kMaxLength; ++n) {
      std::string text(n, 'a');
      for (size_t i = 0; i < n; ++i) text[i] = static_cast<char>(1 + (i * 37) % 127);
      EXPECT_EQ(impl.plain_ascii_prefix(text.data(), n), n) << impl.name << " " << n;
      for (size_t pos = 0; pos < n; ++pos) {
        for (unsigned char bad : {0x00, 0x80, 0xC3, 0xFF}) {
          std::string with = text;
          with[pos] = static_cast<char>(bad);
          with.back() = n - 1 == pos ? with.back() : static_cast<char>(0x80);  // a later one too
          EXPECT_EQ(impl.plain_ascii_prefix(with.data(), n), pos)
              << impl.name << " length " << n << ", byte " << int{bad} << " at " << pos;
        }
        std::string edge = text;
        edge[pos] = 0x7F;  // the last plain byte
        EXPECT_EQ(impl.plain_ascii_prefix(edge.data(), n), n) << impl.name;
      }
    }
  }
}

TEST(TextScanTest, WidenAsciiWritesExactlyTwoBytesPerCharacter) {
  for (const Implementation& impl : Implementations()) {
    for (size_t n = 0; n <= kMaxLength; ++n) {
      std::string text(n, 'a');
      for (size_t i = 0; i < n; ++i) text[i] = static_cast<char>(1 + (i * 53) % 127);
      std::vector<uint8_t> out(2 * n + 32, 0xEE);  // a canary after the 2n bytes
      impl.widen_ascii(text.data(), n, out.data());
      for (size_t i = 0; i < n; ++i) {
        ASSERT_EQ(out[2 * i], static_cast<uint8_t>(text[i])) << impl.name << " " << n << " " << i;
        ASSERT_EQ(out[2 * i + 1], 0) << impl.name << " " << n << " " << i;
      }
      for (size_t i = 2 * n; i < out.size(); ++i) {
        ASSERT_EQ(out[i], 0xEE) << impl.name << " wrote past the end, length " << n;
      }
    }
  }
}

size_t ReferenceFind(const std::u16string& units) {
  for (size_t i = 0; i < units.size(); ++i) {
    if (units[i] == 0 || (units[i] >= 0xD800 && units[i] <= 0xDFFF)) return i;
  }
  return units.size();
}

TEST(TextScanTest, FindNulOrSurrogateFindsTheFirstAtEveryPosition) {
  const char16_t kSpecial[] = {0x0000, 0xD800, 0xDBFF, 0xDC00, 0xDFFF};
  const char16_t kOrdinary[] = {0x0001, 0x00FF, 0x0100, 0xD7FF, 0xE000, 0xF800, 0xFFFF, 0x8000};
  for (const Implementation& impl : Implementations()) {
    for (size_t n = 0; n <= kMaxLength; ++n) {
      std::u16string text(n, u'a');
      for (size_t i = 0; i < n; ++i) text[i] = kOrdinary[i % 8];
      EXPECT_EQ(impl.find_nul_or_surrogate(Le(text).data(), n), n) << impl.name << " " << n;
      for (size_t pos = 0; pos < n; ++pos) {
        for (char16_t special : kSpecial) {
          std::u16string with = text;
          with[pos] = special;
          if (pos + 3 < n) with[pos + 3] = 0xDC00;  // a later one must not win
          const std::vector<uint8_t> bytes = Le(with);
          EXPECT_EQ(impl.find_nul_or_surrogate(bytes.data(), n), ReferenceFind(with))
              << impl.name << " length " << n << ", unit " << int{special} << " at " << pos;
          EXPECT_EQ(ReferenceFind(with), pos);
        }
      }
    }
  }
}

bool ReferenceEquals(const std::u16string& name, const std::u16string& folded) {
  if (name.size() != folded.size()) return false;
  for (size_t i = 0; i < name.size(); ++i) {
    char16_t u = name[i];
    if (u >= u'A' && u <= u'Z') u = static_cast<char16_t>(u - u'A' + u'a');
    if (u != folded[i]) return false;
  }
  return true;
}

TEST(TextScanTest, EqualsFoldedAsciiFoldsOnlyAToZ) {
  // Units that differ from a folded letter only in bit 5 or in their high byte must not match.
  const std::u16string kAlphabet = u"abcdefghijklmnopqrstuvwxyz0123456789_-. @[`{";
  for (const Implementation& impl : Implementations()) {
    for (size_t n = 0; n <= kMaxLength; ++n) {
      std::u16string folded(n, u'a');
      for (size_t i = 0; i < n; ++i) folded[i] = kAlphabet[(i * 7) % kAlphabet.size()];
      std::u16string name = folded;
      for (size_t i = 0; i < n; i += 2) {  // every other letter upper case
        if (name[i] >= u'a' && name[i] <= u'z') name[i] = static_cast<char16_t>(name[i] - 32);
      }
      const std::vector<uint8_t> f = Le(folded);
      EXPECT_TRUE(impl.equals_folded_ascii(Le(name).data(), f.data(), n)) << impl.name << " " << n;
      for (size_t pos = 0; pos < n; ++pos) {
        const char16_t c = folded[pos];
        std::vector<char16_t> variants = {static_cast<char16_t>(c ^ 0x20),
                                          static_cast<char16_t>(c + 0x100),
                                          static_cast<char16_t>(c + 0x8000), 0x0000, 0xFFFF};
        if (c >= u'a' && c <= u'z') variants.push_back(static_cast<char16_t>(c - 32));
        for (char16_t v : variants) {
          std::u16string with = name;
          with[pos] = v;
          const std::vector<uint8_t> bytes = Le(with);
          EXPECT_EQ(impl.equals_folded_ascii(bytes.data(), f.data(), n),
                    ReferenceEquals(with, folded))
              << impl.name << " length " << n << ", unit " << int{v} << " at " << pos;
        }
      }
    }
  }
}

TEST(TextScanTest, TheEndsOfTheLetterRangeFoldExactly) {
  // '@' and '[' sit either side of 'A'..'Z'; '`' and '{' either side of 'a'..'z'.
  for (const Implementation& impl : Implementations()) {
    for (size_t n : {1, 8, 9, 16, 17}) {
      for (char16_t unit = 0x0000; unit < 0x0100; ++unit) {
        const std::u16string name(n, unit);
        for (char16_t target : {u'@', u'[', u'`', u'{', u'a', u'z'}) {
          const std::u16string folded(n, target);
          EXPECT_EQ(impl.equals_folded_ascii(Le(name).data(), Le(folded).data(), n),
                    ReferenceEquals(name, folded))
              << impl.name << " " << n << " " << int{unit} << " vs " << int{target};
        }
      }
    }
  }
}

}  // namespace
}  // namespace internal
}  // namespace clusprop
