#include <cstring>
#include <cwchar>
#include <string>
#include <vector>

#include "clusprop/internal/test_util.h"
#include "clusprop/writer.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "resutil/resapi.h"

namespace {

using ::clusprop::PropertyListWriter;
using ::clusprop::testing::FromHex;
using ::testing::ElementsAreArray;

std::vector<uint8_t> Bytes(PropertyListWriter& writer) {
  auto list = writer.Finish();
  EXPECT_TRUE(list.ok()) << list.status();
  return std::vector<uint8_t>(list->begin(), list->end());
}

// A parameter block with a member of every format a table can give.
struct Params {
  DWORD dword;
  LONG long_value;
  LPWSTR sz;
  LPWSTR expand_sz;
  LPWSTR multi_sz;
  DWORD multi_sz_size;
  LPBYTE binary;
  DWORD binary_size;
  ULONGLONG ularge;
  LONGLONG large;
  FILETIME filetime;
  DWORD read_only;
};

RESUTIL_ULARGEINT_DATA ularge_range = {{{5, 0}}, {{1, 0}}, {{100, 0}}};
const BYTE kDefaultBinary[] = {0xde, 0xad};
WCHAR kDefaultSz[] = L"default";
WCHAR kMultiDefault[] = L"a\0b\0";

RESUTIL_PROPERTY_ITEM kTable[] = {
    {(LPWSTR)L"Dword", nullptr, CLUSPROP_FORMAT_DWORD, {7}, 1, 10, 0, FIELD_OFFSET(Params, dword)},
    {(LPWSTR)L"Long",
     nullptr,
     CLUSPROP_FORMAT_LONG,
     {(DWORD)-1},
     (DWORD)-5,
     5,
     RESUTIL_PROPITEM_SIGNED,
     FIELD_OFFSET(Params, long_value)},
    {(LPWSTR)L"Sz",
     nullptr,
     CLUSPROP_FORMAT_SZ,
     {(DWORD_PTR)kDefaultSz},
     0,
     0,
     0,
     FIELD_OFFSET(Params, sz)},
    {(LPWSTR)L"ExpandSz",
     nullptr,
     CLUSPROP_FORMAT_EXPAND_SZ,
     {0},
     0,
     0,
     0,
     FIELD_OFFSET(Params, expand_sz)},
    {(LPWSTR)L"MultiSz",
     nullptr,
     CLUSPROP_FORMAT_MULTI_SZ,
     {(DWORD_PTR)kMultiDefault},
     sizeof(kMultiDefault),
     0,
     0,
     FIELD_OFFSET(Params, multi_sz)},
    {(LPWSTR)L"Binary",
     nullptr,
     CLUSPROP_FORMAT_BINARY,
     {(DWORD_PTR)kDefaultBinary},
     sizeof(kDefaultBinary),
     0,
     0,
     FIELD_OFFSET(Params, binary)},
    {(LPWSTR)L"ULarge",
     nullptr,
     CLUSPROP_FORMAT_ULARGE_INTEGER,
     {(DWORD_PTR)&ularge_range},
     0,
     0,
     0,
     FIELD_OFFSET(Params, ularge)},
    {(LPWSTR)L"Large",
     nullptr,
     CLUSPROP_FORMAT_LARGE_INTEGER,
     {0},
     0,
     0,
     0,
     FIELD_OFFSET(Params, large)},
    {(LPWSTR)L"FileTime",
     nullptr,
     CLUSPROP_FORMAT_FILETIME,
     {0},
     0,
     0,
     0,
     FIELD_OFFSET(Params, filetime)},
    {(LPWSTR)L"ReadOnly",
     nullptr,
     CLUSPROP_FORMAT_DWORD,
     {0},
     0,
     0,
     RESUTIL_PROPITEM_READ_ONLY,
     FIELD_OFFSET(Params, read_only)},
    {nullptr, nullptr, 0, {0}, 0, 0, 0, 0},
};

// A list setting every writable property of kTable.
std::vector<uint8_t> FullList() {
  PropertyListWriter writer;
  writer.BeginProperty("Dword").AddDword(3);
  writer.BeginProperty("Long").AddLong(-4);
  writer.BeginProperty("Sz").AddString("h\xC3\xA9llo \xF0\x9F\x98\x80");  // é and U+1F600
  writer.BeginProperty("ExpandSz").AddString("%TEMP%", clusprop::kSyntaxListValueExpandSz);
  writer.BeginProperty("MultiSz").AddMultiString({"x", "yz"});
  writer.BeginProperty("Binary").AddBinary(FromHex("010203"));
  writer.BeginProperty("ULarge").AddULargeInteger(99);
  writer.BeginProperty("Large").AddLargeInteger(-1234567890123LL);
  writer.BeginProperty("FileTime").AddFileTime(0x0102030405060708ULL);
  return Bytes(writer);
}

std::vector<uint8_t> OneDword(const char* name, DWORD value) {
  PropertyListWriter writer;
  writer.BeginProperty(name).AddDword(value);
  return Bytes(writer);
}

DWORD Verify(const std::vector<uint8_t>& list, BOOL allow_unknown = FALSE, Params* out = nullptr) {
  return ResUtilVerifyPropertyTable(kTable, nullptr, allow_unknown, (PVOID)list.data(),
                                    static_cast<DWORD>(list.size()), (LPBYTE)out);
}

TEST(LocalAllocTest, AllocFreeAndForeignPointers) {
  BYTE* zeroed = static_cast<BYTE*>(LocalAlloc(LPTR, 16));
  ASSERT_NE(zeroed, nullptr);
  for (int i = 0; i < 16; ++i) EXPECT_EQ(zeroed[i], 0);
  HLOCAL empty = LocalAlloc(LMEM_FIXED, 0);
  EXPECT_NE(empty, nullptr);
  EXPECT_NE(empty, zeroed);
  EXPECT_EQ(LocalFree(empty), nullptr);
  EXPECT_EQ(LocalFree(zeroed), nullptr);
  EXPECT_EQ(LocalFree(nullptr), nullptr);

  int on_stack = 0;
  SetLastError(0);
  EXPECT_EQ(LocalFree(&on_stack), &on_stack);
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INVALID_HANDLE));
  BYTE* block = static_cast<BYTE*>(LocalAlloc(LMEM_FIXED, 4));
  EXPECT_EQ(LocalFree(block), nullptr);
  EXPECT_EQ(LocalFree(block), block);  // a second free is refused, not a double free

#if !defined(_WIN32)  // kernel32's LocalAlloc gives movable memory; this project's does not
  SetLastError(0);
  EXPECT_EQ(LocalAlloc(LMEM_MOVEABLE, 4), nullptr);
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INVALID_PARAMETER));
#endif
}

TEST(VerifyPropertyTableTest, StoresEveryFormatInTheBlock) {
  const std::vector<uint8_t> list = FullList();
  ASSERT_EQ(Verify(list), static_cast<DWORD>(ERROR_SUCCESS));
  Params params = {};
  ASSERT_EQ(Verify(list, FALSE, &params), static_cast<DWORD>(ERROR_SUCCESS));
  EXPECT_EQ(params.dword, 3u);
  EXPECT_EQ(params.long_value, -4);
  EXPECT_STREQ(params.sz, L"h\u00e9llo \U0001F600");
  EXPECT_STREQ(params.expand_sz, L"%TEMP%");
  ASSERT_EQ(params.multi_sz_size, 6 * sizeof(WCHAR));
  EXPECT_EQ(std::wstring(params.multi_sz, 6), std::wstring(L"x\0yz\0\0", 6));
  ASSERT_EQ(params.binary_size, 3u);
  EXPECT_THAT(std::vector<BYTE>(params.binary, params.binary + 3), ElementsAreArray({1, 2, 3}));
  EXPECT_EQ(params.ularge, 99u);
  EXPECT_EQ(params.large, -1234567890123LL);
  EXPECT_EQ(params.filetime.dwLowDateTime, 0x05060708u);
  EXPECT_EQ(params.filetime.dwHighDateTime, 0x01020304u);

  // Setting again frees what the block held (the leak checker watches) and stores the new.
  const std::vector<uint8_t> again = FullList();
  ASSERT_EQ(Verify(again, FALSE, &params), static_cast<DWORD>(ERROR_SUCCESS));
  ResUtilFreeParameterBlock((LPBYTE)&params, nullptr, kTable);
  EXPECT_EQ(params.sz, nullptr);
  EXPECT_EQ(params.multi_sz_size, 0u);
}

TEST(VerifyPropertyTableTest, EmptyValuesRestoreTheDefaults) {
  PropertyListWriter writer;
  for (const char* name : {"Dword", "Long", "Sz", "MultiSz", "Binary", "ULarge"}) {
    const RESUTIL_PROPERTY_ITEM* item = kTable;
    while (std::wcscmp(item->Name, std::wstring(name, name + std::strlen(name)).c_str()) != 0) {
      ++item;
    }
    writer.BeginProperty(name).AddRaw(CLUSPROP_SYNTAX_VALUE(CLUSPROP_TYPE_LIST_VALUE, item->Format),
                                      {});
  }
  const std::vector<uint8_t> list = Bytes(writer);
  Params params = {};
  ASSERT_EQ(Verify(list, FALSE, &params), static_cast<DWORD>(ERROR_SUCCESS));
  EXPECT_EQ(params.dword, 7u);
  EXPECT_EQ(params.long_value, -1);
  EXPECT_STREQ(params.sz, L"default");
  EXPECT_NE(params.sz, kDefaultSz);  // a copy
  ASSERT_EQ(params.multi_sz_size, sizeof(kMultiDefault));
  EXPECT_EQ(std::memcmp(params.multi_sz, kMultiDefault, sizeof(kMultiDefault)), 0);
  ASSERT_EQ(params.binary_size, 2u);
  EXPECT_EQ(params.binary[0], 0xde);
  EXPECT_EQ(params.ularge, 5u);
  ResUtilFreeParameterBlock((LPBYTE)&params, nullptr, kTable);
}

TEST(VerifyPropertyTableTest, DocumentedCodes) {
  EXPECT_EQ(ResUtilVerifyPropertyTable(kTable, nullptr, FALSE, nullptr, 0, nullptr),
            static_cast<DWORD>(ERROR_INVALID_DATA));
  std::vector<uint8_t> ok = OneDword("Dword", 5);
  EXPECT_EQ(ResUtilVerifyPropertyTable(nullptr, nullptr, FALSE, ok.data(), ok.size(), nullptr),
            static_cast<DWORD>(ERROR_BAD_ARGUMENTS));

  // Unknown names: allowed or ERROR_INVALID_PARAMETER. Names match case-insensitively.
  EXPECT_EQ(Verify(OneDword("Unknown", 1)), static_cast<DWORD>(ERROR_INVALID_PARAMETER));
  EXPECT_EQ(Verify(OneDword("Unknown", 1), TRUE), static_cast<DWORD>(ERROR_SUCCESS));
  EXPECT_EQ(Verify(OneDword("dWORD", 5)), static_cast<DWORD>(ERROR_SUCCESS));
  EXPECT_EQ(Verify(OneDword("ReadOnly", 1)), static_cast<DWORD>(ERROR_INVALID_PARAMETER));

  // DWORD range 1..10, each side of each end.
  EXPECT_EQ(Verify(OneDword("Dword", 0)), static_cast<DWORD>(ERROR_INVALID_PARAMETER));
  EXPECT_EQ(Verify(OneDword("Dword", 1)), static_cast<DWORD>(ERROR_SUCCESS));
  EXPECT_EQ(Verify(OneDword("Dword", 10)), static_cast<DWORD>(ERROR_SUCCESS));
  EXPECT_EQ(Verify(OneDword("Dword", 11)), static_cast<DWORD>(ERROR_INVALID_PARAMETER));
  // LONG range -5..5 compares signed.
  for (LONG v : {-6, -5, 5, 6}) {
    PropertyListWriter writer;
    writer.BeginProperty("Long").AddLong(v);
    EXPECT_EQ(Verify(Bytes(writer)),
              static_cast<DWORD>(v == -6 || v == 6 ? ERROR_INVALID_PARAMETER : ERROR_SUCCESS))
        << v;
  }
  // ULARGE_INTEGER range 1..100 from its data struct.
  for (ULONGLONG v : {0ULL, 1ULL, 100ULL, 101ULL}) {
    PropertyListWriter writer;
    writer.BeginProperty("ULarge").AddULargeInteger(v);
    EXPECT_EQ(Verify(Bytes(writer)),
              static_cast<DWORD>(v == 0 || v == 101 ? ERROR_INVALID_PARAMETER : ERROR_SUCCESS))
        << v;
  }
  // Another format than the table's; data that does not fit the format.
  PropertyListWriter wrong_format;
  wrong_format.BeginProperty("Dword").AddLong(5);
  EXPECT_EQ(Verify(Bytes(wrong_format)), static_cast<DWORD>(ERROR_INVALID_PARAMETER));
  PropertyListWriter short_dword;
  short_dword.BeginProperty("Dword").AddRaw(CLUSPROP_SYNTAX_LIST_VALUE_DWORD, FromHex("050000"));
  EXPECT_EQ(Verify(Bytes(short_dword)), static_cast<DWORD>(ERROR_INVALID_DATA));
  PropertyListWriter unterminated;
  unterminated.BeginProperty("Sz").AddRaw(CLUSPROP_SYNTAX_LIST_VALUE_SZ, FromHex("4100"));
  EXPECT_EQ(Verify(Bytes(unterminated)), static_cast<DWORD>(ERROR_INVALID_DATA));

  // A malformed list, and one that runs past the size given (every prefix of a good one).
  EXPECT_EQ(Verify(FromHex("01000000 03000400 05000000 41000000 00000000 00000000 00000000")),
            static_cast<DWORD>(ERROR_INVALID_DATA));
  const std::vector<uint8_t> full = FullList();
  for (size_t size = 0; size + 4 < full.size(); ++size) {  // the last 4: the optional trailer
    EXPECT_EQ(ResUtilVerifyPropertyTable(kTable, nullptr, FALSE, (PVOID)full.data(),
                                         static_cast<DWORD>(size), nullptr),
              static_cast<DWORD>(ERROR_INSUFFICIENT_BUFFER))
        << size;
  }
}

TEST(VerifyPropertyTableTest, ARejectedListChangesNothing) {
  Params params = {};
  params.dword = 9;
  params.sz = ResUtilDupString(L"kept");
  const Params before = params;
  PropertyListWriter writer;
  writer.BeginProperty("Sz").AddString("new");
  writer.BeginProperty("Dword").AddDword(2);
  writer.BeginProperty("Dword").AddDword(11);  // out of range: the whole list is refused
  EXPECT_EQ(Verify(Bytes(writer), FALSE, &params), static_cast<DWORD>(ERROR_INVALID_PARAMETER));
  EXPECT_EQ(std::memcmp(&params, &before, sizeof(Params)), 0);
  EXPECT_STREQ(params.sz, L"kept");
  LocalFree(params.sz);
}

TEST(VerifyPropertyTableTest, TablesWithoutAMemberFormatAreBadArguments) {
  RESUTIL_PROPERTY_ITEM table[] = {
      {(LPWSTR)L"W", nullptr, CLUSPROP_FORMAT_WORD, {0}, 0, 0, 0, 0},
      {nullptr, nullptr, 0, {0}, 0, 0, 0, 0},
  };
  const std::vector<uint8_t> list = OneDword("Other", 1);
  EXPECT_EQ(
      ResUtilVerifyPropertyTable(table, nullptr, TRUE, (PVOID)list.data(), list.size(), nullptr),
      static_cast<DWORD>(ERROR_BAD_ARGUMENTS));
}

TEST(PropertyListFromParameterBlockTest, GoldenBytesAndTwoCallPattern) {
  RESUTIL_PROPERTY_ITEM table[] = {
      {(LPWSTR)L"A", nullptr, CLUSPROP_FORMAT_DWORD, {0}, 0, 0, 0, FIELD_OFFSET(Params, dword)},
      {(LPWSTR)L"B", nullptr, CLUSPROP_FORMAT_SZ, {0}, 0, 0, 0, FIELD_OFFSET(Params, sz)},
      {nullptr, nullptr, 0, {0}, 0, 0, 0, 0},
  };
  Params params = {};
  params.dword = 0x11223344;
  params.sz = (LPWSTR)L"hi";
  const std::vector<uint8_t> golden = FromHex(
      "02000000"
      "03000400 04000000 41000000  02000100 04000000 44332211  00000000"
      "03000400 04000000 42000000  03000100 06000000 68006900 00000000  00000000"
      "00000000");
  DWORD size = 0, returned = 7, required = 7;
  EXPECT_EQ(ResUtilPropertyListFromParameterBlock(table, nullptr, &size, (LPBYTE)&params, &returned,
                                                  &required),
            static_cast<DWORD>(ERROR_MORE_DATA));
  EXPECT_EQ(required, golden.size());
  EXPECT_EQ(returned, 0u);
  std::vector<uint8_t> out(golden.size() - 1, 0xAA);
  size = static_cast<DWORD>(out.size());
  EXPECT_EQ(ResUtilPropertyListFromParameterBlock(table, out.data(), &size, (LPBYTE)&params,
                                                  &returned, &required),
            static_cast<DWORD>(ERROR_MORE_DATA));
  EXPECT_EQ(required, golden.size());
  EXPECT_EQ(out, std::vector<uint8_t>(golden.size() - 1, 0xAA));  // untouched
  out.assign(golden.size(), 0);
  size = static_cast<DWORD>(out.size());
  ASSERT_EQ(ResUtilPropertyListFromParameterBlock(table, out.data(), &size, (LPBYTE)&params,
                                                  &returned, &required),
            static_cast<DWORD>(ERROR_SUCCESS));
  EXPECT_EQ(out, golden);
  EXPECT_EQ(returned, golden.size());
  EXPECT_EQ(required, 0u);

  // A string no list can carry (a lone surrogate).
  WCHAR bad[] = {0xD800, 0};
  params.sz = bad;
  EXPECT_EQ(ResUtilPropertyListFromParameterBlock(table, out.data(), &size, (LPBYTE)&params,
                                                  &returned, &required),
            static_cast<DWORD>(ERROR_INVALID_PARAMETER));
}

TEST(PropertyListFromParameterBlockTest, RoundTripsEveryFormat) {
  Params params = {};
  ASSERT_EQ(Verify(FullList(), FALSE, &params), static_cast<DWORD>(ERROR_SUCCESS));
  std::vector<uint8_t> out(4096);
  DWORD size = static_cast<DWORD>(out.size()), returned = 0, required = 0;
  ASSERT_EQ(ResUtilPropertyListFromParameterBlock(kTable, out.data(), &size, (LPBYTE)&params,
                                                  &returned, &required),
            static_cast<DWORD>(ERROR_SUCCESS));
  out.resize(returned);
  // The read-only property is listed too; verifying it back needs it out of the list, so read
  // the values through a second block with unknown properties allowed on a table without it.
  Params copy = {};
  RESUTIL_PROPERTY_ITEM writable[sizeof(kTable) / sizeof(kTable[0])];
  std::memcpy(writable, kTable, sizeof(kTable));
  writable[9] = RESUTIL_PROPERTY_ITEM{nullptr, nullptr, 0, {0}, 0, 0, 0, 0};
  ASSERT_EQ(
      ResUtilVerifyPropertyTable(writable, nullptr, TRUE, out.data(), returned, (LPBYTE)&copy),
      static_cast<DWORD>(ERROR_SUCCESS));
  EXPECT_EQ(copy.dword, params.dword);
  EXPECT_STREQ(copy.sz, params.sz);
  EXPECT_EQ(copy.multi_sz_size, params.multi_sz_size);
  EXPECT_EQ(std::memcmp(copy.multi_sz, params.multi_sz, params.multi_sz_size), 0);
  EXPECT_EQ(copy.large, params.large);
  EXPECT_EQ(copy.filetime.dwHighDateTime, params.filetime.dwHighDateTime);
  ResUtilFreeParameterBlock((LPBYTE)&copy, nullptr, kTable);
  ResUtilFreeParameterBlock((LPBYTE)&params, nullptr, kTable);
}

TEST(DupParameterBlockTest, CopiesPointersAndFreeSparesShared) {
  Params params = {};
  ASSERT_EQ(Verify(FullList(), FALSE, &params), static_cast<DWORD>(ERROR_SUCCESS));
  Params dup = {};
  ASSERT_EQ(ResUtilDupParameterBlock((LPBYTE)&dup, (LPBYTE)&params, kTable),
            static_cast<DWORD>(ERROR_SUCCESS));
  EXPECT_NE(dup.sz, params.sz);
  EXPECT_STREQ(dup.sz, params.sz);
  EXPECT_EQ(dup.expand_sz == nullptr, params.expand_sz == nullptr);
  EXPECT_EQ(dup.binary_size, params.binary_size);
  EXPECT_EQ(std::memcmp(dup.binary, params.binary, 3), 0);
  EXPECT_EQ(dup.ularge, params.ularge);
  EXPECT_EQ(dup.filetime.dwLowDateTime, params.filetime.dwLowDateTime);

  // Free spares a pointer the reference block shares.
  LPWSTR shared = dup.sz;
  LocalFree(params.sz);
  params.sz = shared;
  ResUtilFreeParameterBlock((LPBYTE)&dup, (LPBYTE)&params, kTable);
  EXPECT_EQ(dup.sz, shared);
  EXPECT_EQ(dup.binary, nullptr);
  ResUtilFreeParameterBlock((LPBYTE)&params, nullptr, kTable);
}

TEST(EnumPropertiesTest, NamesAsMultiSz) {
  RESUTIL_PROPERTY_ITEM table[] = {
      {(LPWSTR)L"Ab", nullptr, CLUSPROP_FORMAT_DWORD, {0}, 0, 0, 0, 0},
      {(LPWSTR)L"C", nullptr, CLUSPROP_FORMAT_SZ, {0}, 0, 0, 0, 8},
      {nullptr, nullptr, 0, {0}, 0, 0, 0, 0},
  };
  const std::wstring expected(L"Ab\0C\0\0", 6);
  DWORD returned = 9, required = 9;
  EXPECT_EQ(ResUtilEnumProperties(table, nullptr, 0, &returned, &required),
            static_cast<DWORD>(ERROR_MORE_DATA));
  EXPECT_EQ(required, 6 * sizeof(WCHAR));
  EXPECT_EQ(returned, 0u);
  WCHAR out[6];
  ASSERT_EQ(ResUtilEnumProperties(table, out, sizeof(out), &returned, &required),
            static_cast<DWORD>(ERROR_SUCCESS));
  EXPECT_EQ(std::wstring(out, 6), expected);
  EXPECT_EQ(returned, sizeof(out));
  EXPECT_EQ(required, 0u);
}

TEST(GetPropertyFormatsTest, OneWordPerProperty) {
  RESUTIL_PROPERTY_ITEM table[] = {
      {(LPWSTR)L"A", nullptr, CLUSPROP_FORMAT_MULTI_SZ, {0}, 0, 0, 0, 0},
      {nullptr, nullptr, 0, {0}, 0, 0, 0, 0},
  };
  const std::vector<uint8_t> golden =
      FromHex("01000000 03000400 04000000 41000000  0b000100 02000000 05000000  00000000 00000000");
  std::vector<uint8_t> out(golden.size());
  DWORD returned = 0, required = 0;
  ASSERT_EQ(ResUtilGetPropertyFormats(table, out.data(), out.size(), &returned, &required),
            static_cast<DWORD>(ERROR_SUCCESS));
  EXPECT_EQ(out, golden);
  EXPECT_EQ(ResUtilGetPropertyFormats(table, out.data(), out.size() - 1, &returned, &required),
            static_cast<DWORD>(ERROR_MORE_DATA));
  EXPECT_EQ(required, golden.size());
}

TEST(FindPropertyTest, EveryFormatAndItsCodes) {
  const std::vector<uint8_t> list = FullList();
  PVOID bytes = (PVOID)list.data();
  const DWORD size = static_cast<DWORD>(list.size());
  DWORD dword = 0;
  EXPECT_EQ(ResUtilFindDwordProperty(bytes, size, L"DWORD", &dword),
            static_cast<DWORD>(ERROR_SUCCESS));
  EXPECT_EQ(dword, 3u);
  LONG long_value = 0;
  EXPECT_EQ(ResUtilFindLongProperty(bytes, size, L"Long", &long_value),
            static_cast<DWORD>(ERROR_SUCCESS));
  EXPECT_EQ(long_value, -4);
  EXPECT_EQ(ResUtilFindLongProperty(bytes, size, L"Dword", &long_value),
            static_cast<DWORD>(ERROR_INVALID_DATA));
  EXPECT_EQ(ResUtilFindDwordProperty(bytes, size, L"Missing", &dword),
            static_cast<DWORD>(ERROR_FILE_NOT_FOUND));
  ULONGLONG ularge = 0;
  EXPECT_EQ(ResUtilFindULargeIntegerProperty(bytes, size, L"ULarge", &ularge),
            static_cast<DWORD>(ERROR_SUCCESS));
  EXPECT_EQ(ularge, 99u);
  FILETIME time = {};
  EXPECT_EQ(ResUtilFindFileTimeProperty(bytes, size, L"FileTime", &time),
            static_cast<DWORD>(ERROR_SUCCESS));
  EXPECT_EQ(time.dwHighDateTime, 0x01020304u);

  LPWSTR text = nullptr;
  ASSERT_EQ(ResUtilFindSzProperty(bytes, size, L"sz", &text), static_cast<DWORD>(ERROR_SUCCESS));
  EXPECT_STREQ(text, L"h\u00e9llo \U0001F600");
  LocalFree(text);
  EXPECT_EQ(ResUtilFindSzProperty(bytes, size, L"ExpandSz", nullptr),
            static_cast<DWORD>(ERROR_SUCCESS));
  EXPECT_EQ(ResUtilFindExpandSzProperty(bytes, size, L"Sz", nullptr),
            static_cast<DWORD>(ERROR_INVALID_DATA));
  EXPECT_EQ(ResUtilFindExpandedSzProperty(bytes, size, L"Sz", nullptr),
            static_cast<DWORD>(ERROR_SUCCESS));
  EXPECT_EQ(ResUtilFindSzProperty(bytes, size, L"Dword", nullptr),
            static_cast<DWORD>(ERROR_INVALID_DATA));

  LPWSTR multi = nullptr;
  DWORD multi_size = 0;
  ASSERT_EQ(ResUtilFindMultiSzProperty(bytes, size, L"MultiSz", &multi, &multi_size),
            static_cast<DWORD>(ERROR_SUCCESS));
  EXPECT_EQ(multi_size, 6 * sizeof(WCHAR));
  EXPECT_EQ(std::wstring(multi, 6), std::wstring(L"x\0yz\0\0", 6));
  LocalFree(multi);
  LPBYTE binary = nullptr;
  DWORD binary_size = 0;
  ASSERT_EQ(ResUtilFindBinaryProperty(bytes, size, L"Binary", &binary, &binary_size),
            static_cast<DWORD>(ERROR_SUCCESS));
  EXPECT_EQ(binary_size, 3u);
  EXPECT_EQ(binary[2], 3);
  LocalFree(binary);

  EXPECT_EQ(ResUtilFindDwordProperty(nullptr, 0, L"Dword", &dword),
            static_cast<DWORD>(ERROR_INVALID_DATA));
  for (DWORD cut = 0; cut + 4 < size; cut += 3) {
    EXPECT_EQ(ResUtilFindDwordProperty(bytes, cut, L"Dword", &dword),
              static_cast<DWORD>(ERROR_INSUFFICIENT_BUFFER))
        << cut;
  }
}

// Each search at the edges of its contract: NULL arguments, names no list can hold, a value of
// another format (the output untouched), presence tests without a copy.
TEST(FindPropertyTest, ArgumentsAndFormatsAtTheEdges) {
  PropertyListWriter writer;
  writer.BeginProperty("D").AddDword(7);
  writer.BeginProperty("S").AddString("s");
  writer.BeginProperty("E").AddString("%e%", clusprop::kSyntaxListValueExpandSz);
  writer.BeginProperty("X").AddString("x", clusprop::kSyntaxListValueExpandedSz);
  writer.BeginProperty("M").AddMultiString({"m"});
  writer.BeginProperty("B").AddBinary(FromHex("0102"));
  const std::vector<uint8_t> list = Bytes(writer);
  PVOID bytes = (PVOID)list.data();
  const DWORD size = static_cast<DWORD>(list.size());
  const DWORD kInvalidParameter = ERROR_INVALID_PARAMETER, kInvalidData = ERROR_INVALID_DATA,
              kNotFound = ERROR_FILE_NOT_FOUND, kSuccess = ERROR_SUCCESS;

  DWORD dword = 0;
  LONG long_value = 0;
  ULONGLONG ularge = 0;
  FILETIME time = {};
  LPWSTR text = nullptr;
  LPBYTE binary = nullptr;
  DWORD binary_size = 0;
  // A NULL name, or a NULL place for a number: ERROR_INVALID_PARAMETER.
  EXPECT_EQ(ResUtilFindDwordProperty(bytes, size, nullptr, &dword), kInvalidParameter);
  EXPECT_EQ(ResUtilFindSzProperty(bytes, size, nullptr, &text), kInvalidParameter);
  EXPECT_EQ(ResUtilFindBinaryProperty(bytes, size, nullptr, &binary, &binary_size),
            kInvalidParameter);
  EXPECT_EQ(ResUtilFindMultiSzProperty(bytes, size, nullptr, &text, &binary_size),
            kInvalidParameter);
  EXPECT_EQ(ResUtilFindDwordProperty(bytes, size, L"D", nullptr), kInvalidParameter);
  EXPECT_EQ(ResUtilFindLongProperty(bytes, size, L"D", nullptr), kInvalidParameter);
  EXPECT_EQ(ResUtilFindULargeIntegerProperty(bytes, size, L"D", nullptr), kInvalidParameter);
  EXPECT_EQ(ResUtilFindFileTimeProperty(bytes, size, L"D", nullptr), kInvalidParameter);

  // A name no list can hold (a lone surrogate), and a missing name, in every search.
  const WCHAR lone[] = {0xD800, 0};
  EXPECT_EQ(ResUtilFindDwordProperty(bytes, size, lone, &dword), kNotFound);
  EXPECT_EQ(ResUtilFindSzProperty(bytes, size, L"Nope", &text), kNotFound);
  EXPECT_EQ(ResUtilFindBinaryProperty(bytes, size, L"Nope", &binary, &binary_size), kNotFound);
  EXPECT_EQ(ResUtilFindMultiSzProperty(bytes, size, L"Nope", &text, &binary_size), kNotFound);
  EXPECT_EQ(ResUtilFindFileTimeProperty(bytes, size, L"Nope", &time), kNotFound);

  // Another format: ERROR_INVALID_DATA, the output as it was.
  time = {1, 2};
  EXPECT_EQ(ResUtilFindFileTimeProperty(bytes, size, L"D", &time), kInvalidData);
  EXPECT_EQ(time.dwLowDateTime, 1u);
  EXPECT_EQ(time.dwHighDateTime, 2u);
  ularge = 5;
  EXPECT_EQ(ResUtilFindULargeIntegerProperty(bytes, size, L"D", &ularge), kInvalidData);
  EXPECT_EQ(ularge, 5u);
  binary_size = 9;
  EXPECT_EQ(ResUtilFindBinaryProperty(bytes, size, L"D", &binary, &binary_size), kInvalidData);
  EXPECT_EQ(binary_size, 9u);
  EXPECT_EQ(ResUtilFindMultiSzProperty(bytes, size, L"S", &text, &binary_size), kInvalidData);
  EXPECT_EQ(binary_size, 9u);
  EXPECT_EQ(text, nullptr);
  EXPECT_EQ(ResUtilFindLongProperty(bytes, size, L"S", &long_value), kInvalidData);

  // The string searches and the formats each accepts.
  for (const wchar_t* name : {L"S", L"E", L"X"}) {
    EXPECT_EQ(ResUtilFindSzProperty(bytes, size, name, nullptr), kSuccess) << name;
  }
  EXPECT_EQ(ResUtilFindExpandSzProperty(bytes, size, L"E", nullptr), kSuccess);
  EXPECT_EQ(ResUtilFindExpandSzProperty(bytes, size, L"X", nullptr), kInvalidData);
  EXPECT_EQ(ResUtilFindExpandedSzProperty(bytes, size, L"X", nullptr), kSuccess);
  EXPECT_EQ(ResUtilFindExpandedSzProperty(bytes, size, L"S", nullptr), kSuccess);
  EXPECT_EQ(ResUtilFindExpandedSzProperty(bytes, size, L"E", nullptr), kInvalidData);
  EXPECT_EQ(ResUtilFindSzProperty(bytes, size, L"M", nullptr), kInvalidData);
  PropertyListWriter unterminated;
  unterminated.BeginProperty("U").AddRaw(CLUSPROP_SYNTAX_LIST_VALUE_SZ, FromHex("4100"));
  const std::vector<uint8_t> bad = Bytes(unterminated);
  text = nullptr;
  EXPECT_EQ(ResUtilFindSzProperty((PVOID)bad.data(), bad.size(), L"U", &text), kInvalidData);
  EXPECT_EQ(text, nullptr);

  // Presence tests: a NULL value pointer gives the size without a copy; a NULL size pointer is
  // fine too.
  binary_size = 0;
  EXPECT_EQ(ResUtilFindBinaryProperty(bytes, size, L"B", nullptr, &binary_size), kSuccess);
  EXPECT_EQ(binary_size, 2u);
  binary = nullptr;
  ASSERT_EQ(ResUtilFindBinaryProperty(bytes, size, L"B", &binary, nullptr), kSuccess);
  ASSERT_NE(binary, nullptr);
  EXPECT_EQ(binary[1], 2);
  LocalFree(binary);
  DWORD multi_size = 0;
  EXPECT_EQ(ResUtilFindMultiSzProperty(bytes, size, L"M", nullptr, &multi_size), kSuccess);
  EXPECT_EQ(multi_size, 3 * sizeof(WCHAR));  // "m", its NUL, the final NUL
  text = nullptr;
  ASSERT_EQ(ResUtilFindMultiSzProperty(bytes, size, L"M", &text, nullptr), kSuccess);
  EXPECT_STREQ(text, L"m");
  LocalFree(text);
}

TEST(GetPropertyTest, ReadsOneValueAndMovesPastIt) {
  PropertyListWriter values;
  values.BeginProperty("P").AddDword(7).AddString("ab").AddMultiString({"c"});
  std::vector<uint8_t> list = Bytes(values);
  // The values start after the count (4) and the NAME entry (8 + 4).
  LPBYTE position = list.data() + 16;
  DWORD remaining = static_cast<DWORD>(list.size() - 16);
  DWORD dword = 0;
  EXPECT_EQ(
      ResUtilGetDwordProperty(&dword, (PCLUSPROP_DWORD)position, 0, 8, 9, &position, &remaining),
      static_cast<DWORD>(ERROR_INVALID_PARAMETER));  // 7 is outside 8..9: nothing moves
  EXPECT_EQ(position, list.data() + 16);
  ASSERT_EQ(
      ResUtilGetDwordProperty(&dword, (PCLUSPROP_DWORD)position, 0, 0, 0, &position, &remaining),
      static_cast<DWORD>(ERROR_SUCCESS));
  EXPECT_EQ(dword, 7u);
  EXPECT_EQ(position, list.data() + 28);
  EXPECT_EQ(remaining, list.size() - 28);
  LPWSTR text = nullptr;
  EXPECT_EQ(
      ResUtilGetDwordProperty(&dword, (PCLUSPROP_DWORD)position, 0, 0, 0, &position, &remaining),
      static_cast<DWORD>(ERROR_INVALID_PARAMETER));  // an SZ is no DWORD
  ASSERT_EQ(ResUtilGetSzProperty(&text, (PCLUSPROP_SZ)position, nullptr, &position, &remaining),
            static_cast<DWORD>(ERROR_SUCCESS));
  EXPECT_STREQ(text, L"ab");
  LocalFree(text);
  EXPECT_EQ(position, list.data() + 44);
  LPWSTR multi = nullptr;
  DWORD multi_size = 0;
  ASSERT_EQ(ResUtilGetMultiSzProperty(&multi, &multi_size, (PCLUSPROP_SZ)position, nullptr, 0,
                                      &position, &remaining),
            static_cast<DWORD>(ERROR_SUCCESS));
  EXPECT_EQ(multi_size, 3 * sizeof(WCHAR));
  LocalFree(multi);
  EXPECT_EQ(position, list.data() + 60);

  // A value whose cbLength reaches past the bytes left is refused, and nothing moves.
  std::vector<uint8_t> entry = FromHex("02000100 04000000 07000000");
  position = entry.data();
  remaining = 11;
  EXPECT_EQ(
      ResUtilGetDwordProperty(&dword, (PCLUSPROP_DWORD)position, 0, 0, 0, &position, &remaining),
      static_cast<DWORD>(ERROR_INVALID_PARAMETER));
  EXPECT_EQ(remaining, 11u);
  remaining = 12;
  LONG long_value = 0;
  EXPECT_EQ(
      ResUtilGetLongProperty(&long_value, (PCLUSPROP_LONG)position, 0, 0, 0, &position, &remaining),
      static_cast<DWORD>(ERROR_INVALID_PARAMETER));
}

TEST(VerifyPrivatePropertyListTest, Codes) {
  const std::vector<uint8_t> list = FullList();
  EXPECT_EQ(ResUtilVerifyPrivatePropertyList((PVOID)list.data(), list.size()),
            static_cast<DWORD>(ERROR_SUCCESS));
  EXPECT_EQ(ResUtilVerifyPrivatePropertyList((PVOID)list.data(), 20),
            static_cast<DWORD>(ERROR_INSUFFICIENT_BUFFER));
  PropertyListWriter short_dword;
  short_dword.BeginProperty("D").AddRaw(CLUSPROP_SYNTAX_LIST_VALUE_DWORD, FromHex("01"));
  const std::vector<uint8_t> bad = Bytes(short_dword);
  EXPECT_EQ(ResUtilVerifyPrivatePropertyList((PVOID)bad.data(), bad.size()),
            static_cast<DWORD>(ERROR_INVALID_DATA));
  EXPECT_EQ(ResUtilVerifyPrivatePropertyList(nullptr, 0), static_cast<DWORD>(ERROR_INVALID_DATA));
}

TEST(DupStringTest, CopiesAndReportsNull) {
  PWSTR copy = ResUtilDupString(L"x\U0001F600");
  ASSERT_NE(copy, nullptr);
  EXPECT_STREQ(copy, L"x\U0001F600");
  LocalFree(copy);
  SetLastError(0);
  EXPECT_EQ(ResUtilDupString(nullptr), nullptr);
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INVALID_PARAMETER));
}

}  // namespace
