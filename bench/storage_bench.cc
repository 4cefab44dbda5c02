// Measures what group commit buys: concurrent writers on one SQLite database with
// synchronous=FULL, first with every write in its own commit (max_batch=1, the baseline), then
// with group commit (max_batch=128). Prints writes per second of each and their ratio, both
// measured in this run on this machine.
//
//   build/bench/storage_bench [--writers=8] [--writes_per_writer=200] [--dir=/tmp]
#include <filesystem>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "common/storage/sqlite_database.h"

ABSL_FLAG(int, writers, 8, "Concurrent writer threads");
ABSL_FLAG(int, writes_per_writer, 200, "Writes each thread makes");
ABSL_FLAG(std::string, dir, "/tmp", "Folder for the temporary databases");

namespace {

using svcup::storage::SqliteDatabase;

struct Result {
  double writes_per_second = 0;
  int64_t commits = 0;
  int64_t writes = 0;
};

Result Run(int max_batch) {
  const std::string path =
      absl::StrCat(absl::GetFlag(FLAGS_dir), "/svcup-bench-", getpid(), "-", max_batch, ".db");
  SqliteDatabase::Options options;
  options.max_batch = max_batch;
  auto db = *SqliteDatabase::Open(path, options);
  const svcup::storage::Migration schema[] = {
      {1, "bench", "CREATE TABLE items (id INTEGER PRIMARY KEY, body BLOB NOT NULL)"}};
  if (!db->Migrate(schema).ok()) std::abort();
  const auto before = db->stats();
  const std::string body(1024, 'x');  // about the size of a stored execution plan
  const int writers = absl::GetFlag(FLAGS_writers);
  const int per_writer = absl::GetFlag(FLAGS_writes_per_writer);
  const absl::Time start = absl::Now();
  std::vector<std::thread> threads;
  for (int t = 0; t < writers; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < per_writer; ++i) {
        auto s = db->Write([&](svcup::storage::Transaction& tx) {
          return tx.Execute("INSERT INTO items (body) VALUES (?)", {svcup::storage::Blob{body}})
              .status();
        });
        if (!s.ok()) std::abort();
      }
    });
  }
  for (auto& t : threads) t.join();
  const double seconds = absl::ToDoubleSeconds(absl::Now() - start);
  const auto after = db->stats();
  db.reset();
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
  return {writers * per_writer / seconds, after.commits - before.commits,
          after.writes - before.writes};
}

}  // namespace

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  const Result baseline = Run(1);
  const Result grouped = Run(128);
  std::cout << absl::StrFormat(
      "writers=%d writes=%d (1 KiB rows, WAL, synchronous=FULL)\n"
      "one commit per write : %8.0f writes/s (%d commits)\n"
      "group commit         : %8.0f writes/s (%d commits, %.1f writes per commit)\n"
      "ratio                : %.1fx\n",
      absl::GetFlag(FLAGS_writers), grouped.writes, baseline.writes_per_second,
      baseline.commits, grouped.writes_per_second, grouped.commits,
      static_cast<double>(grouped.writes) / std::max<int64_t>(1, grouped.commits),
      grouped.writes_per_second / baseline.writes_per_second);
  return 0;
}
