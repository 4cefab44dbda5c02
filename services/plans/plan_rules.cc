#include "services/plans/plan_rules.h"

#include <set>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "common/api/names.h"
#include "common/api/validation.h"
#include "common/calendar/roc_calendar.h"
#include "common/status/macros.h"

namespace svcup::plans {
namespace {

// Returns the first failed status of a list of checks.
absl::Status FirstError(std::initializer_list<absl::Status> checks) {
  for (const absl::Status& s : checks) {
    if (!s.ok()) return s;
  }
  return absl::OkStatus();
}

absl::Status CheckLocalized(const std::string& field, const v1::LocalizedText& text,
                            size_t min_chars, size_t max_chars, bool single_line = false) {
  return FirstError({CheckText(field + ".zh_tw", text.zh_tw(), min_chars, max_chars, single_line),
                     CheckText(field + ".en", text.en(), 0, max_chars, single_line)});
}

absl::Status CheckLocalizedList(const std::string& field,
                                const google::protobuf::RepeatedPtrField<v1::LocalizedText>& list,
                                size_t max_items) {
  RETURN_IF_ERROR(CheckCount(field, list.size(), max_items));
  for (int i = 0; i < list.size(); ++i) {
    RETURN_IF_ERROR(CheckLocalized(Indexed(field, i), list[i], 1, kMaxItemChars));
  }
  return absl::OkStatus();
}

// Whether `code` is "{digits}.{digits}", each part 1..2 digits, no leading zero.
bool IsMeasureCodeSyntax(absl::string_view code) {
  std::vector<absl::string_view> parts = absl::StrSplit(code, '.');
  if (parts.size() != 2) return false;
  for (absl::string_view p : parts) {
    if (p.empty() || p.size() > 2 || p[0] == '0') return false;
    for (char c : p) {
      if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return false;
    }
  }
  return true;
}

absl::Status CheckDateIfSet(const std::string& field, const v1::Date& date) {
  if (IsUnset(date)) return absl::OkStatus();
  return DateFromProto(date, field).status();
}

absl::Status CheckPeriods(const v1::ImplementationPlanContent& content, int year) {
  RETURN_IF_ERROR(
      CheckCount("content.reporting_periods", content.reporting_periods_size(), kReportingPeriods));
  for (int i = 0; i < content.reporting_periods_size(); ++i) {
    const v1::ReportingPeriod& p = content.reporting_periods(i);
    const std::string field = Indexed("content.reporting_periods", i);
    if (p.number() != i + 1) {
      return absl::InvalidArgumentError(absl::StrCat(
          field, ".number: periods are numbered 1, 2 ... in order; expected ", i + 1, ", got ",
          p.number()));
    }
    ASSIGN_OR_RETURN(auto start, DateFromProto(p.start_date(), field + ".start_date"));
    ASSIGN_OR_RETURN(auto end, DateFromProto(p.end_date(), field + ".end_date"));
    ASSIGN_OR_RETURN(auto agency_due,
                     DateFromProto(p.agency_due_date(), field + ".agency_due_date"));
    ASSIGN_OR_RETURN(auto ministry_due,
                     DateFromProto(p.ministry_due_date(), field + ".ministry_due_date"));
    if (start.year() != year || end.year() != year || start > end) {
      return absl::InvalidArgumentError(absl::StrCat(
          field, ": start_date..end_date must be an interval within ", year));
    }
    if (agency_due <= end || ministry_due < agency_due) {
      return absl::InvalidArgumentError(absl::StrCat(
          field, ": agency_due_date must fall after end_date, and ministry_due_date on or after "
                 "agency_due_date"));
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status ValidateImplementationPlanContent(const v1::ImplementationPlanContent& content,
                                               int year) {
  if (auto s = FirstError({
          CheckLocalized("content.title", content.title(), 1, kMaxTitleChars, true),
          CheckText("content.document_number", content.document_number(), 0, 100, true),
          CheckDateIfSet("content.issue_date", content.issue_date()),
          CheckLocalizedList("content.basis", content.basis(), 20),
          CheckLocalized("content.goals", content.goals(), 0, kMaxSectionChars),
          CheckLocalized("content.targets", content.targets(), 0, kMaxSectionChars),
          CheckLocalizedList("content.implementation_steps", content.implementation_steps(), 20),
          CheckDateIfSet("content.execution_plan_deadline", content.execution_plan_deadline()),
          CheckLocalizedList("content.control_and_evaluation", content.control_and_evaluation(),
                             20),
          CheckLocalized("content.rewards", content.rewards(), 0, kMaxSectionChars),
          CheckLocalizedList("content.other", content.other(), 20),
          CheckCount("content.strategies", content.strategies_size(), 9),
      });
      !s.ok()) {
    return s;
  }
  absl::flat_hash_set<std::string> strategy_codes, measure_codes;
  size_t measures = 0;
  for (int i = 0; i < content.strategies_size(); ++i) {
    const v1::Strategy& strategy = content.strategies(i);
    const std::string field = Indexed("content.strategies", i);
    int number = 0;
    if (!absl::SimpleAtoi(strategy.code(), &number) || number < 1 || number > 9 ||
        strategy.code().size() != 1) {
      return absl::InvalidArgumentError(
          absl::StrCat(field, ".code: must be a digit 1..9, got ", Quote(strategy.code())));
    }
    if (!strategy_codes.insert(strategy.code()).second) {
      return absl::InvalidArgumentError(
          absl::StrCat(field, ".code: ", Quote(strategy.code()), " appears twice"));
    }
    RETURN_IF_ERROR(CheckLocalized(field + ".title", strategy.title(), 1, kMaxTitleChars, true));
    for (int j = 0; j < strategy.measures_size(); ++j) {
      const v1::Measure& measure = strategy.measures(j);
      const std::string mfield = absl::StrCat(field, ".", Indexed("measures", j));
      if (!IsMeasureCodeSyntax(measure.code()) ||
          !absl::StartsWith(measure.code(), strategy.code() + ".")) {
        return absl::InvalidArgumentError(absl::StrCat(
            mfield, ".code: must be \"", strategy.code(), ".{n}\" (n = 1..99), got ",
            Quote(measure.code())));
      }
      if (!measure_codes.insert(measure.code()).second) {
        return absl::InvalidArgumentError(
            absl::StrCat(mfield, ".code: ", Quote(measure.code()), " appears twice"));
      }
      RETURN_IF_ERROR(CheckLocalized(mfield + ".text", measure.text(), 1, kMaxItemChars));
      RETURN_IF_ERROR(
          CheckCount(mfield + ".cumulative_indicators", measure.cumulative_indicators_size(), 20));
      std::set<std::string> cumulative;
      for (int k = 0; k < measure.cumulative_indicators_size(); ++k) {
        const std::string ifield = absl::StrCat(mfield, ".", Indexed("cumulative_indicators", k));
        RETURN_IF_ERROR(CheckText(ifield, measure.cumulative_indicators(k), 1, 200, true));
        if (!cumulative.insert(measure.cumulative_indicators(k)).second) {
          return absl::InvalidArgumentError(absl::StrCat(
              ifield, ": ", Quote(measure.cumulative_indicators(k)), " appears twice"));
        }
      }
    }
    measures += strategy.measures_size();
  }
  if (measures > 99) {
    return absl::InvalidArgumentError(
        absl::StrCat("content.strategies: at most 99 measures in all, got ", measures));
  }
  if (content.has_reminder_schedule()) {
    const v1::ReminderSchedule& schedule = content.reminder_schedule();
    RETURN_IF_ERROR(
        CheckCount("content.reminder_schedule.reminder_days", schedule.reminder_days_size(), 10));
    std::set<int> days;
    for (int i = 0; i < schedule.reminder_days_size(); ++i) {
      const int day = schedule.reminder_days(i);
      const std::string field = Indexed("content.reminder_schedule.reminder_days", i);
      if (day < -90 || day > 90) {
        return absl::InvalidArgumentError(
            absl::StrCat(field, ": must be within -90..90, got ", day));
      }
      if (!days.insert(day).second) {
        return absl::InvalidArgumentError(absl::StrCat(field, ": ", day, " appears twice"));
      }
    }
    if (schedule.escalation_days() < 0 || schedule.escalation_days() > 90) {
      return absl::InvalidArgumentError(
          absl::StrCat("content.reminder_schedule.escalation_days: must be within 0..90, got ",
                       schedule.escalation_days()));
    }
  }
  std::set<int> sections;
  for (int i = 0; i < content.required_sections_size(); ++i) {
    const int section = content.required_sections(i);
    if (section == v1::EXECUTION_PLAN_SECTION_UNSPECIFIED ||
        !v1::ExecutionPlanSection_IsValid(section) || !sections.insert(section).second) {
      return absl::InvalidArgumentError(absl::StrCat(
          Indexed("content.required_sections", i),
          ": must be a distinct EXECUTION_PLAN_SECTION_ value other than UNSPECIFIED"));
    }
  }
  return CheckPeriods(content, year);
}

absl::Status CheckReadyToPublish(const v1::ImplementationPlanContent& content) {
  std::vector<std::string> missing;
  if (content.strategies().empty()) missing.push_back("strategies");
  for (const v1::Strategy& strategy : content.strategies()) {
    if (strategy.measures().empty()) {
      missing.push_back(absl::StrCat("measures of strategy ", strategy.code()));
    }
  }
  if (IsUnset(content.execution_plan_deadline())) missing.push_back("execution_plan_deadline");
  if (content.required_sections().empty()) missing.push_back("required_sections");
  if (content.reporting_periods().empty()) missing.push_back("reporting_periods");
  if (missing.empty()) return absl::OkStatus();
  return absl::FailedPreconditionError(absl::StrCat(
      "the implementation plan cannot be published yet; missing: ",
      absl::StrJoin(missing, ", ")));
}

const v1::ReportingPeriod* FindPeriod(const v1::ImplementationPlanContent& content, int number) {
  for (const v1::ReportingPeriod& p : content.reporting_periods()) {
    if (p.number() == number) return &p;
  }
  return nullptr;
}

absl::Status ValidateExecutionPlanContent(const v1::ExecutionPlanContent& content) {
  if (auto s = FirstError({
          CheckText("content.title", content.title(), 1, kMaxTitleChars, true),
          CheckText("content.basis", content.basis(), 0, kMaxSectionChars),
          CheckText("content.goals", content.goals(), 0, kMaxSectionChars),
          CheckText("content.targets", content.targets(), 0, kMaxSectionChars),
          CheckText("content.implementation_steps", content.implementation_steps(), 0,
                    kMaxSectionChars),
          CheckText("content.evaluation", content.evaluation(), 0, kMaxSectionChars),
          CheckText("content.rewards", content.rewards(), 0, kMaxSectionChars),
          CheckCount("content.measures", content.measures_size(), kMaxConcreteMeasures),
          CheckCount("content.priorities", content.priorities_size(), kMaxPriorities),
      });
      !s.ok()) {
    return s;
  }
  for (int i = 0; i < content.measures_size(); ++i) {
    const v1::ConcreteMeasure& m = content.measures(i);
    const std::string field = Indexed("content.measures", i);
    if (!IsMeasureCodeSyntax(m.measure_code())) {
      return absl::InvalidArgumentError(absl::StrCat(
          field, ".measure_code: must be a measure code such as \"2.3\", got \"",
          m.measure_code(), "\""));
    }
    if (auto s = FirstError({
            CheckText(field + ".title", m.title(), 1, kMaxTitleChars, true),
            CheckText(field + ".description", m.description(), 0, kMaxItemChars),
            CheckText(field + ".responsible_unit", m.responsible_unit(), 0, 100, true),
        });
        !s.ok()) {
      return s;
    }
  }
  for (int i = 0; i < content.priorities_size(); ++i) {
    const v1::ServicePriority& p = content.priorities(i);
    const std::string field = Indexed("content.priorities", i);
    if (p.rank() < 1 || p.rank() > static_cast<int>(kMaxPriorities)) {
      return absl::InvalidArgumentError(
          absl::StrCat(field, ".rank: must be 1..", kMaxPriorities, ", got ", p.rank()));
    }
    if (auto s = FirstError({
            CheckText(field + ".title", p.title(), 1, kMaxTitleChars, true),
            CheckText(field + ".description", p.description(), 0, kMaxItemChars),
        });
        !s.ok()) {
      return s;
    }
  }
  return absl::OkStatus();
}

absl::Status CheckReadyForApproval(const v1::ExecutionPlanContent& content,
                                   const v1::ImplementationPlanContent& governing) {
  std::vector<std::string> problems;

  std::vector<std::string> missing;
  for (int section : governing.required_sections()) {
    bool present = true;
    switch (section) {
      case v1::EXECUTION_PLAN_SECTION_BASIS: present = !content.basis().empty(); break;
      case v1::EXECUTION_PLAN_SECTION_GOALS: present = !content.goals().empty(); break;
      case v1::EXECUTION_PLAN_SECTION_TARGETS: present = !content.targets().empty(); break;
      case v1::EXECUTION_PLAN_SECTION_MEASURES: present = !content.measures().empty(); break;
      case v1::EXECUTION_PLAN_SECTION_IMPLEMENTATION_STEPS:
        present = !content.implementation_steps().empty();
        break;
      case v1::EXECUTION_PLAN_SECTION_EVALUATION: present = !content.evaluation().empty(); break;
      case v1::EXECUTION_PLAN_SECTION_REWARDS: present = !content.rewards().empty(); break;
      case v1::EXECUTION_PLAN_SECTION_PRIORITIES:
        present = !content.priorities().empty();
        break;
      default: break;
    }
    if (!present) {
      missing.push_back(absl::AsciiStrToLower(absl::StripPrefix(
          v1::ExecutionPlanSection_Name(section), "EXECUTION_PLAN_SECTION_")));
    }
  }
  if (!missing.empty()) {
    problems.push_back(absl::StrCat("missing required sections: ", absl::StrJoin(missing, ", ")));
  }

  absl::flat_hash_set<std::string> known;
  for (const v1::Strategy& s : governing.strategies()) {
    for (const v1::Measure& m : s.measures()) known.insert(m.code());
  }
  std::vector<std::string> unknown;
  for (int i = 0; i < content.measures_size(); ++i) {
    if (!known.contains(content.measures(i).measure_code())) {
      unknown.push_back(absl::StrCat(content.measures(i).measure_code(), " (measures[", i, "])"));
    }
  }
  if (!unknown.empty()) {
    problems.push_back(absl::StrCat("measure codes the implementation plan does not define: ",
                                    absl::StrJoin(unknown, ", ")));
  }

  bool ordered = true;
  std::vector<int> ranks;
  for (int i = 0; i < content.priorities_size(); ++i) {
    ranks.push_back(content.priorities(i).rank());
    ordered = ordered && content.priorities(i).rank() == i + 1;
  }
  if (!ordered) {
    problems.push_back(absl::StrCat(
        "priorities must be ranked 1, 2, 3 ... in listed order without gaps or repeats, got "
        "ranks ",
        absl::StrJoin(ranks, ", ")));
  }

  if (problems.empty()) return absl::OkStatus();
  return absl::FailedPreconditionError(absl::StrCat(
      "the execution plan is not ready for approval: ", absl::StrJoin(problems, "; ")));
}

absl::Status ValidatePublicationUrls(
    const google::protobuf::RepeatedPtrField<std::string>& urls) {
  if (urls.empty()) {
    return absl::InvalidArgumentError(
        "urls: at least one URL where the plan is published (the agency's website) is required");
  }
  RETURN_IF_ERROR(CheckCount("urls", urls.size(), kMaxPublicationUrls));
  for (int i = 0; i < urls.size(); ++i) {
    RETURN_IF_ERROR(CheckUrl(Indexed("urls", i), urls[i]));
  }
  return absl::OkStatus();
}

Lateness LatenessOf(absl::Time when, absl::CivilDay deadline) {
  const int days = DaysLate(when, deadline);
  return Lateness{days > 0, days};
}

}  // namespace svcup::plans
