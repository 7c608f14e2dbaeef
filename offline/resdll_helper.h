// The first thing a resource DLL's OfflineV2 calls: turn OfflineV2's arguments into a typed,
// validated instruction, or the Win32 code to return.
//
//   DWORD WINAPI OfflineV2(RESID id, LPCWSTR destination, DWORD flags, PBYTE buffer,
//                          DWORD size, DWORD reserved) {
//     auto request = clusprop::offline::InterpretOfflineV2(
//         {reinterpret_cast<const char16_t*>(destination), flags, buffer, size, reason},
//         clusprop::offline::VirtualMachineDecoder().get(),
//         clusprop::offline::OfflinePolicy::Strict());
//     if (!request.ok()) return clusprop::Win32CodeOf(request.status());
//     ... start the offline with request->instruction, return ERROR_IO_PENDING ...
//   }
//
// Checks steps 3-7 of the offline decision (policy.h), with the same code as the cluster:
// OfflineFlags ⊆ CLUS_RESDLL_OFFLINE_* (87); the reason (87); buffer NULL iff size 0 (87); the
// buffer parses as a property list (13); the type's instruction decodes (87); the policy's
// compatibility rules with the reason and destination (87). Locks and states are the cluster
// service's business before it calls the DLL. Thread-safe.

#ifndef CLUSPROP_OFFLINE_RESDLL_HELPER_H_
#define CLUSPROP_OFFLINE_RESDLL_HELPER_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "offline/flags.h"
#include "offline/instruction.h"
#include "offline/policy.h"

namespace clusprop {
namespace offline {

struct OfflineV2Args {
  const char16_t* destination_node_name = nullptr;  // may be NULL
  uint32_t offline_flags = 0;                       // CLUS_RESDLL_OFFLINE_*
  const uint8_t* in_buffer = nullptr;
  uint32_t in_buffer_size = 0;
  uint32_t reason = 0;  // the offline reason, in its own field (design)
};

struct OfflineV2Request {
  ResDllOfflineFlags flags;
  OfflineReason reason = OfflineReason::kNone;
  std::u16string destination;
  std::optional<OfflineInstruction> instruction;  // nullopt: none for this type
};

absl::StatusOr<OfflineV2Request> InterpretOfflineV2(const OfflineV2Args& args,
                                                    const InstructionDecoder* decoder,
                                                    const OfflinePolicy& policy);

}  // namespace offline
}  // namespace clusprop

#endif  // CLUSPROP_OFFLINE_RESDLL_HELPER_H_
