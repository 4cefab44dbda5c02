#include "services/reviews/inspections.h"

#include <functional>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/strip.h"
#include "common/api/etag.h"
#include "common/api/names.h"
#include "common/api/page_budget.h"
#include "common/api/paging.h"
#include "common/api/validation.h"
#include "common/auth/policy.h"
#include "common/calendar/roc_calendar.h"
#include "common/status/macros.h"
#include "common/storage/idempotency.h"
#include "services/reviews/review_rules.h"

namespace svcup::reviews {
namespace {

// A parsed "orgs/{code}/inspections/{n}".
struct InspectionName {
  std::string organisation;
  int number = 0;
};

absl::StatusOr<InspectionName> ParseInspectionName(absl::string_view field,
                                                   absl::string_view name) {
  ASSIGN_OR_RETURN(auto parts, MatchName(field, name, "orgs/{}/inspections/{}"));
  InspectionName parsed{parts[0], 0};
  RETURN_IF_ERROR(CheckOrganisationCode(field, parsed.organisation));
  ASSIGN_OR_RETURN(auto number,
                   ParseNumberSegment(field, "inspection number", parts[1], 1, kMaxSequenceNumber));
  parsed.number = number;
  return parsed;
}

// The inspection a deficiency name belongs to.
absl::StatusOr<InspectionName> ParseDeficiencyName(absl::string_view name) {
  ASSIGN_OR_RETURN(auto parts, MatchName("name", name, "orgs/{}/inspections/{}/deficiencies/{}"));
  if (auto n = ParseNumberSegment("name", "deficiency number", parts[2], 1, kMaxSequenceNumber);
      !n.ok()) {
    return n.status();
  }
  return ParseInspectionName("name", absl::StrCat("orgs/", parts[0], "/inspections/", parts[1]));
}

// The current state of an inspection's deficiencies, with overdue computed for `today`.
void Refresh(v1::Inspection& inspection, std::vector<v1::Deficiency> deficiencies,
             absl::CivilDay today) {
  inspection.clear_deficiencies();
  for (v1::Deficiency& d : deficiencies) {
    d.set_overdue(IsOverdue(d, today));
    *inspection.add_deficiencies() = std::move(d);
  }
}

}  // namespace

// What ChangeDeficiency needs to know about one kind of change.
struct Inspections::DeficiencyChange {
  absl::string_view method;
  absl::string_view verb;
  const google::protobuf::Message& request;
  const std::string& name;
  const std::string& etag;
  const std::string& request_id;
  // True: the inspected agency acts (answer); false: the inspector acts (close, reopen).
  bool by_agency;
  // Changes the deficiency or refuses; returns the audit detail.
  std::function<absl::StatusOr<std::string>(v1::Deficiency&, absl::Time)> apply;
};

absl::StatusOr<v1::Inspection> Inspections::RecordInspection(
    const v1::Principal& caller, const v1::RecordInspectionRequest& request) {
  ASSIGN_OR_RETURN(auto code, ParseOrganisationName("organisation", request.organisation()));
  ASSIGN_OR_RETURN(auto directory,
                   AuthorizeOn(plans_, "organisation", code, caller, Action::kSupervise,
                               absl::StrCat("inspect ", request.organisation())));
  const absl::CivilDay today = TaipeiDate(clock_.Now());
  RETURN_IF_ERROR(ValidateInspection(request, today));
  RETURN_IF_ERROR(CheckRequestId(request.request_id()));
  const std::string reports_to = directory->tree().Parent(code);
  return storage::WriteOnce<v1::Inspection>(
      store_, clock_.Now(), caller, "RecordInspection", request, request.request_id(),
      [&](ReviewTransaction& tx) -> absl::StatusOr<v1::Inspection> {
        ASSIGN_OR_RETURN(auto number, tx.NextInspectionNumber(code));
        const absl::Time now = clock_.Now();
        v1::Inspection inspection;
        inspection.set_name(absl::StrCat(request.organisation(), "/inspections/", number));
        inspection.set_organisation(request.organisation());
        inspection.set_inspecting_organisation(caller.organisation());
        *inspection.mutable_inspector() = caller;
        *inspection.mutable_date() = request.date();
        inspection.set_kind(request.kind());
        inspection.set_findings(request.findings());
        *inspection.mutable_create_time() = ToTimestamp(now);
        std::vector<v1::Deficiency> deficiencies;
        for (int i = 0; i < request.deficiencies_size(); ++i) {
          v1::Deficiency& d = deficiencies.emplace_back();
          d.set_name(absl::StrCat(inspection.name(), "/deficiencies/", i + 1));
          d.set_description(request.deficiencies(i).description());
          *d.mutable_due_date() = request.deficiencies(i).due_date();
          d.set_state(v1::DEFICIENCY_STATE_OPEN);
          d.set_etag(ComputeEtag(d));
          RETURN_IF_ERROR(
              tx.PutDeficiency(d, code, reports_to, CallerCode(caller), request.date().year()));
        }
        RETURN_IF_ERROR(tx.InsertInspection(inspection, number, request.date().year()));
        Refresh(inspection, std::move(deficiencies), today);
        RETURN_IF_ERROR(
            storage::Audit(tx, caller, "RecordInspection", inspection.name(), request.request_id(),
                           absl::StrCat(inspection.deficiencies_size(), " deficiencies"), now));
        return inspection;
      });
}

absl::StatusOr<v1::Inspection> Inspections::GetInspection(const v1::Principal& caller,
                                                          const v1::GetInspectionRequest& request) {
  ASSIGN_OR_RETURN(auto name, ParseInspectionName("name", request.name()));
  ASSIGN_OR_RETURN(auto directory,
                   AuthorizeOn(plans_, "name", name.organisation, caller, Action::kReadRestricted,
                               absl::StrCat("read ", request.name())));
  std::optional<v1::Inspection> inspection;
  if (auto s = store_.Read([&](ReviewTransaction& tx) -> absl::Status {
        ASSIGN_OR_RETURN(auto found, tx.GetInspection(name.organisation, name.number));
        if (!found.has_value()) return absl::OkStatus();
        ASSIGN_OR_RETURN(auto deficiencies,
                         tx.DeficienciesUnder(absl::StrCat(request.name(), "/deficiencies/")));
        Refresh(*found, std::move(deficiencies), TaipeiDate(clock_.Now()));
        inspection = std::move(found);
        return absl::OkStatus();
      });
      !s.ok()) {
    return s;
  }
  if (!inspection.has_value()) {
    return absl::NotFoundError(absl::StrCat(request.name(), " does not exist"));
  }
  return std::move(*inspection);
}

absl::StatusOr<v1::ListInspectionsResponse> Inspections::ListInspections(
    const v1::Principal& caller, const v1::ListInspectionsRequest& request) {
  std::string code;
  if (!request.organisation().empty()) {
    ASSIGN_OR_RETURN(auto parsed, ParseOrganisationName("organisation", request.organisation()));
    code = parsed;
    ASSIGN_OR_RETURN(auto directory,
                     AuthorizeOn(plans_, "organisation", code, caller, Action::kReadRestricted,
                                 absl::StrCat("list the inspections of ", request.organisation())));
  } else {
    ASSIGN_OR_RETURN(auto directory, plans_.Directory());
    if (!directory->tree().IsRoot(CallerCode(caller)) && caller.role() != v1::ROLE_SERVICE) {
      return absl::InvalidArgumentError(
          "organisation: is required (only the ministry lists every agency's inspections)");
    }
    RETURN_IF_ERROR(Authorize(caller, Action::kReadRestricted, directory->root(), directory->tree(),
                              "list inspections"));
  }
  if (request.year() != 0) {
    RETURN_IF_ERROR(CheckYear("year", request.year()));
  }
  const std::string filters = absl::StrCat(code, "|", request.year());
  ASSIGN_OR_RETURN(auto page, ParsePageRequest(request.page_size(), request.page_token(), filters));
  v1::ListInspectionsResponse response;
  const absl::CivilDay today = TaipeiDate(clock_.Now());
  if (auto s = store_.Read([&](ReviewTransaction& tx) -> absl::Status {
        ASSIGN_OR_RETURN(auto found,
                         tx.ListInspections(code, request.year(), page.after_key, page.limit + 1));
        PageBudget budget(page.limit);
        for (v1::Inspection& inspection : found) {
          if (!budget.Admit(inspection.ByteSizeLong())) {
            const v1::Inspection& last = *response.inspections().rbegin();
            auto name = ParseInspectionName("name", last.name());
            response.set_next_page_token(MakePageToken(
                absl::StrFormat("%04d|%s|%06d", last.date().year(), name->organisation,
                                name->number),
                filters));
            break;
          }
          ASSIGN_OR_RETURN(auto deficiencies,
                           tx.DeficienciesUnder(absl::StrCat(inspection.name(), "/deficiencies/")));
          Refresh(inspection, std::move(deficiencies), today);
          *response.add_inspections() = std::move(inspection);
        }
        return absl::OkStatus();
      });
      !s.ok()) {
    return s;
  }
  return response;
}

absl::StatusOr<v1::Deficiency> Inspections::ChangeDeficiency(const v1::Principal& caller,
                                                             const DeficiencyChange& change) {
  ASSIGN_OR_RETURN(auto inspection_name, ParseDeficiencyName(change.name));
  const std::string& code = inspection_name.organisation;
  ASSIGN_OR_RETURN(auto directory,
                   AuthorizeOn(plans_, "name", code, caller,
                               change.by_agency ? Action::kEditOwn : Action::kSupervise,
                               absl::StrCat(change.verb, " ", change.name)));
  RETURN_IF_ERROR(CheckEtagPresent(change.etag));
  RETURN_IF_ERROR(CheckRequestId(change.request_id));
  const std::string reports_to = directory->tree().Parent(code);
  const bool is_ministry = directory->tree().IsRoot(CallerCode(caller));
  return storage::WriteOnce<v1::Deficiency>(
      store_, clock_.Now(), caller, change.method, change.request, change.request_id,
      [&](ReviewTransaction& tx) -> absl::StatusOr<v1::Deficiency> {
        ASSIGN_OR_RETURN(auto inspection, tx.GetInspection(code, inspection_name.number));
        ASSIGN_OR_RETURN(auto found, tx.GetDeficiency(change.name));
        if (!inspection.has_value() || !found.has_value()) {
          return absl::NotFoundError(absl::StrCat(change.name, " does not exist"));
        }
        // The inspector's organisation (or the ministry) closes and reopens what it found.
        const std::string& inspector = inspection->inspecting_organisation();
        if (!change.by_agency && caller.organisation() != inspector && !is_ministry) {
          return absl::PermissionDeniedError(absl::StrCat(
              caller.organisation(), " may not ", change.verb, " ", change.name,
              ": only the inspecting organisation ", inspector, " or the ministry may"));
        }
        v1::Deficiency deficiency = std::move(*found);
        RETURN_IF_ERROR(CheckEtag(change.etag, deficiency.etag(), deficiency.name()));
        const absl::Time now = clock_.Now();
        ASSIGN_OR_RETURN(auto detail, change.apply(deficiency, now));
        deficiency.set_overdue(false);
        deficiency.set_etag(ComputeEtag(deficiency));
        const absl::string_view inspector_code = OrganisationCodeOf(inspector);
        RETURN_IF_ERROR(tx.PutDeficiency(deficiency, code, reports_to, inspector_code,
                                         inspection->date().year()));
        RETURN_IF_ERROR(storage::Audit(tx, caller, change.method, deficiency.name(),
                                       change.request_id, detail, now));
        deficiency.set_overdue(IsOverdue(deficiency, TaipeiDate(now)));
        return deficiency;
      });
}

absl::StatusOr<v1::Deficiency> Inspections::AnswerDeficiency(
    const v1::Principal& caller, const v1::AnswerDeficiencyRequest& request) {
  RETURN_IF_ERROR(CheckText("corrective_action", request.corrective_action(), 1, 5000));
  return ChangeDeficiency(
      caller, {"AnswerDeficiency", "answer", request, request.name(), request.etag(),
               request.request_id(), /*by_agency=*/true,
               [&](v1::Deficiency& d, absl::Time now) -> absl::StatusOr<std::string> {
                 if (d.state() != v1::DEFICIENCY_STATE_OPEN) {
                   return absl::FailedPreconditionError(absl::StrCat(
                       d.name(), " is ", v1::DeficiencyState_Name(d.state()),
                       "; only an open deficiency is answered"));
                 }
                 d.set_state(v1::DEFICIENCY_STATE_ANSWERED);
                 d.set_corrective_action(request.corrective_action());
                 *d.mutable_answer_time() = ToTimestamp(now);
                 *d.mutable_answered_by() = caller;
                 return std::string("OPEN -> ANSWERED");
               }});
}

absl::StatusOr<v1::Deficiency> Inspections::CloseDeficiency(
    const v1::Principal& caller, const v1::CloseDeficiencyRequest& request) {
  return ChangeDeficiency(
      caller, {"CloseDeficiency", "close", request, request.name(), request.etag(),
               request.request_id(), /*by_agency=*/false,
               [&](v1::Deficiency& d, absl::Time now) -> absl::StatusOr<std::string> {
                 if (d.state() != v1::DEFICIENCY_STATE_ANSWERED) {
                   return absl::FailedPreconditionError(absl::StrCat(
                       d.name(), " is ", v1::DeficiencyState_Name(d.state()),
                       "; only an answered deficiency can be closed"));
                 }
                 d.set_state(v1::DEFICIENCY_STATE_CLOSED);
                 *d.mutable_close_time() = ToTimestamp(now);
                 *d.mutable_closed_by() = caller;
                 return std::string("ANSWERED -> CLOSED");
               }});
}

absl::StatusOr<v1::Deficiency> Inspections::ReopenDeficiency(
    const v1::Principal& caller, const v1::ReopenDeficiencyRequest& request) {
  RETURN_IF_ERROR(CheckText("reason", request.reason(), 1, 2000));
  return ChangeDeficiency(
      caller, {"ReopenDeficiency", "reopen", request, request.name(), request.etag(),
               request.request_id(), /*by_agency=*/false,
               [&](v1::Deficiency& d, absl::Time) -> absl::StatusOr<std::string> {
                 if (d.state() == v1::DEFICIENCY_STATE_OPEN) {
                   return absl::FailedPreconditionError(
                       absl::StrCat(d.name(), " is open already"));
                 }
                 const std::string before = v1::DeficiencyState_Name(d.state());
                 d.set_state(v1::DEFICIENCY_STATE_OPEN);
                 d.set_reopen_reason(request.reason());
                 d.clear_close_time();
                 d.clear_closed_by();
                 return absl::StrCat(before, " -> OPEN: ", request.reason());
               }});
}

absl::StatusOr<v1::ListDeficienciesResponse> Inspections::ListDeficiencies(
    const v1::Principal& caller, const v1::ListDeficienciesRequest& request) {
  ASSIGN_OR_RETURN(auto directory, plans_.Directory());
  DeficiencyQuery query;
  for (const auto& [field, value, target] :
       {std::tuple{"organisation", &request.organisation(), &query.organisation},
        std::tuple{"reports_to", &request.reports_to(), &query.reports_to}}) {
    if (value->empty()) continue;
    ASSIGN_OR_RETURN(auto code, ParseOrganisationName(field, *value));
    if (!directory->Contains(code)) {
      return absl::NotFoundError(absl::StrCat(field, ": organisation ", *value, " does not exist"));
    }
    *target = code;
  }
  if (!v1::DeficiencyState_IsValid(request.state())) {
    return absl::InvalidArgumentError("state: not a DeficiencyState value");
  }
  const absl::string_view me = CallerCode(caller);
  RETURN_IF_ERROR(
      Authorize(caller, Action::kReadRestricted, me, directory->tree(), "list deficiencies"));
  query.state = request.state();
  const absl::CivilDay today = TaipeiDate(clock_.Now());
  if (request.overdue_only()) {
    query.overdue_on = DayNumber(DateToProto(today));
  }
  query.see_all = caller.role() == v1::ROLE_SERVICE || directory->tree().IsRoot(me);
  query.visible_organisation = std::string(me);
  const std::string filters = absl::StrCat(query.organisation, "|", query.reports_to, "|",
                                           request.state(), "|", request.overdue_only());
  ASSIGN_OR_RETURN(auto page, ParsePageRequest(request.page_size(), request.page_token(), filters));
  query.after_key = page.after_key;
  query.limit = page.limit + 1;
  v1::ListDeficienciesResponse response;
  if (auto s = store_.Read([&](ReviewTransaction& tx) -> absl::Status {
        ASSIGN_OR_RETURN(auto found, tx.ListDeficiencies(query));
        PageBudget budget(page.limit);
        for (v1::Deficiency& d : found) {
          if (!budget.Admit(d.ByteSizeLong())) {
            const v1::Deficiency& last = *response.deficiencies().rbegin();
            const v1::Date& due = last.due_date();
            response.set_next_page_token(MakePageToken(
                absl::StrFormat("%08d|%s", DayNumber(due), last.name()),
                filters));
            break;
          }
          d.set_overdue(IsOverdue(d, today));
          *response.add_deficiencies() = std::move(d);
        }
        return absl::OkStatus();
      });
      !s.ok()) {
    return s;
  }
  return response;
}

}  // namespace svcup::reviews
