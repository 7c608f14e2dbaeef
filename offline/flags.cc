#include "offline/flags.h"

#include <array>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_join.h"
#include "clusprop/win32_error.h"

namespace clusprop {
namespace offline {
namespace {

struct NamedReason {
  std::string_view name;
  OfflineReason reason;
};

constexpr std::array<NamedReason, 8> kReasons = {{
    {"NONE", OfflineReason::kNone},
    {"UNKNOWN", OfflineReason::kUnknown},
    {"MOVING", OfflineReason::kMoving},
    {"USER_REQUESTED", OfflineReason::kUserRequested},
    {"BEING_DELETED", OfflineReason::kBeingDeleted},
    {"BEING_RESTARTED", OfflineReason::kBeingRestarted},
    {"PREEMPTED", OfflineReason::kPreempted},
    {"SHUTTING_DOWN", OfflineReason::kShuttingDown},
}};

constexpr std::string_view kReasonPrefix = "CLUSAPI_RESOURCE_OFFLINE_REASON_";

}  // namespace

absl::Status OfflineFlags::UnknownBitsError() {
  return Win32Error(kErrorInvalidParameter, "offline flags hold bits other than 0x1, 0x2, 0x4");
}

std::string OfflineFlags::ToString() const {
  std::vector<std::string> names;
  if (ignore_resource_status()) names.push_back("IGNORE_RESOURCE_STATUS");
  if (force_with_termination()) names.push_back("FORCE_WITH_TERMINATION");
  if (do_not_update_persistent_state()) names.push_back("DO_NOT_UPDATE_PERSISTENT_STATE");
  return names.empty() ? "0" : absl::StrJoin(names, "|");
}

absl::StatusOr<OfflineReason> OfflineReasonFromValue(uint32_t value) {
  for (const NamedReason& entry : kReasons) {
    if (static_cast<uint32_t>(entry.reason) == value) return entry.reason;
  }
  return Win32Error(kErrorInvalidParameter, "offline reason is not 0 or one known reason");
}

std::string_view OfflineReasonName(OfflineReason reason) {
  for (const NamedReason& entry : kReasons) {
    if (entry.reason == reason) return entry.name;
  }
  return "INVALID";
}

std::optional<uint32_t> ParseOfflineReason(std::string_view text) {
  std::string upper = absl::AsciiStrToUpper(absl::string_view(text.data(), text.size()));
  std::string_view name = upper;
  if (absl::StartsWith(upper, std::string(kReasonPrefix))) name.remove_prefix(kReasonPrefix.size());
  for (const NamedReason& entry : kReasons) {
    if (entry.name == name) return static_cast<uint32_t>(entry.reason);
  }
  uint32_t value = 0;
  if (absl::StartsWith(upper, "0X")) {
    if (upper.size() > 2 && upper.size() <= 10 &&
        absl::SimpleHexAtoi(absl::string_view(upper).substr(2), &value)) {
      return value;
    }
    return std::nullopt;
  }
  if (absl::SimpleAtoi(absl::string_view(upper), &value)) return value;
  return std::nullopt;
}

absl::StatusOr<ResDllOfflineFlags> ResDllOfflineFlags::FromBits(uint32_t bits) {
  if (bits & ~kAll) {
    return Win32Error(kErrorInvalidParameter, "resource DLL offline flags hold unknown bits");
  }
  return ResDllOfflineFlags(bits);
}

ResDllOffline TranslateToResDll(OfflineFlags flags, OfflineReason reason) {
  uint32_t bits = 0;
  if (flags.ignore_resource_status()) bits |= ResDllOfflineFlags::kIgnoreResourceStatus;
  if (flags.do_not_update_persistent_state()) {
    bits |= ResDllOfflineFlags::kDoNotUpdatePersistentState;
  }
  return ResDllOffline{ResDllOfflineFlags(bits), reason, flags.force_with_termination()};
}

}  // namespace offline
}  // namespace clusprop
