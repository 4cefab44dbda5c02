// The plans service binary: flags and wiring only.
#include <filesystem>

#include "absl/flags/flag.h"
#include "common/auth/authenticator.h"
#include "common/server/log.h"
#include "common/server/runtime.h"
#include "services/plans/plan_loader.h"
#include "services/plans/plan_registry.h"
#include "services/plans/plans_service.h"
#include "services/plans/sql_plan_store.h"

ABSL_FLAG(std::string, seed_dir, "",
          "Folder of the shipped data: organisations.textproto and "
          "implementation_plan_<year>.textproto files (default: the data installed with the "
          "binary, <bin>/../share/svcup/plans, or <bin>/data in a build tree)");

ABSL_FLAG(absl::Duration, plan_version_lease, absl::Seconds(1),
          "How long the other services may rely on a plan version they were told of "
          "(WatchPlanVersions); an amendment is answered 1.5 leases after its commit");
ABSL_FLAG(int, max_version_streams, 64, "WatchPlanVersions streams open at once; more are refused");

namespace {

// --seed_dir, or the shipped data found relative to the executable.
std::string SeedDir() {
  std::string flag = absl::GetFlag(FLAGS_seed_dir);
  if (!flag.empty()) return flag;
  const std::string bin = svcup::ExecutableDir();
  for (const std::string& candidate : {bin + "/../share/svcup/plans", bin + "/data"}) {
    if (std::filesystem::exists(candidate + "/organisations.textproto")) return candidate;
  }
  return bin + "/../share/svcup/plans";  // named in the error that follows
}

}  // namespace

int main(int argc, char** argv) {
  svcup::BlockTerminationSignals();
  svcup::ParseServiceFlags(argc, argv,
      "svcup plans service: organisation hierarchy, implementation plans, execution plans");
  svcup::SetLogService("plans");

  auto runtime = svcup::LoadRuntimeFromFlags("plans", 50051, 9461);
  if (!runtime.ok()) {
    svcup::Log("error", "cannot start", {{"error", std::string(runtime.status().message())}});
    return 1;
  }
  const std::string seed_dir = SeedDir();
  auto directory =
      svcup::OrganisationDirectory::LoadFile(seed_dir + "/organisations.textproto");
  if (!directory.ok()) {
    svcup::Log("error", "cannot load organisations",
               {{"error", std::string(directory.status().message())}});
    return 1;
  }
  auto store = svcup::OpenServiceStore<svcup::plans::PlanStore>(
      *runtime, svcup::plans::SqlPlanStore::Open);
  if (!store.ok()) {
    svcup::Log("error", "cannot open the database",
               {{"error", std::string(store.status().message())}});
    return 1;
  }
  svcup::plans::PlanRegistry registry(**store, *directory, *runtime->clock,
                                      absl::GetFlag(FLAGS_plan_version_lease));
  if (auto s = svcup::plans::LoadShippedPlans(registry, seed_dir); !s.ok()) {
    svcup::Log("error", "cannot load shipped plans", {{"error", std::string(s.message())}});
    return 1;
  }
  svcup::Authenticator authenticator(runtime->trusted_keys, runtime->token_clock,
                                     runtime->trust_domain, runtime->token_rules);
  svcup::plans::PlansService service(registry, authenticator, runtime->workers,
                                     absl::GetFlag(FLAGS_max_version_streams));
  svcup::Log("info", "hierarchy loaded",
             {{"organisations", std::to_string(directory->codes().size())},
              {"seed_dir", seed_dir}});
  return svcup::ServeUntilSignal(*runtime,
                                 {{&service, svcup::v1::PlanRegistry::service_full_name()}},
                                 [&registry] { registry.plan_versions().Close(); });
}
