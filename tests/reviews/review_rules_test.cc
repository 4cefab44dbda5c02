#include "services/reviews/review_rules.h"

#include <gtest/gtest.h>

#include "common/calendar/roc_calendar.h"
#include "services/reviews/documents.h"

namespace svcup::reviews {
namespace {

TEST(Inspections, AreCheckedAndDeficienciesBecomeOverdue) {
  v1::RecordInspectionRequest r;
  *r.mutable_date() = DateToProto(absl::CivilDay(2018, 7, 5));
  r.set_kind(v1::INSPECTION_KIND_SCHEDULED);
  r.set_findings("良好");
  auto* d = r.add_deficiencies();
  d->set_description("缺失");
  *d->mutable_due_date() = DateToProto(absl::CivilDay(2018, 7, 1));
  EXPECT_EQ(ValidateInspection(r, absl::CivilDay(2018, 7, 6)).message(),
            "deficiencies[0].due_date: 2018-07-01 is before the inspection (2018-07-05)");
  EXPECT_EQ(ValidateInspection(r, absl::CivilDay(2018, 7, 4)).message(),
            "date: 2018-07-05 is in the future; record inspections held");
  v1::Deficiency deficiency;
  *deficiency.mutable_due_date() = DateToProto(absl::CivilDay(2018, 8, 31));
  deficiency.set_state(v1::DEFICIENCY_STATE_ANSWERED);
  EXPECT_FALSE(IsOverdue(deficiency, absl::CivilDay(2018, 8, 31)));
  EXPECT_TRUE(IsOverdue(deficiency, absl::CivilDay(2018, 9, 1)));
  deficiency.set_state(v1::DEFICIENCY_STATE_CLOSED);
  EXPECT_FALSE(IsOverdue(deficiency, absl::CivilDay(2018, 9, 1)));
}

TEST(Reviews, AReviewCarriesTheRequestTheDigestAndACopyOfTheRevision) {
  v1::CreateReviewRequest request;
  request.set_revision("orgs/dpo-taipei/reports/2018-2/revisions/3");
  request.set_overall_opinion("大致完備");
  request.set_rating(v1::RATING_FAIR);
  request.set_decision(v1::REVIEW_DECISION_RETURN);
  request.set_return_reason("請補充");
  request.add_deficiencies("未附佐證");
  v1::ReportRevision revision;
  revision.set_name(request.revision());
  revision.set_content_digest("sha256:ab");
  revision.mutable_content()->set_summary("摘要");
  v1::Principal reviewer;
  reviewer.set_organisation("orgs/high-prosecutors");
  const absl::Time now = absl::FromUnixSeconds(1546300800);
  const v1::Review review =
      BuildReview(request, ReportName{"dpo-taipei", 2018, 2}, reviewer, revision, now);
  EXPECT_EQ(review.name(), "orgs/dpo-taipei/reports/2018-2/revisions/3/review");
  EXPECT_EQ(review.organisation(), "orgs/dpo-taipei");
  EXPECT_EQ(review.year(), 2018);
  EXPECT_EQ(review.period(), 2);
  EXPECT_EQ(review.content_digest(), "sha256:ab");
  EXPECT_EQ(review.reviewer().organisation(), "orgs/high-prosecutors");
  EXPECT_EQ(review.return_reason(), "請補充");
  EXPECT_EQ(review.deficiencies(0), "未附佐證");
  EXPECT_EQ(review.create_time().seconds(), 1546300800);
  EXPECT_EQ(review.reviewed_revision().content().summary(), "摘要");
}

TEST(Packages, APackageListsEveryAgencyAcceptedOrMissing) {
  v1::ForwardPackageRequest request;
  request.set_supervisor("orgs/corrections");
  request.set_year(2018);
  request.set_period(1);
  PackageDraft draft;
  draft.supervisor = "corrections";
  draft.agencies = {"prison-hsinchu", "prison-taipei", "prison-yilan"};
  draft.missing["prison-yilan"] = "未於期限前提報";
  draft.version = 2;
  draft.due_date = DateToProto(absl::CivilDay(2018, 8, 15));
  v1::Review accept;
  accept.set_organisation("orgs/prison-taipei");
  accept.set_revision("orgs/prison-taipei/reports/2018-1/revisions/2");
  accept.set_name("orgs/prison-taipei/reports/2018-1/revisions/2/review");
  accept.set_content_digest("sha256:cd");
  accept.set_decision(v1::REVIEW_DECISION_ACCEPT);
  accept.set_rating(v1::RATING_GOOD);
  v1::Review returned = accept;
  returned.set_organisation("orgs/prison-hsinchu");
  returned.set_decision(v1::REVIEW_DECISION_RETURN);
  draft.reviews = {accept, returned};
  v1::Principal reviewer;
  reviewer.set_organisation("orgs/corrections");
  const absl::Time late = StartOfTaipeiDay(absl::CivilDay(2018, 8, 17)) + absl::Hours(9);

  // Hsinchu has no accepted report and is not listed missing: refused, naming it.
  const auto refused = BuildPackage(request, draft, reviewer, late);
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(refused.status().message(),
            "cannot forward orgs/corrections 2018-1: no accepted report for orgs/prison-hsinchu; "
            "review them, or list them in `missing` with a reason");

  draft.missing["prison-hsinchu"] = "退回補正中";
  const auto package = BuildPackage(request, draft, reviewer, late);
  ASSERT_TRUE(package.ok()) << package.status();
  EXPECT_EQ(package->name(), "orgs/corrections/packages/2018-1/versions/2");
  ASSERT_EQ(package->entries_size(), 1);
  EXPECT_EQ(package->entries(0).organisation(), "orgs/prison-taipei");
  EXPECT_EQ(package->entries(0).content_digest(), "sha256:cd");
  ASSERT_EQ(package->missing_size(), 2);
  EXPECT_EQ(package->missing(0).organisation(), "orgs/prison-hsinchu");
  EXPECT_EQ(package->missing(1).reason(), "未於期限前提報");
  EXPECT_TRUE(package->late());
  EXPECT_EQ(package->days_late(), 2);
  EXPECT_FALSE(package->etag().empty());

  // An agency with an accepted report cannot be listed missing.
  draft.missing["prison-taipei"] = "x";
  EXPECT_EQ(BuildPackage(request, draft, reviewer, late).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(Documents, TheReviewCsvCarriesEveryPartOfAttachment2) {
  v1::Review review;
  review.set_name("orgs/dpo-taipei/reports/2018-1/revisions/1/review");
  review.set_revision("orgs/dpo-taipei/reports/2018-1/revisions/1");
  review.set_content_digest("sha256:ab");
  review.mutable_reviewer()->set_organisation("orgs/high-prosecutors");
  review.set_decision(v1::REVIEW_DECISION_RETURN);
  review.set_return_reason("請補充調查方法");
  review.set_rating(v1::RATING_FAIR);
  auto* opinion = review.add_measure_opinions();
  opinion->set_measure_code("2.3");
  opinion->set_opinion("方法妥適");
  review.set_overall_opinion("大致完備");
  review.add_deficiencies("未附佐證");
  review.add_deficiencies("指標缺漏");
  review.set_improvement_guidance("請於下期補正");
  const std::string n = "orgs/dpo-taipei/reports/2018-1/revisions/1/review";
  EXPECT_EQ(ReviewCsv(review),
            "\xEF\xBB\xBFreview,section,item,text\r\n" +
                n + ",revision,,orgs/dpo-taipei/reports/2018-1/revisions/1\r\n" +
                n + ",content_digest,,sha256:ab\r\n" +
                n + ",reviewer,,orgs/high-prosecutors\r\n" +
                n + ",decision,,REVIEW_DECISION_RETURN\r\n" +
                n + ",return_reason,,請補充調查方法\r\n" +
                n + ",rating,,RATING_FAIR\r\n" +
                n + ",measure_opinion,2.3,方法妥適\r\n" +
                n + ",overall_opinion,,大致完備\r\n" +
                n + ",deficiency,1,未附佐證\r\n" +
                n + ",deficiency,2,指標缺漏\r\n" +
                n + ",improvement_guidance,,請於下期補正\r\n");
}

TEST(Documents, EscapeEverythingUsersWrite) {
  EXPECT_EQ(HtmlEscape("<b onclick=\"x\">A&B's</b>"),
            "&lt;b onclick=&quot;x&quot;&gt;A&amp;B&#39;s&lt;/b&gt;");
  v1::ForwardingPackage package;
  package.set_name("orgs/corrections/packages/2018-1/versions/1");
  auto* m = package.add_missing();
  m->set_organisation("orgs/prison-taipei");
  m->set_reason("=HYPERLINK(\"evil\")");
  EXPECT_NE(PackageCsv(package).find(",\"'=HYPERLINK(\"\"evil\"\")\"\r\n"), std::string::npos);
  DocumentContext context;
  context.organisation_name.set_zh_tw("法務部矯正署<i>");
  const std::string html = PackageHtml(package, context);
  EXPECT_NE(html.find("法務部矯正署&lt;i&gt;"), std::string::npos);
  EXPECT_EQ(html.find("<i>"), std::string::npos);
}

}  // namespace
}  // namespace svcup::reviews
