#include "offline/policy.h"

#include <utility>

#include "clusprop/cursor.h"
#include "clusprop/reader.h"
#include "clusprop/status_macros.h"
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

namespace {

// DecodeOfflineBuffer into `found`, which the caller gives empty. The decision works in place:
// passing results up by value cost more than the checks themselves.
absl::Status DecodeOfflineBufferInto(const uint8_t* in_buffer, uint32_t in_buffer_size,
                                     const InstructionDecoder* decoder,
                                     std::optional<OfflineInstruction>& found) {
  if ((in_buffer == nullptr) != (in_buffer_size == 0)) {
    return Win32Error(kErrorInvalidParameter, in_buffer == nullptr
                                                  ? "buffer size given without a buffer"
                                                  : "buffer given with size 0");
  }
  if (in_buffer == nullptr) return absl::OkStatus();
  // One pass: each property is decoded as soon as it has been checked. A malformed list is its
  // parse error even when an earlier property was a bad instruction, as if it had been parsed
  // whole first.
  PropertyListCursor cursor(absl::MakeConstSpan(in_buffer, in_buffer_size));
  absl::Status decoded;
  while (cursor.Next()) {
    if (decoder != nullptr && decoded.ok())
      decoded = decoder->DecodeProperty(cursor.property(), found);
  }
  RETURN_IF_ERROR(cursor.status());
  return decoded;
}

}  // namespace

absl::StatusOr<std::optional<OfflineInstruction>> DecodeOfflineBuffer(
    const uint8_t* in_buffer, uint32_t in_buffer_size, const InstructionDecoder* decoder) {
  std::optional<OfflineInstruction> found;
  RETURN_IF_ERROR(DecodeOfflineBufferInto(in_buffer, in_buffer_size, decoder, found));
  return found;
}

std::string_view InstructionSourceName(InstructionSource source) {
  switch (source) {
    case InstructionSource::kNone:
      return "none";
    case InstructionSource::kBuffer:
      return "buffer";
    case InstructionSource::kNextOfflineAction:
      return "next offline action";
    case InstructionSource::kOfflineAction:
      return "OfflineAction";
    case InstructionSource::kFallback:
      return "fallback";
  }
  return "?";
}

namespace {

RuleContext ContextFor(const OfflineRequest& request, const CheckedOfflineRequest& checked,
                       const std::optional<OfflineInstruction>& instruction) {
  return RuleContext{checked.force_with_termination, checked.reason,
                     instruction ? &*instruction : nullptr, request.entry_point_has_destination,
                     request.destination};
}

// The defaults in order of precedence, then the fallback and no instruction, each tried against
// the rules; the first that breaks none becomes checked.instruction.
absl::Status ChooseDefault(const OfflineRequest& request, const InstructionDefaults& defaults,
                           const InstructionDecoder* decoder, const OfflinePolicy& policy,
                           CheckedOfflineRequest& checked) {
  std::optional<OfflineInstruction> chosen;
  InstructionSource source = InstructionSource::kNone;
  if (decoder != nullptr) {
    if (defaults.next_offline_action) {
      chosen = decoder->InstructionFor(*defaults.next_offline_action);
      source = InstructionSource::kNextOfflineAction;
    }
    if (!chosen && defaults.offline_action) {
      chosen = decoder->InstructionFor(*defaults.offline_action);
      source = InstructionSource::kOfflineAction;
    }
  }
  if (chosen) {
    if (policy.CheckCompatibility(ContextFor(request, checked, chosen)).ok()) {
      checked.instruction = chosen;
      checked.source = source;
      return absl::OkStatus();
    }
    // A default the rules forbid: the type's fallback, else no instruction.
    chosen = decoder->Fallback();
    if (chosen && policy.CheckCompatibility(ContextFor(request, checked, chosen)).ok()) {
      checked.instruction = chosen;
      checked.source = InstructionSource::kFallback;
      return absl::OkStatus();
    }
  }
  RETURN_IF_ERROR(policy.CheckCompatibility(ContextFor(request, checked, std::nullopt)));
  checked.instruction.reset();
  checked.source = InstructionSource::kNone;
  return absl::OkStatus();
}

// CheckOfflineRequest into `checked`, which the caller gives default-constructed.
absl::Status CheckOfflineRequestInto(const OfflineRequest& request,
                                     const InstructionDefaults& defaults,
                                     const InstructionDecoder* decoder, const OfflinePolicy& policy,
                                     CheckedOfflineRequest& checked) {
  // 3. Flags, in the entry point's own set.
  if (request.entry_point == OfflineEntryPoint::kClusterApi) {
    ASSIGN_OR_RETURN(OfflineFlags flags, OfflineFlags::FromBits(request.flags));
    checked.flags = flags.bits();
    checked.force_with_termination = flags.force_with_termination();
  } else {
    ASSIGN_OR_RETURN(ResDllOfflineFlags flags, ResDllOfflineFlags::FromBits(request.flags));
    checked.flags = flags.bits();
  }
  // 4. The reason.
  ASSIGN_OR_RETURN(checked.reason, OfflineReasonFromValue(request.reason));
  // 5-6. The buffer and the instruction for this type.
  RETURN_IF_ERROR(DecodeOfflineBufferInto(request.in_buffer, request.in_buffer_size, decoder,
                                          checked.instruction));
  // 7. Compatibility, on the effective instruction.
  if (!checked.instruction) return ChooseDefault(request, defaults, decoder, policy, checked);
  RETURN_IF_ERROR(policy.CheckCompatibility(ContextFor(request, checked, checked.instruction)));
  checked.source = InstructionSource::kBuffer;
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<CheckedOfflineRequest> CheckOfflineRequest(const OfflineRequest& request,
                                                          const InstructionDefaults& defaults,
                                                          const InstructionDecoder* decoder,
                                                          const OfflinePolicy& policy) {
  CheckedOfflineRequest checked;
  RETURN_IF_ERROR(CheckOfflineRequestInto(request, defaults, decoder, policy, checked));
  return checked;
}

absl::StatusOr<CheckedOfflineRequest> DefaultOfflineInstruction(
    const CheckedOfflineRequest& request, const InstructionDefaults& defaults,
    const InstructionDecoder* decoder, const OfflinePolicy& policy) {
  // A dependent is reached through the client API, which has no destination parameter.
  CheckedOfflineRequest checked = request;
  RETURN_IF_ERROR(ChooseDefault(OfflineRequest(), defaults, decoder, policy, checked));
  return checked;
}

OfflineDecision DecideOffline(const OfflineRequest& request, const ResourceFacts& resource,
                              const InstructionDecoder* decoder, const OfflinePolicy& policy) {
  // 2. Full access.
  if ((resource.access & kClusapiAllAccess) != kClusapiAllAccess) {
    return Reject(Win32Error(kErrorAccessDenied, "offline needs Full access"));
  }
  // 3-7, with the client API's flag set: a resource DLL's request is not decided here.
  if (request.entry_point != OfflineEntryPoint::kClusterApi) {
    return Reject(Win32Error(kErrorInvalidParameter, "not a cluster API request"));
  }
  CheckedOfflineRequest checked;
  if (absl::Status status =
          CheckOfflineRequestInto(request, resource.defaults, decoder, policy, checked);
      !status.ok()) {
    return Reject(std::move(status));
  }
  const absl::StatusOr<OfflineFlags> flags = OfflineFlags::FromBits(checked.flags);  // known bits
  // 8. Locked.
  if (resource.locked && !flags->ignore_resource_status()) {
    return Reject(
        Win32Error(kErrorClusterResourceLockedStatus, "the resource or a dependent is locked"));
  }
  // 9. State gate.
  OfflineDecision decision;
  decision.flags = *flags;
  decision.reason = checked.reason;
  decision.instruction = checked.instruction;
  decision.source = checked.source;
  switch (resource.state) {
    case ResourceState::kOnline:
      if (resource.dependent_coming_online) {
        return Reject(Win32Error(kErrorInvalidState, "a dependent resource is coming online"));
      }
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
      decision.take_failed_offline = true;
      return decision;
    default:
      return Reject(Win32Error(kErrorInvalidState, "the resource is in a pending state"));
  }
}

}  // namespace offline
}  // namespace clusprop
