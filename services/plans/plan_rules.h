// The rules of implementation plans and execution plans as pure functions: no gRPC, no SQL.
// Content checks answer INVALID_ARGUMENT naming the field; readiness checks (publication of an
// implementation plan, approval of an execution plan) answer FAILED_PRECONDITION listing every
// problem at once, so a person can fix them in one pass.
#ifndef SVCUP_SERVICES_PLANS_PLAN_RULES_H_
#define SVCUP_SERVICES_PLANS_PLAN_RULES_H_

#include "absl/status/status.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "svcup/v1/plans.pb.h"

namespace svcup::plans {

// Field limits of plan content.
inline constexpr size_t kMaxTitleChars = 200;
inline constexpr size_t kMaxSectionChars = 20000;
inline constexpr size_t kMaxItemChars = 5000;
inline constexpr size_t kMaxConcreteMeasures = 200;
inline constexpr size_t kMaxPriorities = 50;
inline constexpr size_t kMaxPublicationUrls = 10;

// Checks the form of implementation plan content for `year` (lengths, counts, codes, dates).
// Parts may be missing in a draft; see CheckReadyToPublish.
absl::Status ValidateImplementationPlanContent(const v1::ImplementationPlanContent& content,
                                               int year);

// Checks that content is complete enough to publish: strategies with measures, the execution
// plan deadline, required sections and reporting periods. FAILED_PRECONDITION listing each
// missing part.
absl::Status CheckReadyToPublish(const v1::ImplementationPlanContent& content);

// The reporting period numbered `number`, or nullptr.
const v1::ReportingPeriod* FindPeriod(const v1::ImplementationPlanContent& content, int number);

// Checks the form of execution plan content (lengths, counts, measure-code syntax). Unknown
// measure codes, missing sections and the priority order are approval matters.
absl::Status ValidateExecutionPlanContent(const v1::ExecutionPlanContent& content);

// Checks that an execution plan may be approved under the implementation plan `governing`:
// FAILED_PRECONDITION naming each missing required section, each measure code the
// implementation plan does not define, and a priority list not ranked 1, 2, 3 ... in order.
absl::Status CheckReadyForApproval(const v1::ExecutionPlanContent& content,
                                   const v1::ImplementationPlanContent& governing);

// Checks publication URLs: 1..10 http(s) URLs.
absl::Status ValidatePublicationUrls(const google::protobuf::RepeatedPtrField<std::string>& urls);

// The lateness of a publication at `when` against `deadline` (a Taipei civil date).
struct Lateness {
  bool late = false;
  int days_late = 0;
};
Lateness LatenessOf(absl::Time when, absl::CivilDay deadline);

}  // namespace svcup::plans

#endif  // SVCUP_SERVICES_PLANS_PLAN_RULES_H_
