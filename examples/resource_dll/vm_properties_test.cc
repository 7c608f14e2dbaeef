// The resource DLL's private-property code (vm_properties.cc), built against clusprop's
// resutil/resapi.h and run over the embedded cluster's database, as the DLL runs over the
// cluster's on Windows: VM1's Parameters key, whose OfflineAction the cluster's offline uses.

#include "examples/resource_dll/vm_properties.h"

#include <cstring>
#include <string>
#include <vector>

#include "cluster/embedded.h"
#include "gtest/gtest.h"

namespace {

// A list of one DWORD property, as a client sends it.
std::vector<BYTE> DwordList(const std::u16string& name, DWORD value) {
  std::vector<BYTE> list;
  const auto put = [&](uint32_t v) {
    for (int i = 0; i < 4; ++i) list.push_back(static_cast<BYTE>(v >> (8 * i)));
  };
  put(1);
  put(CLUSPROP_SYNTAX_NAME);
  const auto name_bytes = static_cast<uint32_t>((name.size() + 1) * 2);
  put(name_bytes);
  for (char16_t c : name)
    list.insert(list.end(), {static_cast<BYTE>(c), static_cast<BYTE>(c >> 8)});
  list.insert(list.end(), 2 + (4 - name_bytes % 4) % 4, 0);
  put(CLUSPROP_SYNTAX_LIST_VALUE_DWORD);
  put(4);
  put(value);
  put(CLUSPROP_SYNTAX_ENDMARK);
  put(CLUSPROP_SYNTAX_ENDMARK);
  return list;
}

class VmPropertiesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    cluster_ = OpenCluster(nullptr);
    ASSERT_NE(cluster_, nullptr);
    resource_ = OpenClusterResource(cluster_, L"VM1");
    ASSERT_NE(resource_, nullptr);
    HKEY key = GetClusterResourceKey(resource_, KEY_ALL_ACCESS);
    ASSERT_NE(key, nullptr);
    ASSERT_EQ(ClusterRegCreateKey(key, L"Parameters", REG_OPTION_NON_VOLATILE, KEY_ALL_ACCESS,
                                  nullptr, &parameters_, nullptr),
              ERROR_SUCCESS);
    ClusterRegCloseKey(key);
    ASSERT_EQ(VmReadPrivateProperties(parameters_, &params_), static_cast<DWORD>(ERROR_SUCCESS));
  }
  void TearDown() override {
    ClusterRegCloseKey(parameters_);
    CloseClusterResource(resource_);
    CloseCluster(cluster_);
  }
  DWORD Control(DWORD code, std::vector<BYTE> in, std::vector<BYTE>* out, DWORD room = 256) {
    out->assign(room, 0xCC);
    DWORD returned = 0;
    DWORD status =
        VmPrivatePropertyControl(parameters_, &params_, code, in.empty() ? nullptr : in.data(),
                                 static_cast<DWORD>(in.size()), out->data(), room, &returned);
    out->resize(status == ERROR_SUCCESS ? returned : 0);
    last_returned_ = returned;
    return status;
  }

  HCLUSTER cluster_ = nullptr;
  HRESOURCE resource_ = nullptr;
  HKEY parameters_ = nullptr;
  VmPrivateProperties params_{};
  DWORD last_returned_ = 0;
};

TEST_F(VmPropertiesTest, OpensWithTheClustersValueAndAnswersGetAsTheClusterDoes) {
  EXPECT_EQ(params_.OfflineAction, 1u);  // the default cluster's VM1: Save
  std::vector<BYTE> dll, cluster(256);
  ASSERT_EQ(Control(CLUSCTL_RESOURCE_GET_PRIVATE_PROPERTIES, {}, &dll),
            static_cast<DWORD>(ERROR_SUCCESS));
  EXPECT_EQ(dll, DwordList(u"OfflineAction", 1));
  DWORD returned = 0;
  ASSERT_EQ(ClusterResourceControl(resource_, nullptr, CLUSCTL_RESOURCE_GET_PRIVATE_PROPERTIES,
                                   nullptr, 0, cluster.data(), 256, &returned),
            static_cast<DWORD>(ERROR_SUCCESS));
  cluster.resize(returned);
  EXPECT_EQ(dll, cluster);
  EXPECT_EQ(Control(CLUSCTL_RESOURCE_GET_PRIVATE_PROPERTIES, {}, &dll, 10),
            static_cast<DWORD>(ERROR_MORE_DATA));
  EXPECT_EQ(last_returned_, DwordList(u"OfflineAction", 1).size());
}

TEST_F(VmPropertiesTest, SetStoresWhereTheClusterReadsIt) {
  std::vector<BYTE> out;
  ASSERT_EQ(Control(CLUSCTL_RESOURCE_SET_PRIVATE_PROPERTIES, DwordList(u"OfflineAction", 3), &out),
            static_cast<DWORD>(ERROR_SUCCESS));
  EXPECT_EQ(params_.OfflineAction, 3u);
  EXPECT_EQ(clusprop::cluster::EmbeddedCluster()->GetStatus("VM1")->offline_action, 3u);
  // Checked before anything is stored: out of range, and an unknown code.
  EXPECT_EQ(Control(CLUSCTL_RESOURCE_SET_PRIVATE_PROPERTIES, DwordList(u"OfflineAction", 4), &out),
            static_cast<DWORD>(ERROR_INVALID_PARAMETER));
  EXPECT_EQ(
      Control(CLUSCTL_RESOURCE_VALIDATE_PRIVATE_PROPERTIES, DwordList(u"OfflineAction", 9), &out),
      static_cast<DWORD>(ERROR_INVALID_PARAMETER));
  EXPECT_EQ(params_.OfflineAction, 3u);
  EXPECT_EQ(clusprop::cluster::EmbeddedCluster()->GetStatus("VM1")->offline_action, 3u);
  EXPECT_EQ(Control(CLUSCTL_RESOURCE_GET_NAME, {}, &out),
            static_cast<DWORD>(ERROR_INVALID_FUNCTION));
  ASSERT_EQ(Control(CLUSCTL_RESOURCE_SET_PRIVATE_PROPERTIES, DwordList(u"OfflineAction", 1), &out),
            static_cast<DWORD>(ERROR_SUCCESS));
}

TEST_F(VmPropertiesTest, EnumAndFormats) {
  std::vector<BYTE> out;
  ASSERT_EQ(Control(CLUSCTL_RESOURCE_ENUM_PRIVATE_PROPERTIES, {}, &out),
            static_cast<DWORD>(ERROR_SUCCESS));
  const std::basic_string<WCHAR> names(L"OfflineAction\0", 15);
  ASSERT_EQ(out.size(), names.size() * sizeof(WCHAR));
  EXPECT_EQ(std::memcmp(out.data(), names.data(), out.size()), 0);
  ASSERT_EQ(Control(CLUSCTL_RESOURCE_GET_PRIVATE_PROPERTY_FMTS, {}, &out),
            static_cast<DWORD>(ERROR_SUCCESS));
  std::vector<BYTE> expected = DwordList(u"OfflineAction", 0);
  // A format list holds one LIST_VALUE_WORD (format DWORD = 2) where the DWORD list holds its
  // value.
  const size_t value = expected.size() - 20;
  expected[value] = 0x0B;   // CLUSPROP_SYNTAX_LIST_VALUE_WORD
  expected[value + 4] = 2;  // cbLength
  expected[value + 8] = CLUSPROP_FORMAT_DWORD;
  EXPECT_EQ(out, expected);
}

}  // namespace
