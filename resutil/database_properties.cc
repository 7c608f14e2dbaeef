// The ResUtil functions that read and write properties in the cluster database:
// ResUtilGetPropertiesToParameterBlock, ResUtilGet(All|Private)Properties,
// ResUtilGetProperty(Size), ResUtilSetPropertyTable(Ex), ResUtilSetPropertyParameterBlock(Ex),
// ResUtilAddUnknownProperties, ResUtilSetUnknownProperties, ResUtilSetPrivatePropertyList,
// ResUtilEnumPrivateProperties.

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

// Every value directly under `key`, in the database's order.
DWORD ReadAllValues(HKEY key, std::vector<NamedValue>* values) {
  std::vector<WCHAR> name(64);
  for (DWORD index = 0;; ++index) {
    NamedValue entry;
    DWORD chars = static_cast<DWORD>(name.size());
    DWORD size = 0;
    DWORD code =
        ClusterRegEnumValue(key, index, name.data(), &chars, &entry.value.type, nullptr, &size);
    if (code == ERROR_NO_MORE_ITEMS) return ERROR_SUCCESS;
    if (code == ERROR_MORE_DATA) {  // the name: room for it and its NUL, then again
      name.resize(chars + 1);
      --index;
      continue;
    }
    if (code != ERROR_SUCCESS) return code;
    entry.name.assign(name.data(), chars);
    if ((code = ReadStored(key, entry.name.c_str(), &entry.value)) != ERROR_SUCCESS) return code;
    values->push_back(std::move(entry));
  }
}

// Appends the table's properties as stored (defaults for those absent), in table order. Items
// kept in memory only (RESUTIL_PROPITEM_IN_MEMORY) are left out. ERROR_INVALID_PARAMETER when a
// stored value's type does not fit its item's format.
DWORD AppendTableProperties(HKEY key, const Table& table, PropertyListWriter* writer) {
  for (size_t i = 0; i < table.items.size(); ++i) {
    const RESUTIL_PROPERTY_ITEM& item = *table.items[i];
    if ((item.Flags & RESUTIL_PROPITEM_IN_MEMORY) != 0) continue;
    HKEY item_key = nullptr;
    bool opened = false;
    StoredValue value;
    DWORD code = OpenItemKey(key, item, /*create=*/false, &item_key, &opened);
    if (code == ERROR_SUCCESS) code = ReadStored(item_key, item.Name, &value);
    if (opened) ClusterRegCloseKey(item_key);
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

// Appends the values under `key` that the table (if any) does not name.
DWORD AppendUnknownProperties(HKEY key, const Table* table, PropertyListWriter* writer) {
  std::vector<NamedValue> values;
  if (DWORD code = ReadAllValues(key, &values)) return code;
  for (const NamedValue& entry : values) {
    std::optional<std::string> name = WideToUtf8(entry.name.data(), entry.name.size());
    if (!name) continue;     // no list can carry this name
    if (table != nullptr) {  // compared as list names are: case-insensitively
      const std::u16string utf16 = *Utf8ToUtf16(*name);
      const Utf16View view(reinterpret_cast<const uint8_t*>(utf16.data()), utf16.size());
      if (FindItem(*table, view) != nullptr) continue;
    }
    writer->BeginProperty(*name);
    if (!AddStored(entry.value, CLUSPROP_FORMAT_UNKNOWN, writer)) {
      writer->AddBinary(entry.value.data);  // text a list cannot carry: its bytes
    }
  }
  return ERROR_SUCCESS;
}

// The stored bytes a list value would replace, for the conditional write.
bool SameAsStored(HKEY key, const std::string& name, const ValueView& value, DWORD type) {
  if (value.length() == 0 || name.find('\\') != std::string::npos) return false;
  StoredValue stored;
  if (ReadStored(key, Utf8ToWide(name).c_str(), &stored) != ERROR_SUCCESS) return false;
  std::optional<std::vector<uint8_t>> bytes = StoredBytesOf(value);
  return bytes && stored.type == type && stored.data == *bytes;
}

// Writes the table's properties of `list` into the database (each into its item's key).
DWORD WriteTableProperties(HKEY key, const Table& table, const PropertyListReader& list,
                           bool force) {
  for (PropertyView property : list) {
    const RESUTIL_PROPERTY_ITEM* item = FindItem(table, property.name());
    if (item == nullptr || (item->Flags & RESUTIL_PROPITEM_IN_MEMORY) != 0) continue;
    const ValueView value = property.first_value();
    const DWORD type = RegistryTypeOf(item->Format);
    HKEY item_key = nullptr;
    bool opened = false;
    DWORD code = OpenItemKey(key, *item, /*create=*/true, &item_key, &opened);
    if (code != ERROR_SUCCESS) return code;
    const std::string name = *WideToUtf8(item->Name);  // OpenTable checked it
    if (force || !SameAsStored(item_key, name, value, type)) {
      code = WriteListValue(item_key, name, value, type);
    }
    if (opened) ClusterRegCloseKey(item_key);
    if (code != ERROR_SUCCESS) return code;
  }
  return ERROR_SUCCESS;
}

// Writes the properties of `list` the table (if any) does not name, each with the registry type
// of its value's format.
DWORD WriteUnknownProperties(HKEY key, const Table* table, const PropertyListReader& list) {
  for (PropertyView property : list) {
    if (table != nullptr && FindItem(*table, property.name()) != nullptr) continue;
    if (!property.name().IsWellFormed()) return ERROR_INVALID_PARAMETER;
    const ValueView value = property.first_value();
    const DWORD code = WriteListValue(key, property.name().ToUtf8(), value,
                                      RegistryTypeOf(static_cast<DWORD>(value.format())));
    if (code != ERROR_SUCCESS) return code;
  }
  return ERROR_SUCCESS;
}

// Every value of `list` can be stored: ERROR_INVALID_DATA names the first that cannot.
DWORD CheckStorable(const PropertyListReader& list) {
  for (PropertyView property : list) {
    const ValueView value = property.first_value();
    if (value.length() > 0 && !StoredBytesOf(value)) return ERROR_INVALID_DATA;
  }
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
  if (DWORD code = AppendTableProperties(key, *table, &writer)) return code;
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
  const ApplyOptions options{.allow_unknown = allow_unknown != FALSE, .setting = true};
  if (DWORD code = ApplyList(*table, *reader, options, nullptr)) return code;
  if (DWORD code = WriteTableProperties(key, *table, *reader, force)) return code;
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
    if (DWORD code = CheckStorable(*reader)) return code;
    unknown = *reader;
  }
  // The block as a list of its writable properties, then written as a caller's list would be.
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
  if (DWORD code = WriteTableProperties(key, *table, *block_list, force)) return code;
  if (unknown) {
    if (DWORD code = WriteUnknownProperties(key, &*table, *unknown)) return code;
  }
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
      code = OpenItemKey(hkeyClusterKey, item, /*create=*/false, &item_key, &opened);
      if (code == ERROR_SUCCESS) code = ReadStored(item_key, item.Name, &value);
      if (opened) ClusterRegCloseKey(item_key);
      writer.BeginProperty(table->names[i]);
      if (code == ERROR_FILE_NOT_FOUND) {
        if (bCheckForRequiredProperties && (item.Flags & RESUTIL_PROPITEM_REQUIRED) != 0) {
          failed = &item;
          break;
        }
        code = ERROR_SUCCESS;
        writer.AddRaw(CLUSPROP_SYNTAX_VALUE(CLUSPROP_TYPE_LIST_VALUE, item.Format), {});
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
    return ApplyList(*table, *list, {.allow_unknown = false, .setting = false}, pOutParams);
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
    RESUTIL_PROPERTY_ITEM one[2] = {*pPropertyTableItem, {}};
    one[0].Flags &= ~static_cast<DWORD>(RESUTIL_PROPITEM_IN_MEMORY);
    std::optional<Table> table = OpenTable(one);
    if (!table) return ERROR_BAD_ARGUMENTS;
    PropertyListWriter writer(clusprop::WriteOptions{.trailing_endmark = false});
    if (DWORD code = AppendTableProperties(hkeyClusterKey, *table, &writer)) return code;
    absl::StatusOr<absl::Span<const uint8_t>> bytes = writer.Finish();
    if (!bytes.ok()) return clusprop::Win32CodeOf(bytes.status());
    *pcbOutPropertyListSize += static_cast<DWORD>(bytes->size() - 4);  // less the list's count
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
    RESUTIL_PROPERTY_ITEM one[2] = {*pPropertyTableItem, {}};
    one[0].Flags &= ~static_cast<DWORD>(RESUTIL_PROPITEM_IN_MEMORY);
    std::optional<Table> table = OpenTable(one);
    if (!table) return ERROR_BAD_ARGUMENTS;
    PropertyListWriter writer(clusprop::WriteOptions{.trailing_endmark = false});
    if (DWORD code = AppendTableProperties(hkeyClusterKey, *table, &writer)) return code;
    absl::StatusOr<absl::Span<const uint8_t>> bytes = writer.Finish();
    if (!bytes.ok()) return clusprop::Win32CodeOf(bytes.status());
    const absl::Span<const uint8_t> property = bytes->subspan(4);  // without the list's count
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
    if (DWORD code = CheckStorable(*list)) return code;
    return WriteUnknownProperties(hkeyClusterKey, &*table, *list);
  });
}

DWORD WINAPI ResUtilSetPrivatePropertyList(HKEY hkeyClusterKey, const PVOID pInPropertyList,
                                           DWORD cbInPropertyListSize) {
  return Guarded([&]() -> DWORD {
    if (pInPropertyList == nullptr) return ERROR_INSUFFICIENT_BUFFER;  // as documented
    absl::StatusOr<PropertyListReader> list = OpenList(pInPropertyList, cbInPropertyListSize);
    if (!list.ok()) return ListErrorCode(list.status());
    if (DWORD code = CheckStorable(*list)) return code;
    return WriteUnknownProperties(hkeyClusterKey, nullptr, *list);
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
    names.push_back(0);
    const size_t bytes = names.size() * sizeof(WCHAR);
    if (bytes > (pszOutProperties == nullptr ? 0 : cbOutPropertiesSize)) {
      *pcbRequired = static_cast<DWORD>(bytes);
      return ERROR_MORE_DATA;
    }
    std::memcpy(pszOutProperties, names.data(), bytes);
    *pcbBytesReturned = static_cast<DWORD>(bytes);
    return ERROR_SUCCESS;
  });
}

}  // extern "C"
