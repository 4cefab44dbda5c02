// Idempotent mutations: a retry with the same request_id returns the first result and changes
// nothing. Runs inside the transaction of the change, so the remembered response and the change
// commit (or roll back) together.
#ifndef SVCUP_COMMON_STORAGE_IDEMPOTENCY_H_
#define SVCUP_COMMON_STORAGE_IDEMPOTENCY_H_

#include <google/protobuf/message.h>

#include <string>

#include "absl/functional/function_ref.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "common/storage/ledger.h"
#include "svcup/v1/common.pb.h"

namespace svcup::storage {

// Digest of a method and a request message, deterministic across runs.
std::string RequestFingerprint(absl::string_view method, const google::protobuf::Message& request);

// Runs `body` once per (caller organisation, request_id). If the id was seen before with the
// same request (`fingerprint`, from RequestFingerprint), returns the response remembered then
// without running `body`; with a different request, ALREADY_EXISTS. A failed `body` remembers
// nothing (its transaction rolls back), so a retry runs it again.
template <typename Response>
absl::StatusOr<Response> RunIdempotent(LedgerTransaction& tx, const v1::Principal& caller,
                                       absl::string_view method, absl::string_view fingerprint,
                                       absl::string_view request_id, absl::Time now,
                                       absl::FunctionRef<absl::StatusOr<Response>()> body) {
  const std::string scope = caller.organisation();
  auto previous = tx.FindRequest(scope, request_id);
  if (!previous.ok()) return previous.status();
  if (previous->has_value()) {
    if ((*previous)->fingerprint != fingerprint) {
      return absl::AlreadyExistsError(absl::StrCat(
          "request_id: \"", request_id,
          "\" was already used by your organisation for a different request; use a new "
          "request_id for a new change"));
    }
    Response replay;
    if (!replay.ParseFromString((*previous)->response)) {
      return absl::DataLossError(
          absl::StrCat("the remembered response of request ", request_id, " is unreadable"));
    }
    return replay;
  }
  absl::StatusOr<Response> response = body();
  if (!response.ok()) return response.status();
  std::string serialized;
  response->SerializeToString(&serialized);
  if (auto s = tx.RememberRequest(scope, request_id, method, {std::string(fingerprint), serialized},
                                  now);
      !s.ok()) {
    return s;
  }
  return response;
}

// Runs `body` in a write transaction of `store` (a service store whose Transaction type is a
// LedgerTransaction), once per (caller organisation, request_id): RunIdempotent inside
// Store::Write. Returns the body's result, the replayed first result, or the error that rolled
// the transaction back.
template <typename Response, typename Store>
absl::StatusOr<Response> WriteOnce(
    Store& store, absl::Time now, const v1::Principal& caller, absl::string_view method,
    const google::protobuf::Message& request, absl::string_view request_id,
    absl::FunctionRef<absl::StatusOr<Response>(typename Store::Transaction&)> body) {
  absl::StatusOr<Response> result;
  // Digested before the transaction: writers run their transactions one at a time, so what
  // needs no database is done outside.
  const std::string fingerprint = RequestFingerprint(method, request);
  const absl::Status status = store.Write([&](typename Store::Transaction& tx) {
    result = RunIdempotent<Response>(tx, caller, method, fingerprint, request_id, now,
                                     [&] { return body(tx); });
    return result.status();
  });
  if (!status.ok()) return status;
  return result;
}

// Whether the caller's organisation already made a change under `request_id` in `store`: a
// retry, which WriteOnce will answer from the ledger. Lets a service skip work outside the
// transaction (a call to another service) that a replay does not need.
template <typename Store>
bool AlreadyAnswered(Store& store, const v1::Principal& caller, absl::string_view request_id) {
  bool found = false;
  store
      .Read([&](typename Store::Transaction& tx) {
        auto previous = tx.FindRequest(caller.organisation(), request_id);
        found = previous.ok() && previous->has_value();
        return absl::OkStatus();
      })
      .IgnoreError();
  return found;
}

}  // namespace svcup::storage

#endif  // SVCUP_COMMON_STORAGE_IDEMPOTENCY_H_
