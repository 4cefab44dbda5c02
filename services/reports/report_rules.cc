#include "services/reports/report_rules.h"

#include <cmath>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/api/etag.h"
#include "common/api/message_digest.h"
#include "common/api/validation.h"
#include "common/auth/crypto.h"
#include "common/calendar/roc_calendar.h"
#include "common/status/macros.h"

namespace svcup::reports {
namespace {

absl::Status CheckDateInPeriod(const std::string& field, const v1::Date& date,
                               const v1::ReportingPeriod& period) {
  ASSIGN_OR_RETURN(auto day, DateFromProto(date, field));
  const absl::CivilDay start = CivilDayOf(period.start_date());
  const absl::CivilDay end = CivilDayOf(period.end_date());
  if (day < start || day > end) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": ", FormatIsoDate(day), " is outside period ", period.number(), " (",
                     FormatIsoDate(start), " .. ", FormatIsoDate(end), ")"));
  }
  return absl::OkStatus();
}

absl::Status CheckMeasureResult(const std::string& field, const v1::MeasureResult& result) {
  for (auto s : {CheckText(field + ".actions_taken", result.actions_taken(), 0, 5000),
                 CheckText(field + ".results", result.results(), 0, 5000),
                 CheckCount(field + ".indicators", result.indicators_size(), kMaxIndicators),
                 CheckCount(field + ".evidence_links", result.evidence_links_size(),
                            kMaxEvidenceLinks)}) {
    if (!s.ok()) return s;
  }
  for (int i = 0; i < result.indicators_size(); ++i) {
    const v1::Indicator& indicator = result.indicators(i);
    const std::string at = absl::StrCat(field, ".", Indexed("indicators", i));
    for (auto s :
         {CheckText(at + ".name", indicator.name(), 1, 200, true),
          CheckText(at + ".unit", indicator.unit(), 0, 20, true),
          CheckText(at + ".reading_indicator", indicator.reading_indicator(), 0, 100, true),
          CheckText(at + ".explanation", indicator.explanation(), 0, 2000)}) {
      if (!s.ok()) return s;
    }
    if (!std::isfinite(indicator.value())) {
      return absl::InvalidArgumentError(absl::StrCat(at, ".value: must be a finite number"));
    }
  }
  for (int i = 0; i < result.evidence_links_size(); ++i) {
    RETURN_IF_ERROR(
        CheckUrl(absl::StrCat(field, ".", Indexed("evidence_links", i)), result.evidence_links(i)));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<v1::ReportingPeriod> PeriodOf(const v1::ImplementationPlan& plan, int number) {
  std::vector<int> numbers;
  for (const v1::ReportingPeriod& p : plan.content().reporting_periods()) {
    if (p.number() == number) return p;
    numbers.push_back(p.number());
  }
  return absl::InvalidArgumentError(absl::StrCat("period: ", number,
                                                 " is not a reporting period of the ",
                                                 plan.year(), " plan (periods: ",
                                                 absl::StrJoin(numbers, ", "), ")"));
}

absl::Status ValidateReportContent(const v1::ReportContent& content,
                                   const v1::ImplementationPlanContent& plan,
                                   const v1::ReportingPeriod& period) {
  for (auto s : {CheckCount("content.measure_results", content.measure_results_size(),
                            kMaxMeasureResults),
                 CheckCount("content.meetings", content.meetings_size(), kMaxMeetings),
                 CheckCount("content.priorities", content.priorities_size(), 50),
                 CheckText("content.summary", content.summary(), 0, 10000)}) {
    if (!s.ok()) return s;
  }
  if (!IsUnset(content.as_of_date())) {
    RETURN_IF_ERROR(CheckDateInPeriod("content.as_of_date", content.as_of_date(), period));
  }
  absl::flat_hash_set<std::string> known, seen;
  for (const v1::Strategy& s : plan.strategies()) {
    for (const v1::Measure& m : s.measures()) known.insert(m.code());
  }
  for (int i = 0; i < content.measure_results_size(); ++i) {
    const v1::MeasureResult& result = content.measure_results(i);
    const std::string field = Indexed("content.measure_results", i);
    if (!known.contains(result.measure_code())) {
      return absl::InvalidArgumentError(
          absl::StrCat(field, ".measure_code: \"", result.measure_code(),
                       "\" is not a measure of the implementation plan (1.1 .. 6.4 in 2018)"));
    }
    if (!seen.insert(result.measure_code()).second) {
      return absl::InvalidArgumentError(absl::StrCat(
          field, ".measure_code: ", Quote(result.measure_code()), " is reported twice"));
    }
    RETURN_IF_ERROR(CheckMeasureResult(field, result));
  }
  for (int i = 0; i < content.meetings_size(); ++i) {
    const v1::TaskForceMeeting& meeting = content.meetings(i);
    const std::string field = Indexed("content.meetings", i);
    RETURN_IF_ERROR(CheckDateInPeriod(field + ".date", meeting.date(), period));
    if (meeting.participants().empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat(field, ".participants: at least one participant is required"));
    }
    RETURN_IF_ERROR(
        CheckCount(field + ".participants", meeting.participants_size(), kMaxParticipants));
    for (int p = 0; p < meeting.participants_size(); ++p) {
      RETURN_IF_ERROR(CheckText(absl::StrCat(field, ".", Indexed("participants", p)),
                                meeting.participants(p), 1, 100, true));
    }
    RETURN_IF_ERROR(CheckText(field + ".decisions", meeting.decisions(), 0, 5000));
  }
  for (int i = 0; i < content.priorities_size(); ++i) {
    const std::string field = Indexed("content.priorities", i);
    RETURN_IF_ERROR(CheckText(field + ".title", content.priorities(i).title(), 1, 200, true));
  }
  RETURN_IF_ERROR(
      CheckCount("content.reason_answers", content.reason_answers_size(), kMaxMeasureResults + 1));
  absl::flat_hash_set<std::string> answered;
  for (int i = 0; i < content.reason_answers_size(); ++i) {
    const v1::ReasonAnswer& answer = content.reason_answers(i);
    const std::string field = Indexed("content.reason_answers", i);
    if (!answer.measure_code().empty() && !known.contains(answer.measure_code())) {
      return absl::InvalidArgumentError(absl::StrCat(
          field, ".measure_code: ", Quote(answer.measure_code()),
          " is not a measure of the implementation plan (empty answers the overall reason)"));
    }
    if (!answered.insert(answer.measure_code()).second) {
      return absl::InvalidArgumentError(
          absl::StrCat(field, ".measure_code: ", Quote(answer.measure_code()),
                       " is answered twice (one answer per reason)"));
    }
    RETURN_IF_ERROR(CheckText(field + ".answer", answer.answer(), 1, 5000));
  }
  return absl::OkStatus();
}

absl::Status CheckCumulativeFigures(const v1::ReportContent& content,
                                    const v1::ReportRevision& earlier,
                                    const v1::ImplementationPlanContent& plan) {
  absl::flat_hash_map<std::string, absl::flat_hash_set<std::string>> cumulative;
  for (const v1::Strategy& s : plan.strategies()) {
    for (const v1::Measure& m : s.measures()) {
      cumulative[m.code()].insert(m.cumulative_indicators().begin(),
                                  m.cumulative_indicators().end());
    }
  }
  absl::flat_hash_map<std::string, double> before;  // "measure|indicator" -> value
  for (const v1::MeasureResult& r : earlier.content().measure_results()) {
    for (const v1::Indicator& i : r.indicators()) {
      before[absl::StrCat(r.measure_code(), "|", i.name())] = i.value();
    }
  }
  std::vector<std::string> falling;
  for (int m = 0; m < content.measure_results_size(); ++m) {
    const v1::MeasureResult& result = content.measure_results(m);
    auto declared = cumulative.find(result.measure_code());
    if (declared == cumulative.end()) continue;
    for (int i = 0; i < result.indicators_size(); ++i) {
      const v1::Indicator& indicator = result.indicators(i);
      if (!declared->second.contains(indicator.name()) || !indicator.explanation().empty())
        continue;
      auto earlier_value = before.find(absl::StrCat(result.measure_code(), "|", indicator.name()));
      if (earlier_value == before.end() || indicator.value() >= earlier_value->second) continue;
      falling.push_back(absl::StrCat(Indexed("content.measure_results", m), ".",
                                     Indexed("indicators", i), " (measure ", result.measure_code(),
                                     " ", indicator.name(), "): ", indicator.value(), " is below ",
                                     earlier_value->second, " in ", earlier.name()));
    }
  }
  if (falling.empty()) return absl::OkStatus();
  return absl::FailedPreconditionError(absl::StrCat(
      "cumulative figures count from 1 January and may fall below the earlier period's only "
      "with an explanation (indicators[].explanation): ",
      absl::StrJoin(falling, "; ")));
}

absl::Status CheckOwesPeriod(const v1::Organisation& agency, const v1::ReportingPeriod& period) {
  const absl::CivilDay end = CivilDayOf(period.end_date());
  if (agency.has_close_date() && CivilDayOf(agency.close_date()) < end) {
    return absl::FailedPreconditionError(
        absl::StrCat(agency.name(), " closed on ", FormatIsoDate(CivilDayOf(agency.close_date())),
                     ", before period ", period.number(), " ends (", FormatIsoDate(end),
                     "): it owes no report for it"));
  }
  if (agency.has_open_date() && CivilDayOf(agency.open_date()) > end) {
    return absl::FailedPreconditionError(
        absl::StrCat(agency.name(), " opens on ", FormatIsoDate(CivilDayOf(agency.open_date())),
                     ", after period ", period.number(), " ends (", FormatIsoDate(end),
                     "): it owes no report for it"));
  }
  return absl::OkStatus();
}

absl::Status CheckReasonsAnswered(const v1::ProgressReport& report) {
  absl::flat_hash_set<std::string> answered;
  for (const v1::ReasonAnswer& a : report.content().reason_answers()) {
    answered.insert(a.measure_code());
  }
  std::vector<std::string> unanswered;
  for (const v1::ReturnReason& reason : report.return_reasons()) {
    if (answered.contains(reason.measure_code())) continue;
    unanswered.push_back(reason.measure_code().empty()
                             ? std::string("the overall reason")
                             : absl::StrCat("measure ", reason.measure_code()));
  }
  if (unanswered.empty()) return absl::OkStatus();
  return absl::FailedPreconditionError(
      absl::StrCat("content.reason_answers: the reviewer's reasons for returning ", report.name(),
                   " need an answer each before it is submitted again; unanswered: ",
                   absl::StrJoin(unanswered, ", ")));
}

absl::Status CheckReadyToSubmit(const v1::ReportContent& content) {
  if (IsUnset(content.as_of_date())) {
    return absl::InvalidArgumentError(
        "content.as_of_date: is required to submit (the date the results are reported as of)");
  }
  if (content.measure_results().empty()) {
    return absl::InvalidArgumentError(
        "content.measure_results: at least one measure result is required to submit");
  }
  for (int i = 0; i < content.measure_results_size(); ++i) {
    const std::string field = Indexed("content.measure_results", i);
    if (content.measure_results(i).actions_taken().empty()) {
      return absl::InvalidArgumentError(absl::StrCat(field, ".actions_taken: is required to submit"));
    }
    if (content.measure_results(i).results().empty()) {
      return absl::InvalidArgumentError(absl::StrCat(field, ".results: is required to submit"));
    }
  }
  return absl::OkStatus();
}

std::string ContentDigest(const v1::ReportContent& content) {
  // The canonical form of reports.proto: the binary encoding with fields in number order,
  // defaults omitted and repeated scalars packed, which deterministic serialization gives for a
  // message without maps. Unknown fields were dropped on receipt.
  return absl::StrCat("sha256:", Sha256Hex(DeterministicBytes(content)));
}

Submission BuildSubmission(v1::ProgressReport report, const v1::ReportingRoute& route,
                           const v1::ReportingPeriod& period, int plan_version,
                           const v1::Principal& submitter, absl::Time now) {
  const absl::CivilDay due = DueDate(period, route.direct_to_top());
  const int days_late = DaysLate(now, due);
  Submission s;
  v1::ReportRevision& revision = s.revision;
  revision.set_revision(report.latest_revision() + 1);
  revision.set_name(absl::StrCat(report.name(), "/revisions/", revision.revision()));
  revision.set_report(report.name());
  *revision.mutable_content() = report.content();
  revision.set_content_digest(ContentDigest(report.content()));
  *revision.mutable_submit_time() = ToTimestamp(now);
  *revision.mutable_submitted_by() = submitter;
  revision.set_recipient(route.recipient());
  *revision.mutable_route() = route.hops();
  *revision.mutable_due_date() = DateToProto(due);
  revision.set_late(days_late > 0);
  revision.set_days_late(days_late);
  revision.set_implementation_plan_version(plan_version);

  report.set_state(v1::REPORT_STATE_SUBMITTED);
  report.set_latest_revision(revision.revision());
  report.set_recipient(route.recipient());
  *report.mutable_due_date() = DateToProto(due);
  *revision.mutable_answered_reasons() = report.return_reasons();
  report.clear_return_reason();
  report.clear_return_reasons();
  report.clear_decided_by();
  *report.mutable_update_time() = ToTimestamp(now);
  report.set_etag(ComputeEtag(report));
  s.report = std::move(report);

  v1::ReportEvent& event = s.event;
  *event.mutable_time() = ToTimestamp(now);
  event.set_type(v1::REPORT_EVENT_TYPE_SUBMITTED);
  event.set_report(s.report.name());
  event.set_revision(revision.revision());
  event.set_organisation(s.report.organisation());
  event.set_recipient(route.recipient());
  event.set_late(revision.late());
  event.set_days_late(revision.days_late());
  return s;
}

absl::CivilDay DueDate(const v1::ReportingPeriod& period, bool direct_to_top) {
  const v1::Date& d = direct_to_top ? period.ministry_due_date() : period.agency_due_date();
  return CivilDayOf(d);
}

v1::CompletenessStatus StatusOf(const std::optional<v1::ReportRevision>& first,
                                absl::CivilDay due, absl::Time now) {
  if (first.has_value()) {
    return first->late() ? v1::COMPLETENESS_STATUS_LATE : v1::COMPLETENESS_STATUS_ON_TIME;
  }
  return TaipeiDate(now) > due ? v1::COMPLETENESS_STATUS_MISSING
                               : v1::COMPLETENESS_STATUS_PENDING;
}

absl::Status ValidateReadingBatch(const v1::RecordReadingsRequest& batch, absl::Time now) {
  if (batch.readings().empty()) {
    return absl::InvalidArgumentError("readings: a batch holds 1..1000 readings, got none");
  }
  RETURN_IF_ERROR(CheckCount("readings", batch.readings_size(), kMaxReadingsPerBatch));
  for (int i = 0; i < batch.readings_size(); ++i) {
    const v1::IndicatorReading& r = batch.readings(i);
    const std::string field = Indexed("readings", i);
    bool name_ok = !r.indicator().empty() && r.indicator().size() <= 100;
    for (char c : r.indicator()) {
      name_ok = name_ok && (absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '.' ||
                            c == '_' || c == '-');
    }
    if (!name_ok) {
      return absl::InvalidArgumentError(
          absl::StrCat(field, ".indicator: must be 1..100 of [A-Za-z0-9._-]"));
    }
    if (!std::isfinite(r.value())) {
      return absl::InvalidArgumentError(absl::StrCat(field, ".value: must be a finite number"));
    }
    RETURN_IF_ERROR(CheckText(field + ".unit", r.unit(), 0, 20, true));
    RETURN_IF_ERROR(CheckTimestamp(field + ".time", r.time(), r.has_time()));
    if (FromTimestamp(r.time()) > now + absl::Minutes(5)) {
      return absl::InvalidArgumentError(absl::StrCat(field, ".time: must not be in the future"));
    }
  }
  return absl::OkStatus();
}

}  // namespace svcup::reports
