// The printable documents on any revision, review or package: rendering never crashes and no
// markup a user wrote survives unescaped.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "services/reviews/documents.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  svcup::reviews::DocumentContext context;
  context.language = size % 2 == 0 ? svcup::v1::LANGUAGE_ZH_TW : svcup::v1::LANGUAGE_EN;
  svcup::v1::ReportRevision revision;
  if (revision.ParseFromString(bytes)) {
    const std::string html = svcup::reviews::RevisionHtml(revision, context);
    if (html.find("<script") != std::string::npos) std::abort();
    (void)svcup::reviews::RevisionCsv(revision);
  }
  svcup::v1::Review review;
  if (review.ParseFromString(bytes)) {
    const std::string html = svcup::reviews::ReviewHtml(review, context);
    if (html.find("<script") != std::string::npos) std::abort();
    (void)svcup::reviews::ReviewCsv(review);
  }
  svcup::v1::ForwardingPackage package;
  if (package.ParseFromString(bytes)) {
    (void)svcup::reviews::PackageHtml(package, context);
    (void)svcup::reviews::PackageCsv(package);
  }
  return 0;
}
