#include "services/gateway/public_plans.h"

#include "absl/strings/str_cat.h"
#include "common/status/grpc_status.h"

namespace svcup::gateway {

namespace {

// At most this many pages are read for one list (100,000 entries at 1,000 a page).
constexpr int kMaxPages = 100;
constexpr int kPageSize = 1000;

// Reads every page of a list: `call(token, response)` fetches the page at token.
template <typename Item, typename Response, typename Call, typename Items>
absl::StatusOr<std::vector<Item>> ReadAllPages(Call call, Items items) {
  std::vector<Item> all;
  std::string token;
  for (int page = 0; page < kMaxPages; ++page) {
    Response response;
    const grpc::Status status = call(token, &response);
    if (!status.ok()) return FromGrpcStatus(status);
    for (const Item& item : items(response)) all.push_back(item);
    token = response.next_page_token();
    if (token.empty()) return all;
  }
  return absl::ResourceExhaustedError(
      absl::StrCat("more than ", kMaxPages * kPageSize, " entries: the portal shows no more"));
}

}  // namespace

PublicPlans::PublicPlans(std::shared_ptr<grpc::Channel> channel, absl::Duration timeout,
                         absl::Duration keep)
    : stub_(v1::PlanRegistry::NewStub(std::move(channel))),
      timeout_(timeout),
      organisations_(keep, 1),
      plans_(keep, 32),
      versions_(keep, 32) {}

std::unique_ptr<grpc::ClientContext> PublicPlans::Context() const {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(absl::ToChronoTime(absl::Now() + timeout_));
  return context;
}

absl::StatusOr<std::shared_ptr<const std::vector<v1::Organisation>>> PublicPlans::Organisations() {
  return organisations_.Get(0, [this] {
    return ReadAllPages<v1::Organisation, v1::ListOrganisationsResponse>(
        [this](const std::string& token, v1::ListOrganisationsResponse* response) {
          v1::ListOrganisationsRequest request;
          request.set_page_size(kPageSize);
          request.set_page_token(token);
          return stub_->ListOrganisations(Context().get(), request, response);
        },
        [](const v1::ListOrganisationsResponse& r) { return r.organisations(); });
  });
}

absl::StatusOr<std::shared_ptr<const std::vector<v1::ExecutionPlan>>> PublicPlans::PublishedPlans(
    int year) {
  return plans_.Get(year, [this, year] {
    return ReadAllPages<v1::ExecutionPlan, v1::ListExecutionPlansResponse>(
        [this, year](const std::string& token, v1::ListExecutionPlansResponse* response) {
          v1::ListExecutionPlansRequest request;
          request.set_year(year);
          request.set_state(v1::EXECUTION_PLAN_STATE_PUBLISHED);
          request.set_page_size(kPageSize);
          request.set_page_token(token);
          return stub_->ListExecutionPlans(Context().get(), request, response);
        },
        [](const v1::ListExecutionPlansResponse& r) { return r.execution_plans(); });
  });
}

absl::StatusOr<v1::ExecutionPlan> PublicPlans::Plan(const std::string& name) {
  v1::GetExecutionPlanRequest request;
  request.set_name(name);
  v1::ExecutionPlan plan;
  const grpc::Status status = stub_->GetExecutionPlan(Context().get(), request, &plan);
  if (!status.ok()) return FromGrpcStatus(status);
  return plan;
}

absl::StatusOr<std::shared_ptr<const std::vector<v1::ImplementationPlan>>>
PublicPlans::PlanVersions(int year) {
  return versions_.Get(year, [this, year]() -> absl::StatusOr<std::vector<v1::ImplementationPlan>> {
    auto versions =
        ReadAllPages<v1::ImplementationPlan, v1::ListImplementationPlanVersionsResponse>(
            [this, year](const std::string& token,
                         v1::ListImplementationPlanVersionsResponse* response) {
              v1::ListImplementationPlanVersionsRequest request;
              request.set_parent(absl::StrCat("implementationPlans/", year));
              request.set_page_size(kPageSize);
              request.set_page_token(token);
              return stub_->ListImplementationPlanVersions(Context().get(), request, response);
            },
            [](const v1::ListImplementationPlanVersionsResponse& r) { return r.versions(); });
    // A year without a plan is kept too: the portal asks for every year on its home page.
    if (versions.status().code() == absl::StatusCode::kNotFound) {
      return std::vector<v1::ImplementationPlan>();
    }
    return versions;
  });
}

absl::StatusOr<std::vector<int>> PublicPlans::Years(int first, int last) {
  std::vector<int> years;
  for (int year = last; year >= first; --year) {
    auto versions = PlanVersions(year);
    if (!versions.ok()) return versions.status();
    if (!(*versions)->empty()) years.push_back(year);
  }
  return years;
}

}  // namespace svcup::gateway
