// svcup audit verify SERVICE: walks a service's audit trail and reports whether it is intact.
#include <iostream>

#include "absl/strings/str_cat.h"
#include "svcup/v1/plans.grpc.pb.h"
#include "svcup/v1/reports.grpc.pb.h"
#include "svcup/v1/reviews.grpc.pb.h"
#include "tools/svcup/commands.h"

namespace svcup::cli {
namespace {

// Calls VerifyAuditTrail on `stub` and prints the outcome; exit 0 when intact, 1 otherwise.
template <typename Stub>
int Verify(Stub& stub, absl::string_view service) {
  v1::VerifyAuditTrailRequest request;
  v1::AuditVerification result;
  const absl::Status status =
      Call([&](grpc::ClientContext& c) { return stub.VerifyAuditTrail(&c, request, &result); });
  if (!status.ok()) return ExitCodeOf(status);
  if (JsonOutput()) {
    PrintJson(result);
  } else if (result.intact()) {
    std::cout << service << ": intact, " << result.records_checked() << " records"
              << (result.revisions_checked() > 0
                      ? absl::StrCat(", ", result.revisions_checked(), " revisions re-checked")
                      : "")
              << "\n";
  } else {
    std::cout << service << ": BROKEN: " << result.problem() << "\n";
  }
  return result.intact() ? kOk : kFailed;
}

int AuditVerify(const std::vector<std::string>& args) {
  int code = kOk;
  if (!ExpectArgs(args, 1, &code)) return code;
  if (args[0] == "plans") {
    return Verify(*v1::PlanRegistry::NewStub(ChannelTo(Service::kPlans)), "plans");
  }
  if (args[0] == "reports") {
    return Verify(*v1::ProgressReports::NewStub(ChannelTo(Service::kReports)), "reports");
  }
  if (args[0] == "reviews") {
    return Verify(*v1::Reviews::NewStub(ChannelTo(Service::kReviews)), "reviews");
  }
  return UsageError(absl::StrCat("audit verify: ", args[0], " is not plans, reports or reviews"));
}

}  // namespace

std::vector<Command> AuditCommands() {
  return {
      {"audit", "verify",
       "Check a service's audit trail: the hash chain, no record missing (reports: every "
       "revision against its digest); exit 1 naming the first bad record",
       "plans|reports|reviews", "svcup audit verify reports", AuditVerify},
  };
}

}  // namespace svcup::cli
