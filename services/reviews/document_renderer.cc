#include "services/reviews/document_renderer.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "common/api/names.h"
#include "common/api/validation.h"
#include "common/auth/policy.h"
#include "common/calendar/roc_calendar.h"
#include "common/status/macros.h"
#include "services/reviews/documents.h"

namespace svcup::reviews {

absl::StatusOr<v1::Document> DocumentRenderer::RenderDocument(
    const v1::Principal& caller, const v1::RenderDocumentRequest& request) {
  const bool html = request.format() == v1::EXPORT_FORMAT_HTML;
  if (!html && request.format() != v1::EXPORT_FORMAT_CSV) {
    return absl::InvalidArgumentError("format: must be EXPORT_FORMAT_HTML or EXPORT_FORMAT_CSV");
  }
  if (!v1::Language_IsValid(request.language())) {
    return absl::InvalidArgumentError("language: not a Language value");
  }
  DocumentContext context;
  context.language = request.language();
  std::string body, stem;
  const std::string& name = request.name();
  if (absl::StrContains(name, "/packages/")) {
    auto package = packages_.GetPackage(caller, [&] {
      v1::GetPackageRequest r;
      r.set_name(name);
      return r;
    }());
    if (!package.ok()) return package.status();
    ASSIGN_OR_RETURN(auto directory, plans_.Directory());
    const absl::string_view code = OrganisationCodeOf(package->supervisor());
    const absl::CivilDay day = TaipeiDate(FromTimestamp(package->forward_time()));
    context.organisation_name = directory->NameOn(code, day);
    std::shared_ptr<const OrganisationDirectory> names = directory;
    context.name_of = [names, day](absl::string_view agency) {
      return names->Contains(agency) ? names->NameOn(agency, day) : v1::LocalizedText();
    };
    body = html ? PackageHtml(*package, context) : PackageCsv(*package);
    stem = absl::StrCat("package-", code, "-", package->year(), "-", package->period(), "-v",
                        package->version());
  } else if (absl::EndsWith(name, "/review")) {
    v1::GetReviewRequest get;
    get.set_name(name);
    ASSIGN_OR_RETURN(auto review, reviews_.GetReview(caller, get));
    ASSIGN_OR_RETURN(auto directory, plans_.Directory());
    const absl::CivilDay day = TaipeiDate(FromTimestamp(review.create_time()));
    const absl::string_view code = OrganisationCodeOf(review.organisation());
    const absl::string_view reviewer = OrganisationCodeOf(review.reviewer().organisation());
    context.organisation_name = directory->NameOn(code, day);
    if (directory->Contains(reviewer)) context.counterpart_name = directory->NameOn(reviewer, day);
    body = html ? ReviewHtml(review, context) : ReviewCsv(review);
    stem = absl::StrCat("review-", code, "-", review.year(), "-", review.period(), "-r",
                        review.reviewed_revision().revision());
  } else {
    auto parsed = ParseRevisionName("name", name);
    if (!parsed.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("name: ", Quote(name), " is not a revision, a review or a package version"));
    }
    ASSIGN_OR_RETURN(auto directory,
                     AuthorizeOn(plans_, "name", parsed->first.organisation, caller,
                                 Action::kReadRestricted, absl::StrCat("render ", name)));
    ASSIGN_OR_RETURN(auto revision, reports_.GetRevision(name));
    const absl::CivilDay day = TaipeiDate(FromTimestamp(revision.submit_time()));
    const absl::string_view recipient = OrganisationCodeOf(revision.recipient());
    context.organisation_name = directory->NameOn(parsed->first.organisation, day);
    if (directory->Contains(recipient))
      context.counterpart_name = directory->NameOn(recipient, day);
    body = html ? RevisionHtml(revision, context) : RevisionCsv(revision);
    stem = absl::StrCat("report-", parsed->first.organisation, "-", parsed->first.year, "-",
                        parsed->first.period, "-r", parsed->second);
  }
  v1::Document document;
  document.set_content_type(html ? "text/html; charset=utf-8" : "text/csv; charset=utf-8");
  document.set_filename(absl::StrCat(stem, html ? ".html" : ".csv"));
  document.set_content(std::move(body));
  return document;
}

}  // namespace svcup::reviews
