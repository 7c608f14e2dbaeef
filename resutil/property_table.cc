// Property tables and parameter blocks: ResUtilVerifyPropertyTable, ResUtilPropertyListFrom-
// ParameterBlock, ResUtilDupParameterBlock, ResUtilFreeParameterBlock, ResUtilEnumProperties,
// ResUtilGetPropertyFormats and ResUtilVerifyPrivatePropertyList.

#include <cwchar>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "clusprop/writer.h"
#include "resutil/internal.h"
#include "resutil/registry.h"
#include "resutil/table.h"

namespace clusprop {
namespace resutil {
namespace {

// The formats a table may give a property: those with a parameter-block member.
bool HasMember(DWORD format) {
  switch (format) {
    case CLUSPROP_FORMAT_DWORD:
    case CLUSPROP_FORMAT_LONG:
    case CLUSPROP_FORMAT_SZ:
    case CLUSPROP_FORMAT_EXPAND_SZ:
    case CLUSPROP_FORMAT_MULTI_SZ:
    case CLUSPROP_FORMAT_BINARY:
    case CLUSPROP_FORMAT_ULARGE_INTEGER:
    case CLUSPROP_FORMAT_LARGE_INTEGER:
    case CLUSPROP_FORMAT_FILETIME:
      return true;
    default:
      return false;
  }
}

bool IsString(DWORD format) {
  return format == CLUSPROP_FORMAT_SZ || format == CLUSPROP_FORMAT_EXPAND_SZ;
}
bool IsSizedBuffer(DWORD format) {
  return format == CLUSPROP_FORMAT_MULTI_SZ || format == CLUSPROP_FORMAT_BINARY;
}
bool IsPointer(DWORD format) { return IsString(format) || IsSizedBuffer(format); }

}  // namespace

std::optional<Table> OpenTable(const RESUTIL_PROPERTY_ITEM* table) {
  if (table == nullptr) return std::nullopt;
  Table open;
  for (const RESUTIL_PROPERTY_ITEM* item = table; item->Name != nullptr; ++item) {
    std::optional<std::string> name = WideToUtf8(item->Name);
    if (!name || !HasMember(item->Format)) return std::nullopt;
    open.items.push_back(item);
    open.names.push_back(std::move(*name));
  }
  return open;
}

const RESUTIL_PROPERTY_ITEM* FindItem(const Table& table, Utf16View name) {
  for (size_t i = 0; i < table.items.size(); ++i) {
    if (name.EqualsIgnoreCase(table.names[i])) return table.items[i];
  }
  return nullptr;
}

namespace {

template <typename T>
bool InRange(T value, T minimum, T maximum) {
  if (minimum == 0 && maximum == 0) return true;  // no range
  return minimum <= value && value <= maximum;
}

uint64_t Ticks(const FILETIME& time) {
  return (static_cast<uint64_t>(time.dwHighDateTime) << 32) | time.dwLowDateTime;
}

// A value checked against its item: ERROR_INVALID_PARAMETER for another format or (when
// `check_range`) a value out of range, ERROR_INVALID_DATA for data that does not fit the format.
// cbLength 0 (back to the default) passes.
DWORD CheckValue(const RESUTIL_PROPERTY_ITEM& item, const ValueView& value, bool check_range) {
  if (static_cast<DWORD>(value.format()) != item.Format) return ERROR_INVALID_PARAMETER;
  if (value.length() == 0) return ERROR_SUCCESS;
  const bool is_signed = (item.Flags & RESUTIL_PROPITEM_SIGNED) != 0;
  bool in_range = true;
  switch (item.Format) {
    case CLUSPROP_FORMAT_DWORD: {
      absl::StatusOr<uint32_t> v = value.AsDword();
      if (!v.ok()) return ERROR_INVALID_DATA;
      in_range =
          is_signed ? InRange<int32_t>(static_cast<int32_t>(*v), static_cast<int32_t>(item.Minimum),
                                       static_cast<int32_t>(item.Maximum))
                    : InRange<uint32_t>(*v, item.Minimum, item.Maximum);
      break;
    }
    case CLUSPROP_FORMAT_LONG: {
      absl::StatusOr<int32_t> v = value.AsLong();
      if (!v.ok()) return ERROR_INVALID_DATA;
      in_range = InRange<int32_t>(*v, static_cast<int32_t>(item.Minimum),
                                  static_cast<int32_t>(item.Maximum));
      break;
    }
    case CLUSPROP_FORMAT_ULARGE_INTEGER: {
      absl::StatusOr<uint64_t> v = value.AsULargeInteger();
      if (!v.ok()) return ERROR_INVALID_DATA;
      if (const RESUTIL_ULARGEINT_DATA* range = item.ULargeIntData) {
        in_range = InRange<uint64_t>(*v, range->Minimum.QuadPart, range->Maximum.QuadPart);
      }
      break;
    }
    case CLUSPROP_FORMAT_LARGE_INTEGER: {
      absl::StatusOr<int64_t> v = value.AsLargeInteger();
      if (!v.ok()) return ERROR_INVALID_DATA;
      if (const RESUTIL_LARGEINT_DATA* range = item.LargeIntData) {
        in_range = InRange<int64_t>(*v, range->Minimum.QuadPart, range->Maximum.QuadPart);
      }
      break;
    }
    case CLUSPROP_FORMAT_FILETIME: {
      absl::StatusOr<uint64_t> v = value.AsFileTime();
      if (!v.ok()) return ERROR_INVALID_DATA;
      if (const RESUTIL_FILETIME_DATA* range = item.FileTimeData) {
        in_range = InRange<uint64_t>(*v, Ticks(range->Minimum), Ticks(range->Maximum));
      }
      break;
    }
    case CLUSPROP_FORMAT_SZ:
    case CLUSPROP_FORMAT_EXPAND_SZ:
      if (!value.AsString().ok()) return ERROR_INVALID_DATA;
      break;
    case CLUSPROP_FORMAT_MULTI_SZ:
      if (!value.AsMultiString().ok()) return ERROR_INVALID_DATA;
      break;
    default:  // BINARY: any bytes
      break;
  }
  return in_range || !check_range ? ERROR_SUCCESS : ERROR_INVALID_PARAMETER;
}

// One value bound for a parameter block, with the copy it needs (pointer formats).
struct Store {
  const RESUTIL_PROPERTY_ITEM* item;
  ValueView value;
  bool empty_is_default = true;  // cbLength 0: the item's default, else an empty value
  void* fresh = nullptr;
  DWORD fresh_size = 0;
};

// The copy a pointer member receives: the value's, or (cbLength 0) the item's default. False
// when out of memory.
bool MakeCopy(Store* store) {
  const RESUTIL_PROPERTY_ITEM& item = *store->item;
  const ValueView& value = store->value;
  if (value.length() == 0) {  // the default, or nothing
    if (item.lpDefault == nullptr || !store->empty_is_default) return true;
    if (IsString(item.Format)) {
      const WCHAR* text = static_cast<const WCHAR*>(item.lpDefault);
      store->fresh = LocalCopy(text, (std::wcslen(text) + 1) * sizeof(WCHAR));
    } else {
      store->fresh = LocalCopy(item.lpDefault, item.Minimum);
      store->fresh_size = item.Minimum;
    }
    return store->fresh != nullptr;
  }
  switch (item.Format) {
    case CLUSPROP_FORMAT_SZ:
    case CLUSPROP_FORMAT_EXPAND_SZ:
      store->fresh = LocalWideCopy(*value.AsString());
      break;
    case CLUSPROP_FORMAT_MULTI_SZ:
      store->fresh = LocalMultiSzCopy(*value.AsMultiString(), &store->fresh_size);
      break;
    default:  // BINARY
      store->fresh = LocalCopy(value.data().data(), value.length());
      store->fresh_size = value.length();
      break;
  }
  return store->fresh != nullptr;
}

// Writes one checked value (copies made) into the block.
void Commit(const Store& store, BYTE* block) {
  const RESUTIL_PROPERTY_ITEM& item = *store.item;
  const ValueView& value = store.value;
  const bool reset = value.length() == 0;
  if (IsPointer(item.Format)) {
    LocalFree(LoadMember<void*>(block, item.Offset));
    StoreMember<void*>(block, item.Offset, store.fresh);
    if (IsSizedBuffer(item.Format))
      StoreMember<DWORD>(block, SizeMemberOffset(item.Offset), store.fresh_size);
    return;
  }
  switch (item.Format) {
    case CLUSPROP_FORMAT_DWORD:
      StoreMember<DWORD>(block, item.Offset, reset ? item.Default : *value.AsDword());
      break;
    case CLUSPROP_FORMAT_LONG:
      StoreMember<LONG>(block, item.Offset,
                        reset ? static_cast<LONG>(item.Default) : *value.AsLong());
      break;
    case CLUSPROP_FORMAT_ULARGE_INTEGER:
      StoreMember<uint64_t>(block, item.Offset,
                            !reset               ? *value.AsULargeInteger()
                            : item.ULargeIntData ? item.ULargeIntData->Default.QuadPart
                                                 : 0);
      break;
    case CLUSPROP_FORMAT_LARGE_INTEGER:
      StoreMember<int64_t>(block, item.Offset,
                           !reset              ? *value.AsLargeInteger()
                           : item.LargeIntData ? item.LargeIntData->Default.QuadPart
                                               : 0);
      break;
    default: {  // FILETIME
      const uint64_t ticks = !reset              ? *value.AsFileTime()
                             : item.FileTimeData ? Ticks(item.FileTimeData->Default)
                                                 : 0;
      StoreMember<FILETIME>(block, item.Offset,
                            FILETIME{static_cast<DWORD>(ticks), static_cast<DWORD>(ticks >> 32)});
      break;
    }
  }
}

}  // namespace

DWORD ApplyList(const Table& table, const PropertyListReader& list, ApplyOptions options,
                BYTE* out_params) {
  std::vector<Store> stores;
  for (PropertyView property : list) {
    const RESUTIL_PROPERTY_ITEM* item = FindItem(table, property.name());
    if (item == nullptr) {
      if (!options.allow_unknown) return ERROR_INVALID_PARAMETER;
      continue;
    }
    if (options.setting && (item->Flags & RESUTIL_PROPITEM_READ_ONLY) != 0) {
      return ERROR_INVALID_PARAMETER;
    }
    const ValueView value = property.first_value();
    if (DWORD code = CheckValue(*item, value, options.setting)) return code;
    stores.push_back(Store{item, value, options.empty_is_default});
  }
  if (out_params == nullptr) return ERROR_SUCCESS;
  for (size_t i = 0; i < stores.size(); ++i) {
    if (IsPointer(stores[i].item->Format) && !MakeCopy(&stores[i])) {
      for (size_t j = 0; j < i; ++j) LocalFree(stores[j].fresh);
      return ERROR_NOT_ENOUGH_MEMORY;
    }
  }
  for (const Store& store : stores) Commit(store, out_params);
  return ERROR_SUCCESS;
}

DWORD VerifyTable(const RESUTIL_PROPERTY_ITEM* table, BOOL allow_unknown, const void* list,
                  DWORD cb, BYTE* out_params) {
  std::optional<Table> open = OpenTable(table);
  if (!open) return ERROR_BAD_ARGUMENTS;
  absl::StatusOr<PropertyListReader> reader = OpenList(list, cb);
  if (!reader.ok()) return ListErrorCode(reader.status());
  return ApplyList(*open, *reader, {.allow_unknown = allow_unknown != FALSE, .setting = true},
                   out_params);
}

namespace {

// The strings of a parameter block's MULTI_SZ member (`bytes` bytes of WCHAR): up to the first
// empty string or the end of the buffer. False when one cannot be written.
bool ReadMultiSz(const WCHAR* text, DWORD bytes, std::vector<std::string>* strings) {
  const size_t units = text == nullptr ? 0 : bytes / sizeof(WCHAR);
  size_t start = 0;
  while (start < units && text[start] != 0) {
    size_t end = start;
    while (end < units && text[end] != 0) ++end;
    std::optional<std::string> s = WideToUtf8(text + start, end - start);
    if (!s) return false;
    strings->push_back(std::move(*s));
    start = end + 1;
  }
  return true;
}

// Appends the block's value of `item` to the writer: false when the block holds text a list
// cannot carry (other failures stay in the writer's status).
bool WriteValue(const RESUTIL_PROPERTY_ITEM& item, const BYTE* block, PropertyListWriter* writer) {
  const uint32_t syntax = MakeSyntax(Type::kListValue, static_cast<Format>(item.Format));
  switch (item.Format) {
    case CLUSPROP_FORMAT_DWORD:
      writer->AddDword(LoadMember<DWORD>(block, item.Offset));
      return true;
    case CLUSPROP_FORMAT_LONG:
      writer->AddLong(LoadMember<LONG>(block, item.Offset));
      return true;
    case CLUSPROP_FORMAT_ULARGE_INTEGER:
      writer->AddULargeInteger(LoadMember<uint64_t>(block, item.Offset));
      return true;
    case CLUSPROP_FORMAT_LARGE_INTEGER:
      writer->AddLargeInteger(LoadMember<int64_t>(block, item.Offset));
      return true;
    case CLUSPROP_FORMAT_FILETIME:
      writer->AddFileTime(Ticks(LoadMember<FILETIME>(block, item.Offset)));
      return true;
    case CLUSPROP_FORMAT_SZ:
    case CLUSPROP_FORMAT_EXPAND_SZ: {
      const WCHAR* text = LoadMember<const WCHAR*>(block, item.Offset);
      std::optional<std::string> utf8 = text == nullptr ? std::string() : WideToUtf8(text);
      if (!utf8) return false;
      writer->AddString(*utf8, syntax);
      return true;
    }
    case CLUSPROP_FORMAT_MULTI_SZ: {
      std::vector<std::string> strings;
      if (!ReadMultiSz(LoadMember<const WCHAR*>(block, item.Offset),
                       LoadMember<DWORD>(block, SizeMemberOffset(item.Offset)), &strings)) {
        return false;
      }
      std::vector<std::string_view> views(strings.begin(), strings.end());
      writer->AddMultiString(views, syntax);
      return true;
    }
    default: {  // BINARY
      const BYTE* bytes = LoadMember<const BYTE*>(block, item.Offset);
      const DWORD size = LoadMember<DWORD>(block, SizeMemberOffset(item.Offset));
      writer->AddBinary(
          bytes == nullptr ? absl::Span<const uint8_t>() : absl::MakeConstSpan(bytes, size),
          syntax);
      return true;
    }
  }
}

}  // namespace

bool WriteBlockValue(const RESUTIL_PROPERTY_ITEM& item, const BYTE* block,
                     PropertyListWriter* writer) {
  return WriteValue(item, block, writer);
}

bool WriteDefault(const RESUTIL_PROPERTY_ITEM& item, PropertyListWriter* writer) {
  // The default placed in a block of its own, then written as a block value.
  alignas(8) BYTE block[16] = {};
  RESUTIL_PROPERTY_ITEM at_zero = item;
  at_zero.Offset = 0;
  switch (item.Format) {
    case CLUSPROP_FORMAT_DWORD:
    case CLUSPROP_FORMAT_LONG:
      StoreMember<DWORD>(block, 0, item.Default);
      break;
    case CLUSPROP_FORMAT_ULARGE_INTEGER:
      StoreMember<uint64_t>(block, 0,
                            item.ULargeIntData ? item.ULargeIntData->Default.QuadPart : 0);
      break;
    case CLUSPROP_FORMAT_LARGE_INTEGER:
      StoreMember<int64_t>(block, 0, item.LargeIntData ? item.LargeIntData->Default.QuadPart : 0);
      break;
    case CLUSPROP_FORMAT_FILETIME:
      if (item.FileTimeData) StoreMember<FILETIME>(block, 0, item.FileTimeData->Default);
      break;
    default:  // pointer formats: lpDefault (and Minimum bytes)
      StoreMember<const void*>(block, 0, item.lpDefault);
      if (IsSizedBuffer(item.Format)) {
        StoreMember<DWORD>(block, SizeMemberOffset(0), item.lpDefault ? item.Minimum : 0);
      }
      break;
  }
  return WriteValue(at_zero, block, writer);
}

DWORD DeliverNames(std::basic_string<WCHAR> names, LPWSTR out, DWORD size, LPDWORD returned,
                   LPDWORD required) {
  names.push_back(0);  // the MULTI_SZ's final NUL
  const size_t bytes = names.size() * sizeof(WCHAR);
  if (bytes > (out == nullptr ? 0 : size)) {
    *required = static_cast<DWORD>(bytes);
    return ERROR_MORE_DATA;
  }
  std::memcpy(out, names.data(), bytes);
  *returned = static_cast<DWORD>(bytes);
  return ERROR_SUCCESS;
}

DWORD Deliver(absl::StatusOr<absl::Span<const uint8_t>> list, void* out, DWORD size,
              LPDWORD bytes_returned, LPDWORD required) {
  *bytes_returned = 0;
  *required = 0;
  if (!list.ok()) return Win32CodeOf(list.status());
  if (list->size() > (out == nullptr ? 0 : size)) {
    *required = static_cast<DWORD>(list->size());
    return ERROR_MORE_DATA;
  }
  if (!list->empty()) std::memcpy(out, list->data(), list->size());
  *bytes_returned = static_cast<DWORD>(list->size());
  return ERROR_SUCCESS;
}

}  // namespace resutil
}  // namespace clusprop

using namespace clusprop::resutil;  // NOLINT: the C entry points below
using clusprop::PropertyListWriter;
using clusprop::PropertyView;

extern "C" {

DWORD WINAPI ResUtilVerifyPropertyTable(const PRESUTIL_PROPERTY_ITEM pPropertyTable,
                                        PVOID /*Reserved*/, BOOL bAllowUnknownProperties,
                                        const PVOID pInPropertyList, DWORD cbInPropertyListSize,
                                        LPBYTE pOutParams) {
  return Guarded([&] {
    return VerifyTable(pPropertyTable, bAllowUnknownProperties, pInPropertyList,
                       cbInPropertyListSize, pOutParams);
  });
}

DWORD WINAPI ResUtilVerifyPrivatePropertyList(const PVOID pInPropertyList,
                                              DWORD cbInPropertyListSize) {
  return Guarded([&]() -> DWORD {
    absl::StatusOr<clusprop::PropertyListReader> reader =
        OpenList(pInPropertyList, cbInPropertyListSize);
    if (!reader.ok()) return ListErrorCode(reader.status());
    return CheckPrivateList(*reader);
  });
}

DWORD WINAPI ResUtilPropertyListFromParameterBlock(const PRESUTIL_PROPERTY_ITEM pPropertyTable,
                                                   PVOID pOutPropertyList,
                                                   LPDWORD pcbOutPropertyListSize,
                                                   const LPBYTE pInParams, LPDWORD pcbBytesReturned,
                                                   LPDWORD pcbRequired) {
  return Guarded([&]() -> DWORD {
    if (pcbOutPropertyListSize == nullptr || pInParams == nullptr || pcbBytesReturned == nullptr ||
        pcbRequired == nullptr) {
      return ERROR_BAD_ARGUMENTS;
    }
    std::optional<Table> table = OpenTable(pPropertyTable);
    if (!table) return ERROR_BAD_ARGUMENTS;
    PropertyListWriter writer;
    for (size_t i = 0; i < table->items.size(); ++i) {
      writer.BeginProperty(table->names[i]);
      if (!WriteValue(*table->items[i], pInParams, &writer)) {
        *pcbBytesReturned = 0;
        *pcbRequired = 0;
        return ERROR_INVALID_PARAMETER;
      }
    }
    return Deliver(writer.Finish(), pOutPropertyList, *pcbOutPropertyListSize, pcbBytesReturned,
                   pcbRequired);
  });
}

DWORD WINAPI ResUtilDupParameterBlock(LPBYTE pOutParams, const LPBYTE pInParams,
                                      const PRESUTIL_PROPERTY_ITEM pPropertyTable) {
  return Guarded([&]() -> DWORD {
    std::optional<Table> table = OpenTable(pPropertyTable);
    if (!table || pOutParams == nullptr || pInParams == nullptr) return ERROR_BAD_ARGUMENTS;
    for (const RESUTIL_PROPERTY_ITEM* item : table->items) {
      switch (item->Format) {
        case CLUSPROP_FORMAT_DWORD:
        case CLUSPROP_FORMAT_LONG:
          StoreMember(pOutParams, item->Offset, LoadMember<DWORD>(pInParams, item->Offset));
          continue;
        case CLUSPROP_FORMAT_ULARGE_INTEGER:
        case CLUSPROP_FORMAT_LARGE_INTEGER:
        case CLUSPROP_FORMAT_FILETIME:
          StoreMember(pOutParams, item->Offset, LoadMember<uint64_t>(pInParams, item->Offset));
          continue;
        default:
          break;
      }
      const void* source = LoadMember<const void*>(pInParams, item->Offset);
      const DWORD size =
          IsString(item->Format)
              ? static_cast<DWORD>(source == nullptr
                                       ? 0
                                       : (std::wcslen(static_cast<const WCHAR*>(source)) + 1) *
                                             sizeof(WCHAR))
              : LoadMember<DWORD>(pInParams, SizeMemberOffset(item->Offset));
      void* copy = source == nullptr ? nullptr : LocalCopy(source, size);
      StoreMember(pOutParams, item->Offset, copy);
      if (IsSizedBuffer(item->Format)) {
        StoreMember<DWORD>(pOutParams, SizeMemberOffset(item->Offset), copy ? size : 0);
      }
      if (source != nullptr && copy == nullptr) return ERROR_NOT_ENOUGH_MEMORY;
    }
    return ERROR_SUCCESS;
  });
}

void WINAPI ResUtilFreeParameterBlock(LPBYTE pOutParams, const LPBYTE pInParams,
                                      const PRESUTIL_PROPERTY_ITEM pPropertyTable) {
  Guarded([&]() -> DWORD {
    std::optional<Table> table = OpenTable(pPropertyTable);
    if (!table || pOutParams == nullptr) return ERROR_BAD_ARGUMENTS;
    for (const RESUTIL_PROPERTY_ITEM* item : table->items) {
      if (!IsPointer(item->Format)) continue;
      void* pointer = LoadMember<void*>(pOutParams, item->Offset);
      if (pInParams != nullptr && LoadMember<void*>(pInParams, item->Offset) == pointer) continue;
      LocalFree(pointer);
      StoreMember<void*>(pOutParams, item->Offset, nullptr);
      if (IsSizedBuffer(item->Format)) {
        StoreMember<DWORD>(pOutParams, SizeMemberOffset(item->Offset), 0);
      }
    }
    return ERROR_SUCCESS;
  });
}

DWORD WINAPI ResUtilEnumProperties(const PRESUTIL_PROPERTY_ITEM pPropertyTable,
                                   LPWSTR pszOutProperties, DWORD cbOutPropertiesSize,
                                   LPDWORD pcbBytesReturned, LPDWORD pcbRequired) {
  return Guarded([&]() -> DWORD {
    if (pcbBytesReturned == nullptr || pcbRequired == nullptr) return ERROR_BAD_ARGUMENTS;
    *pcbBytesReturned = 0;
    *pcbRequired = 0;
    std::optional<Table> table = OpenTable(pPropertyTable);
    if (!table) return ERROR_BAD_ARGUMENTS;
    std::basic_string<WCHAR> names;
    for (const RESUTIL_PROPERTY_ITEM* item : table->items) {
      names.append(item->Name);
      names.push_back(0);
    }
    return DeliverNames(std::move(names), pszOutProperties, cbOutPropertiesSize, pcbBytesReturned,
                        pcbRequired);
  });
}

DWORD WINAPI ResUtilGetPropertyFormats(const PRESUTIL_PROPERTY_ITEM pPropertyTable,
                                       PVOID pOutPropertyFormatList, DWORD cbPropertyFormatListSize,
                                       LPDWORD pcbBytesReturned, LPDWORD pcbRequired) {
  return Guarded([&]() -> DWORD {
    if (pcbBytesReturned == nullptr || pcbRequired == nullptr) return ERROR_BAD_ARGUMENTS;
    *pcbBytesReturned = 0;
    *pcbRequired = 0;
    std::optional<Table> table = OpenTable(pPropertyTable);
    if (!table) return ERROR_BAD_ARGUMENTS;
    PropertyListWriter writer;
    for (size_t i = 0; i < table->items.size(); ++i) {
      writer.BeginProperty(table->names[i]).AddWord(static_cast<uint16_t>(table->items[i]->Format));
    }
    return Deliver(writer.Finish(), pOutPropertyFormatList, cbPropertyFormatListSize,
                   pcbBytesReturned, pcbRequired);
  });
}

}  // extern "C"
