// How the ResUtil layer meets the cluster database: a property's format and its registry type,
// a registry value read whole, and the conversions between registry values and list values.
// Everything goes through the public ClusterReg* functions of cluster/clusapi.h.

#ifndef CLUSPROP_RESUTIL_REGISTRY_H_
#define CLUSPROP_RESUTIL_REGISTRY_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "clusprop/reader.h"
#include "clusprop/writer.h"
#include "resutil/resapi.h"

namespace clusprop {
namespace resutil {

// A value as the database holds it.
struct StoredValue {
  DWORD type = REG_NONE;
  std::vector<uint8_t> data;
};

// The registry type that stores a property format: DWORD and LONG REG_DWORD; SZ REG_SZ;
// EXPAND_SZ (and EXPANDED_SZ) REG_EXPAND_SZ; MULTI_SZ REG_MULTI_SZ; ULARGE_INTEGER and
// LARGE_INTEGER REG_QWORD; BINARY, FILETIME and every other format REG_BINARY.
DWORD RegistryTypeOf(DWORD format);

// Reads `name` (NULL: the key's own value) under `key`: ERROR_SUCCESS, ERROR_FILE_NOT_FOUND, or
// the database's error.
DWORD ReadStored(HKEY key, LPCWSTR name, StoredValue* value);

// The database bytes of a list value that passed the table's checks (or any readable value for
// the unknown properties): numbers as 4 or 8 bytes, text as WCHAR units with their NULs, binary
// as given. nullopt for a value whose data cannot be read.
std::optional<std::vector<uint8_t>> StoredBytesOf(const ValueView& value);

// Appends a stored value as a list value of `format` (the table's), or of the format its type
// maps to when `format` is CLUSPROP_FORMAT_UNKNOWN. False when the stored type or size does not
// fit the format (the caller reports ERROR_INVALID_PARAMETER).
bool AddStored(const StoredValue& value, DWORD format, PropertyListWriter* writer);

// Where a value lives: a subkey path below the key (empty: the key itself) and the value's name.
struct Location {
  std::string path;  // UTF-8, names separated by '\'
  std::string name;  // UTF-8
};

// An item's location: KeyName (if any) and Name.
Location LocationOf(const RESUTIL_PROPERTY_ITEM& item);
// A list property's location: "Path\Name" names Name in the subkey Path. nullopt for a name no
// value can have: empty (the key's own value), ill-formed UTF-16, an embedded NUL, or an empty
// component ('\' first, last or doubled).
std::optional<Location> LocationOf(Utf16View name);
// The two name the same value (compared as property names are: case-insensitively).
bool SameLocation(const Location& a, const Location& b);

// Opens the key at `path` below `key` for reading (`key` itself for an empty path): *opened is
// set when the caller must close *result.
DWORD OpenForReading(HKEY key, const std::string& path, HKEY* result, bool* opened);

// A list as ResUtilSetPrivatePropertyList stores it: every name has a location
// (ERROR_INVALID_PARAMETER) and every property's first value can be stored (ERROR_INVALID_DATA).
DWORD CheckPrivateList(const PropertyListReader& list);

// Writes to the database in two steps, so that a write that cannot be made is known before any
// is made: Add checks a value and makes the keys it needs; Commit writes every value added.
class WritePlan {
 public:
  explicit WritePlan(HKEY key) : key_(key) {}
  ~WritePlan();
  WritePlan(const WritePlan&) = delete;
  WritePlan& operator=(const WritePlan&) = delete;

  // `value` at `location` with `type`. A value with cbLength 0 deletes the stored value when
  // `empty_deletes`, else stores an empty value. With `only_if_changed`, a value stored already
  // with the same type and bytes is not written again. ERROR_INVALID_DATA for data that cannot
  // be stored; the database's code when a key cannot be made.
  DWORD Add(const Location& location, const ValueView& value, DWORD type, bool empty_deletes,
            bool only_if_changed);
  DWORD Commit();

 private:
  struct Write {
    HKEY key;
    std::basic_string<WCHAR> name;
    bool erase;
    DWORD type;
    std::vector<uint8_t> bytes;
  };
  DWORD KeyAt(const std::string& path, HKEY* result);

  HKEY key_;
  std::vector<std::pair<std::string, HKEY>> opened_;  // paths made or opened, closed at the end
  std::vector<Write> writes_;
};

}  // namespace resutil
}  // namespace clusprop

#endif  // CLUSPROP_RESUTIL_REGISTRY_H_
