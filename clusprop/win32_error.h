// Win32 error codes used by the cluster API, and their mapping to absl::Status.
//
// Every error this library reports is an absl::Status that carries, as payloads, the Win32 code a
// Windows caller would see and, where it has one, the byte offset of the offending field in the
// input. Its message says what was wrong. FormatError() renders all three on one line:
//
//   ERROR_INVALID_DATA (13) at offset 16: property name is not NUL-terminated
//
// Example:
//   absl::Status s = clusprop::Win32Error(clusprop::kErrorInvalidData, 16, "bad name");
//   clusprop::Win32CodeOf(s);   // 13
//   clusprop::ErrorOffsetOf(s); // 16
//
// All functions are thread-safe.

#ifndef CLUSPROP_WIN32_ERROR_H_
#define CLUSPROP_WIN32_ERROR_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/types/span.h"

namespace clusprop {

// The Win32 codes of the cluster API that this library returns (winerror.h values).
inline constexpr uint32_t kErrorSuccess = 0;
inline constexpr uint32_t kErrorInvalidFunction = 1;
inline constexpr uint32_t kErrorFileNotFound = 2;
inline constexpr uint32_t kErrorPathNotFound = 3;
inline constexpr uint32_t kErrorAccessDenied = 5;
inline constexpr uint32_t kErrorInvalidHandle = 6;
inline constexpr uint32_t kErrorNotEnoughMemory = 8;
inline constexpr uint32_t kErrorInvalidData = 13;
inline constexpr uint32_t kErrorWriteFault = 29;
inline constexpr uint32_t kErrorReadFault = 30;
inline constexpr uint32_t kErrorInvalidParameter = 87;
inline constexpr uint32_t kErrorInsufficientBuffer = 122;
inline constexpr uint32_t kErrorBadArguments = 160;
inline constexpr uint32_t kErrorModNotFound = 126;  // StartupEx: not this DLL's resource type
inline constexpr uint32_t kErrorFileTooLarge = 223;
inline constexpr uint32_t kErrorMoreData = 234;
inline constexpr uint32_t kErrorNoMoreItems = 259;
inline constexpr uint32_t kErrorIoPending = 997;
inline constexpr uint32_t kErrorKeyDeleted = 1018;  // a cluster-database key deleted meanwhile
inline constexpr uint32_t kErrorRevisionMismatch = 1306;  // StartupEx: no common interface version
inline constexpr uint32_t kErrorInternalError = 1359;
inline constexpr uint32_t kErrorResourceNotFound = 5007;
inline constexpr uint32_t kErrorInvalidState = 5023;
inline constexpr uint32_t kErrorResourceFailed = 5038;
inline constexpr uint32_t kErrorClusterResourceLockedStatus = 5960;

struct NamedWin32Error {
  std::string_view name;  // "ERROR_INVALID_DATA"
  uint32_t code;
};

// The one table of code names.
absl::Span<const NamedWin32Error> NamedWin32Errors();

// "ERROR_INVALID_DATA" for 13; "ERROR_<code>" for a code outside the table.
std::string Win32ErrorName(uint32_t code);
// 13 for "ERROR_INVALID_DATA"; nullopt for a name outside the table.
std::optional<uint32_t> Win32ErrorFromName(std::string_view name);

// The canonical absl code that stands for a Win32 code (kInvalidArgument for 13 and 87, ...).
absl::StatusCode CanonicalCodeFor(uint32_t win32_code);

// An error carrying `win32_code` (must not be 0) and, in the first form, no offset.
absl::Status Win32Error(uint32_t win32_code, std::string_view what);
// An error carrying `win32_code` and the byte offset of the offending field.
absl::Status Win32Error(uint32_t win32_code, size_t offset, std::string_view what);
// ERROR_MORE_DATA with the buffer size that would have been enough.
absl::Status MoreDataError(size_t required_size, std::string_view what);

// Marks an input error as truncation: what was read is consistent, but the list needs bytes
// past the end of the buffer it was given (a header, a length or the property count reaches
// beyond it). The code stays; a caller that reports truncation apart (ResUtil:
// ERROR_INSUFFICIENT_BUFFER) asks IsTruncated. Readers mark only the outermost buffer: a nested
// list that overruns its value is malformed.
absl::Status MarkTruncated(absl::Status status);
bool IsTruncated(const absl::Status& status);

// The Win32 code of `status`: 0 when ok, the payload when present, else derived from the
// canonical code (kNotFound -> 2, kInvalidArgument -> 87, ...).
uint32_t Win32CodeOf(const absl::Status& status);
// The byte offset carried by `status`, if any.
std::optional<size_t> ErrorOffsetOf(const absl::Status& status);
// The required size carried by an ERROR_MORE_DATA status, if any.
std::optional<size_t> RequiredSizeOf(const absl::Status& status);
// The message without payloads.
std::string_view ErrorWhat(const absl::Status& status);

// "ERROR_INVALID_DATA (13) at offset 16: <what>"; the offset part only when there is one.
std::string FormatError(const absl::Status& status);

// `text` as it may appear inside a one-line message: printable ASCII and well-formed UTF-8 stay
// as they are; a backslash, a double quote, control characters and bytes that are not UTF-8 are
// escaped (\\, \", \n, \r, \t, \xNN).
std::string PrintableText(std::string_view text);

}  // namespace clusprop

#endif  // CLUSPROP_WIN32_ERROR_H_
