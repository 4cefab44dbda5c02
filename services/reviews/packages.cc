#include "services/reviews/packages.h"

#include "absl/container/flat_hash_map.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "common/api/etag.h"
#include "common/api/names.h"
#include "common/api/validation.h"
#include "common/auth/policy.h"
#include "common/calendar/roc_calendar.h"
#include "common/status/macros.h"
#include "common/storage/idempotency.h"
#include "services/reviews/review_rules.h"

namespace svcup::reviews {
namespace {

// A parsed "orgs/{supervisor}/packages/{year}-{period}[/versions/{n}]" (version 0: latest).
struct PackageName {
  ReportName report;  // organisation = the supervisor; year and period
  int version = 0;
};

absl::StatusOr<PackageName> ParsePackageName(absl::string_view field, absl::string_view name) {
  const bool versioned = absl::StrContains(name, "/versions/");
  ASSIGN_OR_RETURN(
      auto parts, MatchName(field, name,
                            versioned ? "orgs/{}/packages/{}/versions/{}" : "orgs/{}/packages/{}"));
  int version = 0;
  if (versioned) {
    ASSIGN_OR_RETURN(auto number,
                     ParseNumberSegment(field, "version", parts[2], 1, kMaxSequenceNumber));
    version = number;
  }
  // A package name has the shape of a report name with "packages" for "reports".
  ASSIGN_OR_RETURN(auto report,
                   ParseReportName(field, absl::StrCat("orgs/", parts[0], "/reports/", parts[1])));
  return PackageName{report, version};
}

}  // namespace

absl::StatusOr<v1::ForwardingPackage> Packages::ForwardPackage(
    const v1::Principal& caller, const v1::ForwardPackageRequest& request) {
  ASSIGN_OR_RETURN(auto code, ParseOrganisationName("supervisor", request.supervisor()));
  ASSIGN_OR_RETURN(auto directory,
                   AuthorizeOn(plans_, "supervisor", code, caller, Action::kReviewOwn,
                               absl::StrCat("forward the results of ", request.supervisor())));
  const OrganisationDirectory& tree = *directory;
  if (tree.tree().IsRoot(code) || tree.IsReportingAgency(code)) {
    return absl::FailedPreconditionError(absl::StrCat(
        request.supervisor(), " is not a supervisory office: only supervisors forward packages"));
  }
  RETURN_IF_ERROR(CheckYear("year", request.year()));
  RETURN_IF_ERROR(CheckPeriod("period", request.period()));
  ASSIGN_OR_RETURN(auto plan, plans_.CurrentPlan(request.year()));
  const v1::ReportingPeriod* period = nullptr;
  for (const auto& p : plan->content().reporting_periods()) {
    if (p.number() == request.period()) period = &p;
  }
  if (period == nullptr) {
    return absl::InvalidArgumentError(absl::StrCat(
        "period: ", request.period(), " is not a reporting period of the ", request.year(), " plan"));
  }
  RETURN_IF_ERROR(CheckText("note", request.note(), 0, 5000));
  RETURN_IF_ERROR(CheckCount("missing", request.missing_size(), 200));
  // The agencies that owed the period: open on its last day.
  std::vector<std::string> agencies;
  for (const std::string& c : tree.tree().Children(code)) {
    if (tree.OwesReport(c, *period)) agencies.push_back(c);
  }
  absl::flat_hash_map<std::string, std::string> missing;  // code -> reason
  for (int i = 0; i < request.missing_size(); ++i) {
    const std::string field = Indexed("missing", i);
    ASSIGN_OR_RETURN(auto agency, ParseOrganisationName(field + ".organisation",
                                                        request.missing(i).organisation()));
    if (tree.tree().Parent(agency) != code) {
      return absl::InvalidArgumentError(absl::StrCat(
          field, ".organisation: ", request.missing(i).organisation(), " does not report to ",
          request.supervisor()));
    }
    RETURN_IF_ERROR(CheckText(field + ".reason", request.missing(i).reason(), 1, 2000));
    missing[agency] = request.missing(i).reason();
  }
  RETURN_IF_ERROR(CheckRequestId(request.request_id()));

  return storage::WriteOnce<v1::ForwardingPackage>(
      store_, clock_.Now(), caller, "ForwardPackage", request, request.request_id(),
      [&](ReviewTransaction& tx) -> absl::StatusOr<v1::ForwardingPackage> {
        ASSIGN_OR_RETURN(auto latest, tx.GetLatestPackage(code, request.year(), request.period()));
        if (latest.has_value() && latest->state() != v1::PACKAGE_STATE_RETURNED) {
          return absl::FailedPreconditionError(
              absl::StrCat(latest->name(), " was forwarded already and is ",
                           v1::PackageState_Name(latest->state()),
                           "; a new version follows only if the ministry returns it"));
        }
        PackageDraft draft{code,
                           agencies,
                           missing,
                           {},
                           latest.has_value() ? latest->version() + 1 : 1,
                           period->ministry_due_date()};
        ASSIGN_OR_RETURN(draft.reviews, tx.ListReviews(request.year(), request.period(), code));
        const absl::Time now = clock_.Now();
        ASSIGN_OR_RETURN(const v1::ForwardingPackage package,
                         BuildPackage(request, draft, caller, now));
        RETURN_IF_ERROR(tx.PutPackage(package));
        RETURN_IF_ERROR(storage::Audit(
            tx, caller, "ForwardPackage", package.name(), request.request_id(),
            absl::StrCat(
                package.entries_size(), " reports, ", package.missing_size(), " missing",
                package.late() ? absl::StrCat(", ", package.days_late(), " days late") : ""),
            now));
        return package;
      });
}

absl::StatusOr<v1::ForwardingPackage> Packages::GetPackage(const v1::Principal& caller,
                                                           const v1::GetPackageRequest& request) {
  ASSIGN_OR_RETURN(auto name, ParsePackageName("name", request.name()));
  ASSIGN_OR_RETURN(auto directory,
                   AuthorizeOn(plans_, "name", name.report.organisation, caller,
                               Action::kReadRestricted, absl::StrCat("read ", request.name())));
  std::optional<v1::ForwardingPackage> package;
  if (auto s = store_.Read([&](ReviewTransaction& tx) -> absl::Status {
        ASSIGN_OR_RETURN(auto found, name.version == 0
                                         ? tx.GetLatestPackage(name.report.organisation,
                                                               name.report.year, name.report.period)
                                         : tx.GetPackage(name.report.organisation, name.report.year,
                                                         name.report.period, name.version));
        package = std::move(found);
        return absl::OkStatus();
      });
      !s.ok()) {
    return s;
  }
  if (!package.has_value()) {
    return absl::NotFoundError(absl::StrCat(request.name(), " does not exist"));
  }
  return std::move(*package);
}

absl::StatusOr<v1::ListPackagesResponse> Packages::ListPackages(
    const v1::Principal& caller, const v1::ListPackagesRequest& request) {
  RETURN_IF_ERROR(CheckYear("year", request.year()));
  RETURN_IF_ERROR(CheckPeriod("period", request.period()));
  ASSIGN_OR_RETURN(auto directory, plans_.Directory());
  const absl::string_view me = CallerCode(caller);
  RETURN_IF_ERROR(Authorize(caller, Action::kReadRestricted, me, directory->tree(),
                            "list forwarding packages"));
  const bool see_all = caller.role() == v1::ROLE_SERVICE || directory->tree().IsRoot(me);
  v1::ListPackagesResponse response;
  if (auto s = store_.Read([&](ReviewTransaction& tx) -> absl::Status {
        ASSIGN_OR_RETURN(auto packages, tx.ListLatestPackages(request.year(), request.period()));
        for (v1::ForwardingPackage& p : packages) {
          if (see_all || p.supervisor() == caller.organisation()) {
            *response.add_packages() = std::move(p);
          }
        }
        return absl::OkStatus();
      });
      !s.ok()) {
    return s;
  }
  return response;
}

absl::StatusOr<v1::ForwardingPackage> Packages::AcknowledgePackage(
    const v1::Principal& caller, const v1::AcknowledgePackageRequest& request) {
  static const std::string kNoReason;
  return DecidePackage(caller, "AcknowledgePackage", request, request.name(), request.etag(),
                       request.request_id(), kNoReason);
}

absl::StatusOr<v1::ForwardingPackage> Packages::ReturnPackage(
    const v1::Principal& caller, const v1::ReturnPackageRequest& request) {
  RETURN_IF_ERROR(CheckText("reason", request.reason(), 1, 2000));
  return DecidePackage(caller, "ReturnPackage", request, request.name(), request.etag(),
                       request.request_id(), request.reason());
}

absl::StatusOr<v1::ForwardingPackage> Packages::DecidePackage(
    const v1::Principal& caller, absl::string_view method, const google::protobuf::Message& request,
    const std::string& name_text, const std::string& etag, const std::string& request_id,
    const std::string& reason) {
  ASSIGN_OR_RETURN(auto name, ParsePackageName("name", name_text));
  if (name.version == 0) {
    return absl::InvalidArgumentError("name: name the package version (.../versions/{n})");
  }
  ASSIGN_OR_RETURN(auto directory,
                   AuthorizeOn(plans_, "name", name.report.organisation, caller, Action::kSupervise,
                               absl::StrCat("decide on ", name_text)));
  RETURN_IF_ERROR(CheckEtagPresent(etag));
  RETURN_IF_ERROR(CheckRequestId(request_id));
  const bool acknowledge = reason.empty();
  return storage::WriteOnce<v1::ForwardingPackage>(
      store_, clock_.Now(), caller, method, request, request_id,
      [&](ReviewTransaction& tx) -> absl::StatusOr<v1::ForwardingPackage> {
        ASSIGN_OR_RETURN(auto found, tx.GetPackage(name.report.organisation, name.report.year,
                                                   name.report.period, name.version));
        if (!found.has_value()) {
          return absl::NotFoundError(absl::StrCat(name_text, " does not exist"));
        }
        v1::ForwardingPackage package = std::move(*found);
        RETURN_IF_ERROR(CheckEtag(etag, package.etag(), package.name()));
        if (package.state() != v1::PACKAGE_STATE_FORWARDED) {
          return absl::FailedPreconditionError(absl::StrCat(
              package.name(), " is ", v1::PackageState_Name(package.state()),
              ", not awaiting the ministry"));
        }
        const absl::Time now = clock_.Now();
        package.set_state(acknowledge ? v1::PACKAGE_STATE_ACKNOWLEDGED : v1::PACKAGE_STATE_RETURNED);
        *package.mutable_decide_time() = ToTimestamp(now);
        *package.mutable_decided_by() = caller;
        package.set_return_reason(reason);
        package.set_etag(ComputeEtag(package));
        RETURN_IF_ERROR(tx.PutPackage(package));
        RETURN_IF_ERROR(storage::Audit(tx, caller, method, package.name(), request_id,
                                       acknowledge
                                           ? "FORWARDED -> ACKNOWLEDGED"
                                           : absl::StrCat("FORWARDED -> RETURNED: ", reason),
                                       now));
        return package;
      });
}

absl::StatusOr<v1::MinistryInbox> Packages::GetMinistryInbox(
    const v1::Principal& caller, const v1::GetMinistryInboxRequest& request) {
  RETURN_IF_ERROR(CheckYear("year", request.year()));
  RETURN_IF_ERROR(CheckPeriod("period", request.period()));
  ASSIGN_OR_RETURN(auto directory, plans_.Directory());
  const std::string& root = directory->root();
  RETURN_IF_ERROR(Authorize(caller, Action::kReadRestricted, root, directory->tree(),
                            "read the ministry inbox"));
  if (CallerCode(caller) != root && caller.role() != v1::ROLE_SERVICE) {
    return absl::PermissionDeniedError(absl::StrCat(
        caller.organisation(), " may not read the ministry inbox: only orgs/", root, " may"));
  }
  v1::MinistryInbox inbox;
  inbox.set_year(request.year());
  inbox.set_period(request.period());
  ASSIGN_OR_RETURN(
      auto completeness,
      reports_.GetCompleteness(OrganisationName(root), request.year(), request.period(), true));
  *inbox.mutable_completeness() = std::move(completeness);
  if (auto s = store_.Read([&](ReviewTransaction& tx) -> absl::Status {
        ASSIGN_OR_RETURN(auto packages, tx.ListLatestPackages(request.year(), request.period()));
        for (auto& p : packages) *inbox.add_packages() = std::move(p);
        return absl::OkStatus();
      });
      !s.ok()) {
    return s;
  }
  for (const std::string& agency : directory->tree().Children(root)) {
    if (!directory->IsReportingAgency(agency)) continue;
    const ReportName report{agency, request.year(), request.period()};
    auto found = reports_.GetReport(report.ToString());
    if (found.status().code() == absl::StatusCode::kNotFound) continue;
    if (!found.ok()) return found.status();
    if (found->latest_revision() == 0) continue;
    ASSIGN_OR_RETURN(auto revision,
                     reports_.GetRevision(report.Revision(found->latest_revision())));
    *inbox.add_direct_reports() = std::move(revision);
  }
  return inbox;
}

}  // namespace svcup::reviews
