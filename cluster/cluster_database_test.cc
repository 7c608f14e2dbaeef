// The cluster database through the C API (ClusterReg*), on the default embedded cluster.

#include <atomic>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "cluster/clusapi.h"
#include "gtest/gtest.h"

namespace {

constexpr LONG kSuccess = ERROR_SUCCESS;

class ClusterDatabaseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    cluster_ = OpenCluster(nullptr);
    ASSERT_NE(cluster_, nullptr) << GetLastError();
    resource_ = OpenClusterResource(cluster_, L"DemoResource");
    ASSERT_NE(resource_, nullptr) << GetLastError();
    key_ = GetClusterResourceKey(resource_, KEY_ALL_ACCESS);
    ASSERT_NE(key_, nullptr) << GetLastError();
  }
  void TearDown() override {
    EXPECT_EQ(ClusterRegCloseKey(key_), kSuccess);
    EXPECT_TRUE(CloseClusterResource(resource_));
    EXPECT_TRUE(CloseCluster(cluster_));
  }

  // A fresh subkey of the resource's key for one test.
  HKEY Fresh(const wchar_t* name) {
    HKEY key = nullptr;
    DWORD disposition = 0;
    EXPECT_EQ(ClusterRegCreateKey(key_, name, REG_OPTION_NON_VOLATILE, KEY_ALL_ACCESS, nullptr,
                                  &key, &disposition),
              kSuccess);
    EXPECT_EQ(disposition, static_cast<DWORD>(REG_CREATED_NEW_KEY));
    return key;
  }

  HCLUSTER cluster_ = nullptr;
  HRESOURCE resource_ = nullptr;
  HKEY key_ = nullptr;
};

TEST_F(ClusterDatabaseTest, ValuesRoundTripWithTheTwoCallPattern) {
  HKEY key = Fresh(L"RoundTrip");
  const DWORD dword = 0x01020304;
  ASSERT_EQ(ClusterRegSetValue(key, L"Timeout", REG_DWORD, (const BYTE*)&dword, sizeof(dword)),
            static_cast<DWORD>(ERROR_SUCCESS));
  const wchar_t text[] = L"C:\\data";
  ASSERT_EQ(ClusterRegSetValue(key, L"Path", REG_SZ, (const BYTE*)text, sizeof(text)),
            static_cast<DWORD>(ERROR_SUCCESS));

  DWORD type = 0, size = 0;
  EXPECT_EQ(ClusterRegQueryValue(key, L"path", &type, nullptr, &size), kSuccess);  // any case
  EXPECT_EQ(type, static_cast<DWORD>(REG_SZ));
  EXPECT_EQ(size, sizeof(text));
  std::vector<BYTE> small(size - 1, 0xAA);
  size = static_cast<DWORD>(small.size());
  EXPECT_EQ(ClusterRegQueryValue(key, L"Path", &type, small.data(), &size), ERROR_MORE_DATA);
  EXPECT_EQ(size, sizeof(text));
  EXPECT_EQ(small, std::vector<BYTE>(sizeof(text) - 1, 0xAA));
  std::vector<BYTE> data(size);
  EXPECT_EQ(ClusterRegQueryValue(key, L"Path", &type, data.data(), &size), kSuccess);
  EXPECT_EQ(std::memcmp(data.data(), text, sizeof(text)), 0);
  EXPECT_EQ(ClusterRegQueryValue(key, L"Path", &type, data.data(), nullptr),
            ERROR_INVALID_PARAMETER);

  // Enumeration in name order: Path, Timeout; then ERROR_NO_MORE_ITEMS.
  wchar_t name[16];
  DWORD chars = 16;
  EXPECT_EQ(ClusterRegEnumValue(key, 0, name, &chars, &type, nullptr, nullptr),
            static_cast<DWORD>(ERROR_SUCCESS));
  EXPECT_EQ(std::wstring(name), L"Path");
  EXPECT_EQ(chars, 4u);
  chars = 7;  // "Timeout" needs 8 with its NUL
  EXPECT_EQ(ClusterRegEnumValue(key, 1, name, &chars, &type, nullptr, nullptr),
            static_cast<DWORD>(ERROR_MORE_DATA));
  EXPECT_EQ(chars, 7u);
  chars = 8;
  DWORD value = 0;
  size = sizeof(value);
  EXPECT_EQ(ClusterRegEnumValue(key, 1, name, &chars, &type, (PBYTE)&value, &size),
            static_cast<DWORD>(ERROR_SUCCESS));
  EXPECT_EQ(std::wstring(name), L"Timeout");
  EXPECT_EQ(value, dword);
  // A name that does not fit: neither buffer is written.
  DWORD untouched = 0xAAAAAAAA;
  size = sizeof(untouched);
  chars = 3;
  EXPECT_EQ(ClusterRegEnumValue(key, 1, name, &chars, &type, (PBYTE)&untouched, &size),
            static_cast<DWORD>(ERROR_MORE_DATA));
  EXPECT_EQ(untouched, 0xAAAAAAAAu);
  EXPECT_EQ(chars, 7u);
  EXPECT_EQ(size, 4u);
  chars = 16;
  EXPECT_EQ(ClusterRegEnumValue(key, 2, name, &chars, &type, nullptr, nullptr),
            static_cast<DWORD>(ERROR_NO_MORE_ITEMS));

  EXPECT_EQ(ClusterRegDeleteValue(key, L"TIMEOUT"), static_cast<DWORD>(ERROR_SUCCESS));
  EXPECT_EQ(ClusterRegDeleteValue(key, L"Timeout"), static_cast<DWORD>(ERROR_FILE_NOT_FOUND));
  EXPECT_EQ(ClusterRegQueryValue(key, L"Timeout", &type, nullptr, &size), ERROR_FILE_NOT_FOUND);
  EXPECT_EQ(ClusterRegCloseKey(key), kSuccess);
}

TEST_F(ClusterDatabaseTest, KeysOpenCreateEnumerateAndDelete) {
  HKEY parent = Fresh(L"Tree");
  HKEY child = nullptr;
  DWORD disposition = 0;
  ASSERT_EQ(ClusterRegCreateKey(parent, L"A\\B", REG_OPTION_NON_VOLATILE, KEY_ALL_ACCESS, nullptr,
                                &child, &disposition),
            kSuccess);
  EXPECT_EQ(disposition, static_cast<DWORD>(REG_CREATED_NEW_KEY));
  HKEY again = nullptr;
  ASSERT_EQ(ClusterRegCreateKey(parent, L"a\\b", REG_OPTION_NON_VOLATILE, KEY_READ, nullptr, &again,
                                &disposition),
            kSuccess);
  EXPECT_EQ(disposition, static_cast<DWORD>(REG_OPENED_EXISTING_KEY));
  HKEY opened = nullptr;
  EXPECT_EQ(ClusterRegOpenKey(parent, L"A\\B", KEY_READ, &opened), kSuccess);
  EXPECT_EQ(ClusterRegOpenKey(parent, L"A\\Missing", KEY_READ, &opened), ERROR_FILE_NOT_FOUND);
  EXPECT_EQ(ClusterRegOpenKey(parent, L"\\A", KEY_READ, &opened), ERROR_INVALID_PARAMETER);
  EXPECT_EQ(ClusterRegOpenKey(parent, L"A\\\\B", KEY_READ, &opened), ERROR_INVALID_PARAMETER);
  HKEY self = nullptr;
  EXPECT_EQ(ClusterRegOpenKey(parent, L"", KEY_READ, &self), kSuccess);  // the key itself
  wchar_t name[8];
  DWORD chars = 8;
  EXPECT_EQ(ClusterRegEnumKey(self, 0, name, &chars, nullptr), kSuccess);
  EXPECT_EQ(std::wstring(name), L"A");
  chars = 8;
  EXPECT_EQ(ClusterRegEnumKey(self, 1, name, &chars, nullptr), ERROR_NO_MORE_ITEMS);

  // A key with subkeys cannot be deleted; once the child is gone it can. A handle to a deleted
  // key reports ERROR_KEY_DELETED.
  EXPECT_EQ(ClusterRegDeleteKey(parent, L"A"), ERROR_ACCESS_DENIED);
  EXPECT_EQ(ClusterRegDeleteKey(parent, L"A\\B"), kSuccess);
  EXPECT_EQ(ClusterRegDeleteKey(parent, L"A\\B"), ERROR_FILE_NOT_FOUND);
  const DWORD one = 1;
  EXPECT_EQ(ClusterRegSetValue(child, L"X", REG_DWORD, (const BYTE*)&one, 4),
            static_cast<DWORD>(ERROR_KEY_DELETED));
  EXPECT_EQ(ClusterRegDeleteKey(parent, L"A"), kSuccess);
  EXPECT_EQ(ClusterRegDeleteKey(parent, L""), ERROR_INVALID_PARAMETER);
  for (HKEY key : {child, again, opened, self, parent})
    EXPECT_EQ(ClusterRegCloseKey(key), kSuccess);
}

TEST_F(ClusterDatabaseTest, RightsAreChecked) {
  HKEY read_only = GetClusterResourceKey(resource_, KEY_READ);
  ASSERT_NE(read_only, nullptr);
  const DWORD one = 1;
  EXPECT_EQ(ClusterRegSetValue(read_only, L"X", REG_DWORD, (const BYTE*)&one, 4),
            static_cast<DWORD>(ERROR_ACCESS_DENIED));
  HKEY sub = nullptr;
  EXPECT_EQ(ClusterRegCreateKey(read_only, L"S", REG_OPTION_NON_VOLATILE, KEY_READ, nullptr, &sub,
                                nullptr),
            ERROR_ACCESS_DENIED);
  EXPECT_EQ(ClusterRegOpenKey(read_only, L"", KEY_ALL_ACCESS, &sub), ERROR_ACCESS_DENIED);
  EXPECT_EQ(ClusterRegCloseKey(read_only), kSuccess);

  // A cluster handle without change access gives no write rights.
  HCLUSTER reader = OpenClusterEx(nullptr, CLUSAPI_READ_ACCESS, nullptr);
  ASSERT_NE(reader, nullptr);
  SetLastError(0);
  EXPECT_EQ(GetClusterKey(reader, KEY_WRITE), nullptr);
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_ACCESS_DENIED));
  HKEY root = GetClusterKey(reader, KEY_READ);
  ASSERT_NE(root, nullptr);
  EXPECT_EQ(ClusterRegCloseKey(root), kSuccess);
  EXPECT_TRUE(CloseCluster(reader));
}

TEST_F(ClusterDatabaseTest, WrongKindClosedAndForgedHandles) {
  const DWORD one = 1;
  for (HKEY bad : {(HKEY) nullptr, (HKEY)cluster_, (HKEY)resource_, (HKEY)(uintptr_t)0x12345}) {
    EXPECT_EQ(ClusterRegSetValue(bad, L"X", REG_DWORD, (const BYTE*)&one, 4),
              static_cast<DWORD>(ERROR_INVALID_HANDLE));
    EXPECT_EQ(ClusterRegCloseKey(bad), ERROR_INVALID_HANDLE);
  }
  EXPECT_EQ(GetClusterResourceKey((HRESOURCE)cluster_, KEY_READ), nullptr);
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INVALID_HANDLE));
  EXPECT_EQ(GetClusterKey((HCLUSTER)key_, KEY_READ), nullptr);
  HKEY closed = Fresh(L"Closed");
  EXPECT_EQ(ClusterRegCloseKey(closed), kSuccess);
  EXPECT_EQ(ClusterRegCloseKey(closed), ERROR_INVALID_HANDLE);
  DWORD size = 0;
  EXPECT_EQ(ClusterRegQueryValue(closed, L"X", nullptr, nullptr, &size), ERROR_INVALID_HANDLE);
}

// Threads set, query and delete values and keys under one parent while others close the
// handles they use: every call completes or reports ERROR_INVALID_HANDLE / ERROR_KEY_DELETED.
TEST_F(ClusterDatabaseTest, ConcurrentUseAndClose) {
  HKEY parent = Fresh(L"Concurrent");
  HKEY first = nullptr;
  ASSERT_EQ(ClusterRegCreateKey(parent, L"K", REG_OPTION_NON_VOLATILE, KEY_ALL_ACCESS, nullptr,
                                &first, nullptr),
            kSuccess);
  std::atomic<HKEY> shared{first};
  std::atomic<bool> stop{false};
  std::vector<std::thread> users;
  for (int t = 0; t < 3; ++t) {
    users.emplace_back([&, t] {
      for (DWORD i = 0; !stop; ++i) {
        const DWORD code =
            ClusterRegSetValue(shared.load(), L"V", REG_DWORD, (const BYTE*)&i, sizeof(i));
        EXPECT_TRUE(code == ERROR_SUCCESS || code == ERROR_INVALID_HANDLE ||
                    code == ERROR_KEY_DELETED)
            << t << " " << code;
      }
    });
  }
  for (int round = 0; round < 200; ++round) {
    HKEY next = nullptr;
    ASSERT_EQ(ClusterRegCreateKey(parent, L"K", REG_OPTION_NON_VOLATILE, KEY_ALL_ACCESS, nullptr,
                                  &next, nullptr),
              kSuccess);
    HKEY old = shared.exchange(next);
    EXPECT_EQ(ClusterRegCloseKey(old), kSuccess);
    if (round % 50 == 0) EXPECT_EQ(ClusterRegDeleteKey(parent, L"K"), kSuccess);
  }
  stop = true;
  for (std::thread& user : users) user.join();
  EXPECT_EQ(ClusterRegCloseKey(shared.load()), kSuccess);
  EXPECT_EQ(ClusterRegCloseKey(parent), kSuccess);
}

}  // namespace
