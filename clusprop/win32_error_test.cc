#include "clusprop/win32_error.h"

#if defined(_WIN32)
#include <winerror.h>

#include <iterator>
#include <utility>
#endif

#include "absl/status/statusor.h"
#include "clusprop/status_macros.h"
#include "clusprop/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace clusprop {
namespace {

using ::testing::Eq;
using ::testing::Not;

TEST(Win32ErrorTest, CodesMatchWinerror) {
  EXPECT_EQ(kErrorInvalidData, 13u);
  EXPECT_EQ(kErrorInvalidParameter, 87u);
  EXPECT_EQ(kErrorMoreData, 234u);
  EXPECT_EQ(kErrorIoPending, 997u);
  EXPECT_EQ(kErrorClusterResourceLockedStatus, 5960u);
  EXPECT_EQ(kErrorModNotFound, 126u);
  EXPECT_EQ(kErrorRevisionMismatch, 1306u);
  EXPECT_EQ(kErrorPathNotFound, 3u);
  EXPECT_EQ(kErrorWriteFault, 29u);
  EXPECT_EQ(kErrorReadFault, 30u);
  EXPECT_EQ(kErrorFileTooLarge, 223u);
  EXPECT_EQ(kErrorInternalError, 1359u);
  EXPECT_EQ(kErrorBadArguments, 160u);
  EXPECT_EQ(kErrorKeyDeleted, 1018u);
  EXPECT_EQ(NamedWin32Errors().size(), 25u);
}

#if defined(_WIN32)
// Built for Windows, every named code is checked against <winerror.h> itself (which in
// MinGW-w64 lacks ERROR_CLUSTER_RESOURCE_LOCKED_STATUS).
TEST(Win32ErrorTest, CodesMatchWindowsWinerrorH) {
  const std::pair<uint32_t, long> pairs[] = {
      {kErrorSuccess, ERROR_SUCCESS},
      {kErrorInvalidFunction, ERROR_INVALID_FUNCTION},
      {kErrorFileNotFound, ERROR_FILE_NOT_FOUND},
      {kErrorPathNotFound, ERROR_PATH_NOT_FOUND},
      {kErrorAccessDenied, ERROR_ACCESS_DENIED},
      {kErrorInvalidHandle, ERROR_INVALID_HANDLE},
      {kErrorNotEnoughMemory, ERROR_NOT_ENOUGH_MEMORY},
      {kErrorInvalidData, ERROR_INVALID_DATA},
      {kErrorWriteFault, ERROR_WRITE_FAULT},
      {kErrorReadFault, ERROR_READ_FAULT},
      {kErrorInvalidParameter, ERROR_INVALID_PARAMETER},
      {kErrorInsufficientBuffer, ERROR_INSUFFICIENT_BUFFER},
      {kErrorBadArguments, ERROR_BAD_ARGUMENTS},
      {kErrorFileTooLarge, ERROR_FILE_TOO_LARGE},
      {kErrorModNotFound, ERROR_MOD_NOT_FOUND},
      {kErrorMoreData, ERROR_MORE_DATA},
      {kErrorNoMoreItems, ERROR_NO_MORE_ITEMS},
      {kErrorIoPending, ERROR_IO_PENDING},
      {kErrorKeyDeleted, ERROR_KEY_DELETED},
      {kErrorRevisionMismatch, ERROR_REVISION_MISMATCH},
      {kErrorInternalError, ERROR_INTERNAL_ERROR},
      {kErrorResourceNotFound, ERROR_RESOURCE_NOT_FOUND},
      {kErrorInvalidState, ERROR_INVALID_STATE},
      {kErrorResourceFailed, ERROR_RESOURCE_FAILED},
  };
  for (const auto& [ours, windows] : pairs) EXPECT_EQ(ours, static_cast<uint32_t>(windows));
  EXPECT_EQ(std::size(pairs) + 1, NamedWin32Errors().size());
}
#endif

TEST(Win32ErrorTest, NamesRoundTrip) {
  for (const NamedWin32Error& entry : NamedWin32Errors()) {
    EXPECT_EQ(Win32ErrorName(entry.code), entry.name);
    EXPECT_EQ(Win32ErrorFromName(entry.name), entry.code);
  }
  EXPECT_EQ(Win32ErrorName(4242), "ERROR_4242");
  EXPECT_EQ(Win32ErrorFromName("ERROR_NOPE"), std::nullopt);
}

TEST(Win32ErrorTest, StatusCarriesCodeOffsetAndReason) {
  absl::Status s = Win32Error(kErrorInvalidData, 16, "property name is not NUL-terminated");
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Win32CodeOf(s), 13u);
  EXPECT_EQ(ErrorOffsetOf(s), 16u);
  EXPECT_EQ(ErrorWhat(s), "property name is not NUL-terminated");
  EXPECT_EQ(FormatError(s),
            "ERROR_INVALID_DATA (13) at offset 16: property name is not NUL-terminated");
  EXPECT_THAT(s, Win32ErrorIs(kErrorInvalidData, 16));
  EXPECT_THAT(s, Not(Win32ErrorIs(kErrorInvalidData, 12)));
  EXPECT_THAT(s, Not(Win32ErrorIs(kErrorInvalidParameter, 16)));
}

TEST(Win32ErrorTest, WithoutOffset) {
  absl::Status s = Win32Error(kErrorAccessDenied, "read-only handle");
  EXPECT_EQ(ErrorOffsetOf(s), std::nullopt);
  EXPECT_EQ(FormatError(s), "ERROR_ACCESS_DENIED (5): read-only handle");
  EXPECT_EQ(s.code(), absl::StatusCode::kPermissionDenied);
}

TEST(Win32ErrorTest, MoreDataCarriesRequiredSize) {
  absl::Status s = MoreDataError(60, "output buffer too small");
  EXPECT_EQ(Win32CodeOf(s), kErrorMoreData);
  EXPECT_EQ(RequiredSizeOf(s), 60u);
  EXPECT_EQ(RequiredSizeOf(absl::OkStatus()), std::nullopt);
}

TEST(Win32ErrorTest, CanonicalFallbackWithoutPayload) {
  EXPECT_EQ(Win32CodeOf(absl::OkStatus()), 0u);
  EXPECT_EQ(Win32CodeOf(absl::NotFoundError("x")), kErrorFileNotFound);
  EXPECT_EQ(Win32CodeOf(absl::InvalidArgumentError("x")), kErrorInvalidParameter);
  EXPECT_EQ(Win32CodeOf(absl::PermissionDeniedError("x")), kErrorAccessDenied);
  EXPECT_EQ(Win32CodeOf(absl::InternalError("x")), kErrorInvalidFunction);
}

TEST(Win32ErrorTest, EveryCodeHasACanonicalMapping) {
  for (const NamedWin32Error& entry : NamedWin32Errors()) {
    if (entry.code == kErrorSuccess) continue;
    absl::Status s = Win32Error(entry.code, "x");
    EXPECT_NE(s.code(), absl::StatusCode::kUnknown) << entry.name;
    EXPECT_EQ(Win32CodeOf(s), entry.code);
  }
}

absl::Status FailsWith(uint32_t code) { return Win32Error(code, 3, "inner"); }

absl::StatusOr<int> Half(int n) {
  if (n % 2 != 0) return Win32Error(kErrorInvalidParameter, "odd");
  return n / 2;
}

absl::Status UseReturnIfError(uint32_t code, int* steps) {
  RETURN_IF_ERROR(code == 0 ? absl::OkStatus() : FailsWith(code));
  ++*steps;
  return absl::OkStatus();
}

absl::StatusOr<int> UseAssignOrReturn(int n) {
  ASSIGN_OR_RETURN(int half, Half(n));
  ASSIGN_OR_RETURN(int quarter, Half(half));
  return quarter;
}

TEST(StatusMacrosTest, ReturnIfErrorStopsOnError) {
  int steps = 0;
  EXPECT_THAT(UseReturnIfError(0, &steps), IsOk());
  EXPECT_EQ(steps, 1);
  EXPECT_THAT(UseReturnIfError(kErrorInvalidData, &steps), Win32ErrorIs(kErrorInvalidData, 3));
  EXPECT_EQ(steps, 1);
}

TEST(StatusMacrosTest, AssignOrReturnPropagates) {
  EXPECT_THAT(UseAssignOrReturn(8), IsOkAndHolds(Eq(2)));
  EXPECT_THAT(UseAssignOrReturn(6), Win32CodeIs(kErrorInvalidParameter));
  EXPECT_THAT(UseAssignOrReturn(6), StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(Win32ErrorTest, PrintableTextKeepsMessagesOnOneLine) {
  EXPECT_EQ(PrintableText("plain text 123"), "plain text 123");
  EXPECT_EQ(PrintableText("a\nb\r\tc"), "a\\nb\\r\\tc");
  EXPECT_EQ(PrintableText("q\"b\\"), "q\\\"b\\\\");
  EXPECT_EQ(PrintableText(std::string("\0\x1f\x7f", 3)), "\\x00\\x1f\\x7f");
  EXPECT_EQ(PrintableText("\xC3\xA9t\xC3\xA9 \xF0\x9F\x98\x80"),
            "\xC3\xA9t\xC3\xA9 \xF0\x9F\x98\x80");
  // Not UTF-8: a lone continuation byte, an overlong form, a surrogate, a truncated sequence.
  EXPECT_EQ(PrintableText("\x80"), "\\x80");
  EXPECT_EQ(PrintableText("\xC0\xAF"), "\\xc0\\xaf");
  EXPECT_EQ(PrintableText("\xED\xA0\x80"), "\\xed\\xa0\\x80");
  EXPECT_EQ(PrintableText("\xE2\x82"), "\\xe2\\x82");
  EXPECT_EQ(PrintableText("\xF4\x90\x80\x80"), "\\xf4\\x90\\x80\\x80");
}

}  // namespace
}  // namespace clusprop
