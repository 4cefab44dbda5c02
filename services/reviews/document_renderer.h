// RenderDocument: fetches what a printable document shows (a revision from reports, a review, a
// package), with the organisations' names on its date, and renders it (documents.h).
#ifndef SVCUP_SERVICES_REVIEWS_DOCUMENT_RENDERER_H_
#define SVCUP_SERVICES_REVIEWS_DOCUMENT_RENDERER_H_

#include "absl/status/statusor.h"
#include "services/reviews/packages.h"
#include "services/reviews/review_aggregate.h"
#include "services/reviews/reviews.h"
#include "svcup/v1/reviews.pb.h"

namespace svcup::reviews {

// Renders documents; reads reviews and packages through their aggregates (and their policy).
class DocumentRenderer final : public ReviewAggregate {
 public:
  // `reviews` and `packages` must outlive the renderer.
  DocumentRenderer(ReviewStore& store, PlansGateway& plans, ReportsClient& reports,
                   const Clock& clock, Reviews& reviews, Packages& packages)
      : ReviewAggregate(store, plans, reports, clock), reviews_(reviews), packages_(packages) {}

  absl::StatusOr<v1::Document> RenderDocument(const v1::Principal& caller,
                                              const v1::RenderDocumentRequest& request);

 private:
  Reviews& reviews_;
  Packages& packages_;
};

}  // namespace svcup::reviews

#endif  // SVCUP_SERVICES_REVIEWS_DOCUMENT_RENDERER_H_
