// The one policy of the suite: "may this caller do this action on this organisation?",
// answered from the caller's role and the caller's place in the hierarchy relative to the
// target organisation. Every RPC of every service asks it. docs/policy.md has the whole
// role x RPC table.
#ifndef SVCUP_COMMON_AUTH_POLICY_H_
#define SVCUP_COMMON_AUTH_POLICY_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "common/auth/org_tree.h"
#include "svcup/v1/common.pb.h"

namespace svcup {

// What a caller wants to do to (the data of) a target organisation.
enum class Action {
  // Read published, public data. Anyone, without credentials.
  kReadPublic,
  // Read an organisation's unpublished data (drafts, reports, reviews): the organisation
  // itself, the organisation it reports to, the root of its tree, and services of the suite.
  kReadRestricted,
  // Draft, edit, submit, publish the organisation's own data: its staff or head.
  kEditOwn,
  // Approve the organisation's own plan: its head only.
  kApproveOwn,
  // Review, return, inspect the organisation: a reviewer of the organisation it reports to, or
  // a ministry officer or reviewer at the root of its tree.
  kSupervise,
  // Act for the organisation as its reviewer (forward its reviewed results): a supervisor
  // reviewer of the organisation itself.
  kReviewOwn,
  // Issue and amend implementation plans, evaluate and rank: a ministry officer at the root of
  // the target's tree (the target being that root).
  kManageProgramme,
  // Read a service's audit trail: a ministry officer at a root, or an operator.
  kReadAudit,
  // Calls reserved to the services of the suite (the reviews service returning a report).
  kServiceOnly,
};

// Decides whether `caller` may perform `action` on organisation `target_code`. `what` describes
// the call for the error message ("approve orgs/dpo-taipei/executionPlans/2018").
// Returns OK; UNAUTHENTICATED when the caller is the public and the action needs credentials;
// PERMISSION_DENIED, naming who may, otherwise. The target must be in `tree` (callers check
// existence first and answer NOT_FOUND).
absl::Status Authorize(const v1::Principal& caller, Action action,
                       absl::string_view target_code, const OrgTree& tree,
                       absl::string_view what);

// The identity the reviews service calls the others with (ROLE_SERVICE): the only caller that
// may return or accept a report.
inline constexpr absl::string_view kReviewsServiceCode = "svc-reviews";

// Whether `code` is one of the suite's own services ("svc-plans", "svc-reports",
// "svc-reviews"): the only organisations ROLE_SERVICE may be held for.
bool IsSuiteService(absl::string_view code);

// The code of the caller's organisation ("dpo-taipei" of "orgs/dpo-taipei"); "" for the public.
absl::string_view CallerCode(const v1::Principal& caller);

}  // namespace svcup

#endif  // SVCUP_COMMON_AUTH_POLICY_H_
