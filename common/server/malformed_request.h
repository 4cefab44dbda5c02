// Answers a request whose body does not parse as the request message (invalid UTF-8 in a
// string, a truncated message, nesting too deep) with INVALID_ARGUMENT and a message that says
// so, in place of the INTERNAL with an empty message gRPC gives: it is the client's fault, and
// the metrics, the access log and the error-ratio alert count it as such.
//
// gRPC reports the parse failure only for a call whose single request message arrives with the
// call (unary and server-streaming RPCs). On a client stream (RecordReadings) a message that
// does not parse ends the stream as if the client had half-closed; the batches before it stand.
#ifndef SVCUP_COMMON_SERVER_MALFORMED_REQUEST_H_
#define SVCUP_COMMON_SERVER_MALFORMED_REQUEST_H_

#include <grpcpp/support/server_interceptor.h>

namespace svcup {

// Creates the interceptor of each call. Register it first, so that the metrics and the access
// log see the status it sets.
class MalformedRequestInterceptorFactory final
    : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override;
};

}  // namespace svcup

#endif  // SVCUP_COMMON_SERVER_MALFORMED_REQUEST_H_
