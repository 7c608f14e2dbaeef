#include "clusprop/win32_error.h"

#include <array>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/types/optional.h"

namespace clusprop {
namespace {

constexpr std::array<NamedWin32Error, 25> kNamedErrors = {{
    {"ERROR_SUCCESS", kErrorSuccess},
    {"ERROR_INVALID_FUNCTION", kErrorInvalidFunction},
    {"ERROR_FILE_NOT_FOUND", kErrorFileNotFound},
    {"ERROR_PATH_NOT_FOUND", kErrorPathNotFound},
    {"ERROR_ACCESS_DENIED", kErrorAccessDenied},
    {"ERROR_INVALID_HANDLE", kErrorInvalidHandle},
    {"ERROR_NOT_ENOUGH_MEMORY", kErrorNotEnoughMemory},
    {"ERROR_INVALID_DATA", kErrorInvalidData},
    {"ERROR_WRITE_FAULT", kErrorWriteFault},
    {"ERROR_READ_FAULT", kErrorReadFault},
    {"ERROR_INVALID_PARAMETER", kErrorInvalidParameter},
    {"ERROR_INSUFFICIENT_BUFFER", kErrorInsufficientBuffer},
    {"ERROR_BAD_ARGUMENTS", kErrorBadArguments},
    {"ERROR_FILE_TOO_LARGE", kErrorFileTooLarge},
    {"ERROR_MOD_NOT_FOUND", kErrorModNotFound},
    {"ERROR_MORE_DATA", kErrorMoreData},
    {"ERROR_NO_MORE_ITEMS", kErrorNoMoreItems},
    {"ERROR_IO_PENDING", kErrorIoPending},
    {"ERROR_KEY_DELETED", kErrorKeyDeleted},
    {"ERROR_REVISION_MISMATCH", kErrorRevisionMismatch},
    {"ERROR_INTERNAL_ERROR", kErrorInternalError},
    {"ERROR_RESOURCE_NOT_FOUND", kErrorResourceNotFound},
    {"ERROR_INVALID_STATE", kErrorInvalidState},
    {"ERROR_RESOURCE_FAILED", kErrorResourceFailed},
    {"ERROR_CLUSTER_RESOURCE_LOCKED_STATUS", kErrorClusterResourceLockedStatus},
}};

// Payload type URLs. Values are decimal text.
constexpr char kWin32Payload[] = "type.clusprop/win32";
constexpr char kOffsetPayload[] = "type.clusprop/offset";
constexpr char kRequiredSizePayload[] = "type.clusprop/required_size";
constexpr char kTruncatedPayload[] = "type.clusprop/truncated";

std::optional<uint64_t> NumberPayload(const absl::Status& status, const char* url) {
  absl::optional<absl::Cord> payload = status.GetPayload(url);
  if (!payload) return std::nullopt;
  uint64_t value = 0;
  if (!absl::SimpleAtoi(std::string(*payload), &value)) return std::nullopt;
  return value;
}

absl::Status MakeStatus(uint32_t win32_code, std::string_view what) {
  absl::Status status(CanonicalCodeFor(win32_code), absl::string_view(what.data(), what.size()));
  status.SetPayload(kWin32Payload, absl::Cord(absl::StrCat(win32_code)));
  return status;
}

}  // namespace

absl::Span<const NamedWin32Error> NamedWin32Errors() { return kNamedErrors; }

std::string Win32ErrorName(uint32_t code) {
  for (const NamedWin32Error& entry : kNamedErrors) {
    if (entry.code == code) return std::string(entry.name);
  }
  return absl::StrCat("ERROR_", code);
}

std::optional<uint32_t> Win32ErrorFromName(std::string_view name) {
  for (const NamedWin32Error& entry : kNamedErrors) {
    if (entry.name == name) return entry.code;
  }
  return std::nullopt;
}

absl::StatusCode CanonicalCodeFor(uint32_t win32_code) {
  switch (win32_code) {
    case kErrorSuccess:
      return absl::StatusCode::kOk;
    case kErrorInvalidFunction:
    case kErrorRevisionMismatch:
      return absl::StatusCode::kUnimplemented;
    case kErrorFileNotFound:
    case kErrorPathNotFound:
    case kErrorModNotFound:
    case kErrorResourceNotFound:
      return absl::StatusCode::kNotFound;
    case kErrorAccessDenied:
      return absl::StatusCode::kPermissionDenied;
    case kErrorNotEnoughMemory:
    case kErrorFileTooLarge:
      return absl::StatusCode::kResourceExhausted;
    case kErrorWriteFault:
    case kErrorReadFault:
      return absl::StatusCode::kDataLoss;
    case kErrorInternalError:
      return absl::StatusCode::kInternal;
    case kErrorInvalidHandle:
    case kErrorInvalidData:
    case kErrorInvalidParameter:
    case kErrorBadArguments:
      return absl::StatusCode::kInvalidArgument;
    case kErrorKeyDeleted:
      return absl::StatusCode::kNotFound;
    case kErrorInsufficientBuffer:
    case kErrorMoreData:
    case kErrorNoMoreItems:
      return absl::StatusCode::kOutOfRange;
    case kErrorIoPending:
      return absl::StatusCode::kUnavailable;
    case kErrorInvalidState:
    case kErrorResourceFailed:
    case kErrorClusterResourceLockedStatus:
      return absl::StatusCode::kFailedPrecondition;
    default:
      return absl::StatusCode::kUnknown;
  }
}

absl::Status Win32Error(uint32_t win32_code, std::string_view what) {
  return MakeStatus(win32_code, what);
}

absl::Status Win32Error(uint32_t win32_code, size_t offset, std::string_view what) {
  absl::Status status = MakeStatus(win32_code, what);
  status.SetPayload(kOffsetPayload, absl::Cord(absl::StrCat(offset)));
  return status;
}

absl::Status MoreDataError(size_t required_size, std::string_view what) {
  absl::Status status = MakeStatus(kErrorMoreData, what);
  status.SetPayload(kRequiredSizePayload, absl::Cord(absl::StrCat(required_size)));
  return status;
}

absl::Status MarkTruncated(absl::Status status) {
  if (!status.ok()) status.SetPayload(kTruncatedPayload, absl::Cord("1"));
  return status;
}

bool IsTruncated(const absl::Status& status) {
  return status.GetPayload(kTruncatedPayload).has_value();
}

uint32_t Win32CodeOf(const absl::Status& status) {
  if (status.ok()) return kErrorSuccess;
  if (std::optional<uint64_t> code = NumberPayload(status, kWin32Payload)) {
    return static_cast<uint32_t>(*code);
  }
  switch (status.code()) {
    case absl::StatusCode::kNotFound:
      return kErrorFileNotFound;
    case absl::StatusCode::kPermissionDenied:
      return kErrorAccessDenied;
    case absl::StatusCode::kInvalidArgument:
      return kErrorInvalidParameter;
    case absl::StatusCode::kResourceExhausted:
      return kErrorNotEnoughMemory;
    case absl::StatusCode::kOutOfRange:
      return kErrorMoreData;
    case absl::StatusCode::kFailedPrecondition:
      return kErrorInvalidState;
    default:
      return kErrorInvalidFunction;
  }
}

std::optional<size_t> ErrorOffsetOf(const absl::Status& status) {
  std::optional<uint64_t> offset = NumberPayload(status, kOffsetPayload);
  if (!offset) return std::nullopt;
  return static_cast<size_t>(*offset);
}

std::optional<size_t> RequiredSizeOf(const absl::Status& status) {
  std::optional<uint64_t> size = NumberPayload(status, kRequiredSizePayload);
  if (!size) return std::nullopt;
  return static_cast<size_t>(*size);
}

std::string_view ErrorWhat(const absl::Status& status) {
  absl::string_view message = status.message();
  return std::string_view(message.data(), message.size());
}

std::string FormatError(const absl::Status& status) {
  uint32_t code = Win32CodeOf(status);
  std::string text = absl::StrCat(Win32ErrorName(code), " (", code, ")");
  if (std::optional<size_t> offset = ErrorOffsetOf(status)) {
    absl::StrAppend(&text, " at offset ", *offset);
  }
  if (!status.message().empty()) absl::StrAppend(&text, ": ", status.message());
  return text;
}

std::string PrintableText(std::string_view text) {
  constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c < 0x7F && c != '\\' && c != '"') {
      out.push_back(static_cast<char>(c));
      ++i;
      continue;
    }
    // A well-formed UTF-8 sequence of two to four bytes stays as it is.
    size_t length = c >= 0xC2 && c <= 0xDF   ? 2
                    : c >= 0xE0 && c <= 0xEF ? 3
                    : c >= 0xF0 && c <= 0xF4 ? 4
                                             : 0;
    if (length > 0 && i + length <= text.size()) {
      unsigned char second = static_cast<unsigned char>(text[i + 1]);
      bool ok = (c == 0xE0   ? second >= 0xA0
                 : c == 0xED ? second <= 0x9F
                 : c == 0xF0 ? second >= 0x90
                 : c == 0xF4 ? second <= 0x8F
                             : true) &&
                (second & 0xC0) == 0x80;
      for (size_t k = 2; ok && k < length; ++k) {
        ok = (static_cast<unsigned char>(text[i + k]) & 0xC0) == 0x80;
      }
      if (ok) {
        out.append(text.data() + i, length);
        i += length;
        continue;
      }
    }
    out.push_back('\\');
    switch (c) {
      case '\\':
        out.push_back('\\');
        break;
      case '"':
        out.push_back('"');
        break;
      case '\n':
        out.push_back('n');
        break;
      case '\r':
        out.push_back('r');
        break;
      case '\t':
        out.push_back('t');
        break;
      default:
        out.push_back('x');
        out.push_back(kHex[c >> 4]);
        out.push_back(kHex[c & 0xF]);
    }
    ++i;
  }
  return out;
}

}  // namespace clusprop
