// Proves that validation, iteration, every typed read and lookups allocate nothing on success:
// this binary replaces the global operator new with one that counts.

#include <atomic>
#include <cstdlib>
#include <new>
#include <string>
#include <vector>

#include "clusprop/lookup.h"
#include "clusprop/reader.h"
#include "clusprop/writer.h"
#include "gtest/gtest.h"

namespace {
std::atomic<long> g_allocations{0};
}  // namespace

void* operator new(std::size_t size) {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t size) { return operator new(size); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }

namespace clusprop {
namespace {

std::vector<uint8_t> EveryFormat() {
  PropertyListWriter nested;
  nested.BeginProperty("Inner").AddDword(9);
  std::vector<uint8_t> inner(nested.Finish()->begin(), nested.Finish()->end());
  PropertyListWriter writer;
  writer.BeginProperty("dword").AddDword(1);
  writer.BeginProperty("long").AddLong(-1);
  writer.BeginProperty("word").AddWord(2);
  writer.BeginProperty("ularge").AddULargeInteger(3);
  writer.BeginProperty("large").AddLargeInteger(-3);
  writer.BeginProperty("filetime").AddFileTime(4);
  writer.BeginProperty("sz").AddString("text");
  writer.BeginProperty("multi").AddMultiString({"a", "bc"});
  writer.BeginProperty("binary").AddBinary(std::vector<uint8_t>{1, 2, 3});
  writer.BeginProperty("nested").AddPropertyList(inner);
  return std::vector<uint8_t>(writer.Finish()->begin(), writer.Finish()->end());
}

// Reads every value with the accessor of its format; returns how many reads succeeded.
int ReadEverything(const PropertyListReader& list) {
  int ok = 0;
  for (PropertyView property : list) {
    ok += property.name().EqualsIgnoreCase("DWORD") ? 1 : 0;
    for (ValueView value : property.values()) {
      switch (value.format()) {
        case Format::kDword:
          ok += value.AsDword().ok();
          break;
        case Format::kLong:
          ok += value.AsLong().ok();
          break;
        case Format::kWord:
          ok += value.AsWord().ok();
          break;
        case Format::kULargeInteger:
          ok += value.AsULargeInteger().ok();
          break;
        case Format::kLargeInteger:
          ok += value.AsLargeInteger().ok();
          break;
        case Format::kFileTime:
          ok += value.AsFileTime().ok();
          break;
        case Format::kSz:
          ok += value.AsString().ok();
          break;
        case Format::kMultiSz: {
          absl::StatusOr<MultiStringView> strings = value.AsMultiString();
          for (Utf16View s : *strings) ok += s.size() > 0;
          break;
        }
        case Format::kBinary:
          ok += value.AsBinary().ok();
          break;
        case Format::kPropertyList:
          ok += ReadEverything(*value.AsPropertyList());
          break;
        default:
          break;
      }
    }
  }
  return ok;
}

TEST(NoAllocationTest, ValidateIterateReadAndFind) {
  std::vector<uint8_t> bytes = EveryFormat();
  long before = g_allocations.load();
  absl::StatusOr<ListInfo> info = ValidatePropertyList(bytes, {.strict = true});
  absl::StatusOr<PropertyListReader> list = PropertyListReader::Open(bytes, {.strict = true});
  int reads = ReadEverything(*list);
  absl::StatusOr<Utf16View> sz = FindSzProperty(bytes, "Sz");
  absl::StatusOr<uint32_t> dword = FindDwordProperty(bytes, "dword");
  long after = g_allocations.load();
  EXPECT_EQ(after - before, 0);
  ASSERT_TRUE(info.ok());
  // A name match, 7 fixed-size and string values, 2 MULTI_SZ strings, the binary, the nested DWORD.
  EXPECT_EQ(reads, 1 + 7 + 2 + 1 + 1);
  EXPECT_TRUE(sz.ok());
  EXPECT_EQ(*dword, 1u);
}

TEST(NoAllocationTest, FindAllocatesNothingWhateverTheName) {
  // Short ASCII names are folded once; longer and non-ASCII ones are compared in place.
  const std::string long_ascii(NameMatcher::kFoldedUnits + 9, 'n');
  const std::string long_upper(NameMatcher::kFoldedUnits + 9, 'N');
  const std::string accented =
      "\xC3\xA9t\xC3\xA9-\xC3\xA9t\xC3\xA9-\xC3\xA9t\xC3\xA9";  // été-été-été
  const std::string accented_upper = "\xC3\x89T\xC3\x89-\xC3\x89T\xC3\x89-\xC3\x89T\xC3\x89";
  PropertyListWriter writer;
  writer.BeginProperty("short").AddDword(1).BeginProperty(long_ascii).AddDword(2);
  writer.BeginProperty(accented).AddDword(3);
  const std::vector<uint8_t> bytes(writer.Finish()->begin(), writer.Finish()->end());
  absl::StatusOr<PropertyListReader> list = PropertyListReader::Open(bytes);
  ASSERT_TRUE(list.ok());
  long before = g_allocations.load();
  absl::StatusOr<uint32_t> a = FindDwordProperty(*list, "SHORT");
  absl::StatusOr<uint32_t> b = FindDwordProperty(*list, long_upper);
  absl::StatusOr<uint32_t> c = FindDwordProperty(*list, accented_upper);
  long after = g_allocations.load();
  EXPECT_EQ(after - before, 0);
  absl::StatusOr<uint32_t> d = FindDwordProperty(*list, "\xFF");  // an error allocates its text
  EXPECT_EQ(*a, 1u);
  EXPECT_EQ(*b, 2u);
  EXPECT_EQ(*c, 3u);
  EXPECT_FALSE(d.ok());
}

TEST(NoAllocationTest, ReusedWriterDoesNotAllocate) {
  PropertyListWriter writer;
  auto write = [&writer] {
    writer.Clear();
    for (int i = 0; i < 100; ++i) writer.BeginProperty("PropertyName0001").AddDword(i);
    return writer.Finish().ok();
  };
  ASSERT_TRUE(write());  // warms the buffer up
  long before = g_allocations.load();
  bool ok = write();
  long after = g_allocations.load();
  EXPECT_TRUE(ok);
  EXPECT_EQ(after - before, 0);
}

}  // namespace
}  // namespace clusprop
