// The reviews store over the SQL database layer.
#ifndef SVCUP_SERVICES_REVIEWS_SQL_REVIEW_STORE_H_
#define SVCUP_SERVICES_REVIEWS_SQL_REVIEW_STORE_H_

#include <memory>

#include "common/storage/database.h"
#include "services/reviews/review_store.h"

namespace svcup::reviews {

// ReviewStore over a storage::Database.
class SqlReviewStore final {
 public:
  // Applies the reviews schema migrations to `database` and returns a store over it.
  static absl::StatusOr<std::unique_ptr<ReviewStore>> Open(
      std::unique_ptr<storage::Database> database);
};

}  // namespace svcup::reviews

#endif  // SVCUP_SERVICES_REVIEWS_SQL_REVIEW_STORE_H_
