#include "services/gateway/document_download.h"

#include "svcup/v1/common.pb.h"

namespace svcup::gateway {

DocumentDownload::DocumentDownload(std::shared_ptr<BackendStream> call, std::string first)
    : call_(std::move(call)), first_(std::move(first)) {}

DocumentDownload::~DocumentDownload() { call_->Cancel(); }

std::string DocumentDownload::ContentOf(const std::string& document) {
  v1::Document parsed;
  return parsed.ParseFromString(document) ? parsed.content() : "";
}

std::optional<std::string> DocumentDownload::Next() {
  if (first_.has_value()) {
    std::string content = ContentOf(*first_);
    first_.reset();
    return content;
  }
  std::string message;
  grpc::Status status;
  // The export writes as fast as the client reads; a minute without a piece ends it.
  switch (call_->Next(absl::Minutes(1), &message, &status)) {
    case BackendStream::Read::kMessage:
      return ContentOf(message);
    case BackendStream::Read::kQuiet:
      failed_ = true;
      return std::nullopt;
    case BackendStream::Read::kEnded:
      failed_ = !status.ok();
      return std::nullopt;
  }
  return std::nullopt;
}

void DocumentDownload::Cancel() { call_->Cancel(); }

}  // namespace svcup::gateway
