// Cluster control codes (the dwControlCode of ClusterResourceControl and its siblings): the bit
// layout, a decoder and an encoder, the CLCTL_* functions and the named CLUSCTL_* codes of
// clusapi.h, and which buffer each named code carries in and out.
//
// A control code is one DWORD:
//
//    31 ........ 24  23  22  21  20  19 ................ 2  1 0
//   [   object    ][G ][M ][U ][I ][ function number (18) ][acc]
//
//   object  CLUS_OBJECT_*: whose Cluster*Control function takes the code (RESOURCE 1 ... 9)
//   G       global: the cluster applies the code on every node
//   M       modify: the code changes state (a handle with read access cannot send it)
//   U       user: a code a resource DLL defines for its own type (CLCTL_USER_BASE)
//   I       internal: only the cluster service sends it, to a resource DLL
//   acc     CLUS_ACCESS_*: ANY 0, READ 1, WRITE 2
//
// A CLCTL_* function code is the low 24 bits (no object); a CLUSCTL_<OBJECT>_* code is
// `(object << 24) | CLCTL_*`. Names and values are those of clusapi.h (the Windows SDK's; the
// virtual-machine user codes are documented on Microsoft Learn and defined by no header).
//
// Example:
//   ControlCodeFields f = DecodeControlCode(0x01400086);
//   // f.object == ControlObject::kResource, f.function == 33, f.access == ControlAccess::kWrite,
//   // f.modify; ControlCodeName(0x01400086) == "CLUSCTL_RESOURCE_SET_PRIVATE_PROPERTIES"
//
// Everything here is constexpr or reads immutable tables: thread-safe. The header uses only the
// standard library, so that it compiles beside Windows' own clusapi.h
// (control_code_mingw_check.cc).

#ifndef CLUSPROP_CONTROL_CODE_H_
#define CLUSPROP_CONTROL_CODE_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>

namespace clusprop {

// ---- The bit layout, written once ------------------------------------------------------------

inline constexpr int kControlAccessShift = 0;     // CLUSCTL_ACCESS_SHIFT
inline constexpr int kControlFunctionShift = 2;   // CLUSCTL_FUNCTION_SHIFT
inline constexpr int kControlInternalShift = 20;  // CLCTL_INTERNAL_SHIFT
inline constexpr int kControlUserShift = 21;      // CLCTL_USER_SHIFT
inline constexpr int kControlModifyShift = 22;    // CLCTL_MODIFY_SHIFT
inline constexpr int kControlGlobalShift = 23;    // CLCTL_GLOBAL_SHIFT
inline constexpr int kControlObjectShift = 24;    // CLUSCTL_OBJECT_SHIFT

// Each field's mask, before its shift: the access mode and the function number fill the bits
// up to the next field.
inline constexpr uint32_t kControlAccessMask = (1u << kControlFunctionShift) - 1;  // 0x3
inline constexpr uint32_t kControlFunctionMask =
    (1u << (kControlInternalShift - kControlFunctionShift)) - 1;  // 0x3FFFF
inline constexpr uint32_t kControlObjectMask = 0xFF;              // CLUSCTL_OBJECT_MASK

// CLUS_OBJECT_*. Any 0-255 is a valid value of the enum: codes with other object bytes decode.
enum class ControlObject : uint8_t {
  kInvalid = 0,
  kResource = 1,
  kResourceType = 2,
  kGroup = 3,
  kNode = 4,
  kNetwork = 5,
  kNetInterface = 6,
  kCluster = 7,
  kGroupSet = 8,
  kAffinityRule = 9,
  kUser = 128,
};

// CLUS_ACCESS_*. The access bits may also hold 3, which clusapi.h does not name.
enum class ControlAccess : uint8_t {
  kAny = 0,
  kRead = 1,
  kWrite = 2,
};

// The fields of a control code.
struct ControlCodeFields {
  ControlObject object = ControlObject::kInvalid;
  uint32_t function = 0;  // the function number, 0 to kControlFunctionMask
  ControlAccess access = ControlAccess::kAny;
  bool modify = false;
  bool internal = false;
  bool global = false;
  bool user = false;
};

constexpr ControlCodeFields DecodeControlCode(uint32_t code) {
  ControlCodeFields f;
  f.object = static_cast<ControlObject>((code >> kControlObjectShift) & kControlObjectMask);
  f.function = (code >> kControlFunctionShift) & kControlFunctionMask;
  f.access = static_cast<ControlAccess>((code >> kControlAccessShift) & kControlAccessMask);
  f.modify = ((code >> kControlModifyShift) & 1) != 0;
  f.internal = ((code >> kControlInternalShift) & 1) != 0;
  f.global = ((code >> kControlGlobalShift) & 1) != 0;
  f.user = ((code >> kControlUserShift) & 1) != 0;
  return f;
}

// The inverse of DecodeControlCode: EncodeControlCode(DecodeControlCode(c)) == c for every c.
// Function numbers and access values wider than their fields are cut to the field.
constexpr uint32_t EncodeControlCode(const ControlCodeFields& f) {
  return (static_cast<uint32_t>(f.object) << kControlObjectShift) |
         ((f.function & kControlFunctionMask) << kControlFunctionShift) |
         ((static_cast<uint32_t>(f.access) & kControlAccessMask) << kControlAccessShift) |
         (uint32_t{f.modify} << kControlModifyShift) |
         (uint32_t{f.internal} << kControlInternalShift) |
         (uint32_t{f.global} << kControlGlobalShift) | (uint32_t{f.user} << kControlUserShift);
}

// CLUSCTL_<OBJECT>_CODE(function): the function code sent to `object`.
constexpr uint32_t ObjectControlCode(ControlObject object, uint32_t function_code) {
  return (static_cast<uint32_t>(object) << kControlObjectShift) | function_code;
}

// CLUSCTL_USER_CODE(function, object) as the Windows SDK defines it: the user bit and the
// function number, access ANY, no modify. (MinGW-w64's macro shifts the user bit two places too
// far, onto the global bit; do not compare with it.)
constexpr uint32_t UserControlCode(uint32_t function, ControlObject object) {
  ControlCodeFields f;
  f.object = object;
  f.function = function;
  f.user = true;
  return EncodeControlCode(f);
}

// ---- Buffers -----------------------------------------------------------------------------------

// What a code's input or output buffer holds.
enum class ControlBuffer : uint8_t {
  kUnknown,             // not described here: opaque bytes
  kNone,                // the code takes (or returns) no buffer
  kPropertyList,        // a CLUSPROP property list (reader.h)
  kPropertyFormatList,  // a property list that gives each property's CLUSPROP_FORMAT_* as a WORD
  kNameList,            // property names: a MULTI_SZ (UTF-16 strings, each NUL-ended, then a NUL)
  kDword,               // one DWORD (4 bytes, little-endian)
  kString,              // a NUL-terminated UTF-16 string
  kClassInfo,           // CLUS_RESOURCE_CLASS_INFO: a DWORD class, then a DWORD subclass
};

// A CLCTL_* function code (the low 24 bits: function number, access, modify, internal, user) and
// what it carries, whatever the object.
struct ControlFunction {
  uint32_t code;
  ControlBuffer input = ControlBuffer::kUnknown;
  ControlBuffer output = ControlBuffer::kUnknown;

  constexpr ControlFunction Carrying(ControlBuffer in, ControlBuffer out) const {
    return ControlFunction{code, in, out};
  }
};

namespace clctl {

// CLCTL_EXTERNAL_CODE(number, access, modify), and the same with the internal bit
// (CLCTL_INTERNAL_CODE) or the user bit.
constexpr ControlFunction External(uint32_t number, ControlAccess access, bool modify) {
  ControlCodeFields f;
  f.function = number;
  f.access = access;
  f.modify = modify;
  return ControlFunction{EncodeControlCode(f)};
}
constexpr ControlFunction Internal(uint32_t number, ControlAccess access, bool modify) {
  return ControlFunction{External(number, access, modify).code | (1u << kControlInternalShift)};
}
constexpr ControlFunction User(uint32_t number, ControlAccess access, bool modify) {
  return ControlFunction{External(number, access, modify).code | (1u << kControlUserShift)};
}

// The access patterns of clusapi.h's functions.
constexpr ControlFunction Read(uint32_t number) {
  return External(number, ControlAccess::kRead, false);
}
constexpr ControlFunction Write(uint32_t number) {
  return External(number, ControlAccess::kWrite, false);
}
constexpr ControlFunction WriteModify(uint32_t number) {
  return External(number, ControlAccess::kWrite, true);
}
constexpr ControlFunction InternalRead(uint32_t number) {
  return Internal(number, ControlAccess::kRead, false);
}
constexpr ControlFunction InternalWriteModify(uint32_t number) {
  return Internal(number, ControlAccess::kWrite, true);
}

// The CLCTL_* codes that the named codes below are built from (the CLCTL_ prefix dropped,
// CamelCase), with the buffers that Microsoft documents for the property and identity codes.
inline constexpr ControlFunction kUnknown = External(0, ControlAccess::kAny, false);
inline constexpr ControlFunction kGetCharacteristics =
    Read(1).Carrying(ControlBuffer::kNone, ControlBuffer::kDword);
inline constexpr ControlFunction kGetFlags =
    Read(2).Carrying(ControlBuffer::kNone, ControlBuffer::kDword);
inline constexpr ControlFunction kGetClassInfo =
    Read(3).Carrying(ControlBuffer::kNone, ControlBuffer::kClassInfo);
inline constexpr ControlFunction kGetRequiredDependencies = Read(4);
inline constexpr ControlFunction kGetArbTimeout = Read(5);
inline constexpr ControlFunction kGetFailureInfo = Read(6);
inline constexpr ControlFunction kGetName =
    Read(10).Carrying(ControlBuffer::kNone, ControlBuffer::kString);
inline constexpr ControlFunction kGetResourceType =
    Read(11).Carrying(ControlBuffer::kNone, ControlBuffer::kString);
inline constexpr ControlFunction kGetId =
    Read(14).Carrying(ControlBuffer::kNone, ControlBuffer::kString);
inline constexpr ControlFunction kGetFqdn = Read(15);
inline constexpr ControlFunction kGetClusterServiceAccountName = Read(16);
inline constexpr ControlFunction kCheckVoterEvict = Read(17);
inline constexpr ControlFunction kCheckVoterDown = Read(18);
inline constexpr ControlFunction kShutdown = Read(19);
inline constexpr ControlFunction kEnumCommonProperties =
    Read(20).Carrying(ControlBuffer::kNone, ControlBuffer::kNameList);
inline constexpr ControlFunction kGetRoCommonProperties =
    Read(21).Carrying(ControlBuffer::kNone, ControlBuffer::kPropertyList);
inline constexpr ControlFunction kGetCommonProperties =
    Read(22).Carrying(ControlBuffer::kNone, ControlBuffer::kPropertyList);
inline constexpr ControlFunction kSetCommonProperties =
    WriteModify(23).Carrying(ControlBuffer::kPropertyList, ControlBuffer::kNone);
inline constexpr ControlFunction kValidateCommonProperties =
    Read(24).Carrying(ControlBuffer::kPropertyList, ControlBuffer::kNone);
inline constexpr ControlFunction kGetCommonPropertyFmts =
    Read(25).Carrying(ControlBuffer::kNone, ControlBuffer::kPropertyFormatList);
inline constexpr ControlFunction kGetCommonResourcePropertyFmts =
    Read(26).Carrying(ControlBuffer::kNone, ControlBuffer::kPropertyFormatList);
inline constexpr ControlFunction kCheckVoterEvictWitness = Read(27);
inline constexpr ControlFunction kCheckVoterDownWitness = Read(28);
inline constexpr ControlFunction kEnumPrivateProperties =
    Read(30).Carrying(ControlBuffer::kNone, ControlBuffer::kNameList);
inline constexpr ControlFunction kGetRoPrivateProperties =
    Read(31).Carrying(ControlBuffer::kNone, ControlBuffer::kPropertyList);
inline constexpr ControlFunction kGetPrivateProperties =
    Read(32).Carrying(ControlBuffer::kNone, ControlBuffer::kPropertyList);
inline constexpr ControlFunction kSetPrivateProperties =
    WriteModify(33).Carrying(ControlBuffer::kPropertyList, ControlBuffer::kNone);
inline constexpr ControlFunction kValidatePrivateProperties =
    Read(34).Carrying(ControlBuffer::kPropertyList, ControlBuffer::kNone);
inline constexpr ControlFunction kGetPrivatePropertyFmts =
    Read(35).Carrying(ControlBuffer::kNone, ControlBuffer::kPropertyFormatList);
inline constexpr ControlFunction kGetPrivateResourcePropertyFmts =
    Read(36).Carrying(ControlBuffer::kNone, ControlBuffer::kPropertyFormatList);
inline constexpr ControlFunction kAddRegistryCheckpoint = WriteModify(40);
inline constexpr ControlFunction kDeleteRegistryCheckpoint = WriteModify(41);
inline constexpr ControlFunction kGetRegistryCheckpoints = Read(42);
inline constexpr ControlFunction kAddCryptoCheckpoint = WriteModify(43);
inline constexpr ControlFunction kDeleteCryptoCheckpoint = WriteModify(44);
inline constexpr ControlFunction kGetCryptoCheckpoints = Read(45);
inline constexpr ControlFunction kResourceUpgradeDll = WriteModify(46);
inline constexpr ControlFunction kAddRegistryCheckpoint64Bit = WriteModify(47);
inline constexpr ControlFunction kAddRegistryCheckpoint32Bit = WriteModify(48);
inline constexpr ControlFunction kGetLoadbalProcessList = Read(50);
inline constexpr ControlFunction kSetAccountAccess = WriteModify(60);
inline constexpr ControlFunction kGetNetworkName = Read(90);
inline constexpr ControlFunction kNetnameGetVirtualServerToken = Read(91);
inline constexpr ControlFunction kNetnameRegisterDnsRecords = Write(92);
inline constexpr ControlFunction kGetDnsName = Read(93);
inline constexpr ControlFunction kNetnameSetPwdInfo = Write(94);
inline constexpr ControlFunction kNetnameDeleteCo = Write(95);
inline constexpr ControlFunction kNetnameValidateVco = Read(96);
inline constexpr ControlFunction kNetnameResetVco = Read(97);
inline constexpr ControlFunction kNetnameRepairVco = Read(99);
inline constexpr ControlFunction kStorageGetDiskInfo = Read(100);
inline constexpr ControlFunction kStorageGetAvailableDisks = Read(101);
inline constexpr ControlFunction kStorageIsPathValid = Read(102);
inline constexpr ControlFunction kStorageSyncClusdiskDb = WriteModify(103);
inline constexpr ControlFunction kStorageGetDiskNumberInfo = Read(104);
inline constexpr ControlFunction kQueryDelete = Read(110);
inline constexpr ControlFunction kIpaddressRenewLease = WriteModify(111);
inline constexpr ControlFunction kIpaddressReleaseLease = WriteModify(112);
inline constexpr ControlFunction kQueryMaintenanceMode = Read(120);
inline constexpr ControlFunction kSetMaintenanceMode = WriteModify(121);
inline constexpr ControlFunction kStorageSetDriveletter = WriteModify(122);
inline constexpr ControlFunction kStorageGetDriveletters = Read(123);
inline constexpr ControlFunction kStorageGetDiskInfoEx = Read(124);
inline constexpr ControlFunction kStorageGetAvailableDisksEx = Read(125);
inline constexpr ControlFunction kStorageGetDiskInfoEx2 = Read(126);
inline constexpr ControlFunction kStorageRemapDriveletter = Read(128);
inline constexpr ControlFunction kStorageGetDiskid = Read(129);
inline constexpr ControlFunction kStorageIsClusterable = Read(130);
inline constexpr ControlFunction kStorageRemoveVmOwnership = WriteModify(131);
inline constexpr ControlFunction kStorageGetMountpoints = Read(132);
inline constexpr ControlFunction kStorageGetDirty = Read(134);
inline constexpr ControlFunction kStorageGetSharedVolumeInfo = Read(137);
inline constexpr ControlFunction kStorageIsCsvFile = Read(138);
inline constexpr ControlFunction kStorageGetResourceid = Read(139);
inline constexpr ControlFunction kValidatePath = Read(140);
inline constexpr ControlFunction kValidateNetname = Read(141);
inline constexpr ControlFunction kValidateDirectory = Read(142);
inline constexpr ControlFunction kBatchBlockKey = Write(143);
inline constexpr ControlFunction kBatchUnblockKey = Read(144);
inline constexpr ControlFunction kNetnameGetOuForVco = WriteModify(155);
inline constexpr ControlFunction kEnableSharedVolumeDirectio = WriteModify(162);
inline constexpr ControlFunction kDisableSharedVolumeDirectio = WriteModify(163);
inline constexpr ControlFunction kGetSharedVolumeId = Read(164);
inline constexpr ControlFunction kSetCsvMaintenanceMode = WriteModify(165);
inline constexpr ControlFunction kSetSharedVolumeBackupMode = WriteModify(166);
inline constexpr ControlFunction kStorageGetSharedVolumePartitionNames = Read(167);
inline constexpr ControlFunction kStorageGetSharedVolumeStates = WriteModify(168);
inline constexpr ControlFunction kStorageIsSharedVolume = Read(169);
inline constexpr ControlFunction kGetClusdbTimestamp = Read(170);
inline constexpr ControlFunction kRwModifyNoop = WriteModify(171);
inline constexpr ControlFunction kIsQuorumBlocked = Read(172);
inline constexpr ControlFunction kPoolGetDriveInfo = Read(173);
inline constexpr ControlFunction kGetGumLockOwner = Read(174);
inline constexpr ControlFunction kGetStuckNodes = Read(175);
inline constexpr ControlFunction kInjectGemFault = Read(176);
inline constexpr ControlFunction kIntroduceGemRepairDelay = Read(177);
inline constexpr ControlFunction kSendDummyGemMessages = Read(178);
inline constexpr ControlFunction kBlockGemSendRecv = Read(179);
inline constexpr ControlFunction kGetGemidVector = Read(180);
inline constexpr ControlFunction kAddCryptoCheckpointEx = WriteModify(181);
inline constexpr ControlFunction kGroupGetLastMoveTime = Read(182);
inline constexpr ControlFunction kSetStorageConfiguration = WriteModify(184);
inline constexpr ControlFunction kGetStorageConfiguration = Read(185);
inline constexpr ControlFunction kGetStorageConfigAttributes = Read(186);
inline constexpr ControlFunction kRemoveNode = WriteModify(187);
inline constexpr ControlFunction kClearNodeConnectionInfo = WriteModify(193);
inline constexpr ControlFunction kSetDnsDomain = WriteModify(194);
inline constexpr ControlFunction kNetnameSetPwdInfoex = Write(198);
inline constexpr ControlFunction kStorageGetAvailableDisksEx2Int = Read(2040);
inline constexpr ControlFunction kResourcePrepareUpgrade = WriteModify(2106);
inline constexpr ControlFunction kResourceUpgradeCompleted = WriteModify(2107);
inline constexpr ControlFunction kReplicationAddReplicationGroup = Write(2128);
inline constexpr ControlFunction kReplicationGetLogInfo = Read(2129);
inline constexpr ControlFunction kReplicationGetEligibleLogdisks = Read(2130);
inline constexpr ControlFunction kReplicationGetEligibleTargetDatadisks = Read(2131);
inline constexpr ControlFunction kReplicationGetEligibleSourceDatadisks = Read(2132);
inline constexpr ControlFunction kReplicationGetReplicatedDisks = Read(2133);
inline constexpr ControlFunction kReplicationGetReplicaVolumes = Read(2134);
inline constexpr ControlFunction kReplicationGetLogVolume = Read(2135);
inline constexpr ControlFunction kReplicationGetResourceGroup = Read(2136);
inline constexpr ControlFunction kReplicationGetReplicatedPartitionInfo = Read(2137);
inline constexpr ControlFunction kGetStateChangeTime = Read(2903);
inline constexpr ControlFunction kSetClusterS2dEnabled = WriteModify(2904);
inline constexpr ControlFunction kSetClusterS2dCacheMetadataReserveBytes = WriteModify(2907);
inline constexpr ControlFunction kGroupsetGetGroups = Read(2908);
inline constexpr ControlFunction kGroupsetGetProviderGroups = Read(2909);
inline constexpr ControlFunction kGroupsetGetProviderGroupsets = Read(2910);
inline constexpr ControlFunction kGroupGetProviderGroups = Read(2911);
inline constexpr ControlFunction kGroupGetProviderGroupsets = Read(2912);
inline constexpr ControlFunction kGroupSetCcfFromMaster = WriteModify(2913);
inline constexpr ControlFunction kGetInfrastructureSofsBuffer = Read(2914);
inline constexpr ControlFunction kSetInfrastructureSofsBuffer = WriteModify(2915);
inline constexpr ControlFunction kScaleoutCommand = WriteModify(2917);
inline constexpr ControlFunction kScaleoutControl = WriteModify(2918);
inline constexpr ControlFunction kScaleoutGetClusters = External(2919, ControlAccess::kRead, true);
inline constexpr ControlFunction kReloadAutologgerConfig = Write(2932);
inline constexpr ControlFunction kStorageRenameSharedVolume = Write(2933);
inline constexpr ControlFunction kStorageRenameSharedVolumeGuid = Write(2934);
inline constexpr ControlFunction kEnumAffinityRuleNames = Read(2935);
inline constexpr ControlFunction kGetNodesInFd = Read(2936);
inline constexpr ControlFunction kForceDbFlush = WriteModify(2937);

// Internal: sent by the cluster service to resource DLLs only.
inline constexpr ControlFunction kDelete = InternalWriteModify(1);
inline constexpr ControlFunction kInstallNode = InternalWriteModify(2);
inline constexpr ControlFunction kEvictNode = InternalWriteModify(3);
inline constexpr ControlFunction kAddDependency = InternalWriteModify(4);
inline constexpr ControlFunction kRemoveDependency = InternalWriteModify(5);
inline constexpr ControlFunction kAddOwner = InternalWriteModify(6);
inline constexpr ControlFunction kRemoveOwner = InternalWriteModify(7);
inline constexpr ControlFunction kSetName = InternalWriteModify(9);
inline constexpr ControlFunction kClusterNameChanged = InternalWriteModify(10);
inline constexpr ControlFunction kClusterVersionChanged = InternalWriteModify(11);
inline constexpr ControlFunction kFixupOnUpgrade = InternalWriteModify(12);
inline constexpr ControlFunction kStartingPhase1 = InternalWriteModify(13);
inline constexpr ControlFunction kStartingPhase2 = InternalWriteModify(14);
inline constexpr ControlFunction kHoldIo = InternalWriteModify(15);
inline constexpr ControlFunction kResumeIo = InternalWriteModify(16);
inline constexpr ControlFunction kForceQuorum = InternalWriteModify(17);
inline constexpr ControlFunction kInitialize = InternalWriteModify(18);
inline constexpr ControlFunction kStateChangeReason = InternalWriteModify(19);
inline constexpr ControlFunction kProviderStateChange = InternalWriteModify(20);
inline constexpr ControlFunction kLeavingGroup = InternalWriteModify(21);
inline constexpr ControlFunction kJoiningGroup = InternalWriteModify(22);
inline constexpr ControlFunction kFswitnessGetEpochInfo = InternalRead(23);
inline constexpr ControlFunction kFswitnessSetEpochInfo = InternalWriteModify(24);
inline constexpr ControlFunction kFswitnessReleaseLock = InternalWriteModify(25);
inline constexpr ControlFunction kNetnameCredsNotifycam = InternalWriteModify(26);
inline constexpr ControlFunction kNotifyQuorumStatus = InternalWriteModify(31);
inline constexpr ControlFunction kNotifyMonitorShuttingDown = InternalRead(32);
inline constexpr ControlFunction kUndelete = InternalWriteModify(33);
// Its output: a property list (resapi.h); its input, GET_OPERATION_CONTEXT_PARAMS, is opaque here.
inline constexpr ControlFunction kGetOperationContext =
    InternalRead(2106).Carrying(ControlBuffer::kUnknown, ControlBuffer::kPropertyList);
inline constexpr ControlFunction kNotifyOwnerChange = InternalWriteModify(2120);
inline constexpr ControlFunction kValidateChangeGroup = InternalRead(2121);
inline constexpr ControlFunction kCheckDrainVeto = InternalRead(2123);
inline constexpr ControlFunction kNotifyDrainComplete = InternalRead(2124);

// The user functions of the "Virtual Machine" resource type (Microsoft Learn): user, modify,
// access ANY. No header defines them.
constexpr ControlFunction VmUser(uint32_t number) {
  return User(number, ControlAccess::kAny, true);
}
inline constexpr ControlFunction kVmStartMigration = VmUser(1);
inline constexpr ControlFunction kVmCancelMigration = VmUser(2);
inline constexpr ControlFunction kVmAcceptMigration = VmUser(3);
inline constexpr ControlFunction kVmHaltMigration = VmUser(4);
// Input: one DWORD, the offline action (0 turn off, 1 save, 2 shut down, 3 shut down forced).
inline constexpr ControlFunction kVmSetNextOfflineAction =
    VmUser(5).Carrying(ControlBuffer::kDword, ControlBuffer::kNone);

}  // namespace clctl

// ---- The named codes ------------------------------------------------------------------------

// "RESOURCE" for ControlObject::kResource (the CLUS_OBJECT_ suffix); nullopt for an object number
// clusapi.h does not name.
constexpr std::optional<std::string_view> ControlObjectName(ControlObject object) {
  switch (object) {
    case ControlObject::kInvalid:
      return "INVALID";
    case ControlObject::kResource:
      return "RESOURCE";
    case ControlObject::kResourceType:
      return "RESOURCE_TYPE";
    case ControlObject::kGroup:
      return "GROUP";
    case ControlObject::kNode:
      return "NODE";
    case ControlObject::kNetwork:
      return "NETWORK";
    case ControlObject::kNetInterface:
      return "NETINTERFACE";
    case ControlObject::kCluster:
      return "CLUSTER";
    case ControlObject::kGroupSet:
      return "GROUPSET";
    case ControlObject::kAffinityRule:
      return "AFFINITYRULE";
    case ControlObject::kUser:
      return "USER";
  }
  return std::nullopt;
}

// "READ", "WRITE", "ANY"; nullopt for 3.
constexpr std::optional<std::string_view> ControlAccessName(ControlAccess access) {
  switch (access) {
    case ControlAccess::kAny:
      return "ANY";
    case ControlAccess::kRead:
      return "READ";
    case ControlAccess::kWrite:
      return "WRITE";
  }
  return std::nullopt;
}

// One CLUSCTL_* name: CLUSCTL_<name_object>_<suffix>, with its value and buffers.
struct NamedControlCode {
  ControlObject name_object;  // the object its name carries
  std::string_view suffix;    // the name after CLUSCTL_<OBJECT>_
  uint32_t value;
  ControlBuffer input;
  ControlBuffer output;
};

namespace internal {

// A code of `object` named CLUSCTL_<OBJECT>_<suffix>: value `(object << 24) | function.code`.
constexpr NamedControlCode Code(ControlObject object, std::string_view suffix,
                                ControlFunction function) {
  return {object, suffix, ObjectControlCode(object, function.code), function.input,
          function.output};
}
// The same, for the codes clusapi.h names after one object and builds with another's macro.
constexpr NamedControlCode CodeBuiltFor(ControlObject name_object, std::string_view suffix,
                                        ControlObject value_object, ControlFunction function) {
  NamedControlCode code = Code(value_object, suffix, function);
  code.name_object = name_object;
  return code;
}

constexpr ControlObject kResource = ControlObject::kResource;
constexpr ControlObject kResourceType = ControlObject::kResourceType;
constexpr ControlObject kGroup = ControlObject::kGroup;
constexpr ControlObject kNode = ControlObject::kNode;
constexpr ControlObject kNetwork = ControlObject::kNetwork;
constexpr ControlObject kNetInterface = ControlObject::kNetInterface;
constexpr ControlObject kCluster = ControlObject::kCluster;
constexpr ControlObject kGroupSet = ControlObject::kGroupSet;
constexpr ControlObject kAffinityRule = ControlObject::kAffinityRule;

}  // namespace internal

// The one table of named codes, per object in clusapi.h's order; NETWORK and NETINTERFACE hold
// their property and identity codes. Where several names share a value (the RLUA_* aliases, the
// three resource-type VALIDATE_PATH names) the first one is the value's name.
inline constexpr NamedControlCode kControlCodeTable[] = {
    // CLUSCTL_RESOURCE_*
    internal::Code(internal::kResource, "UNKNOWN", clctl::kUnknown),
    internal::Code(internal::kResource, "GET_CHARACTERISTICS", clctl::kGetCharacteristics),
    internal::Code(internal::kResource, "GET_FLAGS", clctl::kGetFlags),
    internal::Code(internal::kResource, "GET_CLASS_INFO", clctl::kGetClassInfo),
    internal::Code(internal::kResource, "GET_REQUIRED_DEPENDENCIES",
                   clctl::kGetRequiredDependencies),
    internal::Code(internal::kResource, "GET_NAME", clctl::kGetName),
    internal::Code(internal::kResource, "GET_ID", clctl::kGetId),
    internal::Code(internal::kResource, "GET_RESOURCE_TYPE", clctl::kGetResourceType),
    internal::Code(internal::kResource, "ENUM_COMMON_PROPERTIES", clctl::kEnumCommonProperties),
    internal::Code(internal::kResource, "GET_RO_COMMON_PROPERTIES", clctl::kGetRoCommonProperties),
    internal::Code(internal::kResource, "GET_COMMON_PROPERTIES", clctl::kGetCommonProperties),
    internal::Code(internal::kResource, "SET_COMMON_PROPERTIES", clctl::kSetCommonProperties),
    internal::Code(internal::kResource, "VALIDATE_COMMON_PROPERTIES",
                   clctl::kValidateCommonProperties),
    internal::Code(internal::kResource, "GET_COMMON_PROPERTY_FMTS", clctl::kGetCommonPropertyFmts),
    internal::Code(internal::kResource, "ENUM_PRIVATE_PROPERTIES", clctl::kEnumPrivateProperties),
    internal::Code(internal::kResource, "GET_RO_PRIVATE_PROPERTIES",
                   clctl::kGetRoPrivateProperties),
    internal::Code(internal::kResource, "GET_PRIVATE_PROPERTIES", clctl::kGetPrivateProperties),
    internal::Code(internal::kResource, "SET_PRIVATE_PROPERTIES", clctl::kSetPrivateProperties),
    internal::Code(internal::kResource, "VALIDATE_PRIVATE_PROPERTIES",
                   clctl::kValidatePrivateProperties),
    internal::Code(internal::kResource, "GET_PRIVATE_PROPERTY_FMTS",
                   clctl::kGetPrivatePropertyFmts),
    internal::Code(internal::kResource, "ADD_REGISTRY_CHECKPOINT", clctl::kAddRegistryCheckpoint),
    internal::Code(internal::kResource, "DELETE_REGISTRY_CHECKPOINT",
                   clctl::kDeleteRegistryCheckpoint),
    internal::Code(internal::kResource, "GET_REGISTRY_CHECKPOINTS", clctl::kGetRegistryCheckpoints),
    internal::Code(internal::kResource, "ADD_CRYPTO_CHECKPOINT", clctl::kAddCryptoCheckpoint),
    internal::Code(internal::kResource, "DELETE_CRYPTO_CHECKPOINT", clctl::kDeleteCryptoCheckpoint),
    internal::Code(internal::kResource, "ADD_CRYPTO_CHECKPOINT_EX", clctl::kAddCryptoCheckpointEx),
    internal::Code(internal::kResource, "GET_CRYPTO_CHECKPOINTS", clctl::kGetCryptoCheckpoints),
    internal::Code(internal::kResource, "GET_LOADBAL_PROCESS_LIST", clctl::kGetLoadbalProcessList),
    internal::Code(internal::kResource, "GET_NETWORK_NAME", clctl::kGetNetworkName),
    internal::Code(internal::kResource, "NETNAME_GET_VIRTUAL_SERVER_TOKEN",
                   clctl::kNetnameGetVirtualServerToken),
    internal::Code(internal::kResource, "NETNAME_SET_PWD_INFO", clctl::kNetnameSetPwdInfo),
    internal::Code(internal::kResource, "NETNAME_SET_PWD_INFOEX", clctl::kNetnameSetPwdInfoex),
    internal::Code(internal::kResource, "NETNAME_DELETE_CO", clctl::kNetnameDeleteCo),
    internal::Code(internal::kResource, "NETNAME_VALIDATE_VCO", clctl::kNetnameValidateVco),
    internal::Code(internal::kResource, "NETNAME_RESET_VCO", clctl::kNetnameResetVco),
    internal::Code(internal::kResource, "NETNAME_REPAIR_VCO", clctl::kNetnameRepairVco),
    internal::Code(internal::kResource, "NETNAME_REGISTER_DNS_RECORDS",
                   clctl::kNetnameRegisterDnsRecords),
    internal::Code(internal::kResource, "GET_DNS_NAME", clctl::kGetDnsName),
    internal::Code(internal::kResource, "STORAGE_GET_DISK_INFO", clctl::kStorageGetDiskInfo),
    internal::Code(internal::kResource, "STORAGE_GET_DISK_NUMBER_INFO",
                   clctl::kStorageGetDiskNumberInfo),
    internal::Code(internal::kResource, "STORAGE_IS_PATH_VALID", clctl::kStorageIsPathValid),
    internal::Code(internal::kResource, "QUERY_DELETE", clctl::kQueryDelete),
    internal::Code(internal::kResource, "UPGRADE_DLL", clctl::kResourceUpgradeDll),
    internal::Code(internal::kResource, "IPADDRESS_RENEW_LEASE", clctl::kIpaddressRenewLease),
    internal::Code(internal::kResource, "IPADDRESS_RELEASE_LEASE", clctl::kIpaddressReleaseLease),
    internal::Code(internal::kResource, "ADD_REGISTRY_CHECKPOINT_64BIT",
                   clctl::kAddRegistryCheckpoint64Bit),
    internal::Code(internal::kResource, "ADD_REGISTRY_CHECKPOINT_32BIT",
                   clctl::kAddRegistryCheckpoint32Bit),
    internal::Code(internal::kResource, "QUERY_MAINTENANCE_MODE", clctl::kQueryMaintenanceMode),
    internal::Code(internal::kResource, "SET_MAINTENANCE_MODE", clctl::kSetMaintenanceMode),
    internal::Code(internal::kResource, "STORAGE_SET_DRIVELETTER", clctl::kStorageSetDriveletter),
    internal::Code(internal::kResource, "STORAGE_GET_DISK_INFO_EX", clctl::kStorageGetDiskInfoEx),
    internal::Code(internal::kResource, "STORAGE_GET_DISK_INFO_EX2", clctl::kStorageGetDiskInfoEx2),
    internal::Code(internal::kResource, "STORAGE_GET_MOUNTPOINTS", clctl::kStorageGetMountpoints),
    internal::Code(internal::kResource, "STORAGE_GET_DIRTY", clctl::kStorageGetDirty),
    internal::Code(internal::kResource, "STORAGE_GET_SHARED_VOLUME_INFO",
                   clctl::kStorageGetSharedVolumeInfo),
    internal::Code(internal::kResource, "SET_CSV_MAINTENANCE_MODE", clctl::kSetCsvMaintenanceMode),
    internal::Code(internal::kResource, "ENABLE_SHARED_VOLUME_DIRECTIO",
                   clctl::kEnableSharedVolumeDirectio),
    internal::Code(internal::kResource, "DISABLE_SHARED_VOLUME_DIRECTIO",
                   clctl::kDisableSharedVolumeDirectio),
    internal::Code(internal::kResource, "SET_SHARED_VOLUME_BACKUP_MODE",
                   clctl::kSetSharedVolumeBackupMode),
    internal::Code(internal::kResource, "STORAGE_GET_SHARED_VOLUME_PARTITION_NAMES",
                   clctl::kStorageGetSharedVolumePartitionNames),
    internal::Code(internal::kResource, "GET_FAILURE_INFO", clctl::kGetFailureInfo),
    internal::Code(internal::kResource, "STORAGE_GET_DISKID", clctl::kStorageGetDiskid),
    internal::Code(internal::kResource, "STORAGE_GET_SHARED_VOLUME_STATES",
                   clctl::kStorageGetSharedVolumeStates),
    internal::Code(internal::kResource, "STORAGE_IS_SHARED_VOLUME", clctl::kStorageIsSharedVolume),
    internal::Code(internal::kResource, "IS_QUORUM_BLOCKED", clctl::kIsQuorumBlocked),
    internal::Code(internal::kResource, "POOL_GET_DRIVE_INFO", clctl::kPoolGetDriveInfo),
    internal::Code(internal::kResource, "RLUA_GET_VIRTUAL_SERVER_TOKEN",
                   clctl::kNetnameGetVirtualServerToken),
    internal::Code(internal::kResource, "RLUA_SET_PWD_INFO", clctl::kNetnameSetPwdInfo),
    internal::Code(internal::kResource, "RLUA_SET_PWD_INFOEX", clctl::kNetnameSetPwdInfoex),
    internal::Code(internal::kResource, "DELETE", clctl::kDelete),
    internal::Code(internal::kResource, "UNDELETE", clctl::kUndelete),
    internal::Code(internal::kResource, "INSTALL_NODE", clctl::kInstallNode),
    internal::Code(internal::kResource, "EVICT_NODE", clctl::kEvictNode),
    internal::Code(internal::kResource, "ADD_DEPENDENCY", clctl::kAddDependency),
    internal::Code(internal::kResource, "REMOVE_DEPENDENCY", clctl::kRemoveDependency),
    internal::Code(internal::kResource, "ADD_OWNER", clctl::kAddOwner),
    internal::Code(internal::kResource, "REMOVE_OWNER", clctl::kRemoveOwner),
    internal::Code(internal::kResource, "SET_NAME", clctl::kSetName),
    internal::Code(internal::kResource, "CLUSTER_NAME_CHANGED", clctl::kClusterNameChanged),
    internal::Code(internal::kResource, "CLUSTER_VERSION_CHANGED", clctl::kClusterVersionChanged),
    internal::Code(internal::kResource, "FORCE_QUORUM", clctl::kForceQuorum),
    internal::Code(internal::kResource, "INITIALIZE", clctl::kInitialize),
    internal::Code(internal::kResource, "STATE_CHANGE_REASON", clctl::kStateChangeReason),
    internal::Code(internal::kResource, "PROVIDER_STATE_CHANGE", clctl::kProviderStateChange),
    internal::Code(internal::kResource, "LEAVING_GROUP", clctl::kLeavingGroup),
    internal::Code(internal::kResource, "JOINING_GROUP", clctl::kJoiningGroup),
    internal::Code(internal::kResource, "FSWITNESS_GET_EPOCH_INFO", clctl::kFswitnessGetEpochInfo),
    internal::Code(internal::kResource, "FSWITNESS_SET_EPOCH_INFO", clctl::kFswitnessSetEpochInfo),
    internal::Code(internal::kResource, "FSWITNESS_RELEASE_LOCK", clctl::kFswitnessReleaseLock),
    internal::Code(internal::kResource, "NETNAME_CREDS_NOTIFYCAM", clctl::kNetnameCredsNotifycam),
    internal::Code(internal::kResource, "GET_OPERATION_CONTEXT", clctl::kGetOperationContext),
    internal::Code(internal::kResource, "RW_MODIFY_NOOP", clctl::kRwModifyNoop),
    internal::Code(internal::kResource, "NOTIFY_QUORUM_STATUS", clctl::kNotifyQuorumStatus),
    internal::Code(internal::kResource, "NOTIFY_OWNER_CHANGE", clctl::kNotifyOwnerChange),
    internal::Code(internal::kResource, "VALIDATE_CHANGE_GROUP", clctl::kValidateChangeGroup),
    internal::Code(internal::kResource, "STORAGE_RENAME_SHARED_VOLUME",
                   clctl::kStorageRenameSharedVolume),
    internal::Code(internal::kResource, "STORAGE_RENAME_SHARED_VOLUME_GUID",
                   clctl::kStorageRenameSharedVolumeGuid),
    internal::Code(internal::kResource, "PREPARE_UPGRADE", clctl::kResourcePrepareUpgrade),
    internal::Code(internal::kResource, "UPGRADE_COMPLETED", clctl::kResourceUpgradeCompleted),
    internal::Code(internal::kResource, "GET_STATE_CHANGE_TIME", clctl::kGetStateChangeTime),
    internal::Code(internal::kResource, "GET_INFRASTRUCTURE_SOFS_BUFFER",
                   clctl::kGetInfrastructureSofsBuffer),
    internal::Code(internal::kResource, "SET_INFRASTRUCTURE_SOFS_BUFFER",
                   clctl::kSetInfrastructureSofsBuffer),
    internal::Code(internal::kResource, "SCALEOUT_COMMAND", clctl::kScaleoutCommand),
    internal::Code(internal::kResource, "SCALEOUT_CONTROL", clctl::kScaleoutControl),
    internal::Code(internal::kResource, "SCALEOUT_GET_CLUSTERS", clctl::kScaleoutGetClusters),
    internal::Code(internal::kResource, "CHECK_DRAIN_VETO", clctl::kCheckDrainVeto),
    internal::Code(internal::kResource, "NOTIFY_DRAIN_COMPLETE", clctl::kNotifyDrainComplete),
    internal::Code(internal::kResource, "GET_NODES_IN_FD", clctl::kGetNodesInFd),
    // The "Virtual Machine" resource type's user codes.
    internal::Code(internal::kResource, "VM_START_MIGRATION", clctl::kVmStartMigration),
    internal::Code(internal::kResource, "VM_CANCEL_MIGRATION", clctl::kVmCancelMigration),
    internal::Code(internal::kResource, "VM_ACCEPT_MIGRATION", clctl::kVmAcceptMigration),
    internal::Code(internal::kResource, "VM_HALT_MIGRATION", clctl::kVmHaltMigration),
    internal::Code(internal::kResource, "VM_SET_NEXT_OFFLINE_ACTION",
                   clctl::kVmSetNextOfflineAction),

    // CLUSCTL_RESOURCE_TYPE_*
    internal::Code(internal::kResourceType, "UNKNOWN", clctl::kUnknown),
    internal::Code(internal::kResourceType, "GET_CHARACTERISTICS", clctl::kGetCharacteristics),
    internal::Code(internal::kResourceType, "GET_FLAGS", clctl::kGetFlags),
    internal::Code(internal::kResourceType, "GET_CLASS_INFO", clctl::kGetClassInfo),
    internal::Code(internal::kResourceType, "GET_REQUIRED_DEPENDENCIES",
                   clctl::kGetRequiredDependencies),
    internal::Code(internal::kResourceType, "GET_ARB_TIMEOUT", clctl::kGetArbTimeout),
    internal::Code(internal::kResourceType, "ENUM_COMMON_PROPERTIES", clctl::kEnumCommonProperties),
    internal::Code(internal::kResourceType, "GET_RO_COMMON_PROPERTIES",
                   clctl::kGetRoCommonProperties),
    internal::Code(internal::kResourceType, "GET_COMMON_PROPERTIES", clctl::kGetCommonProperties),
    internal::Code(internal::kResourceType, "VALIDATE_COMMON_PROPERTIES",
                   clctl::kValidateCommonProperties),
    internal::Code(internal::kResourceType, "SET_COMMON_PROPERTIES", clctl::kSetCommonProperties),
    internal::Code(internal::kResourceType, "GET_COMMON_PROPERTY_FMTS",
                   clctl::kGetCommonPropertyFmts),
    internal::Code(internal::kResourceType, "GET_COMMON_RESOURCE_PROPERTY_FMTS",
                   clctl::kGetCommonResourcePropertyFmts),
    internal::Code(internal::kResourceType, "ENUM_PRIVATE_PROPERTIES",
                   clctl::kEnumPrivateProperties),
    internal::Code(internal::kResourceType, "GET_RO_PRIVATE_PROPERTIES",
                   clctl::kGetRoPrivateProperties),
    internal::Code(internal::kResourceType, "GET_PRIVATE_PROPERTIES", clctl::kGetPrivateProperties),
    internal::Code(internal::kResourceType, "SET_PRIVATE_PROPERTIES", clctl::kSetPrivateProperties),
    internal::Code(internal::kResourceType, "VALIDATE_PRIVATE_PROPERTIES",
                   clctl::kValidatePrivateProperties),
    internal::Code(internal::kResourceType, "GET_PRIVATE_PROPERTY_FMTS",
                   clctl::kGetPrivatePropertyFmts),
    internal::Code(internal::kResourceType, "GET_PRIVATE_RESOURCE_PROPERTY_FMTS",
                   clctl::kGetPrivateResourcePropertyFmts),
    internal::Code(internal::kResourceType, "GET_REGISTRY_CHECKPOINTS",
                   clctl::kGetRegistryCheckpoints),
    internal::Code(internal::kResourceType, "GET_CRYPTO_CHECKPOINTS", clctl::kGetCryptoCheckpoints),
    internal::Code(internal::kResourceType, "STORAGE_GET_AVAILABLE_DISKS",
                   clctl::kStorageGetAvailableDisks),
    internal::Code(internal::kResourceType, "STORAGE_SYNC_CLUSDISK_DB",
                   clctl::kStorageSyncClusdiskDb),
    internal::Code(internal::kResourceType, "NETNAME_VALIDATE_NETNAME", clctl::kValidateNetname),
    internal::Code(internal::kResourceType, "NETNAME_GET_OU_FOR_VCO", clctl::kNetnameGetOuForVco),
    internal::Code(internal::kResourceType, "GEN_APP_VALIDATE_PATH", clctl::kValidatePath),
    internal::Code(internal::kResourceType, "GEN_APP_VALIDATE_DIRECTORY",
                   clctl::kValidateDirectory),
    internal::Code(internal::kResourceType, "GEN_SCRIPT_VALIDATE_PATH", clctl::kValidatePath),
    internal::Code(internal::kResourceType, "QUERY_DELETE", clctl::kQueryDelete),
    internal::Code(internal::kResourceType, "STORAGE_GET_DRIVELETTERS",
                   clctl::kStorageGetDriveletters),
    internal::Code(internal::kResourceType, "STORAGE_GET_AVAILABLE_DISKS_EX",
                   clctl::kStorageGetAvailableDisksEx),
    internal::Code(internal::kResourceType, "STORAGE_REMAP_DRIVELETTER",
                   clctl::kStorageRemapDriveletter),
    internal::Code(internal::kResourceType, "STORAGE_GET_DISKID", clctl::kStorageGetDiskid),
    internal::Code(internal::kResourceType, "STORAGE_GET_RESOURCEID", clctl::kStorageGetResourceid),
    internal::Code(internal::kResourceType, "STORAGE_IS_CLUSTERABLE", clctl::kStorageIsClusterable),
    internal::Code(internal::kResourceType, "STORAGE_REMOVE_VM_OWNERSHIP",
                   clctl::kStorageRemoveVmOwnership),
    internal::CodeBuiltFor(internal::kResourceType, "STORAGE_IS_CSV_FILE", internal::kResource,
                           clctl::kStorageIsCsvFile),
    internal::Code(internal::kResourceType, "WITNESS_VALIDATE_PATH", clctl::kValidatePath),
    internal::Code(internal::kResourceType, "INSTALL_NODE", clctl::kInstallNode),
    internal::Code(internal::kResourceType, "EVICT_NODE", clctl::kEvictNode),
    internal::Code(internal::kResourceType, "CLUSTER_VERSION_CHANGED",
                   clctl::kClusterVersionChanged),
    internal::Code(internal::kResourceType, "FIXUP_ON_UPGRADE", clctl::kFixupOnUpgrade),
    internal::Code(internal::kResourceType, "STARTING_PHASE1", clctl::kStartingPhase1),
    internal::Code(internal::kResourceType, "STARTING_PHASE2", clctl::kStartingPhase2),
    internal::Code(internal::kResourceType, "HOLD_IO", clctl::kHoldIo),
    internal::Code(internal::kResourceType, "RESUME_IO", clctl::kResumeIo),
    internal::Code(internal::kResourceType, "STORAGE_GET_AVAILABLE_DISKS_EX2_INT",
                   clctl::kStorageGetAvailableDisksEx2Int),
    internal::Code(internal::kResourceType, "REPLICATION_GET_ELIGIBLE_LOGDISKS",
                   clctl::kReplicationGetEligibleLogdisks),
    internal::Code(internal::kResourceType, "REPLICATION_GET_ELIGIBLE_TARGET_DATADISKS",
                   clctl::kReplicationGetEligibleTargetDatadisks),
    internal::Code(internal::kResourceType, "REPLICATION_GET_ELIGIBLE_SOURCE_DATADISKS",
                   clctl::kReplicationGetEligibleSourceDatadisks),
    internal::Code(internal::kResourceType, "REPLICATION_GET_REPLICATED_DISKS",
                   clctl::kReplicationGetReplicatedDisks),
    internal::Code(internal::kResourceType, "REPLICATION_GET_REPLICA_VOLUMES",
                   clctl::kReplicationGetReplicaVolumes),
    internal::Code(internal::kResourceType, "REPLICATION_GET_LOG_VOLUME",
                   clctl::kReplicationGetLogVolume),
    internal::Code(internal::kResourceType, "REPLICATION_GET_RESOURCE_GROUP",
                   clctl::kReplicationGetResourceGroup),
    internal::Code(internal::kResourceType, "REPLICATION_GET_REPLICATED_PARTITION_INFO",
                   clctl::kReplicationGetReplicatedPartitionInfo),
    internal::Code(internal::kResourceType, "REPLICATION_GET_LOG_INFO",
                   clctl::kReplicationGetLogInfo),
    internal::Code(internal::kResourceType, "REPLICATION_ADD_REPLICATION_GROUP",
                   clctl::kReplicationAddReplicationGroup),
    internal::Code(internal::kResourceType, "PREPARE_UPGRADE", clctl::kResourcePrepareUpgrade),
    internal::Code(internal::kResourceType, "UPGRADE_COMPLETED", clctl::kResourceUpgradeCompleted),
    internal::Code(internal::kResourceType, "NOTIFY_MONITOR_SHUTTING_DOWN",
                   clctl::kNotifyMonitorShuttingDown),
    internal::Code(internal::kResourceType, "CHECK_DRAIN_VETO", clctl::kCheckDrainVeto),
    internal::Code(internal::kResourceType, "NOTIFY_DRAIN_COMPLETE", clctl::kNotifyDrainComplete),

    // CLUSCTL_GROUP_*
    internal::Code(internal::kGroup, "UNKNOWN", clctl::kUnknown),
    internal::Code(internal::kGroup, "GET_CHARACTERISTICS", clctl::kGetCharacteristics),
    internal::Code(internal::kGroup, "GET_FLAGS", clctl::kGetFlags),
    internal::Code(internal::kGroup, "GET_NAME", clctl::kGetName),
    internal::Code(internal::kGroup, "GET_ID", clctl::kGetId),
    internal::Code(internal::kGroup, "ENUM_COMMON_PROPERTIES", clctl::kEnumCommonProperties),
    internal::Code(internal::kGroup, "GET_RO_COMMON_PROPERTIES", clctl::kGetRoCommonProperties),
    internal::Code(internal::kGroup, "GET_COMMON_PROPERTIES", clctl::kGetCommonProperties),
    internal::Code(internal::kGroup, "SET_COMMON_PROPERTIES", clctl::kSetCommonProperties),
    internal::Code(internal::kGroup, "VALIDATE_COMMON_PROPERTIES",
                   clctl::kValidateCommonProperties),
    internal::Code(internal::kGroup, "ENUM_PRIVATE_PROPERTIES", clctl::kEnumPrivateProperties),
    internal::Code(internal::kGroup, "GET_RO_PRIVATE_PROPERTIES", clctl::kGetRoPrivateProperties),
    internal::Code(internal::kGroup, "GET_PRIVATE_PROPERTIES", clctl::kGetPrivateProperties),
    internal::Code(internal::kGroup, "SET_PRIVATE_PROPERTIES", clctl::kSetPrivateProperties),
    internal::Code(internal::kGroup, "VALIDATE_PRIVATE_PROPERTIES",
                   clctl::kValidatePrivateProperties),
    internal::Code(internal::kGroup, "QUERY_DELETE", clctl::kQueryDelete),
    internal::Code(internal::kGroup, "GET_COMMON_PROPERTY_FMTS", clctl::kGetCommonPropertyFmts),
    internal::Code(internal::kGroup, "GET_PRIVATE_PROPERTY_FMTS", clctl::kGetPrivatePropertyFmts),
    internal::Code(internal::kGroup, "GET_FAILURE_INFO", clctl::kGetFailureInfo),
    internal::Code(internal::kGroup, "GET_LAST_MOVE_TIME", clctl::kGroupGetLastMoveTime),
    internal::Code(internal::kGroup, "SET_CCF_FROM_MASTER", clctl::kGroupSetCcfFromMaster),

    // CLUSCTL_NODE_*
    internal::Code(internal::kNode, "UNKNOWN", clctl::kUnknown),
    internal::Code(internal::kNode, "GET_CHARACTERISTICS", clctl::kGetCharacteristics),
    internal::Code(internal::kNode, "GET_FLAGS", clctl::kGetFlags),
    internal::Code(internal::kNode, "GET_NAME", clctl::kGetName),
    internal::Code(internal::kNode, "GET_ID", clctl::kGetId),
    internal::Code(internal::kNode, "ENUM_COMMON_PROPERTIES", clctl::kEnumCommonProperties),
    internal::Code(internal::kNode, "GET_RO_COMMON_PROPERTIES", clctl::kGetRoCommonProperties),
    internal::Code(internal::kNode, "GET_COMMON_PROPERTIES", clctl::kGetCommonProperties),
    internal::Code(internal::kNode, "SET_COMMON_PROPERTIES", clctl::kSetCommonProperties),
    internal::Code(internal::kNode, "VALIDATE_COMMON_PROPERTIES", clctl::kValidateCommonProperties),
    internal::Code(internal::kNode, "ENUM_PRIVATE_PROPERTIES", clctl::kEnumPrivateProperties),
    internal::Code(internal::kNode, "GET_RO_PRIVATE_PROPERTIES", clctl::kGetRoPrivateProperties),
    internal::Code(internal::kNode, "GET_PRIVATE_PROPERTIES", clctl::kGetPrivateProperties),
    internal::Code(internal::kNode, "SET_PRIVATE_PROPERTIES", clctl::kSetPrivateProperties),
    internal::Code(internal::kNode, "VALIDATE_PRIVATE_PROPERTIES",
                   clctl::kValidatePrivateProperties),
    internal::Code(internal::kNode, "GET_COMMON_PROPERTY_FMTS", clctl::kGetCommonPropertyFmts),
    internal::Code(internal::kNode, "GET_PRIVATE_PROPERTY_FMTS", clctl::kGetPrivatePropertyFmts),
    internal::Code(internal::kNode, "GET_CLUSTER_SERVICE_ACCOUNT_NAME",
                   clctl::kGetClusterServiceAccountName),
    internal::Code(internal::kNode, "GET_STUCK_NODES", clctl::kGetStuckNodes),
    internal::Code(internal::kNode, "INJECT_GEM_FAULT", clctl::kInjectGemFault),
    internal::Code(internal::kNode, "INTRODUCE_GEM_REPAIR_DELAY", clctl::kIntroduceGemRepairDelay),
    internal::Code(internal::kNode, "SEND_DUMMY_GEM_MESSAGES", clctl::kSendDummyGemMessages),
    internal::Code(internal::kNode, "BLOCK_GEM_SEND_RECV", clctl::kBlockGemSendRecv),
    internal::Code(internal::kNode, "GET_GEMID_VECTOR", clctl::kGetGemidVector),

    // CLUSCTL_NETWORK_* (property and identity codes)
    internal::Code(internal::kNetwork, "UNKNOWN", clctl::kUnknown),
    internal::Code(internal::kNetwork, "GET_CHARACTERISTICS", clctl::kGetCharacteristics),
    internal::Code(internal::kNetwork, "GET_FLAGS", clctl::kGetFlags),
    internal::Code(internal::kNetwork, "GET_NAME", clctl::kGetName),
    internal::Code(internal::kNetwork, "GET_ID", clctl::kGetId),
    internal::Code(internal::kNetwork, "ENUM_COMMON_PROPERTIES", clctl::kEnumCommonProperties),
    internal::Code(internal::kNetwork, "GET_RO_COMMON_PROPERTIES", clctl::kGetRoCommonProperties),
    internal::Code(internal::kNetwork, "GET_COMMON_PROPERTIES", clctl::kGetCommonProperties),
    internal::Code(internal::kNetwork, "SET_COMMON_PROPERTIES", clctl::kSetCommonProperties),
    internal::Code(internal::kNetwork, "VALIDATE_COMMON_PROPERTIES",
                   clctl::kValidateCommonProperties),
    internal::Code(internal::kNetwork, "ENUM_PRIVATE_PROPERTIES", clctl::kEnumPrivateProperties),
    internal::Code(internal::kNetwork, "GET_RO_PRIVATE_PROPERTIES", clctl::kGetRoPrivateProperties),
    internal::Code(internal::kNetwork, "GET_PRIVATE_PROPERTIES", clctl::kGetPrivateProperties),
    internal::Code(internal::kNetwork, "SET_PRIVATE_PROPERTIES", clctl::kSetPrivateProperties),
    internal::Code(internal::kNetwork, "VALIDATE_PRIVATE_PROPERTIES",
                   clctl::kValidatePrivateProperties),
    internal::Code(internal::kNetwork, "GET_COMMON_PROPERTY_FMTS", clctl::kGetCommonPropertyFmts),
    internal::Code(internal::kNetwork, "GET_PRIVATE_PROPERTY_FMTS", clctl::kGetPrivatePropertyFmts),

    // CLUSCTL_NETINTERFACE_* (property and identity codes)
    internal::Code(internal::kNetInterface, "UNKNOWN", clctl::kUnknown),
    internal::Code(internal::kNetInterface, "GET_CHARACTERISTICS", clctl::kGetCharacteristics),
    internal::Code(internal::kNetInterface, "GET_FLAGS", clctl::kGetFlags),
    internal::Code(internal::kNetInterface, "GET_NAME", clctl::kGetName),
    internal::Code(internal::kNetInterface, "GET_ID", clctl::kGetId),
    internal::Code(internal::kNetInterface, "ENUM_COMMON_PROPERTIES", clctl::kEnumCommonProperties),
    internal::Code(internal::kNetInterface, "GET_RO_COMMON_PROPERTIES",
                   clctl::kGetRoCommonProperties),
    internal::Code(internal::kNetInterface, "GET_COMMON_PROPERTIES", clctl::kGetCommonProperties),
    internal::Code(internal::kNetInterface, "SET_COMMON_PROPERTIES", clctl::kSetCommonProperties),
    internal::Code(internal::kNetInterface, "VALIDATE_COMMON_PROPERTIES",
                   clctl::kValidateCommonProperties),
    internal::Code(internal::kNetInterface, "ENUM_PRIVATE_PROPERTIES",
                   clctl::kEnumPrivateProperties),
    internal::Code(internal::kNetInterface, "GET_RO_PRIVATE_PROPERTIES",
                   clctl::kGetRoPrivateProperties),
    internal::Code(internal::kNetInterface, "GET_PRIVATE_PROPERTIES", clctl::kGetPrivateProperties),
    internal::Code(internal::kNetInterface, "SET_PRIVATE_PROPERTIES", clctl::kSetPrivateProperties),
    internal::Code(internal::kNetInterface, "VALIDATE_PRIVATE_PROPERTIES",
                   clctl::kValidatePrivateProperties),
    internal::Code(internal::kNetInterface, "GET_COMMON_PROPERTY_FMTS",
                   clctl::kGetCommonPropertyFmts),
    internal::Code(internal::kNetInterface, "GET_PRIVATE_PROPERTY_FMTS",
                   clctl::kGetPrivatePropertyFmts),

    // CLUSCTL_CLUSTER_*
    internal::Code(internal::kCluster, "UNKNOWN", clctl::kUnknown),
    internal::Code(internal::kCluster, "GET_FQDN", clctl::kGetFqdn),
    internal::Code(internal::kCluster, "SET_STORAGE_CONFIGURATION",
                   clctl::kSetStorageConfiguration),
    internal::Code(internal::kCluster, "GET_STORAGE_CONFIGURATION",
                   clctl::kGetStorageConfiguration),
    internal::Code(internal::kCluster, "GET_STORAGE_CONFIG_ATTRIBUTES",
                   clctl::kGetStorageConfigAttributes),
    internal::Code(internal::kCluster, "ENUM_COMMON_PROPERTIES", clctl::kEnumCommonProperties),
    internal::Code(internal::kCluster, "GET_RO_COMMON_PROPERTIES", clctl::kGetRoCommonProperties),
    internal::Code(internal::kCluster, "GET_COMMON_PROPERTIES", clctl::kGetCommonProperties),
    internal::Code(internal::kCluster, "SET_COMMON_PROPERTIES", clctl::kSetCommonProperties),
    internal::Code(internal::kCluster, "VALIDATE_COMMON_PROPERTIES",
                   clctl::kValidateCommonProperties),
    internal::Code(internal::kCluster, "ENUM_PRIVATE_PROPERTIES", clctl::kEnumPrivateProperties),
    internal::Code(internal::kCluster, "GET_RO_PRIVATE_PROPERTIES", clctl::kGetRoPrivateProperties),
    internal::Code(internal::kCluster, "GET_PRIVATE_PROPERTIES", clctl::kGetPrivateProperties),
    internal::Code(internal::kCluster, "SET_PRIVATE_PROPERTIES", clctl::kSetPrivateProperties),
    internal::Code(internal::kCluster, "VALIDATE_PRIVATE_PROPERTIES",
                   clctl::kValidatePrivateProperties),
    internal::Code(internal::kCluster, "GET_COMMON_PROPERTY_FMTS", clctl::kGetCommonPropertyFmts),
    internal::Code(internal::kCluster, "GET_PRIVATE_PROPERTY_FMTS", clctl::kGetPrivatePropertyFmts),
    internal::Code(internal::kCluster, "CHECK_VOTER_EVICT", clctl::kCheckVoterEvict),
    internal::Code(internal::kCluster, "CHECK_VOTER_DOWN", clctl::kCheckVoterDown),
    internal::Code(internal::kCluster, "SHUTDOWN", clctl::kShutdown),
    internal::Code(internal::kCluster, "BATCH_BLOCK_KEY", clctl::kBatchBlockKey),
    internal::Code(internal::kCluster, "BATCH_UNBLOCK_KEY", clctl::kBatchUnblockKey),
    internal::Code(internal::kCluster, "GET_SHARED_VOLUME_ID", clctl::kGetSharedVolumeId),
    internal::Code(internal::kCluster, "GET_CLUSDB_TIMESTAMP", clctl::kGetClusdbTimestamp),
    internal::Code(internal::kCluster, "GET_GUM_LOCK_OWNER", clctl::kGetGumLockOwner),
    internal::Code(internal::kCluster, "REMOVE_NODE", clctl::kRemoveNode),
    internal::Code(internal::kCluster, "SET_ACCOUNT_ACCESS", clctl::kSetAccountAccess),
    internal::Code(internal::kCluster, "CLEAR_NODE_CONNECTION_INFO",
                   clctl::kClearNodeConnectionInfo),
    internal::Code(internal::kCluster, "SET_DNS_DOMAIN", clctl::kSetDnsDomain),
    internal::Code(internal::kCluster, "SET_CLUSTER_S2D_ENABLED", clctl::kSetClusterS2dEnabled),
    internal::Code(internal::kCluster, "SET_CLUSTER_S2D_CACHE_METADATA_RESERVE_BYTES",
                   clctl::kSetClusterS2dCacheMetadataReserveBytes),
    internal::Code(internal::kCluster, "STORAGE_RENAME_SHARED_VOLUME",
                   clctl::kStorageRenameSharedVolume),
    internal::Code(internal::kCluster, "STORAGE_RENAME_SHARED_VOLUME_GUID",
                   clctl::kStorageRenameSharedVolumeGuid),
    internal::Code(internal::kCluster, "RELOAD_AUTOLOGGER_CONFIG", clctl::kReloadAutologgerConfig),
    internal::Code(internal::kCluster, "ENUM_AFFINITY_RULE_NAMES", clctl::kEnumAffinityRuleNames),
    internal::Code(internal::kCluster, "GET_NODES_IN_FD", clctl::kGetNodesInFd),
    internal::Code(internal::kCluster, "FORCE_FLUSH_DB", clctl::kForceDbFlush),
    internal::Code(internal::kCluster, "GET_CLMUSR_TOKEN", clctl::kNetnameGetVirtualServerToken),
    internal::Code(internal::kCluster, "CHECK_VOTER_EVICT_WITNESS", clctl::kCheckVoterEvictWitness),
    internal::Code(internal::kCluster, "CHECK_VOTER_DOWN_WITNESS", clctl::kCheckVoterDownWitness),

    // CLUSCTL_GROUPSET_* (two of them named CLUSCTL_GROUP_*)
    internal::Code(internal::kGroupSet, "GET_COMMON_PROPERTIES", clctl::kGetCommonProperties),
    internal::Code(internal::kGroupSet, "GET_RO_COMMON_PROPERTIES", clctl::kGetRoCommonProperties),
    internal::Code(internal::kGroupSet, "SET_COMMON_PROPERTIES", clctl::kSetCommonProperties),
    internal::Code(internal::kGroupSet, "GET_GROUPS", clctl::kGroupsetGetGroups),
    internal::Code(internal::kGroupSet, "GET_PROVIDER_GROUPS", clctl::kGroupsetGetProviderGroups),
    internal::Code(internal::kGroupSet, "GET_PROVIDER_GROUPSETS",
                   clctl::kGroupsetGetProviderGroupsets),
    internal::CodeBuiltFor(internal::kGroup, "GET_PROVIDER_GROUPS", internal::kGroupSet,
                           clctl::kGroupGetProviderGroups),
    internal::CodeBuiltFor(internal::kGroup, "GET_PROVIDER_GROUPSETS", internal::kGroupSet,
                           clctl::kGroupGetProviderGroupsets),
    internal::Code(internal::kGroupSet, "GET_ID", clctl::kGetId),

    // CLUSCTL_AFFINITYRULE_*
    internal::Code(internal::kAffinityRule, "GET_COMMON_PROPERTIES", clctl::kGetCommonProperties),
    internal::Code(internal::kAffinityRule, "GET_RO_COMMON_PROPERTIES",
                   clctl::kGetRoCommonProperties),
    internal::Code(internal::kAffinityRule, "SET_COMMON_PROPERTIES", clctl::kSetCommonProperties),
    internal::Code(internal::kAffinityRule, "GET_ID", clctl::kGetId),
    internal::Code(internal::kAffinityRule, "GET_GROUPNAMES", clctl::kGroupsetGetGroups),
};
// The table as a range (a deduced std::array of this size exceeds clang's fold-expression limit;
// the header stays free of Abseil for the MinGW check).
struct ControlCodeRange {
  const NamedControlCode* first;
  size_t count;
  constexpr const NamedControlCode* begin() const { return first; }
  constexpr const NamedControlCode* end() const { return first + count; }
  constexpr size_t size() const { return count; }
  constexpr const NamedControlCode& operator[](size_t i) const { return first[i]; }
};
inline constexpr ControlCodeRange kControlCodes{kControlCodeTable, std::size(kControlCodeTable)};

// "CLUSCTL_" + object name + "_" + suffix == `name`, compared piece by piece.
constexpr bool HasName(const NamedControlCode& code, std::string_view name) {
  constexpr std::string_view kPrefix = "CLUSCTL_";
  const std::string_view object = ControlObjectName(code.name_object).value_or("");
  return name.size() == kPrefix.size() + object.size() + 1 + code.suffix.size() &&
         name.substr(0, kPrefix.size()) == kPrefix &&
         name.substr(kPrefix.size(), object.size()) == object &&
         name[kPrefix.size() + object.size()] == '_' &&
         name.substr(kPrefix.size() + object.size() + 1) == code.suffix;
}

// The entry named `name` (exact, upper case, with the CLUSCTL_ prefix); nullptr if none.
constexpr const NamedControlCode* FindControlCodeByName(std::string_view name) {
  for (const NamedControlCode& code : kControlCodes) {
    if (HasName(code, name)) return &code;
  }
  return nullptr;
}

// The value of the code named `name`; nullopt if the table has no such name.
constexpr std::optional<uint32_t> ControlCodeFromName(std::string_view name) {
  const NamedControlCode* code = FindControlCodeByName(name);
  if (code == nullptr) return std::nullopt;
  return code->value;
}

// The first entry with `value` (the value's name); nullptr when the table has none.
const NamedControlCode* FindControlCode(uint32_t value);

// "CLUSCTL_RESOURCE_SET_PRIVATE_PROPERTIES" for 0x01400086; nullopt when the table has no name
// for the value.
std::optional<std::string> ControlCodeName(uint32_t value);

// The full name of an entry.
std::string ControlCodeName(const NamedControlCode& code);

}  // namespace clusprop

#endif  // CLUSPROP_CONTROL_CODE_H_
