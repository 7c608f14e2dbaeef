#include "offline/policy.h"

#include <string>
#include <vector>

#include "clusprop/status_matchers.h"
#include "clusprop/win32_error.h"
#include "clusprop/writer.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "offline/flags.h"
#include "offline/instruction.h"
#include "offline/resdll_helper.h"
#include "offline/state.h"

namespace clusprop {
namespace offline {
namespace {

std::vector<uint8_t> VmBuffer(std::vector<std::pair<std::string, uint32_t>> properties,
                              uint32_t syntax = kSyntaxListValueDword) {
  PropertyListWriter writer(WriteOptions{.trailing_endmark = false});
  for (const auto& [name, value] : properties) writer.BeginProperty(name).AddDword(value, syntax);
  absl::StatusOr<absl::Span<const uint8_t>> bytes = writer.Finish();
  return std::vector<uint8_t>(bytes->begin(), bytes->end());
}

struct Case {
  std::vector<uint8_t> buffer;
  uint32_t flags = 0;
  uint32_t reason = 0;
  ResourceFacts facts;
  bool null_buffer_with_size = false;
  bool has_destination_parameter = false;
  std::string destination;
};

OfflineDecision Decide(const Case& c, const OfflinePolicy& policy = OfflinePolicy::Strict()) {
  OfflineRequest request;
  request.flags = c.flags;
  request.reason = c.reason;
  request.in_buffer = c.buffer.empty() ? nullptr : c.buffer.data();
  request.in_buffer_size = static_cast<uint32_t>(c.buffer.size());
  if (c.null_buffer_with_size) request.in_buffer_size = 4;
  request.entry_point_has_destination = c.has_destination_parameter;
  request.destination = c.destination;
  return DecideOffline(request, c.facts, VirtualMachineDecoder().get(), policy);
}

TEST(FlagsTest, FlagsReasonsAndTranslation) {
  EXPECT_THAT(OfflineFlags::FromBits(0x8), Win32CodeIs(kErrorInvalidParameter));
  EXPECT_EQ(OfflineFlags::FromBits(0x7)->ToString(),
            "IGNORE_RESOURCE_STATUS|FORCE_WITH_TERMINATION|DO_NOT_UPDATE_PERSISTENT_STATE");
  EXPECT_EQ(OfflineFlags::FromBits(0)->ToString(), "0");
  for (uint32_t v : {0x0u, 0x1u, 0x2u, 0x4u, 0x8u, 0x10u, 0x20u, 0x40u}) {
    EXPECT_THAT(OfflineReasonFromValue(v), IsOk()) << v;
  }
  for (uint32_t v : {0x3u, 0x80u, 0x41u, 0xFFFFFFFFu}) {
    EXPECT_THAT(OfflineReasonFromValue(v), Win32CodeIs(kErrorInvalidParameter)) << v;
  }
  EXPECT_EQ(OfflineReasonName(OfflineReason::kBeingDeleted), "BEING_DELETED");
  EXPECT_EQ(ParseOfflineReason("moving"), 0x2u);
  EXPECT_EQ(ParseOfflineReason("CLUSAPI_RESOURCE_OFFLINE_REASON_SHUTTING_DOWN"), 0x40u);
  EXPECT_EQ(ParseOfflineReason("0x10"), 0x10u);
  EXPECT_EQ(ParseOfflineReason("3"), 3u);
  EXPECT_EQ(ParseOfflineReason("sideways"), std::nullopt);

  ResDllOffline all = TranslateToResDll(*OfflineFlags::FromBits(0x7), OfflineReason::kMoving);
  EXPECT_EQ(all.flags.bits(), 0x41u);  // 0x1 → 0x1, 0x4 → 0x40
  EXPECT_TRUE(all.terminate);
  EXPECT_EQ(all.reason, OfflineReason::kMoving);
  ResDllOffline none = TranslateToResDll(OfflineFlags(), OfflineReason::kNone);
  EXPECT_EQ(none.flags.bits(), 0u);
  EXPECT_FALSE(none.terminate);
  EXPECT_THAT(ResDllOfflineFlags::FromBits(0x80), Win32CodeIs(kErrorInvalidParameter));
}

TEST(InstructionTest, VirtualMachineActions) {
  const auto decoder = VirtualMachineDecoder();
  const char* names[] = {"TurnOff", "Save", "Shutdown", "ShutdownForce"};
  for (uint32_t action = 0; action <= 3; ++action) {
    std::vector<uint8_t> buffer = VmBuffer({{"Virtual Machine", action}});
    absl::StatusOr<std::optional<OfflineInstruction>> decoded =
        decoder->Decode(*PropertyListReader::Open(buffer));
    ASSERT_THAT(decoded, IsOk());
    ASSERT_TRUE(decoded->has_value());
    EXPECT_EQ((*decoded)->action, action);
    EXPECT_EQ((*decoded)->name, names[action]);
  }
  // The 60-byte Save buffer of the format: the value sits at offset 44.
  std::vector<uint8_t> save = VmBuffer({{"Virtual Machine", 1}});
  ASSERT_EQ(save.size(), 60u);
  EXPECT_EQ((**decoder->Decode(*PropertyListReader::Open(save))).offset, 44u);
}

TEST(InstructionTest, VirtualMachineRejections) {
  const auto decoder = VirtualMachineDecoder();
  auto decode = [&decoder](const std::vector<uint8_t>& buffer) {
    return decoder->Decode(*PropertyListReader::Open(buffer));
  };
  EXPECT_THAT(decode(VmBuffer({{"Virtual Machine", 4}})), Win32ErrorIs(kErrorInvalidParameter, 52));
  EXPECT_THAT(decode(VmBuffer({{"Virtual Machine", 77}})), Win32CodeIs(kErrorInvalidParameter));
  EXPECT_THAT(decode(VmBuffer({{"Virtual Machine", 1}}, kSyntaxDiskNumber)),
              Win32ErrorIs(kErrorInvalidParameter, 44));
  // Two different actions, even under the two accepted names.
  EXPECT_THAT(decode(VmBuffer({{"virtual machine", 1}, {"Virtual Machine Configuration", 2}})),
              Win32CodeIs(kErrorInvalidParameter));
  // A LONG or a WORD is another syntax.
  PropertyListWriter writer;
  writer.BeginProperty("Virtual Machine").AddLong(1);
  EXPECT_THAT(decoder->Decode(*PropertyListReader::Open(*writer.Finish())),
              Win32CodeIs(kErrorInvalidParameter));
  // A DWORD with cbLength 8.
  PropertyListWriter wide;
  wide.BeginProperty("Virtual Machine").AddRaw(kSyntaxListValueDword, std::vector<uint8_t>(8));
  EXPECT_THAT(decoder->Decode(*PropertyListReader::Open(*wide.Finish())),
              Win32CodeIs(kErrorInvalidParameter));
}

TEST(InstructionTest, RepeatsAndForeignNames) {
  const auto decoder = VirtualMachineDecoder();
  std::vector<uint8_t> repeats =
      VmBuffer({{"Virtual Machine", 2}, {"Other Type", 99}, {"VIRTUAL MACHINE CONFIGURATION", 2}});
  absl::StatusOr<std::optional<OfflineInstruction>> decoded =
      decoder->Decode(*PropertyListReader::Open(repeats));
  ASSERT_THAT(decoded, IsOk());
  EXPECT_EQ((*decoded)->action, 2u);
  std::vector<uint8_t> foreign = VmBuffer({{"Physical Disk", 5}});
  EXPECT_THAT(decoder->Decode(*PropertyListReader::Open(foreign)), IsOkAndHolds(std::nullopt));
}

TEST(InstructionTest, RegistryIsCaseInsensitiveAndExtensible) {
  InstructionRegistry registry = InstructionRegistry::WithBuiltins();
  EXPECT_NE(registry.Find("virtual MACHINE"), nullptr);
  EXPECT_EQ(registry.Find("dummy"), nullptr);
  registry.Register("Database", std::make_shared<ActionTableDecoder>(
                                    "Database", std::vector<std::string>{"Database"},
                                    std::vector<ActionTableDecoder::Action>{{7, "Checkpoint", {}}},
                                    kSyntaxListValueDword));
  const InstructionDecoder* db = registry.Find("DATABASE");
  ASSERT_NE(db, nullptr);
  EXPECT_EQ((**db->Decode(*PropertyListReader::Open(VmBuffer({{"database", 7}})))).name,
            "Checkpoint");
}

TEST(PolicyTest, AcceptsTheSeedRequestAndTheSaveBuffer) {
  Case seed;  // IGNORE_RESOURCE_STATUS, no buffer
  seed.flags = OfflineFlags::kIgnoreResourceStatus;
  OfflineDecision decision = Decide(seed);
  EXPECT_EQ(decision.code, kErrorIoPending);
  EXPECT_TRUE(decision.dispatch());
  EXPECT_FALSE(decision.instruction.has_value());

  Case save;
  save.buffer = VmBuffer({{"Virtual Machine", 1}});
  decision = Decide(save);
  ASSERT_EQ(decision.code, kErrorIoPending);
  EXPECT_EQ(decision.instruction->name, "Save");
}

TEST(PolicyTest, EachStepInOrder) {
  std::vector<uint8_t> save = VmBuffer({{"Virtual Machine", 1}});
  // 2. Access, even when every later step would fail too.
  Case everything_wrong;
  everything_wrong.facts.access = kClusapiReadAccess;
  everything_wrong.flags = 0x8;
  everything_wrong.reason = 0x3;
  everything_wrong.facts.locked = true;
  everything_wrong.facts.state = ResourceState::kFailed;
  EXPECT_EQ(Decide(everything_wrong).code, kErrorAccessDenied);
  // 3. Flags before the reason.
  everything_wrong.facts.access = kClusapiAllAccess;
  EXPECT_EQ(Decide(everything_wrong).code, kErrorInvalidParameter);
  EXPECT_THAT(Decide(everything_wrong).status.message(), ::testing::HasSubstr("flags"));
  // 4. Reason.
  everything_wrong.flags = 0;
  EXPECT_THAT(Decide(everything_wrong).status.message(), ::testing::HasSubstr("reason"));
  // 5. Buffer NULL iff size 0, then the parse.
  Case null_with_size;
  null_with_size.null_buffer_with_size = true;
  EXPECT_EQ(Decide(null_with_size).code, kErrorInvalidParameter);
  Case garbage;
  garbage.buffer = {1, 0, 0, 0, 9, 9};
  EXPECT_EQ(Decide(garbage).code, kErrorInvalidData);
  EXPECT_EQ(ErrorOffsetOf(Decide(garbage).status), 0u);
  // 6. Decode.
  Case live_migration;
  live_migration.buffer = VmBuffer({{"Virtual Machine", 4}});
  EXPECT_EQ(Decide(live_migration).code, kErrorInvalidParameter);
  // 7. Compatibility, before the lock.
  Case force_save;
  force_save.buffer = save;
  force_save.flags = OfflineFlags::kForceWithTermination;
  force_save.facts.locked = true;
  EXPECT_EQ(Decide(force_save).code, kErrorInvalidParameter);
  // 8. Lock, before the state.
  Case locked;
  locked.facts.locked = true;
  locked.facts.state = ResourceState::kOfflinePending;
  EXPECT_EQ(Decide(locked).code, kErrorClusterResourceLockedStatus);
  locked.flags = OfflineFlags::kIgnoreResourceStatus;
  // 9. State.
  EXPECT_EQ(Decide(locked).code, kErrorInvalidState);
}

TEST(PolicyTest, CompatibilityTable) {
  struct Row {
    uint32_t action;
    uint32_t flags;
    uint32_t reason;
    uint32_t expected;
  };
  const uint32_t force = OfflineFlags::kForceWithTermination;
  const uint32_t deleted = static_cast<uint32_t>(OfflineReason::kBeingDeleted);
  const Row rows[] = {
      {0, force, 0, kErrorIoPending},           // TurnOff + force: fine
      {1, force, 0, kErrorInvalidParameter},    // Save + force
      {2, force, 0, kErrorInvalidParameter},    // Shutdown + force
      {3, force, 0, kErrorInvalidParameter},    // ShutdownForce + force
      {1, 0, deleted, kErrorInvalidParameter},  // Save of a resource being deleted
      {2, 0, deleted, kErrorIoPending},         // Shutdown of a resource being deleted
      {0, 0, deleted, kErrorIoPending},
      {1, 0, static_cast<uint32_t>(OfflineReason::kShuttingDown), kErrorIoPending},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(::testing::Message() << row.action << " " << row.flags << " " << row.reason);
    Case c;
    c.buffer = VmBuffer({{"Virtual Machine", row.action}});
    c.flags = row.flags;
    c.reason = row.reason;
    EXPECT_EQ(Decide(c).code, row.expected);
  }
}

TEST(PolicyTest, MovingNeedsADestinationInStrictPolicyOnly) {
  Case moving;
  moving.reason = static_cast<uint32_t>(OfflineReason::kMoving);
  EXPECT_EQ(Decide(moving).code, kErrorIoPending);  // the client API has no destination
  moving.has_destination_parameter = true;
  EXPECT_EQ(Decide(moving).code, kErrorInvalidParameter);
  EXPECT_EQ(Decide(moving, OfflinePolicy::Lenient()).code, kErrorIoPending);
  moving.destination = "Node2";
  EXPECT_EQ(Decide(moving).code, kErrorIoPending);
}

TEST(PolicyTest, StateGate) {
  Case c;
  c.facts.state = ResourceState::kOffline;
  EXPECT_EQ(Decide(c).code, kErrorSuccess);
  EXPECT_FALSE(Decide(c).take_failed_offline);
  c.facts.state = ResourceState::kFailed;
  EXPECT_EQ(Decide(c).code, kErrorResourceFailed);
  OfflineDecision lenient = Decide(c, OfflinePolicy::Lenient());
  EXPECT_EQ(lenient.code, kErrorSuccess);
  EXPECT_TRUE(lenient.take_failed_offline);
  for (ResourceState s :
       {ResourceState::kOnlinePending, ResourceState::kOfflinePending, ResourceState::kPending,
        ResourceState::kInitializing, ResourceState::kUnknown, ResourceState::kInherited}) {
    c.facts.state = s;
    EXPECT_EQ(Decide(c).code, kErrorInvalidState) << ResourceStateName(s);
  }
}

TEST(PolicyTest, EmbedderRules) {
  OfflinePolicy policy = OfflinePolicy::Strict();
  policy.AddRule({"no-preemption-save",
                  [](const RuleContext& c) {
                    return c.reason == OfflineReason::kPreempted && c.instruction &&
                           c.instruction->name == "Save";
                  },
                  kErrorInvalidParameter, "no saving when preempted"});
  Case c;
  c.buffer = VmBuffer({{"Virtual Machine", 1}});
  c.reason = static_cast<uint32_t>(OfflineReason::kPreempted);
  EXPECT_EQ(Decide(c, OfflinePolicy::Strict()).code, kErrorIoPending);
  OfflineDecision decision = Decide(c, policy);
  EXPECT_EQ(decision.code, kErrorInvalidParameter);
  EXPECT_EQ(ErrorWhat(decision.status), "no saving when preempted");
}

TEST(ResDllHelperTest, InterpretOfflineV2) {
  std::vector<uint8_t> save = VmBuffer({{"Virtual Machine", 1}});
  const InstructionDecoder* vm = VirtualMachineDecoder().get();
  OfflinePolicy strict = OfflinePolicy::Strict();
  absl::StatusOr<OfflineV2Request> ok = InterpretOfflineV2(
      {u"Node2", ResDllOfflineFlags::kDoNotUpdatePersistentState, save.data(),
       static_cast<uint32_t>(save.size()), static_cast<uint32_t>(OfflineReason::kMoving)},
      vm, strict);
  ASSERT_THAT(ok, IsOk());
  EXPECT_EQ(ok->instruction->name, "Save");
  EXPECT_EQ(ok->destination, u"Node2");
  EXPECT_TRUE(ok->flags.do_not_update_persistent_state());

  EXPECT_THAT(InterpretOfflineV2({nullptr, 0x80, nullptr, 0, 0}, vm, strict),
              Win32CodeIs(kErrorInvalidParameter));
  EXPECT_THAT(InterpretOfflineV2({nullptr, 0, save.data(), 0, 0}, vm, strict),
              Win32CodeIs(kErrorInvalidParameter));
  EXPECT_THAT(InterpretOfflineV2({nullptr, 0, save.data(), 10, 0}, vm, strict),
              Win32CodeIs(kErrorInvalidData));
  EXPECT_THAT(InterpretOfflineV2({nullptr, 0, save.data(), static_cast<uint32_t>(save.size()),
                                  static_cast<uint32_t>(OfflineReason::kBeingDeleted)},
                                 vm, strict),
              Win32CodeIs(kErrorInvalidParameter));
  EXPECT_THAT(InterpretOfflineV2(
                  {u"", 0, nullptr, 0, static_cast<uint32_t>(OfflineReason::kMoving)}, vm, strict),
              Win32CodeIs(kErrorInvalidParameter));
  EXPECT_THAT(
      InterpretOfflineV2({u"", 0, nullptr, 0, static_cast<uint32_t>(OfflineReason::kMoving)}, vm,
                         OfflinePolicy::Lenient()),
      IsOk());
}

TEST(StateTest, NamesRoundTrip) {
  for (ResourceState s :
       {ResourceState::kUnknown, ResourceState::kInherited, ResourceState::kInitializing,
        ResourceState::kOnline, ResourceState::kOffline, ResourceState::kFailed,
        ResourceState::kPending, ResourceState::kOnlinePending, ResourceState::kOfflinePending}) {
    EXPECT_EQ(ParseResourceState(ResourceStateName(s)), s);
  }
  EXPECT_EQ(ParseResourceState("offlinepending"), ResourceState::kOfflinePending);
  EXPECT_EQ(ParseResourceState("Up"), std::nullopt);
  EXPECT_EQ(ResourceStateName(static_cast<ResourceState>(77)), "Unknown");
  EXPECT_EQ(OfflineReasonName(static_cast<OfflineReason>(3)), "INVALID");
}

TEST(FlagsTest, Accessors) {
  OfflineFlags all = *OfflineFlags::FromBits(OfflineFlags::kAll);
  EXPECT_TRUE(all.ignore_resource_status());
  EXPECT_TRUE(all.force_with_termination());
  EXPECT_TRUE(all.do_not_update_persistent_state());
  EXPECT_FALSE(all == OfflineFlags());
  ResDllOfflineFlags dll = *ResDllOfflineFlags::FromBits(ResDllOfflineFlags::kAll);
  EXPECT_TRUE(dll.ignore_resource_status());
  EXPECT_TRUE(dll == *ResDllOfflineFlags::FromBits(0x7F));
  EXPECT_EQ(ParseOfflineReason("0x"), std::nullopt);
  EXPECT_EQ(ParseOfflineReason("0x123456789"), std::nullopt);
  OfflineInstruction a{"Virtual Machine", 1, "Save", {}, 0};
  OfflineInstruction b{"Virtual Machine", 2, "Shutdown", {}, 0};
  EXPECT_FALSE(a == b);
}

// DecideOffline decides client API requests only: a resource DLL's flag set, even with bits that
// mean something in the client's, is refused before anything else is looked at.
TEST(PolicyTest, DecideOfflineTakesOnlyClientRequests) {
  OfflineRequest request;
  request.entry_point = OfflineEntryPoint::kResourceDll;
  request.flags = 0x1;  // IGNORE_RESOURCE_STATUS in both sets
  OfflineDecision decision = DecideOffline(request, ResourceFacts(), VirtualMachineDecoder().get(),
                                           OfflinePolicy::Strict());
  EXPECT_EQ(decision.code, kErrorInvalidParameter);
  EXPECT_EQ(decision.status.message(), "not a cluster API request");
}

}  // namespace
}  // namespace offline
}  // namespace clusprop
