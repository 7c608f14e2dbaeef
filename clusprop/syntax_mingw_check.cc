// Cross-check of our constants against an independent header: MinGW-w64's <clusapi.h>.
// Compiled (not run) with the MinGW-w64 cross compiler by `./dev test`:
//   x86_64-w64-mingw32-g++ -std=c++17 -D_WIN32_WINNT=0x0502 -fsyntax-only -I. <this file>
// (Debian's MinGW clusapi.h does not compile as C++ with _WIN32_WINNT >= 0x0600.)
// MinGW carries an older set: PROPERTY_LIST, WORD, VALUE_LIST, PARTITION_INFO_EX2 and
// STORAGE_DEVICE_ID_DESCRIPTOR are not in it and are checked by syntax_test.cc alone.

#include <windows.h>
// windows.h first: clusapi.h relies on its types.
#include <clusapi.h>

#include <string_view>

#include "clusprop/syntax.h"

#define CHECK_FORMAT(NAME, OURS) \
  static_assert(CLUSPROP_FORMAT_##NAME == static_cast<int>(clusprop::Format::OURS), #NAME)
#define CHECK_TYPE(NAME, OURS) \
  static_assert(CLUSPROP_TYPE_##NAME == static_cast<int>(clusprop::Type::OURS), #NAME)
#define CHECK_SYNTAX(NAME, OURS) \
  static_assert(static_cast<DWORD>(CLUSPROP_SYNTAX_##NAME) == clusprop::OURS, #NAME)

CHECK_FORMAT(UNKNOWN, kUnknown);
CHECK_FORMAT(BINARY, kBinary);
CHECK_FORMAT(DWORD, kDword);
CHECK_FORMAT(SZ, kSz);
CHECK_FORMAT(EXPAND_SZ, kExpandSz);
CHECK_FORMAT(MULTI_SZ, kMultiSz);
CHECK_FORMAT(ULARGE_INTEGER, kULargeInteger);
CHECK_FORMAT(LONG, kLong);
CHECK_FORMAT(EXPANDED_SZ, kExpandedSz);
CHECK_FORMAT(SECURITY_DESCRIPTOR, kSecurityDescriptor);
CHECK_FORMAT(LARGE_INTEGER, kLargeInteger);
CHECK_FORMAT(WORD, kWord);
CHECK_FORMAT(FILETIME, kFileTime);
CHECK_FORMAT(USER, kUser);

CHECK_TYPE(ENDMARK, kEndmark);
CHECK_TYPE(LIST_VALUE, kListValue);
CHECK_TYPE(RESCLASS, kResClass);
CHECK_TYPE(RESERVED1, kReserved1);
CHECK_TYPE(NAME, kName);
CHECK_TYPE(SIGNATURE, kSignature);
CHECK_TYPE(SCSI_ADDRESS, kScsiAddress);
CHECK_TYPE(DISK_NUMBER, kDiskNumber);
CHECK_TYPE(PARTITION_INFO, kPartitionInfo);
CHECK_TYPE(FTSET_INFO, kFtSetInfo);
CHECK_TYPE(DISK_SERIALNUMBER, kDiskSerialNumber);
CHECK_TYPE(DISK_GUID, kDiskGuid);
CHECK_TYPE(DISK_SIZE, kDiskSize);
CHECK_TYPE(PARTITION_INFO_EX, kPartitionInfoEx);
CHECK_TYPE(USER, kUser);

CHECK_SYNTAX(ENDMARK, kSyntaxEndmark);
CHECK_SYNTAX(NAME, kSyntaxName);
CHECK_SYNTAX(RESCLASS, kSyntaxResClass);
CHECK_SYNTAX(LIST_VALUE_SZ, kSyntaxListValueSz);
CHECK_SYNTAX(LIST_VALUE_EXPAND_SZ, kSyntaxListValueExpandSz);
CHECK_SYNTAX(LIST_VALUE_DWORD, kSyntaxListValueDword);
CHECK_SYNTAX(LIST_VALUE_BINARY, kSyntaxListValueBinary);
CHECK_SYNTAX(LIST_VALUE_MULTI_SZ, kSyntaxListValueMultiSz);
CHECK_SYNTAX(LIST_VALUE_LONG, kSyntaxListValueLong);
CHECK_SYNTAX(LIST_VALUE_EXPANDED_SZ, kSyntaxListValueExpandedSz);
CHECK_SYNTAX(LIST_VALUE_SECURITY_DESCRIPTOR, kSyntaxListValueSecurityDescriptor);
CHECK_SYNTAX(LIST_VALUE_LARGE_INTEGER, kSyntaxListValueLargeInteger);
CHECK_SYNTAX(LIST_VALUE_ULARGE_INTEGER, kSyntaxListValueULargeInteger);
CHECK_SYNTAX(LIST_VALUE_FILETIME, kSyntaxListValueFileTime);
CHECK_SYNTAX(DISK_SIGNATURE, kSyntaxDiskSignature);
CHECK_SYNTAX(SCSI_ADDRESS, kSyntaxScsiAddress);
CHECK_SYNTAX(DISK_NUMBER, kSyntaxDiskNumber);
CHECK_SYNTAX(PARTITION_INFO, kSyntaxPartitionInfo);
CHECK_SYNTAX(FTSET_INFO, kSyntaxFtSetInfo);
CHECK_SYNTAX(DISK_SERIALNUMBER, kSyntaxDiskSerialNumber);
CHECK_SYNTAX(DISK_GUID, kSyntaxDiskGuid);
CHECK_SYNTAX(DISK_SIZE, kSyntaxDiskSize);
CHECK_SYNTAX(PARTITION_INFO_EX, kSyntaxPartitionInfoEx);

// ALIGN_CLUSPROP(count) == ((count + 3) & ~3)
static_assert(ALIGN_CLUSPROP(0) == clusprop::AlignUp(0), "ALIGN 0");
static_assert(ALIGN_CLUSPROP(1) == clusprop::AlignUp(1), "ALIGN 1");
static_assert(ALIGN_CLUSPROP(30) == clusprop::AlignUp(30), "ALIGN 30");
static_assert(ALIGN_CLUSPROP(32) == clusprop::AlignUp(32), "ALIGN 32");
static_assert(ALIGN_CLUSPROP(4093) == clusprop::AlignUp(4093), "ALIGN 4093");

// The fixed sizes of kFormats are those of the data members of clusapi.h's CLUSPROP_WORD,
// CLUSPROP_DWORD, ... (CLUSPROP_FILETIME needs _WIN32_WINNT >= 0x0600: FILETIME itself).
#define CHECK_SIZE(OURS, MEMBER) \
  static_assert(clusprop::FormatInfoOf(clusprop::Format::OURS).fixed_size == sizeof(MEMBER), #OURS)
CHECK_SIZE(kWord, CLUSPROP_WORD::w);
CHECK_SIZE(kDword, CLUSPROP_DWORD::dw);
CHECK_SIZE(kLong, CLUSPROP_LONG::l);
CHECK_SIZE(kULargeInteger, CLUSPROP_ULARGE_INTEGER::li);
CHECK_SIZE(kLargeInteger, CLUSPROP_LARGE_INTEGER::li);
CHECK_SIZE(kFileTime, FILETIME);

// The names of our table agree with the values MinGW gives those names.
constexpr bool NameHasValue(std::string_view name, uint32_t value) {
  for (const clusprop::NamedSyntax& entry : clusprop::kNamedSyntaxes) {
    if (entry.name == name) return entry.value == value;
  }
  return false;
}
static_assert(NameHasValue("LIST_VALUE_DWORD", CLUSPROP_SYNTAX_LIST_VALUE_DWORD), "table");
static_assert(NameHasValue("DISK_SIZE", CLUSPROP_SYNTAX_DISK_SIZE), "table");
static_assert(NameHasValue("NAME", CLUSPROP_SYNTAX_NAME), "table");
