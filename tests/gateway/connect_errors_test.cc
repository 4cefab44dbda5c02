// The Connect error form of every gRPC status: its code name, HTTP status, JSON body and details.
#include "services/gateway/connect_errors.h"

#include <gtest/gtest.h>

#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"

namespace svcup::gateway {
namespace {

TEST(ConnectErrorsTest, EveryCodeHasTheNameAndHttpStatusOfTheConnectSpecification) {
  struct Expected {
    grpc::StatusCode code;
    const char* name;
    int http_status;
  };
  const Expected table[] = {
      {grpc::StatusCode::CANCELLED, "canceled", 499},
      {grpc::StatusCode::UNKNOWN, "unknown", 500},
      {grpc::StatusCode::INVALID_ARGUMENT, "invalid_argument", 400},
      {grpc::StatusCode::DEADLINE_EXCEEDED, "deadline_exceeded", 504},
      {grpc::StatusCode::NOT_FOUND, "not_found", 404},
      {grpc::StatusCode::ALREADY_EXISTS, "already_exists", 409},
      {grpc::StatusCode::PERMISSION_DENIED, "permission_denied", 403},
      {grpc::StatusCode::RESOURCE_EXHAUSTED, "resource_exhausted", 429},
      {grpc::StatusCode::FAILED_PRECONDITION, "failed_precondition", 400},
      {grpc::StatusCode::ABORTED, "aborted", 409},
      {grpc::StatusCode::OUT_OF_RANGE, "out_of_range", 400},
      {grpc::StatusCode::UNIMPLEMENTED, "unimplemented", 501},
      {grpc::StatusCode::INTERNAL, "internal", 500},
      {grpc::StatusCode::UNAVAILABLE, "unavailable", 503},
      {grpc::StatusCode::DATA_LOSS, "data_loss", 500},
      {grpc::StatusCode::UNAUTHENTICATED, "unauthenticated", 401},
  };
  for (const Expected& expected : table) {
    EXPECT_EQ(ConnectCodeName(expected.code), expected.name);
    EXPECT_EQ(HttpStatusOf(expected.code), expected.http_status) << expected.name;
  }
}

TEST(ConnectErrorsTest, TheBodyEscapesTheMessageAndCarriesTheServicesDetails) {
  google::rpc::Status details;
  google::rpc::RetryInfo retry;
  retry.mutable_retry_delay()->set_seconds(2);
  retry.mutable_retry_delay()->set_nanos(500000000);
  details.add_details()->PackFrom(retry);
  const grpc::Status status(grpc::StatusCode::RESOURCE_EXHAUSTED, "slow \"down\"",
                            details.SerializeAsString());
  const HttpResponse response = ConnectErrorResponse(status);
  EXPECT_EQ(response.status, 429);
  EXPECT_EQ(response.body, R"({"code":"resource_exhausted","message":"slow \"down\"","details":[)"
                           R"({"type":"google.rpc.RetryInfo","value":"CggIAhCAyrXuAQ","debug":)"
                           R"({"retryDelay":"2.500s"}}]})");
  bool retry_after = false;
  for (const auto& [name, value] : response.headers) {
    if (name == "Retry-After") {
      EXPECT_EQ(value, "3");  // rounded up
      retry_after = true;
    }
  }
  EXPECT_TRUE(retry_after);
}

TEST(ConnectErrorsTest, AnHttpLevelRefusalKeepsItsOwnStatus) {
  const HttpResponse response =
      ConnectErrorResponse(413, grpc::StatusCode::RESOURCE_EXHAUSTED, "too big");
  EXPECT_EQ(response.status, 413);
  EXPECT_EQ(response.body, R"({"code":"resource_exhausted","message":"too big"})");
}

}  // namespace
}  // namespace svcup::gateway
