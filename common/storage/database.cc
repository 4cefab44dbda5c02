#include "common/storage/database.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "common/status/macros.h"

namespace svcup::storage {

int64_t Row::Int(size_t i) const {
  const Value& v = values_.at(i);
  if (const auto* n = std::get_if<int64_t>(&v)) return *n;
  if (const auto* d = std::get_if<double>(&v)) return static_cast<int64_t>(*d);
  return 0;
}

double Row::Real(size_t i) const {
  const Value& v = values_.at(i);
  if (const auto* d = std::get_if<double>(&v)) return *d;
  if (const auto* n = std::get_if<int64_t>(&v)) return static_cast<double>(*n);
  return 0;
}

const std::string& Row::Text(size_t i) const {
  static const std::string kEmpty;
  const auto* s = std::get_if<std::string>(&values_.at(i));
  return s != nullptr ? *s : kEmpty;
}

std::string PrefixUpperBound(absl::string_view prefix) {
  return absl::StrCat(prefix, "\xF4\x8F\xBF\xBF");
}

absl::Status Database::Migrate(absl::Span<const Migration> migrations) {
  int previous = 0;
  for (const Migration& m : migrations) {
    if (m.version <= previous) {
      return absl::InternalError(absl::StrCat("migration versions must increase: ", m.version,
                                              " follows ", previous));
    }
    previous = m.version;
  }
  const int known = migrations.empty() ? 0 : migrations.back().version;
  return WithMigrationLock([&] {
    return Write([&](Transaction& tx) -> absl::Status {
      RETURN_IF_ERROR(tx.Execute("CREATE TABLE IF NOT EXISTS schema_migrations ("
                                 " version INTEGER PRIMARY KEY, description TEXT NOT NULL)")
                          .status());
      ASSIGN_OR_RETURN(auto rows,
                       tx.Query("SELECT COALESCE(MAX(version), 0) FROM schema_migrations"));
      const int64_t applied = rows.at(0).Int(0);
      if (applied > known) {
        return absl::FailedPreconditionError(absl::StrCat("database schema is at version ", applied,
                                                          " but this binary knows only ", known,
                                                          ": it was written by a newer release"));
      }
      for (const Migration& m : migrations) {
        if (m.version <= applied) continue;
        const std::string& sql =
            dialect() == Dialect::kPostgres && !m.postgres_sql.empty() ? m.postgres_sql : m.sql;
        for (absl::string_view statement : absl::StrSplit(sql, ';')) {
          statement = absl::StripAsciiWhitespace(statement);
          if (statement.empty()) continue;
          if (auto r = tx.Execute(statement); !r.ok()) {
            return absl::Status(r.status().code(),
                                absl::StrCat("migration ", m.version, " (", m.description,
                                             "): ", r.status().message()));
          }
        }
        RETURN_IF_ERROR(
            tx.Execute("INSERT INTO schema_migrations (version, description) VALUES (?, ?)",
                       {m.version, m.description})
                .status());
      }
      return absl::OkStatus();
    });
  });
}

}  // namespace svcup::storage
