// Offline instructions: what the input buffer of OfflineClusterResourceEx asks a resource of a
// given type to do, decoded per resource type through a registry.
//
// The buffer is a property list whose property names are resource type names; a
// type's decoder looks for the names it supports and ignores the rest. The built-in decoder is
// for "Virtual Machine": properties "Virtual Machine" or "Virtual Machine
// Configuration" (case-insensitive), one LIST_VALUE_DWORD each: 0 TurnOff, 1 Save, 2 Shutdown,
// 3 ShutdownForce. 4 (live migration, for moves only) and larger values, another syntax, a
// cbLength other than 4, and two different actions are ERROR_INVALID_PARAMETER; identical
// repeats are allowed.
//
// An embedder adds a type with an ActionTableDecoder (names → DWORD actions, as for VMs) or its
// own InstructionDecoder (for example one that parses the list with a clusprop::PropertyTable).
//
// Decoders and a registry that is no longer being changed are safe to share between threads.

#ifndef CLUSPROP_OFFLINE_INSTRUCTION_H_
#define CLUSPROP_OFFLINE_INSTRUCTION_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "clusprop/lookup.h"
#include "clusprop/reader.h"

namespace clusprop {
namespace offline {

// What the compatibility rules need to know about an action.
struct ActionTraits {
  bool orderly_stop = false;     // needs the resource's cleanup (contradicts termination)
  bool preserves_state = false;  // leaves state behind to be resumed (e.g. a saved VM)
};

// One decoded instruction for one resource type. `type` and `name` are views of the decoder's
// own strings: valid as long as the decoder that produced the instruction (the built-in
// "Virtual Machine" decoder lives as long as the process).
struct OfflineInstruction {
  std::string_view type;  // the resource type it was decoded for
  uint32_t action = 0;    // the type's action code (for VMs: VmOfflineAction)
  std::string_view name;  // the action's name ("Save")
  ActionTraits traits;
  size_t offset = 0;  // offset of the first value that gave it

  friend bool operator==(const OfflineInstruction& a, const OfflineInstruction& b) {
    return a.type == b.type && a.action == b.action;
  }
};

class InstructionDecoder {
 public:
  virtual ~InstructionDecoder() = default;
  // Judges one property of a list, in list order: returns OK and leaves `found` alone when the
  // property is not an instruction for this type; sets `found` on the first instruction;
  // ERROR_INVALID_PARAMETER (with the offset) for one it cannot accept, including one that
  // conflicts with `found`. A list is judged one property at a time so that the offline decision
  // validates and decodes its buffer in a single pass (PropertyListCursor): the properties it is
  // given have been checked, those after it not yet.
  virtual absl::Status DecodeProperty(const PropertyView& property,
                                      std::optional<OfflineInstruction>& found) const = 0;
  // Every property of a validated list, in order, up to the first error: nullopt when the list
  // holds no instruction for this type.
  absl::StatusOr<std::optional<OfflineInstruction>> Decode(const PropertyListReader& list) const;
  // The instruction for the type's action `code`, as a resource's default names it; nullopt for
  // a code the type does not have.
  virtual std::optional<OfflineInstruction> InstructionFor(uint32_t code) const {
    (void)code;
    return std::nullopt;
  }
  // What replaces a default instruction that a compatibility rule forbids: an action that
  // neither stops in an orderly way nor preserves state; nullopt when the type has none.
  virtual std::optional<OfflineInstruction> Fallback() const { return std::nullopt; }
};

// Instructions given as a DWORD action in properties with given names.
class ActionTableDecoder : public InstructionDecoder {
 public:
  struct Action {
    uint32_t code;
    std::string name;
    ActionTraits traits;
  };
  // `type`: the resource type name; `property_names`: the names looked for (case-insensitive);
  // `syntax`: the syntax each value must have (cbLength 4).
  ActionTableDecoder(std::string type, std::vector<std::string> property_names,
                     std::vector<Action> actions, uint32_t syntax);

  absl::Status DecodeProperty(const PropertyView& property,
                              std::optional<OfflineInstruction>& found) const override;
  std::optional<OfflineInstruction> InstructionFor(uint32_t code) const override;
  // The first action with neither trait.
  std::optional<OfflineInstruction> Fallback() const override;

  const Action* FindAction(uint32_t code) const;
  const std::string& type() const { return type_; }

 private:
  std::string type_;
  std::vector<NameMatcher> property_names_;
  std::vector<Action> actions_;
  uint32_t syntax_;

  OfflineInstruction Make(const Action& action, size_t offset) const;
};

// The actions of the "Virtual Machine" type.
enum class VmOfflineAction : uint32_t {
  kTurnOff = 0,
  kSave = 1,
  kShutdown = 2,
  kShutdownForce = 3,
};
inline constexpr char kVirtualMachineType[] = "Virtual Machine";
std::shared_ptr<const ActionTableDecoder> VirtualMachineDecoder();

// Resource type name (case-insensitive) → decoder.
class InstructionRegistry {
 public:
  // A registry holding the built-in "Virtual Machine" decoder.
  static InstructionRegistry WithBuiltins();

  // Adds or replaces the decoder of `type`.
  void Register(std::string type, std::shared_ptr<const InstructionDecoder> decoder);
  // nullptr when the type has no decoder (its resources take no instructions).
  const InstructionDecoder* Find(std::string_view type) const;

 private:
  struct Entry {
    std::string type;
    std::shared_ptr<const InstructionDecoder> decoder;
  };
  std::vector<Entry> entries_;
};

}  // namespace offline
}  // namespace clusprop

#endif  // CLUSPROP_OFFLINE_INSTRUCTION_H_
