// Integration tests of execution plans through the generated stub: draft, approval, publication,
// lateness, retries, etags, visibility and open data.
#include <gmock/gmock.h>
#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>
#include <grpcpp/create_channel.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "services/plans/plan_rules.h"
#include "tests/plans/plans_service_fixture.h"

namespace svcup::plans {
namespace {

using ::testing::HasSubstr;

// ---- execution plans -------------------------------------------------------------------------

TEST_F(PlansServiceTest, DraftApprovePublishAndReadWithoutCredentials) {
  server_.clock().SetTaipeiDay(absl::CivilDay(2018, 3, 20));
  v1::ExecutionPlan draft, approved, published, read;
  ASSERT_TRUE(CreatePlan(Staff(), "dpo-taipei", &draft).ok());
  EXPECT_EQ(draft.name(), kTaipeiPlan);
  EXPECT_EQ(draft.state(), v1::EXECUTION_PLAN_STATE_DRAFT);
  EXPECT_EQ(draft.implementation_plan_version(), 1);
  EXPECT_EQ(draft.organisation_display_name().zh_tw(), "臺灣臺北地方法院檢察署");

  ASSERT_TRUE(Approve(Head(), draft, &approved).ok());
  EXPECT_EQ(approved.state(), v1::EXECUTION_PLAN_STATE_APPROVED);
  EXPECT_EQ(approved.approval().approved_by().subject(), "head.lin");
  EXPECT_EQ(approved.approval().approved_by().role(), v1::ROLE_AGENCY_HEAD);
  EXPECT_EQ(approved.approval().approve_time().seconds(),
            absl::ToUnixSeconds(server_.clock().Now()));

  ASSERT_TRUE(Publish(Staff(), approved, &published).ok());
  EXPECT_EQ(published.state(), v1::EXECUTION_PLAN_STATE_PUBLISHED);
  EXPECT_FALSE(published.publication().late());
  EXPECT_EQ(published.publication().days_late(), 0);
  EXPECT_EQ(published.publication().deadline().day(), 31);

  ASSERT_TRUE(Get("", kTaipeiPlan, &read).ok());
  EXPECT_EQ(read.etag(), published.etag());
  EXPECT_EQ(read.content().measures_size(), 2);
}

TEST_F(PlansServiceTest, PublicationAfterTheDeadlineIsAcceptedAndFlaggedLate) {
  v1::ExecutionPlan draft, approved, published;
  ASSERT_TRUE(CreatePlan(Staff(), "dpo-taipei", &draft).ok());
  ASSERT_TRUE(Approve(Head(), draft, &approved).ok());
  server_.clock().SetTaipeiDay(absl::CivilDay(2018, 4, 5));
  ASSERT_TRUE(Publish(Staff(), approved, &published).ok());
  EXPECT_TRUE(published.publication().late());
  EXPECT_EQ(published.publication().days_late(), 5);
}

TEST_F(PlansServiceTest, ApprovalNamesEachProblemAndChangesNothing) {
  v1::CreateExecutionPlanRequest request;
  request.set_parent("orgs/dpo-taipei");
  request.set_year(2018);
  *request.mutable_content() = testing::CompleteDraft("計畫");
  request.mutable_content()->clear_evaluation();
  request.mutable_content()->mutable_measures(1)->set_measure_code("8.1");
  request.mutable_content()->mutable_priorities(0)->set_rank(3);
  request.set_request_id("incomplete");
  v1::ExecutionPlan draft, after;
  ASSERT_TRUE(stub().CreateExecutionPlan(Context(Staff()).get(), request, &draft).ok());
  const grpc::Status status = Approve(Head(), draft, &after);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(status.error_message(),
            "the execution plan is not ready for approval: missing required sections: "
            "evaluation; measure codes the implementation plan does not define: 8.1 "
            "(measures[1]); priorities must be ranked 1, 2, 3 ... in listed order without gaps "
            "or repeats, got ranks 3, 2");
  ASSERT_TRUE(Get(Staff(), kTaipeiPlan, &after).ok());
  EXPECT_EQ(after.state(), v1::EXECUTION_PLAN_STATE_DRAFT);
  EXPECT_EQ(after.etag(), draft.etag());
}

TEST_F(PlansServiceTest, ARetryWithTheSameRequestIdReturnsTheFirstResult) {
  v1::ExecutionPlan first, second, other;
  ASSERT_TRUE(CreatePlan(Staff(), "dpo-taipei", &first, "same-id").ok());
  server_.clock().Advance(absl::Minutes(5));
  ASSERT_TRUE(CreatePlan(Staff(), "dpo-taipei", &second, "same-id").ok());
  EXPECT_EQ(second.etag(), first.etag());
  EXPECT_EQ(second.create_time().seconds(), first.create_time().seconds());

  // A new id for the same plan is a second create: ALREADY_EXISTS.
  EXPECT_EQ(CreatePlan(Staff(), "dpo-taipei", &other, "another-id").error_code(),
            grpc::StatusCode::ALREADY_EXISTS);

  // The same id for a different request is refused.
  v1::ApproveExecutionPlanRequest approve;
  approve.set_name(kTaipeiPlan);
  approve.set_etag(first.etag());
  approve.set_request_id("same-id");
  const grpc::Status status = stub().ApproveExecutionPlan(Context(Head()).get(), approve, &other);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_THAT(status.error_message(), HasSubstr("was already used by your organisation"));

  // The audit trail shows one creation.
  v1::ListAuditRecordsRequest audit;
  audit.set_target_prefix(kTaipeiPlan);
  v1::ListAuditRecordsResponse records;
  ASSERT_TRUE(stub().ListAuditRecords(Context(Officer()).get(), audit, &records).ok());
  ASSERT_EQ(records.records_size(), 1);
  EXPECT_EQ(records.records(0).action(), "CreateExecutionPlan");
  EXPECT_EQ(records.records(0).actor().subject(), "staff.chen");
  EXPECT_EQ(records.records(0).request_id(), "same-id");
}

TEST_F(PlansServiceTest, AStaleEtagIsAbortedAndEditingWithdrawsApproval) {
  v1::ExecutionPlan draft, approved, edited, stale;
  ASSERT_TRUE(CreatePlan(Staff(), "dpo-taipei", &draft).ok());
  ASSERT_TRUE(Approve(Head(), draft, &approved).ok());

  v1::UpdateExecutionPlanRequest update;
  update.set_name(kTaipeiPlan);
  *update.mutable_content() = testing::CompleteDraft("修正後計畫");
  update.set_etag(draft.etag());  // read before the approval
  update.set_request_id("edit-1");
  const grpc::Status status = stub().UpdateExecutionPlan(Context(Staff()).get(), update, &stale);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ABORTED);
  EXPECT_THAT(status.error_message(), HasSubstr("is stale"));

  update.set_etag(approved.etag());
  update.set_request_id("edit-2");
  ASSERT_TRUE(stub().UpdateExecutionPlan(Context(Staff()).get(), update, &edited).ok());
  EXPECT_EQ(edited.state(), v1::EXECUTION_PLAN_STATE_DRAFT);
  EXPECT_FALSE(edited.has_approval());
  EXPECT_EQ(edited.content().title(), "修正後計畫");
}

TEST_F(PlansServiceTest, APublishedPlanIsImmutable) {
  const v1::ExecutionPlan published = PublishedTaipeiPlan();
  v1::UpdateExecutionPlanRequest update;
  update.set_name(kTaipeiPlan);
  *update.mutable_content() = testing::CompleteDraft("改版");
  update.set_etag(published.etag());
  update.set_request_id("late-edit");
  v1::ExecutionPlan out;
  const grpc::Status status = stub().UpdateExecutionPlan(Context(Staff()).get(), update, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(status.error_message(),
            std::string(kTaipeiPlan) + " is published and can no longer change");
  EXPECT_EQ(Publish(Staff(), published, &out).error_code(), grpc::StatusCode::FAILED_PRECONDITION);
}

TEST_F(PlansServiceTest, BadInputIsRefusedNamingTheFieldAndWritesNothing) {
  v1::CreateExecutionPlanRequest request;
  request.set_parent("orgs/dpo-taipei");
  request.set_year(2018);
  *request.mutable_content() = testing::CompleteDraft("");
  request.set_request_id("bad-1");
  v1::ExecutionPlan out;
  grpc::Status status = stub().CreateExecutionPlan(Context(Staff()).get(), request, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(status.error_message(),
            "content.title: is required (1..200 characters), got an empty value");

  *request.mutable_content() = testing::CompleteDraft("計畫");
  request.set_request_id("has spaces");
  status = stub().CreateExecutionPlan(Context(Staff()).get(), request, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(status.error_message(), "request_id: may contain only letters, digits and . _ : -");

  request.set_request_id("bad-2");
  request.set_year(1899);
  status = stub().CreateExecutionPlan(Context(Staff()).get(), request, &out);
  EXPECT_EQ(status.error_message(),
            "year: must be a Gregorian year in 1912..2200 (2018 for ROC 107), got 1899");

  EXPECT_EQ(Get(Staff(), kTaipeiPlan, &out).error_code(), grpc::StatusCode::NOT_FOUND);

  v1::ExecutionPlan draft, approved;
  ASSERT_TRUE(CreatePlan(Staff(), "dpo-taipei", &draft).ok());
  ASSERT_TRUE(Approve(Head(), draft, &approved).ok());
  v1::PublishExecutionPlanRequest publish;
  publish.set_name(kTaipeiPlan);
  publish.add_urls("www.tpc.moj.gov.tw/plan.pdf");
  publish.set_etag(approved.etag());
  publish.set_request_id("publish-bad-url");
  status = stub().PublishExecutionPlan(Context(Staff()).get(), publish, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(status.error_message(),
            "urls[0]: \"www.tpc.moj.gov.tw/plan.pdf\" is not an http:// or https:// URL");
  ASSERT_TRUE(Get(Staff(), kTaipeiPlan, &out).ok());
  EXPECT_EQ(out.state(), v1::EXECUTION_PLAN_STATE_APPROVED);
}

TEST_F(PlansServiceTest, ExecutionPlansNeedAPublishedImplementationPlanAndAnAgency) {
  v1::CreateExecutionPlanRequest request;
  request.set_parent("orgs/dpo-taipei");
  request.set_year(2020);
  *request.mutable_content() = testing::CompleteDraft("109年度計畫");
  request.set_request_id("too-early");
  v1::ExecutionPlan out;
  grpc::Status status = stub().CreateExecutionPlan(Context(Staff()).get(), request, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(status.error_message(),
            "the 2020 implementation plan (ROC 109) has not been published yet; execution plans "
            "follow its publication");

  request.set_parent("orgs/moj");
  request.set_year(2018);
  status = stub().CreateExecutionPlan(Context(Staff("moj")).get(), request, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);

  request.set_parent("orgs/dpo-atlantis");
  status = stub().CreateExecutionPlan(Context(Staff()).get(), request, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(status.error_message(), "parent: organisation orgs/dpo-atlantis does not exist");
}

TEST_F(PlansServiceTest, DraftsAreVisibleToTheAgencyItsSupervisorAndTheMinistryOnly) {
  v1::ExecutionPlan draft, read;
  ASSERT_TRUE(CreatePlan(Staff(), "dpo-taipei", &draft).ok());
  EXPECT_TRUE(Get(Staff(), kTaipeiPlan, &read).ok());
  EXPECT_TRUE(
      Get(Token("high-prosecutors", v1::ROLE_SUPERVISOR_REVIEWER), kTaipeiPlan, &read).ok());
  EXPECT_TRUE(Get(Officer(), kTaipeiPlan, &read).ok());
  EXPECT_EQ(Get("", kTaipeiPlan, &read).error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(Get(Staff("dpo-kinmen"), kTaipeiPlan, &read).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(
      Get(Token("corrections", v1::ROLE_SUPERVISOR_REVIEWER), kTaipeiPlan, &read).error_code(),
      grpc::StatusCode::PERMISSION_DENIED);

  // Listings apply the same rule.
  v1::ExecutionPlan kinmen;
  ASSERT_TRUE(CreatePlan(Staff("dpo-kinmen"), "dpo-kinmen", &kinmen).ok());
  const auto list = [&](const std::string& token, const std::string& reports_to) {
    v1::ListExecutionPlansRequest request;
    request.set_year(2018);
    request.set_reports_to(reports_to);
    v1::ListExecutionPlansResponse response;
    EXPECT_TRUE(stub().ListExecutionPlans(Context(token).get(), request, &response).ok());
    std::vector<std::string> names;
    for (const auto& p : response.execution_plans()) names.push_back(p.organisation());
    return names;
  };
  EXPECT_THAT(list(Officer(), ""), ::testing::ElementsAre("orgs/dpo-kinmen", "orgs/dpo-taipei"));
  EXPECT_THAT(list(Token("high-prosecutors", v1::ROLE_SUPERVISOR_REVIEWER), ""),
              ::testing::ElementsAre("orgs/dpo-taipei"));
  EXPECT_THAT(list(Officer(), "orgs/moj"), ::testing::ElementsAre("orgs/dpo-kinmen"));
  EXPECT_THAT(list(Staff("dpo-kinmen"), ""), ::testing::ElementsAre("orgs/dpo-kinmen"));
  EXPECT_THAT(list("", ""), ::testing::IsEmpty());
  // An operator reads audit trails and metrics, not drafts: published plans only, as the public.
  EXPECT_THAT(list(Token("moj", v1::ROLE_OPERATOR), ""), ::testing::IsEmpty());
  EXPECT_THAT(list(Token("high-prosecutors", v1::ROLE_OPERATOR), ""), ::testing::IsEmpty());
}

// Reads a streamed export through `stub`: the document (pieces concatenated), its content type and
// file name from the first piece, and each piece's size.
struct Export {
  grpc::Status status;
  std::string content, content_type, filename;
  std::vector<size_t> piece_sizes;
};
Export ReadExport(v1::PlanRegistry::Stub& stub, const v1::ExportExecutionPlansRequest& request) {
  Export out;
  auto context = Context("");
  auto reader = stub.ExportExecutionPlans(context.get(), request);
  v1::Document piece;
  while (reader->Read(&piece)) {
    if (out.piece_sizes.empty()) {
      out.content_type = piece.content_type();
      out.filename = piece.filename();
    }
    out.piece_sizes.push_back(piece.content().size());
    out.content += piece.content();
  }
  out.status = reader->Finish();
  return out;
}

TEST_F(PlansServiceTest, PublishedPlansAreOpenDataInJsonAndCsv) {
  PublishedTaipeiPlan();
  v1::ExportExecutionPlansRequest request;
  request.set_year(2018);
  request.set_format(v1::EXPORT_FORMAT_CSV);
  const Export csv = ReadExport(stub(), request);
  ASSERT_TRUE(csv.status.ok()) << csv.status.error_message();
  EXPECT_EQ(csv.content_type, "text/csv; charset=utf-8");
  EXPECT_EQ(csv.filename, "execution-plans-2018.csv");
  EXPECT_EQ(csv.piece_sizes.size(), 1u);
  EXPECT_THAT(csv.content, HasSubstr("organisation,organisation_name_zh_tw"));
  EXPECT_THAT(csv.content,
              HasSubstr("orgs/dpo-taipei,臺灣臺北地方法院檢察署,Taiwan Taipei District "
                        "Prosecutors Office,2018,107,107年度服務躍升執行計畫,head.lin,"));
  EXPECT_THAT(csv.content, HasSubstr(",1.1 2.3,1. 單一窗口 | 2. 線上申辦\r\n"));

  request.set_format(v1::EXPORT_FORMAT_JSON);
  const Export json = ReadExport(stub(), request);
  ASSERT_TRUE(json.status.ok()) << json.status.error_message();
  EXPECT_EQ(json.content_type, "application/json");
  EXPECT_EQ(json.filename, "execution-plans-2018.json");
  google::protobuf::ListValue array;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(json.content, &array).ok());
  ASSERT_EQ(array.values_size(), 1);
  EXPECT_EQ(array.values(0).struct_value().fields().at("name").string_value(), kTaipeiPlan);

  // A year without published plans is an empty document, still one piece with its type.
  request.set_year(2019);
  const Export empty = ReadExport(stub(), request);
  ASSERT_TRUE(empty.status.ok());
  EXPECT_EQ(empty.content, "[\n]\n");
  EXPECT_EQ(empty.content_type, "application/json");

  request.set_format(v1::EXPORT_FORMAT_UNSPECIFIED);
  EXPECT_EQ(ReadExport(stub(), request).status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
}

// Agencies that fill every field limit (about 4 MB a plan) can no longer break the lists and
// the export for everyone: lists page by bytes, and the export streams in pieces of 1 MiB.
TEST_F(PlansServiceTest, PlansFilledToTheLimitsPageAndStreamForEveryRole) {
  v1::ExecutionPlanContent full = testing::CompleteDraft("107年度服務躍升執行計畫");
  const auto fill = [](std::string* text, size_t chars) {
    text->clear();
    for (size_t i = 0; i < chars; ++i) text->append("服");
  };
  fill(full.mutable_basis(), kMaxSectionChars);
  fill(full.mutable_goals(), kMaxSectionChars);
  fill(full.mutable_implementation_steps(), kMaxSectionChars);
  full.clear_measures();
  for (size_t i = 0; i < kMaxConcreteMeasures; ++i) {
    auto* measure = full.add_measures();
    measure->set_measure_code(i % 2 == 0 ? "1.1" : "2.3");
    measure->set_title("措施");
    fill(measure->mutable_description(), kMaxItemChars);
  }
  full.clear_priorities();
  for (size_t i = 0; i < kMaxPriorities; ++i) {
    auto* priority = full.add_priorities();
    priority->set_rank(static_cast<int>(i) + 1);
    priority->set_title("重點");
    fill(priority->mutable_description(), kMaxItemChars);
  }
  // Clients of the suite read answers up to the 8 MiB message limit.
  grpc::ChannelArguments args;
  args.SetMaxReceiveMessageSize(8 << 20);
  auto client = v1::PlanRegistry::NewStub(grpc::CreateCustomChannel(
      absl::StrCat("127.0.0.1:", server_.port()), grpc::InsecureChannelCredentials(), args));
  const std::vector<std::string> agencies = {"dpo-shilin", "dpo-taipei", "dpo-taoyuan"};
  for (const std::string& org : agencies) {
    v1::CreateExecutionPlanRequest create;
    create.set_parent("orgs/" + org);
    create.set_year(2018);
    *create.mutable_content() = full;
    create.set_request_id("full-" + org);
    v1::ExecutionPlan draft, approved, published;
    const grpc::Status created =
        client->CreateExecutionPlan(Context(Staff(org)).get(), create, &draft);
    ASSERT_TRUE(created.ok()) << created.error_message();
    ASSERT_GT(draft.ByteSizeLong(), size_t{3} << 20);
    v1::ApproveExecutionPlanRequest approve;
    approve.set_name(draft.name());
    approve.set_etag(draft.etag());
    approve.set_request_id("approve-" + org);
    const grpc::Status approval =
        client->ApproveExecutionPlan(Context(Head(org)).get(), approve, &approved);
    ASSERT_TRUE(approval.ok()) << approval.error_message();
    v1::PublishExecutionPlanRequest publish;
    publish.set_name(approved.name());
    publish.set_etag(approved.etag());
    publish.add_urls("https://www.example.gov.tw/" + org + ".pdf");
    publish.set_request_id("publish-" + org);
    const grpc::Status publication =
        client->PublishExecutionPlan(Context(Staff(org)).get(), publish, &published);
    ASSERT_TRUE(publication.ok()) << publication.error_message();
  }
  // Every role that may list them reads them all, in pages within the message limit.
  for (const std::string& token :
       {std::string(), Officer(), Token("moj", v1::ROLE_OPERATOR),
        Token("high-prosecutors", v1::ROLE_SUPERVISOR_REVIEWER), Staff("dpo-taipei")}) {
    v1::ListExecutionPlansRequest list;
    list.set_year(2018);
    std::vector<std::string> names;
    for (int pages = 0; pages < 10; ++pages) {
      v1::ListExecutionPlansResponse page;
      const grpc::Status status = client->ListExecutionPlans(Context(token).get(), list, &page);
      ASSERT_TRUE(status.ok()) << status.error_message();
      EXPECT_LE(page.ByteSizeLong(), size_t{8} << 20);
      for (const auto& plan : page.execution_plans()) names.push_back(plan.name());
      if (page.next_page_token().empty()) break;
      list.set_page_token(page.next_page_token());
    }
    EXPECT_THAT(names, ::testing::ElementsAre("orgs/dpo-shilin/executionPlans/2018",
                                              "orgs/dpo-taipei/executionPlans/2018",
                                              "orgs/dpo-taoyuan/executionPlans/2018"));
  }
  // The open data: more than a message's worth, in pieces of at most 1 MiB, whole when joined.
  v1::ExportExecutionPlansRequest request;
  request.set_year(2018);
  request.set_format(v1::EXPORT_FORMAT_JSON);
  const Export json = ReadExport(*client, request);
  ASSERT_TRUE(json.status.ok()) << json.status.error_message();
  EXPECT_GT(json.content.size(), size_t{10} << 20);
  for (size_t size : json.piece_sizes) EXPECT_LE(size, size_t{1} << 20);
  google::protobuf::ListValue array;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(json.content, &array).ok());
  ASSERT_EQ(array.values_size(), 3);
  EXPECT_EQ(array.values(2).struct_value().fields().at("name").string_value(),
            "orgs/dpo-taoyuan/executionPlans/2018");
  request.set_format(v1::EXPORT_FORMAT_CSV);
  const Export csv = ReadExport(*client, request);
  ASSERT_TRUE(csv.status.ok()) << csv.status.error_message();
  EXPECT_EQ(std::count(csv.content.begin(), csv.content.end(), '\n'), 4);  // header + 3 rows
}

}  // namespace
}  // namespace svcup::plans
