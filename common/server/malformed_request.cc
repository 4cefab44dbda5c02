#include "common/server/malformed_request.h"

#include "absl/strings/str_cat.h"

namespace svcup {
namespace {

using grpc::experimental::InterceptionHookPoints;
using grpc::experimental::ServerRpcInfo;

class MalformedRequestInterceptor final : public grpc::experimental::Interceptor {
 public:
  explicit MalformedRequestInterceptor(ServerRpcInfo* info)
      : method_(info->method()),
        single_request_(info->type() == ServerRpcInfo::Type::UNARY ||
                        info->type() == ServerRpcInfo::Type::SERVER_STREAMING) {}

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    // The request message arrives parsed, or as nullptr when its bytes did not parse.
    if (single_request_ &&
        methods->QueryInterceptionHookPoint(InterceptionHookPoints::POST_RECV_MESSAGE) &&
        methods->GetRecvMessage() == nullptr) {
      unparsable_ = true;
    }
    if (unparsable_ &&
        methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_STATUS) &&
        (methods->GetSendStatus().error_code() == grpc::StatusCode::INTERNAL ||
         methods->GetSendStatus().error_code() == grpc::StatusCode::UNIMPLEMENTED)) {
      // gRPC answers an unparsable request INTERNAL (synchronous handlers) or UNIMPLEMENTED
      // with no message (callback handlers); both blame the server for the client's bytes.
      methods->ModifySendStatus(grpc::Status(
          grpc::StatusCode::INVALID_ARGUMENT,
          absl::StrCat("request: the body is not a valid protobuf encoding of the request of ",
                       method_,
                       " (truncated, nested too deeply, or a string that is not UTF-8)")));
    }
    methods->Proceed();
  }

 private:
  const std::string method_;
  const bool single_request_;
  bool unparsable_ = false;
};

}  // namespace

grpc::experimental::Interceptor* MalformedRequestInterceptorFactory::CreateServerInterceptor(
    ServerRpcInfo* info) {
  return new MalformedRequestInterceptor(info);
}

}  // namespace svcup
