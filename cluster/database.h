// The cluster database of the embedded cluster: a tree of keys holding typed values, as the
// cluster registry of Windows (ClusterReg* in clusapi.h) presents it.
//
// Names of keys and values are UTF-8 and compare case-insensitively with the folding property
// names use (clusprop/utf16.h: ASCII and Latin-1 letters), so that a property and its stored
// value always match; a key's path separates its names with '\'. A value is a registry type (REG_SZ
// = 1, ..., REG_QWORD = 11) and its bytes, kept as given. Codes (Win32):
//  - a key or value that does not exist: ERROR_FILE_NOT_FOUND (2);
//  - a key used after it was deleted (through another handle): ERROR_KEY_DELETED (1018);
//  - deleting a key that still has subkeys: ERROR_ACCESS_DENIED (5), as the registry;
//  - an empty or '\'-led path where a subkey is required, an empty path component, a name with
//    an embedded NUL: ERROR_INVALID_PARAMETER (87);
//  - enumeration past the end: ERROR_NO_MORE_ITEMS (259).
// Keys and values enumerate in name order (case-insensitive). Every method is thread-safe: one
// lock guards the tree, and a Key is a handle that stays valid after its key is deleted.

#ifndef CLUSPROP_CLUSTER_DATABASE_H_
#define CLUSPROP_CLUSTER_DATABASE_H_

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace clusprop {
namespace cluster {

// Registry value types (winnt.h).
inline constexpr uint32_t kRegNone = 0;
inline constexpr uint32_t kRegSz = 1;
inline constexpr uint32_t kRegExpandSz = 2;
inline constexpr uint32_t kRegBinary = 3;
inline constexpr uint32_t kRegDword = 4;
inline constexpr uint32_t kRegMultiSz = 7;
inline constexpr uint32_t kRegQword = 11;

// The subkey of a resource's (or a resource type's) key that holds its private properties.
inline constexpr char kParametersKey[] = "Parameters";

struct RegistryValue {
  uint32_t type = kRegNone;
  std::vector<uint8_t> data;
  friend bool operator==(const RegistryValue& a, const RegistryValue& b) {
    return a.type == b.type && a.data == b.data;
  }
};

// A REG_SZ or REG_EXPAND_SZ value holding strings[0], or a REG_MULTI_SZ holding every string, in
// the WCHAR units (wchar_t) the C API reads and writes: UTF-16 on Windows, UTF-32 elsewhere; each
// string NUL-terminated, and a MULTI_SZ ends with one more NUL. ERROR_INVALID_PARAMETER for text
// that is not UTF-8 or holds a NUL.
absl::StatusOr<RegistryValue> TextValue(uint32_t type, const std::vector<std::string>& strings);

// Orders names by their case-folded code points.
struct RegistryNameLess {
  using is_transparent = void;
  bool operator()(std::string_view a, std::string_view b) const;
};

class Database {
 public:
  struct Node;
  using Key = std::shared_ptr<Node>;

  Database();

  // The root key; the key of a resource (Resources\<name>) and of a resource type
  // (ResourceTypes\<name>), made on first use. The name is one key name, whatever it holds
  // ('\', NUL, nothing): the object's key is reached through its handle, not by a path.
  Key Root() const { return root_; }
  absl::StatusOr<Key> ResourceKey(std::string_view resource);
  absl::StatusOr<Key> ResourceTypeKey(std::string_view type);

  // The key at `path` below `key` (an empty path is `key` itself).
  absl::StatusOr<Key> Open(const Key& key, std::string_view path) const;
  // The same, making the missing keys; *created says whether the last one is new.
  absl::StatusOr<Key> Create(const Key& key, std::string_view path, bool* created);
  // Deletes the subkey at `path` (not empty), which must have no subkeys.
  absl::Status DeleteKey(const Key& key, std::string_view path);

  absl::StatusOr<RegistryValue> QueryValue(const Key& key, std::string_view name) const;
  absl::Status SetValue(const Key& key, std::string_view name, RegistryValue value);
  absl::Status DeleteValue(const Key& key, std::string_view name);

  // The index-th value (name and value) or subkey name, in name order.
  absl::StatusOr<std::pair<std::string, RegistryValue>> EnumValue(const Key& key,
                                                                  uint32_t index) const;
  absl::StatusOr<std::string> EnumKey(const Key& key, uint32_t index) const;

 private:
  absl::Status CheckLive(const Key& key) const;  // mu_ held
  // root_\<group>\<name>, made if missing; `name` is not split at '\' nor checked.
  absl::StatusOr<Key> NamedKey(std::string_view group, std::string_view name);

  mutable std::mutex mu_;
  Key root_;
};

struct Database::Node {
  std::map<std::string, RegistryValue, RegistryNameLess> values;
  std::map<std::string, Key, RegistryNameLess> subkeys;
  bool deleted = false;

  // Where the last enumeration stopped, so that enumerating index 0, 1, 2, ... walks each map
  // once: valid while `names` (bumped by every insertion and erasure) is unchanged.
  template <typename Map>
  struct Cursor {
    uint64_t names = ~uint64_t{0};
    uint32_t index = 0;
    typename Map::const_iterator at;
  };
  uint64_t value_names = 0, key_names = 0;
  Cursor<decltype(values)> value_cursor;
  Cursor<decltype(subkeys)> key_cursor;
};

}  // namespace cluster
}  // namespace clusprop

#endif  // CLUSPROP_CLUSTER_DATABASE_H_
