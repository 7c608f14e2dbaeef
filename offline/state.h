// CLUSTER_RESOURCE_STATE. Normal offline path: Online → OfflinePending → Offline.

#ifndef CLUSPROP_OFFLINE_STATE_H_
#define CLUSPROP_OFFLINE_STATE_H_

#include <cstdint>
#include <optional>
#include <string_view>

namespace clusprop {
namespace offline {

enum class ResourceState : int32_t {
  kUnknown = -1,
  kInherited = 0,
  kInitializing = 1,
  kOnline = 2,
  kOffline = 3,
  kFailed = 4,
  kPending = 128,
  kOnlinePending = 129,
  kOfflinePending = 130,
};

// "Online" for kOnline (the suffix of ClusterResourceOnline).
std::string_view ResourceStateName(ResourceState state);
// Case-insensitive name, or nullopt.
std::optional<ResourceState> ParseResourceState(std::string_view name);

}  // namespace offline
}  // namespace clusprop

#endif  // CLUSPROP_OFFLINE_STATE_H_
