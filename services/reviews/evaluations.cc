#include "services/reviews/evaluations.h"

#include <set>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "common/api/names.h"
#include "common/api/validation.h"
#include "common/auth/policy.h"
#include "common/calendar/roc_calendar.h"
#include "common/status/macros.h"
#include "common/storage/audit_listing.h"
#include "services/reviews/review_rules.h"

namespace svcup::reviews {
namespace {

// The reporting agencies below `reports_to` (every one of the tree when empty), sorted.
std::vector<std::string> AgenciesUnder(const OrganisationDirectory& directory,
                                       const std::string& reports_to) {
  std::vector<std::string> agencies;
  const std::vector<std::string> below = reports_to.empty()
                                             ? directory.tree().Descendants(directory.root())
                                             : directory.tree().Children(reports_to);
  for (const std::string& code : below) {
    if (directory.IsReportingAgency(code)) agencies.push_back(code);
  }
  return agencies;
}

// Parses the optional reports_to filter and authorises the caller on it (or on the ministry).
absl::StatusOr<std::pair<std::shared_ptr<const OrganisationDirectory>, std::string>> OpenTarget(
    PlansGateway& plans, const v1::Principal& caller, const std::string& reports_to_name,
    Action action, absl::string_view what) {
  ASSIGN_OR_RETURN(auto directory, plans.Directory());
  std::string target = directory->root(), reports_to;
  if (!reports_to_name.empty()) {
    ASSIGN_OR_RETURN(auto code, ParseOrganisationName("reports_to", reports_to_name));
    target = reports_to = code;
  }
  ASSIGN_OR_RETURN(auto authorised, AuthorizeOn(plans, "reports_to", target, caller, action, what));
  return std::make_pair(authorised, reports_to);
}

}  // namespace

absl::StatusOr<v1::ListTaskForceMeetingCountsResponse> Evaluations::ListTaskForceMeetingCounts(
    const v1::Principal& caller, const v1::ListTaskForceMeetingCountsRequest& request) {
  RETURN_IF_ERROR(CheckYear("year", request.year()));
  ASSIGN_OR_RETURN(auto target, OpenTarget(plans_, caller, request.reports_to(),
                                           Action::kReadRestricted, "count task-force meetings"));
  const auto& directory = target.first;
  const std::string& reports_to = target.second;
  // One call per page of 100 reports: the latest revisions of the reports addressed to the
  // target (all of the year's for the whole tree).
  ASSIGN_OR_RETURN(auto revisions,
                   reports_.ListLatestRevisions(
                       request.year(), reports_to.empty() ? "" : OrganisationName(reports_to)));
  absl::flat_hash_map<std::string, std::set<std::tuple<int, int, int>>> dates;
  for (const v1::ReportRevision& revision : revisions) {
    // Period 2 is cumulative: distinct dates count each meeting once.
    ASSIGN_OR_RETURN(auto code, ParseRevisionName("revision", revision.name()));
    for (const v1::TaskForceMeeting& m : revision.content().meetings()) {
      dates[code.first.organisation].insert({m.date().year(), m.date().month(), m.date().day()});
    }
  }
  v1::ListTaskForceMeetingCountsResponse response;
  for (const std::string& agency : AgenciesUnder(*directory, reports_to)) {
    v1::TaskForceMeetingCount& count = *response.add_counts();
    count.set_organisation(OrganisationName(agency));
    auto it = dates.find(agency);
    if (it == dates.end()) continue;
    count.set_meetings(static_cast<int>(it->second.size()));
    const auto& [y, m, d] = *it->second.rbegin();
    *count.mutable_last_meeting_date() = DateToProto(absl::CivilDay(y, m, d));
  }
  return response;
}

absl::StatusOr<v1::EvaluationRanking> Evaluations::RankEvaluations(
    const v1::Principal& caller, const v1::RankEvaluationsRequest& request) {
  RETURN_IF_ERROR(CheckYear("year", request.year()));
  ASSIGN_OR_RETURN(auto weights,
                   EffectiveWeights(request.has_weights() ? &request.weights() : nullptr));
  ASSIGN_OR_RETURN(auto target, OpenTarget(plans_, caller, request.reports_to(),
                                           Action::kManageProgramme, "rank the annual evaluation"));
  // Ministry officers only: the target was authorised as the programme's; a reports_to filter
  // narrows the list, it does not widen who may ask.
  const auto& directory = target.first;
  const std::string& reports_to = target.second;
  RETURN_IF_ERROR(Authorize(caller, Action::kManageProgramme, directory->root(), directory->tree(),
                            "rank the annual evaluation"));
  ASSIGN_OR_RETURN(auto plan, plans_.CurrentPlan(request.year()));

  absl::flat_hash_map<std::string, EvaluationInputs> inputs;
  // An agency is evaluated if it owed at least one period of the year (it may have opened or
  // closed during it).
  std::vector<std::string> agencies;
  for (const std::string& agency : AgenciesUnder(*directory, reports_to)) {
    for (const v1::ReportingPeriod& period : plan.content().reporting_periods()) {
      const v1::Date& end = period.end_date();
      if (directory->OwesReport(agency, absl::CivilDay(end.year(), end.month(), end.day()))) {
        agencies.push_back(agency);
        break;
      }
    }
  }
  for (const std::string& agency : agencies) {
    EvaluationInputs& in = inputs[agency];
    in.organisation = OrganisationName(agency);
    in.display_name = directory->NameOn(agency, absl::CivilDay(request.year(), 12, 31));
  }
  for (const v1::ReportingPeriod& period : plan.content().reporting_periods()) {
    ASSIGN_OR_RETURN(auto completeness,
                     reports_.GetCompleteness(OrganisationName(directory->root()), request.year(),
                                              period.number(), true));
    for (const v1::AgencyCompleteness& line : completeness.agencies()) {
      auto it = inputs.find(OrganisationCodeOf(line.organisation()));
      if (it != inputs.end()) it->second.periods.push_back(line);
    }
  }
  const absl::CivilDay today = TaipeiDate(clock_.Now());
  if (auto s = store_.Read([&](ReviewTransaction& tx) -> absl::Status {
        ASSIGN_OR_RETURN(auto reviews, tx.ListReviews(request.year(), 0, ""));
        for (const v1::Review& r : reviews) {
          auto it = inputs.find(OrganisationCodeOf(r.organisation()));
          if (it != inputs.end()) it->second.ratings.push_back(r.rating());
        }
        ASSIGN_OR_RETURN(auto deficiencies, tx.DeficienciesOfYear(request.year()));
        for (const auto& [org, d] : deficiencies) {
          auto it = inputs.find(org);
          if (it == inputs.end()) continue;
          ++it->second.deficiencies_found;
          if (d.state() != v1::DEFICIENCY_STATE_CLOSED) ++it->second.deficiencies_open;
          if (IsOverdue(d, today)) ++it->second.deficiencies_overdue;
        }
        return absl::OkStatus();
      });
      !s.ok()) {
    return s;
  }
  std::vector<EvaluationInputs> ordered;
  for (const std::string& agency : agencies) ordered.push_back(std::move(inputs[agency]));
  return Rank(request.year(), ordered, weights);
}

}  // namespace svcup::reviews
