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
  for (;;) {  // the size can change between the two calls
    DWORD size = 0;
    LONG code = ClusterRegQueryValue(key, name, &value->type, nullptr, &size);
    if (code != ERROR_SUCCESS) return static_cast<DWORD>(code);
    value->data.resize(size);
    code = ClusterRegQueryValue(key, name, &value->type, value->data.data(), &size);
    if (code == ERROR_MORE_DATA) continue;
    if (code != ERROR_SUCCESS) return static_cast<DWORD>(code);
    value->data.resize(size);
    return ERROR_SUCCESS;
  }
}

DWORD OpenItemKey(HKEY key, const RESUTIL_PROPERTY_ITEM& item, bool create, HKEY* result,
                  bool* opened) {
  *opened = false;
  if (item.KeyName == nullptr) {
    *result = key;
    return ERROR_SUCCESS;
  }
  const LONG code = create ? ClusterRegCreateKey(key, item.KeyName, REG_OPTION_NON_VOLATILE,
                                                 KEY_ALL_ACCESS, nullptr, result, nullptr)
                           : ClusterRegOpenKey(key, item.KeyName, KEY_ALL_ACCESS, result);
  if (code != ERROR_SUCCESS) {
    // A key opened with fewer rights than asked is retried for reading.
    if (code == ERROR_ACCESS_DENIED && !create &&
        ClusterRegOpenKey(key, item.KeyName, KEY_READ, result) == ERROR_SUCCESS) {
      *opened = true;
      return ERROR_SUCCESS;
    }
    return static_cast<DWORD>(code);
  }
  *opened = true;
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

DWORD WriteListValue(HKEY key, const std::string& name, const ValueView& value, DWORD type) {
  // "Path\Name": the value Name in the subkey Path.
  HKEY target = key;
  bool opened = false;
  std::string value_name = name;
  if (const size_t slash = name.rfind('\\'); slash != std::string::npos) {
    const std::basic_string<WCHAR> path = Utf8ToWide(name.substr(0, slash));
    const LONG code = ClusterRegCreateKey(key, path.c_str(), REG_OPTION_NON_VOLATILE,
                                          KEY_ALL_ACCESS, nullptr, &target, nullptr);
    if (code != ERROR_SUCCESS) return static_cast<DWORD>(code);
    opened = true;
    value_name = name.substr(slash + 1);
  }
  const std::basic_string<WCHAR> wide_name = Utf8ToWide(value_name);
  DWORD code;
  if (value.length() == 0) {  // back to the default: the stored value goes
    code = ClusterRegDeleteValue(target, wide_name.c_str());
    if (code == ERROR_FILE_NOT_FOUND) code = ERROR_SUCCESS;
  } else {
    std::optional<std::vector<uint8_t>> bytes = StoredBytesOf(value);
    code = !bytes ? static_cast<DWORD>(ERROR_INVALID_DATA)
                  : ClusterRegSetValue(target, wide_name.c_str(), type, bytes->data(),
                                       static_cast<DWORD>(bytes->size()));
  }
  if (opened) ClusterRegCloseKey(target);
  return code;
}

}  // namespace resutil
}  // namespace clusprop
