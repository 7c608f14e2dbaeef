// Readers for the buffers of control codes that are not property lists: a DWORD, a string, a
// MULTI_SZ of names, a CLUS_RESOURCE_CLASS_INFO (control_code.h says which code carries which).
// Such a buffer is bare data, with no CLUSPROP entry header around it: what ClusterResourceControl
// writes to lpOutBuffer for CLUSCTL_RESOURCE_GET_FLAGS, GET_NAME or ENUM_PRIVATE_PROPERTIES.
//
// Each reader checks the whole buffer: nothing may follow the value. Every error is
// ERROR_INVALID_DATA (13) with the offset of the offending byte counted from the start of the
// buffer; a buffer too short for its value is also marked IsTruncated() (win32_error.h). Views
// point into the caller's buffer. A control buffer's size is a DWORD: a larger one is refused
// at offset 0.
//
// Example:
//   ASSIGN_OR_RETURN(MultiStringView names, ReadMultiStringBuffer(out_buffer));
//   for (Utf16View name : names) ...

#ifndef CLUSPROP_CONTROL_BUFFER_H_
#define CLUSPROP_CONTROL_BUFFER_H_

#include <cstdint>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "clusprop/reader.h"
#include "clusprop/utf16.h"

namespace clusprop {

// Exactly 4 bytes, little-endian.
absl::StatusOr<uint32_t> ReadDwordBuffer(absl::Span<const uint8_t> buffer);

// UTF-16 text and its NUL, as ValueView::AsString reads an SZ value's data: an even size of at
// least 2, the last unit NUL, no other NUL, well-formed. The view excludes the NUL.
absl::StatusOr<Utf16View> ReadStringBuffer(absl::Span<const uint8_t> buffer);

// Non-empty strings, each with its NUL, then a final NUL, as ValueView::AsMultiString reads a
// MULTI_SZ value's data (one NUL, or two, is the empty list).
absl::StatusOr<MultiStringView> ReadMultiStringBuffer(absl::Span<const uint8_t> buffer);

// CLUS_RESOURCE_CLASS_INFO: exactly 8 bytes.
struct ResourceClassInfo {
  uint32_t resource_class;  // CLUSTER_RESOURCE_CLASS: 0 unknown, 1 storage, 2 network, ...
  uint32_t subclass;        // CLUS_RESSUBCLASS_* bits
};
absl::StatusOr<ResourceClassInfo> ReadClassInfoBuffer(absl::Span<const uint8_t> buffer);

}  // namespace clusprop

#endif  // CLUSPROP_CONTROL_BUFFER_H_
