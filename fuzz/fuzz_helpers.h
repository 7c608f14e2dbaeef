// Shared pieces of the fuzz targets: a crash-on-failure check that survives NDEBUG, and the
// typed reads every target performs on every value.

#ifndef CLUSPROP_FUZZ_FUZZ_HELPERS_H_
#define CLUSPROP_FUZZ_FUZZ_HELPERS_H_

#include <cstdio>
#include <cstdlib>

#include "clusprop/reader.h"
#include "clusprop/win32_error.h"

// Aborts with a message when `condition` is false: a property the target asserts was broken.
#define FUZZ_CHECK(condition)                                                                 \
  do {                                                                                        \
    if (!(condition)) {                                                                       \
      std::fprintf(stderr, "%s:%d: FUZZ_CHECK failed: %s\n", __FILE__, __LINE__, #condition); \
      std::abort();                                                                           \
    }                                                                                         \
  } while (false)

namespace clusprop {
namespace fuzz {

// Every failure carries a Win32 code and an offset inside the buffer (or at its end).
inline void CheckError(const absl::Status& status, size_t size) {
  FUZZ_CHECK(!status.ok());
  FUZZ_CHECK(Win32CodeOf(status) == kErrorInvalidData);
  std::optional<size_t> offset = ErrorOffsetOf(status);
  FUZZ_CHECK(offset.has_value());
  FUZZ_CHECK(*offset <= size);
}

// Calls every typed accessor on `value`; the one for its format must succeed exactly when
// CheckTyped() does, and the others must fail with ERROR_INVALID_DATA at the entry.
void ReadEveryWay(const ValueView& value, int depth = 0);

}  // namespace fuzz
}  // namespace clusprop

#endif  // CLUSPROP_FUZZ_FUZZ_HELPERS_H_
