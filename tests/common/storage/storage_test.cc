#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <thread>

#include "absl/strings/str_cat.h"
#include "common/status/macros.h"
#include "common/storage/idempotency.h"
#include "common/storage/ledger.h"
#include "common/storage/postgres_database.h"
#include "common/storage/sqlite_database.h"
#include "svcup/v1/plans.pb.h"
#include "tests/testing/postgres_cluster.h"
#include "tests/testing/temp_dir.h"

namespace svcup::storage {
namespace {

const Migration kMigrations[] = {
    {1, "ledger", kLedgerSchemaSql},
    {2, "items", "CREATE TABLE items (id INTEGER PRIMARY KEY, label TEXT NOT NULL UNIQUE)"},
};
// The same, with the audit trail's hash chain (what every service store has).
const Migration kChainedMigrations[] = {
    kMigrations[0], kMigrations[1], {3, "audit chain", kAuditChainSchemaSql}, CountersMigration()};

// The Database conformance suite: every test runs on SQLite and on PostgreSQL.
class StorageTest : public ::testing::TestWithParam<Dialect> {
 protected:
  void SetUp() override {
    path_ = GetParam() == Dialect::kSqlite
                ? dir_.path() + "/test.db"
                : svcup::testing::PostgresCluster::Shared().NewDatabase();
    db_ = Open();
    ASSERT_NE(db_, nullptr);
    ASSERT_TRUE(db_->Migrate(kMigrations).ok());
  }

  // Opens (again) the database under test.
  std::unique_ptr<Database> Open() {
    if (GetParam() == Dialect::kSqlite) {
      auto sqlite = SqliteDatabase::Open(path_);
      EXPECT_TRUE(sqlite.ok()) << sqlite.status();
      return sqlite.ok() ? std::move(*sqlite) : nullptr;
    }
    auto postgres = PostgresDatabase::Open(path_, "svcup_test");
    EXPECT_TRUE(postgres.ok()) << postgres.status();
    return postgres.ok() ? std::move(*postgres) : nullptr;
  }

  int64_t CountItems() {
    int64_t n = -1;
    EXPECT_TRUE(db_->Read([&](Transaction& tx) {
                     n = tx.Query("SELECT COUNT(*) FROM items")->at(0).Int(0);
                     return absl::OkStatus();
                   }).ok());
    return n;
  }

  svcup::testing::TempDir dir_;
  std::string path_;  // the SQLite file, or the PostgreSQL URL
  std::unique_ptr<Database> db_;
};

INSTANTIATE_TEST_SUITE_P(Backends, StorageTest,
                         ::testing::Values(Dialect::kSqlite, Dialect::kPostgres),
                         [](const ::testing::TestParamInfo<Dialect>& info) {
                           return info.param == Dialect::kSqlite ? "Sqlite" : "Postgres";
                         });

TEST_P(StorageTest, CommitsOnOkAndRollsBackOtherwise) {
  ASSERT_TRUE(db_->Write([](Transaction& tx) {
                   return tx.Execute("INSERT INTO items (label) VALUES (?)", {"kept"}).status();
                 }).ok());
  const absl::Status refused = db_->Write([](Transaction& tx) -> absl::Status {
    auto inserted = tx.Execute("INSERT INTO items (label) VALUES (?)", {"discarded"});
    EXPECT_TRUE(inserted.ok());
    return absl::FailedPreconditionError("refused after writing");
  });
  EXPECT_EQ(refused.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(CountItems(), 1);
}

TEST_P(StorageTest, MapsUniquenessViolationsToAlreadyExists) {
  const auto insert = [&](const char* label) {
    return db_->Write([&](Transaction& tx) {
      return tx.Execute("INSERT INTO items (label) VALUES (?)", {label}).status();
    });
  };
  ASSERT_TRUE(insert("a").ok());
  EXPECT_EQ(insert("a").code(), absl::StatusCode::kAlreadyExists);
}

TEST_P(StorageTest, ConcurrentWritersAllLandAndShareCommits) {
  constexpr int kThreads = 8, kPerThread = 50;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        const std::string label = absl::StrCat("t", t, "-", i);
        ASSERT_TRUE(db_->Write([&](Transaction& tx) {
                         return tx.Execute("INSERT INTO items (label) VALUES (?)", {label})
                             .status();
                       }).ok());
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(CountItems(), kThreads * kPerThread);
  if (auto* sqlite = dynamic_cast<SqliteDatabase*>(db_.get())) {  // group commit
    const auto stats = sqlite->stats();
    EXPECT_EQ(stats.writes, kThreads * kPerThread + 1);  // + the one write of Migrate()
    EXPECT_LE(stats.commits, stats.writes);
  }
}

TEST_P(StorageTest, DataSurvivesReopening) {
  ASSERT_TRUE(db_->Write([](Transaction& tx) {
                   return tx.Execute("INSERT INTO items (label) VALUES (?)", {"durable"}).status();
                 }).ok());
  db_.reset();
  db_ = Open();
  ASSERT_TRUE(db_->Migrate(kMigrations).ok());  // applying again is a no-op
  EXPECT_EQ(CountItems(), 1);
}

TEST_P(StorageTest, RefusesADatabaseFromANewerRelease) {
  const Migration older[] = {kMigrations[0]};
  const absl::Status status = db_->Migrate(older);
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(status.message(),
            "database schema is at version 2 but this binary knows only 1: it was written by a "
            "newer release");
}

TEST_P(StorageTest, IdempotentCallsReplayTheFirstResponse) {
  v1::Principal caller;
  caller.set_organisation("orgs/dpo-taipei");
  v1::GetOrganisationRequest request;
  request.set_name("orgs/dpo-taipei");
  int runs = 0;
  const auto call = [&](const google::protobuf::Message& req) {
    absl::StatusOr<v1::Organisation> result;
    EXPECT_TRUE(db_->Write([&](Transaction& tx) {
                     SqlLedger ledger(tx);
                     result = RunIdempotent<v1::Organisation>(
                         ledger, caller, "Test", RequestFingerprint("Test", req), "req-1",
                         absl::Now(), [&]() -> absl::StatusOr<v1::Organisation> {
                           ++runs;
                           v1::Organisation org;
                           org.set_code(absl::StrCat("run-", runs));
                           return org;
                         });
                     return result.status();
                   }).code() != absl::StatusCode::kInternal);
    return result;
  };
  EXPECT_EQ(call(request)->code(), "run-1");
  EXPECT_EQ(call(request)->code(), "run-1");  // replayed, body not run again
  EXPECT_EQ(runs, 1);
  v1::GetOrganisationRequest different = request;
  different.set_name("orgs/dpo-kinmen");
  EXPECT_EQ(call(different).status().code(), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(runs, 1);
}

TEST_P(StorageTest, AuditTrailListsByTargetPrefixInOrder) {
  ASSERT_TRUE(db_->Migrate(kChainedMigrations).ok());
  ASSERT_TRUE(db_->Write([](Transaction& tx) {
                   SqlLedger ledger(tx);
                   for (const char* target : {"orgs/a/x", "orgs/b/x", "orgs/a/y"}) {
                     v1::AuditRecord r;
                     r.set_action("Test");
                     r.set_target(target);
                     if (auto s = ledger.AppendAudit(r); !s.ok()) return s;
                   }
                   return absl::OkStatus();
                 }).ok());
  ASSERT_TRUE(db_->Read([](Transaction& tx) {
                   SqlLedger ledger(tx);
                   auto records = ledger.ListAudit("orgs/a/", 0, 10);
                   EXPECT_EQ(records->size(), 2u);
                   EXPECT_EQ(records->at(0).target(), "orgs/a/x");
                   EXPECT_EQ(records->at(1).target(), "orgs/a/y");
                   EXPECT_LT(records->at(0).sequence(), records->at(1).sequence());
                   return absl::OkStatus();
                 }).ok());
}

TEST_P(StorageTest, TheAuditTrailIsAHashChainThatShowsTampering) {
  ASSERT_TRUE(db_->Migrate(kChainedMigrations).ok());
  const auto append = [&](int n) {
    ASSERT_TRUE(db_->Write([&](Transaction& tx) {
                     SqlLedger ledger(tx);
                     for (int i = 0; i < n; ++i) {
                       v1::AuditRecord r;
                       r.set_action("Test");
                       r.set_target(absl::StrCat("orgs/a/", i));
                       r.set_detail("DRAFT -> APPROVED");
                       RETURN_IF_ERROR(ledger.AppendAudit(r));
                     }
                     return absl::OkStatus();
                   })
                    .ok());
  };
  const auto verify = [&] {
    v1::AuditVerification result;
    EXPECT_TRUE(db_->Read([&](Transaction& tx) {
                     SqlLedger ledger(tx);
                     ASSIGN_OR_RETURN(result, VerifyAuditChain(ledger));
                     return absl::OkStatus();
                   })
                    .ok());
    return result;
  };
  const auto tamper = [&](const std::string& sql) {
    ASSERT_TRUE(db_->Write([&](Transaction& tx) { return tx.Execute(sql, {}).status(); }).ok());
  };
  append(5);
  v1::AuditVerification ok = verify();
  EXPECT_TRUE(ok.intact()) << ok.problem();
  EXPECT_EQ(ok.records_checked(), 5);
  EXPECT_EQ(ok.last_hash().size(), 64u);

  tamper("UPDATE audit SET detail = 'DRAFT -> DRAFT' WHERE sequence = 3");
  v1::AuditVerification edited = verify();
  EXPECT_FALSE(edited.intact());
  EXPECT_EQ(edited.first_bad_sequence(), 3);
  EXPECT_EQ(edited.problem(),
            "record 3 does not chain to record 2 (edited, replaced or reordered)");
  tamper("UPDATE audit SET detail = 'DRAFT -> APPROVED' WHERE sequence = 3");
  EXPECT_TRUE(verify().intact());

  tamper("DELETE FROM audit WHERE sequence = 4");
  v1::AuditVerification deleted = verify();
  EXPECT_FALSE(deleted.intact());
  EXPECT_EQ(deleted.first_bad_sequence(), 4);
  EXPECT_EQ(deleted.problem(), "record 4 is missing (the trail jumps to 5: deleted)");

  // Cutting the end off and appending again: sequences are never reused, so the cut shows.
  tamper("DELETE FROM audit WHERE sequence = 5");
  append(1);
  EXPECT_EQ(verify().problem(), "record 4 is missing (the trail jumps to 6: deleted)");
}

// Keys are ordered bytewise on both backends, so keyset pages (WHERE key > last ORDER BY key)
// never skip or repeat a row, whatever the keys hold.
TEST_P(StorageTest, PagesByTextKeysInTheSameBytewiseOrderOnBothBackends) {
  const std::vector<std::string> keys = {"a",  "B",     "a b", "a|b",      "a-b", "a_b", "a%",
                                         "ab", "中文",  "中",  "é",        "Z",   "z",   "",
                                         "0",  "a\x7f", "😀",   "ｆｕｌｌ", "a'b", "a\"b"};
  ASSERT_TRUE(db_->Write([&](Transaction& tx) -> absl::Status {
                   for (const std::string& key : keys) {
                     RETURN_IF_ERROR(
                         tx.Execute("INSERT INTO items (label) VALUES (?)", {key}).status());
                   }
                   return absl::OkStatus();
                 })
                  .ok());
  std::vector<std::string> paged;
  std::string last;
  bool first = true;
  for (int pages = 0; pages < 20; ++pages) {
    std::vector<std::string> page;
    ASSERT_TRUE(db_->Read([&](Transaction& tx) -> absl::Status {
                     ASSIGN_OR_RETURN(auto rows,
                                      tx.Query(first ? "SELECT label FROM items WHERE label >= ? "
                                                       "ORDER BY label LIMIT 3"
                                                     : "SELECT label FROM items WHERE label > ? "
                                                       "ORDER BY label LIMIT 3",
                                               {last}));
                     for (const Row& row : rows) page.push_back(row.Text(0));
                     return absl::OkStatus();
                   })
                    .ok());
    if (page.empty()) break;
    paged.insert(paged.end(), page.begin(), page.end());
    last = page.back();
    first = false;
  }
  std::vector<std::string> bytewise = keys;
  std::sort(bytewise.begin(), bytewise.end());  // std::string compares bytes (as unsigned)
  EXPECT_EQ(paged, bytewise);
  // And a prefix range finds exactly the keys that start with the prefix.
  std::vector<std::string> under_a;
  ASSERT_TRUE(db_->Read([&](Transaction& tx) -> absl::Status {
                   ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT label FROM items WHERE label >= ? "
                                                        "AND label < ? ORDER BY label",
                                                        {"a", PrefixUpperBound("a")}));
                   for (const Row& row : rows) under_a.push_back(row.Text(0));
                   return absl::OkStatus();
                 })
                  .ok());
  EXPECT_EQ(under_a, (std::vector<std::string>{"a", "a b", "a\"b", "a%", "a'b", "a-b", "a_b", "ab",
                                               "a|b", "a\x7f"}));
}

TEST(PostgresDialect, TranslatesDdlAndNumbersPlaceholders) {
  EXPECT_EQ(
      PostgresDdl("CREATE TABLE t (\n  id INTEGER PRIMARY KEY AUTOINCREMENT,\n  n INTEGER NOT "
                  "NULL,\n  body BLOB,\n  v REAL,\n  name TEXT NOT NULL,\n  PRIMARY KEY "
                  "(name, n)\n)"),
      "CREATE TABLE t (\n  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,\n  n "
      "BIGINT NOT NULL,\n  body BYTEA,\n  v DOUBLE PRECISION,\n  name TEXT COLLATE \"C\" "
      "NOT NULL,\n  PRIMARY KEY (name, n)\n)");
  EXPECT_EQ(NumberPlaceholders("SELECT a FROM t WHERE b = ? AND c = '?' AND d > ?"),
            "SELECT a FROM t WHERE b = $1 AND c = '?' AND d > $2");
}

}  // namespace
}  // namespace svcup::storage
