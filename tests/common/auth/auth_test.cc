#include <gtest/gtest.h>

#include "common/auth/authenticator.h"
#include "common/auth/certificate_identity.h"
#include "common/auth/org_tree.h"
#include "common/auth/policy.h"
#include "common/auth/role_words.h"
#include "common/auth/token.h"
#include "tests/testing/fake_clock.h"
#include "tests/testing/test_keys.h"

namespace svcup {
namespace {

TEST(Authenticator, NoHeaderIsThePublicAndBadHeadersAreUnauthenticated) {
  testing::FakeClock clock(absl::FromUnixSeconds(1521000000));
  Authenticator auth(testing::TestTrustedKeys(), clock);
  EXPECT_EQ(auth.AuthenticateHeader("")->role(), v1::ROLE_PUBLIC);
  EXPECT_EQ(auth.AuthenticateHeader("Basic abc").status().code(),
            absl::StatusCode::kUnauthenticated);
  const std::string token =
      testing::TokenFor("dpo-kinmen", v1::ROLE_AGENCY_STAFF, clock.Now(), "tester", absl::Hours(1));
  auto principal = auth.AuthenticateHeader("Bearer " + token);
  ASSERT_TRUE(principal.ok());
  EXPECT_EQ(principal->organisation(), "orgs/dpo-kinmen");
  EXPECT_EQ(principal->role(), v1::ROLE_AGENCY_STAFF);
  clock.Advance(absl::Hours(2));
  EXPECT_EQ(auth.AuthenticateHeader("Bearer " + token).status().code(),
            absl::StatusCode::kUnauthenticated);
}

OrgTree SmallTree() {
  return *OrgTree::Build({{"moj", ""},
                          {"high-prosecutors", "moj"},
                          {"corrections", "moj"},
                          {"dpo-taipei", "high-prosecutors"},
                          {"dpo-kinmen", "moj"},
                          {"prison-taipei", "corrections"}});
}

TEST(CertificateIdentity, ReadsThePrincipalFromTheSpiffeUri) {
  auto principal = PrincipalFromPeerUris(
      {"https://www.example.gov.tw/",
       "spiffe://svcup.moj.gov.tw/orgs/dpo-taipei/roles/agency-staff/subjects/chen.mei-ling"},
      "svcup.moj.gov.tw");
  ASSERT_TRUE(principal.ok()) << principal.status();
  ASSERT_TRUE(principal->has_value());
  EXPECT_EQ((*principal)->organisation(), "orgs/dpo-taipei");
  EXPECT_EQ((*principal)->role(), v1::ROLE_AGENCY_STAFF);
  EXPECT_EQ((*principal)->subject(), "chen.mei-ling");
  EXPECT_EQ(IdentityUri("svcup.moj.gov.tw", **principal),
            "spiffe://svcup.moj.gov.tw/orgs/dpo-taipei/roles/agency-staff/subjects/chen.mei-ling");

  // Another trust domain, or no URI at all: no certificate identity (tokens decide).
  EXPECT_FALSE(PrincipalFromPeerUris({"spiffe://other.gov.tw/orgs/moj/roles/operator/subjects/x"},
                                     "svcup.moj.gov.tw")
                   ->has_value());
  EXPECT_FALSE(PrincipalFromPeerUris({}, "svcup.moj.gov.tw")->has_value());
}

TEST(CertificateIdentity, RefusesMalformedAndAmbiguousIdentities) {
  const auto code = [](std::vector<std::string> uris) {
    return PrincipalFromPeerUris(uris, "svcup.moj.gov.tw").status().code();
  };
  const std::string base = "spiffe://svcup.moj.gov.tw/";
  EXPECT_EQ(code({base + "orgs/dpo-taipei/roles/agency-staff"}),
            absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(code({base + "orgs/dpo-taipei/roles/public/subjects/x"}),
            absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(code({base + "orgs/dpo-taipei/roles/king/subjects/x"}),
            absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(code({base + "orgs/Bad Code/roles/operator/subjects/x"}),
            absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(code({base + "orgs/moj/roles/operator/subjects/a b"}),
            absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(code({base + "orgs/moj/roles/operator/subjects/a",
                  base + "orgs/moj/roles/ministry-officer/subjects/a"}),
            absl::StatusCode::kUnauthenticated);
  auto message = PrincipalFromPeerUris({base + "orgs/moj/roles/king/subjects/a"},
                                       "svcup.moj.gov.tw")
                     .status()
                     .message();
  EXPECT_EQ(message, "client certificate identity \"" + base +
                         "orgs/moj/roles/king/subjects/a\" rejected: \"king\" is not a role");
}

TEST(RoleWords, AreExactlyTheSixDocumentedWords) {
  EXPECT_EQ(RoleFromWord("agency-staff"), v1::ROLE_AGENCY_STAFF);
  EXPECT_EQ(RoleFromWord("agency-head"), v1::ROLE_AGENCY_HEAD);
  EXPECT_EQ(RoleFromWord("supervisor-reviewer"), v1::ROLE_SUPERVISOR_REVIEWER);
  EXPECT_EQ(RoleFromWord("ministry-officer"), v1::ROLE_MINISTRY_OFFICER);
  EXPECT_EQ(RoleFromWord("service"), v1::ROLE_SERVICE);
  EXPECT_EQ(RoleFromWord("operator"), v1::ROLE_OPERATOR);
  for (const char* other : {"Agency-Staff", "agency_staff", "AGENCY_STAFF", "ROLE_AGENCY_STAFF",
                            "public", "unspecified", "", "operator "}) {
    EXPECT_EQ(RoleFromWord(other), std::nullopt) << other;
  }
  EXPECT_EQ(RoleWord(v1::ROLE_SUPERVISOR_REVIEWER), "supervisor-reviewer");
}

TEST(OrgTree, AnswersRoutesAndSubtrees) {
  const OrgTree tree = SmallTree();
  EXPECT_EQ(tree.PathToRoot("dpo-taipei"), (std::vector<std::string>{"high-prosecutors", "moj"}));
  EXPECT_EQ(tree.PathToRoot("dpo-kinmen"), (std::vector<std::string>{"moj"}));
  EXPECT_EQ(tree.Root("prison-taipei"), "moj");
  EXPECT_EQ(tree.Children("moj"),
            (std::vector<std::string>{"corrections", "dpo-kinmen", "high-prosecutors"}));
  EXPECT_EQ(tree.Descendants("moj").size(), 5u);
  EXPECT_TRUE(tree.IsRoot("moj"));
  EXPECT_FALSE(tree.IsRoot("dpo-kinmen"));
}

TEST(OrgTree, RefusesUnknownParentsAndCycles) {
  EXPECT_EQ(OrgTree::Build({{"a", "b"}}).status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(OrgTree::Build({{"a", "b"}, {"b", "a"}}).status().message(),
            "the reports_to edges from a form a cycle");
}

v1::Principal Caller(std::string org, v1::Role role) {
  v1::Principal p;
  p.set_organisation("orgs/" + org);
  p.set_role(role);
  p.set_subject("someone");
  return p;
}

TEST(Policy, FollowsTheHierarchy) {
  const OrgTree tree = SmallTree();
  const auto check = [&](const v1::Principal& who, Action action, const char* target) {
    return Authorize(who, action, target, tree, "do it").code();
  };
  using C = absl::StatusCode;
  // An agency edits its own data only; only its head approves.
  EXPECT_EQ(check(Caller("dpo-taipei", v1::ROLE_AGENCY_STAFF), Action::kEditOwn, "dpo-taipei"),
            C::kOk);
  EXPECT_EQ(check(Caller("dpo-taipei", v1::ROLE_AGENCY_STAFF), Action::kEditOwn, "dpo-kinmen"),
            C::kPermissionDenied);
  EXPECT_EQ(check(Caller("dpo-taipei", v1::ROLE_AGENCY_STAFF), Action::kApproveOwn,
                  "dpo-taipei"),
            C::kPermissionDenied);
  EXPECT_EQ(check(Caller("dpo-taipei", v1::ROLE_AGENCY_HEAD), Action::kApproveOwn,
                  "dpo-taipei"),
            C::kOk);
  // A supervisor reads its agencies' drafts, not another supervisor's agencies'.
  EXPECT_EQ(check(Caller("high-prosecutors", v1::ROLE_SUPERVISOR_REVIEWER),
                  Action::kReadRestricted, "dpo-taipei"),
            C::kOk);
  EXPECT_EQ(check(Caller("corrections", v1::ROLE_SUPERVISOR_REVIEWER), Action::kReadRestricted,
                  "dpo-taipei"),
            C::kPermissionDenied);
  // Kinmen is supervised by the ministry directly; the High Prosecutors Office has no say.
  EXPECT_EQ(check(Caller("moj", v1::ROLE_SUPERVISOR_REVIEWER), Action::kSupervise, "dpo-kinmen"),
            C::kOk);
  EXPECT_EQ(check(Caller("high-prosecutors", v1::ROLE_SUPERVISOR_REVIEWER), Action::kSupervise,
                  "dpo-kinmen"),
            C::kPermissionDenied);
  // Only ministry officers manage the programme.
  EXPECT_EQ(check(Caller("moj", v1::ROLE_MINISTRY_OFFICER), Action::kManageProgramme, "moj"),
            C::kOk);
  EXPECT_EQ(check(Caller("high-prosecutors", v1::ROLE_MINISTRY_OFFICER),
                  Action::kManageProgramme, "moj"),
            C::kPermissionDenied);
  // The public reads public data only and is told to authenticate otherwise.
  v1::Principal public_caller;
  public_caller.set_role(v1::ROLE_PUBLIC);
  EXPECT_EQ(check(public_caller, Action::kReadPublic, "dpo-taipei"), C::kOk);
  EXPECT_EQ(check(public_caller, Action::kReadRestricted, "dpo-taipei"), C::kUnauthenticated);
  // An organisation outside the hierarchy is denied whatever its token says.
  EXPECT_EQ(check(Caller("nowhere", v1::ROLE_MINISTRY_OFFICER), Action::kReadRestricted,
                  "dpo-taipei"),
            C::kPermissionDenied);
  // Whatever the role: an operator of no organisation, a "service" that is not the suite's.
  EXPECT_EQ(check(Caller("nowhere", v1::ROLE_OPERATOR), Action::kReadAudit, "moj"),
            C::kPermissionDenied);
  EXPECT_EQ(check(Caller("moj", v1::ROLE_OPERATOR), Action::kReadAudit, "moj"), C::kOk);
  EXPECT_EQ(check(Caller("svc-impostor", v1::ROLE_SERVICE), Action::kServiceOnly, "dpo-taipei"),
            C::kPermissionDenied);
  EXPECT_EQ(check(Caller("svc-reviews", v1::ROLE_SERVICE), Action::kServiceOnly, "dpo-taipei"),
            C::kOk);
}

TEST(Policy, DenialsNameWhoMay) {
  const absl::Status denied =
      Authorize(Caller("dpo-taipei", v1::ROLE_AGENCY_STAFF), Action::kApproveOwn, "dpo-taipei",
                SmallTree(), "approve orgs/dpo-taipei/executionPlans/2018");
  EXPECT_EQ(denied.message(),
            "orgs/dpo-taipei (ROLE_AGENCY_STAFF) may not approve "
            "orgs/dpo-taipei/executionPlans/2018: only the organisation's head "
            "(ROLE_AGENCY_HEAD) may");
}

}  // namespace
}  // namespace svcup
