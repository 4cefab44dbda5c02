// What the reviews commands of svcup share: the stub, list flags read as pairs, and printing an
// answer as JSON or as one line.
#ifndef SVCUP_TOOLS_SVCUP_REVIEWS_CLIENT_H_
#define SVCUP_TOOLS_SVCUP_REVIEWS_CLIENT_H_

#include <google/protobuf/message.h>

#include <iostream>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "svcup/v1/reviews.grpc.pb.h"
#include "tools/svcup/cli.h"

namespace svcup::cli {

// A stub of the reviews service (--reviews_addr).
inline std::unique_ptr<v1::Reviews::Stub> ReviewsStub() {
  return v1::Reviews::NewStub(ChannelTo(Service::kReviews));
}

// "A:B;C:D" -> {{"A","B"},{"C","D"}} (split at the first `separator` of each item).
inline std::vector<std::pair<std::string, std::string>> Pairs(const std::string& list,
                                                              char separator) {
  std::vector<std::pair<std::string, std::string>> pairs;
  for (absl::string_view item : absl::StrSplit(list, ';', absl::SkipWhitespace())) {
    const size_t at = item.find(separator);
    if (at == absl::string_view::npos) {
      pairs.emplace_back(std::string(absl::StripAsciiWhitespace(item)), "");
    } else {
      pairs.emplace_back(std::string(absl::StripAsciiWhitespace(item.substr(0, at))),
                         std::string(absl::StripAsciiWhitespace(item.substr(at + 1))));
    }
  }
  return pairs;
}

// Prints `message` as JSON with --json, else `line`; returns kOk.
inline int PrintOr(const google::protobuf::Message& message, const std::string& line) {
  if (JsonOutput()) {
    PrintJson(message);
  } else {
    std::cout << line << "\n";
  }
  return kOk;
}

}  // namespace svcup::cli

#endif  // SVCUP_TOOLS_SVCUP_REVIEWS_CLIENT_H_
