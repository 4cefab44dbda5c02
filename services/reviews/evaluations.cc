#include "services/reviews/evaluations.h"

#include <set>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "common/api/names.h"
#include "common/api/validation.h"
#include "common/auth/policy.h"
#include "common/calendar/roc_calendar.h"
#include "common/evaluation/evaluation_formula.h"
#include "common/status/macros.h"
#include "common/storage/audit_listing.h"
#include "common/storage/idempotency.h"
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
  RETURN_IF_ERROR(Authorize(caller, Action::kManageProgramme, target.first->root(),
                            target.first->tree(), "rank the annual evaluation"));
  ASSIGN_OR_RETURN(auto inputs, ReadInputs(*target.first, target.second, request.year(), weights));
  return Rank(inputs);
}

absl::StatusOr<v1::FrozenEvaluation> Evaluations::FreezeEvaluation(
    const v1::Principal& caller, const v1::FreezeEvaluationRequest& request) {
  RETURN_IF_ERROR(CheckYear("year", request.year()));
  ASSIGN_OR_RETURN(auto weights,
                   EffectiveWeights(request.has_weights() ? &request.weights() : nullptr));
  ASSIGN_OR_RETURN(auto directory, plans_.Directory());
  RETURN_IF_ERROR(Authorize(caller, Action::kManageProgramme, directory->root(), directory->tree(),
                            "freeze the annual evaluation"));
  RETURN_IF_ERROR(CheckRequestId(request.request_id()));
  // The inputs are read before the write (a retry replays the frozen answer without them).
  v1::EvaluationInputs inputs;
  if (!storage::AlreadyAnswered(store_, caller, request.request_id())) {
    ASSIGN_OR_RETURN(inputs, ReadInputs(*directory, "", request.year(), weights));
  }
  return storage::WriteOnce<v1::FrozenEvaluation>(
      store_, clock_.Now(), caller, "FreezeEvaluation", request, request.request_id(),
      [&](ReviewTransaction& tx) -> absl::StatusOr<v1::FrozenEvaluation> {
        const absl::Time now = clock_.Now();
        ASSIGN_OR_RETURN(const int version, tx.NextEvaluationVersion(request.year()));
        v1::FrozenEvaluation frozen;
        frozen.set_name(absl::StrCat("evaluations/", request.year(), "/versions/", version));
        frozen.set_inputs_digest(InputsDigest(inputs));
        *frozen.mutable_ranking() = Rank(inputs);
        *frozen.mutable_inputs() = std::move(inputs);
        *frozen.mutable_create_time() = ToTimestamp(now);
        *frozen.mutable_frozen_by() = caller;
        RETURN_IF_ERROR(tx.PutFrozenEvaluation(frozen));
        RETURN_IF_ERROR(storage::Audit(tx, caller, "FreezeEvaluation", frozen.name(),
                                       request.request_id(),
                                       absl::StrCat(frozen.ranking().scores_size(),
                                                    " agencies, inputs ", frozen.inputs_digest()),
                                       now));
        return frozen;
      });
}

absl::StatusOr<v1::FrozenEvaluation> Evaluations::GetFrozenEvaluation(
    const v1::Principal& caller, const v1::GetFrozenEvaluationRequest& request) {
  int year = 0, version = 0;
  const std::vector<absl::string_view> parts = absl::StrSplit(request.name(), '/');
  if (parts.size() != 4 || parts[0] != "evaluations" || parts[2] != "versions" ||
      !absl::SimpleAtoi(parts[1], &year) || !absl::SimpleAtoi(parts[3], &version) ||
      !CheckYear("name", year).ok() || version < 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("name: ", Quote(request.name()),
                     " is not of the form \"evaluations/{year}/versions/{n}\""));
  }
  ASSIGN_OR_RETURN(auto directory, plans_.Directory());
  if (caller.role() != v1::ROLE_SUPERVISOR_REVIEWER) {
    RETURN_IF_ERROR(Authorize(caller, Action::kManageProgramme, directory->root(),
                              directory->tree(), absl::StrCat("read ", request.name())));
  } else if (CallerCode(caller) != directory->root()) {
    return absl::PermissionDeniedError(
        absl::StrCat(caller.organisation(), " may not read ", request.name(),
                     ": only the ministry's officers and reviewers may"));
  }
  std::optional<v1::FrozenEvaluation> frozen;
  if (auto s = store_.Read([&](ReviewTransaction& tx) -> absl::Status {
        ASSIGN_OR_RETURN(frozen, tx.GetFrozenEvaluation(year, version));
        return absl::OkStatus();
      });
      !s.ok()) {
    return s;
  }
  if (!frozen.has_value())
    return absl::NotFoundError(absl::StrCat(request.name(), " does not exist"));
  return std::move(*frozen);
}

absl::StatusOr<v1::EvaluationInputs> Evaluations::ReadInputs(const OrganisationDirectory& directory,
                                                             const std::string& reports_to,
                                                             int year,
                                                             const v1::EvaluationWeights& weights) {
  ASSIGN_OR_RETURN(auto plan, plans_.CurrentPlan(year));
  const absl::CivilDay today = TaipeiDate(clock_.Now());
  v1::EvaluationInputs inputs;
  inputs.set_year(year);
  *inputs.mutable_weights() = weights;
  *inputs.mutable_as_of() = DateToProto(today);
  // An agency is evaluated if it owed at least one period of the year (it may have opened or
  // closed during it).
  absl::flat_hash_map<std::string, v1::EvaluationInput*> by_code;
  for (const std::string& agency : AgenciesUnder(directory, reports_to)) {
    for (const v1::ReportingPeriod& period : plan->content().reporting_periods()) {
      if (!directory.OwesReport(agency, period)) {
        continue;
      }
      v1::EvaluationInput& in = *inputs.add_agencies();
      in.set_organisation(OrganisationName(agency));
      *in.mutable_display_name() = directory.NameOn(agency, absl::CivilDay(year, 12, 31));
      by_code[agency] = &in;
      break;
    }
  }
  for (const v1::ReportingPeriod& period : plan->content().reporting_periods()) {
    ASSIGN_OR_RETURN(auto completeness, reports_.GetCompleteness(OrganisationName(directory.root()),
                                                                 year, period.number(), true));
    for (const v1::AgencyCompleteness& line : completeness.agencies()) {
      auto it = by_code.find(OrganisationCodeOf(line.organisation()));
      if (it != by_code.end()) *it->second->add_periods() = line;
    }
  }
  if (auto s = store_.Read([&](ReviewTransaction& tx) -> absl::Status {
        ASSIGN_OR_RETURN(auto reviews, tx.ListReviews(year, 0, ""));
        for (const v1::Review& r : reviews) {
          auto it = by_code.find(OrganisationCodeOf(r.organisation()));
          if (it == by_code.end()) continue;
          v1::EvaluatedReview& counted = *it->second->add_reviews();
          counted.set_review(r.name());
          counted.set_rating(r.rating());
          counted.set_decision(r.decision());
          counted.set_content_digest(r.content_digest());
        }
        ASSIGN_OR_RETURN(auto deficiencies, tx.DeficienciesOfYear(year));
        for (const auto& [org, d] : deficiencies) {
          auto it = by_code.find(org);
          if (it == by_code.end()) continue;
          v1::EvaluatedDeficiency& counted = *it->second->add_deficiencies();
          counted.set_deficiency(d.name());
          counted.set_state(d.state());
          counted.set_overdue(IsOverdue(d, today));
        }
        return absl::OkStatus();
      });
      !s.ok()) {
    return s;
  }
  return inputs;
}

}  // namespace svcup::reviews
