// The ResUtil functions that read and write properties in the cluster database:
// ResUtilGetPropertiesToParameterBlock, ResUtilGet(All|Private)Properties,
// ResUtilGetProperty(Size), ResUtilSetPropertyTable(Ex), ResUtilSetPropertyParameterBlock(Ex),
// ResUtilAddUnknownProperties, ResUtilSetUnknownProperties, ResUtilSetPrivatePropertyList,
// ResUtilEnumPrivateProperties.

#include <algorithm>
#include <cstring>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "clusprop/writer.h"
#include "resutil/internal.h"
#include "resutil/registry.h"
#include "resutil/table.h"

namespace clusprop {
namespace resutil {
namespace {

struct NamedValue {
  std::basic_string<WCHAR> name;
  StoredValue value;
};

// Every named value directly under `key`, each read whole by one call (the key's unnamed value
// is no property).
DWORD ReadAllValues(HKEY key, std::vector<NamedValue>* values) {
  std::vector<WCHAR> name(64);
  std::vector<uint8_t> data(64);
  for (DWORD index = 0;;) {
    NamedValue entry;
    DWORD chars = static_cast<DWORD>(name.size());
    DWORD size = static_cast<DWORD>(data.size());
    const DWORD code =
        ClusterRegEnumValue(key, index, name.data(), &chars, &entry.value.type, data.data(), &size);
    if (code == ERROR_NO_MORE_ITEMS) return ERROR_SUCCESS;
    if (code == ERROR_MORE_DATA) {  // room for both, then the same index again
      name.resize(std::max<size_t>(name.size(), chars + 1));
      data.resize(std::max<size_t>(data.size(), size));
      continue;
    }
    if (code != ERROR_SUCCESS) return code;
    ++index;
    if (chars == 0) continue;
    entry.name.assign(name.data(), chars);
    entry.value.data.assign(data.begin(), data.begin() + size);
    values->push_back(std::move(entry));
  }
}

// What a table read does with items kept in memory only: leave them out, or give their default.
enum class InMemory { kLeaveOut, kDefault };

// Appends the table's properties as stored (defaults for those absent), in table order.
// ERROR_INVALID_PARAMETER when a stored value's type does not fit its item's format.
DWORD AppendTableProperties(HKEY key, const Table& table, InMemory in_memory,
                            PropertyListWriter* writer) {
  for (size_t i = 0; i < table.items.size(); ++i) {
    const RESUTIL_PROPERTY_ITEM& item = *table.items[i];
    const bool memory_only = (item.Flags & RESUTIL_PROPITEM_IN_MEMORY) != 0;
    if (memory_only && in_memory == InMemory::kLeaveOut) continue;
    StoredValue value;
    DWORD code = ERROR_FILE_NOT_FOUND;
    if (!memory_only) {
      HKEY item_key = nullptr;
      bool opened = false;
      code = OpenForReading(key, LocationOf(item).path, &item_key, &opened);
      if (code == ERROR_SUCCESS) code = ReadStored(item_key, item.Name, &value);
      if (opened) ClusterRegCloseKey(item_key);
    }
    writer->BeginProperty(table.names[i]);
    if (code == ERROR_FILE_NOT_FOUND) {
      if (!WriteDefault(item, writer)) return ERROR_INVALID_PARAMETER;
      continue;
    }
    if (code != ERROR_SUCCESS) return code;
    if (!AddStored(value, item.Format, writer)) return ERROR_INVALID_PARAMETER;
  }
  return ERROR_SUCCESS;
}

// The table's item stored at `location`, or nullptr.
const RESUTIL_PROPERTY_ITEM* ItemAt(const Table* table, const Location& location) {
  if (table == nullptr) return nullptr;
  for (const RESUTIL_PROPERTY_ITEM* item : table->items) {
    if (SameLocation(LocationOf(*item), location)) return item;
  }
  return nullptr;
}

// Appends the values directly under `key` that no item of the table (if any) is stored as.
DWORD AppendUnknownProperties(HKEY key, const Table* table, PropertyListWriter* writer) {
  std::vector<NamedValue> values;
  if (DWORD code = ReadAllValues(key, &values)) return code;
  for (const NamedValue& entry : values) {
    std::optional<std::string> name = WideToUtf8(entry.name.data(), entry.name.size());
    if (!name || ItemAt(table, Location{"", *name}) != nullptr) continue;
    writer->BeginProperty(*name);
    if (!AddStored(entry.value, CLUSPROP_FORMAT_UNKNOWN, writer)) {
      writer->AddBinary(entry.value.data);  // text a list cannot carry: its bytes
    }
  }
  return ERROR_SUCCESS;
}

// Plans the table's properties of `list`, each at its item's location.
DWORD PlanTableProperties(const Table& table, const PropertyListReader& list, bool empty_deletes,
                          bool force, WritePlan* plan) {
  for (PropertyView property : list) {
    const RESUTIL_PROPERTY_ITEM* item = FindItem(table, property.name());
    if (item == nullptr || (item->Flags & RESUTIL_PROPITEM_IN_MEMORY) != 0) continue;
    if (DWORD code = plan->Add(LocationOf(*item), property.first_value(),
                               RegistryTypeOf(item->Format), empty_deletes, !force)) {
      return code;
    }
  }
  return ERROR_SUCCESS;
}

// Plans the properties of `list` that the table (if any) does not hold, each with the registry
// type of its value's format. A name no value can have is ERROR_INVALID_PARAMETER; one that
// reaches a table item's value (through a path, say) belongs to the table and is left alone.
DWORD PlanUnknownProperties(const Table* table, const PropertyListReader& list, WritePlan* plan) {
  for (PropertyView property : list) {
    if (table != nullptr && FindItem(*table, property.name()) != nullptr) continue;
    std::optional<Location> location = LocationOf(property.name());
    if (!location) return ERROR_INVALID_PARAMETER;
    if (ItemAt(table, *location) != nullptr) continue;
    const ValueView value = property.first_value();
    if (DWORD code = plan->Add(*location, value, RegistryTypeOf(static_cast<DWORD>(value.format())),
                               /*empty_deletes=*/true, /*only_if_changed=*/false)) {
      return code;
    }
  }
  return ERROR_SUCCESS;
}

// One item's whole property (NAME, value, ENDMARK) as stored, an IN_MEMORY item's default.
DWORD OneProperty(HKEY key, const RESUTIL_PROPERTY_ITEM& item, std::vector<uint8_t>* property) {
  const RESUTIL_PROPERTY_ITEM one[2] = {item, {}};
  std::optional<Table> table = OpenTable(one);
  if (!table) return ERROR_BAD_ARGUMENTS;
  PropertyListWriter writer(WriteOptions{.trailing_endmark = false});
  if (DWORD code = AppendTableProperties(key, *table, InMemory::kDefault, &writer)) return code;
  absl::StatusOr<absl::Span<const uint8_t>> bytes = writer.Finish();
  if (!bytes.ok()) return Win32CodeOf(bytes.status());
  property->assign(bytes->begin() + 4, bytes->end());  // without the list's count
  return ERROR_SUCCESS;
}

DWORD GetTable(HKEY key, const RESUTIL_PROPERTY_ITEM* table_items, bool with_unknown, void* out,
               DWORD size, LPDWORD returned, LPDWORD required) {
  if (returned == nullptr || required == nullptr) return ERROR_BAD_ARGUMENTS;
  *returned = 0;
  *required = 0;
  std::optional<Table> table = OpenTable(table_items);
  if (!table) return ERROR_BAD_ARGUMENTS;
  PropertyListWriter writer;
  if (DWORD code = AppendTableProperties(key, *table, InMemory::kLeaveOut, &writer)) return code;
  if (with_unknown) {
    if (DWORD code = AppendUnknownProperties(key, &*table, &writer)) return code;
  }
  return Deliver(writer.Finish(), out, size, returned, required);
}

DWORD SetTable(HKEY key, const RESUTIL_PROPERTY_ITEM* table_items, BOOL allow_unknown,
               const void* list, DWORD cb, bool force, BYTE* out_params) {
  std::optional<Table> table = OpenTable(table_items);
  if (!table) return ERROR_BAD_ARGUMENTS;
  absl::StatusOr<PropertyListReader> reader = OpenList(list, cb);
  if (!reader.ok()) return ListErrorCode(reader.status());
  const ApplyOptions options{.allow_unknown = allow_unknown != FALSE};
  if (DWORD code = ApplyList(*table, *reader, options, nullptr)) return code;
  WritePlan plan(key);
  if (DWORD code = PlanTableProperties(*table, *reader, /*empty_deletes=*/true, force, &plan)) {
    return code;
  }
  if (DWORD code = plan.Commit()) return code;
  return out_params == nullptr ? ERROR_SUCCESS : ApplyList(*table, *reader, options, out_params);
}

DWORD SetBlock(HKEY key, const RESUTIL_PROPERTY_ITEM* table_items, const BYTE* in_params,
               const void* list, DWORD cb, bool force, BYTE* out_params) {
  std::optional<Table> table = OpenTable(table_items);
  if (!table || in_params == nullptr) return ERROR_BAD_ARGUMENTS;
  std::optional<PropertyListReader> unknown;
  if (list != nullptr) {
    absl::StatusOr<PropertyListReader> reader = OpenList(list, cb);
    if (!reader.ok()) return ListErrorCode(reader.status());
    unknown = *reader;
  }
  // The block as a list of its writable properties, then planned as a caller's list would be
  // (an empty buffer stays an empty value: it does not bring the default back).
  PropertyListWriter writer;
  for (size_t i = 0; i < table->items.size(); ++i) {
    const RESUTIL_PROPERTY_ITEM& item = *table->items[i];
    if ((item.Flags & (RESUTIL_PROPITEM_READ_ONLY | RESUTIL_PROPITEM_IN_MEMORY)) != 0) continue;
    writer.BeginProperty(table->names[i]);
    if (!WriteBlockValue(item, in_params, &writer)) return ERROR_INVALID_PARAMETER;
  }
  absl::StatusOr<absl::Span<const uint8_t>> bytes = writer.Finish();
  if (!bytes.ok()) return Win32CodeOf(bytes.status());
  absl::StatusOr<PropertyListReader> block_list = PropertyListReader::Open(*bytes);
  if (!block_list.ok()) return ERROR_INTERNAL_ERROR;
  WritePlan plan(key);
  if (DWORD code =
          PlanTableProperties(*table, *block_list, /*empty_deletes=*/false, force, &plan)) {
    return code;
  }
  if (unknown) {
    if (DWORD code = PlanUnknownProperties(&*table, *unknown, &plan)) return code;
  }
  if (DWORD code = plan.Commit()) return code;
  if (out_params != nullptr && out_params != in_params) {
    ResUtilFreeParameterBlock(out_params, const_cast<BYTE*>(in_params),
                              const_cast<PRESUTIL_PROPERTY_ITEM>(table_items));
    return ResUtilDupParameterBlock(out_params, const_cast<BYTE*>(in_params),
                                    const_cast<PRESUTIL_PROPERTY_ITEM>(table_items));
  }
  return ERROR_SUCCESS;
}

}  // namespace
}  // namespace resutil
}  // namespace clusprop

using namespace clusprop::resutil;  // NOLINT: the C entry points below
using clusprop::PropertyListReader;
using clusprop::PropertyListWriter;

extern "C" {

DWORD WINAPI ResUtilGetPropertiesToParameterBlock(HKEY hkeyClusterKey,
                                                  const PRESUTIL_PROPERTY_ITEM pPropertyTable,
                                                  LPBYTE pOutParams,
                                                  BOOL bCheckForRequiredProperties,
                                                  LPWSTR* pszNameOfPropInError) {
  return Guarded([&]() -> DWORD {
    std::optional<Table> table = OpenTable(pPropertyTable);
    if (!table || pOutParams == nullptr) return ERROR_BAD_ARGUMENTS;
    // The stored values (or, for those absent, an empty value standing for the default) as a
    // list, then stored in the block as a caller's list would be, without range checks.
    PropertyListWriter writer;
    const RESUTIL_PROPERTY_ITEM* failed = nullptr;
    DWORD code = ERROR_SUCCESS;
    for (size_t i = 0; i < table->items.size() && code == ERROR_SUCCESS; ++i) {
      const RESUTIL_PROPERTY_ITEM& item = *table->items[i];
      if ((item.Flags & RESUTIL_PROPITEM_IN_MEMORY) != 0) continue;
      HKEY item_key = nullptr;
      bool opened = false;
      StoredValue value;
      code = OpenForReading(hkeyClusterKey, LocationOf(item).path, &item_key, &opened);
      if (code == ERROR_SUCCESS) code = ReadStored(item_key, item.Name, &value);
      if (opened) ClusterRegCloseKey(item_key);
      writer.BeginProperty(table->names[i]);
      if (code == ERROR_FILE_NOT_FOUND) {
        if (bCheckForRequiredProperties && (item.Flags & RESUTIL_PROPITEM_REQUIRED) != 0) {
          failed = &item;
          break;
        }
        code = ERROR_SUCCESS;
        // The default, written out (a NULL default pointer as an empty value, which stays NULL):
        // an empty value read from the database must stay empty, not become the default.
        const bool null_default =
            item.lpDefault == nullptr && RegistryTypeOf(item.Format) != REG_DWORD &&
            RegistryTypeOf(item.Format) != REG_QWORD && item.Format != CLUSPROP_FORMAT_FILETIME;
        if (null_default) {
          writer.AddRaw(CLUSPROP_SYNTAX_VALUE(CLUSPROP_TYPE_LIST_VALUE, item.Format), {});
        } else if (!WriteDefault(item, &writer)) {
          code = ERROR_INVALID_PARAMETER;
        }
      } else if (code == ERROR_SUCCESS && !AddStored(value, item.Format, &writer)) {
        code = ERROR_INVALID_PARAMETER;
      }
      if (code != ERROR_SUCCESS) failed = &item;
    }
    if (failed != nullptr) {
      if (pszNameOfPropInError != nullptr) *pszNameOfPropInError = ResUtilDupString(failed->Name);
      return code == ERROR_SUCCESS ? static_cast<DWORD>(ERROR_FILE_NOT_FOUND) : code;
    }
    absl::StatusOr<absl::Span<const uint8_t>> bytes = writer.Finish();
    if (!bytes.ok()) return clusprop::Win32CodeOf(bytes.status());
    absl::StatusOr<PropertyListReader> list = PropertyListReader::Open(*bytes);
    if (!list.ok()) return ERROR_INTERNAL_ERROR;
    return ApplyList(*table, *list,
                     {.allow_unknown = false, .setting = false, .empty_is_default = false},
                     pOutParams);
  });
}

DWORD WINAPI ResUtilGetProperties(HKEY hkeyClusterKey, const PRESUTIL_PROPERTY_ITEM pPropertyTable,
                                  PVOID pOutPropertyList, DWORD cbOutPropertyListSize,
                                  LPDWORD pcbBytesReturned, LPDWORD pcbRequired) {
  return Guarded([&] {
    return GetTable(hkeyClusterKey, pPropertyTable, /*with_unknown=*/false, pOutPropertyList,
                    cbOutPropertyListSize, pcbBytesReturned, pcbRequired);
  });
}

DWORD WINAPI ResUtilGetAllProperties(HKEY hkeyClusterKey,
                                     const PRESUTIL_PROPERTY_ITEM pPropertyTable,
                                     PVOID pOutPropertyList, DWORD cbOutPropertyListSize,
                                     LPDWORD pcbBytesReturned, LPDWORD pcbRequired) {
  return Guarded([&] {
    return GetTable(hkeyClusterKey, pPropertyTable, /*with_unknown=*/true, pOutPropertyList,
                    cbOutPropertyListSize, pcbBytesReturned, pcbRequired);
  });
}

DWORD WINAPI ResUtilGetPrivateProperties(HKEY hkeyClusterKey, PVOID pOutPropertyList,
                                         DWORD cbOutPropertyListSize, LPDWORD pcbBytesReturned,
                                         LPDWORD pcbRequired) {
  return Guarded([&]() -> DWORD {
    if (pcbBytesReturned == nullptr || pcbRequired == nullptr) return ERROR_BAD_ARGUMENTS;
    *pcbBytesReturned = 0;
    *pcbRequired = 0;
    PropertyListWriter writer;
    if (DWORD code = AppendUnknownProperties(hkeyClusterKey, nullptr, &writer)) return code;
    return Deliver(writer.Finish(), pOutPropertyList, cbOutPropertyListSize, pcbBytesReturned,
                   pcbRequired);
  });
}

DWORD WINAPI ResUtilGetPropertySize(HKEY hkeyClusterKey,
                                    const PRESUTIL_PROPERTY_ITEM pPropertyTableItem,
                                    LPDWORD pcbOutPropertyListSize, LPDWORD pnPropertyCount) {
  return Guarded([&]() -> DWORD {
    if (pPropertyTableItem == nullptr || pcbOutPropertyListSize == nullptr ||
        pnPropertyCount == nullptr) {
      return ERROR_BAD_ARGUMENTS;
    }
    std::vector<uint8_t> property;
    if (DWORD code = OneProperty(hkeyClusterKey, *pPropertyTableItem, &property)) return code;
    *pcbOutPropertyListSize += static_cast<DWORD>(property.size());
    ++*pnPropertyCount;
    return ERROR_SUCCESS;
  });
}

DWORD WINAPI ResUtilGetProperty(HKEY hkeyClusterKey,
                                const PRESUTIL_PROPERTY_ITEM pPropertyTableItem,
                                PVOID* pOutPropertyItem, LPDWORD pcbOutPropertyItemSize) {
  return Guarded([&]() -> DWORD {
    if (pPropertyTableItem == nullptr || pOutPropertyItem == nullptr ||
        *pOutPropertyItem == nullptr || pcbOutPropertyItemSize == nullptr) {
      return ERROR_BAD_ARGUMENTS;
    }
    std::vector<uint8_t> property;
    if (DWORD code = OneProperty(hkeyClusterKey, *pPropertyTableItem, &property)) return code;
    if (property.size() > *pcbOutPropertyItemSize) return ERROR_MORE_DATA;
    std::memcpy(*pOutPropertyItem, property.data(), property.size());
    *pOutPropertyItem = static_cast<BYTE*>(*pOutPropertyItem) + property.size();
    *pcbOutPropertyItemSize -= static_cast<DWORD>(property.size());
    return ERROR_SUCCESS;
  });
}

DWORD WINAPI ResUtilSetPropertyTableEx(HKEY hkeyClusterKey,
                                       const PRESUTIL_PROPERTY_ITEM pPropertyTable,
                                       PVOID /*Reserved*/, BOOL bAllowUnknownProperties,
                                       const PVOID pInPropertyList, DWORD cbInPropertyListSize,
                                       BOOL bForceWrite, LPBYTE pOutParams) {
  return Guarded([&] {
    return SetTable(hkeyClusterKey, pPropertyTable, bAllowUnknownProperties, pInPropertyList,
                    cbInPropertyListSize, bForceWrite != FALSE, pOutParams);
  });
}

DWORD WINAPI ResUtilSetPropertyTable(HKEY hkeyClusterKey,
                                     const PRESUTIL_PROPERTY_ITEM pPropertyTable, PVOID Reserved,
                                     BOOL bAllowUnknownProperties, const PVOID pInPropertyList,
                                     DWORD cbInPropertyListSize, LPBYTE pOutParams) {
  return ResUtilSetPropertyTableEx(hkeyClusterKey, pPropertyTable, Reserved,
                                   bAllowUnknownProperties, pInPropertyList, cbInPropertyListSize,
                                   FALSE, pOutParams);
}

DWORD WINAPI ResUtilSetPropertyParameterBlockEx(HKEY hkeyClusterKey,
                                                const PRESUTIL_PROPERTY_ITEM pPropertyTable,
                                                PVOID /*Reserved*/, const LPBYTE pInParams,
                                                const PVOID pInPropertyList,
                                                DWORD cbInPropertyListSize, BOOL bForceWrite,
                                                LPBYTE pOutParams) {
  return Guarded([&] {
    return SetBlock(hkeyClusterKey, pPropertyTable, pInParams, pInPropertyList,
                    cbInPropertyListSize, bForceWrite != FALSE, pOutParams);
  });
}

DWORD WINAPI ResUtilSetPropertyParameterBlock(HKEY hkeyClusterKey,
                                              const PRESUTIL_PROPERTY_ITEM pPropertyTable,
                                              PVOID Reserved, const LPBYTE pInParams,
                                              const PVOID pInPropertyList,
                                              DWORD cbInPropertyListSize, LPBYTE pOutParams) {
  return ResUtilSetPropertyParameterBlockEx(hkeyClusterKey, pPropertyTable, Reserved, pInParams,
                                            pInPropertyList, cbInPropertyListSize, FALSE,
                                            pOutParams);
}

DWORD WINAPI ResUtilSetUnknownProperties(HKEY hkeyClusterKey,
                                         const PRESUTIL_PROPERTY_ITEM pPropertyTable,
                                         const PVOID pInPropertyList, DWORD cbInPropertyListSize) {
  return Guarded([&]() -> DWORD {
    std::optional<Table> table = OpenTable(pPropertyTable);
    if (!table) return ERROR_BAD_ARGUMENTS;
    absl::StatusOr<PropertyListReader> list = OpenList(pInPropertyList, cbInPropertyListSize);
    if (!list.ok()) return ListErrorCode(list.status());
    if (DWORD code = CheckPrivateList(*list)) return code;
    WritePlan plan(hkeyClusterKey);
    if (DWORD code = PlanUnknownProperties(&*table, *list, &plan)) return code;
    return plan.Commit();
  });
}

DWORD WINAPI ResUtilSetPrivatePropertyList(HKEY hkeyClusterKey, const PVOID pInPropertyList,
                                           DWORD cbInPropertyListSize) {
  return Guarded([&]() -> DWORD {
    if (pInPropertyList == nullptr) return ERROR_INSUFFICIENT_BUFFER;  // as documented
    absl::StatusOr<PropertyListReader> list = OpenList(pInPropertyList, cbInPropertyListSize);
    if (!list.ok()) return ListErrorCode(list.status());
    if (DWORD code = CheckPrivateList(*list)) return code;
    WritePlan plan(hkeyClusterKey);
    if (DWORD code = PlanUnknownProperties(nullptr, *list, &plan)) return code;
    return plan.Commit();
  });
}

DWORD WINAPI ResUtilAddUnknownProperties(HKEY hkeyClusterKey,
                                         const PRESUTIL_PROPERTY_ITEM pPropertyTable,
                                         PVOID pOutPropertyList, DWORD pcbOutPropertyListSize,
                                         LPDWORD pcbBytesReturned, LPDWORD pcbRequired) {
  return Guarded([&]() -> DWORD {
    if (pcbBytesReturned == nullptr || pcbRequired == nullptr ||
        *pcbBytesReturned > pcbOutPropertyListSize ||
        (pOutPropertyList == nullptr && *pcbBytesReturned > 0)) {
      return ERROR_BAD_ARGUMENTS;
    }
    std::optional<Table> table = OpenTable(pPropertyTable);
    if (!table) return ERROR_BAD_ARGUMENTS;
    // The list so far, copied property by property, then the unknown values.
    PropertyListWriter writer;
    if (*pcbBytesReturned > 0) {
      absl::StatusOr<PropertyListReader> list = OpenList(pOutPropertyList, *pcbBytesReturned);
      if (!list.ok()) return ListErrorCode(list.status());
      for (clusprop::PropertyView property : *list) {
        writer.BeginPropertyVerbatim(property.name().ToU16String());
        for (clusprop::ValueView value : property.values()) {
          writer.AddRaw(value.syntax(), value.data());
        }
      }
    }
    if (DWORD code = AppendUnknownProperties(hkeyClusterKey, &*table, &writer)) return code;
    absl::StatusOr<absl::Span<const uint8_t>> bytes = writer.Finish();
    if (!bytes.ok()) return clusprop::Win32CodeOf(bytes.status());
    if (bytes->size() > pcbOutPropertyListSize || pOutPropertyList == nullptr) {
      *pcbRequired = static_cast<DWORD>(bytes->size());
      return ERROR_MORE_DATA;
    }
    std::memcpy(pOutPropertyList, bytes->data(), bytes->size());
    *pcbBytesReturned = static_cast<DWORD>(bytes->size());
    *pcbRequired = 0;
    return ERROR_SUCCESS;
  });
}

DWORD WINAPI ResUtilEnumPrivateProperties(HKEY hkeyClusterKey, LPWSTR pszOutProperties,
                                          DWORD cbOutPropertiesSize, LPDWORD pcbBytesReturned,
                                          LPDWORD pcbRequired) {
  return Guarded([&]() -> DWORD {
    if (pcbBytesReturned == nullptr || pcbRequired == nullptr) return ERROR_BAD_ARGUMENTS;
    *pcbBytesReturned = 0;
    *pcbRequired = 0;
    std::vector<NamedValue> values;
    if (DWORD code = ReadAllValues(hkeyClusterKey, &values)) return code;
    std::basic_string<WCHAR> names;
    for (const NamedValue& entry : values) {
      names.append(entry.name);
      names.push_back(0);
    }
    return DeliverNames(std::move(names), pszOutProperties, cbOutPropertiesSize, pcbBytesReturned,
                        pcbRequired);
  });
}

}  // extern "C"
