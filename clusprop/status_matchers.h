// gMock matchers for absl::Status and absl::StatusOr, with the Win32 code and byte offset that
// this library's errors carry. For tests only.
//
//   EXPECT_THAT(reader.status(), IsOk());
//   EXPECT_THAT(PropertyListReader::Open(bytes), Win32ErrorIs(kErrorInvalidData, 16));
//   EXPECT_THAT(FindDword(bytes, "X"), IsOkAndHolds(7u));

#ifndef CLUSPROP_STATUS_MATCHERS_H_
#define CLUSPROP_STATUS_MATCHERS_H_

#include <cstddef>
#include <cstdint>
#include <ostream>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "clusprop/win32_error.h"
#include "gmock/gmock.h"

namespace clusprop {
namespace testing_internal {

inline const absl::Status& GetStatus(const absl::Status& status) { return status; }
template <typename T>
const absl::Status& GetStatus(const absl::StatusOr<T>& status_or) {
  return status_or.status();
}

}  // namespace testing_internal

MATCHER(IsOk, "is OK") {
  const absl::Status& status = testing_internal::GetStatus(arg);
  if (!status.ok()) *result_listener << FormatError(status);
  return status.ok();
}

MATCHER_P(StatusIs, code, "has canonical code " + ::testing::PrintToString(code)) {
  const absl::Status& status = testing_internal::GetStatus(arg);
  *result_listener << "status is " << status;
  return status.code() == code;
}

// The Win32 code only; the offset is not checked.
MATCHER_P(Win32CodeIs, code, "fails with Win32 code " + ::testing::PrintToString(code)) {
  const absl::Status& status = testing_internal::GetStatus(arg);
  *result_listener << (status.ok() ? std::string("OK") : FormatError(status));
  return !status.ok() && Win32CodeOf(status) == static_cast<uint32_t>(code);
}

// The Win32 code and the byte offset.
MATCHER_P2(Win32ErrorIs, code, offset,
           "fails with Win32 code " + ::testing::PrintToString(code) + " at offset " +
               ::testing::PrintToString(offset)) {
  const absl::Status& status = testing_internal::GetStatus(arg);
  *result_listener << (status.ok() ? std::string("OK") : FormatError(status));
  std::optional<size_t> at = ErrorOffsetOf(status);
  return !status.ok() && Win32CodeOf(status) == static_cast<uint32_t>(code) && at.has_value() &&
         *at == static_cast<size_t>(offset);
}

MATCHER_P(IsOkAndHolds, matcher, "is OK and holds a matching value") {
  if (!arg.ok()) {
    *result_listener << FormatError(arg.status());
    return false;
  }
  return ::testing::ExplainMatchResult(matcher, *arg, result_listener);
}

}  // namespace clusprop

#endif  // CLUSPROP_STATUS_MATCHERS_H_
