// The property control codes of ClusterResourceControl and ClusterResourceTypeControl, through
// the C API, on the cluster of testdata/clusters/properties.json (VM1 Online with OfflineAction
// 2, VM2 Offline, App Online and App2 Offline of a type that declares no property table).

#include <atomic>
#include <cstring>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "clusprop/internal/test_util.h"
#include "clusprop/writer.h"
#include "cluster/embedded.h"
#include "gtest/gtest.h"
#include "resutil/resapi.h"

namespace {

using clusprop::PropertyListWriter;

constexpr DWORD kEnumPrivate = CLUSCTL_RESOURCE_ENUM_PRIVATE_PROPERTIES;
constexpr DWORD kGetRoPrivate = CLUSCTL_RESOURCE_GET_RO_PRIVATE_PROPERTIES;
constexpr DWORD kGetPrivate = CLUSCTL_RESOURCE_GET_PRIVATE_PROPERTIES;
constexpr DWORD kSetPrivate = CLUSCTL_RESOURCE_SET_PRIVATE_PROPERTIES;
constexpr DWORD kValidatePrivate = CLUSCTL_RESOURCE_VALIDATE_PRIVATE_PROPERTIES;
constexpr DWORD kPrivateFmts = CLUSCTL_RESOURCE_GET_PRIVATE_PROPERTY_FMTS;
constexpr DWORD kEnumCommon = CLUSCTL_RESOURCE_ENUM_COMMON_PROPERTIES;
constexpr DWORD kGetRoCommon = CLUSCTL_RESOURCE_GET_RO_COMMON_PROPERTIES;
constexpr DWORD kGetCommon = CLUSCTL_RESOURCE_GET_COMMON_PROPERTIES;
constexpr DWORD kSetCommon = CLUSCTL_RESOURCE_SET_COMMON_PROPERTIES;
constexpr DWORD kValidateCommon = CLUSCTL_RESOURCE_VALIDATE_COMMON_PROPERTIES;
constexpr DWORD kCommonFmts = CLUSCTL_RESOURCE_GET_COMMON_PROPERTY_FMTS;
constexpr DWORD kGetName = CLUSCTL_RESOURCE_GET_NAME;
constexpr DWORD kGetResourceType = CLUSCTL_RESOURCE_GET_RESOURCE_TYPE;
constexpr DWORD kTypeCommonResourceFmts = CLUSCTL_RESOURCE_TYPE_GET_COMMON_RESOURCE_PROPERTY_FMTS;
constexpr DWORD kTypePrivateResourceFmts = CLUSCTL_RESOURCE_TYPE_GET_PRIVATE_RESOURCE_PROPERTY_FMTS;

std::vector<uint8_t> Bytes(PropertyListWriter& writer) {
  absl::StatusOr<absl::Span<const uint8_t>> bytes = writer.Finish();
  EXPECT_TRUE(bytes.ok()) << bytes.status();
  return bytes.ok() ? std::vector<uint8_t>(bytes->begin(), bytes->end()) : std::vector<uint8_t>();
}

std::vector<uint8_t> DwordList(const char* name, DWORD value) {
  PropertyListWriter writer;
  writer.BeginProperty(name).AddDword(value);
  return Bytes(writer);
}

// A reply: the code, *lpcbBytesReturned and the bytes written.
struct Reply {
  DWORD code;
  DWORD returned;
  std::vector<uint8_t> out;
};

class PropertyControlTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    clusprop::testing::SetEnv("CLUSPROP_CLUSTER", "testdata/clusters/properties.json");
  }
  void SetUp() override {
    cluster_ = OpenCluster(nullptr);
    ASSERT_NE(cluster_, nullptr) << GetLastError();
  }
  void TearDown() override {
    for (HRESOURCE resource : opened_) EXPECT_TRUE(CloseClusterResource(resource));
    EXPECT_TRUE(CloseCluster(cluster_));
  }

  HRESOURCE Open(const wchar_t* name, DWORD access = CLUSAPI_ALL_ACCESS) {
    DWORD granted = 0;
    HRESOURCE resource = OpenClusterResourceEx(cluster_, name, access, &granted);
    EXPECT_NE(resource, nullptr) << GetLastError();
    opened_.push_back(resource);
    return resource;
  }

  // Sends `code` with `in`, into an output buffer of `room` bytes.
  static Reply Control(HRESOURCE resource, DWORD code, std::vector<uint8_t> in = {},
                       DWORD room = 4096) {
    Reply reply{0, 0xDEAD, std::vector<uint8_t>(room, 0xCC)};
    reply.code = ClusterResourceControl(
        resource, nullptr, code, in.empty() ? nullptr : in.data(), static_cast<DWORD>(in.size()),
        room == 0 ? nullptr : reply.out.data(), room, &reply.returned);
    if (reply.code == ERROR_SUCCESS) reply.out.resize(reply.returned);
    return reply;
  }
  Reply TypeControl(const wchar_t* type, DWORD code, std::vector<uint8_t> in = {},
                    DWORD room = 4096) {
    Reply reply{0, 0xDEAD, std::vector<uint8_t>(room, 0xCC)};
    reply.code =
        ClusterResourceTypeControl(cluster_, type, nullptr, code, in.empty() ? nullptr : in.data(),
                                   static_cast<DWORD>(in.size()),
                                   room == 0 ? nullptr : reply.out.data(), room, &reply.returned);
    if (reply.code == ERROR_SUCCESS) reply.out.resize(reply.returned);
    return reply;
  }
  static DWORD Dword(const Reply& reply, const wchar_t* name) {
    DWORD value = 0xDEAD;
    EXPECT_EQ(ResUtilFindDwordProperty(const_cast<uint8_t*>(reply.out.data()),
                                       static_cast<DWORD>(reply.out.size()), name, &value),
              static_cast<DWORD>(ERROR_SUCCESS))
        << "no DWORD property";
    return value;
  }
  static std::wstring Sz(const Reply& reply, const wchar_t* name) {
    LPWSTR value = nullptr;
    if (ResUtilFindSzProperty(const_cast<uint8_t*>(reply.out.data()),
                              static_cast<DWORD>(reply.out.size()), name,
                              &value) != ERROR_SUCCESS) {
      return L"(absent)";
    }
    std::wstring text(value);
    LocalFree(value);
    return text;
  }

  HCLUSTER cluster_ = nullptr;
  std::vector<HRESOURCE> opened_;
};

// ---- Private properties -----------------------------------------------------------------------

TEST_F(PropertyControlTest, VirtualMachineOfflineActionComesFromTheDescription) {
  Reply reply = Control(Open(L"VM1"), kGetPrivate);
  ASSERT_EQ(reply.code, static_cast<DWORD>(ERROR_SUCCESS));
  EXPECT_EQ(reply.out, DwordList("OfflineAction", 2));
  // VM2 has no "offline_action": the type's default, 1 (Save).
  EXPECT_EQ(Control(Open(L"VM2"), kGetPrivate).out, DwordList("OfflineAction", 1));
}

TEST_F(PropertyControlTest, OutputTooSmallGivesTheExactSizeAndWritesNothing) {
  HRESOURCE vm = Open(L"VM1");
  const auto size = static_cast<DWORD>(DwordList("OfflineAction", 2).size());
  Reply none = Control(vm, kGetPrivate, {}, 0);
  EXPECT_EQ(none.code, static_cast<DWORD>(ERROR_MORE_DATA));
  EXPECT_EQ(none.returned, size);
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_MORE_DATA));
  Reply short_by_one = Control(vm, kGetPrivate, {}, size - 1);
  EXPECT_EQ(short_by_one.code, static_cast<DWORD>(ERROR_MORE_DATA));
  EXPECT_EQ(short_by_one.returned, size);
  EXPECT_EQ(short_by_one.out, std::vector<uint8_t>(size - 1, 0xCC));
  Reply exact = Control(vm, kGetPrivate, {}, size);
  EXPECT_EQ(exact.code, static_cast<DWORD>(ERROR_SUCCESS));
  EXPECT_EQ(exact.returned, size);
}

TEST_F(PropertyControlTest, SetOfflineActionIsWhatTheNextOfflineUses) {
  HRESOURCE vm = Open(L"VM1");
  ASSERT_EQ(Control(vm, kSetPrivate, DwordList("OfflineAction", 0)).code,
            static_cast<DWORD>(ERROR_SUCCESS));  // applies at the next offline: not 5024
  EXPECT_EQ(Dword(Control(vm, kGetPrivate), L"OfflineAction"), 0u);
  std::optional<clusprop::cluster::ResourceStatus> status =
      clusprop::cluster::EmbeddedCluster()->GetStatus("VM1");
  ASSERT_TRUE(status.has_value());
  EXPECT_EQ(status->offline_action, 0u);

  auto handler = std::dynamic_pointer_cast<clusprop::cluster::RecordingHandler>(
      clusprop::cluster::EmbeddedCluster()->HandlerOf("Virtual Machine"));
  ASSERT_NE(handler, nullptr);
  handler->TakeCalls();
  ASSERT_EQ(OfflineClusterResource(vm), static_cast<DWORD>(ERROR_IO_PENDING));
  clusprop::cluster::EmbeddedCluster()->WaitIdle();
  std::vector<clusprop::cluster::RecordingHandler::Call> calls = handler->TakeCalls();
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].what, "offline:TurnOff");
  ASSERT_EQ(OnlineClusterResource(vm), static_cast<DWORD>(ERROR_SUCCESS));
  ASSERT_EQ(Control(vm, kSetPrivate, DwordList("OfflineAction", 2)).code,
            static_cast<DWORD>(ERROR_SUCCESS));
}

TEST_F(PropertyControlTest, OfflineActionWrittenThroughTheDatabaseIsReadToo) {
  HRESOURCE vm = Open(L"VM2");
  HKEY key = GetClusterResourceKey(vm, KEY_ALL_ACCESS);
  ASSERT_NE(key, nullptr);
  HKEY parameters = nullptr;
  ASSERT_EQ(ClusterRegOpenKey(key, L"Parameters", KEY_ALL_ACCESS, &parameters), ERROR_SUCCESS);
  const DWORD three = 3;
  ASSERT_EQ(ClusterRegSetValue(parameters, L"OFFLINEACTION", REG_DWORD,
                               reinterpret_cast<const BYTE*>(&three), sizeof(three)),
            static_cast<DWORD>(ERROR_SUCCESS));
  EXPECT_EQ(clusprop::cluster::EmbeddedCluster()->GetStatus("VM2")->offline_action, 3u);
  // A value the type would refuse reads as the default.
  const DWORD nine = 9;
  ASSERT_EQ(ClusterRegSetValue(parameters, L"OfflineAction", REG_DWORD,
                               reinterpret_cast<const BYTE*>(&nine), sizeof(nine)),
            static_cast<DWORD>(ERROR_SUCCESS));
  EXPECT_EQ(clusprop::cluster::EmbeddedCluster()->GetStatus("VM2")->offline_action, 1u);
  ASSERT_EQ(ClusterRegDeleteValue(parameters, L"OfflineAction"), static_cast<DWORD>(0));
  EXPECT_EQ(clusprop::cluster::EmbeddedCluster()->GetStatus("VM2")->offline_action, 1u);
  EXPECT_EQ(Control(vm, kGetPrivate).out, DwordList("OfflineAction", 1));
  EXPECT_EQ(ClusterRegCloseKey(parameters), ERROR_SUCCESS);
  EXPECT_EQ(ClusterRegCloseKey(key), ERROR_SUCCESS);
}

TEST_F(PropertyControlTest, RejectedListsChangeNothing) {
  HRESOURCE vm = Open(L"VM1");
  const std::vector<uint8_t> before = Control(vm, kGetPrivate).out;
  EXPECT_EQ(Control(vm, kSetPrivate, DwordList("OfflineAction", 4)).code,
            static_cast<DWORD>(ERROR_INVALID_PARAMETER));  // out of range
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INVALID_PARAMETER));
  PropertyListWriter text;
  text.BeginProperty("OfflineAction").AddString("Save");
  EXPECT_EQ(Control(vm, kSetPrivate, Bytes(text)).code,
            static_cast<DWORD>(ERROR_INVALID_PARAMETER));  // wrong format
  std::vector<uint8_t> list = DwordList("OfflineAction", 0);
  list.resize(list.size() - 8);  // cut inside the list
  EXPECT_EQ(Control(vm, kSetPrivate, list).code, static_cast<DWORD>(ERROR_INSUFFICIENT_BUFFER));
  EXPECT_EQ(Control(vm, kSetPrivate, {0xFF, 0xFF, 0xFF, 0xFF, 1, 2, 3}).code,
            static_cast<DWORD>(ERROR_INSUFFICIENT_BUFFER));  // a count no buffer can hold
  std::vector<uint8_t> bad_name = DwordList("OfflineAction", 0);
  bad_name[4] = 0x99;  // the NAME entry's syntax
  EXPECT_EQ(Control(vm, kSetPrivate, bad_name).code, static_cast<DWORD>(ERROR_INVALID_DATA));
  Reply null_in{};
  null_in.code =
      ClusterResourceControl(vm, nullptr, kSetPrivate, nullptr, 16, nullptr, 0, &null_in.returned);
  EXPECT_EQ(null_in.code, static_cast<DWORD>(RPC_X_BAD_STUB_DATA));
  EXPECT_EQ(null_in.returned, 0u);
  EXPECT_EQ(Control(vm, kGetPrivate).out, before);
}

TEST_F(PropertyControlTest, ValidateChecksAndStoresNothing) {
  HRESOURCE vm = Open(L"VM1");
  const std::vector<uint8_t> before = Control(vm, kGetPrivate).out;
  EXPECT_EQ(Control(vm, kValidatePrivate, DwordList("OfflineAction", 3)).code,
            static_cast<DWORD>(ERROR_SUCCESS));
  EXPECT_EQ(Control(vm, kValidatePrivate, DwordList("OfflineAction", 7)).code,
            static_cast<DWORD>(ERROR_INVALID_PARAMETER));
  EXPECT_EQ(Control(vm, kValidatePrivate, DwordList("Unknown", 7)).code,
            static_cast<DWORD>(ERROR_SUCCESS));  // private lists may carry unknown properties
  EXPECT_EQ(Control(vm, kGetPrivate).out, before);
}

TEST_F(PropertyControlTest, UnknownPrivatePropertiesAreStoredAndListed) {
  HRESOURCE vm = Open(L"VM2");
  ASSERT_EQ(Control(vm, kSetPrivate, DwordList("Memory", 4096)).code,
            static_cast<DWORD>(ERROR_SUCCESS));  // VM2 is Offline
  PropertyListWriter both;
  both.BeginProperty("OfflineAction").AddDword(1);
  both.BeginProperty("Memory").AddDword(4096);
  EXPECT_EQ(Control(vm, kGetPrivate).out, Bytes(both));
  // ENUM and the formats list the table's properties.
  Reply names = Control(vm, kEnumPrivate);
  ASSERT_EQ(names.code, static_cast<DWORD>(ERROR_SUCCESS));
  const std::wstring expected(L"OfflineAction\0", 15);
  ASSERT_EQ(names.out.size(), expected.size() * sizeof(WCHAR));
  EXPECT_EQ(std::memcmp(names.out.data(), expected.data(), names.out.size()), 0);
  PropertyListWriter formats;
  formats.BeginProperty("OfflineAction").AddWord(CLUSPROP_FORMAT_DWORD);
  EXPECT_EQ(Control(vm, kPrivateFmts).out, Bytes(formats));
  // No read-only private property: a list of count 0.
  PropertyListWriter empty;
  EXPECT_EQ(Control(vm, kGetRoPrivate).out, Bytes(empty));
}

TEST_F(PropertyControlTest, TypesWithoutATableStoreAnyListAndSayWhenItWaitsForAnOnline) {
  PropertyListWriter writer;
  writer.BeginProperty("CommandLine").AddString("app.exe --serve");
  writer.BeginProperty("Port").AddDword(8080);
  const std::vector<uint8_t> list = Bytes(writer);
  HRESOURCE online = Open(L"App");
  EXPECT_EQ(Control(online, kSetPrivate, list).code,
            static_cast<DWORD>(ERROR_RESOURCE_PROPERTIES_STORED));
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_RESOURCE_PROPERTIES_STORED));
  EXPECT_EQ(Control(online, kGetPrivate).out, list);
  HRESOURCE offline = Open(L"App2");
  EXPECT_EQ(Control(offline, kSetPrivate, list).code, static_cast<DWORD>(ERROR_SUCCESS));

  PropertyListWriter formats;
  formats.BeginProperty("CommandLine").AddWord(CLUSPROP_FORMAT_SZ);
  formats.BeginProperty("Port").AddWord(CLUSPROP_FORMAT_DWORD);
  EXPECT_EQ(Control(offline, kPrivateFmts).out, Bytes(formats));
  Reply names = Control(offline, kEnumPrivate);
  const std::wstring expected(L"CommandLine\0Port\0", 18);
  ASSERT_EQ(names.out.size(), expected.size() * sizeof(WCHAR));
  EXPECT_EQ(std::memcmp(names.out.data(), expected.data(), names.out.size()), 0);
  PropertyListWriter empty;
  EXPECT_EQ(Control(offline, kGetRoPrivate).out, Bytes(empty));
}

TEST_F(PropertyControlTest, SetNeedsFullAccessGetDoesNot) {
  HRESOURCE read_only = Open(L"VM1", CLUSAPI_READ_ACCESS);
  EXPECT_EQ(Control(read_only, kSetPrivate, DwordList("OfflineAction", 1)).code,
            static_cast<DWORD>(ERROR_ACCESS_DENIED));
  EXPECT_EQ(Control(read_only, kSetCommon, DwordList("RestartThreshold", 1)).code,
            static_cast<DWORD>(ERROR_ACCESS_DENIED));
  EXPECT_EQ(Control(read_only, kGetPrivate).code, static_cast<DWORD>(ERROR_SUCCESS));
  EXPECT_EQ(Control(read_only, kValidatePrivate, DwordList("OfflineAction", 1)).code,
            static_cast<DWORD>(ERROR_SUCCESS));
}

// ---- Common properties ------------------------------------------------------------------------

TEST_F(PropertyControlTest, CommonPropertiesHoldTheClustersFactsAndTheDefaults) {
  HRESOURCE vm = Open(L"VM1");
  Reply read_only = Control(vm, kGetRoCommon);
  ASSERT_EQ(read_only.code, static_cast<DWORD>(ERROR_SUCCESS));
  PropertyListWriter expected;
  expected.BeginProperty("Name").AddString("VM1");
  expected.BeginProperty("Type").AddString("Virtual Machine");
  expected.BeginProperty("RestartDelay").AddDword(500);
  EXPECT_EQ(read_only.out, Bytes(expected));

  Reply common = Control(vm, kGetCommon);
  ASSERT_EQ(common.code, static_cast<DWORD>(ERROR_SUCCESS));
  EXPECT_EQ(Dword(common, L"PersistentState"), 1u);
  EXPECT_EQ(Dword(common, L"RestartAction"), 2u);
  EXPECT_EQ(Dword(common, L"PendingTimeout"), 180000u);
  EXPECT_EQ(Dword(common, L"DeadlockTimeout"), 300000u);
  EXPECT_EQ(Sz(common, L"Name"), L"(absent)");  // read-only: GET_RO lists it
  EXPECT_EQ(Control(Open(L"VM2"), kGetCommon).code, static_cast<DWORD>(ERROR_SUCCESS));
  EXPECT_EQ(Dword(Control(Open(L"VM2"), kGetCommon), L"PersistentState"), 0u);
}

TEST_F(PropertyControlTest, SetCommonStoresChecksAndRefusesTheReadOnlyAndTheUnknown) {
  HRESOURCE app = Open(L"App2");
  PropertyListWriter writer;
  writer.BeginProperty("Description").AddString("the web tier");
  writer.BeginProperty("RestartThreshold").AddDword(7);
  ASSERT_EQ(Control(app, kSetCommon, Bytes(writer)).code, static_cast<DWORD>(ERROR_SUCCESS));
  Reply common = Control(app, kGetCommon);
  EXPECT_EQ(Sz(common, L"Description"), L"the web tier");
  EXPECT_EQ(Dword(common, L"RestartThreshold"), 7u);

  const std::vector<uint8_t> before = Control(app, kGetCommon).out;
  PropertyListWriter name;
  name.BeginProperty("Name").AddString("Renamed");
  EXPECT_EQ(Control(app, kSetCommon, Bytes(name)).code,
            static_cast<DWORD>(ERROR_INVALID_PARAMETER));
  EXPECT_EQ(Control(app, kSetCommon, DwordList("NoSuchProperty", 1)).code,
            static_cast<DWORD>(ERROR_INVALID_PARAMETER));
  EXPECT_EQ(Control(app, kSetCommon, DwordList("RestartAction", 3)).code,
            static_cast<DWORD>(ERROR_INVALID_PARAMETER));
  EXPECT_EQ(Control(app, kValidateCommon, DwordList("PendingTimeout", 9)).code,
            static_cast<DWORD>(ERROR_INVALID_PARAMETER));  // below 10
  EXPECT_EQ(Control(app, kValidateCommon, DwordList("PendingTimeout", 10)).code,
            static_cast<DWORD>(ERROR_SUCCESS));
  EXPECT_EQ(Control(app, kGetCommon).out, before);
}

TEST_F(PropertyControlTest, SetPersistentStateChangesTheCluster) {
  HRESOURCE app = Open(L"App2");
  ASSERT_EQ(Control(app, kSetCommon, DwordList("PersistentState", 1)).code,
            static_cast<DWORD>(ERROR_SUCCESS));
  EXPECT_TRUE(clusprop::cluster::EmbeddedCluster()->GetStatus("App2")->persistent_online);
  EXPECT_EQ(Dword(Control(app, kGetCommon), L"PersistentState"), 1u);
  ASSERT_EQ(Control(app, kSetCommon, DwordList("PersistentState", 0)).code,
            static_cast<DWORD>(ERROR_SUCCESS));
  EXPECT_FALSE(clusprop::cluster::EmbeddedCluster()->GetStatus("App2")->persistent_online);
}

TEST_F(PropertyControlTest, CommonEnumAndFormatsFollowTheTable) {
  struct Entry {
    const char* name;
    const wchar_t* wide;
    WORD format;
  };
  const Entry table[] = {
      {"Name", L"Name", CLUSPROP_FORMAT_SZ},
      {"Type", L"Type", CLUSPROP_FORMAT_SZ},
      {"Description", L"Description", CLUSPROP_FORMAT_SZ},
      {"SeparateMonitor", L"SeparateMonitor", CLUSPROP_FORMAT_DWORD},
      {"PersistentState", L"PersistentState", CLUSPROP_FORMAT_DWORD},
      {"LooksAlivePollInterval", L"LooksAlivePollInterval", CLUSPROP_FORMAT_DWORD},
      {"IsAlivePollInterval", L"IsAlivePollInterval", CLUSPROP_FORMAT_DWORD},
      {"RestartAction", L"RestartAction", CLUSPROP_FORMAT_DWORD},
      {"RestartThreshold", L"RestartThreshold", CLUSPROP_FORMAT_DWORD},
      {"RestartPeriod", L"RestartPeriod", CLUSPROP_FORMAT_DWORD},
      {"RestartDelay", L"RestartDelay", CLUSPROP_FORMAT_DWORD},
      {"RetryPeriodOnFailure", L"RetryPeriodOnFailure", CLUSPROP_FORMAT_DWORD},
      {"PendingTimeout", L"PendingTimeout", CLUSPROP_FORMAT_DWORD},
      {"DeadlockTimeout", L"DeadlockTimeout", CLUSPROP_FORMAT_DWORD},
      {"ResourceSpecificStatus", L"ResourceSpecificStatus", CLUSPROP_FORMAT_SZ},
  };
  PropertyListWriter formats;
  std::wstring names;
  for (const Entry& entry : table) {
    formats.BeginProperty(entry.name).AddWord(entry.format);
    names += entry.wide;
    names.push_back(L'\0');
  }
  names.push_back(L'\0');
  HRESOURCE vm = Open(L"VM1");
  EXPECT_EQ(Control(vm, kCommonFmts).out, Bytes(formats));
  Reply enumerated = Control(vm, kEnumCommon);
  ASSERT_EQ(enumerated.out.size(), names.size() * sizeof(WCHAR));
  EXPECT_EQ(std::memcmp(enumerated.out.data(), names.data(), enumerated.out.size()), 0);
}

// ---- Identity, codes and handles --------------------------------------------------------------

TEST_F(PropertyControlTest, NameAndTypeAreWcharStrings) {
  HRESOURCE vm = Open(L"vm1");  // any case opens it; the answer is the cluster's spelling
  Reply name = Control(vm, kGetName);
  ASSERT_EQ(name.code, static_cast<DWORD>(ERROR_SUCCESS));
  ASSERT_EQ(name.returned, 4 * sizeof(WCHAR));
  EXPECT_EQ(std::wstring(reinterpret_cast<const WCHAR*>(name.out.data())), L"VM1");
  Reply type = Control(Open(L"VM2"), kGetResourceType, {}, 8);
  EXPECT_EQ(type.code, static_cast<DWORD>(ERROR_MORE_DATA));
  EXPECT_EQ(type.returned, 16 * sizeof(WCHAR));  // "virtual machine" as VM2's entry spells it
}

TEST_F(PropertyControlTest, OtherCodesAndObjectsAreInvalidFunction) {
  HRESOURCE vm = Open(L"VM1");
  for (DWORD code : std::vector<DWORD>{0x01000000u, 0x01000005u, 0x01999999u,
                                       CLUSCTL_RESOURCE_TYPE_GET_PRIVATE_PROPERTIES,
                                       0x03000081u /* a group's */, 0x81000081u}) {
    Reply reply = Control(vm, code);
    EXPECT_EQ(reply.code, static_cast<DWORD>(ERROR_INVALID_FUNCTION)) << std::hex << code;
    EXPECT_EQ(reply.returned, 0u);
  }
  EXPECT_EQ(TypeControl(L"Virtual Machine", kGetPrivate).code,
            static_cast<DWORD>(ERROR_INVALID_FUNCTION));  // a resource's code
}

TEST_F(PropertyControlTest, BadHandlesAreInvalidHandle) {
  Reply reply{};
  EXPECT_EQ(ClusterResourceControl(nullptr, nullptr, kGetPrivate, nullptr, 0, nullptr, 0,
                                   &reply.returned),
            static_cast<DWORD>(ERROR_INVALID_HANDLE));
  EXPECT_EQ(ClusterResourceControl(reinterpret_cast<HRESOURCE>(cluster_), nullptr, kGetPrivate,
                                   nullptr, 0, nullptr, 0, nullptr),
            static_cast<DWORD>(ERROR_INVALID_HANDLE));
  HRESOURCE vm = OpenClusterResource(cluster_, L"VM1");
  ASSERT_TRUE(CloseClusterResource(vm));
  EXPECT_EQ(ClusterResourceControl(vm, nullptr, kGetPrivate, nullptr, 0, nullptr, 0, nullptr),
            static_cast<DWORD>(ERROR_INVALID_HANDLE));
  EXPECT_EQ(ClusterResourceTypeControl(reinterpret_cast<HCLUSTER>(vm), L"Virtual Machine", nullptr,
                                       CLUSCTL_RESOURCE_TYPE_GET_PRIVATE_PROPERTIES, nullptr, 0,
                                       nullptr, 0, nullptr),
            static_cast<DWORD>(ERROR_INVALID_HANDLE));
}

// ---- Resource types ---------------------------------------------------------------------------

TEST_F(PropertyControlTest, TypeNamesMustBeKnown) {
  EXPECT_EQ(TypeControl(nullptr, CLUSCTL_RESOURCE_TYPE_GET_COMMON_PROPERTIES).code,
            static_cast<DWORD>(ERROR_INVALID_PARAMETER));
  EXPECT_EQ(TypeControl(L"No Such Type", CLUSCTL_RESOURCE_TYPE_GET_COMMON_PROPERTIES).code,
            static_cast<DWORD>(ERROR_CLUSTER_RESOURCE_TYPE_NOT_FOUND));
  EXPECT_EQ(GetClusterResourceTypeKey(cluster_, L"No Such Type", KEY_READ), nullptr);
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_CLUSTER_RESOURCE_TYPE_NOT_FOUND));
  HKEY key = GetClusterResourceTypeKey(cluster_, L"VIRTUAL MACHINE", KEY_READ);
  ASSERT_NE(key, nullptr);
  EXPECT_EQ(ClusterRegCloseKey(key), ERROR_SUCCESS);
}

TEST_F(PropertyControlTest, TypeCommonPropertiesAndTheirResourcesFormats) {
  Reply common = TypeControl(L"virtual MACHINE", CLUSCTL_RESOURCE_TYPE_GET_RO_COMMON_PROPERTIES);
  ASSERT_EQ(common.code, static_cast<DWORD>(ERROR_SUCCESS));
  EXPECT_EQ(Sz(common, L"Name"), L"Virtual Machine");  // the first spelling the cluster saw
  EXPECT_EQ(Dword(TypeControl(L"Virtual Machine", CLUSCTL_RESOURCE_TYPE_GET_COMMON_PROPERTIES),
                  L"LooksAlivePollInterval"),
            5000u);
  PropertyListWriter vm_formats;
  vm_formats.BeginProperty("OfflineAction").AddWord(CLUSPROP_FORMAT_DWORD);
  EXPECT_EQ(TypeControl(L"Virtual Machine", kTypePrivateResourceFmts).out, Bytes(vm_formats));
  PropertyListWriter none;
  EXPECT_EQ(TypeControl(L"Generic Application", kTypePrivateResourceFmts).out, Bytes(none));
  Reply resource_formats = TypeControl(L"Generic Application", kTypeCommonResourceFmts);
  EXPECT_EQ(resource_formats.out, Control(Open(L"App"), kCommonFmts).out);
}

TEST_F(PropertyControlTest, TypePrivatePropertiesAreStoredAsGiven) {
  PropertyListWriter writer;
  writer.BeginProperty("DefaultPath").AddString("/srv/vms");
  const std::vector<uint8_t> list = Bytes(writer);
  EXPECT_EQ(
      TypeControl(L"Virtual Machine", CLUSCTL_RESOURCE_TYPE_SET_PRIVATE_PROPERTIES, list).code,
      static_cast<DWORD>(ERROR_SUCCESS));
  EXPECT_EQ(TypeControl(L"Virtual Machine", CLUSCTL_RESOURCE_TYPE_GET_PRIVATE_PROPERTIES).out,
            list);
  // A type's private properties are not its resources'.
  EXPECT_EQ(Sz(Control(Open(L"VM1"), kGetPrivate), L"DefaultPath"), L"(absent)");
}

}  // namespace

namespace {

// Many threads setting, reading and checking the same resource's properties, while others open
// and close handles to it: every reply is whole (a list whose OfflineAction is 0-3), and no
// call fails but for a handle closed under it.
TEST_F(PropertyControlTest, ConcurrentControlsStayWhole) {
  constexpr int kThreads = 4;
  constexpr int kRounds = 150;
  std::vector<std::thread> threads;
  std::atomic<int> bad{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      HCLUSTER cluster = OpenCluster(nullptr);
      for (int i = 0; i < kRounds; ++i) {
        HRESOURCE vm = OpenClusterResource(cluster, L"VM2");
        const DWORD action = static_cast<DWORD>((t + i) % 4);
        if (Control(vm, CLUSCTL_RESOURCE_SET_PRIVATE_PROPERTIES, DwordList("OfflineAction", action))
                .code != ERROR_SUCCESS) {
          ++bad;
        }
        Reply got = Control(vm, CLUSCTL_RESOURCE_GET_PRIVATE_PROPERTIES);
        DWORD value = 99;
        if (got.code != ERROR_SUCCESS ||
            ResUtilFindDwordProperty(got.out.data(), static_cast<DWORD>(got.out.size()),
                                     L"OfflineAction", &value) != ERROR_SUCCESS ||
            value > 3) {
          ++bad;
        }
        if (Control(vm, CLUSCTL_RESOURCE_GET_COMMON_PROPERTIES).code != ERROR_SUCCESS) ++bad;
        CloseClusterResource(vm);
      }
      CloseCluster(cluster);
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(bad.load(), 0);
  EXPECT_LE(clusprop::cluster::EmbeddedCluster()->GetStatus("VM2")->offline_action, 3u);
}

}  // namespace

namespace {

TEST_F(PropertyControlTest, ASetReplacesAStoredValueOfTheWrongType) {
  HRESOURCE vm = Open(L"VM2");
  HKEY key = GetClusterResourceKey(vm, KEY_ALL_ACCESS);
  HKEY parameters = nullptr;
  ASSERT_EQ(ClusterRegOpenKey(key, L"Parameters", KEY_ALL_ACCESS, &parameters), ERROR_SUCCESS);
  const wchar_t two[] = L"2";
  ASSERT_EQ(ClusterRegSetValue(parameters, L"OfflineAction", REG_SZ,
                               reinterpret_cast<const BYTE*>(two), sizeof(two)),
            static_cast<DWORD>(ERROR_SUCCESS));
  EXPECT_EQ(clusprop::cluster::EmbeddedCluster()->GetStatus("VM2")->offline_action, 1u);
  EXPECT_EQ(
      Control(vm, CLUSCTL_RESOURCE_SET_PRIVATE_PROPERTIES, DwordList("OfflineAction", 2)).code,
      static_cast<DWORD>(ERROR_SUCCESS));
  EXPECT_EQ(Dword(Control(vm, CLUSCTL_RESOURCE_GET_PRIVATE_PROPERTIES), L"OfflineAction"), 2u);
  EXPECT_EQ(clusprop::cluster::EmbeddedCluster()->GetStatus("VM2")->offline_action, 2u);
  EXPECT_EQ(ClusterRegCloseKey(parameters), ERROR_SUCCESS);
  EXPECT_EQ(ClusterRegCloseKey(key), ERROR_SUCCESS);
}

TEST_F(PropertyControlTest, ValidateRefusesWhatSetRefuses) {
  HRESOURCE vm = Open(L"VM1");
  for (const char* name : {"\\A", "A\\", ""}) {
    SCOPED_TRACE(name);
    const std::vector<uint8_t> list = DwordList(name, 1);
    const DWORD set = Control(vm, CLUSCTL_RESOURCE_SET_PRIVATE_PROPERTIES, list).code;
    EXPECT_NE(set, static_cast<DWORD>(ERROR_SUCCESS));
    EXPECT_EQ(Control(vm, CLUSCTL_RESOURCE_VALIDATE_PRIVATE_PROPERTIES, list).code, set);
  }
}

TEST_F(PropertyControlTest, PersistentStateGivenTwiceEndsAsStored) {
  HRESOURCE app = Open(L"App2");
  PropertyListWriter twice;
  twice.BeginProperty("PersistentState").AddDword(0);
  twice.BeginProperty("PersistentState").AddDword(1);
  ASSERT_EQ(Control(app, CLUSCTL_RESOURCE_SET_COMMON_PROPERTIES, Bytes(twice)).code,
            static_cast<DWORD>(ERROR_SUCCESS));
  HKEY key = GetClusterResourceKey(app, KEY_READ);
  DWORD stored = 9;
  ASSERT_EQ(ResUtilGetDwordValue(key, L"PersistentState", &stored, 9),
            static_cast<DWORD>(ERROR_SUCCESS));
  EXPECT_EQ(clusprop::cluster::EmbeddedCluster()->GetStatus("App2")->persistent_online,
            stored != 0);
  EXPECT_EQ(ClusterRegCloseKey(key), ERROR_SUCCESS);
  ASSERT_EQ(
      Control(app, CLUSCTL_RESOURCE_SET_COMMON_PROPERTIES, DwordList("PersistentState", 0)).code,
      static_cast<DWORD>(ERROR_SUCCESS));
}

TEST_F(PropertyControlTest, BytesReturnedIsZeroOnABadHandle) {
  DWORD returned = 77;
  EXPECT_EQ(ClusterResourceControl(nullptr, nullptr, CLUSCTL_RESOURCE_GET_PRIVATE_PROPERTIES,
                                   nullptr, 0, nullptr, 0, &returned),
            static_cast<DWORD>(ERROR_INVALID_HANDLE));
  EXPECT_EQ(returned, 0u);
  returned = 77;
  EXPECT_EQ(ClusterResourceTypeControl(nullptr, L"Virtual Machine", nullptr,
                                       CLUSCTL_RESOURCE_TYPE_GET_COMMON_PROPERTIES, nullptr, 0,
                                       nullptr, 0, &returned),
            static_cast<DWORD>(ERROR_INVALID_HANDLE));
  EXPECT_EQ(returned, 0u);
}

}  // namespace
