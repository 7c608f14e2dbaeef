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

// Opens the key that holds `item`'s value: `key` itself, or its KeyName subkey (made when
// `create`). *opened is set when the caller must close *result.
DWORD OpenItemKey(HKEY key, const RESUTIL_PROPERTY_ITEM& item, bool create, HKEY* result,
                  bool* opened);

// The database bytes of a list value that passed the table's checks (or any readable value for
// the unknown properties): numbers as 4 or 8 bytes, text as WCHAR units with their NULs, binary
// as given. nullopt for a value whose data cannot be read.
std::optional<std::vector<uint8_t>> StoredBytesOf(const ValueView& value);

// Appends a stored value as a list value of `format` (the table's), or of the format its type
// maps to when `format` is CLUSPROP_FORMAT_UNKNOWN. False when the stored type or size does not
// fit the format (the caller reports ERROR_INVALID_PARAMETER).
bool AddStored(const StoredValue& value, DWORD format, PropertyListWriter* writer);

// Writes `name` = `value` under `key`, or deletes the value when `value` has cbLength 0. Names
// holding '\' write into that subkey path (made as needed).
DWORD WriteListValue(HKEY key, const std::string& name, const ValueView& value, DWORD type);

}  // namespace resutil
}  // namespace clusprop

#endif  // CLUSPROP_RESUTIL_REGISTRY_H_
