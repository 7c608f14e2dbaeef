#include "cluster/property_control.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "absl/types/span.h"
#include "clusprop/control_code.h"
#include "clusprop/reader.h"
#include "clusprop/writer.h"
#include "resutil/resapi.h"

namespace clusprop {
namespace cluster {
namespace {

using Table = std::vector<RESUTIL_PROPERTY_ITEM>;  // ends with an item whose Name is NULL

RESUTIL_PROPERTY_ITEM Item(const wchar_t* name, DWORD format, DWORD offset, DWORD flags = 0,
                           DWORD default_value = 0, DWORD minimum = 0, DWORD maximum = 0) {
  RESUTIL_PROPERTY_ITEM item{};
  item.Name = const_cast<LPWSTR>(name);
  item.Format = format;
  if (format == CLUSPROP_FORMAT_DWORD) item.Default = default_value;
  item.Minimum = minimum;
  item.Maximum = maximum;
  item.Flags = flags;
  item.Offset = offset;
  return item;
}

RESUTIL_PROPERTY_ITEM Sz(const wchar_t* name, DWORD offset, DWORD flags = 0) {
  return Item(name, CLUSPROP_FORMAT_SZ, offset, flags);
}
RESUTIL_PROPERTY_ITEM Dword(const wchar_t* name, DWORD offset, DWORD default_value,
                            DWORD minimum = 0, DWORD maximum = 0xFFFFFFFF, DWORD flags = 0) {
  return Item(name, CLUSPROP_FORMAT_DWORD, offset, flags, default_value, minimum, maximum);
}

// ---- The tables -------------------------------------------------------------------------------

// A resource's common properties, in its own key. Name and Type are the cluster's (read-only);
// PersistentState is the cluster's persistent state.
struct ResourceCommon {
  LPWSTR name;
  LPWSTR type;
  LPWSTR description;
  DWORD separate_monitor;
  DWORD persistent_state;
  DWORD looks_alive_poll_interval;
  DWORD is_alive_poll_interval;
  DWORD restart_action;
  DWORD restart_threshold;
  DWORD restart_period;
  DWORD restart_delay;
  DWORD retry_period_on_failure;
  DWORD pending_timeout;
  DWORD deadlock_timeout;
  LPWSTR resource_specific_status;
};

const Table& ResourceCommonTable() {
  using R = ResourceCommon;
  static const Table table = {
      Sz(L"Name", offsetof(R, name), RESUTIL_PROPITEM_READ_ONLY),
      Sz(L"Type", offsetof(R, type), RESUTIL_PROPITEM_READ_ONLY),
      Sz(L"Description", offsetof(R, description)),
      Dword(L"SeparateMonitor", offsetof(R, separate_monitor), 0, 0, 1),
      Dword(L"PersistentState", offsetof(R, persistent_state), 0, 0, 1),
      Dword(L"LooksAlivePollInterval", offsetof(R, looks_alive_poll_interval), 0xFFFFFFFF, 10),
      Dword(L"IsAlivePollInterval", offsetof(R, is_alive_poll_interval), 0xFFFFFFFF, 10),
      Dword(L"RestartAction", offsetof(R, restart_action), 2, 0, 2),
      Dword(L"RestartThreshold", offsetof(R, restart_threshold), 3),
      Dword(L"RestartPeriod", offsetof(R, restart_period), 900000),
      Dword(L"RestartDelay", offsetof(R, restart_delay), 500, 0, 0xFFFFFFFF,
            RESUTIL_PROPITEM_READ_ONLY),
      Dword(L"RetryPeriodOnFailure", offsetof(R, retry_period_on_failure), 3600000),
      Dword(L"PendingTimeout", offsetof(R, pending_timeout), 180000, 10),
      Dword(L"DeadlockTimeout", offsetof(R, deadlock_timeout), 300000, 1000),
      Sz(L"ResourceSpecificStatus", offsetof(R, resource_specific_status)),
      {},
  };
  return table;
}

// A resource type's common properties, in the type's key. Name is the cluster's (read-only).
struct TypeCommon {
  LPWSTR name;
  LPWSTR description;
  LPWSTR dll_name;
  DWORD looks_alive_poll_interval;
  DWORD is_alive_poll_interval;
  DWORD pending_timeout;
  DWORD deadlock_timeout;
};

const Table& TypeCommonTable() {
  using T = TypeCommon;
  static const Table table = {
      Sz(L"Name", offsetof(T, name), RESUTIL_PROPITEM_READ_ONLY),
      Sz(L"Description", offsetof(T, description)),
      Sz(L"DllName", offsetof(T, dll_name)),
      Dword(L"LooksAlivePollInterval", offsetof(T, looks_alive_poll_interval), 5000, 10),
      Dword(L"IsAlivePollInterval", offsetof(T, is_alive_poll_interval), 60000, 10),
      Dword(L"PendingTimeout", offsetof(T, pending_timeout), 180000, 10),
      Dword(L"DeadlockTimeout", offsetof(T, deadlock_timeout), 300000, 1000),
      {},
  };
  return table;
}

// The private properties of a "Virtual Machine" resource, in its Parameters key: OfflineAction
// is the value the offline decision reads (cluster.h).
struct VirtualMachinePrivate {
  DWORD offline_action;
};

const Table& VirtualMachineTable() {
  static const Table table = {
      Dword(L"OfflineAction", offsetof(VirtualMachinePrivate, offline_action), 1, 0, 3),
      {},
  };
  return table;
}

// A type's private-property table and the size of the parameter block it describes.
struct PrivateTable {
  const Table* items;
  size_t block_size;
};

// The private-property table of a type's resources; nullopt for a type that declares none.
std::optional<PrivateTable> PrivateTableOf(const std::string& type) {
  if (NameLess()(type, offline::kVirtualMachineType) ||
      NameLess()(offline::kVirtualMachineType, type)) {
    return std::nullopt;
  }
  return PrivateTable{&VirtualMachineTable(), sizeof(VirtualMachinePrivate)};
}

// The items of `table` that are (or are not) read-only.
Table Part(const Table& table, bool read_only) {
  Table part;
  for (const RESUTIL_PROPERTY_ITEM& item : table) {
    if (item.Name == nullptr) break;
    if (((item.Flags & RESUTIL_PROPITEM_READ_ONLY) != 0) == read_only) part.push_back(item);
  }
  part.push_back({});
  return part;
}

PRESUTIL_PROPERTY_ITEM Items(const Table& table) {
  return const_cast<PRESUTIL_PROPERTY_ITEM>(table.data());
}

// ---- Answers ----------------------------------------------------------------------------------

// Sets *returned from a ResUtil call's two counts: the bytes written, or the bytes required
// with ERROR_MORE_DATA.
DWORD Answer(DWORD code, DWORD written, DWORD required, const ControlBuffers& buffers) {
  if (buffers.returned != nullptr) {
    *buffers.returned = code == ERROR_SUCCESS ? written : code == ERROR_MORE_DATA ? required : 0;
  }
  return code;
}

// A parameter block for `table`: zeroed, 8-byte aligned, its pointers freed at the end.
class Block {
 public:
  Block(const Table& table, size_t size) : table_(table), storage_((size + 7) / 8) {}
  ~Block() { ResUtilFreeParameterBlock(data(), nullptr, Items(table_)); }
  Block(const Block&) = delete;
  Block& operator=(const Block&) = delete;
  LPBYTE data() { return reinterpret_cast<LPBYTE>(storage_.data()); }
  template <typename T>
  T& As() {
    return *reinterpret_cast<T*>(storage_.data());
  }

 private:
  const Table& table_;
  std::vector<uint64_t> storage_;
};

// Replaces a string member with a LocalAlloc copy of `text` (UTF-8).
DWORD SetString(LPWSTR* member, const std::string& text) {
  absl::StatusOr<RegistryValue> wide = TextValue(kRegSz, {text});
  if (!wide.ok()) return ERROR_INVALID_DATA;
  LPWSTR copy = ResUtilDupString(reinterpret_cast<const WCHAR*>(wide->data.data()));
  if (copy == nullptr) return ERROR_NOT_ENOUGH_MEMORY;
  LocalFree(*member);
  *member = copy;
  return ERROR_SUCCESS;
}

// GET / GET_RO of common properties: the stored values (defaults where none is stored), with
// the cluster's own facts laid over them by `live`.
template <typename Params, typename Live>
DWORD GetCommon(const Table& table, HKEY key, bool read_only, Live live,
                const ControlBuffers& buffers) {
  Block block(table, sizeof(Params));
  DWORD code =
      ResUtilGetPropertiesToParameterBlock(key, Items(table), block.data(), FALSE, nullptr);
  if (code == ERROR_SUCCESS) code = live(block.As<Params>());
  if (code != ERROR_SUCCESS) return Answer(code, 0, 0, buffers);
  Table part = Part(table, read_only);
  DWORD size = buffers.out_size, written = 0, required = 0;
  code = ResUtilPropertyListFromParameterBlock(Items(part), buffers.out, &size, block.data(),
                                               &written, &required);
  return Answer(code, written, required, buffers);
}

// The formats of the values stored under `key` (a type without a table): one LIST_VALUE_WORD
// per value, as ResUtilGetPropertyFormats gives a table's.
DWORD StoredFormats(HKEY key, const ControlBuffers& buffers) {
  // The values may grow between the size and the fetch (another thread's SET): ask again.
  DWORD written = 0, required = 0;
  std::vector<uint8_t> stored;
  DWORD code = ERROR_MORE_DATA;
  while (code == ERROR_MORE_DATA) {
    stored.resize(required);
    code = ResUtilGetPrivateProperties(key, stored.empty() ? nullptr : stored.data(),
                                       static_cast<DWORD>(stored.size()), &written, &required);
  }
  if (code != ERROR_SUCCESS) return Answer(code, 0, 0, buffers);
  absl::StatusOr<PropertyListReader> list =
      PropertyListReader::Open(absl::MakeConstSpan(stored.data(), written));
  if (!list.ok()) return Answer(ERROR_INVALID_DATA, 0, 0, buffers);
  PropertyListWriter writer;
  for (PropertyView property : *list) {
    writer.BeginProperty(property.name().ToUtf8())
        .AddWord(static_cast<uint16_t>(property.first_value().format()));
  }
  absl::StatusOr<absl::Span<const uint8_t>> formats = writer.Finish();
  if (!formats.ok()) return Answer(ERROR_INVALID_DATA, 0, 0, buffers);
  const auto size = static_cast<DWORD>(formats->size());
  if (buffers.out == nullptr || buffers.out_size < size) {
    return Answer(ERROR_MORE_DATA, 0, size, buffers);
  }
  std::copy(formats->begin(), formats->end(), static_cast<uint8_t*>(buffers.out));
  return Answer(ERROR_SUCCESS, size, 0, buffers);
}

// An empty property list (count 0), for a GET with nothing to return.
DWORD EmptyList(const ControlBuffers& buffers) {
  const Table none = {{}};
  DWORD written = 0, required = 0;
  DWORD code =
      ResUtilGetPropertyFormats(Items(none), buffers.out, buffers.out_size, &written, &required);
  return Answer(code, written, required, buffers);
}

// SET_PRIVATE_PROPERTIES of a table's resource, as a resource DLL writes it: the stored values
// read into a block, the list checked and laid over them, then the block written back with the
// list's unknown properties, all or nothing.
DWORD SetPrivate(const PrivateTable& table, HKEY key, const ControlBuffers& buffers) {
  Block block(*table.items, table.block_size);
  PRESUTIL_PROPERTY_ITEM items = Items(*table.items);
  // A stored value that does not fit its item (written straight to the database) counts as
  // absent: the defaults stand in, and the SET replaces it.
  if (ResUtilGetPropertiesToParameterBlock(key, items, block.data(), FALSE, nullptr) !=
      ERROR_SUCCESS) {
    for (const RESUTIL_PROPERTY_ITEM& item : *table.items) {  // the tables' DWORDs
      if (item.Name != nullptr && item.Format == CLUSPROP_FORMAT_DWORD) {
        std::memcpy(block.data() + item.Offset, &item.Default, sizeof(DWORD));
      }
    }
  }
  DWORD code =
      ResUtilVerifyPropertyTable(items, nullptr, TRUE, buffers.in, buffers.in_size, block.data());
  if (code == ERROR_SUCCESS) {
    code = ResUtilSetPropertyParameterBlock(key, items, nullptr, block.data(), buffers.in,
                                            buffers.in_size, nullptr);
  }
  return code;
}

// The private codes of an object whose properties follow `table` (nullopt: none declared; the
// values stored are then listed, set and checked as they are).
DWORD PrivateControl(const std::optional<PrivateTable>& table, DWORD function, HKEY key,
                     const ControlBuffers& buffers) {
  DWORD written = 0, required = 0, code = ERROR_INVALID_FUNCTION;
  const auto out = static_cast<LPWSTR>(buffers.out);
  if (function == clctl::kEnumPrivateProperties.code) {
    code = table ? ResUtilEnumProperties(Items(*table->items), out, buffers.out_size, &written,
                                         &required)
                 : ResUtilEnumPrivateProperties(key, out, buffers.out_size, &written, &required);
  } else if (function == clctl::kGetPrivateProperties.code) {
    if (table) {
      Table part = Part(*table->items, false);
      code = ResUtilGetAllProperties(key, Items(part), buffers.out, buffers.out_size, &written,
                                     &required);
    } else {
      code = ResUtilGetPrivateProperties(key, buffers.out, buffers.out_size, &written, &required);
    }
  } else if (function == clctl::kGetRoPrivateProperties.code) {
    if (!table) return EmptyList(buffers);
    Table part = Part(*table->items, true);
    code =
        ResUtilGetProperties(key, Items(part), buffers.out, buffers.out_size, &written, &required);
  } else if (function == clctl::kGetPrivatePropertyFmts.code) {
    if (!table) return StoredFormats(key, buffers);
    code = ResUtilGetPropertyFormats(Items(*table->items), buffers.out, buffers.out_size, &written,
                                     &required);
  } else if (function == clctl::kValidatePrivateProperties.code) {
    // What a SET would refuse: the table's checks, then those of storing every property.
    code = table ? ResUtilVerifyPropertyTable(Items(*table->items), nullptr, TRUE, buffers.in,
                                              buffers.in_size, nullptr)
                 : ERROR_SUCCESS;
    if (code == ERROR_SUCCESS) code = ResUtilVerifyPrivatePropertyList(buffers.in, buffers.in_size);
  } else if (function == clctl::kSetPrivateProperties.code) {
    code = table ? SetPrivate(*table, key, buffers)
                 : ResUtilSetPrivatePropertyList(key, buffers.in, buffers.in_size);
  }
  return Answer(code, written, required, buffers);
}

// The common codes other than GET and GET_RO, for an object whose common properties follow
// `table` (unknown names are refused).
DWORD CommonControl(const Table& table, DWORD function, HKEY key, const ControlBuffers& buffers) {
  DWORD written = 0, required = 0, code = ERROR_INVALID_FUNCTION;
  if (function == clctl::kEnumCommonProperties.code) {
    code = ResUtilEnumProperties(Items(table), static_cast<LPWSTR>(buffers.out), buffers.out_size,
                                 &written, &required);
  } else if (function == clctl::kGetCommonPropertyFmts.code) {
    code =
        ResUtilGetPropertyFormats(Items(table), buffers.out, buffers.out_size, &written, &required);
  } else if (function == clctl::kValidateCommonProperties.code) {
    code = ResUtilVerifyPropertyTable(Items(table), nullptr, FALSE, buffers.in, buffers.in_size,
                                      nullptr);
  } else if (function == clctl::kSetCommonProperties.code) {
    code = ResUtilSetPropertyTable(key, Items(table), nullptr, FALSE, buffers.in, buffers.in_size,
                                   nullptr);
  }
  return Answer(code, written, required, buffers);
}

bool IsOneOf(DWORD function, std::initializer_list<ControlFunction> codes) {
  for (const ControlFunction& code : codes) {
    if (code.code == function) return true;
  }
  return false;
}

bool TakesList(DWORD function) {
  return IsOneOf(function, {clctl::kSetCommonProperties, clctl::kValidateCommonProperties,
                            clctl::kSetPrivateProperties, clctl::kValidatePrivateProperties});
}

// ERROR_SUCCESS when the input fits the code: a code that takes a list needs one.
DWORD CheckInput(DWORD function, const ControlBuffers& buffers) {
  if (TakesList(function) && buffers.in == nullptr) return RPC_X_BAD_STUB_DATA;
  return ERROR_SUCCESS;
}

}  // namespace

bool IsPropertyControl(DWORD object, DWORD function) {
  const bool common =
      IsOneOf(function, {clctl::kEnumCommonProperties, clctl::kGetCommonProperties,
                         clctl::kGetRoCommonProperties, clctl::kSetCommonProperties,
                         clctl::kValidateCommonProperties, clctl::kGetCommonPropertyFmts,
                         clctl::kEnumPrivateProperties, clctl::kGetPrivateProperties,
                         clctl::kGetRoPrivateProperties, clctl::kSetPrivateProperties,
                         clctl::kValidatePrivateProperties, clctl::kGetPrivatePropertyFmts});
  if (common) return true;
  return object == static_cast<DWORD>(ControlObject::kResourceType) &&
         IsOneOf(function,
                 {clctl::kGetCommonResourcePropertyFmts, clctl::kGetPrivateResourcePropertyFmts});
}

bool IsPropertyWrite(DWORD function) {
  return IsOneOf(function, {clctl::kSetCommonProperties, clctl::kSetPrivateProperties});
}

DWORD ResourcePropertyControl(Cluster& cluster, const std::string& resource, DWORD function,
                              const PropertyKeys& keys, const ControlBuffers& buffers) {
  if (DWORD code = CheckInput(function, buffers); code != ERROR_SUCCESS) {
    return Answer(code, 0, 0, buffers);
  }
  std::optional<ResourceStatus> status = cluster.GetStatus(resource);
  if (!status) return Answer(ERROR_RESOURCE_NOT_FOUND, 0, 0, buffers);
  const Table& common = ResourceCommonTable();
  if (IsOneOf(function, {clctl::kGetCommonProperties, clctl::kGetRoCommonProperties})) {
    const bool read_only = function == clctl::kGetRoCommonProperties.code;
    return GetCommon<ResourceCommon>(
        common, keys.object, read_only,
        [&](ResourceCommon& block) {
          block.persistent_state = status->persistent_online ? 1 : 0;
          DWORD code = SetString(&block.name, status->name);
          return code == ERROR_SUCCESS ? SetString(&block.type, status->type) : code;
        },
        buffers);
  }
  if (function == clctl::kSetCommonProperties.code) {
    // The stored PersistentState and the cluster's change together (the value the list left
    // stored: its last copy).
    static std::mutex persistent_mu;
    std::lock_guard<std::mutex> lock(persistent_mu);
    DWORD code = CommonControl(common, function, keys.object, buffers);
    DWORD persistent = 0, unused = 0;
    if (code == ERROR_SUCCESS &&
        ResUtilFindDwordProperty(buffers.in, buffers.in_size, L"PersistentState", &unused) ==
            ERROR_SUCCESS &&
        ResUtilGetDwordValue(keys.object, L"PersistentState", &persistent, 0) == ERROR_SUCCESS) {
      (void)cluster.SetPersistentState(resource, persistent != 0);
    }
    return code;
  }
  if (IsOneOf(function, {clctl::kEnumCommonProperties, clctl::kGetCommonPropertyFmts,
                         clctl::kValidateCommonProperties})) {
    return CommonControl(common, function, keys.object, buffers);
  }
  const std::optional<PrivateTable> table = PrivateTableOf(status->type);
  DWORD code = PrivateControl(table, function, keys.parameters, buffers);
  // Values a type declares no table for reach its resource DLL when it next comes online.
  if (code == ERROR_SUCCESS && function == clctl::kSetPrivateProperties.code && !table &&
      status->state == ResourceState::kOnline) {
    return ERROR_RESOURCE_PROPERTIES_STORED;
  }
  return code;
}

DWORD ResourceTypePropertyControl(const std::string& type, DWORD function, const PropertyKeys& keys,
                                  const ControlBuffers& buffers) {
  if (DWORD code = CheckInput(function, buffers); code != ERROR_SUCCESS) {
    return Answer(code, 0, 0, buffers);
  }
  const Table& common = TypeCommonTable();
  if (IsOneOf(function, {clctl::kGetCommonProperties, clctl::kGetRoCommonProperties})) {
    const bool read_only = function == clctl::kGetRoCommonProperties.code;
    return GetCommon<TypeCommon>(
        common, keys.object, read_only,
        [&](TypeCommon& block) { return SetString(&block.name, type); }, buffers);
  }
  if (function == clctl::kGetCommonResourcePropertyFmts.code) {
    return CommonControl(ResourceCommonTable(), clctl::kGetCommonPropertyFmts.code, keys.object,
                         buffers);
  }
  if (function == clctl::kGetPrivateResourcePropertyFmts.code) {
    const std::optional<PrivateTable> table = PrivateTableOf(type);
    return table ? PrivateControl(table, clctl::kGetPrivatePropertyFmts.code, keys.parameters,
                                  buffers)
                 : EmptyList(buffers);
  }
  if (IsOneOf(function, {clctl::kEnumCommonProperties, clctl::kGetCommonPropertyFmts,
                         clctl::kValidateCommonProperties, clctl::kSetCommonProperties})) {
    return CommonControl(common, function, keys.object, buffers);
  }
  return PrivateControl(std::nullopt, function, keys.parameters, buffers);
}

}  // namespace cluster
}  // namespace clusprop
