#include "clusprop/control_buffer.h"

#include <limits>
#include <string>

#include "clusprop/internal/endian.h"
#include "clusprop/internal/validator.h"
#include "clusprop/win32_error.h"

namespace clusprop {
namespace {

// A buffer whose size a DWORD can count, or the error.
absl::Status CheckSize(absl::Span<const uint8_t> buffer) {
  if (buffer.size() > std::numeric_limits<uint32_t>::max()) {
    return Win32Error(kErrorInvalidData, 0, "buffer larger than a DWORD can count");
  }
  return absl::OkStatus();
}

// Exactly `size` bytes of a fixed-size value named `what`.
absl::Status CheckFixedSize(absl::Span<const uint8_t> buffer, size_t size, const char* what) {
  if (buffer.size() < size) {
    return MarkTruncated(Win32Error(kErrorInvalidData, 0,
                                    std::string(what) + " needs " + std::to_string(size) +
                                        " bytes; the buffer holds " +
                                        std::to_string(buffer.size())));
  }
  if (buffer.size() > size) {
    return Win32Error(kErrorInvalidData, size, std::string("bytes after the ") + what);
  }
  return absl::OkStatus();
}

// UTF-16 text: at least one unit, a whole number of units. The readers below then check the
// rest with the validator's checks for value data, which report offsets from `data_offset` (0).
absl::Status CheckUnits(absl::Span<const uint8_t> buffer, const char* what) {
  if (absl::Status size = CheckSize(buffer); !size.ok()) return size;
  if (buffer.empty()) {
    return MarkTruncated(
        Win32Error(kErrorInvalidData, 0, std::string(what) + " needs at least a NUL"));
  }
  if (buffer.size() % 2 != 0) {
    return Win32Error(kErrorInvalidData, buffer.size() - 1,
                      std::string(what) + " ends in half a UTF-16 unit");
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<uint32_t> ReadDwordBuffer(absl::Span<const uint8_t> buffer) {
  if (absl::Status size = CheckSize(buffer); !size.ok()) return size;
  if (absl::Status size = CheckFixedSize(buffer, 4, "DWORD"); !size.ok()) return size;
  return internal::LoadLE32(buffer.data());
}

absl::StatusOr<Utf16View> ReadStringBuffer(absl::Span<const uint8_t> buffer) {
  if (absl::Status units = CheckUnits(buffer, "string"); !units.ok()) return units;
  const uint32_t length = static_cast<uint32_t>(buffer.size());  // CheckSize bounds it
  if (internal::Failure failure = internal::CheckStringData(buffer.data(), 0, length)) {
    return failure.ToStatus();
  }
  return Utf16View(buffer.data(), length / 2 - 1);
}

absl::StatusOr<MultiStringView> ReadMultiStringBuffer(absl::Span<const uint8_t> buffer) {
  if (absl::Status units = CheckUnits(buffer, "MULTI_SZ"); !units.ok()) return units;
  size_t content_units = 0;
  if (internal::Failure failure = internal::CheckMultiStringData(
          buffer.data(), 0, static_cast<uint32_t>(buffer.size()), &content_units)) {
    return failure.ToStatus();
  }
  return MultiStringView(buffer.data(), content_units);
}

absl::StatusOr<ResourceClassInfo> ReadClassInfoBuffer(absl::Span<const uint8_t> buffer) {
  if (absl::Status size = CheckSize(buffer); !size.ok()) return size;
  if (absl::Status size = CheckFixedSize(buffer, 8, "CLUS_RESOURCE_CLASS_INFO"); !size.ok()) {
    return size;
  }
  return ResourceClassInfo{internal::LoadLE32(buffer.data()),
                           internal::LoadLE32(buffer.data() + 4)};
}

}  // namespace clusprop
