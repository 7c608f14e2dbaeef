#include "cluster/cluster_config.h"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <algorithm>
#include <optional>
#include <set>
#include <string>
#include <vector>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "clusprop/json.h"
#include "clusprop/status_macros.h"
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
               return item.is_string();
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
  } else {
    return ConfigError(path,
                       "expected a number from 0 to 18446744073709551615, a string, an array of "
                       "strings, {\"expand_sz\": string} or {\"binary\": hex}");
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
    if (name.find('\0') != std::string::npos) return ConfigError(where, "a name holds a NUL");
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
  }
  return spec;
}

}  // namespace

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
