// The ResUtil functions over the cluster database of the default embedded cluster.

#include <atomic>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "clusprop/internal/test_util.h"
#include "clusprop/lookup.h"
#include "clusprop/writer.h"
#include "gtest/gtest.h"
#include "resutil/resapi.h"

namespace {

using ::clusprop::PropertyListWriter;
using ::clusprop::testing::FromHex;

std::vector<uint8_t> Bytes(PropertyListWriter& writer) {
  auto list = writer.Finish();
  EXPECT_TRUE(list.ok()) << list.status();
  return std::vector<uint8_t>(list->begin(), list->end());
}

struct Params {
  DWORD timeout;
  LPWSTR path;
  LPWSTR names;
  DWORD names_size;
  ULONGLONG big;
  DWORD status;  // in memory only
};

WCHAR kDefaultPath[] = L"C:\\default";

RESUTIL_PROPERTY_ITEM kTable[] = {
    {(LPWSTR)L"Timeout",
     nullptr,
     CLUSPROP_FORMAT_DWORD,
     {30},
     1,
     600,
     RESUTIL_PROPITEM_REQUIRED,
     FIELD_OFFSET(Params, timeout)},
    {(LPWSTR)L"Path",
     nullptr,
     CLUSPROP_FORMAT_SZ,
     {(DWORD_PTR)kDefaultPath},
     0,
     0,
     0,
     FIELD_OFFSET(Params, path)},
    {(LPWSTR)L"Names",
     (LPWSTR)L"Sub",
     CLUSPROP_FORMAT_MULTI_SZ,
     {0},
     0,
     0,
     0,
     FIELD_OFFSET(Params, names)},
    {(LPWSTR)L"Big",
     nullptr,
     CLUSPROP_FORMAT_ULARGE_INTEGER,
     {0},
     0,
     0,
     0,
     FIELD_OFFSET(Params, big)},
    {(LPWSTR)L"Status",
     nullptr,
     CLUSPROP_FORMAT_DWORD,
     {0},
     0,
     0,
     RESUTIL_PROPITEM_IN_MEMORY,
     FIELD_OFFSET(Params, status)},
    {nullptr, nullptr, 0, {0}, 0, 0, 0, 0},
};

class DatabasePropertiesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    cluster_ = OpenCluster(nullptr);
    ASSERT_NE(cluster_, nullptr);
    resource_ = OpenClusterResource(cluster_, L"DemoResource");
    ASSERT_NE(resource_, nullptr);
    HKEY root = GetClusterResourceKey(resource_, KEY_ALL_ACCESS);
    ASSERT_NE(root, nullptr);
    const std::wstring name = L"Parameters" + std::to_wstring(counter_++);
    ASSERT_EQ(ClusterRegCreateKey(root, name.c_str(), REG_OPTION_NON_VOLATILE, KEY_ALL_ACCESS,
                                  nullptr, &key_, nullptr),
              ERROR_SUCCESS);
    ClusterRegCloseKey(root);
  }
  void TearDown() override {
    ClusterRegCloseKey(key_);
    CloseClusterResource(resource_);
    CloseCluster(cluster_);
  }

  std::vector<uint8_t> Get(bool all) {
    DWORD returned = 0, required = 0;
    DWORD code = all ? ResUtilGetAllProperties(key_, kTable, nullptr, 0, &returned, &required)
                     : ResUtilGetProperties(key_, kTable, nullptr, 0, &returned, &required);
    EXPECT_EQ(code, static_cast<DWORD>(ERROR_MORE_DATA));
    std::vector<uint8_t> list(required);
    code = all ? ResUtilGetAllProperties(key_, kTable, list.data(), required, &returned, &required)
               : ResUtilGetProperties(key_, kTable, list.data(), required, &returned, &required);
    EXPECT_EQ(code, static_cast<DWORD>(ERROR_SUCCESS));
    EXPECT_EQ(returned, list.size());
    return list;
  }

  static int counter_;
  HCLUSTER cluster_ = nullptr;
  HRESOURCE resource_ = nullptr;
  HKEY key_ = nullptr;
};
int DatabasePropertiesTest::counter_ = 0;

TEST_F(DatabasePropertiesTest, SetThenGetThroughTheDatabase) {
  PropertyListWriter writer;
  writer.BeginProperty("timeout").AddDword(45);
  writer.BeginProperty("Path").AddString("D:\\x");
  writer.BeginProperty("Names").AddMultiString({"a", "b"});
  writer.BeginProperty("Big").AddULargeInteger(1ULL << 40);
  const std::vector<uint8_t> list = Bytes(writer);
  ASSERT_EQ(ResUtilSetPropertyTable(key_, kTable, nullptr, FALSE, (PVOID)list.data(), list.size(),
                                    nullptr),
            static_cast<DWORD>(ERROR_SUCCESS));

  // Stored under the key with the types of their formats; Names in the Sub subkey.
  DWORD type = 0, value = 0, size = sizeof(value);
  ASSERT_EQ(ClusterRegQueryValue(key_, L"Timeout", &type, (PBYTE)&value, &size), ERROR_SUCCESS);
  EXPECT_EQ(type, static_cast<DWORD>(REG_DWORD));
  EXPECT_EQ(value, 45u);
  HKEY sub = nullptr;
  ASSERT_EQ(ClusterRegOpenKey(key_, L"Sub", KEY_READ, &sub), ERROR_SUCCESS);
  WCHAR names[8] = {};
  size = sizeof(names);
  ASSERT_EQ(ClusterRegQueryValue(sub, L"Names", &type, (PBYTE)names, &size), ERROR_SUCCESS);
  EXPECT_EQ(type, static_cast<DWORD>(REG_MULTI_SZ));
  EXPECT_EQ(size, 5 * sizeof(WCHAR));
  EXPECT_EQ(std::wstring(names, 5), std::wstring(L"a\0b\0\0", 5));
  ClusterRegCloseKey(sub);

  // Read back as a list, and into a block.
  const std::vector<uint8_t> got = Get(false);
  EXPECT_EQ(clusprop::FindDwordProperty(got, "Timeout").value(), 45u);
  EXPECT_EQ(clusprop::FindSzProperty(got, "Path")->ToUtf8(), "D:\\x");
  Params params = {};
  params.status = 77;
  ASSERT_EQ(ResUtilGetPropertiesToParameterBlock(key_, kTable, (LPBYTE)&params, TRUE, nullptr),
            static_cast<DWORD>(ERROR_SUCCESS));
  EXPECT_EQ(params.timeout, 45u);
  EXPECT_STREQ(params.path, L"D:\\x");
  EXPECT_EQ(params.names_size, 5 * sizeof(WCHAR));
  EXPECT_EQ(params.big, 1ULL << 40);
  EXPECT_EQ(params.status, 77u);  // in memory only: untouched
  ResUtilFreeParameterBlock((LPBYTE)&params, nullptr, kTable);
}

TEST_F(DatabasePropertiesTest, DefaultsRequiredAndTypeMismatch) {
  // Nothing stored: the defaults, but Timeout is required.
  Params params = {};
  LPWSTR failed = nullptr;
  EXPECT_EQ(ResUtilGetPropertiesToParameterBlock(key_, kTable, (LPBYTE)&params, TRUE, &failed),
            static_cast<DWORD>(ERROR_FILE_NOT_FOUND));
  ASSERT_NE(failed, nullptr);
  EXPECT_STREQ(failed, L"Timeout");
  LocalFree(failed);
  EXPECT_EQ(params.path, nullptr);  // nothing stored on failure
  ASSERT_EQ(ResUtilGetPropertiesToParameterBlock(key_, kTable, (LPBYTE)&params, FALSE, nullptr),
            static_cast<DWORD>(ERROR_SUCCESS));
  EXPECT_EQ(params.timeout, 30u);
  EXPECT_STREQ(params.path, L"C:\\default");
  ResUtilFreeParameterBlock((LPBYTE)&params, nullptr, kTable);
  const std::vector<uint8_t> defaults = Get(false);
  EXPECT_EQ(clusprop::FindDwordProperty(defaults, "Timeout").value(), 30u);

  // A stored value of another type than its item's format.
  const WCHAR text[] = L"x";
  ASSERT_EQ(ClusterRegSetValue(key_, L"Timeout", REG_SZ, (const BYTE*)text, sizeof(text)),
            static_cast<DWORD>(ERROR_SUCCESS));
  EXPECT_EQ(ResUtilGetPropertiesToParameterBlock(key_, kTable, (LPBYTE)&params, FALSE, &failed),
            static_cast<DWORD>(ERROR_INVALID_PARAMETER));
  EXPECT_STREQ(failed, L"Timeout");
  LocalFree(failed);
  DWORD returned = 0, required = 0;
  EXPECT_EQ(ResUtilGetProperties(key_, kTable, nullptr, 0, &returned, &required),
            static_cast<DWORD>(ERROR_INVALID_PARAMETER));
  DWORD total = 0, count = 0;
  EXPECT_EQ(ResUtilGetPropertySize(key_, &kTable[0], &total, &count),
            static_cast<DWORD>(ERROR_INVALID_PARAMETER));
}

TEST_F(DatabasePropertiesTest, SetChecksLikeVerifyAndEmptyValuesDelete) {
  PropertyListWriter out_of_range;
  out_of_range.BeginProperty("Timeout").AddDword(601);
  const std::vector<uint8_t> bad = Bytes(out_of_range);
  EXPECT_EQ(
      ResUtilSetPropertyTable(key_, kTable, nullptr, FALSE, (PVOID)bad.data(), bad.size(), nullptr),
      static_cast<DWORD>(ERROR_INVALID_PARAMETER));
  DWORD size = 0;
  EXPECT_EQ(ClusterRegQueryValue(key_, L"Timeout", nullptr, nullptr, &size), ERROR_FILE_NOT_FOUND);
  EXPECT_EQ(ResUtilSetPropertyTable(key_, kTable, nullptr, FALSE, (PVOID)bad.data(), 10, nullptr),
            static_cast<DWORD>(ERROR_INSUFFICIENT_BUFFER));

  PropertyListWriter set;
  set.BeginProperty("Timeout").AddDword(5);
  const std::vector<uint8_t> five = Bytes(set);
  ASSERT_EQ(ResUtilSetPropertyTable(key_, kTable, nullptr, FALSE, (PVOID)five.data(), five.size(),
                                    nullptr),
            static_cast<DWORD>(ERROR_SUCCESS));
  PropertyListWriter reset;
  reset.BeginProperty("Timeout").AddRaw(CLUSPROP_SYNTAX_LIST_VALUE_DWORD, {});
  const std::vector<uint8_t> empty = Bytes(reset);
  ASSERT_EQ(ResUtilSetPropertyTableEx(key_, kTable, nullptr, FALSE, (PVOID)empty.data(),
                                      empty.size(), TRUE, nullptr),
            static_cast<DWORD>(ERROR_SUCCESS));
  EXPECT_EQ(ClusterRegQueryValue(key_, L"Timeout", nullptr, nullptr, &size), ERROR_FILE_NOT_FOUND);
}

TEST_F(DatabasePropertiesTest, UnknownAndPrivateProperties) {
  PropertyListWriter writer;
  writer.BeginProperty("Timeout").AddDword(9);
  writer.BeginProperty("Extra").AddString("e");
  writer.BeginProperty("Deep\\Value").AddDword(3);
  const std::vector<uint8_t> list = Bytes(writer);
  ASSERT_EQ(ResUtilSetPrivatePropertyList(key_, (PVOID)list.data(), list.size()),
            static_cast<DWORD>(ERROR_SUCCESS));
  HKEY deep = nullptr;
  ASSERT_EQ(ClusterRegOpenKey(key_, L"Deep", KEY_READ, &deep), ERROR_SUCCESS);
  DWORD value = 0, size = sizeof(value);
  EXPECT_EQ(ClusterRegQueryValue(deep, L"Value", nullptr, (PBYTE)&value, &size), ERROR_SUCCESS);
  EXPECT_EQ(value, 3u);
  ClusterRegCloseKey(deep);
  EXPECT_EQ(ResUtilSetPrivatePropertyList(key_, nullptr, 0),
            static_cast<DWORD>(ERROR_INSUFFICIENT_BUFFER));

  // GetAll = the table's properties, then the others under the key.
  const std::vector<uint8_t> all = Get(true);
  EXPECT_EQ(clusprop::FindSzProperty(all, "Extra")->ToUtf8(), "e");
  EXPECT_EQ(clusprop::FindDwordProperty(all, "Timeout").value(), 9u);
  const std::vector<uint8_t> table_only = Get(false);
  EXPECT_FALSE(clusprop::FindSzProperty(table_only, "Extra").ok());

  // The names of the values under the key (Extra, Timeout in name order).
  WCHAR names[32];
  DWORD returned = 0, required = 0;
  ASSERT_EQ(ResUtilEnumPrivateProperties(key_, names, sizeof(names), &returned, &required),
            static_cast<DWORD>(ERROR_SUCCESS));
  EXPECT_EQ(std::wstring(names, returned / sizeof(WCHAR)), std::wstring(L"Extra\0Timeout\0\0", 15));
  EXPECT_EQ(ResUtilEnumPrivateProperties(key_, names, 4, &returned, &required),
            static_cast<DWORD>(ERROR_MORE_DATA));
  EXPECT_EQ(required, 15 * sizeof(WCHAR));

  // AddUnknownProperties appends Extra to a list holding the table's properties.
  std::vector<uint8_t> buffer = Get(false);
  DWORD used = static_cast<DWORD>(buffer.size());
  required = 0;
  EXPECT_EQ(
      ResUtilAddUnknownProperties(key_, kTable, buffer.data(), buffer.size(), &used, &required),
      static_cast<DWORD>(ERROR_MORE_DATA));
  EXPECT_EQ(used, buffer.size());
  buffer.resize(required);
  ASSERT_EQ(
      ResUtilAddUnknownProperties(key_, kTable, buffer.data(), buffer.size(), &used, &required),
      static_cast<DWORD>(ERROR_SUCCESS));
  EXPECT_EQ(used, buffer.size());
  EXPECT_EQ(buffer, all);

  // SetUnknownProperties writes only what the table does not name.
  PropertyListWriter mixed;
  mixed.BeginProperty("Timeout").AddDword(100);
  mixed.BeginProperty("Other").AddDword(1);
  const std::vector<uint8_t> mixed_list = Bytes(mixed);
  ASSERT_EQ(ResUtilSetUnknownProperties(key_, kTable, (PVOID)mixed_list.data(), mixed_list.size()),
            static_cast<DWORD>(ERROR_SUCCESS));
  size = sizeof(value);
  EXPECT_EQ(ClusterRegQueryValue(key_, L"Timeout", nullptr, (PBYTE)&value, &size), ERROR_SUCCESS);
  EXPECT_EQ(value, 9u);
  EXPECT_EQ(ClusterRegQueryValue(key_, L"Other", nullptr, (PBYTE)&value, &size), ERROR_SUCCESS);
}

TEST_F(DatabasePropertiesTest, ParameterBlockAndOneProperty) {
  Params params = {};
  params.timeout = 12;
  params.path = (LPWSTR)L"P";
  params.big = 7;
  PropertyListWriter extra;
  extra.BeginProperty("Timeout").AddDword(500);  // in the table: the block's value wins
  extra.BeginProperty("Loose").AddDword(2);
  const std::vector<uint8_t> list = Bytes(extra);
  Params copy = {};
  ASSERT_EQ(ResUtilSetPropertyParameterBlock(key_, kTable, nullptr, (LPBYTE)&params,
                                             (PVOID)list.data(), list.size(), (LPBYTE)&copy),
            static_cast<DWORD>(ERROR_SUCCESS));
  EXPECT_STREQ(copy.path, L"P");
  EXPECT_NE(copy.path, params.path);
  ResUtilFreeParameterBlock((LPBYTE)&copy, (LPBYTE)&params, kTable);
  DWORD value = 0, size = sizeof(value);
  EXPECT_EQ(ClusterRegQueryValue(key_, L"Timeout", nullptr, (PBYTE)&value, &size), ERROR_SUCCESS);
  EXPECT_EQ(value, 12u);
  EXPECT_EQ(ClusterRegQueryValue(key_, L"Loose", nullptr, (PBYTE)&value, &size), ERROR_SUCCESS);
  EXPECT_EQ(ClusterRegQueryValue(key_, L"Status", nullptr, nullptr, &size), ERROR_FILE_NOT_FOUND);

  // One property's size and bytes: NAME "Timeout" (8 + 16), DWORD (12), ENDMARK (4).
  DWORD total = 100, count = 2;
  ASSERT_EQ(ResUtilGetPropertySize(key_, &kTable[0], &total, &count),
            static_cast<DWORD>(ERROR_SUCCESS));
  EXPECT_EQ(total, 100u + 40u);
  EXPECT_EQ(count, 3u);
  std::vector<uint8_t> out(40);
  PVOID at = out.data();
  DWORD room = 39;
  EXPECT_EQ(ResUtilGetProperty(key_, &kTable[0], &at, &room), static_cast<DWORD>(ERROR_MORE_DATA));
  EXPECT_EQ(at, out.data());
  room = 40;
  ASSERT_EQ(ResUtilGetProperty(key_, &kTable[0], &at, &room), static_cast<DWORD>(ERROR_SUCCESS));
  EXPECT_EQ(at, out.data() + 40);
  EXPECT_EQ(room, 0u);
  EXPECT_EQ(out, FromHex("03000400 10000000 540069006d0065006f00750074000000"
                         "02000100 04000000 0c000000 00000000"));
}

TEST_F(DatabasePropertiesTest, BadKeysPassTheDatabaseCode) {
  DWORD returned = 0, required = 0;
  EXPECT_EQ(ResUtilGetPrivateProperties((HKEY)cluster_, nullptr, 0, &returned, &required),
            static_cast<DWORD>(ERROR_INVALID_HANDLE));
  HKEY read_only = nullptr;
  ASSERT_EQ(ClusterRegOpenKey(key_, L"", KEY_READ, &read_only), ERROR_SUCCESS);
  PropertyListWriter writer;
  writer.BeginProperty("Timeout").AddDword(5);
  const std::vector<uint8_t> list = Bytes(writer);
  EXPECT_EQ(ResUtilSetPropertyTable(read_only, kTable, nullptr, FALSE, (PVOID)list.data(),
                                    list.size(), nullptr),
            static_cast<DWORD>(ERROR_ACCESS_DENIED));
  ClusterRegCloseKey(read_only);
}

TEST_F(DatabasePropertiesTest, ValueHelpers) {
  // Absent numbers give the default; present ones must have their type and size.
  DWORD dword = 0;
  EXPECT_EQ(ResUtilGetDwordValue(key_, L"D", &dword, 42), static_cast<DWORD>(ERROR_SUCCESS));
  EXPECT_EQ(dword, 42u);
  DWORD copy = 0;
  ASSERT_EQ(ResUtilSetDwordValue(key_, L"D", 7, &copy), static_cast<DWORD>(ERROR_SUCCESS));
  EXPECT_EQ(copy, 7u);
  EXPECT_EQ(ResUtilGetDwordValue(key_, L"D", &dword, 42), static_cast<DWORD>(ERROR_SUCCESS));
  EXPECT_EQ(dword, 7u);
  ULONGLONG qword = 0;
  EXPECT_EQ(ResUtilGetQwordValue(key_, L"D", &qword, 1),
            static_cast<DWORD>(ERROR_INVALID_PARAMETER));
  ASSERT_EQ(ResUtilSetQwordValue(key_, L"Q", 1ULL << 33, nullptr),
            static_cast<DWORD>(ERROR_SUCCESS));
  EXPECT_EQ(ResUtilGetQwordValue(key_, L"Q", &qword, 1), static_cast<DWORD>(ERROR_SUCCESS));
  EXPECT_EQ(qword, 1ULL << 33);

  // Strings: the out copy is replaced (the old one freed: the leak checker watches).
  LPWSTR held = ResUtilDupString(L"old");
  ASSERT_EQ(ResUtilSetSzValue(key_, L"S", L"new", &held), static_cast<DWORD>(ERROR_SUCCESS));
  EXPECT_STREQ(held, L"new");
  LocalFree(held);
  LPWSTR text = ResUtilGetSzValue(key_, L"S");
  ASSERT_NE(text, nullptr);
  EXPECT_STREQ(text, L"new");
  LocalFree(text);
  SetLastError(0);
  EXPECT_EQ(ResUtilGetSzValue(key_, L"Missing"), nullptr);
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_FILE_NOT_FOUND));
  EXPECT_EQ(ResUtilGetSzValue(key_, L"D"), nullptr);
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INVALID_DATA));

  // Expansion of %NAME% from the environment; unknown names stay.
  clusprop::testing::SetEnv("CLUSPROP_TEST_DIR", "/srv");
  ASSERT_EQ(ResUtilSetExpandSzValue(key_, L"E", L"%CLUSPROP_TEST_DIR%\\%NOPE%\\100%", nullptr),
            static_cast<DWORD>(ERROR_SUCCESS));
  LPWSTR expanded = ResUtilGetExpandSzValue(key_, L"E", TRUE);
  ASSERT_NE(expanded, nullptr);
  EXPECT_STREQ(expanded, L"/srv\\%NOPE%\\100%");
  LocalFree(expanded);
  LPWSTR raw = ResUtilGetExpandSzValue(key_, L"E", FALSE);
  EXPECT_STREQ(raw, L"%CLUSPROP_TEST_DIR%\\%NOPE%\\100%");
  LocalFree(raw);

  // Binary and MULTI_SZ: bytes and sizes as given.
  const WCHAR multi[] = L"a\0bc\0";  // and the literal's own NUL: two at the end
  LPWSTR multi_copy = nullptr;
  DWORD multi_size = 0;
  ASSERT_EQ(ResUtilSetMultiSzValue(key_, L"M", multi, sizeof(multi), &multi_copy, &multi_size),
            static_cast<DWORD>(ERROR_SUCCESS));
  EXPECT_EQ(multi_size, sizeof(multi));
  LocalFree(multi_copy);
  LPWSTR read = nullptr;
  DWORD read_size = 0;
  ASSERT_EQ(ResUtilGetMultiSzValue(key_, L"M", &read, &read_size),
            static_cast<DWORD>(ERROR_SUCCESS));
  EXPECT_EQ(read_size, sizeof(multi));
  EXPECT_EQ(std::memcmp(read, multi, sizeof(multi)), 0);
  LocalFree(read);
  BYTE bytes[] = {1, 2, 3};
  LPBYTE binary = nullptr;
  DWORD binary_size = 0;
  ASSERT_EQ(ResUtilSetBinaryValue(key_, L"B", bytes, 3, &binary, &binary_size),
            static_cast<DWORD>(ERROR_SUCCESS));
  EXPECT_EQ(binary_size, 3u);
  LocalFree(binary);
  EXPECT_EQ(ResUtilSetBinaryValue(key_, L"B", nullptr, 3, nullptr, nullptr),
            static_cast<DWORD>(ERROR_INVALID_PARAMETER));
  EXPECT_EQ(ResUtilSetDwordValue((HKEY)cluster_, L"D", 1, nullptr),
            static_cast<DWORD>(ERROR_INVALID_HANDLE));
}

// A list property whose name is not the table's but whose value would land on a table item's
// value (an embedded NUL, a path to the item's KeyName, a leading '\') is never written there.
TEST_F(DatabasePropertiesTest, UnknownNamesCannotReachTableValues) {
  const DWORD nine = 9;
  ASSERT_EQ(ClusterRegSetValue(key_, L"Timeout", REG_DWORD, (const BYTE*)&nine, 4),
            static_cast<DWORD>(ERROR_SUCCESS));
  Params params = {};
  params.timeout = 12;
  for (const std::u16string& name : {std::u16string(u"Timeout\0x", 9), std::u16string(u"\\Timeout"),
                                     std::u16string(u"A\\\\B"), std::u16string(u"Dir\\")}) {
    PropertyListWriter writer;
    writer.BeginPropertyVerbatim(name).AddString("evil");
    const std::vector<uint8_t> list = Bytes(writer);
    EXPECT_EQ(ResUtilSetUnknownProperties(key_, kTable, (PVOID)list.data(), list.size()),
              static_cast<DWORD>(ERROR_INVALID_PARAMETER));
    EXPECT_EQ(ResUtilSetPrivatePropertyList(key_, (PVOID)list.data(), list.size()),
              static_cast<DWORD>(ERROR_INVALID_PARAMETER));
    EXPECT_EQ(ResUtilVerifyPrivatePropertyList((PVOID)list.data(), list.size()),
              static_cast<DWORD>(ERROR_INVALID_PARAMETER));
  }
  // "Sub\Names" is where the Names item (KeyName Sub) lives: the table's, so not written as an
  // unknown property.
  PropertyListWriter via_path;
  via_path.BeginProperty("Sub\\Names").AddString("evil");
  const std::vector<uint8_t> path_list = Bytes(via_path);
  EXPECT_EQ(ResUtilSetUnknownProperties(key_, kTable, (PVOID)path_list.data(), path_list.size()),
            static_cast<DWORD>(ERROR_SUCCESS));
  EXPECT_EQ(ResUtilSetPropertyParameterBlock(key_, kTable, nullptr, (LPBYTE)&params,
                                             (PVOID)path_list.data(), path_list.size(), nullptr),
            static_cast<DWORD>(ERROR_SUCCESS));
  HKEY sub = nullptr;
  ASSERT_EQ(ClusterRegOpenKey(key_, L"Sub", KEY_READ, &sub), ERROR_SUCCESS);
  DWORD type = 0, size = 0;  // the block's (empty) MULTI_SZ, not the list's string
  EXPECT_EQ(ClusterRegQueryValue(sub, L"Names", &type, nullptr, &size), ERROR_SUCCESS);
  EXPECT_EQ(type, static_cast<DWORD>(REG_MULTI_SZ));
  ClusterRegCloseKey(sub);
  Params read = {};
  EXPECT_EQ(ResUtilGetPropertiesToParameterBlock(key_, kTable, (LPBYTE)&read, TRUE, nullptr),
            static_cast<DWORD>(ERROR_SUCCESS));
  EXPECT_EQ(read.timeout, 12u);
  ResUtilFreeParameterBlock((LPBYTE)&read, nullptr, kTable);
}

// Names and values are all checked before anything is written.
TEST_F(DatabasePropertiesTest, RejectedListsWriteNothing) {
  PropertyListWriter writer;
  writer.BeginProperty("First").AddDword(1);
  writer.BeginPropertyVerbatim(u"x\\\\y").AddDword(2);
  const std::vector<uint8_t> list = Bytes(writer);
  EXPECT_EQ(ResUtilSetPrivatePropertyList(key_, (PVOID)list.data(), list.size()),
            static_cast<DWORD>(ERROR_INVALID_PARAMETER));
  DWORD size = 0;
  EXPECT_EQ(ClusterRegQueryValue(key_, L"First", nullptr, nullptr, &size), ERROR_FILE_NOT_FOUND);

  // A key without KEY_CREATE_SUB_KEY cannot make Names' Sub key: nothing at all is written.
  HKEY limited = nullptr;
  ASSERT_EQ(ClusterRegOpenKey(key_, L"", KEY_READ | KEY_SET_VALUE, &limited), ERROR_SUCCESS);
  PropertyListWriter both;
  both.BeginProperty("Timeout").AddDword(5);
  both.BeginProperty("Names").AddMultiString({"n"});
  const std::vector<uint8_t> both_list = Bytes(both);
  EXPECT_EQ(ResUtilSetPropertyTable(limited, kTable, nullptr, FALSE, (PVOID)both_list.data(),
                                    both_list.size(), nullptr),
            static_cast<DWORD>(ERROR_ACCESS_DENIED));
  EXPECT_EQ(ClusterRegQueryValue(key_, L"Timeout", nullptr, nullptr, &size), ERROR_FILE_NOT_FOUND);
  ClusterRegCloseKey(limited);

  // KEY_READ | KEY_WRITE is enough to make it.
  HKEY writable = nullptr;
  ASSERT_EQ(ClusterRegOpenKey(key_, L"", KEY_READ | KEY_WRITE, &writable), ERROR_SUCCESS);
  EXPECT_EQ(ResUtilSetPropertyTable(writable, kTable, nullptr, FALSE, (PVOID)both_list.data(),
                                    both_list.size(), nullptr),
            static_cast<DWORD>(ERROR_SUCCESS));
  ClusterRegCloseKey(writable);
}

TEST_F(DatabasePropertiesTest, EmptyBuffersStayEmpty) {
  RESUTIL_PROPERTY_ITEM binary_default = {
      (LPWSTR)L"Blob", nullptr, CLUSPROP_FORMAT_BINARY, {(DWORD_PTR)kDefaultPath}, 4, 0, 0, 0};
  struct Blob {
    LPBYTE data;
    DWORD size;
  };
  RESUTIL_PROPERTY_ITEM table[] = {binary_default, {}};
  Blob empty = {nullptr, 0};
  ASSERT_EQ(
      ResUtilSetPropertyParameterBlock(key_, table, nullptr, (LPBYTE)&empty, nullptr, 0, nullptr),
      static_cast<DWORD>(ERROR_SUCCESS));
  DWORD type = 0, size = 7;
  EXPECT_EQ(ClusterRegQueryValue(key_, L"Blob", &type, nullptr, &size), ERROR_SUCCESS);
  EXPECT_EQ(size, 0u);
  Blob read = {};
  ASSERT_EQ(ResUtilGetPropertiesToParameterBlock(key_, table, (LPBYTE)&read, FALSE, nullptr),
            static_cast<DWORD>(ERROR_SUCCESS));
  EXPECT_EQ(read.data, nullptr);  // empty as stored, not the 4-byte default
  EXPECT_EQ(read.size, 0u);
  ASSERT_EQ(ClusterRegDeleteValue(key_, L"Blob"), static_cast<DWORD>(ERROR_SUCCESS));
  ASSERT_EQ(ResUtilGetPropertiesToParameterBlock(key_, table, (LPBYTE)&read, FALSE, nullptr),
            static_cast<DWORD>(ERROR_SUCCESS));
  EXPECT_EQ(read.size, 4u);  // absent: the default
  ResUtilFreeParameterBlock((LPBYTE)&read, nullptr, table);
}

TEST_F(DatabasePropertiesTest, TheUnnamedValueIsNoProperty) {
  const DWORD one = 1;
  ASSERT_EQ(ClusterRegSetValue(key_, nullptr, REG_DWORD, (const BYTE*)&one, 4),
            static_cast<DWORD>(ERROR_SUCCESS));
  ASSERT_EQ(ClusterRegSetValue(key_, L"A", REG_DWORD, (const BYTE*)&one, 4),
            static_cast<DWORD>(ERROR_SUCCESS));
  WCHAR names[16];
  DWORD returned = 0, required = 0;
  ASSERT_EQ(ResUtilEnumPrivateProperties(key_, names, sizeof(names), &returned, &required),
            static_cast<DWORD>(ERROR_SUCCESS));
  EXPECT_EQ(std::wstring(names, returned / sizeof(WCHAR)), std::wstring(L"A\0\0", 3));
  std::vector<uint8_t> list(256);
  ASSERT_EQ(ResUtilGetPrivateProperties(key_, list.data(), list.size(), &returned, &required),
            static_cast<DWORD>(ERROR_SUCCESS));
  list.resize(returned);
  EXPECT_EQ(clusprop::PropertyListReader::Open(list)->size(), 1u);
}

// Stored names fold as property names do (Latin-1 included).
TEST_F(DatabasePropertiesTest, AccentedNamesMatchTheirStoredValues) {
  RESUTIL_PROPERTY_ITEM table[] = {
      {(LPWSTR)L"\u00c9t\u00e9", nullptr, CLUSPROP_FORMAT_DWORD, {30}, 0, 0, 0, 0}, {}};
  PropertyListWriter writer;
  writer.BeginProperty("\xC3\xA9t\xC3\xA9").AddDword(5);  // "été"
  const std::vector<uint8_t> list = Bytes(writer);
  ASSERT_EQ(ResUtilSetPrivatePropertyList(key_, (PVOID)list.data(), list.size()),
            static_cast<DWORD>(ERROR_SUCCESS));
  DWORD value = 0;
  ASSERT_EQ(ResUtilGetPropertiesToParameterBlock(key_, table, (LPBYTE)&value, FALSE, nullptr),
            static_cast<DWORD>(ERROR_SUCCESS));
  EXPECT_EQ(value, 5u);
  const std::vector<uint8_t> all = [&] {
    DWORD returned = 0, required = 0;
    std::vector<uint8_t> out(256);
    EXPECT_EQ(ResUtilGetAllProperties(key_, table, out.data(), out.size(), &returned, &required),
              static_cast<DWORD>(ERROR_SUCCESS));
    out.resize(returned);
    return out;
  }();
  EXPECT_EQ(clusprop::PropertyListReader::Open(all)->size(), 1u);  // once: it is the table's
}

TEST_F(DatabasePropertiesTest, InMemoryItemsAreNeverRead) {
  const WCHAR text[] = L"stale";
  ASSERT_EQ(ClusterRegSetValue(key_, L"Status", REG_SZ, (const BYTE*)text, sizeof(text)),
            static_cast<DWORD>(ERROR_SUCCESS));
  DWORD total = 0, count = 0;
  EXPECT_EQ(ResUtilGetPropertySize(key_, &kTable[4], &total, &count),
            static_cast<DWORD>(ERROR_SUCCESS));
  EXPECT_EQ(count, 1u);
}

// Values deleted while another thread lists them: every listing succeeds.
TEST_F(DatabasePropertiesTest, ListingWhileValuesChange) {
  std::atomic<bool> stop{false};
  std::thread changer([&] {
    const DWORD one = 1;
    for (int i = 0; !stop; ++i) {
      const std::wstring name = L"V" + std::to_wstring(i % 8);
      if (i % 2 == 0) {
        ClusterRegSetValue(key_, name.c_str(), REG_DWORD, (const BYTE*)&one, 4);
      } else {
        ClusterRegDeleteValue(key_, name.c_str());
      }
    }
  });
  for (int round = 0; round < 300; ++round) {
    std::vector<uint8_t> out(4096);
    DWORD returned = 0, required = 0;
    EXPECT_EQ(ResUtilGetPrivateProperties(key_, out.data(), out.size(), &returned, &required),
              static_cast<DWORD>(ERROR_SUCCESS));
    WCHAR names[256];
    EXPECT_EQ(ResUtilEnumPrivateProperties(key_, names, sizeof(names), &returned, &required),
              static_cast<DWORD>(ERROR_SUCCESS));
  }
  stop = true;
  changer.join();
}

}  // namespace
