// RETURN_IF_ERROR and ASSIGN_OR_RETURN for absl::Status / absl::StatusOr, which Debian's Abseil
// (20220623) does not ship. Defined only when the including project has not defined them.
//
//   RETURN_IF_ERROR(Validate(buffer));
//   ASSIGN_OR_RETURN(PropertyListReader reader, PropertyListReader::Open(buffer));

#ifndef CLUSPROP_STATUS_MACROS_H_
#define CLUSPROP_STATUS_MACROS_H_

#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

#define CLUSPROP_STATUS_CONCAT_INNER_(a, b) a##b
#define CLUSPROP_STATUS_CONCAT_(a, b) CLUSPROP_STATUS_CONCAT_INNER_(a, b)

// Evaluates `expr` (an absl::Status) and returns it from the current function when not ok.
#define CLUSPROP_RETURN_IF_ERROR(expr)                   \
  do {                                                   \
    ::absl::Status clusprop_status_ = (expr);            \
    if (!clusprop_status_.ok()) return clusprop_status_; \
  } while (false)

// Evaluates `rexpr` (an absl::StatusOr<T>); returns its status when not ok, else moves the value
// into `lhs`, which may be a declaration.
#define CLUSPROP_ASSIGN_OR_RETURN(lhs, rexpr) \
  CLUSPROP_ASSIGN_OR_RETURN_IMPL_(CLUSPROP_STATUS_CONCAT_(clusprop_statusor_, __LINE__), lhs, rexpr)

#define CLUSPROP_ASSIGN_OR_RETURN_IMPL_(statusor, lhs, rexpr) \
  auto statusor = (rexpr);                                    \
  if (!statusor.ok()) return std::move(statusor).status();    \
  lhs = *std::move(statusor)

#ifndef RETURN_IF_ERROR
#define RETURN_IF_ERROR(expr) CLUSPROP_RETURN_IF_ERROR(expr)
#endif
#ifndef ASSIGN_OR_RETURN
#define ASSIGN_OR_RETURN(lhs, rexpr) CLUSPROP_ASSIGN_OR_RETURN(lhs, rexpr)
#endif

#endif  // CLUSPROP_STATUS_MACROS_H_
