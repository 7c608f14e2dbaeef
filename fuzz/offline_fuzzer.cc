// Offline request: flags, reason, resource type, state, lock, access, destination and policy are
// taken from the input, the rest is the buffer. The policy never crashes, is deterministic, and
// every accepted request satisfies every rule of offline/policy.h.

#include <cstddef>
#include <cstdint>
#include <cstring>

#include "clusprop/internal/endian.h"
#include "clusprop/reader.h"
#include "fuzz/fuzz_helpers.h"
#include "offline/instruction.h"
#include "offline/policy.h"

using namespace clusprop;           // NOLINT: a fuzz target's single function
using namespace clusprop::offline;  // NOLINT

namespace {

constexpr ResourceState kStates[] = {
    ResourceState::kUnknown, ResourceState::kInherited,     ResourceState::kInitializing,
    ResourceState::kOnline,  ResourceState::kOffline,       ResourceState::kFailed,
    ResourceState::kPending, ResourceState::kOnlinePending, ResourceState::kOfflinePending};

bool SameDecision(const OfflineDecision& a, const OfflineDecision& b) {
  return a.code == b.code && a.status == b.status && a.flags == b.flags && a.reason == b.reason &&
         a.instruction == b.instruction && a.take_failed_offline == b.take_failed_offline;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // Header (10 bytes): flags (4), reason (4), facts (1): state in bits 0-3, locked 0x10, read
  // access 0x20, destination parameter 0x40, destination given 0x80; choices (1): VM type 0x1,
  // lenient policy 0x2, no buffer 0x4. The rest is the buffer.
  constexpr size_t kHeader = 10;
  if (size < kHeader) return 0;
  OfflineRequest request;
  request.flags = internal::LoadLE32(data);
  request.reason = internal::LoadLE32(data + 4);
  const uint8_t facts_bits = data[8];
  const uint8_t choices = data[9];
  ResourceFacts facts;
  facts.state = kStates[(facts_bits & 0x0F) % 9];
  facts.locked = facts_bits & 0x10;
  facts.access = (facts_bits & 0x20) ? kClusapiReadAccess : kClusapiAllAccess;
  request.entry_point_has_destination = facts_bits & 0x40;
  request.destination = (facts_bits & 0x80) ? "Node2" : "";
  const bool vm = choices & 0x1;
  const bool lenient = choices & 0x2;
  // "No buffer" with a non-zero size exercises the NULL-iff-zero rule.
  request.in_buffer = (choices & 0x4) ? nullptr : data + kHeader;
  request.in_buffer_size = static_cast<uint32_t>(size - kHeader);
  if (request.in_buffer_size == 0 && !(choices & 0x8)) request.in_buffer = nullptr;

  const InstructionDecoder* decoder = vm ? VirtualMachineDecoder().get() : nullptr;
  // The single-pass decode is the buffer parsed whole, then decoded: same instruction (and
  // offset), or the same error. (A buffer with size 0 is refused before either.)
  if (request.in_buffer != nullptr && request.in_buffer_size != 0) {
    const absl::StatusOr<std::optional<OfflineInstruction>> one_pass =
        DecodeOfflineBuffer(request.in_buffer, request.in_buffer_size, decoder);
    absl::StatusOr<std::optional<OfflineInstruction>> two_pass =
        std::optional<OfflineInstruction>();
    const absl::StatusOr<PropertyListReader> list =
        PropertyListReader::Open(absl::MakeConstSpan(request.in_buffer, request.in_buffer_size));
    if (!list.ok()) {
      two_pass = list.status();
    } else if (decoder != nullptr) {
      two_pass = decoder->Decode(*list);
    }
    FUZZ_CHECK(one_pass.status() == two_pass.status());
    if (one_pass.ok()) {
      FUZZ_CHECK(*one_pass == *two_pass);
      if (*one_pass) FUZZ_CHECK((*one_pass)->offset == (*two_pass)->offset);
    }
  }
  OfflinePolicy policy = lenient ? OfflinePolicy::Lenient() : OfflinePolicy::Strict();
  OfflineDecision decision = DecideOffline(request, facts, decoder, policy);
  FUZZ_CHECK(SameDecision(decision, DecideOffline(request, facts, decoder, policy)));

  if (decision.code != kErrorSuccess && decision.code != kErrorIoPending) {
    FUZZ_CHECK(!decision.status.ok());
    FUZZ_CHECK(Win32CodeOf(decision.status) == decision.code);
    return 0;
  }
  // Accepted (dispatch or nothing to do): every rule holds.
  FUZZ_CHECK(decision.status.ok());
  FUZZ_CHECK((facts.access & kClusapiAllAccess) == kClusapiAllAccess);
  FUZZ_CHECK((request.flags & ~OfflineFlags::kAll) == 0);
  FUZZ_CHECK(decision.flags.bits() == request.flags);
  FUZZ_CHECK(OfflineReasonFromValue(request.reason).ok());
  FUZZ_CHECK(static_cast<uint32_t>(decision.reason) == request.reason);
  FUZZ_CHECK((request.in_buffer == nullptr) == (request.in_buffer_size == 0));
  if (request.in_buffer != nullptr) {
    FUZZ_CHECK(
        ValidatePropertyList(absl::MakeConstSpan(request.in_buffer, request.in_buffer_size)).ok());
  }
  if (decision.instruction) {
    FUZZ_CHECK(vm);
    FUZZ_CHECK(decision.instruction->action <= 3);
    if (decision.flags.force_with_termination()) FUZZ_CHECK(decision.instruction->action == 0);
    if (decision.reason == OfflineReason::kBeingDeleted) {
      FUZZ_CHECK(decision.instruction->action != 1);
    }
  }
  if (!lenient && decision.reason == OfflineReason::kMoving &&
      request.entry_point_has_destination) {
    FUZZ_CHECK(!request.destination.empty());
  }
  if (facts.locked) FUZZ_CHECK(decision.flags.ignore_resource_status());
  if (decision.code == kErrorIoPending) {
    FUZZ_CHECK(facts.state == ResourceState::kOnline);
  } else {
    FUZZ_CHECK(facts.state == ResourceState::kOffline ||
               (lenient && facts.state == ResourceState::kFailed && decision.take_failed_offline));
  }
  return 0;
}
