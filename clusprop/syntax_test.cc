#include "clusprop/syntax.h"

#include <set>
#include <string>

#include "gtest/gtest.h"

namespace clusprop {
namespace {

TEST(SyntaxTest, ComposeAndSplit) {
  constexpr uint32_t s = MakeSyntax(Type::kListValue, Format::kDword);
  static_assert(s == 0x00010002, "LIST_VALUE_DWORD");
  EXPECT_EQ(FormatOf(0x0004000E), Format::kPropertyList);
  EXPECT_EQ(TypeOf(0x0004000E), Type::kName);
  EXPECT_EQ(FormatOf(0x80008000), Format::kUser);
  EXPECT_EQ(TypeOf(0x80008000), Type::kUser);
}

TEST(SyntaxTest, NamedValuesMatchSpecTable) {
  // The format's own example, literally.
  EXPECT_EQ(kSyntaxEndmark, 0x00000000u);
  EXPECT_EQ(kSyntaxName, 0x00040003u);
  EXPECT_EQ(kSyntaxResClass, 0x00020002u);
  EXPECT_EQ(kSyntaxListValueSz, 0x00010003u);
  EXPECT_EQ(kSyntaxListValueExpandSz, 0x00010004u);
  EXPECT_EQ(kSyntaxListValueDword, 0x00010002u);
  EXPECT_EQ(kSyntaxListValueBinary, 0x00010001u);
  EXPECT_EQ(kSyntaxListValueMultiSz, 0x00010005u);
  EXPECT_EQ(kSyntaxListValueLong, 0x00010007u);
  EXPECT_EQ(kSyntaxListValueExpandedSz, 0x00010008u);
  EXPECT_EQ(kSyntaxListValueSecurityDescriptor, 0x00010009u);
  EXPECT_EQ(kSyntaxListValueLargeInteger, 0x0001000Au);
  EXPECT_EQ(kSyntaxListValueULargeInteger, 0x00010006u);
  EXPECT_EQ(kSyntaxListValueWord, 0x0001000Bu);
  EXPECT_EQ(kSyntaxListValuePropertyList, 0x0001000Eu);
  EXPECT_EQ(kSyntaxListValueFileTime, 0x0001000Cu);
  EXPECT_EQ(kSyntaxDiskSignature, 0x00050002u);
  EXPECT_EQ(kSyntaxScsiAddress, 0x00060002u);
  EXPECT_EQ(kSyntaxDiskNumber, 0x00070002u);
  EXPECT_EQ(kSyntaxPartitionInfo, 0x00080001u);
  EXPECT_EQ(kSyntaxFtSetInfo, 0x00090001u);
  EXPECT_EQ(kSyntaxDiskSerialNumber, 0x000A0003u);
  EXPECT_EQ(kSyntaxDiskGuid, 0x000B0003u);
  EXPECT_EQ(kSyntaxDiskSize, 0x000C0006u);
  EXPECT_EQ(kSyntaxPartitionInfoEx, 0x000D0001u);
  EXPECT_EQ(kSyntaxPartitionInfoEx2, 0x000E0001u);
  EXPECT_EQ(kSyntaxStorageDeviceIdDescriptor, 0x000F0001u);
}

TEST(SyntaxTest, TableHasUniqueNamesAndValuesAndRoundTrips) {
  std::set<std::string_view> names;
  std::set<uint32_t> values;
  for (const NamedSyntax& entry : kNamedSyntaxes) {
    EXPECT_TRUE(names.insert(entry.name).second) << entry.name;
    EXPECT_TRUE(values.insert(entry.value).second) << entry.name;
    EXPECT_EQ(SyntaxName(entry.value), entry.name);
    EXPECT_EQ(SyntaxFromString(entry.name), entry.value);
    EXPECT_EQ(SyntaxToString(entry.value), entry.name);
  }
  EXPECT_EQ(kNamedSyntaxes.size(), 27u);
}

TEST(SyntaxTest, UnnamedValuesPrintAsLowercaseHex) {
  EXPECT_EQ(SyntaxName(0x12345678), std::nullopt);
  EXPECT_EQ(SyntaxToString(0x8000ABCD), "0x8000abcd");
  EXPECT_EQ(SyntaxFromString("0x8000abcd"), 0x8000ABCDu);
  EXPECT_EQ(SyntaxFromString("0X0001000E"), kSyntaxListValuePropertyList);
  EXPECT_EQ(SyntaxFromString("0x5"), 5u);  // one digit: the shortest hexadecimal form
  EXPECT_EQ(SyntaxFromString("0xA"), 10u);
}

TEST(SyntaxTest, RejectsMalformedText) {
  EXPECT_EQ(SyntaxFromString(""), std::nullopt);
  EXPECT_EQ(SyntaxFromString("0x"), std::nullopt);
  EXPECT_EQ(SyntaxFromString("0x123456789"), std::nullopt);
  EXPECT_EQ(SyntaxFromString("0xg"), std::nullopt);
  EXPECT_EQ(SyntaxFromString("list_value_dword"), std::nullopt);
  EXPECT_EQ(SyntaxFromString("CLUSPROP_SYNTAX_NAME"), std::nullopt);
}

TEST(SyntaxTest, AlignAndSizes) {
  EXPECT_EQ(AlignUp(0), 0u);
  EXPECT_EQ(AlignUp(1), 4u);
  EXPECT_EQ(AlignUp(4), 4u);
  EXPECT_EQ(AlignUp(30), 32u);
  EXPECT_EQ(AlignUp(0xFFFFFFFFull), 0x100000000ull);  // no wrap in 64 bits
  EXPECT_EQ(kValueHeaderSize, 8u);
  EXPECT_EQ(kEndmarkSize, 4u);
}

TEST(SyntaxTest, FormatAndTypeNames) {
  EXPECT_EQ(FormatName(Format::kMultiSz), "MULTI_SZ");
  EXPECT_EQ(FormatName(static_cast<Format>(0x1234)), "UNKNOWN");
  EXPECT_EQ(TypeName(Type::kStorageDeviceIdDescriptor), "STORAGE_DEVICE_ID_DESCRIPTOR");
  EXPECT_EQ(TypeName(static_cast<Type>(0x77)), "UNKNOWN");
}

TEST(SyntaxTest, EveryFormatAndTypeHasItsName) {
  const std::pair<Format, const char*> formats[] = {
      {Format::kUnknown, "UNKNOWN"},
      {Format::kBinary, "BINARY"},
      {Format::kDword, "DWORD"},
      {Format::kSz, "SZ"},
      {Format::kExpandSz, "EXPAND_SZ"},
      {Format::kMultiSz, "MULTI_SZ"},
      {Format::kULargeInteger, "ULARGE_INTEGER"},
      {Format::kLong, "LONG"},
      {Format::kExpandedSz, "EXPANDED_SZ"},
      {Format::kSecurityDescriptor, "SECURITY_DESCRIPTOR"},
      {Format::kLargeInteger, "LARGE_INTEGER"},
      {Format::kWord, "WORD"},
      {Format::kFileTime, "FILETIME"},
      {Format::kValueList, "VALUE_LIST"},
      {Format::kPropertyList, "PROPERTY_LIST"},
      {Format::kUser, "USER"}};
  for (const auto& [format, name] : formats) EXPECT_EQ(FormatName(format), name);
  const std::pair<Type, const char*> types[] = {
      {Type::kEndmark, "ENDMARK"},
      {Type::kListValue, "LIST_VALUE"},
      {Type::kResClass, "RESCLASS"},
      {Type::kReserved1, "RESERVED1"},
      {Type::kName, "NAME"},
      {Type::kSignature, "SIGNATURE"},
      {Type::kScsiAddress, "SCSI_ADDRESS"},
      {Type::kDiskNumber, "DISK_NUMBER"},
      {Type::kPartitionInfo, "PARTITION_INFO"},
      {Type::kFtSetInfo, "FTSET_INFO"},
      {Type::kDiskSerialNumber, "DISK_SERIALNUMBER"},
      {Type::kDiskGuid, "DISK_GUID"},
      {Type::kDiskSize, "DISK_SIZE"},
      {Type::kPartitionInfoEx, "PARTITION_INFO_EX"},
      {Type::kPartitionInfoEx2, "PARTITION_INFO_EX2"},
      {Type::kStorageDeviceIdDescriptor, "STORAGE_DEVICE_ID_DESCRIPTOR"},
      {Type::kUser, "USER"}};
  for (const auto& [type, name] : types) EXPECT_EQ(TypeName(type), name);
}

// FORMAT.md's "Data by format", entry by entry: the sizes and kinds every reader and writer of
// typed data takes from kFormats.
TEST(SyntaxTest, FormatTableHasTheSizeAndKindOfEveryFormat) {
  struct Expected {
    Format format;
    uint32_t fixed_size;
    ValueKind kind;
  };
  const Expected expected[] = {{Format::kUnknown, 0, ValueKind::kOpaque},
                               {Format::kBinary, 0, ValueKind::kBinary},
                               {Format::kDword, 4, ValueKind::kUnsignedInteger},
                               {Format::kSz, 0, ValueKind::kString},
                               {Format::kExpandSz, 0, ValueKind::kString},
                               {Format::kMultiSz, 0, ValueKind::kMultiString},
                               {Format::kULargeInteger, 8, ValueKind::kUnsignedInteger},
                               {Format::kLong, 4, ValueKind::kSignedInteger},
                               {Format::kExpandedSz, 0, ValueKind::kString},
                               {Format::kSecurityDescriptor, 0, ValueKind::kBinary},
                               {Format::kLargeInteger, 8, ValueKind::kSignedInteger},
                               {Format::kWord, 2, ValueKind::kUnsignedInteger},
                               {Format::kFileTime, 8, ValueKind::kUnsignedInteger},
                               {Format::kValueList, 0, ValueKind::kOpaque},
                               {Format::kPropertyList, 0, ValueKind::kPropertyList},
                               {Format::kUser, 0, ValueKind::kOpaque}};
  for (const Expected& e : expected) {
    const FormatInfo& info = FormatInfoOf(e.format);
    EXPECT_EQ(info.format, e.format) << FormatName(e.format);
    EXPECT_EQ(info.fixed_size, e.fixed_size) << FormatName(e.format);
    EXPECT_EQ(info.kind, e.kind) << FormatName(e.format);
  }
  // KindOf and FixedSizeOf agree with the table; every code the enum does not list gets the
  // UNKNOWN entry, opaque.
  for (uint32_t code = 0; code <= 0xFFFF; ++code) {
    const FormatInfo& info = FormatInfoOf(static_cast<Format>(code));
    EXPECT_EQ(info.name, FormatName(static_cast<Format>(code)));
    EXPECT_EQ(KindOf(static_cast<Format>(code)), info.kind) << std::hex << code;
    EXPECT_EQ(FixedSizeOf(static_cast<Format>(code)), info.fixed_size) << std::hex << code;
    if (code > 0x000E && code != 0x8000) {
      EXPECT_EQ(&info, &kFormats[0]) << std::hex << code;
      EXPECT_EQ(info.kind, ValueKind::kOpaque);
    }
  }
}

// Strict validation accepts a value's type when clusapi.h names it or it is USER or above; the
// predicate's single compare must agree with the table of type names for every type.
TEST(SyntaxTest, NamedOrUserTypeAgreesWithTheTypeNames) {
  for (uint32_t type = 0; type <= 0xFFFF; ++type) {
    const bool named = TypeName(static_cast<Type>(type)) != "UNKNOWN";
    for (uint32_t format : {0x0000u, 0x0002u, 0xFFFFu}) {
      EXPECT_EQ(HasNamedOrUserType(type << 16 | format), named || type >= 0x8000)
          << std::hex << type << " " << format;
    }
  }
  EXPECT_TRUE(HasNamedOrUserType(kSyntaxStorageDeviceIdDescriptor));
  EXPECT_FALSE(HasNamedOrUserType(0x00100002));
  EXPECT_FALSE(HasNamedOrUserType(0x7FFF0001));
  EXPECT_TRUE(HasNamedOrUserType(0x80000002));
}

}  // namespace
}  // namespace clusprop
