#include "offline/resdll_helper.h"

#include <utility>

#include "clusprop/status_macros.h"
#include "clusprop/utf16.h"

namespace clusprop {
namespace offline {

absl::StatusOr<OfflineV2Request> InterpretOfflineV2(const OfflineV2Args& args,
                                                    const InstructionDecoder* decoder,
                                                    const OfflinePolicy& policy) {
  OfflineRequest request;
  request.entry_point = OfflineEntryPoint::kResourceDll;
  request.flags = args.offline_flags;
  request.reason = args.reason;
  request.in_buffer = args.in_buffer;
  request.in_buffer_size = args.in_buffer_size;
  request.entry_point_has_destination = true;
  std::u16string destination;
  if (args.destination_node_name != nullptr) destination = args.destination_node_name;
  // The rules only ask whether a destination was given; a name that is not UTF-16 still is one.
  if (!destination.empty()) request.destination = Utf16ToUtf8(destination).value_or("?");

  // A resource DLL is asked for what the cluster decided: no defaults of its own apply.
  ASSIGN_OR_RETURN(CheckedOfflineRequest checked,
                   CheckOfflineRequest(request, InstructionDefaults(), decoder, policy));
  OfflineV2Request result;
  result.flags = *ResDllOfflineFlags::FromBits(checked.flags);
  result.reason = checked.reason;
  result.destination = std::move(destination);
  result.instruction = std::move(checked.instruction);
  return result;
}

}  // namespace offline
}  // namespace clusprop
