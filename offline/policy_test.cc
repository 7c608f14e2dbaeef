#include "offline/policy.h"

#include <string>
#include <string_view>
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

// --reason's forms at their ends (docs/cli.md): a name, with or without the prefix; "0x" and one
// to eight hexadecimal digits; a decimal number that fits in 32 bits.
TEST(FlagsTest, ParseOfflineReasonAtItsLimits) {
  EXPECT_EQ(ParseOfflineReason("NONE"), 0x0u);            // the first name
  EXPECT_EQ(ParseOfflineReason("Shutting_Down"), 0x40u);  // the last one, in any case
  EXPECT_EQ(ParseOfflineReason(""), std::nullopt);
  EXPECT_EQ(ParseOfflineReason("CLUSAPI_RESOURCE_OFFLINE_REASON_"), std::nullopt);
  EXPECT_EQ(ParseOfflineReason("0x1"), 0x1u);  // one digit
  EXPECT_EQ(ParseOfflineReason("0X40"), 0x40u);
  EXPECT_EQ(ParseOfflineReason("0xFFFFFFFF"), 0xFFFFFFFFu);  // eight digits
  EXPECT_EQ(ParseOfflineReason("0x00000001"), 0x1u);
  EXPECT_EQ(ParseOfflineReason("0x000000001"), std::nullopt);  // nine, even when the value fits
  EXPECT_EQ(ParseOfflineReason("0xG"), std::nullopt);
  EXPECT_EQ(ParseOfflineReason("0"), 0x0u);
  EXPECT_EQ(ParseOfflineReason("4294967295"), 0xFFFFFFFFu);
  EXPECT_EQ(ParseOfflineReason("4294967296"), std::nullopt);
  EXPECT_EQ(OfflineReasonName(OfflineReason::kNone), "NONE");
  EXPECT_EQ(OfflineReasonName(OfflineReason::kShuttingDown), "SHUTTING_DOWN");
}

TEST(FlagsTest, EachFlagAlone) {
  EXPECT_EQ(OfflineFlags::FromBits(0x1)->ToString(), "IGNORE_RESOURCE_STATUS");
  EXPECT_EQ(OfflineFlags::FromBits(0x2)->ToString(), "FORCE_WITH_TERMINATION");
  EXPECT_EQ(OfflineFlags::FromBits(0x4)->ToString(), "DO_NOT_UPDATE_PERSISTENT_STATE");
  EXPECT_THAT(OfflineFlags::FromBits(0x80000000), Win32CodeIs(kErrorInvalidParameter));
  EXPECT_THAT(ResDllOfflineFlags::FromBits(0x40), IsOk());
  EXPECT_THAT(ResDllOfflineFlags::FromBits(0x80000000), Win32CodeIs(kErrorInvalidParameter));
  ResDllOffline ignore = TranslateToResDll(*OfflineFlags::FromBits(0x1), OfflineReason::kPreempted);
  EXPECT_EQ(ignore.flags.bits(), 0x1u);
  EXPECT_FALSE(ignore.terminate);
  EXPECT_EQ(ignore.reason, OfflineReason::kPreempted);
  EXPECT_EQ(TranslateToResDll(*OfflineFlags::FromBits(0x4), OfflineReason::kNone).flags.bits(),
            0x40u);
  ResDllOffline force = TranslateToResDll(*OfflineFlags::FromBits(0x2), OfflineReason::kNone);
  EXPECT_EQ(force.flags.bits(), 0u);
  EXPECT_TRUE(force.terminate);
}

// A type's action by code (as a resource's default names it) and its fallback: offset 0, since
// no value of a buffer gave them.
TEST(InstructionTest, InstructionForAndFallback) {
  const auto vm = VirtualMachineDecoder();
  std::optional<OfflineInstruction> save = vm->InstructionFor(1);
  ASSERT_TRUE(save.has_value());
  EXPECT_EQ(save->type, "Virtual Machine");
  EXPECT_EQ(save->action, 1u);
  EXPECT_EQ(save->name, "Save");
  EXPECT_TRUE(save->traits.orderly_stop);
  EXPECT_TRUE(save->traits.preserves_state);
  EXPECT_EQ(save->offset, 0u);
  EXPECT_EQ(vm->InstructionFor(0)->name, "TurnOff");        // the first code
  EXPECT_EQ(vm->InstructionFor(3)->name, "ShutdownForce");  // the last one
  EXPECT_FALSE(vm->InstructionFor(4).has_value());
  std::optional<OfflineInstruction> fallback = vm->Fallback();
  ASSERT_TRUE(fallback.has_value());
  EXPECT_EQ(fallback->action, 0u);
  EXPECT_EQ(fallback->name, "TurnOff");
  EXPECT_FALSE(fallback->traits.orderly_stop);
  EXPECT_FALSE(fallback->traits.preserves_state);
  EXPECT_EQ(fallback->offset, 0u);

  // The fallback is the first action with neither trait, wherever it sits in the table.
  ActionTableDecoder db("Database", {"Database"},
                        {{1, "Checkpoint", {.orderly_stop = true, .preserves_state = true}},
                         {2, "Flush", {.orderly_stop = true}},
                         {3, "Suspend", {.preserves_state = true}},
                         {4, "Kill", {}},
                         {5, "Abandon", {}}},
                        kSyntaxListValueDword);
  ASSERT_TRUE(db.Fallback().has_value());
  EXPECT_EQ(db.Fallback()->name, "Kill");
  EXPECT_EQ(db.Fallback()->type, "Database");
  ActionTableDecoder orderly_only(
      "Database", {"Database"}, {{1, "Checkpoint", {.orderly_stop = true}}}, kSyntaxListValueDword);
  EXPECT_FALSE(orderly_only.Fallback().has_value());
  EXPECT_FALSE(orderly_only.InstructionFor(2).has_value());
}

// The instruction's offset is that of the first value that gave it; a conflict is reported at
// the data of the value that conflicts.
TEST(InstructionTest, OffsetsOfRepeatsAndConflicts) {
  const auto decoder = VirtualMachineDecoder();
  // Values at 44 and 56 in the first property; the second property's value at 140.
  auto buffer = [](uint32_t a, uint32_t b, uint32_t c) {
    PropertyListWriter writer(WriteOptions{.trailing_endmark = false});
    writer.BeginProperty("Virtual Machine").AddDword(a).AddDword(b);
    writer.BeginProperty("Virtual Machine Configuration").AddDword(c);
    absl::StatusOr<absl::Span<const uint8_t>> bytes = writer.Finish();
    return std::vector<uint8_t>(bytes->begin(), bytes->end());
  };
  std::vector<uint8_t> repeats = buffer(1, 1, 1);
  absl::StatusOr<std::optional<OfflineInstruction>> decoded =
      decoder->Decode(*PropertyListReader::Open(repeats));
  ASSERT_THAT(decoded, IsOk());
  ASSERT_TRUE(decoded->has_value());
  EXPECT_EQ((*decoded)->name, "Save");
  EXPECT_EQ((*decoded)->offset, 44u);
  EXPECT_THAT(decoder->Decode(*PropertyListReader::Open(buffer(1, 2, 1))),
              Win32ErrorIs(kErrorInvalidParameter, 64));
  EXPECT_THAT(decoder->Decode(*PropertyListReader::Open(buffer(1, 1, 2))),
              Win32ErrorIs(kErrorInvalidParameter, 148));
  // A cbLength other than 4 is reported at the value.
  PropertyListWriter wide;
  wide.BeginProperty("Virtual Machine").AddRaw(kSyntaxListValueDword, std::vector<uint8_t>(8));
  EXPECT_THAT(decoder->Decode(*PropertyListReader::Open(*wide.Finish())),
              Win32ErrorIs(kErrorInvalidParameter, 44));
}

TEST(InstructionTest, RegisteringATypeAgainReplacesItsDecoder) {
  InstructionRegistry registry = InstructionRegistry::WithBuiltins();
  auto replacement = std::make_shared<ActionTableDecoder>(
      "Virtual Machine", std::vector<std::string>{"VM"},
      std::vector<ActionTableDecoder::Action>{{0, "Off", {}}}, kSyntaxListValueDword);
  registry.Register("VIRTUAL MACHINE", replacement);
  EXPECT_EQ(registry.Find("Virtual Machine"), replacement.get());
  EXPECT_EQ(registry.Find("Virtual Machine Configuration"), nullptr);
}

// Steps 5-6 alone.
TEST(PolicyTest, DecodeOfflineBuffer) {
  std::vector<uint8_t> save = VmBuffer({{"Virtual Machine", 1}});
  const InstructionDecoder* vm = VirtualMachineDecoder().get();
  EXPECT_THAT(DecodeOfflineBuffer(nullptr, 0, vm), IsOkAndHolds(std::nullopt));
  absl::StatusOr<std::optional<OfflineInstruction>> size_only =
      DecodeOfflineBuffer(nullptr, 60, vm);
  EXPECT_THAT(size_only, Win32CodeIs(kErrorInvalidParameter));
  EXPECT_EQ(ErrorWhat(size_only.status()), "buffer size given without a buffer");
  absl::StatusOr<std::optional<OfflineInstruction>> buffer_only =
      DecodeOfflineBuffer(save.data(), 0, vm);
  EXPECT_THAT(buffer_only, Win32CodeIs(kErrorInvalidParameter));
  EXPECT_EQ(ErrorWhat(buffer_only.status()), "buffer given with size 0");
  // Exactly the bytes given: without its last byte the list has no ENDMARK.
  EXPECT_THAT(DecodeOfflineBuffer(save.data(), 59, vm), Win32CodeIs(kErrorInvalidData));
  absl::StatusOr<std::optional<OfflineInstruction>> decoded =
      DecodeOfflineBuffer(save.data(), 60, vm);
  ASSERT_THAT(decoded, IsOk());
  ASSERT_TRUE(decoded->has_value());
  EXPECT_EQ((*decoded)->name, "Save");
  // A type without a decoder takes no instructions, but its buffer must be a property list.
  EXPECT_THAT(DecodeOfflineBuffer(save.data(), 60, nullptr), IsOkAndHolds(std::nullopt));
  EXPECT_THAT(DecodeOfflineBuffer(save.data(), 59, nullptr), Win32CodeIs(kErrorInvalidData));
}

// The buffer is validated and decoded in one pass, yet judged as if parsed whole first: a
// malformed list is its parse error even when an earlier property was a bad instruction, and a
// later bad instruction still rejects a list that began with a good one.
TEST(PolicyTest, DecodeOfflineBufferReportsTheParseErrorFirst) {
  const InstructionDecoder* vm = VirtualMachineDecoder().get();
  std::vector<uint8_t> bad_then_other = VmBuffer({{"Virtual Machine", 9}, {"Other", 1}});
  absl::StatusOr<std::optional<OfflineInstruction>> whole =
      DecodeOfflineBuffer(bad_then_other.data(), bad_then_other.size(), vm);
  EXPECT_THAT(whole, Win32CodeIs(kErrorInvalidParameter));
  EXPECT_EQ(ErrorOffsetOf(whole.status()), 52u);  // the action's data
  // Cut inside the second property's value: the list, not the instruction, is the error.
  absl::StatusOr<std::optional<OfflineInstruction>> cut =
      DecodeOfflineBuffer(bad_then_other.data(), bad_then_other.size() - 5, vm);
  EXPECT_THAT(cut, Win32CodeIs(kErrorInvalidData));
  EXPECT_EQ(cut.status(), PropertyListReader::Open(
                              absl::MakeConstSpan(bad_then_other.data(), bad_then_other.size() - 5))
                              .status());
  std::vector<uint8_t> good_then_bad = VmBuffer({{"Virtual Machine", 1}, {"virtual machine", 7}});
  absl::StatusOr<std::optional<OfflineInstruction>> later =
      DecodeOfflineBuffer(good_then_bad.data(), good_then_bad.size(), vm);
  EXPECT_THAT(later, Win32CodeIs(kErrorInvalidParameter));
  EXPECT_EQ(ErrorOffsetOf(later.status()), 56u + 52u);  // a property is 56 bytes
}

TEST(PolicyTest, FullAccessIsBothBits) {
  Case c;
  c.facts.access = kClusapiChangeAccess;
  OfflineDecision change_only = Decide(c);
  EXPECT_EQ(change_only.code, kErrorAccessDenied);
  EXPECT_EQ(ErrorWhat(change_only.status), "offline needs Full access");
  c.facts.access = kClusapiReadAccess;
  EXPECT_EQ(Decide(c).code, kErrorAccessDenied);
  c.facts.access = kClusapiAllAccess;
  EXPECT_EQ(Decide(c).code, kErrorIoPending);
}

TEST(PolicyTest, ADependentComingOnlineHoldsTheOffline) {
  Case c;
  c.facts.dependent_coming_online = true;
  OfflineDecision decision = Decide(c);
  EXPECT_EQ(decision.code, kErrorInvalidState);
  EXPECT_EQ(ErrorWhat(decision.status), "a dependent resource is coming online");
  EXPECT_FALSE(decision.dispatch());
}

// docs/offline.md §3, the effective instruction: the buffer's, else the next offline action, else
// OfflineAction, else none.
TEST(PolicyTest, EffectiveInstructionPrecedence) {
  Case c;
  c.flags = OfflineFlags::kIgnoreResourceStatus | OfflineFlags::kDoNotUpdatePersistentState;
  c.reason = static_cast<uint32_t>(OfflineReason::kUserRequested);
  OfflineDecision none = Decide(c);
  ASSERT_EQ(none.code, kErrorIoPending);
  EXPECT_FALSE(none.instruction.has_value());
  EXPECT_EQ(none.source, InstructionSource::kNone);
  EXPECT_EQ(none.flags.bits(), 0x5u);
  EXPECT_EQ(none.reason, OfflineReason::kUserRequested);

  // The effective instruction and where it came from, for the defaults set so far.
  auto expect_default = [&c](std::string_view name, InstructionSource source) {
    OfflineDecision decision = Decide(c);
    ASSERT_TRUE(decision.instruction.has_value());
    EXPECT_EQ(decision.instruction->name, name);
    EXPECT_EQ(decision.source, source);
  };
  c.facts.defaults.offline_action = 1;
  expect_default("Save", InstructionSource::kOfflineAction);
  c.facts.defaults.next_offline_action = 2;
  expect_default("Shutdown", InstructionSource::kNextOfflineAction);
  // A consumed next offline action no longer applies.
  c.facts.defaults.next_offline_action.reset();
  expect_default("Save", InstructionSource::kOfflineAction);
  // A code the type does not have counts as unset.
  c.facts.defaults.next_offline_action = 4;
  expect_default("Save", InstructionSource::kOfflineAction);
  c.facts.defaults.offline_action = 9;
  OfflineDecision decision = Decide(c);
  EXPECT_FALSE(decision.instruction.has_value());
  EXPECT_EQ(decision.source, InstructionSource::kNone);

  // The buffer's instruction comes first; a buffer without one for this type leaves the defaults.
  c.facts.defaults = {2, 1};
  c.buffer = VmBuffer({{"Virtual Machine", 0}});
  decision = Decide(c);
  ASSERT_TRUE(decision.instruction.has_value());
  EXPECT_EQ(decision.instruction->name, "TurnOff");
  EXPECT_EQ(decision.source, InstructionSource::kBuffer);
  c.buffer = VmBuffer({{"Physical Disk", 5}});
  decision = Decide(c);
  ASSERT_TRUE(decision.instruction.has_value());
  EXPECT_EQ(decision.instruction->name, "Shutdown");
  EXPECT_EQ(decision.source, InstructionSource::kNextOfflineAction);

  // A type without a decoder has no actions: its defaults name nothing.
  OfflineRequest request;
  ResourceFacts facts;
  facts.defaults = {2, 1};
  OfflineDecision no_decoder = DecideOffline(request, facts, nullptr, OfflinePolicy::Strict());
  EXPECT_EQ(no_decoder.code, kErrorIoPending);
  EXPECT_FALSE(no_decoder.instruction.has_value());
  EXPECT_EQ(no_decoder.source, InstructionSource::kNone);
}

// A default the rules forbid gives way to the fallback; an explicit instruction does not.
TEST(PolicyTest, AForbiddenDefaultGivesWayToTheFallback) {
  Case c;
  c.flags = OfflineFlags::kForceWithTermination;
  c.facts.defaults.offline_action = 1;
  OfflineDecision decision = Decide(c);
  ASSERT_EQ(decision.code, kErrorIoPending);
  ASSERT_TRUE(decision.instruction.has_value());
  EXPECT_EQ(decision.instruction->name, "TurnOff");
  EXPECT_EQ(decision.source, InstructionSource::kFallback);

  c.flags = 0;
  c.reason = static_cast<uint32_t>(OfflineReason::kBeingDeleted);
  c.facts.defaults.next_offline_action = 1;
  decision = Decide(c);
  ASSERT_TRUE(decision.instruction.has_value());
  EXPECT_EQ(decision.instruction->name, "TurnOff");
  EXPECT_EQ(decision.source, InstructionSource::kFallback);
  c.facts.defaults.next_offline_action = 2;  // Shutdown keeps no state: allowed
  decision = Decide(c);
  ASSERT_TRUE(decision.instruction.has_value());
  EXPECT_EQ(decision.instruction->name, "Shutdown");
  EXPECT_EQ(decision.source, InstructionSource::kNextOfflineAction);

  c.buffer = VmBuffer({{"Virtual Machine", 1}});
  EXPECT_EQ(Decide(c).code, kErrorInvalidParameter);

  // A type without a fallback: no instruction.
  ActionTableDecoder orderly_only(
      "Database", {"Database"}, {{1, "Checkpoint", {.orderly_stop = true}}}, kSyntaxListValueDword);
  OfflineRequest request;
  request.flags = OfflineFlags::kForceWithTermination;
  ResourceFacts facts;
  facts.defaults.offline_action = 1;
  decision = DecideOffline(request, facts, &orderly_only, OfflinePolicy::Strict());
  EXPECT_EQ(decision.code, kErrorIoPending);
  EXPECT_FALSE(decision.instruction.has_value());
  EXPECT_EQ(decision.source, InstructionSource::kNone);
}

// When the fallback breaks a rule too, the resource gets no instruction; when going without one
// breaks a rule as well, the request fails with that rule's code. The fallback replaces only a
// default: a request without one never gets it.
TEST(PolicyTest, WhenNothingSatisfiesTheRules) {
  const CompatibilityRule no_turn_off{
      "no-turn-off",
      [](const RuleContext& c) { return c.instruction && c.instruction->name == "TurnOff"; },
      kErrorInvalidParameter, "TurnOff is not allowed"};
  const CompatibilityRule needs_instruction{
      "needs-an-instruction", [](const RuleContext& c) { return c.instruction == nullptr; },
      kErrorInvalidFunction, "an instruction is needed"};
  Case c;
  c.flags = OfflineFlags::kForceWithTermination;
  c.facts.defaults.offline_action = 1;
  OfflinePolicy policy = OfflinePolicy::Strict();
  policy.AddRule(no_turn_off);
  OfflineDecision decision = Decide(c, policy);
  EXPECT_EQ(decision.code, kErrorIoPending);
  EXPECT_FALSE(decision.instruction.has_value());
  EXPECT_EQ(decision.source, InstructionSource::kNone);

  policy.AddRule(needs_instruction);
  decision = Decide(c, policy);
  EXPECT_EQ(decision.code, kErrorInvalidFunction);
  EXPECT_EQ(ErrorWhat(decision.status), "an instruction is needed");

  OfflinePolicy needs_one = OfflinePolicy::Strict();
  needs_one.AddRule(needs_instruction);
  decision = Decide(c, needs_one);
  ASSERT_TRUE(decision.instruction.has_value());
  EXPECT_EQ(decision.instruction->name, "TurnOff");
  EXPECT_EQ(decision.source, InstructionSource::kFallback);
  Case no_default;
  EXPECT_EQ(Decide(no_default, needs_one).code, kErrorInvalidFunction);
}

// A dependent taken offline with its provider: the request's flags and reason, the dependent's
// own defaults, never the buffer's instruction, and no destination rule (the client API has no
// destination parameter).
TEST(PolicyTest, DefaultOfflineInstructionOfADependent) {
  const InstructionDecoder* vm = VirtualMachineDecoder().get();
  CheckedOfflineRequest target;
  target.force_with_termination = true;
  target.reason = OfflineReason::kMoving;
  target.instruction = vm->InstructionFor(0);
  target.source = InstructionSource::kBuffer;
  absl::StatusOr<CheckedOfflineRequest> dependent =
      DefaultOfflineInstruction(target, InstructionDefaults(), vm, OfflinePolicy::Strict());
  ASSERT_THAT(dependent, IsOk());
  EXPECT_FALSE(dependent->instruction.has_value());
  EXPECT_EQ(dependent->source, InstructionSource::kNone);
  EXPECT_TRUE(dependent->force_with_termination);
  EXPECT_EQ(dependent->reason, OfflineReason::kMoving);

  dependent = DefaultOfflineInstruction(target, {std::nullopt, 2}, vm, OfflinePolicy::Strict());
  ASSERT_THAT(dependent, IsOk());
  ASSERT_TRUE(dependent->instruction.has_value());
  EXPECT_EQ(dependent->instruction->name, "TurnOff");  // Shutdown is orderly: forced, it gives way
  EXPECT_EQ(dependent->source, InstructionSource::kFallback);
}

// The resource DLL's flag set is not the client's: 0x2 is RETURN_TO_SOURCE_NODE_ON_ERROR there, not
// FORCE_WITH_TERMINATION, and 0x40 is known.
TEST(ResDllHelperTest, TheResourceDllFlagSet) {
  std::vector<uint8_t> save = VmBuffer({{"Virtual Machine", 1}});
  const InstructionDecoder* vm = VirtualMachineDecoder().get();
  absl::StatusOr<OfflineV2Request> request = InterpretOfflineV2(
      {nullptr, ResDllOfflineFlags::kAll, save.data(), static_cast<uint32_t>(save.size()), 0}, vm,
      OfflinePolicy::Strict());
  ASSERT_THAT(request, IsOk());
  EXPECT_EQ(request->flags.bits(), 0x7Fu);
  EXPECT_EQ(request->destination, u"");
  ASSERT_TRUE(request->instruction.has_value());
  EXPECT_EQ(request->instruction->name, "Save");
  // No buffer: no instruction, and no default applies in a resource DLL.
  request = InterpretOfflineV2({u"Node2", 0, nullptr, 0, 0}, vm, OfflinePolicy::Strict());
  ASSERT_THAT(request, IsOk());
  EXPECT_FALSE(request->instruction.has_value());
  EXPECT_EQ(request->reason, OfflineReason::kNone);
  // A destination that is not valid UTF-16 is still a destination.
  const char16_t unpaired[] = {0xD800, 0};
  request =
      InterpretOfflineV2({unpaired, 0, nullptr, 0, static_cast<uint32_t>(OfflineReason::kMoving)},
                         vm, OfflinePolicy::Strict());
  ASSERT_THAT(request, IsOk());
  EXPECT_EQ(request->destination, std::u16string(1, char16_t{0xD800}));
  EXPECT_EQ(request->reason, OfflineReason::kMoving);
}

TEST(StateTest, NamesAtTheEnds) {
  EXPECT_EQ(ResourceStateName(ResourceState::kUnknown), "Unknown");
  EXPECT_EQ(ResourceStateName(ResourceState::kOfflinePending), "OfflinePending");
  EXPECT_EQ(ParseResourceState("UNKNOWN"), ResourceState::kUnknown);
  EXPECT_EQ(ParseResourceState(""), std::nullopt);
  EXPECT_EQ(ParseResourceState("Online "), std::nullopt);
}

}  // namespace
}  // namespace offline
}  // namespace clusprop
