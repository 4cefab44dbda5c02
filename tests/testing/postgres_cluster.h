// The PostgreSQL tests run against: the cluster of the ctest fixture "postgres" (its URL in the
// file SVCUP_TEST_POSTGRES_URL_FILE names, else the build's postgres.url while the fixture runs),
// or, for a test binary run alone, a throwaway cluster
// it starts itself (scripts/postgres) and stops at exit. Each test gets a database of its own.
#ifndef SVCUP_TESTS_TESTING_POSTGRES_CLUSTER_H_
#define SVCUP_TESTS_TESTING_POSTGRES_CLUSTER_H_

#include <libpq-fe.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace svcup::testing {

class PostgresCluster {
 public:
  // The cluster of this test process.
  static PostgresCluster& Shared() {
    static PostgresCluster* cluster = new PostgresCluster();
    return *cluster;
  }

  // A new, empty database of the cluster; its URL.
  // Names are the process id, a counter and the time: a later test process may get an earlier
  // one's pid, and a database left by it must never be taken for a new one (CREATE DATABASE
  // refuses an existing name, and the next name is tried).
  std::string NewDatabase() {
    static std::atomic<int> counter{0};
    PGconn* conn = PQconnectdb(url_.c_str());
    std::string name;
    for (int attempt = 0; attempt < 10; ++attempt) {
      name = absl::StrCat("t", getpid(), "_", counter++, "_",
                          absl::ToUnixMicros(absl::Now()) % 1000000000);
      PGresult* result = PQexec(conn, absl::StrCat("CREATE DATABASE ", name).c_str());
      const bool created = PQresultStatus(result) == PGRES_COMMAND_OK;
      PQclear(result);
      if (created) break;
    }
    PQfinish(conn);
    return absl::StrReplaceAll(url_, {{"/postgres", "/" + name}});
  }

  // The URL of the cluster's "postgres" database.
  const std::string& url() const { return url_; }

 private:
  PostgresCluster() {
    const char* file = std::getenv("SVCUP_TEST_POSTGRES_URL_FILE");
#ifdef SVCUP_TEST_POSTGRES_URL_FILE_DEFAULT
    if (file == nullptr) file = SVCUP_TEST_POSTGRES_URL_FILE_DEFAULT;
#endif
    if (file != nullptr) {
      std::ifstream in(file);
      std::stringstream text;
      text << in.rdbuf();
      url_ = std::string(absl::StripAsciiWhitespace(text.str()));
    }
    if (url_.empty()) {
      own_dir_ = absl::StrCat("/tmp/svcup-test-pg-", getpid());
      const std::string start =
          absl::StrCat(SVCUP_SOURCE_DIR, "/scripts/postgres start ", own_dir_, " >/dev/null");
      if (std::system(start.c_str()) == 0) {
        std::ifstream in(own_dir_ + "/url");
        std::getline(in, url_);
      }
      static PostgresCluster* self = this;
      std::atexit([] {
        const std::string stop =
            absl::StrCat(SVCUP_SOURCE_DIR, "/scripts/postgres stop ", self->own_dir_);
        (void)std::system(stop.c_str());
      });
    }
  }

  std::string url_;
  std::string own_dir_;
};

}  // namespace svcup::testing

#endif  // SVCUP_TESTS_TESTING_POSTGRES_CLUSTER_H_
