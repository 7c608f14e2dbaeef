// The offline compatibility policy: one pure function that decides whether an offline
// request may be dispatched, checked before anything changes.
//
// DecideOffline() runs steps 2-9 in the order below and returns the first failing Win32 code:
//   2 access is Full                        ERROR_ACCESS_DENIED (5)
//   3 flags ⊆ 0x7                           ERROR_INVALID_PARAMETER (87)
//   4 reason is 0 or one known bit          87
//   5 buffer NULL iff size 0                87
//     then it parses as a property list     ERROR_INVALID_DATA (13)
//   6 the type's instructions decode        87
//   7 compatibility rules (below) on the    87
//     effective instruction
//   8 locked (resource or a dependent)      ERROR_CLUSTER_RESOURCE_LOCKED_STATUS (5960), unless
//                                           IGNORE_RESOURCE_STATUS
//   9 state gate: Online → dispatch (ERROR_IO_PENDING 997); Offline → ERROR_SUCCESS, nothing to
//     do; Failed → ERROR_RESOURCE_FAILED (5038), or under the lenient preset taken offline as
//     an orderly offline would, without its handler; pending or initializing states, or a
//     dependent coming online → ERROR_INVALID_STATE (5023).
// Step 1 (a valid handle, ERROR_INVALID_HANDLE) belongs to the API layer. Steps 3-7 are
// CheckOfflineRequest, shared with the resource-DLL helper (resdll_helper.h). The whole decision,
// with the effective-instruction rule, is described in docs/offline.md.
//
// Built-in compatibility rules (design), in order:
//   - FORCE_WITH_TERMINATION with an orderly action (VM Save, Shutdown, ShutdownForce) → 87;
//   - reason BEING_DELETED with a state-preserving action (VM Save) → 87;
//   - reason MOVING where the entry point has a destination parameter but none is given → 87
//     (strict preset only).
// An embedder appends its own rules with AddRule(). Policies are immutable values once built:
// share them between threads freely.

#ifndef CLUSPROP_OFFLINE_POLICY_H_
#define CLUSPROP_OFFLINE_POLICY_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "offline/flags.h"
#include "offline/instruction.h"
#include "offline/state.h"

namespace clusprop {
namespace offline {

// What a compatibility rule looks at.
struct RuleContext {
  bool force_with_termination = false;
  OfflineReason reason = OfflineReason::kNone;
  const OfflineInstruction* instruction = nullptr;  // nullptr: no instruction for this type
  bool entry_point_has_destination = false;         // OfflineV2 has one; the client API has none
  std::string_view destination;
};

struct CompatibilityRule {
  std::string name;
  // True when the request breaks the rule.
  std::function<bool(const RuleContext&)> violated;
  uint32_t code = 87;  // ERROR_INVALID_PARAMETER
  std::string what;    // the error's reason
};

class OfflinePolicy {
 public:
  enum class FailedResource {
    kError,             // ERROR_RESOURCE_FAILED (MS-CMRP ApiOfflineResource)
    kSucceedAsOffline,  // ERROR_SUCCESS and the resource becomes Offline (OfflineClusterResource)
  };

  // All built-in rules; a Failed resource is an error.
  static OfflinePolicy Strict();
  // MOVING without a destination allowed; a Failed resource succeeds as Offline.
  static OfflinePolicy Lenient();

  OfflinePolicy& AddRule(CompatibilityRule rule);
  OfflinePolicy& SetFailedResource(FailedResource behaviour);

  absl::Span<const CompatibilityRule> rules() const { return rules_; }
  FailedResource failed_resource() const { return failed_resource_; }

  // Step 7: the first rule the request breaks, or OK.
  absl::Status CheckCompatibility(const RuleContext& context) const;

 private:
  std::vector<CompatibilityRule> rules_;
  FailedResource failed_resource_ = FailedResource::kError;
};

// Access rights of the caller's handle (CLUSAPI_READ_ACCESS 0x1, CLUSAPI_CHANGE_ACCESS 0x2).
inline constexpr uint32_t kClusapiReadAccess = 0x1;
inline constexpr uint32_t kClusapiChangeAccess = 0x2;
inline constexpr uint32_t kClusapiAllAccess = 0x3;

// Which call the request came through, and so which flag set `flags` holds.
enum class OfflineEntryPoint {
  kClusterApi,   // OfflineClusterResourceEx: CLUSAPI_RESOURCE_OFFLINE_* (OfflineFlags)
  kResourceDll,  // a resource DLL's OfflineV2: CLUS_RESDLL_OFFLINE_* (ResDllOfflineFlags)
};

// The request as the caller gave it: raw values, checked by CheckOfflineRequest. It travels as
// one value from the C API down to the decision.
struct OfflineRequest {
  OfflineEntryPoint entry_point = OfflineEntryPoint::kClusterApi;
  uint32_t flags = 0;   // dwOfflineFlags, in the entry point's flag set
  uint32_t reason = 0;  // the offline reason, a separate value
  const uint8_t* in_buffer = nullptr;
  uint32_t in_buffer_size = 0;
  bool entry_point_has_destination = false;  // OfflineV2 has a destination parameter
  std::string destination;                   // UTF-8; empty: none given
};

// Where a request's effective instruction came from (see CheckOfflineRequest).
enum class InstructionSource {
  kNone,               // no instruction: the type takes none, or no default applies
  kBuffer,             // the request's buffer
  kNextOfflineAction,  // the resource's one-shot next offline action
  kOfflineAction,      // the resource's OfflineAction private property
  kFallback,           // a default a rule forbids, replaced by the type's Fallback()
};
std::string_view InstructionSourceName(InstructionSource source);

// The resource's own choices, used when the buffer holds no instruction. Action codes of the
// resource's type (InstructionDecoder::InstructionFor); an unknown code counts as unset.
struct InstructionDefaults {
  std::optional<uint32_t> next_offline_action;  // one-shot, consumed by the offline that uses it
  std::optional<uint32_t> offline_action;       // the OfflineAction private property
};

// Steps 3-7, the same for both entry points.
struct CheckedOfflineRequest {
  // (The instruction first: the zeroed fields after it are then one short run of stores.)
  std::optional<OfflineInstruction> instruction;  // the effective instruction
  uint32_t flags = 0;                             // the entry point's flag bits, all known
  OfflineReason reason = OfflineReason::kNone;
  InstructionSource source = InstructionSource::kNone;
  bool force_with_termination = false;
};

// Steps 3-7 (see the top of this file), then the effective instruction: the buffer's
// instruction, else defaults.next_offline_action, else defaults.offline_action, else none. The
// compatibility rules run on it: an instruction from the buffer (or none) that breaks a rule is
// the rule's code; a default that breaks one is replaced by decoder->Fallback(), and that, if it
// breaks one too, by no instruction; the request is rejected only when even that breaks a rule.
// So an accepted request never carries an instruction a rule forbids.
absl::StatusOr<CheckedOfflineRequest> CheckOfflineRequest(const OfflineRequest& request,
                                                          const InstructionDefaults& defaults,
                                                          const InstructionDecoder* decoder,
                                                          const OfflinePolicy& policy);

// The effective instruction of a resource whose request carries no instruction for it (a
// dependent taken offline with its provider): the defaults and the rules as above. The rule's
// error when no choice satisfies the rules.
absl::StatusOr<CheckedOfflineRequest> DefaultOfflineInstruction(
    const CheckedOfflineRequest& request, const InstructionDefaults& defaults,
    const InstructionDecoder* decoder, const OfflinePolicy& policy);

// What the policy needs to know about the resource.
struct ResourceFacts {
  uint32_t access = kClusapiAllAccess;
  bool locked = false;  // the resource or one of its dependents reported locked mode
  ResourceState state = ResourceState::kOnline;
  // A resource that depends on this one is coming online: the offline must wait (step 9).
  bool dependent_coming_online = false;
  InstructionDefaults defaults;
};

struct OfflineDecision {
  // ERROR_IO_PENDING: dispatch. ERROR_SUCCESS: nothing to dispatch (see take_failed_offline).
  // Anything else: rejected, with `status` saying why; nothing may change.
  uint32_t code = 0;
  absl::Status status;
  OfflineFlags flags;
  OfflineReason reason = OfflineReason::kNone;
  std::optional<OfflineInstruction> instruction;  // the effective instruction
  InstructionSource source = InstructionSource::kNone;
  // A Failed resource under FailedResource::kSucceedAsOffline: take it offline as an orderly
  // offline would (dependents first, persistent state), without calling its handler. The code
  // is ERROR_SUCCESS; a caller that knows of Online dependents makes it ERROR_IO_PENDING.
  bool take_failed_offline = false;

  bool dispatch() const { return code == 997; }
};

// Steps 5-6: the buffer's shape, its parse, and the instruction for `decoder`'s type (nullopt
// when the buffer holds none, or the type takes no instructions: `decoder` may be nullptr).
absl::StatusOr<std::optional<OfflineInstruction>> DecodeOfflineBuffer(
    const uint8_t* in_buffer, uint32_t in_buffer_size, const InstructionDecoder* decoder);

// Steps 2-9 (see above) for a client API request. Pure: same inputs, same decision.
OfflineDecision DecideOffline(const OfflineRequest& request, const ResourceFacts& resource,
                              const InstructionDecoder* decoder, const OfflinePolicy& policy);

}  // namespace offline
}  // namespace clusprop

#endif  // CLUSPROP_OFFLINE_POLICY_H_
