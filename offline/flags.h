// Offline flags and reasons: three distinct types for three distinct things.
//
//  - OfflineFlags: dwOfflineFlags of OfflineClusterResourceEx (CLUSAPI_RESOURCE_OFFLINE_*):
//    IGNORE_RESOURCE_STATUS 0x1, FORCE_WITH_TERMINATION 0x2, DO_NOT_UPDATE_PERSISTENT_STATE 0x4.
//  - OfflineReason: why the resource goes offline (CLUSAPI_RESOURCE_OFFLINE_REASON_*): 0, or
//    exactly one of 0x1..0x40. The seed document lists reasons beside the flags, but 0x1, 0x2 and
//    0x4 collide with them; the reason always travels in its own value.
//  - ResDllOfflineFlags: OfflineFlags of a resource DLL's OfflineV2 (CLUS_RESDLL_OFFLINE_*), a
//    different set. TranslateToResDll() maps the API's flags onto it.
//
// No function here or elsewhere takes one DWORD meaning both flags and a reason.

#ifndef CLUSPROP_OFFLINE_FLAGS_H_
#define CLUSPROP_OFFLINE_FLAGS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace clusprop {
namespace offline {

class OfflineFlags {
 public:
  static constexpr uint32_t kIgnoreResourceStatus = 0x1;
  static constexpr uint32_t kForceWithTermination = 0x2;
  static constexpr uint32_t kDoNotUpdatePersistentState = 0x4;
  static constexpr uint32_t kAll = 0x7;

  constexpr OfflineFlags() = default;
  // ERROR_INVALID_PARAMETER when a bit outside kAll is set (MS-CMRP).
  static absl::StatusOr<OfflineFlags> FromBits(uint32_t bits) {
    if (bits & ~kAll) return UnknownBitsError();
    return OfflineFlags(bits);
  }

  constexpr uint32_t bits() const { return bits_; }
  constexpr bool ignore_resource_status() const { return bits_ & kIgnoreResourceStatus; }
  constexpr bool force_with_termination() const { return bits_ & kForceWithTermination; }
  constexpr bool do_not_update_persistent_state() const {
    return bits_ & kDoNotUpdatePersistentState;
  }
  // "IGNORE_RESOURCE_STATUS|FORCE_WITH_TERMINATION", or "0".
  std::string ToString() const;

  friend constexpr bool operator==(OfflineFlags a, OfflineFlags b) { return a.bits_ == b.bits_; }

 private:
  explicit constexpr OfflineFlags(uint32_t bits) : bits_(bits) {}
  static absl::Status UnknownBitsError();
  uint32_t bits_ = 0;
};

enum class OfflineReason : uint32_t {
  kNone = 0x0,
  kUnknown = 0x1,
  kMoving = 0x2,
  kUserRequested = 0x4,
  kBeingDeleted = 0x8,
  kBeingRestarted = 0x10,
  kPreempted = 0x20,
  kShuttingDown = 0x40,
};

// ERROR_INVALID_PARAMETER unless `value` is 0 or exactly one known reason bit (design).
absl::StatusOr<OfflineReason> OfflineReasonFromValue(uint32_t value);
// "MOVING" for kMoving (the suffix of CLUSAPI_RESOURCE_OFFLINE_REASON_*).
std::string_view OfflineReasonName(OfflineReason reason);
// Accepts a name ("MOVING", "moving", "CLUSAPI_RESOURCE_OFFLINE_REASON_MOVING") or a number
// ("2", "0x2"); nullopt when it is neither. The number is not checked: see FromValue.
std::optional<uint32_t> ParseOfflineReason(std::string_view text);

struct ResDllOffline;

class ResDllOfflineFlags {
 public:
  static constexpr uint32_t kIgnoreResourceStatus = 0x1;
  static constexpr uint32_t kReturnToSourceNodeOnError = 0x2;
  static constexpr uint32_t kQueueEnabled = 0x4;
  static constexpr uint32_t kReturningToSourceNodeBecauseOfError = 0x8;
  static constexpr uint32_t kDueToEmbeddedFailure = 0x10;
  static constexpr uint32_t kIgnoreNetworkConnectivity = 0x20;
  static constexpr uint32_t kDoNotUpdatePersistentState = 0x40;
  static constexpr uint32_t kAll = 0x7F;

  constexpr ResDllOfflineFlags() = default;
  // ERROR_INVALID_PARAMETER when a bit outside kAll is set.
  static absl::StatusOr<ResDllOfflineFlags> FromBits(uint32_t bits);

  constexpr uint32_t bits() const { return bits_; }
  constexpr bool ignore_resource_status() const { return bits_ & kIgnoreResourceStatus; }
  constexpr bool do_not_update_persistent_state() const {
    return bits_ & kDoNotUpdatePersistentState;
  }

  friend constexpr bool operator==(ResDllOfflineFlags a, ResDllOfflineFlags b) {
    return a.bits_ == b.bits_;
  }

 private:
  friend ResDllOffline TranslateToResDll(OfflineFlags flags, OfflineReason reason);
  explicit constexpr ResDllOfflineFlags(uint32_t bits) : bits_(bits) {}
  uint32_t bits_ = 0;
};

// What the cluster service hands a resource DLL for one API request.
struct ResDllOffline {
  ResDllOfflineFlags flags;
  OfflineReason reason = OfflineReason::kNone;
  // FORCE_WITH_TERMINATION is not an OfflineV2 flag: it is carried out by calling Terminate.
  bool terminate = false;
};

// Design: IGNORE_RESOURCE_STATUS 0x1 → 0x1; DO_NOT_UPDATE_PERSISTENT_STATE 0x4 →
// 0x40; FORCE_WITH_TERMINATION → terminate; the reason travels in its own field.
ResDllOffline TranslateToResDll(OfflineFlags flags, OfflineReason reason);

}  // namespace offline
}  // namespace clusprop

#endif  // CLUSPROP_OFFLINE_FLAGS_H_
