#include "offline/resdll_helper.h"

#include <utility>

#include "clusprop/utf16.h"

namespace clusprop {
namespace offline {

absl::StatusOr<OfflineV2Request> InterpretOfflineV2(const OfflineV2Args& args,
                                                    const InstructionDecoder* decoder,
                                                    const OfflinePolicy& policy) {
  absl::StatusOr<ResDllOfflineFlags> flags = ResDllOfflineFlags::FromBits(args.offline_flags);
  if (!flags.ok()) return flags.status();
  absl::StatusOr<OfflineReason> reason = OfflineReasonFromValue(args.reason);
  if (!reason.ok()) return reason.status();
  absl::StatusOr<std::optional<OfflineInstruction>> instruction =
      DecodeOfflineBuffer(args.in_buffer, args.in_buffer_size, decoder);
  if (!instruction.ok()) return instruction.status();

  OfflineV2Request request;
  request.flags = *flags;
  request.reason = *reason;
  if (args.destination_node_name != nullptr) request.destination = args.destination_node_name;
  request.instruction = std::move(*instruction);

  // Destination names only matter for being empty or not here; keep UTF-8 for the rule.
  std::string destination = Utf16ToUtf8(request.destination).value_or("?");
  RuleContext context{/*force_with_termination=*/false, request.reason,
                      request.instruction ? &*request.instruction : nullptr,
                      /*entry_point_has_destination=*/true, destination};
  if (absl::Status status = policy.CheckCompatibility(context); !status.ok()) return status;
  return request;
}

}  // namespace offline
}  // namespace clusprop
