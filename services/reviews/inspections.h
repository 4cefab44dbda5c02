// Inspections of agencies, and the follow-up of the deficiencies they find: the agency answers,
// the inspector (or the ministry) closes or reopens; overdue is computed at read time.
#ifndef SVCUP_SERVICES_REVIEWS_INSPECTIONS_H_
#define SVCUP_SERVICES_REVIEWS_INSPECTIONS_H_

#include "absl/status/statusor.h"
#include "services/reviews/review_aggregate.h"
#include "svcup/v1/reviews.pb.h"

namespace svcup::reviews {

// The inspections aggregate (see reviews.proto).
class Inspections final : public ReviewAggregate {
 public:
  using ReviewAggregate::ReviewAggregate;

  absl::StatusOr<v1::Inspection> RecordInspection(const v1::Principal& caller,
                                                  const v1::RecordInspectionRequest& request);
  absl::StatusOr<v1::Inspection> GetInspection(const v1::Principal& caller,
                                               const v1::GetInspectionRequest& request);
  absl::StatusOr<v1::ListInspectionsResponse> ListInspections(
      const v1::Principal& caller, const v1::ListInspectionsRequest& request);
  absl::StatusOr<v1::Deficiency> AnswerDeficiency(const v1::Principal& caller,
                                                  const v1::AnswerDeficiencyRequest& request);
  absl::StatusOr<v1::Deficiency> CloseDeficiency(const v1::Principal& caller,
                                                 const v1::CloseDeficiencyRequest& request);
  absl::StatusOr<v1::Deficiency> ReopenDeficiency(const v1::Principal& caller,
                                                  const v1::ReopenDeficiencyRequest& request);
  absl::StatusOr<v1::ListDeficienciesResponse> ListDeficiencies(
      const v1::Principal& caller, const v1::ListDeficienciesRequest& request);

 private:
  // A change to a deficiency by the agency or the inspector (inspections.cc).
  struct DeficiencyChange;
  absl::StatusOr<v1::Deficiency> ChangeDeficiency(const v1::Principal& caller,
                                                  const DeficiencyChange& change);
};

}  // namespace svcup::reviews

#endif  // SVCUP_SERVICES_REVIEWS_INSPECTIONS_H_
