// A server-streaming RPC whose messages are svcup.v1.Document pieces (ExportExecutionPlans) as
// one download: the body is the documents' bytes in order, sent as they arrive.
#ifndef SVCUP_SERVICES_GATEWAY_DOCUMENT_DOWNLOAD_H_
#define SVCUP_SERVICES_GATEWAY_DOCUMENT_DOWNLOAD_H_

#include <memory>
#include <optional>
#include <string>

#include "services/gateway/backend_stream.h"
#include "services/gateway/http_message.h"

namespace svcup::gateway {

// The bytes of a stream of Documents.
class DocumentDownload final : public ResponseStream {
 public:
  // Sends the content of `first` (a binary Document already read), then of each later one.
  DocumentDownload(std::shared_ptr<BackendStream> call, std::string first);
  ~DocumentDownload() override;

  std::optional<std::string> Next() override;
  void Cancel() override;
  bool Failed() const override { return failed_; }

  // The content of a binary Document ("" if it is none).
  static std::string ContentOf(const std::string& document);

 private:
  const std::shared_ptr<BackendStream> call_;
  std::optional<std::string> first_;
  bool failed_ = false;
};

}  // namespace svcup::gateway

#endif  // SVCUP_SERVICES_GATEWAY_DOCUMENT_DOWNLOAD_H_
