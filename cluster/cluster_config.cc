#include "cluster/cluster_config.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "clusprop/json.h"
#include "clusprop/status_macros.h"
#include "clusprop/utf16.h"
#include "clusprop/win32_error.h"
#include "nlohmann/json.hpp"

namespace clusprop {
namespace cluster {
namespace {

using nlohmann::json;
using offline::OfflinePolicy;
using offline::ParseResourceState;

constexpr uint64_t kInfiniteMilliseconds = 0xFFFFFFFF;  // INFINITE, as Windows waits spell it

absl::Status ConfigError(const std::string& path, const std::string& what) {
  return Win32Error(kErrorInvalidData, absl::StrCat(path, ": ", what));
}

absl::Status CheckKeys(const json& object, const std::string& path,
                       const std::set<std::string>& allowed) {
  if (!object.is_object()) return ConfigError(path, "expected an object");
  for (const auto& [key, value] : object.items()) {
    if (allowed.count(key) == 0) {
      return ConfigError(path, "unknown key '" + PrintableText(key) + "'");
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> GetString(const json& object, const std::string& key,
                                      const std::string& path, const std::string& fallback,
                                      bool required = false) {
  auto it = object.find(key);
  if (it == object.end()) {
    if (required) return ConfigError(path, "missing '" + key + "'");
    return fallback;
  }
  if (!it->is_string()) return ConfigError(path + "." + key, "expected a string");
  return it->get<std::string>();
}

// Bytes written as hexadecimal digits, two per byte; nullopt for anything else.
std::optional<std::vector<uint8_t>> ParseHex(const std::string& hex) {
  if (hex.size() % 2 != 0 ||
      !std::all_of(hex.begin(), hex.end(), [](char c) { return absl::ascii_isxdigit(c); })) {
    return std::nullopt;
  }
  const std::string bytes = absl::HexStringToBytes(absl::string_view(hex.data(), hex.size()));
  return std::vector<uint8_t>(bytes.begin(), bytes.end());
}

// One value of "parameters": a number (REG_DWORD up to 4294967295, else REG_QWORD), a string
// (REG_SZ), an array of strings (REG_MULTI_SZ), {"expand_sz": string} or {"binary": hex}.
absl::StatusOr<RegistryValue> ParameterFromJson(const json& value, const std::string& path) {
  const auto little_endian = [](uint32_t type, uint64_t number, size_t size) {
    RegistryValue stored{type, std::vector<uint8_t>(size)};
    for (size_t i = 0; i < size; ++i) stored.data[i] = static_cast<uint8_t>(number >> (8 * i));
    return stored;
  };
  if (value.is_number_unsigned()) {
    const uint64_t number = value.get<uint64_t>();
    return number <= 0xFFFFFFFF ? little_endian(kRegDword, number, 4)
                                : little_endian(kRegQword, number, 8);
  }
  absl::StatusOr<RegistryValue> text;
  if (value.is_string()) {
    text = TextValue(kRegSz, {value.get<std::string>()});
  } else if (value.is_array() && std::all_of(value.begin(), value.end(), [](const json& item) {
               // An empty string would end a MULTI_SZ early.
               return item.is_string() && !item.get_ref<const std::string&>().empty();
             })) {
    text = TextValue(kRegMultiSz, value.get<std::vector<std::string>>());
  } else if (value.is_object() && value.size() == 1 && value.contains("expand_sz") &&
             value["expand_sz"].is_string()) {
    text = TextValue(kRegExpandSz, {value["expand_sz"].get<std::string>()});
  } else if (value.is_object() && value.size() == 1 && value.contains("binary") &&
             value["binary"].is_string()) {
    std::optional<std::vector<uint8_t>> bytes = ParseHex(value["binary"].get<std::string>());
    if (!bytes) return ConfigError(path + ".binary", "expected hexadecimal bytes");
    return RegistryValue{kRegBinary, std::move(*bytes)};
  } else if (value.is_object() && value.size() == 1 && value.contains("qword") &&
             value["qword"].is_number_unsigned()) {
    return little_endian(kRegQword, value["qword"].get<uint64_t>(), 8);
  } else if (value.is_object() && value.size() == 2 && value.contains("type") &&
             value.contains("data") && value["type"].is_number_unsigned() &&
             value["type"].get<uint64_t>() <= 0xFFFFFFFF && value["data"].is_string()) {
    std::optional<std::vector<uint8_t>> bytes = ParseHex(value["data"].get<std::string>());
    if (!bytes) return ConfigError(path + ".data", "expected hexadecimal bytes");
    return RegistryValue{value["type"].get<uint32_t>(), std::move(*bytes)};
  } else {
    return ConfigError(path,
                       "expected a number from 0 to 18446744073709551615, a string, an array of "
                       "non-empty strings, {\"expand_sz\": string}, {\"binary\": hex}, {\"qword\": "
                       "number} or {\"type\": registry type, \"data\": hex}");
  }
  if (!text.ok()) return ConfigError(path, "expected text without NULs");
  return text;
}

// "parameters": the resource's private properties, named as property names are (unique without
// regard to case, no NUL).
absl::Status ParametersFromJson(const json& object, const std::string& path, ResourceSpec* spec) {
  if (!object.is_object()) return ConfigError(path, "expected an object");
  std::set<std::string, RegistryNameLess> seen;
  for (const auto& [name, value] : object.items()) {
    const std::string where = path + "." + PrintableText(name);
    if (name.empty() || name.find_first_of(std::string_view("\0\\", 2)) != std::string::npos) {
      return ConfigError(where, "a name is not empty and holds no NUL and no '\\'");
    }
    if (!seen.insert(name).second) {
      return ConfigError(where, "repeats a name (names ignore case)");
    }
    ASSIGN_OR_RETURN(RegistryValue stored, ParameterFromJson(value, where));
    spec->parameters.emplace_back(name, std::move(stored));
  }
  return absl::OkStatus();
}

absl::StatusOr<ResourceSpec> ResourceFromJson(const json& object, const std::string& path) {
  RETURN_IF_ERROR(CheckKeys(object, path,
                            {"name", "type", "state", "locked", "dependencies", "node", "group",
                             "offline_action", "parameters"}));
  ResourceSpec spec;
  ASSIGN_OR_RETURN(spec.name, GetString(object, "name", path, "", /*required=*/true));
  ASSIGN_OR_RETURN(spec.type, GetString(object, "type", path, "", /*required=*/true));
  ASSIGN_OR_RETURN(std::string state, GetString(object, "state", path, "Online"));
  std::optional<ResourceState> parsed = ParseResourceState(state);
  if (!parsed) return ConfigError(path + ".state", "unknown state '" + PrintableText(state) + "'");
  spec.state = *parsed;
  ASSIGN_OR_RETURN(spec.node, GetString(object, "node", path, spec.node));
  ASSIGN_OR_RETURN(spec.group, GetString(object, "group", path, spec.group));
  if (auto it = object.find("locked"); it != object.end()) {
    if (!it->is_boolean()) return ConfigError(path + ".locked", "expected true or false");
    spec.locked = it->get<bool>();
  }
  if (auto it = object.find("dependencies"); it != object.end()) {
    if (!it->is_array()) return ConfigError(path + ".dependencies", "expected an array");
    for (const json& name : *it) {
      if (!name.is_string()) return ConfigError(path + ".dependencies", "expected names");
      spec.dependencies.push_back(name.get<std::string>());
    }
  }
  if (auto it = object.find("offline_action"); it != object.end()) {
    if (!it->is_number_unsigned() || it->get<uint64_t>() > 3) {
      return ConfigError(path + ".offline_action", "expected 0, 1, 2 or 3");
    }
    spec.offline_action = it->get<uint32_t>();
    if (auto parameters = object.find("parameters");
        parameters != object.end() && parameters->is_object()) {
      for (const auto& [name, value] : parameters->items()) {
        if (!RegistryNameLess()(name, "OfflineAction") &&
            !RegistryNameLess()("OfflineAction", name)) {
          return ConfigError(path + ".offline_action",
                             "given twice: here and in parameters." + PrintableText(name));
        }
      }
    }
  }
  if (auto it = object.find("parameters"); it != object.end()) {
    RETURN_IF_ERROR(ParametersFromJson(*it, path + ".parameters", &spec));
    const bool vm = !NameLess()(spec.type, offline::kVirtualMachineType) &&
                    !NameLess()(offline::kVirtualMachineType, spec.type);
    for (const auto& [name, value] : spec.parameters) {
      const bool offline_action =
          !RegistryNameLess()(name, "OfflineAction") && !RegistryNameLess()("OfflineAction", name);
      if (vm && offline_action &&
          (value.type != kRegDword || value.data.size() != 4 || value.data[0] > 3 ||
           value.data[1] != 0 || value.data[2] != 0 || value.data[3] != 0)) {
        return ConfigError(path + ".parameters." + PrintableText(name), "expected 0, 1, 2 or 3");
      }
    }
  }
  return spec;
}

// ---- Writing a description -----------------------------------------------------------------

// The strings of wchar_t text (each NUL-terminated): nullopt unless `data` is whole units of
// well-formed text, every string ended by a NUL.
std::optional<std::vector<std::string>> DecodeStrings(const std::vector<uint8_t>& data) {
  if (data.size() % sizeof(wchar_t) != 0) return std::nullopt;
  std::vector<wchar_t> units(data.size() / sizeof(wchar_t));
  if (!units.empty()) std::memcpy(units.data(), data.data(), data.size());
  std::vector<std::string> strings(1);
  for (size_t i = 0; i < units.size(); ++i) {
    char32_t c = static_cast<char32_t>(units[i]);
    if (sizeof(wchar_t) == sizeof(char16_t)) {
      c &= 0xFFFF;
      if (c >= 0xD800 && c <= 0xDBFF && i + 1 < units.size()) {
        const char32_t low = static_cast<char32_t>(units[i + 1]) & 0xFFFF;
        if (low >= 0xDC00 && low <= 0xDFFF) {
          c = 0x10000 + ((c - 0xD800) << 10) + (low - 0xDC00);
          ++i;
        }
      }
    }
    if ((c >= 0xD800 && c <= 0xDFFF) || c > 0x10FFFF) return std::nullopt;
    if (c == 0) {
      strings.emplace_back();
    } else {
      AppendUtf8(c, &strings.back());
    }
  }
  if (!strings.back().empty()) return std::nullopt;  // text after the last NUL
  strings.pop_back();
  return strings;
}

std::string Hex(const std::vector<uint8_t>& bytes) {
  return absl::BytesToHexString(
      absl::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
}

// The JSON form of a stored value that ParameterFromJson reads back to the same type and bytes.
json ParameterToJson(const RegistryValue& value) {
  uint64_t number = 0;
  for (size_t i = value.data.size(); i-- > 0;) number = (number << 8) | value.data[i];
  if (value.type == kRegDword && value.data.size() == 4) return number;
  if (value.type == kRegQword && value.data.size() == 8) {
    return number > 0xFFFFFFFF ? json(number) : json{{"qword", number}};
  }
  if (value.type == kRegSz || value.type == kRegExpandSz || value.type == kRegMultiSz) {
    std::optional<std::vector<std::string>> strings = DecodeStrings(value.data);
    const bool one = value.type != kRegMultiSz;
    const bool readable =
        strings && (one ? strings->size() == 1
                        : std::none_of(strings->begin(), strings->end(),
                                       [](const std::string& text) { return text.empty(); }));
    if (readable) {
      absl::StatusOr<RegistryValue> again = TextValue(value.type, *strings);
      if (again.ok() && *again == value) {
        if (value.type == kRegSz) return strings->front();
        if (value.type == kRegExpandSz) return json{{"expand_sz", strings->front()}};
        return *strings;
      }
    }
  }
  if (value.type == kRegBinary) return json{{"binary", Hex(value.data)}};
  return json{{"type", value.type}, {"data", Hex(value.data)}};
}

// The values of the resource's Parameters key.
absl::StatusOr<json> ParametersToJson(Database& database, const std::string& resource) {
  json parameters = json::object();
  absl::StatusOr<Database::Key> key = database.ResourceKey(resource);
  if (key.ok()) key = database.Open(*key, kParametersKey);
  if (!key.ok()) return parameters;  // none stored
  for (uint32_t index = 0;; ++index) {
    absl::StatusOr<std::pair<std::string, RegistryValue>> value = database.EnumValue(*key, index);
    if (!value.ok()) break;
    parameters[value->first] = ParameterToJson(value->second);
  }
  return parameters;
}

bool SameRules(const OfflinePolicy& a, const OfflinePolicy& b) {
  if (a.failed_resource() != b.failed_resource() || a.rules().size() != b.rules().size()) {
    return false;
  }
  for (size_t i = 0; i < a.rules().size(); ++i) {
    if (a.rules()[i].name != b.rules()[i].name) return false;
  }
  return true;
}

}  // namespace

absl::StatusOr<std::string> ClusterToJson(Cluster& cluster) {
  json root = json::object();
  const OfflinePolicy& policy = cluster.options().policy;
  if (SameRules(policy, OfflinePolicy::Lenient())) {
    root["policy"] = "lenient";
  } else if (SameRules(policy, OfflinePolicy::Strict())) {
    root["policy"] = "strict";
  } else {
    return Win32Error(kErrorInvalidParameter,
                      "the policy is neither preset: no description has it");
  }
  const absl::Duration timeout = cluster.options().pending_timeout;
  root["pending_timeout_ms"] = timeout >= absl::Milliseconds(kInfiniteMilliseconds)
                                   ? kInfiniteMilliseconds
                                   : static_cast<uint64_t>(absl::ToInt64Milliseconds(timeout));
  json resources = json::array();
  for (const ResourceSpec& spec : cluster.Resources()) {
    json resource = {{"name", spec.name},
                     {"type", spec.type},
                     {"state", std::string(ResourceStateName(spec.state))},
                     {"locked", spec.locked},
                     {"dependencies", spec.dependencies},
                     {"node", spec.node},
                     {"group", spec.group}};
    ASSIGN_OR_RETURN(resource["parameters"], ParametersToJson(cluster.database(), spec.name));
    resources.push_back(std::move(resource));
  }
  root["resources"] = std::move(resources);
  try {
    return root.dump(2, ' ', false, json::error_handler_t::strict) + "\n";
  } catch (const json::exception&) {
    return Win32Error(kErrorInvalidData, "a name is not UTF-8: no description holds it");
  }
}

absl::StatusOr<std::unique_ptr<Cluster>> ClusterFromJson(std::string_view json_text) {
  // The project's one JSON parser: a repeated key, too deep a nesting or a malformed text is an
  // error with its place.
  ASSIGN_OR_RETURN(json root, ParseJson(json_text));
  RETURN_IF_ERROR(CheckKeys(root, "$", {"policy", "pending_timeout_ms", "resources"}));

  Cluster::Options options;
  ASSIGN_OR_RETURN(std::string policy, GetString(root, "policy", "$", "strict"));
  if (policy == "lenient") {
    options.policy = OfflinePolicy::Lenient();
  } else if (policy != "strict") {
    return ConfigError("policy", "expected \"strict\" or \"lenient\"");
  }
  if (auto it = root.find("pending_timeout_ms"); it != root.end()) {
    if (!it->is_number_unsigned() || it->get<uint64_t>() > kInfiniteMilliseconds) {
      return ConfigError("pending_timeout_ms", "expected milliseconds, 0 to 4294967295");
    }
    uint64_t milliseconds = it->get<uint64_t>();
    options.pending_timeout = milliseconds == kInfiniteMilliseconds
                                  ? absl::InfiniteDuration()
                                  : absl::Milliseconds(static_cast<int64_t>(milliseconds));
  }
  auto resources = root.find("resources");
  if (resources == root.end() || !resources->is_array()) {
    return ConfigError("resources", "expected an array");
  }
  auto cluster = std::make_unique<Cluster>(std::move(options));
  for (size_t i = 0; i < resources->size(); ++i) {
    std::string path = absl::StrCat("resources[", i, "]");
    ASSIGN_OR_RETURN(ResourceSpec spec, ResourceFromJson((*resources)[i], path));
    if (cluster->HandlerOf(spec.type) == nullptr) {
      RETURN_IF_ERROR(cluster->AddResourceType(spec.type, std::make_shared<RecordingHandler>()));
    }
    if (absl::Status status = cluster->AddResource(spec); !status.ok()) {
      return ConfigError(path, std::string(ErrorWhat(status)));
    }
  }
  return cluster;
}

absl::StatusOr<std::unique_ptr<Cluster>> ClusterFromFile(const std::string& path) {
  std::FILE* file = std::fopen(path.c_str(), "rb");
  const std::string shown = PrintableText(path);
  if (file == nullptr) {
    const int err = errno;
    const uint32_t code = err == EACCES ? kErrorAccessDenied : kErrorFileNotFound;
    return Win32Error(code, absl::StrCat(shown, ": cannot open (", std::strerror(err), ")"));
  }
  std::string text;
  char chunk[65536];
  size_t got;
  bool too_large = false;
  while (!too_large && (got = std::fread(chunk, 1, sizeof(chunk), file)) > 0) {
    too_large = text.size() + got > kMaxDescriptionSize;
    if (!too_large) text.append(chunk, got);
  }
  const bool read_error = std::ferror(file) != 0;
  const int err = errno;
  std::fclose(file);
  if (too_large) {
    return Win32Error(kErrorFileTooLarge,
                      absl::StrCat(shown, ": larger than ", kMaxDescriptionSize, " bytes"));
  }
  if (read_error) {  // a directory, or an I/O error: never taken for an empty file
    return Win32Error(kErrorReadFault,
                      absl::StrCat(shown, ": cannot read (", std::strerror(err), ")"));
  }
  absl::StatusOr<std::unique_ptr<Cluster>> cluster = ClusterFromJson(text);
  if (!cluster.ok()) {
    return Win32Error(Win32CodeOf(cluster.status()),
                      absl::StrCat(shown, ": ", std::string(ErrorWhat(cluster.status()))));
  }
  return cluster;
}

absl::StatusOr<std::unique_ptr<Cluster>> ClusterFromEnvironment() {
  const char* path = std::getenv(kClusterEnvironmentVariable);
  if (path == nullptr || *path == '\0') return Cluster::CreateDefault();
  return ClusterFromFile(path);
}

}  // namespace cluster
}  // namespace clusprop
