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
//   7 compatibility rules (below)           87
//   8 locked (resource or a dependent)      ERROR_CLUSTER_RESOURCE_LOCKED_STATUS (5960), unless
//                                           IGNORE_RESOURCE_STATUS
//   9 state gate: Online → dispatch (ERROR_IO_PENDING 997); Offline → ERROR_SUCCESS, nothing to
//     do; Failed → ERROR_RESOURCE_FAILED (5038), or success and Offline under the lenient
//     preset; pending or initializing states → ERROR_INVALID_STATE (5023).
// Step 1 (a valid handle, ERROR_INVALID_HANDLE) belongs to the API layer.
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

// The request as the caller gave it: raw values, checked by DecideOffline.
struct OfflineRequest {
  uint32_t flags = 0;   // dwOfflineFlags
  uint32_t reason = 0;  // the offline reason, a separate value
  const uint8_t* in_buffer = nullptr;
  uint32_t in_buffer_size = 0;
  bool entry_point_has_destination = false;
  std::string destination;
};

// What the policy needs to know about the resource.
struct ResourceFacts {
  uint32_t access = kClusapiAllAccess;
  bool locked = false;  // the resource or one of its dependents reported locked mode
  ResourceState state = ResourceState::kOnline;
};

struct OfflineDecision {
  // ERROR_IO_PENDING: dispatch. ERROR_SUCCESS: nothing to dispatch (see mark_offline).
  // Anything else: rejected, with `status` saying why; nothing may change.
  uint32_t code = 0;
  absl::Status status;
  OfflineFlags flags;
  OfflineReason reason = OfflineReason::kNone;
  std::optional<OfflineInstruction> instruction;
  // A Failed resource under FailedResource::kSucceedAsOffline: set it Offline, dispatch nothing.
  bool mark_offline = false;

  bool dispatch() const { return code == 997; }
};

// Steps 5-6: the buffer's shape, its parse, and the instruction for `decoder`'s type (nullopt
// when the buffer holds none, or the type takes no instructions: `decoder` may be nullptr).
absl::StatusOr<std::optional<OfflineInstruction>> DecodeOfflineBuffer(
    const uint8_t* in_buffer, uint32_t in_buffer_size, const InstructionDecoder* decoder);

// Steps 2-9 (see above). Pure: same inputs, same decision.
OfflineDecision DecideOffline(const OfflineRequest& request, const ResourceFacts& resource,
                              const InstructionDecoder* decoder, const OfflinePolicy& policy);

}  // namespace offline
}  // namespace clusprop

#endif  // CLUSPROP_OFFLINE_POLICY_H_
