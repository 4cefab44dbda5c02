// An in-memory stand-in for the plans service, so that domain tests of reports and reviews run
// without a server: the shipped hierarchy, the shipped 2018 plan as version 1, and switches to
// amend a plan or to make plans unreachable.
#ifndef SVCUP_TESTS_TESTING_FAKE_PLANS_GATEWAY_H_
#define SVCUP_TESTS_TESTING_FAKE_PLANS_GATEWAY_H_

#include <google/protobuf/text_format.h>

#include <fstream>
#include <map>
#include <memory>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "common/hierarchy/plans_gateway.h"
#include "tests/testing/plans_fixture.h"

namespace svcup::testing {

// PlansGateway over the shipped data. Thread-safe.
class FakePlansGateway final : public PlansGateway {
 public:
  FakePlansGateway()
      : directory_(std::make_shared<const OrganisationDirectory>(
            *OrganisationDirectory::LoadFile(PlansSeedDir() + "/organisations.textproto"))) {
    std::ifstream in(PlansSeedDir() + "/implementation_plan_2018.textproto");
    std::stringstream text;
    text << in.rdbuf();
    v1::ImplementationPlan plan;
    plan.set_name("implementationPlans/2018/versions/1");
    plan.set_year(2018);
    plan.set_version(1);
    plan.set_state(v1::IMPLEMENTATION_PLAN_STATE_PUBLISHED);
    EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(text.str(), plan.mutable_content()));
    plans_[2018] = plan;
  }

  absl::StatusOr<std::shared_ptr<const OrganisationDirectory>> Directory() override {
    absl::MutexLock lock(&mu_);
    if (unreachable_) return Unreachable();
    return directory_;
  }

  absl::StatusOr<v1::ReportingRoute> Route(absl::string_view code) override {
    absl::MutexLock lock(&mu_);
    if (unreachable_) return Unreachable();
    if (!directory_->Contains(code)) {
      return absl::NotFoundError(absl::StrCat("organisation orgs/", code, " does not exist"));
    }
    return directory_->Route(code);
  }

  absl::StatusOr<std::shared_ptr<const v1::ImplementationPlan>> CurrentPlan(int year) override {
    absl::MutexLock lock(&mu_);
    if (unreachable_) return Unreachable();
    auto it = plans_.find(year);
    if (it == plans_.end()) {
      return absl::FailedPreconditionError(
          absl::StrCat("the ", year, " implementation plan has not been published"));
    }
    return std::make_shared<const v1::ImplementationPlan>(it->second);
  }

  absl::StatusOr<std::vector<std::string>> PublishedExecutionPlans(int year) override {
    absl::MutexLock lock(&mu_);
    if (unreachable_) return Unreachable();
    return published_[year];
  }

  // Records that `code` published its execution plan for `year`.
  void SetPublished(int year, const std::string& code) {
    absl::MutexLock lock(&mu_);
    published_[year].push_back(code);
  }

  // Puts `plan` in force for its year (an amendment, when the year had one).
  void SetPlan(const v1::ImplementationPlan& plan) {
    absl::MutexLock lock(&mu_);
    plans_[plan.year()] = plan;
  }

  // Makes every call fail UNAVAILABLE (plans down, nothing cached) or work again.
  void SetUnreachable(bool unreachable) {
    absl::MutexLock lock(&mu_);
    unreachable_ = unreachable;
  }

 private:
  static absl::Status Unreachable() {
    return absl::UnavailableError("the plans service cannot be reached (fake)");
  }

  absl::Mutex mu_;
  std::shared_ptr<const OrganisationDirectory> directory_;
  std::map<int, v1::ImplementationPlan> plans_ ABSL_GUARDED_BY(mu_);
  std::map<int, std::vector<std::string>> published_ ABSL_GUARDED_BY(mu_);
  bool unreachable_ ABSL_GUARDED_BY(mu_) = false;
};

}  // namespace svcup::testing

#endif  // SVCUP_TESTS_TESTING_FAKE_PLANS_GATEWAY_H_
