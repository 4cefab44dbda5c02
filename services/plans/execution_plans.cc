#include "services/plans/execution_plans.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "common/api/etag.h"
#include "common/api/names.h"
#include "common/api/page_budget.h"
#include "common/api/paging.h"
#include "common/api/validation.h"
#include "common/auth/policy.h"
#include "common/calendar/roc_calendar.h"
#include "common/status/macros.h"
#include "services/plans/open_data.h"
#include "services/plans/plan_rules.h"

namespace svcup::plans {
namespace {

// A parsed "orgs/{code}/executionPlans/{year}".
struct ExecutionPlanName {
  std::string organisation;
  int year = 0;
};

absl::StatusOr<ExecutionPlanName> ParseExecutionPlanName(absl::string_view name) {
  ASSIGN_OR_RETURN(auto parts, MatchName("name", name, "orgs/{}/executionPlans/{}"));
  RETURN_IF_ERROR(CheckOrganisationCode("name", parts[0]));
  ASSIGN_OR_RETURN(auto year, ParseYearSegment("name", parts[1]));
  return ExecutionPlanName{parts[0], year};
}

std::string ExecutionPlanResourceName(absl::string_view organisation, int year) {
  return absl::StrCat("orgs/", organisation, "/executionPlans/", year);
}

absl::Status NoSuchPlan(absl::string_view name) {
  return absl::NotFoundError(absl::StrCat(name, " does not exist"));
}

absl::string_view StateName(v1::ExecutionPlanState state) {
  switch (state) {
    case v1::EXECUTION_PLAN_STATE_DRAFT:
      return "DRAFT";
    case v1::EXECUTION_PLAN_STATE_APPROVED:
      return "APPROVED";
    case v1::EXECUTION_PLAN_STATE_PUBLISHED:
      return "PUBLISHED";
    default:
      return "UNSPECIFIED";
  }
}

}  // namespace

void ExecutionPlans::Stamp(v1::ExecutionPlan& plan, absl::Time now) const {
  const absl::string_view code = OrganisationCodeOf(plan.organisation());
  *plan.mutable_update_time() = ToTimestamp(now);
  *plan.mutable_organisation_display_name() = directory_.NameOn(code, TaipeiDate(now));
  plan.set_etag(ComputeEtag(plan));
}

absl::StatusOr<v1::ExecutionPlan> ExecutionPlans::CreateExecutionPlan(
    const v1::Principal& caller, const v1::CreateExecutionPlanRequest& request) {
  ASSIGN_OR_RETURN(auto code, ParseOrganisationName("parent", request.parent()));
  RETURN_IF_ERROR(CheckYear("year", request.year()));
  RETURN_IF_ERROR(CheckOrganisationExists("parent", code));
  const std::string name = ExecutionPlanResourceName(code, request.year());
  RETURN_IF_ERROR(
      Authorize(caller, Action::kEditOwn, code, directory_.tree(), absl::StrCat("create ", name)));
  if (directory_.tree().IsRoot(code)) {
    return absl::FailedPreconditionError(absl::StrCat(
        request.parent(), " issues the implementation plan; execution plans are its agencies'"));
  }
  RETURN_IF_ERROR(ValidateExecutionPlanContent(request.content()));
  RETURN_IF_ERROR(CheckRequestId(request.request_id()));
  return Mutate<v1::ExecutionPlan>(
      caller, "CreateExecutionPlan", request, request.request_id(),
      [&](PlanTransaction& tx) -> absl::StatusOr<v1::ExecutionPlan> {
        ASSIGN_OR_RETURN(auto governing, GoverningPlan(tx, request.year()));
        ASSIGN_OR_RETURN(auto existing, tx.GetExecutionPlan(code, request.year()));
        if (existing.has_value()) {
          return absl::AlreadyExistsError(absl::StrCat(
              name, " already exists; update it instead (etag \"", existing->etag(), "\")"));
        }
        const absl::Time now = clock_.Now();
        v1::ExecutionPlan plan;
        plan.set_name(name);
        plan.set_organisation(request.parent());
        plan.set_year(request.year());
        plan.set_implementation_plan_version(governing.version());
        plan.set_state(v1::EXECUTION_PLAN_STATE_DRAFT);
        *plan.mutable_content() = request.content();
        *plan.mutable_create_time() = ToTimestamp(now);
        Stamp(plan, now);
        RETURN_IF_ERROR(tx.PutExecutionPlan(plan, directory_.tree().Parent(code)));
        RETURN_IF_ERROR(storage::Audit(tx, caller, "CreateExecutionPlan", name,
                                       request.request_id(), "DRAFT created", now));
        return plan;
      });
}

absl::StatusOr<v1::ExecutionPlan> ExecutionPlans::ChangeExecutionPlan(
    const v1::Principal& caller, const PlanChange& change,
    absl::FunctionRef<absl::Status()> validate,
    absl::FunctionRef<absl::StatusOr<std::string>(PlanTransaction&, v1::ExecutionPlan&, absl::Time)>
        apply) {
  ASSIGN_OR_RETURN(auto name, ParseExecutionPlanName(change.name));
  RETURN_IF_ERROR(CheckOrganisationExists("name", name.organisation));
  RETURN_IF_ERROR(Authorize(caller, change.action, name.organisation, directory_.tree(),
                            absl::StrCat(change.verb, " ", change.name)));
  RETURN_IF_ERROR(validate());
  RETURN_IF_ERROR(CheckEtagPresent(change.etag));
  RETURN_IF_ERROR(CheckRequestId(change.request_id));
  return Mutate<v1::ExecutionPlan>(
      caller, change.method, change.request, change.request_id,
      [&](PlanTransaction& tx) -> absl::StatusOr<v1::ExecutionPlan> {
        ASSIGN_OR_RETURN(auto found, tx.GetExecutionPlan(name.organisation, name.year));
        if (!found.has_value()) return NoSuchPlan(change.name);
        v1::ExecutionPlan plan = std::move(*found);
        RETURN_IF_ERROR(CheckEtag(change.etag, plan.etag(), plan.name()));
        const absl::Time now = clock_.Now();
        ASSIGN_OR_RETURN(auto detail, apply(tx, plan, now));
        Stamp(plan, now);
        RETURN_IF_ERROR(tx.PutExecutionPlan(plan, directory_.tree().Parent(name.organisation)));
        RETURN_IF_ERROR(
            storage::Audit(tx, caller, change.method, plan.name(), change.request_id, detail, now));
        return plan;
      });
}

absl::StatusOr<v1::ExecutionPlan> ExecutionPlans::UpdateExecutionPlan(
    const v1::Principal& caller, const v1::UpdateExecutionPlanRequest& request) {
  return ChangeExecutionPlan(
      caller,
      {"UpdateExecutionPlan", Action::kEditOwn, "update", request, request.name(), request.etag(),
       request.request_id()},
      [&] { return ValidateExecutionPlanContent(request.content()); },
      [&](PlanTransaction&, v1::ExecutionPlan& plan, absl::Time) -> absl::StatusOr<std::string> {
        if (plan.state() == v1::EXECUTION_PLAN_STATE_PUBLISHED) {
          return absl::FailedPreconditionError(
              absl::StrCat(plan.name(), " is published and can no longer change"));
        }
        const v1::ExecutionPlanState before = plan.state();
        *plan.mutable_content() = request.content();
        plan.set_state(v1::EXECUTION_PLAN_STATE_DRAFT);
        plan.clear_approval();  // the head approves the text as it now reads
        return absl::StrCat("content replaced; ", StateName(before), " -> DRAFT");
      });
}

absl::StatusOr<v1::ExecutionPlan> ExecutionPlans::ApproveExecutionPlan(
    const v1::Principal& caller, const v1::ApproveExecutionPlanRequest& request) {
  return ChangeExecutionPlan(
      caller,
      {"ApproveExecutionPlan", Action::kApproveOwn, "approve", request, request.name(),
       request.etag(), request.request_id()},
      [] { return absl::OkStatus(); },
      [&](PlanTransaction& tx, v1::ExecutionPlan& plan,
          absl::Time now) -> absl::StatusOr<std::string> {
        if (plan.state() != v1::EXECUTION_PLAN_STATE_DRAFT) {
          return absl::FailedPreconditionError(absl::StrCat(plan.name(), " is already ",
                                                            StateName(plan.state()),
                                                            "; only a draft can be approved"));
        }
        ASSIGN_OR_RETURN(auto governing, GoverningPlan(tx, plan.year()));
        RETURN_IF_ERROR(CheckReadyForApproval(plan.content(), governing.content()));
        plan.set_state(v1::EXECUTION_PLAN_STATE_APPROVED);
        plan.set_implementation_plan_version(governing.version());
        *plan.mutable_approval()->mutable_approved_by() = caller;
        *plan.mutable_approval()->mutable_approve_time() = ToTimestamp(now);
        return absl::StrCat("DRAFT -> APPROVED under ", governing.name());
      });
}

absl::StatusOr<v1::ExecutionPlan> ExecutionPlans::PublishExecutionPlan(
    const v1::Principal& caller, const v1::PublishExecutionPlanRequest& request) {
  return ChangeExecutionPlan(
      caller,
      {"PublishExecutionPlan", Action::kEditOwn, "publish", request, request.name(), request.etag(),
       request.request_id()},
      [&] { return ValidatePublicationUrls(request.urls()); },
      [&](PlanTransaction& tx, v1::ExecutionPlan& plan,
          absl::Time now) -> absl::StatusOr<std::string> {
        if (plan.state() != v1::EXECUTION_PLAN_STATE_APPROVED) {
          return absl::FailedPreconditionError(
              absl::StrCat(plan.name(), " is ", StateName(plan.state()),
                           plan.state() == v1::EXECUTION_PLAN_STATE_DRAFT
                               ? "; the agency head must approve it before publication"
                               : "; it was published already"));
        }
        ASSIGN_OR_RETURN(auto governing, GoverningPlan(tx, plan.year()));
        ASSIGN_OR_RETURN(auto deadline, DateFromProto(governing.content().execution_plan_deadline(),
                                                      "execution_plan_deadline"));
        const Lateness lateness = LatenessOf(now, deadline);
        v1::Publication& publication = *plan.mutable_publication();
        *publication.mutable_urls() = request.urls();
        *publication.mutable_publish_time() = ToTimestamp(now);
        *publication.mutable_deadline() = DateToProto(deadline);
        publication.set_late(lateness.late);
        publication.set_days_late(lateness.days_late);
        *publication.mutable_published_by() = caller;
        plan.set_state(v1::EXECUTION_PLAN_STATE_PUBLISHED);
        return lateness.late
                   ? absl::StrCat("APPROVED -> PUBLISHED, ", lateness.days_late, " days late")
                   : std::string("APPROVED -> PUBLISHED on time");
      });
}

absl::StatusOr<v1::ExecutionPlan> ExecutionPlans::GetExecutionPlan(
    const v1::Principal& caller, const v1::GetExecutionPlanRequest& request) {
  ASSIGN_OR_RETURN(auto name, ParseExecutionPlanName(request.name()));
  RETURN_IF_ERROR(CheckOrganisationExists("name", name.organisation));
  std::optional<v1::ExecutionPlan> plan;
  if (auto s = store_.Read([&](PlanTransaction& tx) -> absl::Status {
        ASSIGN_OR_RETURN(auto found, tx.GetExecutionPlan(name.organisation, name.year));
        plan = std::move(found);
        return absl::OkStatus();
      });
      !s.ok()) {
    return s;
  }
  const bool published = plan.has_value() && plan->state() == v1::EXECUTION_PLAN_STATE_PUBLISHED;
  if (published) return std::move(*plan);
  // Unpublished plans are not disclosed to the public, not even their existence.
  if (caller.role() == v1::ROLE_PUBLIC) return NoSuchPlan(request.name());
  RETURN_IF_ERROR(Authorize(caller, Action::kReadRestricted, name.organisation, directory_.tree(),
                            absl::StrCat("read the unpublished plan ", request.name())));
  if (!plan.has_value()) return NoSuchPlan(request.name());
  return std::move(*plan);
}

absl::StatusOr<std::shared_ptr<const std::string>> ExecutionPlans::GetExecutionPlanEncoded(
    const v1::Principal& caller, const v1::GetExecutionPlanRequest& request) {
  ASSIGN_OR_RETURN(auto name, ParseExecutionPlanName(request.name()));
  const std::string key = absl::StrCat(name.organisation, "/", name.year);
  {
    absl::MutexLock lock(&mu_);
    if (auto it = kept_published_.find(key); it != kept_published_.end()) return it->second;
  }
  ASSIGN_OR_RETURN(const v1::ExecutionPlan plan, GetExecutionPlan(caller, request));
  auto encoded = std::make_shared<const std::string>(plan.SerializeAsString());
  if (plan.state() != v1::EXECUTION_PLAN_STATE_PUBLISHED) return encoded;  // may still change
  absl::MutexLock lock(&mu_);
  if (kept_bytes_ + encoded->size() > kKeptPlanBytes) {
    kept_published_.clear();  // more published plans read than kept: start again
    kept_bytes_ = 0;
  }
  if (kept_published_.emplace(key, encoded).second) kept_bytes_ += encoded->size();
  return encoded;
}

absl::StatusOr<v1::ListExecutionPlansResponse> ExecutionPlans::ListExecutionPlans(
    const v1::Principal& caller, const v1::ListExecutionPlansRequest& request) {
  RETURN_IF_ERROR(CheckYear("year", request.year()));
  if (!v1::ExecutionPlanState_IsValid(request.state())) {
    return absl::InvalidArgumentError("state: not an ExecutionPlanState value");
  }
  ExecutionPlanQuery query;
  query.year = request.year();
  query.state = request.state();
  if (!request.reports_to().empty()) {
    ASSIGN_OR_RETURN(auto code, ParseOrganisationName("reports_to", request.reports_to()));
    RETURN_IF_ERROR(CheckOrganisationExists("reports_to", code));
    query.reports_to = code;
  }
  // Everyone may list; what each caller sees is the policy's kReadRestricted, expressed as a
  // filter: the public and unrelated agencies see published plans only.
  const absl::string_view caller_code = CallerCode(caller);
  query.see_all = caller.role() == v1::ROLE_SERVICE ||
                  (directory_.tree().IsRoot(caller_code) && caller.role() != v1::ROLE_PUBLIC &&
                   caller.role() != v1::ROLE_OPERATOR);
  // Operators read audit trails and metrics, not drafts: they see what the public sees.
  const bool published_only =
      caller.role() == v1::ROLE_PUBLIC || caller.role() == v1::ROLE_OPERATOR;
  query.visible_organisation = published_only ? "" : std::string(caller_code);
  const std::string filters =
      absl::StrCat(request.year(), "|", request.state(), "|", query.reports_to);
  ASSIGN_OR_RETURN(auto page, ParsePageRequest(request.page_size(), request.page_token(), filters));
  query.after_organisation = page.after_key;
  query.limit = page.limit + 1;
  v1::ListExecutionPlansResponse response;
  if (auto s = store_.Read([&](PlanTransaction& tx) -> absl::Status {
        ASSIGN_OR_RETURN(auto plans, tx.ListExecutionPlans(query));
        PageBudget budget(page.limit);
        for (v1::ExecutionPlan& plan : plans) {
          if (!budget.Admit(plan.ByteSizeLong())) {
            const absl::string_view last =
                OrganisationCodeOf(response.execution_plans().rbegin()->organisation());
            response.set_next_page_token(MakePageToken(last, filters));
            break;
          }
          *response.add_execution_plans() = std::move(plan);
        }
        return absl::OkStatus();
      });
      !s.ok()) {
    return s;
  }
  return response;
}

absl::Status ExecutionPlans::ExportExecutionPlans(
    const v1::Principal& caller, const v1::ExportExecutionPlansRequest& request,
    absl::FunctionRef<bool(const v1::Document&)> write) {
  RETURN_IF_ERROR(CheckYear("year", request.year()));
  const v1::ExportFormat format = request.format();
  if (format != v1::EXPORT_FORMAT_JSON && format != v1::EXPORT_FORMAT_CSV) {
    return absl::InvalidArgumentError("format: must be EXPORT_FORMAT_JSON or EXPORT_FORMAT_CSV");
  }
  RETURN_IF_ERROR(Authorize(caller, Action::kReadPublic, directory_.root(), directory_.tree(),
                            "export open data"));
  v1::Document piece;
  piece.set_content_type(OpenDataContentType(format));
  piece.set_filename(absl::StrCat("execution-plans-", request.year(),
                                  format == v1::EXPORT_FORMAT_JSON ? ".json" : ".csv"));
  std::string pending = OpenDataHeader(format);
  bool sent_any = false;
  // Sends whole pieces of kExportPieceBytes while that much is pending, and the rest with `last`.
  const auto send = [&](bool last) -> absl::Status {
    while (pending.size() >= kExportPieceBytes || (last && (!pending.empty() || !sent_any))) {
      const size_t length = std::min(pending.size(), kExportPieceBytes);
      piece.set_content(pending.substr(0, length));
      pending.erase(0, length);
      if (!write(piece)) return absl::CancelledError("the client went away");
      sent_any = true;
      piece.clear_content_type();
      piece.clear_filename();
    }
    return absl::OkStatus();
  };
  ExecutionPlanQuery query;
  query.year = request.year();
  query.state = v1::EXECUTION_PLAN_STATE_PUBLISHED;
  query.limit = kExportBatch;
  int index = 0;
  while (true) {
    // One short read per batch: a slow reader never holds a transaction open.
    std::vector<v1::ExecutionPlan> batch;
    RETURN_IF_ERROR(store_.Read([&](PlanTransaction& tx) -> absl::Status {
      ASSIGN_OR_RETURN(batch, tx.ListExecutionPlans(query));
      return absl::OkStatus();
    }));
    for (const v1::ExecutionPlan& plan : batch) {
      ASSIGN_OR_RETURN(std::string item, OpenDataItem(format, plan, index++));
      pending += item;
      RETURN_IF_ERROR(send(false));
    }
    if (static_cast<int>(batch.size()) < query.limit) break;
    query.after_organisation = std::string(OrganisationCodeOf(batch.back().organisation()));
  }
  pending += OpenDataFooter(format);
  return send(true);
}

}  // namespace svcup::plans
