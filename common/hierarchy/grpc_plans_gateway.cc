#include "common/hierarchy/grpc_plans_gateway.h"

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/api/names.h"
#include "common/server/call_context.h"
#include "common/status/grpc_status.h"
#include "common/status/macros.h"

namespace svcup {
namespace {

// Whether a failed call means "plans cannot answer now" (so a cached answer may stand in).
bool Unreachable(const absl::Status& status) {
  return status.code() == absl::StatusCode::kUnavailable ||
         status.code() == absl::StatusCode::kDeadlineExceeded;
}

absl::Status PlansDown(const absl::Status& cause) {
  return absl::UnavailableError(
      absl::StrCat("the plans service cannot be reached and no recent copy of its data is cached (",
                   cause.message(), "); retry shortly"));
}

}  // namespace

GrpcPlansGateway::GrpcPlansGateway(std::shared_ptr<grpc::Channel> channel, const Clock& clock,
                                   Options options)
    : stub_(v1::PlanRegistry::NewStub(std::move(channel))), clock_(clock), options_(options) {
  if (options_.watch_versions) watcher_ = std::thread([this] { WatchVersions(); });
}

GrpcPlansGateway::~GrpcPlansGateway() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
    if (watch_context_ != nullptr) watch_context_->TryCancel();
  }
  if (watcher_.joinable()) watcher_.join();
}

void GrpcPlansGateway::WatchVersions() {
  absl::Duration pause = absl::Milliseconds(100);
  while (true) {
    grpc::ClientContext context;  // no deadline: the stream lasts as long as both sides do
    if (options_.credentials != nullptr) {
      context.AddMetadata("authorization", options_.credentials->AuthorizationHeader());
    }
    {
      absl::MutexLock lock(&mu_);
      if (stopping_) return;
      watch_context_ = &context;
    }
    auto stream = stub_->WatchPlanVersions(&context, v1::WatchPlanVersionsRequest());
    v1::PlanVersions message;
    bool heard = false;
    while (stream->Read(&message)) {
      // The lease runs from arrival (a message cannot have been sent later than that).
      const auto until = std::chrono::steady_clock::now() +
                         std::chrono::seconds(message.lease().seconds()) +
                         std::chrono::nanoseconds(message.lease().nanos());
      absl::MutexLock lock(&mu_);
      leased_versions_.clear();
      for (const v1::PlanVersion& v : message.versions()) {
        leased_versions_[v.year()] = {v.version(), v.etag()};
      }
      lease_until_ = until;
      heard = true;
    }
    stream->Finish().IgnoreError();
    absl::MutexLock lock(&mu_);
    // The stream is gone: rely on nothing it said (each use asks plans until it is back).
    lease_until_ = {};
    leased_versions_.clear();
    watch_context_ = nullptr;
    // Reconnect soon after a stream that worked; back off while plans cannot be watched.
    pause = heard ? absl::Milliseconds(100) : std::min(pause * 2, absl::Seconds(5));
    mu_.AwaitWithTimeout(absl::Condition(&stopping_), pause);
    if (stopping_) return;
  }
}

std::shared_ptr<const v1::ImplementationPlan> GrpcPlansGateway::LeasedPlan(int year) {
  if (std::chrono::steady_clock::now() >= lease_until_) return nullptr;
  auto leased = leased_versions_.find(year);
  auto kept = plans_.find(year);
  if (leased == leased_versions_.end() || kept == plans_.end()) return nullptr;
  if (kept->second.plan->version() != leased->second.first ||
      kept->second.plan->etag() != leased->second.second) {
    return nullptr;
  }
  kept->second.time = clock_.Now();  // confirmed in force, as a call to plans would
  return kept->second.plan;
}

std::unique_ptr<grpc::ClientContext> GrpcPlansGateway::NewContext() const {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(absl::ToChronoTime(OutgoingDeadline(options_.call_timeout)));
  if (options_.credentials != nullptr) {
    context->AddMetadata("authorization", options_.credentials->AuthorizationHeader());
  }
  return context;
}

absl::StatusOr<std::shared_ptr<const OrganisationDirectory>> GrpcPlansGateway::FetchDirectory() {
  v1::OrganisationDirectory data;
  v1::ListOrganisationsRequest request;
  request.set_page_size(500);
  do {
    v1::ListOrganisationsResponse page;
    auto status = FromGrpcStatus(stub_->ListOrganisations(NewContext().get(), request, &page));
    if (!status.ok()) return status;
    for (auto& org : *page.mutable_organisations()) *data.add_organisations() = std::move(org);
    request.set_page_token(page.next_page_token());
  } while (!request.page_token().empty());
  auto directory = OrganisationDirectory::Build(data);
  if (!directory.ok()) {
    return absl::InternalError(absl::StrCat("the plans service sent an inconsistent hierarchy: ",
                                            directory.status().message()));
  }
  return std::make_shared<const OrganisationDirectory>(std::move(*directory));
}

absl::StatusOr<std::shared_ptr<const OrganisationDirectory>> GrpcPlansGateway::Directory() {
  std::shared_ptr<const OrganisationDirectory> cached;
  absl::Time cached_time;
  const absl::Time now = clock_.Now();
  {
    absl::MutexLock lock(&mu_);
    cached = directory_;
    cached_time = directory_time_;
    if (cached != nullptr && now - cached_time < options_.refresh_after) return cached;
    // One caller refreshes; the others keep using the copy they have meanwhile.
    if (cached != nullptr && refreshing_directory_ && now - cached_time < options_.max_age) {
      return cached;
    }
    refreshing_directory_ = true;
  }
  // The call to plans is made with no lock held: a slow plans service delays this caller only.
  auto fetched = FetchDirectory();
  absl::MutexLock lock(&mu_);
  refreshing_directory_ = false;
  if (fetched.ok()) {
    directory_ = *fetched;
    directory_time_ = now;
    return directory_;
  }
  if (cached != nullptr && now - cached_time < options_.max_age && Unreachable(fetched.status())) {
    return cached;  // stale but within its bounded lifetime
  }
  return Unreachable(fetched.status()) ? PlansDown(fetched.status()) : fetched.status();
}

absl::StatusOr<v1::ReportingRoute> GrpcPlansGateway::Route(absl::string_view code) {
  v1::ResolveReportingRouteRequest request;
  request.set_name(OrganisationName(code));
  v1::ReportingRoute route;
  auto status = FromGrpcStatus(stub_->ResolveReportingRoute(NewContext().get(), request, &route));
  if (status.ok()) return route;
  if (!Unreachable(status)) return status;
  std::shared_ptr<const OrganisationDirectory> cached;
  {
    absl::MutexLock lock(&mu_);
    if (directory_ != nullptr && clock_.Now() - directory_time_ < options_.max_age) {
      cached = directory_;
    }
  }
  if (cached == nullptr) return PlansDown(status);
  if (!cached->Contains(code)) {
    return absl::NotFoundError(absl::StrCat("organisation orgs/", code, " does not exist"));
  }
  return cached->Route(code);
}

absl::StatusOr<std::shared_ptr<const v1::ImplementationPlan>> GrpcPlansGateway::CurrentPlan(
    int year) {
  std::optional<CachedPlan> cached;
  {
    absl::MutexLock lock(&mu_);
    if (auto leased = LeasedPlan(year)) return leased;
    if (auto it = plans_.find(year); it != plans_.end()) cached = it->second;
  }
  // No lease covers it: which version is in force is asked (a few bytes), so that an amendment
  // takes effect at once; the whole plan only when the version changed. No lock is held
  // meanwhile.
  v1::GetImplementationPlanRequest request;
  request.set_name(absl::StrCat("implementationPlans/", year));
  request.set_view(v1::IMPLEMENTATION_PLAN_VIEW_BASIC);
  v1::ImplementationPlan in_force;
  auto status =
      FromGrpcStatus(stub_->GetImplementationPlan(NewContext().get(), request, &in_force));
  const absl::Time now = clock_.Now();
  if (status.ok()) {
    const bool current = cached.has_value() && cached->plan->version() == in_force.version() &&
                         cached->plan->etag() == in_force.etag();
    if (!current) {
      request.set_view(v1::IMPLEMENTATION_PLAN_VIEW_FULL);
      auto full = std::make_shared<v1::ImplementationPlan>();
      status =
          FromGrpcStatus(stub_->GetImplementationPlan(NewContext().get(), request, full.get()));
      if (status.ok()) cached = CachedPlan{std::move(full), now};
    }
    if (status.ok()) {
      cached->time = now;
      absl::MutexLock lock(&mu_);
      plans_[year] = *cached;
      return cached->plan;
    }
  }
  if (status.code() == absl::StatusCode::kNotFound) {
    return absl::FailedPreconditionError(
        absl::StrCat("the ", year, " implementation plan has not been published"));
  }
  if (cached.has_value() && now - cached->time < options_.max_age && Unreachable(status)) {
    return cached->plan;  // plans is down: the version last confirmed, within its lifetime
  }
  return Unreachable(status) ? PlansDown(status) : status;
}

absl::StatusOr<std::vector<std::string>> GrpcPlansGateway::PublishedExecutionPlans(int year) {
  v1::ListExecutionPlansRequest request;
  request.set_year(year);
  request.set_state(v1::EXECUTION_PLAN_STATE_PUBLISHED);
  request.set_page_size(500);
  std::vector<std::string> codes;
  do {
    v1::ListExecutionPlansResponse page;
    RETURN_IF_ERROR(FromGrpcStatus(stub_->ListExecutionPlans(NewContext().get(), request, &page)));
    for (const v1::ExecutionPlan& plan : page.execution_plans()) {
      codes.emplace_back(OrganisationCodeOf(plan.organisation()));
    }
    request.set_page_token(page.next_page_token());
  } while (!request.page_token().empty());
  return codes;
}

}  // namespace svcup
