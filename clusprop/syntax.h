// CLUSPROP syntax constants: formats, types, the named syntaxes of the cluster API, one table of
// the formats (name, size, how the data is checked) and one that maps each named syntax to its
// text name and back.
//
// A syntax DWORD is `(type << 16) | format`: the format (how the data is laid out) in bytes 0-1,
// the type (what the value means) in bytes 2-3. Every value entry of a CLUSPROP buffer begins with
// one. Values and names follow clusapi.h; text names drop the `CLUSPROP_SYNTAX_` prefix.
//
// Example:
//   uint32_t s = clusprop::MakeSyntax(clusprop::Type::kListValue, clusprop::Format::kDword);
//   // s == clusprop::kSyntaxListValueDword; clusprop::SyntaxName(s) == "LIST_VALUE_DWORD"
//
// Everything here is constexpr or reads immutable tables: thread-safe.

#ifndef CLUSPROP_SYNTAX_H_
#define CLUSPROP_SYNTAX_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace clusprop {

// Low word of a syntax: the layout of the data (CLUSPROP_FORMAT_*).
enum class Format : uint16_t {
  kUnknown = 0x0000,
  kBinary = 0x0001,
  kDword = 0x0002,
  kSz = 0x0003,
  kExpandSz = 0x0004,
  kMultiSz = 0x0005,
  kULargeInteger = 0x0006,
  kLong = 0x0007,
  kExpandedSz = 0x0008,
  kSecurityDescriptor = 0x0009,
  kLargeInteger = 0x000A,
  kWord = 0x000B,
  kFileTime = 0x000C,
  kValueList = 0x000D,
  kPropertyList = 0x000E,
  kUser = 0x8000,
};

// High word of a syntax: what the value means (CLUSPROP_TYPE_*).
enum class Type : uint16_t {
  kEndmark = 0x0000,
  kListValue = 0x0001,
  kResClass = 0x0002,
  kReserved1 = 0x0003,
  kName = 0x0004,
  kSignature = 0x0005,
  kScsiAddress = 0x0006,
  kDiskNumber = 0x0007,
  kPartitionInfo = 0x0008,
  kFtSetInfo = 0x0009,
  kDiskSerialNumber = 0x000A,
  kDiskGuid = 0x000B,
  kDiskSize = 0x000C,
  kPartitionInfoEx = 0x000D,
  kPartitionInfoEx2 = 0x000E,
  kStorageDeviceIdDescriptor = 0x000F,
  kUser = 0x8000,
};

constexpr uint32_t MakeSyntax(Type type, Format format) {
  return (static_cast<uint32_t>(type) << 16) | static_cast<uint32_t>(format);
}
constexpr Format FormatOf(uint32_t syntax) { return static_cast<Format>(syntax & 0xFFFFu); }
constexpr Type TypeOf(uint32_t syntax) { return static_cast<Type>(syntax >> 16); }

// True when the type of `syntax` is one clusapi.h names (ENDMARK to STORAGE_DEVICE_ID_DESCRIPTOR,
// 0x0000-0x000F) or is at least USER (0x8000): the types strict validation accepts in a value.
// The syntaxes with an unnamed type below USER are the one range [0x00100000, 0x80000000), so
// this is one subtraction and one compare.
constexpr bool HasNamedOrUserType(uint32_t syntax) {
  constexpr uint32_t kFirstUnnamed = (static_cast<uint32_t>(Type::kStorageDeviceIdDescriptor) + 1)
                                     << 16;
  constexpr uint32_t kUser = static_cast<uint32_t>(Type::kUser) << 16;
  return syntax - kFirstUnnamed >= kUser - kFirstUnnamed;
}

// ALIGN(n) of clusapi.h: data is padded to the next multiple of kAlignment (4) bytes.
constexpr uint32_t kAlignment = 4;
constexpr uint64_t AlignUp(uint64_t n) {
  return (n + (kAlignment - 1)) & ~uint64_t{kAlignment - 1};
}

// Size of a value entry header: syntax (4 bytes) + cbLength (4 bytes).
constexpr size_t kValueHeaderSize = 8;
// Size of an ENDMARK: a zero syntax and nothing else.
constexpr size_t kEndmarkSize = 4;

// How the data of a format is read: what its typed accessor (ValueView::As*), strict validation,
// the writers' typed methods and the JSON mapping do with it (layouts in FORMAT.md).
enum class ValueKind : uint8_t {
  kOpaque,           // no typed reading: UNKNOWN, VALUE_LIST, USER and unnamed formats
  kUnsignedInteger,  // fixed_size bytes, little-endian: DWORD, WORD, ULARGE_INTEGER, FILETIME
  kSignedInteger,    // the same, two's complement: LONG, LARGE_INTEGER
  kString,           // UTF-16 text, then one NUL: SZ, EXPAND_SZ, EXPANDED_SZ
  kMultiString,      // UTF-16 strings, each with its NUL, then a final NUL: MULTI_SZ
  kBinary,           // raw bytes: BINARY, SECURITY_DESCRIPTOR
  kPropertyList,     // a nested property list: PROPERTY_LIST
};

constexpr bool IsIntegerKind(ValueKind kind) {
  return kind == ValueKind::kUnsignedInteger || kind == ValueKind::kSignedInteger;
}

struct FormatInfo {
  Format format;
  std::string_view name;  // without the CLUSPROP_FORMAT_ prefix
  uint32_t fixed_size;    // the one cbLength (> 0) the integer kinds accept; 0 for the others
  ValueKind kind;
  // The integer kinds: the error for another cbLength ("<name> value needs cbLength <size>"),
  // the text both the accessor and strict validation report. nullptr for the others.
  const char* size_error;
};

// The one table of formats, indexed by the format's code: UNKNOWN (0x0000) to PROPERTY_LIST
// (0x000E), then USER (0x8000) last. Every fact about a format (its name, its size, how its data is
// checked) is read from here, through FormatInfoOf, KindOf and FixedSizeOf.
inline constexpr std::array<FormatInfo, 16> kFormats = {{
    {Format::kUnknown, "UNKNOWN", 0, ValueKind::kOpaque, nullptr},
    {Format::kBinary, "BINARY", 0, ValueKind::kBinary, nullptr},
    {Format::kDword, "DWORD", 4, ValueKind::kUnsignedInteger, "DWORD value needs cbLength 4"},
    {Format::kSz, "SZ", 0, ValueKind::kString, nullptr},
    {Format::kExpandSz, "EXPAND_SZ", 0, ValueKind::kString, nullptr},
    {Format::kMultiSz, "MULTI_SZ", 0, ValueKind::kMultiString, nullptr},
    {Format::kULargeInteger, "ULARGE_INTEGER", 8, ValueKind::kUnsignedInteger,
     "ULARGE_INTEGER value needs cbLength 8"},
    {Format::kLong, "LONG", 4, ValueKind::kSignedInteger, "LONG value needs cbLength 4"},
    {Format::kExpandedSz, "EXPANDED_SZ", 0, ValueKind::kString, nullptr},
    {Format::kSecurityDescriptor, "SECURITY_DESCRIPTOR", 0, ValueKind::kBinary, nullptr},
    {Format::kLargeInteger, "LARGE_INTEGER", 8, ValueKind::kSignedInteger,
     "LARGE_INTEGER value needs cbLength 8"},
    {Format::kWord, "WORD", 2, ValueKind::kUnsignedInteger, "WORD value needs cbLength 2"},
    {Format::kFileTime, "FILETIME", 8, ValueKind::kUnsignedInteger,
     "FILETIME value needs cbLength 8"},
    {Format::kValueList, "VALUE_LIST", 0, ValueKind::kOpaque, nullptr},
    {Format::kPropertyList, "PROPERTY_LIST", 0, ValueKind::kPropertyList, nullptr},
    {Format::kUser, "USER", 0, ValueKind::kOpaque, nullptr},
}};

// The index of `format` in kFormats: its code from UNKNOWN to PROPERTY_LIST, the last entry for
// USER, and 0 (the UNKNOWN entry) for every code the enum does not list.
constexpr size_t FormatIndex(Format format) {
  const size_t code = static_cast<uint16_t>(format);
  if (code < kFormats.size() - 1) return code;
  return format == Format::kUser ? kFormats.size() - 1 : 0;
}

// The entry of `format` (the UNKNOWN entry for a code the enum does not list).
constexpr const FormatInfo& FormatInfoOf(Format format) { return kFormats[FormatIndex(format)]; }

namespace internal {

// The table's invariants, checked at compile time below.
constexpr bool IsDense() {
  for (size_t i = 0; i + 1 < kFormats.size(); ++i) {
    if (static_cast<size_t>(kFormats[i].format) != i) return false;
  }
  return kFormats.back().format == Format::kUser;
}
constexpr bool SizesMatchKinds() {
  for (const FormatInfo& f : kFormats) {
    if (IsIntegerKind(f.kind) != (f.fixed_size > 0)) return false;
    if (f.fixed_size != 0 && f.fixed_size != 2 && f.fixed_size != 4 && f.fixed_size != 8) {
      return false;
    }
    if ((f.size_error != nullptr) != (f.fixed_size > 0)) return false;
  }
  return true;
}
// size_error is "<name> value needs cbLength <fixed_size>" (sizes are one digit).
constexpr bool SizeErrorsMatch() {
  constexpr std::string_view kMiddle = " value needs cbLength ";
  for (const FormatInfo& f : kFormats) {
    if (f.size_error == nullptr) continue;
    const std::string_view text = f.size_error;
    if (f.fixed_size > 9 || text.size() != f.name.size() + kMiddle.size() + 1 ||
        text.substr(0, f.name.size()) != f.name ||
        text.substr(f.name.size(), kMiddle.size()) != kMiddle ||
        text.back() != static_cast<char>('0' + f.fixed_size)) {
      return false;
    }
  }
  return true;
}

}  // namespace internal

static_assert(internal::IsDense(), "kFormats is indexed by format code");
static_assert(internal::SizesMatchKinds(),
              "integer kinds, and only they, have a size: 2, 4 or 8 bytes");
static_assert(internal::SizeErrorsMatch(), "size_error names the format and its size");

// Shorthands for FormatInfoOf(format).kind and .fixed_size.
constexpr ValueKind KindOf(Format format) { return FormatInfoOf(format).kind; }
constexpr uint32_t FixedSizeOf(Format format) { return FormatInfoOf(format).fixed_size; }

// The named syntaxes (CLUSPROP_SYNTAX_*).
inline constexpr uint32_t kSyntaxEndmark = MakeSyntax(Type::kEndmark, Format::kUnknown);
inline constexpr uint32_t kSyntaxName = MakeSyntax(Type::kName, Format::kSz);
inline constexpr uint32_t kSyntaxResClass = MakeSyntax(Type::kResClass, Format::kDword);
inline constexpr uint32_t kSyntaxListValueSz = MakeSyntax(Type::kListValue, Format::kSz);
inline constexpr uint32_t kSyntaxListValueExpandSz =
    MakeSyntax(Type::kListValue, Format::kExpandSz);
inline constexpr uint32_t kSyntaxListValueDword = MakeSyntax(Type::kListValue, Format::kDword);
inline constexpr uint32_t kSyntaxListValueBinary = MakeSyntax(Type::kListValue, Format::kBinary);
inline constexpr uint32_t kSyntaxListValueMultiSz = MakeSyntax(Type::kListValue, Format::kMultiSz);
inline constexpr uint32_t kSyntaxListValueLong = MakeSyntax(Type::kListValue, Format::kLong);
inline constexpr uint32_t kSyntaxListValueExpandedSz =
    MakeSyntax(Type::kListValue, Format::kExpandedSz);
inline constexpr uint32_t kSyntaxListValueSecurityDescriptor =
    MakeSyntax(Type::kListValue, Format::kSecurityDescriptor);
inline constexpr uint32_t kSyntaxListValueLargeInteger =
    MakeSyntax(Type::kListValue, Format::kLargeInteger);
inline constexpr uint32_t kSyntaxListValueULargeInteger =
    MakeSyntax(Type::kListValue, Format::kULargeInteger);
inline constexpr uint32_t kSyntaxListValueWord = MakeSyntax(Type::kListValue, Format::kWord);
inline constexpr uint32_t kSyntaxListValuePropertyList =
    MakeSyntax(Type::kListValue, Format::kPropertyList);
inline constexpr uint32_t kSyntaxListValueFileTime =
    MakeSyntax(Type::kListValue, Format::kFileTime);
inline constexpr uint32_t kSyntaxDiskSignature = MakeSyntax(Type::kSignature, Format::kDword);
inline constexpr uint32_t kSyntaxScsiAddress = MakeSyntax(Type::kScsiAddress, Format::kDword);
inline constexpr uint32_t kSyntaxDiskNumber = MakeSyntax(Type::kDiskNumber, Format::kDword);
inline constexpr uint32_t kSyntaxPartitionInfo = MakeSyntax(Type::kPartitionInfo, Format::kBinary);
inline constexpr uint32_t kSyntaxFtSetInfo = MakeSyntax(Type::kFtSetInfo, Format::kBinary);
inline constexpr uint32_t kSyntaxDiskSerialNumber =
    MakeSyntax(Type::kDiskSerialNumber, Format::kSz);
inline constexpr uint32_t kSyntaxDiskGuid = MakeSyntax(Type::kDiskGuid, Format::kSz);
inline constexpr uint32_t kSyntaxDiskSize = MakeSyntax(Type::kDiskSize, Format::kULargeInteger);
inline constexpr uint32_t kSyntaxPartitionInfoEx =
    MakeSyntax(Type::kPartitionInfoEx, Format::kBinary);
inline constexpr uint32_t kSyntaxPartitionInfoEx2 =
    MakeSyntax(Type::kPartitionInfoEx2, Format::kBinary);
inline constexpr uint32_t kSyntaxStorageDeviceIdDescriptor =
    MakeSyntax(Type::kStorageDeviceIdDescriptor, Format::kBinary);

struct NamedSyntax {
  std::string_view name;  // without the CLUSPROP_SYNTAX_ prefix
  uint32_t value;
};

// The one table of named syntaxes, in clusapi.h order. Everything that prints or parses a syntax
// name goes through it. (This header uses only the standard library, so that it also compiles
// beside Windows' own clusapi.h; see syntax_mingw_check.cc.)
inline constexpr std::array<NamedSyntax, 27> kNamedSyntaxes = {{
    {"ENDMARK", kSyntaxEndmark},
    {"NAME", kSyntaxName},
    {"RESCLASS", kSyntaxResClass},
    {"LIST_VALUE_SZ", kSyntaxListValueSz},
    {"LIST_VALUE_EXPAND_SZ", kSyntaxListValueExpandSz},
    {"LIST_VALUE_DWORD", kSyntaxListValueDword},
    {"LIST_VALUE_BINARY", kSyntaxListValueBinary},
    {"LIST_VALUE_MULTI_SZ", kSyntaxListValueMultiSz},
    {"LIST_VALUE_LONG", kSyntaxListValueLong},
    {"LIST_VALUE_EXPANDED_SZ", kSyntaxListValueExpandedSz},
    {"LIST_VALUE_SECURITY_DESCRIPTOR", kSyntaxListValueSecurityDescriptor},
    {"LIST_VALUE_LARGE_INTEGER", kSyntaxListValueLargeInteger},
    {"LIST_VALUE_ULARGE_INTEGER", kSyntaxListValueULargeInteger},
    {"LIST_VALUE_WORD", kSyntaxListValueWord},
    {"LIST_VALUE_PROPERTY_LIST", kSyntaxListValuePropertyList},
    {"LIST_VALUE_FILETIME", kSyntaxListValueFileTime},
    {"DISK_SIGNATURE", kSyntaxDiskSignature},
    {"SCSI_ADDRESS", kSyntaxScsiAddress},
    {"DISK_NUMBER", kSyntaxDiskNumber},
    {"PARTITION_INFO", kSyntaxPartitionInfo},
    {"FTSET_INFO", kSyntaxFtSetInfo},
    {"DISK_SERIALNUMBER", kSyntaxDiskSerialNumber},
    {"DISK_GUID", kSyntaxDiskGuid},
    {"DISK_SIZE", kSyntaxDiskSize},
    {"PARTITION_INFO_EX", kSyntaxPartitionInfoEx},
    {"PARTITION_INFO_EX2", kSyntaxPartitionInfoEx2},
    {"STORAGE_DEVICE_ID_DESCRIPTOR", kSyntaxStorageDeviceIdDescriptor},
}};

// "LIST_VALUE_DWORD" for 0x00010002; nullopt when the value has no name.
std::optional<std::string_view> SyntaxName(uint32_t syntax);

// The name when known, else "0x%08x" (lowercase hex): the text form used by JSON and `dump`.
std::string SyntaxToString(uint32_t syntax);

// Parses a name of the table (exact, upper case) or a "0x..." hexadecimal value of at most 8
// digits. nullopt when it is neither.
std::optional<uint32_t> SyntaxFromString(std::string_view text);

// "DWORD" for Format::kDword, "UNKNOWN" for values outside the enum's list (FormatInfoOf's name).
std::string_view FormatName(Format format);
// "LIST_VALUE" for Type::kListValue, "UNKNOWN" for values outside the enum's list.
std::string_view TypeName(Type type);

}  // namespace clusprop

#endif  // CLUSPROP_SYNTAX_H_
