// docs/policy.md walked through real RPCs: the three services in process, one scene (a draft and
// a published execution plan, a submitted and a draft report, a review), and for every row of
// the table that reads, lists or streams, every kind of caller. Each cell asserts the exact
// status code and, for lists and streams, exactly which resources the caller sees. Write rows
// are walked with the callers the table refuses (refusals change nothing, so the scene holds).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <memory>
#include <ostream>
#include <set>
#include <string>
#include <vector>

#include "tests/testing/reviews_fixture.h"

namespace svcup {
namespace {

using testing::Context;
using Names = std::set<std::string>;

// The callers of the table, by where they stand relative to dpo-taipei (which reports to
// high-prosecutors, which reports to the ministry).
enum class Caller {
  kPublic,
  kTaipeiStaff,
  kTaipeiHead,
  kShilinStaff,      // a sibling agency under the same supervisor
  kSupervisor,       // a reviewer of high-prosecutors, Taipei's supervisor
  kOtherSupervisor,  // a reviewer of corrections, another supervisor
  kMinistryOfficer,
  kOperator,
  kReviewsService,
  kReportsService,
};

const std::map<Caller, std::string>& CallerNames() {
  static const auto* names = new std::map<Caller, std::string>{
      {Caller::kPublic, "public"},
      {Caller::kTaipeiStaff, "taipei_staff"},
      {Caller::kTaipeiHead, "taipei_head"},
      {Caller::kShilinStaff, "shilin_staff"},
      {Caller::kSupervisor, "supervisor"},
      {Caller::kOtherSupervisor, "other_supervisor"},
      {Caller::kMinistryOfficer, "ministry_officer"},
      {Caller::kOperator, "operator"},
      {Caller::kReviewsService, "svc_reviews"},
      {Caller::kReportsService, "svc_reports"},
  };
  return *names;
}

// The outcome of one call: its code and the names of what it returned (lists and streams).
struct Outcome {
  grpc::StatusCode code = grpc::StatusCode::OK;
  Names names = {};
};

// The three services and the scene, set up once for the whole table.
class Suite {
 public:
  Suite()
      : plans_(dir_.path() + "/plans.db"),
        reports_(dir_.path() + "/reports.db", plans_.port(), plans_.clock()),
        reviews_(dir_.path() + "/reviews.db", plans_.port(), reports_.port(), plans_.clock()) {
    plans_.clock().SetTaipeiDay(absl::CivilDay(2018, 7, 10));
    BuildScene();
  }

  std::string Token(Caller caller) {
    const absl::Time now = plans_.clock().Now();
    const auto token = [&](const std::string& org, v1::Role role) {
      return testing::TokenFor(org, role, now, "policy.walker");
    };
    switch (caller) {
      case Caller::kPublic:
        return "";
      case Caller::kTaipeiStaff:
        return token("dpo-taipei", v1::ROLE_AGENCY_STAFF);
      case Caller::kTaipeiHead:
        return token("dpo-taipei", v1::ROLE_AGENCY_HEAD);
      case Caller::kShilinStaff:
        return token("dpo-shilin", v1::ROLE_AGENCY_STAFF);
      case Caller::kSupervisor:
        return token("high-prosecutors", v1::ROLE_SUPERVISOR_REVIEWER);
      case Caller::kOtherSupervisor:
        return token("corrections", v1::ROLE_SUPERVISOR_REVIEWER);
      case Caller::kMinistryOfficer:
        return token("moj", v1::ROLE_MINISTRY_OFFICER);
      case Caller::kOperator:
        return token("moj", v1::ROLE_OPERATOR);
      case Caller::kReviewsService:
        return token("svc-reviews", v1::ROLE_SERVICE);
      case Caller::kReportsService:
        return token("svc-reports", v1::ROLE_SERVICE);
    }
    return "";
  }

  v1::PlanRegistry::Stub& plans() { return plans_.stub(); }
  v1::ProgressReports::Stub& reports() { return reports_.stub(); }
  v1::Reviews::Stub& reviews() { return reviews_.stub(); }
  const std::string& review_name() const { return review_name_; }
  const v1::ReportRevision& taipei_revision() const { return taipei_revision_; }

 private:
  void BuildScene() {
    const auto ok = [](const grpc::Status& status) {
      ASSERT_TRUE(status.ok()) << status.error_message();
    };
    // Execution plans: Taipei's draft, Shilin's published plan.
    for (const std::string org : {"dpo-taipei", "dpo-shilin"}) {
      v1::CreateExecutionPlanRequest create;
      create.set_parent("orgs/" + org);
      create.set_year(2018);
      *create.mutable_content() = testing::CompleteDraft("107年度服務躍升執行計畫");
      create.set_request_id("plan-" + org);
      v1::ExecutionPlan plan;
      ok(plans().CreateExecutionPlan(
          Context(testing::TokenFor(org, v1::ROLE_AGENCY_STAFF, plans_.clock().Now())).get(),
          create, &plan));
      if (org == "dpo-taipei") continue;
      v1::ApproveExecutionPlanRequest approve;
      approve.set_name(plan.name());
      approve.set_etag(plan.etag());
      approve.set_request_id("approve-" + org);
      ok(plans().ApproveExecutionPlan(
          Context(testing::TokenFor(org, v1::ROLE_AGENCY_HEAD, plans_.clock().Now())).get(),
          approve, &plan));
      v1::PublishExecutionPlanRequest publish;
      publish.set_name(plan.name());
      publish.set_etag(plan.etag());
      publish.add_urls("https://www.example.gov.tw/" + org + ".pdf");
      publish.set_request_id("publish-" + org);
      ok(plans().PublishExecutionPlan(
          Context(testing::TokenFor(org, v1::ROLE_AGENCY_STAFF, plans_.clock().Now())).get(),
          publish, &plan));
    }
    // Reports: Taipei's submitted, Kinmen's (reporting to the ministry directly) a draft.
    for (const std::string org : {"dpo-taipei", "dpo-kinmen"}) {
      const std::string staff = testing::TokenFor(org, v1::ROLE_AGENCY_STAFF, plans_.clock().Now());
      v1::CreateReportRequest create;
      create.set_parent("orgs/" + org);
      create.set_year(2018);
      create.set_period(1);
      *create.mutable_content() = testing::CompleteReport(1);
      create.set_request_id("report-" + org);
      v1::ProgressReport report;
      ok(reports().CreateReport(Context(staff).get(), create, &report));
      if (org != "dpo-taipei") continue;
      v1::SubmitReportRequest submit;
      submit.set_name(report.name());
      submit.set_etag(report.etag());
      submit.set_request_id("submit-" + org);
      ok(reports().SubmitReport(Context(staff).get(), submit, &taipei_revision_));
    }
    // A review of Taipei's revision by its supervisor.
    v1::CreateReviewRequest review;
    review.set_revision(taipei_revision_.name());
    review.set_content_digest(taipei_revision_.content_digest());
    review.set_overall_opinion("整體執行良好");
    review.set_rating(v1::RATING_GOOD);
    review.set_decision(v1::REVIEW_DECISION_ACCEPT);
    review.set_request_id("review-taipei");
    v1::Review made;
    ok(reviews().CreateReview(Context(Token(Caller::kSupervisor)).get(), review, &made));
    review_name_ = made.name();
  }

  testing::TempDir dir_;
  testing::PlansServer plans_;
  testing::ReportsServer reports_;
  testing::ReviewsServer reviews_;
  v1::ReportRevision taipei_revision_;
  std::string review_name_;
};

Suite& TheSuite() {
  static Suite* suite = new Suite();
  return *suite;
}

// Calls one RPC as a caller (its token given).
using Rpc = std::function<Outcome(Suite&, const std::string& token)>;

template <typename Call>
Outcome Unary(Call&& call) {
  const grpc::Status status = call();
  return Outcome{status.error_code(), {}};
}

// One row of docs/policy.md: an RPC and what each caller gets.
struct Row {
  std::string name;
  Rpc rpc;
  std::map<Caller, Outcome> expected;
};

constexpr auto OK = grpc::StatusCode::OK;
constexpr auto DENIED = grpc::StatusCode::PERMISSION_DENIED;
constexpr auto UNAUTHENTICATED = grpc::StatusCode::UNAUTHENTICATED;
constexpr auto NOT_FOUND = grpc::StatusCode::NOT_FOUND;

constexpr char kTaipeiPlan[] = "orgs/dpo-taipei/executionPlans/2018";
constexpr char kShilinPlan[] = "orgs/dpo-shilin/executionPlans/2018";
constexpr char kTaipeiReport[] = "orgs/dpo-taipei/reports/2018-1";
constexpr char kKinmenReport[] = "orgs/dpo-kinmen/reports/2018-1";

std::vector<Row> Table() {
  std::vector<Row> rows;
  rows.push_back({"GetExecutionPlan_draft",
                  [](Suite& s, const std::string& token) {
                    v1::GetExecutionPlanRequest request;
                    request.set_name(kTaipeiPlan);
                    v1::ExecutionPlan plan;
                    return Unary([&] {
                      return s.plans().GetExecutionPlan(Context(token).get(), request, &plan);
                    });
                  },
                  {{Caller::kPublic, {NOT_FOUND}},
                   {Caller::kTaipeiStaff, {OK}},
                   {Caller::kTaipeiHead, {OK}},
                   {Caller::kShilinStaff, {DENIED}},
                   {Caller::kSupervisor, {OK}},
                   {Caller::kOtherSupervisor, {DENIED}},
                   {Caller::kMinistryOfficer, {OK}},
                   {Caller::kOperator, {DENIED}},
                   {Caller::kReviewsService, {OK}}}});
  rows.push_back({"GetExecutionPlan_published",
                  [](Suite& s, const std::string& token) {
                    v1::GetExecutionPlanRequest request;
                    request.set_name(kShilinPlan);
                    v1::ExecutionPlan plan;
                    return Unary([&] {
                      return s.plans().GetExecutionPlan(Context(token).get(), request, &plan);
                    });
                  },
                  {{Caller::kPublic, {OK}},
                   {Caller::kTaipeiStaff, {OK}},
                   {Caller::kShilinStaff, {OK}},
                   {Caller::kOtherSupervisor, {OK}},
                   {Caller::kOperator, {OK}}}});
  rows.push_back(
      {"ListExecutionPlans",
       [](Suite& s, const std::string& token) {
         v1::ListExecutionPlansRequest request;
         request.set_year(2018);
         v1::ListExecutionPlansResponse response;
         Outcome outcome = Unary([&] {
           return s.plans().ListExecutionPlans(Context(token).get(), request, &response);
         });
         for (const auto& plan : response.execution_plans()) {
           outcome.names.insert(plan.name() + (plan.content().title().empty() ? "" : "+content"));
         }
         return outcome;
       },
       {{Caller::kPublic, {OK, {std::string(kShilinPlan) + "+content"}}},
        {Caller::kTaipeiStaff,
         {OK, {std::string(kShilinPlan) + "+content", std::string(kTaipeiPlan) + "+content"}}},
        {Caller::kShilinStaff, {OK, {std::string(kShilinPlan) + "+content"}}},
        {Caller::kSupervisor,
         {OK, {std::string(kShilinPlan) + "+content", std::string(kTaipeiPlan) + "+content"}}},
        {Caller::kOtherSupervisor, {OK, {std::string(kShilinPlan) + "+content"}}},
        {Caller::kMinistryOfficer,
         {OK, {std::string(kShilinPlan) + "+content", std::string(kTaipeiPlan) + "+content"}}},
        {Caller::kOperator, {OK, {std::string(kShilinPlan) + "+content"}}}}});
  rows.push_back({"WatchPlanVersions",
                  [](Suite& s, const std::string& token) {
                    auto context = Context(token);
                    auto stream =
                        s.plans().WatchPlanVersions(context.get(), v1::WatchPlanVersionsRequest());
                    Outcome outcome;
                    v1::PlanVersions versions;
                    // The first message comes at once; stop reading after it.
                    if (stream->Read(&versions)) {
                      for (const v1::PlanVersion& v : versions.versions()) {
                        outcome.names.insert(absl::StrCat(v.year(), "#", v.version()));
                      }
                      context->TryCancel();
                    }
                    const grpc::Status status = stream->Finish();
                    if (outcome.names.empty()) outcome.code = status.error_code();
                    return outcome;
                  },
                  {{Caller::kPublic, {UNAUTHENTICATED}},
                   {Caller::kTaipeiStaff, {DENIED}},
                   {Caller::kSupervisor, {DENIED}},
                   {Caller::kMinistryOfficer, {DENIED}},
                   {Caller::kOperator, {DENIED}},
                   {Caller::kReportsService, {OK, {"2018#1"}}},
                   {Caller::kReviewsService, {OK, {"2018#1"}}}}});
  rows.push_back({"ApproveExecutionPlan_refused",
                  [](Suite& s, const std::string& token) {
                    v1::ApproveExecutionPlanRequest request;
                    request.set_name(kTaipeiPlan);
                    request.set_request_id("approve-walk");
                    v1::ExecutionPlan plan;
                    return Unary([&] {
                      return s.plans().ApproveExecutionPlan(Context(token).get(), request, &plan);
                    });
                  },
                  {{Caller::kPublic, {UNAUTHENTICATED}},
                   {Caller::kTaipeiStaff, {DENIED}},
                   {Caller::kShilinStaff, {DENIED}},
                   {Caller::kSupervisor, {DENIED}},
                   {Caller::kMinistryOfficer, {DENIED}},
                   {Caller::kOperator, {DENIED}}}});
  rows.push_back({"GetReport",
                  [](Suite& s, const std::string& token) {
                    v1::GetReportRequest request;
                    request.set_name(kTaipeiReport);
                    v1::ProgressReport report;
                    return Unary([&] {
                      return s.reports().GetReport(Context(token).get(), request, &report);
                    });
                  },
                  {{Caller::kPublic, {UNAUTHENTICATED}},
                   {Caller::kTaipeiStaff, {OK}},
                   {Caller::kTaipeiHead, {OK}},
                   {Caller::kShilinStaff, {DENIED}},
                   {Caller::kSupervisor, {OK}},
                   {Caller::kOtherSupervisor, {DENIED}},
                   {Caller::kMinistryOfficer, {OK}},
                   {Caller::kOperator, {DENIED}},
                   {Caller::kReviewsService, {OK}}}});
  rows.push_back({"ListReports",
                  [](Suite& s, const std::string& token) {
                    v1::ListReportsRequest request;
                    request.set_year(2018);
                    v1::ListReportsResponse response;
                    Outcome outcome = Unary([&] {
                      return s.reports().ListReports(Context(token).get(), request, &response);
                    });
                    for (const auto& report : response.reports())
                      outcome.names.insert(report.name());
                    return outcome;
                  },
                  {{Caller::kPublic, {UNAUTHENTICATED}},
                   {Caller::kTaipeiStaff, {OK, {kTaipeiReport}}},
                   {Caller::kShilinStaff, {OK, {}}},
                   {Caller::kSupervisor, {OK, {kTaipeiReport}}},
                   {Caller::kOtherSupervisor, {OK, {}}},
                   {Caller::kMinistryOfficer, {OK, {kKinmenReport, kTaipeiReport}}},
                   {Caller::kOperator, {DENIED}},
                   {Caller::kReviewsService, {OK, {kKinmenReport, kTaipeiReport}}}}});
  rows.push_back({"GetCompleteness",
                  [](Suite& s, const std::string& token) {
                    v1::GetCompletenessRequest request;
                    request.set_recipient("orgs/high-prosecutors");
                    request.set_year(2018);
                    request.set_period(1);
                    v1::Completeness completeness;
                    return Unary([&] {
                      return s.reports().GetCompleteness(Context(token).get(), request,
                                                         &completeness);
                    });
                  },
                  {{Caller::kPublic, {UNAUTHENTICATED}},
                   {Caller::kTaipeiStaff, {DENIED}},
                   {Caller::kShilinStaff, {DENIED}},
                   {Caller::kSupervisor, {OK}},
                   {Caller::kOtherSupervisor, {DENIED}},
                   {Caller::kMinistryOfficer, {OK}},
                   {Caller::kOperator, {DENIED}},
                   {Caller::kReviewsService, {OK}}}});
  rows.push_back({"WatchReportEvents",
                  [](Suite& s, const std::string& token) {
                    v1::WatchReportEventsRequest request;
                    request.set_recipient("orgs/high-prosecutors");
                    auto context = Context(token);
                    context->set_deadline(std::chrono::system_clock::now() +
                                          std::chrono::seconds(2));
                    auto stream = s.reports().WatchReportEvents(context.get(), request);
                    Outcome outcome;
                    v1::ReportEvent event;
                    // The scene has one event for this recipient; stop reading once it arrives.
                    if (stream->Read(&event)) {
                      outcome.names.insert(absl::StrCat(event.report(), "#", event.revision()));
                      context->TryCancel();
                    }
                    const grpc::Status status = stream->Finish();
                    if (outcome.names.empty()) outcome.code = status.error_code();
                    return outcome;
                  },
                  {{Caller::kPublic, {UNAUTHENTICATED}},
                   {Caller::kTaipeiStaff, {DENIED}},
                   {Caller::kSupervisor, {OK, {std::string(kTaipeiReport) + "#1"}}},
                   {Caller::kOtherSupervisor, {DENIED}},
                   {Caller::kMinistryOfficer, {OK, {std::string(kTaipeiReport) + "#1"}}},
                   {Caller::kOperator, {DENIED}}}});
  rows.push_back({"AcceptReport_refused",
                  [](Suite& s, const std::string& token) {
                    v1::AcceptReportRequest request;
                    request.set_revision(s.taipei_revision().name());
                    request.mutable_reviewer()->set_organisation("orgs/high-prosecutors");
                    request.mutable_reviewer()->set_role(v1::ROLE_SUPERVISOR_REVIEWER);
                    request.mutable_reviewer()->set_subject("policy.walker");
                    request.set_review("reviews/999");
                    request.set_request_id("accept-walk");
                    v1::ProgressReport report;
                    return Unary([&] {
                      return s.reports().AcceptReport(Context(token).get(), request, &report);
                    });
                  },
                  {{Caller::kPublic, {UNAUTHENTICATED}},
                   {Caller::kTaipeiStaff, {DENIED}},
                   {Caller::kSupervisor, {DENIED}},
                   {Caller::kMinistryOfficer, {DENIED}},
                   {Caller::kOperator, {DENIED}},
                   {Caller::kReportsService, {DENIED}}}});
  // Per revision: the call is OK and each result carries CreateReview's code ("code=N").
  rows.push_back({"BatchCreateReviews",
                  [](Suite& s, const std::string& token) {
                    v1::BatchCreateReviewsRequest request;
                    v1::CreateReviewRequest& review = *request.add_requests();
                    review.set_revision(s.taipei_revision().name());
                    review.set_content_digest(s.taipei_revision().content_digest());
                    review.set_overall_opinion("再次審查");
                    review.set_rating(v1::RATING_GOOD);
                    review.set_decision(v1::REVIEW_DECISION_ACCEPT);
                    review.set_request_id("batch-walk");
                    v1::BatchCreateReviewsResponse response;
                    Outcome outcome = Unary([&] {
                      return s.reviews().BatchCreateReviews(Context(token).get(), request,
                                                            &response);
                    });
                    for (const auto& result : response.results())
                      outcome.names.insert(absl::StrCat("code=", result.code()));
                    return outcome;
                  },
                  {{Caller::kPublic, {UNAUTHENTICATED}},
                   {Caller::kTaipeiStaff, {DENIED}},
                   {Caller::kSupervisor, {OK, {"code=6"}}},
                   {Caller::kOtherSupervisor, {OK, {"code=7"}}},
                   {Caller::kMinistryOfficer, {OK, {"code=7"}}},
                   {Caller::kOperator, {DENIED}}}});
  rows.push_back({"GetReview",
                  [](Suite& s, const std::string& token) {
                    v1::GetReviewRequest request;
                    request.set_name(s.review_name());
                    v1::Review review;
                    return Unary([&] {
                      return s.reviews().GetReview(Context(token).get(), request, &review);
                    });
                  },
                  {{Caller::kPublic, {UNAUTHENTICATED}},
                   {Caller::kTaipeiStaff, {OK}},
                   {Caller::kShilinStaff, {DENIED}},
                   {Caller::kSupervisor, {OK}},
                   {Caller::kOtherSupervisor, {DENIED}},
                   {Caller::kMinistryOfficer, {OK}}}});
  rows.push_back({"ListReviews",
                  [](Suite& s, const std::string& token) {
                    v1::ListReviewsRequest request;
                    request.set_year(2018);
                    v1::ListReviewsResponse response;
                    Outcome outcome = Unary([&] {
                      return s.reviews().ListReviews(Context(token).get(), request, &response);
                    });
                    for (const auto& review : response.reviews())
                      outcome.names.insert(review.name());
                    return outcome;
                  },
                  {{Caller::kTaipeiStaff, {OK, {"review"}}},
                   {Caller::kShilinStaff, {OK, {}}},
                   {Caller::kSupervisor, {OK, {"review"}}},
                   {Caller::kOtherSupervisor, {OK, {}}},
                   {Caller::kMinistryOfficer, {OK, {"review"}}}}});
  for (const std::string service : {"plans", "reports", "reviews"}) {
    rows.push_back({"ListAuditRecords_" + service,
                    [service](Suite& s, const std::string& token) {
                      v1::ListAuditRecordsRequest request;
                      v1::ListAuditRecordsResponse response;
                      return Unary([&] {
                        auto context = Context(token);
                        if (service == "plans")
                          return s.plans().ListAuditRecords(context.get(), request, &response);
                        if (service == "reports")
                          return s.reports().ListAuditRecords(context.get(), request, &response);
                        return s.reviews().ListAuditRecords(context.get(), request, &response);
                      });
                    },
                    {{Caller::kPublic, {UNAUTHENTICATED}},
                     {Caller::kTaipeiStaff, {DENIED}},
                     {Caller::kSupervisor, {DENIED}},
                     {Caller::kMinistryOfficer, {OK}},
                     {Caller::kOperator, {OK}}}});
  }
  return rows;
}

// One cell: a row and a caller.
struct Cell {
  Row row;
  Caller caller;
};

std::vector<Cell> Cells() {
  std::vector<Cell> cells;
  for (const Row& row : Table()) {
    for (const auto& [caller, outcome] : row.expected) cells.push_back({row, caller});
  }
  return cells;
}

void PrintTo(const Cell& cell, std::ostream* os) {
  *os << cell.row.name << " as " << CallerNames().at(cell.caller);
}

class PolicyTable : public ::testing::TestWithParam<Cell> {};

TEST_P(PolicyTable, CallerGetsExactlyWhatTheTableSays) {
  Suite& suite = TheSuite();
  const Cell& cell = GetParam();
  Outcome got = cell.row.rpc(suite, suite.Token(cell.caller));
  // Reviews are named by number; the scene has one, so the table calls it "review".
  if (got.names.erase(suite.review_name()) > 0) got.names.insert("review");
  const Outcome& want = cell.row.expected.at(cell.caller);
  EXPECT_EQ(got.code, want.code);
  EXPECT_EQ(got.names, want.names);
}

INSTANTIATE_TEST_SUITE_P(Walk, PolicyTable, ::testing::ValuesIn(Cells()),
                         [](const ::testing::TestParamInfo<Cell>& info) {
                           return info.param.row.name + "_" + CallerNames().at(info.param.caller);
                         });

}  // namespace
}  // namespace svcup
