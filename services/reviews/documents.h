// Printable documents: a report revision (Attachment 1, 執行成果報告), a review (Attachment 2,
// 審查意見) and a forwarding package, as A4 HTML with zh-TW (or English) headings, or as CSV.
// Everything a user wrote is escaped. Pure functions: no gRPC, no SQL.
#ifndef SVCUP_SERVICES_REVIEWS_DOCUMENTS_H_
#define SVCUP_SERVICES_REVIEWS_DOCUMENTS_H_

#include <functional>
#include <string>

#include "absl/strings/string_view.h"
#include "svcup/v1/reviews.pb.h"

namespace svcup::reviews {

// Names documents need besides the resources themselves.
struct DocumentContext {
  // The agency's name as of the document's date.
  v1::LocalizedText organisation_name;
  // The reviewer's or supervisor's organisation name.
  v1::LocalizedText counterpart_name;
  // zh-TW or English headings.
  v1::Language language = v1::LANGUAGE_ZH_TW;
  // The name of any organisation (by code) as of the document's date, for packages; the code
  // itself is shown when unset.
  std::function<v1::LocalizedText(absl::string_view code)> name_of;
};

// HTML-escapes text for element content and attribute values.
std::string HtmlEscape(absl::string_view text);

// Attachment 1 as HTML / CSV.
std::string RevisionHtml(const v1::ReportRevision& revision, const DocumentContext& context);
std::string RevisionCsv(const v1::ReportRevision& revision);

// Attachment 2 (with the reviewed revision's measures beside the opinions) as HTML / CSV. The
// CSV has the columns review, section, item, text and a row for each part of the review:
// revision, content_digest, reviewer, decision, return_reason, return_measure_reason (item: the
// measure code), rating, measure_opinion (item:
// the measure code), overall_opinion, deficiency (item: its number), improvement_guidance.
std::string ReviewHtml(const v1::Review& review, const DocumentContext& context);
std::string ReviewCsv(const v1::Review& review);

// A forwarding package (its entries and missing agencies) as HTML / CSV.
std::string PackageHtml(const v1::ForwardingPackage& package, const DocumentContext& context);
std::string PackageCsv(const v1::ForwardingPackage& package);

}  // namespace svcup::reviews

#endif  // SVCUP_SERVICES_REVIEWS_DOCUMENTS_H_
