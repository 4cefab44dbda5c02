// svcup-admin: operations on a service's SQLite database that the services themselves do not
// offer.
//
//   svcup-admin backup --database=data/reports.db --out=backups/reports-2026-11-28.db
//       an online, consistent copy while the service keeps writing (SQLite's backup API)
//   svcup-admin restore --service=reports --backup=backups/reports-2026-11-28.db
//       --database=data/reports.db [--force]
//       checks the backup with this release (migrating an older one; refusing one written by
//       a newer release) and puts it in place; stop the service first
//
//   svcup-admin generate-hierarchy --agencies=10000 --supervisors=100
//   --out=seed/organisations.textproto
//       a hierarchy of any size for benchmarks and drills (serve it with svcup-plans --seed_dir)
//
// PostgreSQL deployments use pg_dump and pg_restore (see the README, Operations).
#include <google/protobuf/text_format.h>

#include <cstdio>
#include <filesystem>
#include <iostream>
#include <string>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/str_cat.h"
#include "common/hierarchy/generated_hierarchy.h"
#include "common/hierarchy/organisation_directory.h"
#include "common/storage/sqlite_backup.h"
#include "common/storage/sqlite_database.h"
#include "services/plans/sql_plan_store.h"
#include "services/reports/sql_report_store.h"
#include "services/reviews/sql_review_store.h"

ABSL_FLAG(std::string, database, "", "The service's SQLite database file");
ABSL_FLAG(std::string, out, "", "backup: where to write the copy");
ABSL_FLAG(std::string, backup, "", "restore: the backup to restore");
ABSL_FLAG(std::string, service, "", "restore: whose database it is: plans, reports or reviews");
ABSL_FLAG(bool, force, false, "Replace an existing destination");
ABSL_FLAG(int, agencies, 10000, "generate-hierarchy: reporting agencies");
ABSL_FLAG(int, supervisors, 100, "generate-hierarchy: supervisory offices they report to");

namespace {

int Fail(const absl::Status& status) {
  std::cerr << "error: " << status.message() << "\n";
  return status.code() == absl::StatusCode::kInvalidArgument ? 2 : 1;
}

// Opens `path` as `service`'s store: migrates it to this release, or refuses a newer one.
absl::Status CheckWithThisRelease(const std::string& service, const std::string& path) {
  auto database = svcup::storage::SqliteDatabase::Open(path);
  if (!database.ok()) return database.status();
  if (service == "plans") return svcup::plans::SqlPlanStore::Open(std::move(*database)).status();
  if (service == "reports") {
    return svcup::reports::SqlReportStore::Open(std::move(*database)).status();
  }
  if (service == "reviews") {
    return svcup::reviews::SqlReviewStore::Open(std::move(*database)).status();
  }
  return absl::InvalidArgumentError("--service: one of plans, reports, reviews");
}

int GenerateHierarchyFile() {
  const int agencies = absl::GetFlag(FLAGS_agencies),
            supervisors = absl::GetFlag(FLAGS_supervisors);
  const std::string out = absl::GetFlag(FLAGS_out);
  if (agencies < 1 || supervisors < 1 || out.empty()) {
    return Fail(absl::InvalidArgumentError(
        "generate-hierarchy needs --out and positive --agencies and --supervisors"));
  }
  const svcup::v1::OrganisationDirectory data = svcup::GenerateHierarchy(agencies, supervisors);
  if (auto built = svcup::OrganisationDirectory::Build(data); !built.ok())
    return Fail(built.status());
  std::string text;
  google::protobuf::TextFormat::PrintToString(data, &text);
  std::FILE* file = std::fopen(out.c_str(), "w");
  if (file == nullptr || std::fwrite(text.data(), 1, text.size(), file) != text.size() ||
      std::fclose(file) != 0) {
    return Fail(absl::UnavailableError(absl::StrCat("cannot write ", out)));
  }
  std::cout << "wrote " << out << ": " << agencies << " agencies under " << supervisors
            << " supervisory offices\n";
  return 0;
}

int Backup() {
  const std::string database = absl::GetFlag(FLAGS_database), out = absl::GetFlag(FLAGS_out);
  if (database.empty() || out.empty()) {
    return Fail(absl::InvalidArgumentError("backup needs --database and --out"));
  }
  if (auto s = svcup::storage::BackupSqliteDatabase(database, out, absl::GetFlag(FLAGS_force));
      !s.ok()) {
    return Fail(s);
  }
  std::cout << "backed up " << database << " to " << out << "\n";
  return 0;
}

int Restore() {
  const std::string backup = absl::GetFlag(FLAGS_backup);
  const std::string database = absl::GetFlag(FLAGS_database);
  const std::string service = absl::GetFlag(FLAGS_service);
  if (backup.empty() || database.empty() || service.empty()) {
    return Fail(absl::InvalidArgumentError("restore needs --service, --backup and --database"));
  }
  if (std::filesystem::exists(database) && !absl::GetFlag(FLAGS_force)) {
    return Fail(absl::FailedPreconditionError(
        absl::StrCat(database, " exists; stop the service and pass --force to replace it")));
  }
  // Checked on a copy, then put in place whole.
  const std::string staged = database + ".restoring";
  if (auto s = svcup::storage::BackupSqliteDatabase(backup, staged, /*overwrite=*/true); !s.ok()) {
    return Fail(s);
  }
  if (auto s = CheckWithThisRelease(service, staged); !s.ok()) {
    std::remove(staged.c_str());
    return Fail(absl::FailedPreconditionError(
        absl::StrCat("the backup cannot be restored by this release: ", s.message())));
  }
  for (const char* suffix : {"-wal", "-shm"}) {
    std::remove((database + suffix).c_str());
    std::remove((staged + suffix).c_str());
  }
  if (std::rename(staged.c_str(), database.c_str()) != 0) {
    return Fail(absl::InternalError(absl::StrCat("cannot move the backup to ", database)));
  }
  std::cout << "restored " << backup << " to " << database << " (" << service << ")\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "svcup-admin backup --database=F --out=F | restore --service=S --backup=F --database=F");
  std::vector<char*> args = absl::ParseCommandLine(argc, argv);
  const std::string command = args.size() == 2 ? args[1] : "";
  if (command == "backup") return Backup();
  if (command == "restore") return Restore();
  if (command == "generate-hierarchy") return GenerateHierarchyFile();
  std::cerr << "usage: svcup-admin backup --database=F --out=F\n"
               "       svcup-admin restore --service=plans|reports|reviews --backup=F "
               "--database=F [--force]\n"
               "       svcup-admin generate-hierarchy [--agencies=10000] [--supervisors=100] "
               "--out=F\n";
  return 2;
}
