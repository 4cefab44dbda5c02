// The identity a service of the suite presents when it calls another: a ROLE_SERVICE bearer
// token for organisation "svc-<service>", signed with the service's own key (whose public half
// the key set marks as that service's, so it signs nothing else) and renewed before it expires.
#ifndef SVCUP_COMMON_AUTH_SERVICE_CREDENTIALS_H_
#define SVCUP_COMMON_AUTH_SERVICE_CREDENTIALS_H_

#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/api/clock.h"
#include "common/auth/signing_key.h"

namespace svcup {

// Thread-safe.
class ServiceCredentials {
 public:
  // `service` is the calling service's short name ("reviews"); `clock` must outlive this.
  ServiceCredentials(SigningKey key, std::string service, const Clock& clock)
      : key_(std::move(key)), service_(std::move(service)), clock_(clock) {}

  // "Bearer <token>", valid for at least five more minutes.
  std::string AuthorizationHeader();

 private:
  const SigningKey key_;
  const std::string service_;
  const Clock& clock_;
  absl::Mutex mu_;
  std::string token_ ABSL_GUARDED_BY(mu_);
  absl::Time expires_ ABSL_GUARDED_BY(mu_) = absl::InfinitePast();
};

}  // namespace svcup

#endif  // SVCUP_COMMON_AUTH_SERVICE_CREDENTIALS_H_
