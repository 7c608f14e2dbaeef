#include "clusprop/control_code.h"

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace clusprop {
namespace {

// Full values as Windows documents them; the table builds each from its object and function.
static_assert(ControlCodeFromName("CLUSCTL_RESOURCE_SET_PRIVATE_PROPERTIES") == 0x01400086u);
static_assert(ControlCodeFromName("CLUSCTL_RESOURCE_GET_PRIVATE_PROPERTIES") == 0x01000081u);
static_assert(ControlCodeFromName("CLUSCTL_CLUSTER_GET_SHARED_VOLUME_ID") == 0x07000291u);
static_assert(ControlCodeFromName("CLUSCTL_RESOURCE_VM_SET_NEXT_OFFLINE_ACTION") == 0x01600014u);
static_assert(ControlCodeFromName("CLUSCTL_RESOURCE_STATE_CHANGE_REASON") == 0x0150004Eu);
static_assert(ControlCodeFromName("CLUSCTL_RESOURCE_GET_OPERATION_CONTEXT") == 0x011020E9u);
static_assert(ControlCodeFromName("CLUSCTL_RESOURCE_SCALEOUT_GET_CLUSTERS") == 0x01402D9Du);
static_assert(ControlCodeFromName("CLUSCTL_RESOURCE_TYPE_GET_COMMON_RESOURCE_PROPERTY_FMTS") ==
              0x02000069u);
static_assert(ControlCodeFromName("CLUSCTL_RESOURCE_TYPE_STORAGE_IS_CSV_FILE") == 0x01000229u);
static_assert(ControlCodeFromName("CLUSCTL_GROUP_SET_CCF_FROM_MASTER") == 0x03402D86u);
static_assert(ControlCodeFromName("CLUSCTL_GROUP_GET_PROVIDER_GROUPS") == 0x08002D7Du);
static_assert(ControlCodeFromName("CLUSCTL_NODE_GET_CLUSTER_SERVICE_ACCOUNT_NAME") == 0x04000041u);
static_assert(ControlCodeFromName("CLUSCTL_NETWORK_GET_RO_PRIVATE_PROPERTIES") == 0x0500007Du);
static_assert(ControlCodeFromName("CLUSCTL_NETINTERFACE_SET_COMMON_PROPERTIES") == 0x0640005Eu);
static_assert(ControlCodeFromName("CLUSCTL_CLUSTER_SET_CLUSTER_S2D_CACHE_METADATA_RESERVE_BYTES") ==
              0x07402D6Eu);
static_assert(ControlCodeFromName("CLUSCTL_CLUSTER_CLEAR_NODE_CONNECTION_INFO") == 0x07400306u);
static_assert(ControlCodeFromName("CLUSCTL_AFFINITYRULE_GET_GROUPNAMES") == 0x09002D71u);
static_assert(clctl::kSetPrivateProperties.code == 0x00400086u);
static_assert(clctl::kValidateChangeGroup.code == 0x00102125u);
static_assert(UserControlCode(5, ControlObject::kResource) == 0x01200014u);

TEST(ControlCodeTest, DecodesEveryField) {
  ControlCodeFields set = DecodeControlCode(0x01400086);
  EXPECT_EQ(set.object, ControlObject::kResource);
  EXPECT_EQ(set.function, 33u);
  EXPECT_EQ(set.access, ControlAccess::kWrite);
  EXPECT_TRUE(set.modify);
  EXPECT_FALSE(set.internal);
  EXPECT_FALSE(set.global);
  EXPECT_FALSE(set.user);

  ControlCodeFields context = DecodeControlCode(0x011020E9);  // GET_OPERATION_CONTEXT
  EXPECT_EQ(context.function, 2106u);
  EXPECT_EQ(context.access, ControlAccess::kRead);
  EXPECT_TRUE(context.internal);
  EXPECT_FALSE(context.modify);

  ControlCodeFields vm = DecodeControlCode(0x01600014);  // VM_SET_NEXT_OFFLINE_ACTION
  EXPECT_EQ(vm.function, 5u);
  EXPECT_EQ(vm.access, ControlAccess::kAny);
  EXPECT_TRUE(vm.user);
  EXPECT_TRUE(vm.modify);
  EXPECT_FALSE(vm.internal);

  ControlCodeFields all = DecodeControlCode(0xFFFFFFFF);
  EXPECT_EQ(static_cast<int>(all.object), 255);
  EXPECT_EQ(all.function, 0x3FFFFu);
  EXPECT_EQ(static_cast<int>(all.access), 3);
  EXPECT_TRUE(all.modify && all.internal && all.global && all.user);

  ControlCodeFields global = DecodeControlCode(0x00800000);
  EXPECT_TRUE(global.global);
  EXPECT_FALSE(global.modify || global.internal || global.user);
  EXPECT_EQ(global.object, ControlObject::kInvalid);
}

TEST(ControlCodeTest, LayoutConstants) {
  EXPECT_EQ(kControlAccessMask, 0x3u);
  EXPECT_EQ(kControlFunctionMask, 0x3FFFFu);
  EXPECT_EQ(kControlObjectMask, 0xFFu);
  // The fields tile the DWORD: access, function, I, U, M, G, object.
  EXPECT_EQ(kControlFunctionShift, kControlAccessShift + 2);
  EXPECT_EQ(kControlInternalShift, kControlFunctionShift + 18);
  EXPECT_EQ(kControlUserShift, kControlInternalShift + 1);
  EXPECT_EQ(kControlModifyShift, kControlUserShift + 1);
  EXPECT_EQ(kControlGlobalShift, kControlModifyShift + 1);
  EXPECT_EQ(kControlObjectShift, kControlGlobalShift + 1);
}

// Every code decodes into fields that encode back to it: the codes of the table, every code with
// one or two bits set, and a stride through all 2^32.
TEST(ControlCodeTest, DecodeThenEncodeIsTheIdentity) {
  std::vector<uint32_t> codes;
  for (const NamedControlCode& code : kControlCodes) codes.push_back(code.value);
  for (int i = 0; i < 32; ++i) {
    for (int j = i; j < 32; ++j) codes.push_back((uint32_t{1} << i) | (uint32_t{1} << j));
  }
  codes.push_back(0);
  for (uint64_t c = 0; c <= 0xFFFFFFFF; c += 4093) codes.push_back(static_cast<uint32_t>(c));
  codes.push_back(0xFFFFFFFF);
  for (uint32_t code : codes) {
    ASSERT_EQ(EncodeControlCode(DecodeControlCode(code)), code) << std::hex << code;
  }
}

TEST(ControlCodeTest, EncodeThenDecodeKeepsTheFields) {
  ControlCodeFields f;
  f.object = ControlObject::kCluster;
  f.function = 2937;
  f.access = ControlAccess::kWrite;
  f.modify = true;
  EXPECT_EQ(EncodeControlCode(f), 0x07402DE6u);  // CLUSCTL_CLUSTER_FORCE_FLUSH_DB
  ControlCodeFields back = DecodeControlCode(EncodeControlCode(f));
  EXPECT_EQ(back.object, f.object);
  EXPECT_EQ(back.function, f.function);
  EXPECT_EQ(back.access, f.access);
  EXPECT_EQ(back.modify, f.modify);
  // Fields wider than the layout are cut, never spilled into their neighbours.
  f.function = 0x40001;
  f.access = static_cast<ControlAccess>(7);
  EXPECT_EQ(EncodeControlCode(f), 0x07400007u);
}

TEST(ControlCodeTest, NamesAndValues) {
  EXPECT_EQ(ControlCodeName(0x01400086), "CLUSCTL_RESOURCE_SET_PRIVATE_PROPERTIES");
  EXPECT_EQ(ControlCodeName(0x07000291), "CLUSCTL_CLUSTER_GET_SHARED_VOLUME_ID");
  EXPECT_EQ(ControlCodeName(0x01600014), "CLUSCTL_RESOURCE_VM_SET_NEXT_OFFLINE_ACTION");
  EXPECT_EQ(ControlCodeName(0x01000229), "CLUSCTL_RESOURCE_TYPE_STORAGE_IS_CSV_FILE");
  EXPECT_EQ(ControlCodeName(0x01000000), "CLUSCTL_RESOURCE_UNKNOWN");
  EXPECT_EQ(ControlCodeName(0x00000000), std::nullopt);  // CLCTL_UNKNOWN with no object
  EXPECT_EQ(ControlCodeName(0x01000FFD), std::nullopt);
  EXPECT_EQ(ControlCodeName(0x01800014), std::nullopt);  // MinGW's CLUSCTL_USER_CODE(5, 1)
  // Aliases parse to their value, which is named by the first of them.
  EXPECT_EQ(ControlCodeFromName("CLUSCTL_RESOURCE_RLUA_SET_PWD_INFO"), 0x0100017Au);
  EXPECT_EQ(ControlCodeName(0x0100017A), "CLUSCTL_RESOURCE_NETNAME_SET_PWD_INFO");
  EXPECT_EQ(ControlCodeFromName("CLUSCTL_RESOURCE_TYPE_WITNESS_VALIDATE_PATH"), 0x02000231u);
  EXPECT_EQ(ControlCodeName(0x02000231), "CLUSCTL_RESOURCE_TYPE_GEN_APP_VALIDATE_PATH");
  EXPECT_EQ(ControlCodeFromName("CLUSCTL_CLUSTER_GET_CLMUSR_TOKEN"), 0x0700016Du);
  // Names are exact.
  EXPECT_EQ(ControlCodeFromName("clusctl_resource_get_flags"), std::nullopt);
  EXPECT_EQ(ControlCodeFromName("RESOURCE_GET_FLAGS"), std::nullopt);
  EXPECT_EQ(ControlCodeFromName("CLUSCTL_RESOURCE_GET_FLAG"), std::nullopt);
  EXPECT_EQ(ControlCodeFromName("CLUSCTL_RESOURCE_GET_FLAGSS"), std::nullopt);
  EXPECT_EQ(ControlCodeFromName("CLUSCTL_RESOURCE__GET_FLAGS"), std::nullopt);
  EXPECT_EQ(ControlCodeFromName("CLUSCTL_RESOURCE_TYPE_GET_NAME"), std::nullopt);  // no such code
  EXPECT_EQ(ControlCodeFromName("CLCTL_GET_FLAGS"), std::nullopt);
  EXPECT_EQ(ControlCodeFromName(""), std::nullopt);
}

TEST(ControlCodeTest, TableNamesRoundTrip) {
  EXPECT_EQ(kControlCodes.size(), 309u);
  std::set<std::string> names;
  for (const NamedControlCode& code : kControlCodes) {
    const std::string name = ControlCodeName(code);
    SCOPED_TRACE(name);
    EXPECT_TRUE(names.insert(name).second);
    EXPECT_EQ(ControlCodeFromName(name), code.value);
    EXPECT_EQ(FindControlCodeByName(name), &code);
    const NamedControlCode* first = FindControlCode(code.value);
    ASSERT_NE(first, nullptr);
    EXPECT_LE(first, &code);  // the value's name is its first entry
    EXPECT_EQ(ControlCodeName(code.value), ControlCodeName(*first));
    EXPECT_FALSE(DecodeControlCode(code.value).global);
  }
}

TEST(ControlCodeTest, ObjectAndAccessNames) {
  EXPECT_EQ(ControlObjectName(ControlObject::kInvalid), "INVALID");
  EXPECT_EQ(ControlObjectName(ControlObject::kResource), "RESOURCE");
  EXPECT_EQ(ControlObjectName(ControlObject::kResourceType), "RESOURCE_TYPE");
  EXPECT_EQ(ControlObjectName(ControlObject::kGroup), "GROUP");
  EXPECT_EQ(ControlObjectName(ControlObject::kNode), "NODE");
  EXPECT_EQ(ControlObjectName(ControlObject::kNetwork), "NETWORK");
  EXPECT_EQ(ControlObjectName(ControlObject::kNetInterface), "NETINTERFACE");
  EXPECT_EQ(ControlObjectName(ControlObject::kCluster), "CLUSTER");
  EXPECT_EQ(ControlObjectName(ControlObject::kGroupSet), "GROUPSET");
  EXPECT_EQ(ControlObjectName(ControlObject::kAffinityRule), "AFFINITYRULE");
  EXPECT_EQ(ControlObjectName(ControlObject::kUser), "USER");
  EXPECT_EQ(ControlObjectName(static_cast<ControlObject>(10)), std::nullopt);
  EXPECT_EQ(ControlObjectName(static_cast<ControlObject>(255)), std::nullopt);
  EXPECT_EQ(ControlAccessName(ControlAccess::kAny), "ANY");
  EXPECT_EQ(ControlAccessName(ControlAccess::kRead), "READ");
  EXPECT_EQ(ControlAccessName(ControlAccess::kWrite), "WRITE");
  EXPECT_EQ(ControlAccessName(static_cast<ControlAccess>(3)), std::nullopt);
}

struct Carries {
  ControlBuffer input;
  ControlBuffer output;
};

Carries BuffersOf(const std::string& name) {
  const NamedControlCode* code = FindControlCodeByName(name);
  if (code == nullptr) {
    ADD_FAILURE() << "no code " << name;
    return {ControlBuffer::kUnknown, ControlBuffer::kUnknown};
  }
  return {code->input, code->output};
}

#define EXPECT_CARRIES(NAME, IN, OUT)                      \
  do {                                                     \
    Carries carries = BuffersOf(NAME);                     \
    EXPECT_EQ(carries.input, ControlBuffer::IN) << NAME;   \
    EXPECT_EQ(carries.output, ControlBuffer::OUT) << NAME; \
  } while (false)

// The property codes of every object that has them, as Microsoft documents them for resources.
TEST(ControlCodeTest, PropertyCodesCarryPropertyBuffers) {
  for (const char* object :
       {"RESOURCE", "RESOURCE_TYPE", "GROUP", "NODE", "NETWORK", "NETINTERFACE", "CLUSTER"}) {
    const std::string prefix = std::string("CLUSCTL_") + object + "_";
    for (const char* scope : {"COMMON", "PRIVATE"}) {
      EXPECT_CARRIES(prefix + "ENUM_" + scope + "_PROPERTIES", kNone, kNameList);
      EXPECT_CARRIES(prefix + "GET_RO_" + scope + "_PROPERTIES", kNone, kPropertyList);
      EXPECT_CARRIES(prefix + "GET_" + scope + "_PROPERTIES", kNone, kPropertyList);
      EXPECT_CARRIES(prefix + "SET_" + scope + "_PROPERTIES", kPropertyList, kNone);
      EXPECT_CARRIES(prefix + "VALIDATE_" + scope + "_PROPERTIES", kPropertyList, kNone);
      EXPECT_CARRIES(prefix + "GET_" + scope + "_PROPERTY_FMTS", kNone, kPropertyFormatList);
    }
  }
  EXPECT_CARRIES("CLUSCTL_RESOURCE_TYPE_GET_COMMON_RESOURCE_PROPERTY_FMTS", kNone,
                 kPropertyFormatList);
  EXPECT_CARRIES("CLUSCTL_RESOURCE_TYPE_GET_PRIVATE_RESOURCE_PROPERTY_FMTS", kNone,
                 kPropertyFormatList);
  for (const char* object : {"GROUPSET", "AFFINITYRULE"}) {
    const std::string prefix = std::string("CLUSCTL_") + object + "_";
    EXPECT_CARRIES(prefix + "GET_COMMON_PROPERTIES", kNone, kPropertyList);
    EXPECT_CARRIES(prefix + "GET_RO_COMMON_PROPERTIES", kNone, kPropertyList);
    EXPECT_CARRIES(prefix + "SET_COMMON_PROPERTIES", kPropertyList, kNone);
    EXPECT_CARRIES(prefix + "GET_ID", kNone, kString);
  }
}

TEST(ControlCodeTest, IdentityCodesCarryValues) {
  for (const char* object :
       {"RESOURCE", "RESOURCE_TYPE", "GROUP", "NODE", "NETWORK", "NETINTERFACE"}) {
    const std::string prefix = std::string("CLUSCTL_") + object + "_";
    EXPECT_CARRIES(prefix + "GET_CHARACTERISTICS", kNone, kDword);
    EXPECT_CARRIES(prefix + "GET_FLAGS", kNone, kDword);
    if (std::string(object) != "RESOURCE_TYPE") {
      EXPECT_CARRIES(prefix + "GET_NAME", kNone, kString);
      EXPECT_CARRIES(prefix + "GET_ID", kNone, kString);
    }
  }
  EXPECT_CARRIES("CLUSCTL_RESOURCE_GET_RESOURCE_TYPE", kNone, kString);
  EXPECT_CARRIES("CLUSCTL_RESOURCE_GET_CLASS_INFO", kNone, kClassInfo);
  EXPECT_CARRIES("CLUSCTL_RESOURCE_TYPE_GET_CLASS_INFO", kNone, kClassInfo);
  EXPECT_CARRIES("CLUSCTL_RESOURCE_VM_SET_NEXT_OFFLINE_ACTION", kDword, kNone);
  EXPECT_CARRIES("CLUSCTL_RESOURCE_GET_OPERATION_CONTEXT", kUnknown, kPropertyList);
  // What Microsoft does not describe stays opaque.
  EXPECT_CARRIES("CLUSCTL_RESOURCE_UNKNOWN", kUnknown, kUnknown);
  EXPECT_CARRIES("CLUSCTL_RESOURCE_GET_DNS_NAME", kUnknown, kUnknown);
  EXPECT_CARRIES("CLUSCTL_CLUSTER_GET_FQDN", kUnknown, kUnknown);
  EXPECT_CARRIES("CLUSCTL_RESOURCE_STATE_CHANGE_REASON", kUnknown, kUnknown);
}

}  // namespace
}  // namespace clusprop
