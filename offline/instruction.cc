#include "offline/instruction.h"

#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "clusprop/status_macros.h"
#include "clusprop/win32_error.h"

namespace clusprop {
namespace offline {
namespace {

bool EqualsIgnoreAsciiCase(std::string_view a, std::string_view b) {
  return absl::EqualsIgnoreCase(absl::string_view(a.data(), a.size()),
                                absl::string_view(b.data(), b.size()));
}

}  // namespace

ActionTableDecoder::ActionTableDecoder(std::string type, std::vector<std::string> property_names,
                                       std::vector<Action> actions, uint32_t syntax)
    : type_(std::move(type)), actions_(std::move(actions)), syntax_(syntax) {
  for (const std::string& name : property_names) property_names_.emplace_back(name);
}

const ActionTableDecoder::Action* ActionTableDecoder::FindAction(uint32_t code) const {
  for (const Action& action : actions_) {
    if (action.code == code) return &action;
  }
  return nullptr;
}

// Views of the decoder's strings, not copies: copying them per request cost more than
// everything else a decision does.
OfflineInstruction ActionTableDecoder::Make(const Action& action, size_t offset) const {
  return OfflineInstruction{type_, action.code, action.name, action.traits, offset};
}

std::optional<OfflineInstruction> ActionTableDecoder::InstructionFor(uint32_t code) const {
  const Action* action = FindAction(code);
  if (action == nullptr) return std::nullopt;
  return Make(*action, 0);
}

std::optional<OfflineInstruction> ActionTableDecoder::Fallback() const {
  for (const Action& action : actions_) {
    if (!action.traits.orderly_stop && !action.traits.preserves_state) return Make(action, 0);
  }
  return std::nullopt;
}

absl::StatusOr<std::optional<OfflineInstruction>> InstructionDecoder::Decode(
    const PropertyListReader& list) const {
  std::optional<OfflineInstruction> found;
  for (PropertyView property : list) RETURN_IF_ERROR(DecodeProperty(property, found));
  return found;
}

absl::Status ActionTableDecoder::DecodeProperty(const PropertyView& property,
                                                std::optional<OfflineInstruction>& found) const {
  bool supported = false;
  for (const NameMatcher& name : property_names_) {
    if (name.Matches(property.name())) {
      supported = true;
      break;
    }
  }
  if (!supported) return absl::OkStatus();  // another type's instruction: not ours to judge
  for (ValueView value : property.values()) {
    if (value.syntax() != syntax_ || value.length() != 4) {
      return Win32Error(
          kErrorInvalidParameter, value.offset(),
          absl::StrCat(type_, " instruction needs ", SyntaxToString(syntax_), " with cbLength 4"));
    }
    uint32_t code = *value.AsDword();
    const Action* action = FindAction(code);
    if (action == nullptr) {
      return Win32Error(kErrorInvalidParameter, value.data_offset(),
                        absl::StrCat(type_, " offline action ", code, " is not supported"));
    }
    if (found && found->action != code) {
      return Win32Error(kErrorInvalidParameter, value.data_offset(),
                        absl::StrCat("conflicting ", type_, " instructions: ",
                                     std::string(found->name), " and ", action->name));
    }
    if (!found) found = Make(*action, value.offset());
  }
  return absl::OkStatus();
}

std::shared_ptr<const ActionTableDecoder> VirtualMachineDecoder() {
  static const auto* decoder =
      new std::shared_ptr<const ActionTableDecoder>(std::make_shared<ActionTableDecoder>(
          kVirtualMachineType,
          std::vector<std::string>{"Virtual Machine", "Virtual Machine Configuration"},
          std::vector<ActionTableDecoder::Action>{
              {static_cast<uint32_t>(VmOfflineAction::kTurnOff), "TurnOff", {}},
              {static_cast<uint32_t>(VmOfflineAction::kSave),
               "Save",
               {.orderly_stop = true, .preserves_state = true}},
              {static_cast<uint32_t>(VmOfflineAction::kShutdown),
               "Shutdown",
               {.orderly_stop = true}},
              {static_cast<uint32_t>(VmOfflineAction::kShutdownForce),
               "ShutdownForce",
               {.orderly_stop = true}},
          },
          kSyntaxListValueDword));
  return *decoder;
}

InstructionRegistry InstructionRegistry::WithBuiltins() {
  InstructionRegistry registry;
  registry.Register(kVirtualMachineType, VirtualMachineDecoder());
  return registry;
}

void InstructionRegistry::Register(std::string type,
                                   std::shared_ptr<const InstructionDecoder> decoder) {
  for (Entry& entry : entries_) {
    if (EqualsIgnoreAsciiCase(entry.type, type)) {
      entry.decoder = std::move(decoder);
      return;
    }
  }
  entries_.push_back(Entry{std::move(type), std::move(decoder)});
}

const InstructionDecoder* InstructionRegistry::Find(std::string_view type) const {
  for (const Entry& entry : entries_) {
    if (EqualsIgnoreAsciiCase(entry.type, type)) return entry.decoder.get();
  }
  return nullptr;
}

}  // namespace offline
}  // namespace clusprop
