#include "services/plans/implementation_plans.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "common/api/etag.h"
#include "common/api/names.h"
#include "common/api/page_budget.h"
#include "common/api/paging.h"
#include "common/api/validation.h"
#include "common/auth/policy.h"
#include "common/calendar/roc_calendar.h"
#include "common/status/macros.h"
#include "common/storage/audit_listing.h"
#include "services/plans/plan_rules.h"

namespace svcup::plans {
namespace {

constexpr absl::string_view kPlanNames =
    "implementationPlans/{year}, implementationPlans/{year}/versions/{n} or "
    "implementationPlans/{year}/draft";

// A parsed implementation plan name.
struct PlanName {
  int year = 0;
  // 0 for the draft, n for a version, kCurrent for "the version in force".
  int version = 0;
  static constexpr int kCurrent = -1;
};

absl::StatusOr<PlanName> ParsePlanName(absl::string_view field, absl::string_view name) {
  const std::vector<std::string> parts = absl::StrSplit(name, '/');
  if (parts.empty() || parts[0] != "implementationPlans" ||
      (parts.size() != 2 && parts.size() != 3 && parts.size() != 4) ||
      (parts.size() == 3 && parts[2] != "draft") || (parts.size() == 4 && parts[2] != "versions")) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": ", Quote(name), " is not of the form ", kPlanNames));
  }
  PlanName parsed;
  ASSIGN_OR_RETURN(auto year, ParseYearSegment(field, parts[1]));
  parsed.year = year;
  parsed.version = parts.size() == 2 ? PlanName::kCurrent : 0;
  if (parts.size() == 4) {
    ASSIGN_OR_RETURN(auto version,
                     ParseNumberSegment(field, "version", parts[3], 1, kMaxSequenceNumber));
    parsed.version = version;
  }
  return parsed;
}

std::string DraftName(int year) { return absl::StrCat("implementationPlans/", year, "/draft"); }

std::string VersionName(int year, int version) {
  return absl::StrCat("implementationPlans/", year, "/versions/", version);
}

// The name of an implementation plan version, set from its year and version.
void NamePlan(v1::ImplementationPlan& plan) {
  plan.set_name(plan.version() == 0 ? DraftName(plan.year())
                                    : VersionName(plan.year(), plan.version()));
  plan.set_etag(ComputeEtag(plan));
}

absl::Status PlanNotFound(absl::string_view name) {
  return absl::NotFoundError(absl::StrCat(name, " does not exist"));
}

// The draft of `year` with its etag checked: NOT_FOUND without a draft (FAILED_PRECONDITION
// when the year is published already: `published_hint` says what to do instead), ABORTED when
// the etag is stale.
absl::StatusOr<v1::ImplementationPlan> LoadDraft(PlanTransaction& tx, int year,
                                                 absl::string_view etag,
                                                 absl::string_view published_hint) {
  ASSIGN_OR_RETURN(auto draft, tx.GetImplementationPlan(year, 0));
  if (!draft.has_value()) {
    ASSIGN_OR_RETURN(auto current, tx.GetCurrentImplementationPlan(year));
    if (current.has_value()) {
      return absl::FailedPreconditionError(absl::StrCat(
          "the ", year, " plan is already published as ", current->name(), published_hint));
    }
    return PlanNotFound(DraftName(year));
  }
  RETURN_IF_ERROR(CheckEtag(etag, draft->etag(), draft->name()));
  return std::move(*draft);
}

// Names and saves a plan version, and audits the change.
absl::Status SaveAndAudit(PlanTransaction& tx, v1::ImplementationPlan& plan,
                          const v1::Principal& caller, absl::string_view method,
                          absl::string_view request_id, absl::string_view detail, absl::Time now) {
  NamePlan(plan);
  RETURN_IF_ERROR(tx.PutImplementationPlan(plan));
  return storage::Audit(tx, caller, method, plan.name(), request_id, detail, now);
}

}  // namespace

absl::StatusOr<v1::ImplementationPlan> ImplementationPlans::CreateImplementationPlan(
    const v1::Principal& caller, const v1::CreateImplementationPlanRequest& request) {
  RETURN_IF_ERROR(CheckYear("year", request.year()));
  RETURN_IF_ERROR(Authorize(caller, Action::kManageProgramme, directory_.root(), directory_.tree(),
                            "create implementation plans"));
  RETURN_IF_ERROR(ValidateImplementationPlanContent(request.content(), request.year()));
  RETURN_IF_ERROR(CheckRequestId(request.request_id()));
  return Mutate<v1::ImplementationPlan>(
      caller, "CreateImplementationPlan", request, request.request_id(),
      [&](PlanTransaction& tx) -> absl::StatusOr<v1::ImplementationPlan> {
        ASSIGN_OR_RETURN(auto existing,
                         tx.ListImplementationPlanVersions(request.year(), INT32_MAX, 1));
        if (!existing.empty()) {
          return absl::AlreadyExistsError(absl::StrCat(
              "the ", request.year(), " implementation plan already exists as ",
              existing.front().name(), "; update the draft or amend the published plan"));
        }
        const absl::Time now = clock_.Now();
        v1::ImplementationPlan plan;
        plan.set_year(request.year());
        plan.set_version(0);
        plan.set_state(v1::IMPLEMENTATION_PLAN_STATE_DRAFT);
        *plan.mutable_content() = request.content();
        *plan.mutable_create_time() = ToTimestamp(now);
        RETURN_IF_ERROR(SaveAndAudit(tx, plan, caller, "CreateImplementationPlan",
                                     request.request_id(), "draft created", now));
        return plan;
      });
}

absl::StatusOr<v1::ImplementationPlan> ImplementationPlans::UpdateImplementationPlan(
    const v1::Principal& caller, const v1::UpdateImplementationPlanRequest& request) {
  ASSIGN_OR_RETURN(auto name, ParsePlanName("name", request.name()));
  if (name.version != 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("name: only the draft (", DraftName(name.year),
                     ") can be updated; published versions are immutable (amend instead)"));
  }
  RETURN_IF_ERROR(Authorize(caller, Action::kManageProgramme, directory_.root(), directory_.tree(),
                            "update implementation plans"));
  RETURN_IF_ERROR(ValidateImplementationPlanContent(request.content(), name.year));
  RETURN_IF_ERROR(CheckEtagPresent(request.etag()));
  RETURN_IF_ERROR(CheckRequestId(request.request_id()));
  return Mutate<v1::ImplementationPlan>(
      caller, "UpdateImplementationPlan", request, request.request_id(),
      [&](PlanTransaction& tx) -> absl::StatusOr<v1::ImplementationPlan> {
        ASSIGN_OR_RETURN(auto plan, LoadDraft(tx, name.year, request.etag(),
                                              "; amend it with AmendImplementationPlan"));
        *plan.mutable_content() = request.content();
        RETURN_IF_ERROR(SaveAndAudit(tx, plan, caller, "UpdateImplementationPlan",
                                     request.request_id(), "draft updated", clock_.Now()));
        return plan;
      });
}

absl::StatusOr<v1::ImplementationPlan> ImplementationPlans::PublishImplementationPlan(
    const v1::Principal& caller, const v1::PublishImplementationPlanRequest& request) {
  ASSIGN_OR_RETURN(auto name, ParsePlanName("name", request.name()));
  if (name.version != 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("name: publish the draft, ", DraftName(name.year)));
  }
  RETURN_IF_ERROR(Authorize(caller, Action::kManageProgramme, directory_.root(), directory_.tree(),
                            "publish implementation plans"));
  RETURN_IF_ERROR(CheckEtagPresent(request.etag()));
  RETURN_IF_ERROR(CheckRequestId(request.request_id()));
  absl::StatusOr<v1::ImplementationPlan> published = Mutate<v1::ImplementationPlan>(
      caller, "PublishImplementationPlan", request, request.request_id(),
      [&](PlanTransaction& tx) -> absl::StatusOr<v1::ImplementationPlan> {
        ASSIGN_OR_RETURN(auto plan, LoadDraft(tx, name.year, request.etag(), ""));
        RETURN_IF_ERROR(CheckReadyToPublish(plan.content()));
        const absl::Time now = clock_.Now();
        plan.set_version(1);
        plan.set_state(v1::IMPLEMENTATION_PLAN_STATE_PUBLISHED);
        *plan.mutable_publish_time() = ToTimestamp(now);
        *plan.mutable_published_by() = caller;
        RETURN_IF_ERROR(tx.DeleteImplementationPlanDraft(name.year));
        RETURN_IF_ERROR(SaveAndAudit(tx, plan, caller, "PublishImplementationPlan",
                                     request.request_id(), "DRAFT -> PUBLISHED", now));
        return plan;
      });
  // The services that watch the versions hear of the new year at once (and those that do not
  // know a year ask plans for it anyway).
  if (published.ok()) versions_.Notify();
  return published;
}

absl::StatusOr<v1::ImplementationPlan> ImplementationPlans::AmendImplementationPlan(
    const v1::Principal& caller, const v1::AmendImplementationPlanRequest& request) {
  ASSIGN_OR_RETURN(auto name, ParsePlanName("name", request.name()));
  if (name.version != PlanName::kCurrent) {
    return absl::InvalidArgumentError(absl::StrCat(
        "name: amend the plan of a year, implementationPlans/", name.year, ", not a version"));
  }
  RETURN_IF_ERROR(Authorize(caller, Action::kManageProgramme, directory_.root(), directory_.tree(),
                            "amend implementation plans"));
  RETURN_IF_ERROR(ValidateImplementationPlanContent(request.content(), name.year));
  RETURN_IF_ERROR(CheckText("amendment.reason", request.amendment().reason(), 1, 2000));
  absl::CivilDay effective = Today();
  if (!IsUnset(request.amendment().effective_date())) {
    ASSIGN_OR_RETURN(
        auto d, DateFromProto(request.amendment().effective_date(), "amendment.effective_date"));
    effective = d;
  }
  RETURN_IF_ERROR(CheckEtagPresent(request.etag()));
  RETURN_IF_ERROR(CheckRequestId(request.request_id()));
  RETURN_IF_ERROR(CheckReadyToPublish(request.content()));
  absl::StatusOr<v1::ImplementationPlan> amended = Mutate<v1::ImplementationPlan>(
      caller, "AmendImplementationPlan", request, request.request_id(),
      [&](PlanTransaction& tx) -> absl::StatusOr<v1::ImplementationPlan> {
        ASSIGN_OR_RETURN(auto current, tx.GetCurrentImplementationPlan(name.year));
        if (!current.has_value()) {
          return absl::NotFoundError(absl::StrCat(
              "the ", name.year, " implementation plan has no published version to amend"));
        }
        v1::ImplementationPlan previous = std::move(*current);
        RETURN_IF_ERROR(CheckEtag(request.etag(), previous.etag(), previous.name()));
        const absl::Time now = clock_.Now();
        v1::ImplementationPlan plan;
        plan.set_year(name.year);
        plan.set_version(previous.version() + 1);
        plan.set_state(v1::IMPLEMENTATION_PLAN_STATE_PUBLISHED);
        *plan.mutable_content() = request.content();
        plan.mutable_amendment()->set_reason(request.amendment().reason());
        *plan.mutable_amendment()->mutable_effective_date() = DateToProto(effective);
        *plan.mutable_create_time() = ToTimestamp(now);
        *plan.mutable_publish_time() = ToTimestamp(now);
        *plan.mutable_published_by() = caller;
        previous.set_state(v1::IMPLEMENTATION_PLAN_STATE_SUPERSEDED);
        NamePlan(previous);
        RETURN_IF_ERROR(tx.PutImplementationPlan(previous));
        RETURN_IF_ERROR(SaveAndAudit(
            tx, plan, caller, "AmendImplementationPlan", request.request_id(),
            absl::StrCat("supersedes ", previous.name(), ": ", request.amendment().reason()), now));
        return plan;
      });
  if (amended.ok()) {
    // A service may rely on the superseded version for a lease after it last heard from plans
    // (WatchPlanVersions). Tell them now, and answer only once every such lease has run out
    // (with half a lease more for a message in transit): whoever learns of the amendment from
    // this answer finds every service already applying it.
    versions_.Notify();
    absl::SleepFor(version_lease_ * 3 / 2);
  }
  return amended;
}

absl::StatusOr<v1::PlanVersions> ImplementationPlans::PlanVersionsInForce(
    const v1::Principal& caller) {
  RETURN_IF_ERROR(Authorize(caller, Action::kServiceOnly, directory_.root(), directory_.tree(),
                            "watch the versions of the implementation plans"));
  v1::PlanVersions versions;
  RETURN_IF_ERROR(store_.Read([&](PlanTransaction& tx) -> absl::Status {
    ASSIGN_OR_RETURN(auto plans, tx.ListCurrentImplementationPlans());
    for (const v1::ImplementationPlan& plan : plans) {
      v1::PlanVersion& version = *versions.add_versions();
      version.set_year(plan.year());
      version.set_version(plan.version());
      version.set_etag(plan.etag());
    }
    return absl::OkStatus();
  }));
  absl::Duration below_seconds;
  versions.mutable_lease()->set_seconds(
      absl::IDivDuration(version_lease_, absl::Seconds(1), &below_seconds));
  versions.mutable_lease()->set_nanos(
      static_cast<int32_t>(absl::ToInt64Nanoseconds(below_seconds)));
  return versions;
}

absl::StatusOr<v1::ImplementationPlan> ImplementationPlans::GetImplementationPlan(
    const v1::Principal& caller, const v1::GetImplementationPlanRequest& request) {
  ASSIGN_OR_RETURN(auto name, ParsePlanName("name", request.name()));
  if (!v1::ImplementationPlanView_IsValid(request.view())) {
    return absl::InvalidArgumentError(
        absl::StrCat("view: ", request.view(), " is not an ImplementationPlanView value"));
  }
  const Action action = name.version == 0 ? Action::kManageProgramme : Action::kReadPublic;
  RETURN_IF_ERROR(Authorize(caller, action, directory_.root(), directory_.tree(),
                            "read implementation plan drafts"));
  std::optional<v1::ImplementationPlan> plan;
  if (auto s = store_.Read([&](PlanTransaction& tx) -> absl::Status {
        ASSIGN_OR_RETURN(auto found, name.version == PlanName::kCurrent
                                         ? tx.GetCurrentImplementationPlan(name.year)
                                         : tx.GetImplementationPlan(name.year, name.version));
        plan = std::move(found);
        return absl::OkStatus();
      });
      !s.ok()) {
    return s;
  }
  if (!plan.has_value()) return PlanNotFound(request.name());
  if (request.view() == v1::IMPLEMENTATION_PLAN_VIEW_BASIC) {
    v1::ImplementationPlan basic;
    basic.set_name(plan->name());
    basic.set_year(plan->year());
    basic.set_version(plan->version());
    basic.set_state(plan->state());
    basic.set_etag(plan->etag());
    return basic;
  }
  return std::move(*plan);
}

absl::StatusOr<v1::ListImplementationPlanVersionsResponse>
ImplementationPlans::ListImplementationPlanVersions(
    const v1::Principal& caller, const v1::ListImplementationPlanVersionsRequest& request) {
  ASSIGN_OR_RETURN(auto parent, ParsePlanName("parent", request.parent()));
  if (parent.version != PlanName::kCurrent) {
    return absl::InvalidArgumentError("parent: must be implementationPlans/{year}");
  }
  const bool sees_draft = Authorize(caller, Action::kManageProgramme, directory_.root(),
                                    directory_.tree(), "read drafts")
                              .ok();
  ASSIGN_OR_RETURN(auto page,
                   ParsePageRequest(request.page_size(), request.page_token(), request.parent()));
  int before = INT32_MAX;
  if (!page.after_key.empty() && !absl::SimpleAtoi(page.after_key, &before)) {
    return absl::InvalidArgumentError("page_token: is not a token of this list");
  }
  v1::ListImplementationPlanVersionsResponse response;
  bool any = false;
  if (auto s = store_.Read([&](PlanTransaction& tx) -> absl::Status {
        ASSIGN_OR_RETURN(auto exists, tx.ListImplementationPlanVersions(parent.year, INT32_MAX, 1));
        any = !exists.empty();
        ASSIGN_OR_RETURN(auto versions,
                         tx.ListImplementationPlanVersions(parent.year, before, page.limit + 1));
        PageBudget budget(page.limit);
        for (v1::ImplementationPlan& v : versions) {
          if (v.version() == 0 && !sees_draft) continue;
          if (!budget.Admit(v.ByteSizeLong())) {
            response.set_next_page_token(MakePageToken(
                absl::StrCat(response.versions().rbegin()->version()), request.parent()));
            break;
          }
          *response.add_versions() = std::move(v);
        }
        return absl::OkStatus();
      });
      !s.ok()) {
    return s;
  }
  if (!any || (response.versions().empty() && before == INT32_MAX)) {
    return absl::NotFoundError(
        absl::StrCat(request.parent(), " does not exist (no plan for ", parent.year, ")"));
  }
  return response;
}

absl::Status ImplementationPlans::LoadShippedPlan(int year,
                                                  const v1::ImplementationPlanContent& content) {
  RETURN_IF_ERROR(ValidateImplementationPlanContent(content, year));
  RETURN_IF_ERROR(CheckReadyToPublish(content));
  if (IsUnset(content.issue_date())) {
    return absl::InvalidArgumentError(
        "content.issue_date: a shipped plan carries its issue date, which becomes its create and "
        "publish time");
  }
  // A shipped plan is history: created and published on the day it was issued.
  const google::protobuf::Timestamp issued =
      ToTimestamp(StartOfTaipeiDay(*DateFromProto(content.issue_date(), "issue_date")));
  v1::Principal loader;
  loader.set_organisation(OrganisationName(directory_.root()));
  loader.set_role(v1::ROLE_MINISTRY_OFFICER);
  loader.set_subject("shipped-data");
  return store_.Write([&](PlanTransaction& tx) -> absl::Status {
    ASSIGN_OR_RETURN(auto existing, tx.ListImplementationPlanVersions(year, INT32_MAX, 1));
    if (!existing.empty()) return absl::OkStatus();  // loaded before, or made through the API
    const absl::Time now = clock_.Now();
    v1::ImplementationPlan plan;
    plan.set_year(year);
    plan.set_version(1);
    plan.set_state(v1::IMPLEMENTATION_PLAN_STATE_PUBLISHED);
    *plan.mutable_content() = content;
    *plan.mutable_create_time() = issued;
    *plan.mutable_publish_time() = issued;
    *plan.mutable_published_by() = loader;
    NamePlan(plan);
    RETURN_IF_ERROR(tx.PutImplementationPlan(plan));
    return storage::Audit(tx, loader, "LoadShippedPlan", plan.name(), "startup",
                          "published from shipped data", now);
  });
}

}  // namespace svcup::plans
