#include "clusprop/syntax.h"

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_format.h"

namespace clusprop {

std::optional<std::string_view> SyntaxName(uint32_t syntax) {
  for (const NamedSyntax& entry : kNamedSyntaxes) {
    if (entry.value == syntax) return entry.name;
  }
  return std::nullopt;
}

std::string SyntaxToString(uint32_t syntax) {
  if (std::optional<std::string_view> name = SyntaxName(syntax)) return std::string(*name);
  return absl::StrFormat("0x%08x", syntax);
}

std::optional<uint32_t> SyntaxFromString(std::string_view text) {
  for (const NamedSyntax& entry : kNamedSyntaxes) {
    if (entry.name == text) return entry.value;
  }
  if (text.size() > 2 && text.size() <= 10 && text[0] == '0' &&
      (text[1] == 'x' || text[1] == 'X')) {
    uint32_t value = 0;
    for (char c : text.substr(2)) {
      if (!absl::ascii_isxdigit(static_cast<unsigned char>(c))) return std::nullopt;
      int digit = absl::ascii_isdigit(static_cast<unsigned char>(c))
                      ? c - '0'
                      : absl::ascii_tolower(static_cast<unsigned char>(c)) - 'a' + 10;
      value = (value << 4) | static_cast<uint32_t>(digit);
    }
    return value;
  }
  return std::nullopt;
}

std::string_view FormatName(Format format) { return FormatInfoOf(format).name; }

std::string_view TypeName(Type type) {
  switch (type) {
    case Type::kEndmark:
      return "ENDMARK";
    case Type::kListValue:
      return "LIST_VALUE";
    case Type::kResClass:
      return "RESCLASS";
    case Type::kReserved1:
      return "RESERVED1";
    case Type::kName:
      return "NAME";
    case Type::kSignature:
      return "SIGNATURE";
    case Type::kScsiAddress:
      return "SCSI_ADDRESS";
    case Type::kDiskNumber:
      return "DISK_NUMBER";
    case Type::kPartitionInfo:
      return "PARTITION_INFO";
    case Type::kFtSetInfo:
      return "FTSET_INFO";
    case Type::kDiskSerialNumber:
      return "DISK_SERIALNUMBER";
    case Type::kDiskGuid:
      return "DISK_GUID";
    case Type::kDiskSize:
      return "DISK_SIZE";
    case Type::kPartitionInfoEx:
      return "PARTITION_INFO_EX";
    case Type::kPartitionInfoEx2:
      return "PARTITION_INFO_EX2";
    case Type::kStorageDeviceIdDescriptor:
      return "STORAGE_DEVICE_ID_DESCRIPTOR";
    case Type::kUser:
      return "USER";
  }
  return "UNKNOWN";
}

}  // namespace clusprop
