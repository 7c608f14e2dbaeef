#include "clusprop/internal/validator.h"

#include <limits>
#include <utility>

#include "clusprop/internal/endian.h"
#include "clusprop/internal/text_scan.h"
#include "clusprop/syntax.h"
#include "clusprop/win32_error.h"

namespace clusprop {
namespace internal {
namespace {

// Smallest possible property: NAME header (8) + one-unit name padded (4) + value header (8) +
// ENDMARK (4). A count larger than the bytes left could hold fails before any looping.
constexpr size_t kMinPropertySize = 24;

bool IsHighSurrogate(uint16_t u) { return (u & 0xFC00) == 0xD800; }
bool IsLowSurrogate(uint16_t u) { return (u & 0xFC00) == 0xDC00; }

}  // namespace

// Checks that units [0, units) at data_offset hold no NUL and pair every surrogate: the fast
// scan skips to the next NUL or surrogate, and only those units are looked at one by one.
Failure CheckUtf16Text(const uint8_t* base, size_t data_offset, size_t units,
                       const char* nul_what) {
  const uint8_t* p = base + data_offset;
  for (size_t i = 0;;) {
    i += fast::FindNulOrSurrogate(p + 2 * i, units - i);
    if (i == units) return {};
    const uint16_t u = LoadLE16(p + 2 * i);
    if (u == 0) return Fail(data_offset + 2 * i, nul_what);
    if (!IsHighSurrogate(u)) return Fail(data_offset + 2 * i, "unpaired UTF-16 low surrogate");
    if (i + 1 == units || !IsLowSurrogate(LoadLE16(p + 2 * i + 2))) {
      return Fail(data_offset + 2 * i, "unpaired UTF-16 high surrogate");
    }
    i += 2;
  }
}

Failure CheckZeroPadding(const uint8_t* base, size_t data_offset, uint32_t length) {
  for (size_t i = data_offset + length; i < data_offset + AlignUp(length); ++i) {
    if (base[i] != 0) return Fail(i, "padding byte is not zero");
  }
  return {};
}

namespace {

// CheckTypedValue with the value's entry of kFormats already looked up (strict validation looks it
// up once per value).
Failure CheckTypedData(const uint8_t* base, size_t offset, const FormatInfo& format,
                       uint32_t length) {
  if (length == 0) return {};  // "reset to default"
  // The integer kinds first, by their size (only they have one): the most common values cost one
  // compare more than the lookup.
  if (format.fixed_size != 0) {
    return length == format.fixed_size ? Failure{} : Fail(offset + 4, format.size_error);
  }
  switch (format.kind) {
    case ValueKind::kString:
      return CheckStringData(base, offset + kValueHeaderSize, length);
    case ValueKind::kMultiString: {
      size_t content_units = 0;
      return CheckMultiStringData(base, offset + kValueHeaderSize, length, &content_units);
    }
    case ValueKind::kUnsignedInteger:  // above
    case ValueKind::kSignedInteger:
    case ValueKind::kBinary:
    case ValueKind::kPropertyList:  // walked by strict validation only (CheckValueExtras)
    case ValueKind::kOpaque:
      return {};
  }
  return {};
}

// After a list: one optional ENDMARK, then whatever bytes remain.
Failure FinishList(const uint8_t* base, size_t begin, size_t pos, size_t limit, bool allow_trailer,
                   bool reject_trailing, ListInfo* info) {
  if (allow_trailer && limit - pos >= 4 && LoadLE32(base + pos) == kSyntaxEndmark) {
    info->trailing_endmark = true;
    pos += 4;
  }
  info->list_size = pos - begin;
  info->trailing_bytes = limit - pos;
  if (info->trailing_bytes > 0 && reject_trailing) {
    return Fail(pos, "bytes after the end of the list");
  }
  return {};
}

}  // namespace

absl::Status Failure::ToStatus() const {
  if (what_ == nullptr) return absl::OkStatus();
  absl::Status status = Win32Error(kErrorInvalidData, offset_, what_);
  return truncated_ ? MarkTruncated(std::move(status)) : status;
}

Failure CheckPropertyCount(const uint8_t* base, size_t begin, size_t limit, int depth,
                           uint32_t* count) {
  if (depth > kMaxNestingDepth) return Fail(begin, "property lists nested too deeply");
  if (limit - begin < 4) return FailTruncated(begin, "buffer too short for the property count");
  *count = LoadLE32(base + begin);
  if (*count > (limit - begin - 4) / kMinPropertySize) {
    return FailTruncated(begin, "property count exceeds what the buffer can hold");
  }
  return {};
}

Failure CheckValueExtras(const uint8_t* base, size_t pos, uint32_t syntax, uint32_t length,
                         ReadOptions options, int depth) {
  const size_t data = pos + kValueHeaderSize;
  if (options.strict && !HasNamedOrUserType(syntax)) {
    return Fail(pos, "value type is neither a named CLUSPROP_TYPE nor USER (0x8000) or above");
  }
  const FormatInfo& format = FormatInfoOf(FormatOf(syntax));
  // Only strict validation descends: Windows walks a PROPERTY_LIST value by its cbLength.
  if (options.strict && format.kind == ValueKind::kPropertyList && length > 0) {
    ListInfo nested;
    if (Failure f = ValidatePropertyListAt(base, data, data + length, options, depth + 1,
                                           /*nested=*/true, &nested)) {
      return f;
    }
  }
  if (options.reject_expanded_sz && FormatOf(syntax) == Format::kExpandedSz) {
    return Fail(pos, "EXPANDED_SZ value is not accepted from a client");
  }
  if (options.strict) {
    if (Failure f = CheckZeroPadding(base, data, length)) return f;
    if (Failure f = CheckTypedData(base, pos, format, length)) return f;
  }
  return {};
}

Failure FinishPropertyList(const uint8_t* base, size_t begin, size_t pos, size_t limit,
                           bool reject_trailing, ListInfo* info) {
  return FinishList(base, begin, pos, limit, /*allow_trailer=*/true, reject_trailing, info);
}

Failure ValidatePropertyListAt(const uint8_t* base, size_t begin, size_t limit,
                               const ReadOptions& options, int depth, bool nested, ListInfo* info) {
  *info = ListInfo();
  uint32_t count = 0;
  // A nested list that runs past its value's cbLength is malformed, not truncated: the
  // outermost buffer is where a list can run out.
  const auto shape = [nested](Failure f) {
    if (nested) f.ClearTruncated();
    return f;
  };
  if (Failure f = CheckPropertyCount(base, begin, limit, depth, &count)) return shape(f);
  size_t pos = begin + 4;
  size_t values = 0;
  for (uint32_t i = 0; i < count; ++i) {
    if (Failure f = CheckProperty(base, pos, limit, options, depth, &pos, &values)) {
      return shape(f);
    }
  }
  info->property_count = count;
  info->value_count = values;
  return FinishPropertyList(base, begin, pos, limit, options.strict || nested, info);
}

Failure ValidateValueListAt(const uint8_t* base, size_t limit, const ReadOptions& options,
                            ListInfo* info) {
  *info = ListInfo();
  size_t endmark = 0;
  if (Failure f = WalkValues(base, 0, limit, options, /*depth=*/1,
                             /*max_values=*/std::numeric_limits<size_t>::max(), &endmark,
                             &info->value_count)) {
    return f;
  }
  return FinishList(base, 0, endmark + kEndmarkSize, limit, /*allow_trailer=*/false,
                    /*reject_trailing=*/options.strict, info);
}

Failure CheckStringData(const uint8_t* base, size_t data_offset, uint32_t length) {
  if (length < 2 || length % 2 != 0) {
    return Fail(data_offset - 4, "string length is odd or below 2");
  }
  if (LoadLE16(base + data_offset + length - 2) != 0) {
    return Fail(data_offset + length - 2, "string is not NUL-terminated");
  }
  return CheckUtf16Text(base, data_offset, length / 2 - 1, "string has an embedded NUL");
}

Failure CheckMultiStringData(const uint8_t* base, size_t data_offset, uint32_t length,
                             size_t* content_units) {
  if (length < 2 || length % 2 != 0) {
    return Fail(data_offset - 4, "MULTI_SZ length is odd or below 2");
  }
  const uint8_t* p = base + data_offset;
  size_t units = length / 2;
  if (LoadLE16(p + 2 * (units - 1)) != 0) {
    return Fail(data_offset + length - 2, "MULTI_SZ is not NUL-terminated");
  }
  // The empty list: one NUL (cb 2) or two (cb 4).
  if (units == 1 || (units == 2 && LoadLE16(p) == 0)) {
    *content_units = 0;
    return {};
  }
  if (LoadLE16(p + 2 * (units - 2)) != 0) {
    return Fail(data_offset + length - 4, "MULTI_SZ does not end with two NULs");
  }
  // Each string: non-empty text, then its NUL.
  size_t start = 0;
  for (size_t i = 0; i < units - 1; ++i) {
    if (LoadLE16(p + 2 * i) != 0) continue;
    if (i == start) return Fail(data_offset + 2 * i, "MULTI_SZ holds an empty string");
    if (Failure f = CheckUtf16Text(base, data_offset + 2 * start, i - start, "")) return f;
    start = i + 1;
  }
  *content_units = units - 1;
  return {};
}

Failure CheckTypedValue(const uint8_t* base, size_t offset, uint32_t syntax, uint32_t length) {
  return CheckTypedData(base, offset, FormatInfoOf(FormatOf(syntax)), length);
}

}  // namespace internal
}  // namespace clusprop
