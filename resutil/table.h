// A property table checked once, and the one routine that checks a list against it and stores
// the values in a parameter block: shared by the functions that take lists from callers and
// those that read the cluster database.

#ifndef CLUSPROP_RESUTIL_TABLE_H_
#define CLUSPROP_RESUTIL_TABLE_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "clusprop/reader.h"
#include "clusprop/writer.h"
#include "resutil/resapi.h"

namespace clusprop {
namespace resutil {

// Every item has a name a list can carry (UTF-8 here) and a format with a block member.
struct Table {
  std::vector<const RESUTIL_PROPERTY_ITEM*> items;
  std::vector<std::string> names;
};

// nullopt for a NULL table or one with an unusable item (ERROR_BAD_ARGUMENTS).
std::optional<Table> OpenTable(const RESUTIL_PROPERTY_ITEM* table);

// The table's item for a name (case-insensitive), or nullptr.
const RESUTIL_PROPERTY_ITEM* FindItem(const Table& table, Utf16View name);

struct ApplyOptions {
  bool allow_unknown = false;
  // A caller sets values: READ_ONLY properties are refused and ranges checked. Off for values
  // read back from the cluster database.
  bool setting = true;
  // A value with cbLength 0 stands for the item's default (a caller's list); off, a string or
  // buffer member receives NULL and size 0 (an empty value read from the cluster database).
  bool empty_is_default = true;
};

// Checks every property of `list` against the table (docs/resutil.md, "Checking a list") and,
// when `out_params` is given and all passed, stores the values there, all or nothing.
DWORD ApplyList(const Table& table, const PropertyListReader& list, ApplyOptions options,
                BYTE* out_params);

// Appends the value of `item` held in `block` (WriteBlockValue), or the item's default
// (WriteDefault), as one list value: false when the text cannot be written.
bool WriteBlockValue(const RESUTIL_PROPERTY_ITEM& item, const BYTE* block,
                     PropertyListWriter* writer);
bool WriteDefault(const RESUTIL_PROPERTY_ITEM& item, PropertyListWriter* writer);

// Copies `names` (each NUL-terminated; the final NUL is added here) to (out, size) as a MULTI_SZ
// of WCHAR, or reports the size it needs: the two-call pattern of the Enum functions.
DWORD DeliverNames(std::basic_string<WCHAR> names, LPWSTR out, DWORD size, LPDWORD returned,
                   LPDWORD required);

// Copies a finished list into (out, size), or reports the size it needs: the two-call pattern.
DWORD Deliver(absl::StatusOr<absl::Span<const uint8_t>> list, void* out, DWORD size,
              LPDWORD bytes_returned, LPDWORD required);

}  // namespace resutil
}  // namespace clusprop

#endif  // CLUSPROP_RESUTIL_TABLE_H_
