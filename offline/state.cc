#include "offline/state.h"

#include <array>

#include "absl/strings/match.h"

namespace clusprop {
namespace offline {
namespace {

struct NamedState {
  std::string_view name;
  ResourceState state;
};

constexpr std::array<NamedState, 9> kStates = {{
    {"Unknown", ResourceState::kUnknown},
    {"Inherited", ResourceState::kInherited},
    {"Initializing", ResourceState::kInitializing},
    {"Online", ResourceState::kOnline},
    {"Offline", ResourceState::kOffline},
    {"Failed", ResourceState::kFailed},
    {"Pending", ResourceState::kPending},
    {"OnlinePending", ResourceState::kOnlinePending},
    {"OfflinePending", ResourceState::kOfflinePending},
}};

}  // namespace

std::string_view ResourceStateName(ResourceState state) {
  for (const NamedState& entry : kStates) {
    if (entry.state == state) return entry.name;
  }
  return "Unknown";
}

std::optional<ResourceState> ParseResourceState(std::string_view name) {
  for (const NamedState& entry : kStates) {
    if (absl::EqualsIgnoreCase(absl::string_view(entry.name.data(), entry.name.size()),
                               absl::string_view(name.data(), name.size()))) {
      return entry.state;
    }
  }
  return std::nullopt;
}

}  // namespace offline
}  // namespace clusprop
