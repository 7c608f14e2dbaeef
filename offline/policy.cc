#include "offline/policy.h"

#include <utility>

#include "clusprop/reader.h"
#include "clusprop/win32_error.h"

namespace clusprop {
namespace offline {
namespace {

std::vector<CompatibilityRule> BuiltinRules(bool moving_requires_destination) {
  std::vector<CompatibilityRule> rules = {
      {"force-with-termination-needs-no-cleanup",
       [](const RuleContext& c) {
         return c.force_with_termination && c.instruction != nullptr &&
                c.instruction->traits.orderly_stop;
       },
       kErrorInvalidParameter, "FORCE_WITH_TERMINATION contradicts an orderly offline action"},
      {"deleted-resource-keeps-no-state",
       [](const RuleContext& c) {
         return c.reason == OfflineReason::kBeingDeleted && c.instruction != nullptr &&
                c.instruction->traits.preserves_state;
       },
       kErrorInvalidParameter, "reason BEING_DELETED contradicts an action that preserves state"},
  };
  if (moving_requires_destination) {
    rules.push_back({"moving-needs-destination",
                     [](const RuleContext& c) {
                       return c.reason == OfflineReason::kMoving && c.entry_point_has_destination &&
                              c.destination.empty();
                     },
                     kErrorInvalidParameter, "reason MOVING needs a destination node"});
  }
  return rules;
}

OfflineDecision Reject(absl::Status status) {
  OfflineDecision decision;
  decision.code = Win32CodeOf(status);
  decision.status = std::move(status);
  return decision;
}

}  // namespace

OfflinePolicy OfflinePolicy::Strict() {
  OfflinePolicy policy;
  policy.rules_ = BuiltinRules(/*moving_requires_destination=*/true);
  return policy;
}

OfflinePolicy OfflinePolicy::Lenient() {
  OfflinePolicy policy;
  policy.rules_ = BuiltinRules(/*moving_requires_destination=*/false);
  policy.failed_resource_ = FailedResource::kSucceedAsOffline;
  return policy;
}

OfflinePolicy& OfflinePolicy::AddRule(CompatibilityRule rule) {
  rules_.push_back(std::move(rule));
  return *this;
}

OfflinePolicy& OfflinePolicy::SetFailedResource(FailedResource behaviour) {
  failed_resource_ = behaviour;
  return *this;
}

absl::Status OfflinePolicy::CheckCompatibility(const RuleContext& context) const {
  for (const CompatibilityRule& rule : rules_) {
    if (rule.violated(context)) return Win32Error(rule.code, rule.what);
  }
  return absl::OkStatus();
}

absl::StatusOr<std::optional<OfflineInstruction>> DecodeOfflineBuffer(
    const uint8_t* in_buffer, uint32_t in_buffer_size, const InstructionDecoder* decoder) {
  if ((in_buffer == nullptr) != (in_buffer_size == 0)) {
    return Win32Error(kErrorInvalidParameter, in_buffer == nullptr
                                                  ? "buffer size given without a buffer"
                                                  : "buffer given with size 0");
  }
  if (in_buffer == nullptr) return std::optional<OfflineInstruction>();
  absl::StatusOr<PropertyListReader> list =
      PropertyListReader::Open(absl::MakeConstSpan(in_buffer, in_buffer_size));
  if (!list.ok()) return list.status();
  if (decoder == nullptr) return std::optional<OfflineInstruction>();
  return decoder->Decode(*list);
}

OfflineDecision DecideOffline(const OfflineRequest& request, const ResourceFacts& resource,
                              const InstructionDecoder* decoder, const OfflinePolicy& policy) {
  // 2. Full access.
  if ((resource.access & kClusapiAllAccess) != kClusapiAllAccess) {
    return Reject(Win32Error(kErrorAccessDenied, "offline needs Full access"));
  }
  // 3-4. Flags, then the reason.
  absl::StatusOr<OfflineFlags> flags = OfflineFlags::FromBits(request.flags);
  if (!flags.ok()) return Reject(flags.status());
  absl::StatusOr<OfflineReason> reason = OfflineReasonFromValue(request.reason);
  if (!reason.ok()) return Reject(reason.status());
  // 5-6. The buffer and the instruction for this type.
  absl::StatusOr<std::optional<OfflineInstruction>> instruction =
      DecodeOfflineBuffer(request.in_buffer, request.in_buffer_size, decoder);
  if (!instruction.ok()) return Reject(instruction.status());
  // 7. Compatibility.
  RuleContext context{flags->force_with_termination(), *reason,
                      instruction->has_value() ? &**instruction : nullptr,
                      request.entry_point_has_destination, request.destination};
  if (absl::Status status = policy.CheckCompatibility(context); !status.ok()) {
    return Reject(std::move(status));
  }
  // 8. Locked.
  if (resource.locked && !flags->ignore_resource_status()) {
    return Reject(
        Win32Error(kErrorClusterResourceLockedStatus, "the resource or a dependent is locked"));
  }
  // 9. State gate.
  OfflineDecision decision;
  decision.flags = *flags;
  decision.reason = *reason;
  decision.instruction = std::move(*instruction);
  switch (resource.state) {
    case ResourceState::kOnline:
      decision.code = kErrorIoPending;
      return decision;
    case ResourceState::kOffline:
      decision.code = kErrorSuccess;
      return decision;
    case ResourceState::kFailed:
      if (policy.failed_resource() == OfflinePolicy::FailedResource::kError) {
        return Reject(Win32Error(kErrorResourceFailed, "the resource has failed"));
      }
      decision.code = kErrorSuccess;
      decision.mark_offline = true;
      return decision;
    default:
      return Reject(Win32Error(kErrorInvalidState, "the resource is in a pending state"));
  }
}

}  // namespace offline
}  // namespace clusprop
