#include "resutil/registry.h"

#include <cstring>
#include <string_view>

#include "resutil/internal.h"

namespace clusprop {
namespace resutil {
namespace {

// The WCHAR units of stored text, up to (not including) the first NUL or the end.
std::basic_string<WCHAR> StoredText(const std::vector<uint8_t>& data, size_t* consumed) {
  const size_t units = data.size() / sizeof(WCHAR);
  std::basic_string<WCHAR> text;
  size_t i = 0;
  for (; i < units; ++i) {
    WCHAR c;
    std::memcpy(&c, data.data() + i * sizeof(WCHAR), sizeof(WCHAR));
    if (c == 0) break;
    text.push_back(c);
  }
  if (consumed != nullptr) *consumed = i;
  return text;
}

// Text as stored bytes: its WCHAR units and a NUL.
void AppendStoredText(Utf16View text, std::vector<uint8_t>* out) {
  std::basic_string<WCHAR> wide;
  AppendWide(text, &wide);
  wide.push_back(0);
  const auto* bytes = reinterpret_cast<const uint8_t*>(wide.data());
  out->insert(out->end(), bytes, bytes + wide.size() * sizeof(WCHAR));
}

template <typename T>
T LoadStored(const std::vector<uint8_t>& data) {
  T value;
  std::memcpy(&value, data.data(), sizeof(T));
  return value;
}

// The property format a registry type maps to, for values no table describes.
DWORD FormatOfType(DWORD type) {
  switch (type) {
    case REG_DWORD:
      return CLUSPROP_FORMAT_DWORD;
    case REG_SZ:
      return CLUSPROP_FORMAT_SZ;
    case REG_EXPAND_SZ:
      return CLUSPROP_FORMAT_EXPAND_SZ;
    case REG_MULTI_SZ:
      return CLUSPROP_FORMAT_MULTI_SZ;
    case REG_QWORD:
      return CLUSPROP_FORMAT_ULARGE_INTEGER;
    default:
      return CLUSPROP_FORMAT_BINARY;
  }
}

}  // namespace

DWORD RegistryTypeOf(DWORD format) {
  switch (format) {
    case CLUSPROP_FORMAT_DWORD:
    case CLUSPROP_FORMAT_LONG:
      return REG_DWORD;
    case CLUSPROP_FORMAT_SZ:
      return REG_SZ;
    case CLUSPROP_FORMAT_EXPAND_SZ:
    case CLUSPROP_FORMAT_EXPANDED_SZ:
      return REG_EXPAND_SZ;
    case CLUSPROP_FORMAT_MULTI_SZ:
      return REG_MULTI_SZ;
    case CLUSPROP_FORMAT_ULARGE_INTEGER:
    case CLUSPROP_FORMAT_LARGE_INTEGER:
      return REG_QWORD;
    default:
      return REG_BINARY;
  }
}

DWORD ReadStored(HKEY key, LPCWSTR name, StoredValue* value) {
  value->data.resize(64);  // most values fit: one call
  for (;;) {               // else the size asked for, which may change between calls
    DWORD size = static_cast<DWORD>(value->data.size());
    const LONG code = ClusterRegQueryValue(key, name, &value->type, value->data.data(), &size);
    if (code == ERROR_MORE_DATA) {
      value->data.resize(size);
      continue;
    }
    if (code != ERROR_SUCCESS) return static_cast<DWORD>(code);
    value->data.resize(size);
    return ERROR_SUCCESS;
  }
}

Location LocationOf(const RESUTIL_PROPERTY_ITEM& item) {
  Location location;
  if (item.KeyName != nullptr) location.path = WideToUtf8(item.KeyName).value_or("");
  location.name = WideToUtf8(item.Name).value_or("");
  return location;
}

std::optional<Location> LocationOf(Utf16View name) {
  if (!name.IsWellFormed()) return std::nullopt;
  std::string utf8 = name.ToUtf8();
  // An empty name would be the key's own (default) value, which no property names.
  if (utf8.empty() || utf8.find('\0') != std::string::npos) return std::nullopt;
  Location location;
  const size_t slash = utf8.rfind('\\');
  if (slash == std::string::npos) {
    location.name = std::move(utf8);
    return location;
  }
  location.path = utf8.substr(0, slash);
  location.name = utf8.substr(slash + 1);
  if (location.path.empty() || location.name.empty() || location.path.front() == '\\' ||
      location.path.back() == '\\' || location.path.find("\\\\") != std::string::npos) {
    return std::nullopt;
  }
  return location;
}

namespace {

bool SameName(const std::string& a, const std::string& b) {
  absl::StatusOr<std::u16string> a16 = Utf8ToUtf16(a);
  if (!a16.ok()) return false;
  return Utf16View(reinterpret_cast<const uint8_t*>(a16->data()), a16->size()).EqualsIgnoreCase(b);
}

}  // namespace

bool SameLocation(const Location& a, const Location& b) {
  return SameName(a.path, b.path) && SameName(a.name, b.name);
}

DWORD OpenForReading(HKEY key, const std::string& path, HKEY* result, bool* opened) {
  *opened = false;
  if (path.empty()) {
    *result = key;
    return ERROR_SUCCESS;
  }
  const LONG code = ClusterRegOpenKey(key, Utf8ToWide(path).c_str(), KEY_READ, result);
  if (code != ERROR_SUCCESS) return static_cast<DWORD>(code);
  *opened = true;
  return ERROR_SUCCESS;
}

DWORD CheckPrivateList(const PropertyListReader& list) {
  for (PropertyView property : list) {
    if (!LocationOf(property.name())) return ERROR_INVALID_PARAMETER;
    const ValueView value = property.first_value();
    if (value.length() > 0 && !StoredBytesOf(value)) return ERROR_INVALID_DATA;
  }
  return ERROR_SUCCESS;
}

WritePlan::~WritePlan() {
  for (const auto& entry : opened_) ClusterRegCloseKey(entry.second);
}

DWORD WritePlan::KeyAt(const std::string& path, HKEY* result) {
  if (path.empty()) {
    *result = key_;
    return ERROR_SUCCESS;
  }
  for (const auto& entry : opened_) {
    if (SameName(entry.first, path)) {
      *result = entry.second;
      return ERROR_SUCCESS;
    }
  }
  // Reading and writing rights only: a key opened with KEY_READ | KEY_WRITE may make these.
  const LONG code = ClusterRegCreateKey(key_, Utf8ToWide(path).c_str(), REG_OPTION_NON_VOLATILE,
                                        KEY_READ | KEY_WRITE, nullptr, result, nullptr);
  if (code != ERROR_SUCCESS) return static_cast<DWORD>(code);
  opened_.emplace_back(path, *result);
  return ERROR_SUCCESS;
}

DWORD WritePlan::Add(const Location& location, const ValueView& value, DWORD type,
                     bool empty_deletes, bool only_if_changed) {
  Write write{nullptr, Utf8ToWide(location.name), value.length() == 0 && empty_deletes, type, {}};
  if (!write.erase && value.length() > 0) {
    std::optional<std::vector<uint8_t>> bytes = StoredBytesOf(value);
    if (!bytes) return ERROR_INVALID_DATA;
    write.bytes = std::move(*bytes);
  }
  if (DWORD code = KeyAt(location.path, &write.key)) return code;
  if (only_if_changed && !write.erase) {
    StoredValue stored;
    if (ReadStored(write.key, write.name.c_str(), &stored) == ERROR_SUCCESS &&
        stored.type == type && stored.data == write.bytes) {
      return ERROR_SUCCESS;
    }
  }
  writes_.push_back(std::move(write));
  return ERROR_SUCCESS;
}

DWORD WritePlan::Commit() {
  for (const Write& write : writes_) {
    DWORD code;
    if (write.erase) {
      code = ClusterRegDeleteValue(write.key, write.name.c_str());
      if (code == ERROR_FILE_NOT_FOUND) code = ERROR_SUCCESS;
    } else {
      code = ClusterRegSetValue(write.key, write.name.c_str(), write.type, write.bytes.data(),
                                static_cast<DWORD>(write.bytes.size()));
    }
    if (code != ERROR_SUCCESS) return code;
  }
  return ERROR_SUCCESS;
}

std::optional<std::vector<uint8_t>> StoredBytesOf(const ValueView& value) {
  std::vector<uint8_t> out;
  switch (KindOf(value.format())) {
    case ValueKind::kString: {
      absl::StatusOr<Utf16View> text = value.AsString();
      if (!text.ok()) return std::nullopt;
      AppendStoredText(*text, &out);
      return out;
    }
    case ValueKind::kMultiString: {
      absl::StatusOr<MultiStringView> strings = value.AsMultiString();
      if (!strings.ok()) return std::nullopt;
      for (Utf16View s : *strings) AppendStoredText(s, &out);
      const WCHAR nul = 0;
      const auto* bytes = reinterpret_cast<const uint8_t*>(&nul);
      out.insert(out.end(), bytes, bytes + sizeof(WCHAR));
      if (strings->empty()) out.insert(out.end(), bytes, bytes + sizeof(WCHAR));
      return out;
    }
    default: {  // numbers (little-endian, as the host stores them) and bytes: as in the list
      if (!value.CheckTyped().ok()) return std::nullopt;
      absl::Span<const uint8_t> data = value.data();
      out.assign(data.begin(), data.end());
      return out;
    }
  }
}

bool AddStored(const StoredValue& value, DWORD format, PropertyListWriter* writer) {
  if (format == CLUSPROP_FORMAT_UNKNOWN) format = FormatOfType(value.type);
  if (RegistryTypeOf(format) != value.type &&
      !(value.type == REG_SZ && format == CLUSPROP_FORMAT_EXPAND_SZ)) {
    return false;
  }
  const uint32_t syntax = MakeSyntax(Type::kListValue, static_cast<Format>(format));
  switch (format) {
    case CLUSPROP_FORMAT_DWORD:
    case CLUSPROP_FORMAT_LONG:
      if (value.data.size() != 4) return false;
      writer->AddRaw(syntax, value.data);
      return true;
    case CLUSPROP_FORMAT_ULARGE_INTEGER:
    case CLUSPROP_FORMAT_LARGE_INTEGER:
    case CLUSPROP_FORMAT_FILETIME:
      if (value.data.size() != 8) return false;
      writer->AddRaw(syntax, value.data);
      return true;
    case CLUSPROP_FORMAT_SZ:
    case CLUSPROP_FORMAT_EXPAND_SZ: {
      const std::basic_string<WCHAR> text = StoredText(value.data, nullptr);
      std::optional<std::string> utf8 = WideToUtf8(text.data(), text.size());
      if (!utf8) return false;
      writer->AddString(*utf8, syntax);
      return true;
    }
    case CLUSPROP_FORMAT_MULTI_SZ: {
      std::vector<std::string> strings;
      size_t offset = 0;  // in units
      const size_t units = value.data.size() / sizeof(WCHAR);
      while (offset < units) {
        std::vector<uint8_t> rest(value.data.begin() + offset * sizeof(WCHAR), value.data.end());
        size_t consumed = 0;
        const std::basic_string<WCHAR> text = StoredText(rest, &consumed);
        if (text.empty()) break;
        std::optional<std::string> utf8 = WideToUtf8(text.data(), text.size());
        if (!utf8) return false;
        strings.push_back(std::move(*utf8));
        offset += consumed + 1;
      }
      std::vector<std::string_view> views(strings.begin(), strings.end());
      writer->AddMultiString(views, syntax);
      return true;
    }
    default:  // BINARY
      writer->AddBinary(value.data, syntax);
      return true;
  }
}

}  // namespace resutil
}  // namespace clusprop
