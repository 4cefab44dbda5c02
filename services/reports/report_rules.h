// The rules of progress reports as pure functions: content checks, due dates, lateness,
// digests and completeness status. No gRPC, no SQL.
#ifndef SVCUP_SERVICES_REPORTS_REPORT_RULES_H_
#define SVCUP_SERVICES_REPORTS_REPORT_RULES_H_

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "svcup/v1/plans.pb.h"
#include "svcup/v1/reports.pb.h"

namespace svcup::reports {

// Limits of report content.
inline constexpr size_t kMaxMeasureResults = 99;
inline constexpr size_t kMaxIndicators = 20;
inline constexpr size_t kMaxEvidenceLinks = 10;
inline constexpr size_t kMaxMeetings = 100;
inline constexpr size_t kMaxParticipants = 100;
inline constexpr size_t kMaxReadingsPerBatch = 1000;
inline constexpr size_t kMaxReadingsPerCall = 10000;

// The reporting period `number` of an implementation plan; INVALID_ARGUMENT naming "period"
// and the periods that exist when it has none such.
absl::StatusOr<v1::ReportingPeriod> PeriodOf(const v1::ImplementationPlan& plan, int number);

// Checks the form of report content: lengths, counts, links, dates within `period`, and
// measure codes the implementation plan defines (each at most once), answers to reasons (each
// measure code, or the overall reason, at most once).
absl::Status ValidateReportContent(const v1::ReportContent& content,
                                   const v1::ImplementationPlanContent& plan,
                                   const v1::ReportingPeriod& period);

// Checks that no figure the plan declares cumulative for its measure falls below its value in
// `earlier` (the latest revision of the period before) unless it carries an explanation.
// FAILED_PRECONDITION naming each such figure.
absl::Status CheckCumulativeFigures(const v1::ReportContent& content,
                                    const v1::ReportRevision& earlier,
                                    const v1::ImplementationPlanContent& plan);

// Checks that `agency` owes the report of `period`: open on the period's last day (see
// Organisation.open_date and close_date). FAILED_PRECONDITION saying when it closed or opens.
absl::Status CheckOwesPeriod(const v1::Organisation& agency, const v1::ReportingPeriod& period);

// Checks that a returned report's content answers every reason of the return (one
// content.reason_answers entry per reason, by measure code, empty for the overall reason).
// FAILED_PRECONDITION naming each unanswered reason.
absl::Status CheckReasonsAnswered(const v1::ProgressReport& report);

// Checks what a submission needs beyond ValidateReportContent: an as-of date, at least one
// measure result, and actions taken and results for each. INVALID_ARGUMENT naming the field.
absl::Status CheckReadyToSubmit(const v1::ReportContent& content);

// "sha256:<64 hex digits>" of the content's deterministic serialization.
std::string ContentDigest(const v1::ReportContent& content);

// The due date that applies to a report: the agency due date when it goes to a supervisor,
// the ministry due date when it goes straight to the top of the tree.
absl::CivilDay DueDate(const v1::ReportingPeriod& period, bool direct_to_top);

// Where an agency stands for a period: on time or late by its first revision, missing once the
// due date has passed without one, pending before.
v1::CompletenessStatus StatusOf(const std::optional<v1::ReportRevision>& first,
                                absl::CivilDay due, absl::Time now);

// What a submission makes of a report: its next revision (the content, its digest, the route,
// the due date by route, lateness at `now`, the plan version), the report moved to SUBMITTED
// and addressed to the route's recipient, and the SUBMITTED event for the watch stream.
struct Submission {
  v1::ReportRevision revision;
  v1::ProgressReport report;
  v1::ReportEvent event;
};
Submission BuildSubmission(v1::ProgressReport report, const v1::ReportingRoute& route,
                           const v1::ReportingPeriod& period, int plan_version,
                           const v1::Principal& submitter, absl::Time now);

// Checks one batch of readings: organisation and batch id present, 1..1,000 readings, each with
// an indicator name, a finite value, a unit of up to 20 characters and a time not in the future.
absl::Status ValidateReadingBatch(const v1::RecordReadingsRequest& batch, absl::Time now);

}  // namespace svcup::reports

#endif  // SVCUP_SERVICES_REPORTS_REPORT_RULES_H_
