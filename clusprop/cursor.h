// PropertyListCursor: validation and iteration in one pass.
//
// PropertyListReader validates the whole buffer, then iterates: two walks over the same bytes.
// A cursor checks each property as it reaches it, so a caller that reads every property pays for
// one walk. The checks are the reader's (lenient, or strict with ReadOptions::strict: see
// reader.h; only strict descends into nested lists), and the verdict is the same: when Next()
// returns false, status() is OK exactly when PropertyListReader::Open() would have accepted the
// buffer.
//
// The price of one pass: properties are handed out before the end of the list has been seen. A
// caller that must not act on a list that later turns out to be malformed collects what it reads
// and commits only when status() is OK (or uses PropertyListReader).
//
//   PropertyListCursor cursor(bytes);
//   while (cursor.Next()) {
//     absl::StatusOr<uint32_t> value = cursor.first_value().AsDword();
//   }
//   RETURN_IF_ERROR(cursor.status());
//
// A cursor is a small value over a caller's buffer; it allocates nothing on success and is not
// thread-safe.

#ifndef CLUSPROP_CURSOR_H_
#define CLUSPROP_CURSOR_H_

#include <cstddef>
#include <cstdint>

#include "absl/base/attributes.h"
#include "absl/base/optimization.h"
#include "absl/status/status.h"
#include "absl/types/span.h"
#include "clusprop/internal/validator.h"
#include "clusprop/reader.h"

namespace clusprop {

class PropertyListCursor {
 public:
  explicit PropertyListCursor(absl::Span<const uint8_t> buffer, const ReadOptions& options = {})
      : base_(buffer.data()), limit_(buffer.size()), options_(options) {
    uint32_t count = 0;
    failure_ = internal::CheckPropertyCount(base_, 0, limit_, /*depth=*/1, &count);
    remaining_ = count;
    done_ = static_cast<bool>(failure_);
    info_.property_count = count;
  }

  // Checks the next property and makes it property(); false at the end of the list (after
  // checking what follows it) or at the first error.
  ABSL_ATTRIBUTE_ALWAYS_INLINE bool Next() {
    if (done_) return false;
    if (remaining_ == 0) {
      ListInfo info = info_;
      failure_ = internal::FinishPropertyList(base_, 0, pos_, limit_, options_.strict, &info);
      info_ = info;
      done_ = true;
      return false;
    }
    // Only values and locals cross into the walk, never a field's address (see reader.cc).
    size_t next = 0;
    size_t values = info_.value_count;
    internal::Failure failure =
        internal::CheckProperty(base_, pos_, limit_, options_, /*depth=*/1, &next, &values);
    if (ABSL_PREDICT_FALSE(static_cast<bool>(failure))) {
      failure_ = failure;
      done_ = true;
      return false;
    }
    info_.value_count = values;
    property_ = pos_;
    first_value_ = static_cast<size_t>(
        internal::EntryEnd(pos_, internal::LoadLE32(base_ + pos_ + 4)));  // past the NAME
    pos_ = next;
    --remaining_;
    return true;
  }

  // REQUIRES: the last Next() returned true.
  PropertyView property() const { return PropertyView(base_, property_); }
  // property().first_value(), with its offset worked out in Next() beside the check, which has
  // just read the same name header.
  ValueView first_value() const { return ValueView(base_, first_value_); }

  // OK while the cursor is good; after the end, OK exactly when the whole list is valid.
  absl::Status status() const {
    internal::Failure failure = failure_;  // a copy, as in Next()
    return failure.ToStatus();
  }
  bool done() const { return done_; }
  // Complete once Next() has returned false with an OK status.
  const ListInfo& info() const { return info_; }

 private:
  const uint8_t* base_;
  size_t limit_;
  ReadOptions options_;
  size_t pos_ = 4;
  size_t property_ = 0;
  size_t first_value_ = 0;
  uint32_t remaining_ = 0;
  bool done_ = false;
  internal::Failure failure_;
  ListInfo info_;
};

}  // namespace clusprop

#endif  // CLUSPROP_CURSOR_H_
