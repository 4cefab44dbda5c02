// An in-memory stand-in for the reports service as the reviews service sees it, so that domain
// tests of reviews run without a server: tests put reports and revisions in, read back the
// decisions the reviews service sent, and can make decisions fail.
#ifndef SVCUP_TESTS_TESTING_FAKE_REPORTS_CLIENT_H_
#define SVCUP_TESTS_TESTING_FAKE_REPORTS_CLIENT_H_

#include <map>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "common/api/names.h"
#include "services/reviews/reports_client.h"

namespace svcup::testing {

// ReportsClient over maps. Thread-safe.
class FakeReportsClient final : public reviews::ReportsClient {
 public:
  // Adds a submitted revision and makes it its report's latest, awaiting review.
  void AddSubmittedRevision(const v1::ReportRevision& revision) {
    absl::MutexLock lock(&mu_);
    revisions_[revision.name()] = revision;
    v1::ProgressReport& report = reports_[revision.report()];
    auto name = ParseReportName("report", revision.report());
    report.set_name(revision.report());
    report.set_organisation(OrganisationName(name->organisation));
    report.set_year(name->year);
    report.set_period(name->period);
    report.set_state(v1::REPORT_STATE_SUBMITTED);
    report.set_latest_revision(revision.revision());
    report.set_recipient(revision.recipient());
  }

  // Makes Return and Accept fail with `status` (OK again to let them through).
  void FailDecisionsWith(absl::Status status) {
    absl::MutexLock lock(&mu_);
    decision_failure_ = std::move(status);
  }

  // The decisions received, in order: "return <revision>" or "accept <revision>".
  std::vector<std::string> decisions() const {
    absl::MutexLock lock(&mu_);
    return decisions_;
  }

  absl::StatusOr<v1::ReportRevision> GetRevision(const std::string& name) override {
    absl::MutexLock lock(&mu_);
    auto it = revisions_.find(name);
    if (it == revisions_.end()) return absl::NotFoundError(absl::StrCat(name, " does not exist"));
    return it->second;
  }

  absl::StatusOr<v1::ProgressReport> GetReport(const std::string& name) override {
    absl::MutexLock lock(&mu_);
    auto it = reports_.find(name);
    if (it == reports_.end()) return absl::NotFoundError(absl::StrCat(name, " does not exist"));
    return it->second;
  }

  absl::StatusOr<std::vector<v1::ReportRevision>> ListLatestRevisions(
      int year, const std::string& recipient) override {
    absl::MutexLock lock(&mu_);
    std::vector<v1::ReportRevision> latest;
    for (const auto& [name, report] : reports_) {
      const v1::ReportRevision& r =
          revisions_.at(absl::StrCat(name, "/revisions/", report.latest_revision()));
      if (report.year() == year && (recipient.empty() || r.recipient() == recipient)) {
        latest.push_back(r);
      }
    }
    return latest;
  }

  absl::StatusOr<v1::Completeness> GetCompleteness(const std::string& recipient, int year,
                                                   int period, bool whole_tree) override {
    v1::Completeness completeness;
    completeness.set_recipient(recipient);
    completeness.set_year(year);
    completeness.set_period(period);
    return completeness;
  }

  absl::StatusOr<v1::ProgressReport> Return(const v1::ReturnReportRequest& request) override {
    return Decide("return", request.revision(), v1::REPORT_STATE_RETURNED);
  }

  absl::StatusOr<v1::ProgressReport> Accept(const v1::AcceptReportRequest& request) override {
    return Decide("accept", request.revision(), v1::REPORT_STATE_ACCEPTED);
  }

 private:
  absl::StatusOr<v1::ProgressReport> Decide(absl::string_view verb, const std::string& revision,
                                            v1::ReportState state) {
    absl::MutexLock lock(&mu_);
    if (!decision_failure_.ok()) return decision_failure_;
    auto it = revisions_.find(revision);
    if (it == revisions_.end()) {
      return absl::NotFoundError(absl::StrCat(revision, " does not exist"));
    }
    decisions_.push_back(absl::StrCat(verb, " ", revision));
    v1::ProgressReport& report = reports_[it->second.report()];
    report.set_state(state);
    return report;
  }

  mutable absl::Mutex mu_;
  std::map<std::string, v1::ReportRevision> revisions_ ABSL_GUARDED_BY(mu_);
  std::map<std::string, v1::ProgressReport> reports_ ABSL_GUARDED_BY(mu_);
  std::vector<std::string> decisions_ ABSL_GUARDED_BY(mu_);
  absl::Status decision_failure_ ABSL_GUARDED_BY(mu_);
};

}  // namespace svcup::testing

#endif  // SVCUP_TESTS_TESTING_FAKE_REPORTS_CLIENT_H_
