// Early returns on error, as many Google codebases spell them:
//
//   RETURN_IF_ERROR(CheckYear("year", year));
//   ASSIGN_OR_RETURN(const ReportName name, ParseReportName("name", request.name()));
//
// Each returns the failed absl::Status unchanged (message and code as the callee made them)
// from a function returning absl::Status or absl::StatusOr<T>.
#ifndef SVCUP_COMMON_STATUS_MACROS_H_
#define SVCUP_COMMON_STATUS_MACROS_H_

#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

// Evaluates `expr` (an absl::Status) and returns it if it is not OK.
#define RETURN_IF_ERROR(expr)                                         \
  do {                                                                \
    if (::absl::Status svcup_status_ = (expr); !svcup_status_.ok()) { \
      return svcup_status_;                                           \
    }                                                                 \
  } while (false)

// Evaluates `rexpr` (an absl::StatusOr<T>); returns its status if it is not OK, else moves its
// value into `lhs` (a declaration such as `auto x` or an existing variable).
#define ASSIGN_OR_RETURN(lhs, rexpr) \
  SVCUP_ASSIGN_OR_RETURN_(SVCUP_STATUS_CONCAT_(svcup_statusor_, __LINE__), lhs, rexpr)

#define SVCUP_ASSIGN_OR_RETURN_(statusor, lhs, rexpr) \
  auto statusor = (rexpr);                            \
  if (!statusor.ok()) return std::move(statusor).status(); \
  lhs = *std::move(statusor)

#define SVCUP_STATUS_CONCAT_(a, b) SVCUP_STATUS_CONCAT_INNER_(a, b)
#define SVCUP_STATUS_CONCAT_INNER_(a, b) a##b

#endif  // SVCUP_COMMON_STATUS_MACROS_H_
