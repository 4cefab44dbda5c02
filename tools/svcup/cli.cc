#include "tools/svcup/cli.h"

#include <google/protobuf/util/json_util.h>
#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>
#include <openssl/rand.h>

#include <cstdlib>
#include <fstream>
#include <iostream>

#include "absl/flags/flag.h"
#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/files.h"
#include "common/status/grpc_status.h"
#include "svcup/v1/common.pb.h"
#include "tools/svcup/yaml_json.h"

ABSL_FLAG(std::string, plans_addr, "", "Plans service address (env SVCUP_PLANS_ADDR; default 127.0.0.1:50051)");
ABSL_FLAG(std::string, reports_addr, "", "Reports service address (env SVCUP_REPORTS_ADDR; default 127.0.0.1:50052)");
ABSL_FLAG(std::string, reviews_addr, "", "Reviews service address (env SVCUP_REVIEWS_ADDR; default 127.0.0.1:50053)");
ABSL_FLAG(std::string, token, "", "Bearer token (env SVCUP_TOKEN); overrides --token_file");
ABSL_FLAG(std::string, token_file, "", "File holding a bearer token (env SVCUP_TOKEN_FILE)");
ABSL_FLAG(std::string, tls_ca_file, "", "PEM CA bundle: connect with TLS and verify the server by it (env SVCUP_TLS_CA_FILE)");
ABSL_FLAG(std::string, tls_cert_file, "", "PEM client certificate for mutual TLS; its URI SAN is your identity (env SVCUP_TLS_CERT_FILE)");
ABSL_FLAG(std::string, tls_key_file, "", "PEM private key of --tls_cert_file (env SVCUP_TLS_KEY_FILE)");
ABSL_FLAG(absl::Duration, timeout, absl::Seconds(10), "Deadline of each call");
ABSL_FLAG(int, retries, 3, "Retries of idempotent calls on UNAVAILABLE");
ABSL_FLAG(std::string, request_id, "", "Idempotency key of a change (default: a fresh random id); reuse it to retry safely");
ABSL_FLAG(bool, json, false, "Print results as JSON instead of tables");
ABSL_FLAG(int, year, 2018, "Gregorian year (2018 = ROC 107)");
ABSL_FLAG(std::string, file, "", "JSON or YAML (.yaml, .yml) file holding the content (protobuf JSON mapping)");
ABSL_FLAG(bool, template, false, "Print an empty content template to fill in, and exit");
ABSL_FLAG(bool, yaml, false, "--template: print it as YAML instead of JSON");
ABSL_FLAG(std::string, etag, "", "Etag of the version you read (default: read it now)");
ABSL_FLAG(std::string, state, "", "Only this state (e.g. draft, submitted, published)");
ABSL_FLAG(std::string, out, "", "Write the document to this file instead of stdout");
ABSL_FLAG(std::string, target_prefix, "", "audit: only records whose target starts with this");

namespace svcup::cli {
namespace {

std::string FlagOrEnv(const std::string& flag, const char* env, const char* fallback) {
  if (!flag.empty()) return flag;
  const char* value = std::getenv(env);
  if (value != nullptr && *value != '\0') return value;
  return fallback;
}

}  // namespace

std::string ReadTokenFile(const std::string& path) {
  return std::string(absl::StripAsciiWhitespace(ReadFile(path).value_or("")));
}

absl::Status CheckCredentialFiles() {
  const std::pair<const char*, std::string> files[] = {
      {"--token_file", FlagOrEnv(absl::GetFlag(FLAGS_token_file), "SVCUP_TOKEN_FILE", "")},
      {"--tls_ca_file", FlagOrEnv(absl::GetFlag(FLAGS_tls_ca_file), "SVCUP_TLS_CA_FILE", "")},
      {"--tls_cert_file", FlagOrEnv(absl::GetFlag(FLAGS_tls_cert_file), "SVCUP_TLS_CERT_FILE", "")},
      {"--tls_key_file", FlagOrEnv(absl::GetFlag(FLAGS_tls_key_file), "SVCUP_TLS_KEY_FILE", "")}};
  for (const auto& [flag, path] : files) {
    if (!path.empty() && !ReadFile(path).ok()) {
      return absl::InvalidArgumentError(absl::StrCat(flag, ": cannot read ", path));
    }
  }
  return absl::OkStatus();
}

std::string BearerToken() {
  std::string token = FlagOrEnv(absl::GetFlag(FLAGS_token), "SVCUP_TOKEN", "");
  if (token.empty()) {
    const std::string file = FlagOrEnv(absl::GetFlag(FLAGS_token_file), "SVCUP_TOKEN_FILE", "");
    if (!file.empty()) token = ReadTokenFile(file);
  }
  return token;
}

namespace {

// Terminal columns taken by one code point: two for East Asian wide characters.
int CodePointWidth(char32_t c) {
  const bool wide = (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0xA4CF) ||
                    (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) ||
                    (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) ||
                    (c >= 0xFFE0 && c <= 0xFFE6);
  return wide ? 2 : 1;
}

int DisplayWidth(absl::string_view text) {
  int width = 0;
  for (size_t i = 0; i < text.size();) {
    const unsigned char lead = static_cast<unsigned char>(text[i]);
    const int length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
    char32_t c = length == 1 ? lead : lead & (0x3F >> (length - 1));
    for (int k = 1; k < length && i + k < text.size(); ++k) {
      c = (c << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
    }
    width += CodePointWidth(c);
    i += length;
  }
  return width;
}

}  // namespace

int ExitCodeOf(const absl::Status& status) {
  switch (status.code()) {
    case absl::StatusCode::kOk: return kOk;
    case absl::StatusCode::kNotFound: return kNotFound;
    case absl::StatusCode::kPermissionDenied:
    case absl::StatusCode::kUnauthenticated: return kDenied;
    case absl::StatusCode::kUnavailable:
    case absl::StatusCode::kDeadlineExceeded: return kUnavailable;
    case absl::StatusCode::kInvalidArgument:
    case absl::StatusCode::kFailedPrecondition:
    case absl::StatusCode::kAlreadyExists:
    case absl::StatusCode::kAborted:
    case absl::StatusCode::kOutOfRange:
    case absl::StatusCode::kResourceExhausted: return kRefused;
    default: return kFailed;
  }
}

std::shared_ptr<grpc::Channel> ChannelTo(Service service) {
  std::string address;
  switch (service) {
    case Service::kPlans:
      address = FlagOrEnv(absl::GetFlag(FLAGS_plans_addr), "SVCUP_PLANS_ADDR", "127.0.0.1:50051");
      break;
    case Service::kReports:
      address =
          FlagOrEnv(absl::GetFlag(FLAGS_reports_addr), "SVCUP_REPORTS_ADDR", "127.0.0.1:50052");
      break;
    case Service::kReviews:
      address =
          FlagOrEnv(absl::GetFlag(FLAGS_reviews_addr), "SVCUP_REVIEWS_ADDR", "127.0.0.1:50053");
      break;
  }
  const std::string ca = FlagOrEnv(absl::GetFlag(FLAGS_tls_ca_file), "SVCUP_TLS_CA_FILE", "");
  // Answers up to the suite's 8 MiB message limit (gRPC's client default is 4 MiB).
  grpc::ChannelArguments args;
  args.SetMaxReceiveMessageSize(8 << 20);
  if (ca.empty()) {
    return grpc::CreateCustomChannel(address, grpc::InsecureChannelCredentials(), args);
  }
  grpc::SslCredentialsOptions options;
  options.pem_root_certs = ReadFile(ca).value_or("");
  const std::string cert = FlagOrEnv(absl::GetFlag(FLAGS_tls_cert_file), "SVCUP_TLS_CERT_FILE", "");
  if (!cert.empty()) {
    options.pem_cert_chain = ReadFile(cert).value_or("");
    options.pem_private_key =
        ReadFile(FlagOrEnv(absl::GetFlag(FLAGS_tls_key_file), "SVCUP_TLS_KEY_FILE", ""))
            .value_or("");
  }
  return grpc::CreateCustomChannel(address, grpc::SslCredentials(options), args);
}

absl::Status CallAs(const std::string& token,
                    const std::function<grpc::Status(grpc::ClientContext&)>& call,
                    bool idempotent) {
  const int attempts = idempotent ? 1 + std::max(0, absl::GetFlag(FLAGS_retries)) : 1;
  absl::Duration backoff = absl::Milliseconds(200);
  absl::Status status;
  for (int attempt = 1; attempt <= attempts; ++attempt) {
    grpc::ClientContext context;
    context.set_deadline(absl::ToChronoTime(absl::Now() + absl::GetFlag(FLAGS_timeout)));
    if (!token.empty()) context.AddMetadata("authorization", "Bearer " + token);
    context.AddMetadata("x-request-id", TraceId());
    status = FromGrpcStatus(call(context));
    if (status.code() != absl::StatusCode::kUnavailable || attempt == attempts) break;
    absl::SleepFor(backoff);
    backoff *= 2;
  }
  return status;
}

absl::Status Call(const std::function<grpc::Status(grpc::ClientContext&)>& call,
                  bool idempotent, absl::StatusCode expected) {
  absl::Status status = CallAs(BearerToken(), call, idempotent);
  if (!status.ok() && status.code() != expected) {
    std::cerr << "error: " << absl::StatusCodeToString(status.code()) << ": "
              << status.message() << "\n";
    if (ExitCodeOf(status) == kFailed || ExitCodeOf(status) == kUnavailable) {
      // A fault, not a refusal: the id finds this call in the services' logs.
      std::cerr << "request id: " << TraceId() << "\n";
    }
  }
  return status;
}

const std::string& TraceId() {
  static const std::string* id = [] {
    unsigned char bytes[8];
    RAND_bytes(bytes, sizeof(bytes));
    return new std::string(absl::StrCat(
        "cli-", absl::BytesToHexString(absl::string_view(reinterpret_cast<const char*>(bytes),
                                                         sizeof(bytes)))));
  }();
  return *id;
}

std::string RequestId() {
  const std::string given = absl::GetFlag(FLAGS_request_id);
  if (!given.empty()) return given;
  unsigned char bytes[12];
  RAND_bytes(bytes, sizeof(bytes));
  return absl::StrCat("cli-", absl::BytesToHexString(absl::string_view(
                                  reinterpret_cast<const char*>(bytes), sizeof(bytes))));
}

bool IsYamlPath(absl::string_view path) {
  return absl::EndsWith(path, ".yaml") || absl::EndsWith(path, ".yml");
}

absl::Status ReadDraftFile(const std::string& path, google::protobuf::Message& message) {
  auto content = ReadFile(path);
  if (!content.ok()) return absl::InvalidArgumentError(absl::StrCat("cannot read ", path));
  std::string json = std::move(*content);
  const absl::string_view format = IsYamlPath(path) ? "YAML" : "JSON";
  if (IsYamlPath(path)) {
    auto converted = YamlToJson(json, *message.GetDescriptor());
    if (!converted.ok()) {
      return absl::InvalidArgumentError(absl::StrCat(path, " is not valid YAML: ",
                                                     converted.status().message()));
    }
    json = std::move(*converted);
  }
  google::protobuf::util::JsonParseOptions options;
  auto status = google::protobuf::util::JsonStringToMessage(json, &message, options);
  if (!status.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(
        path, " is not a valid ", message.GetDescriptor()->full_name(), " in ", format, ": ",
        status.message().as_string()));
  }
  return absl::OkStatus();
}

bool JsonOutput() { return absl::GetFlag(FLAGS_json); }

int PrintTemplate(const google::protobuf::Message& content) {
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = true;
  options.preserve_proto_field_names = true;
  options.always_print_primitive_fields = true;
  std::string json;
  (void)google::protobuf::util::MessageToJsonString(content, &json, options);
  std::cout << (absl::GetFlag(FLAGS_yaml) ? JsonToYaml(json) : json);
  return kOk;
}

void PrintJson(const google::protobuf::Message& message) {
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = true;
  options.preserve_proto_field_names = true;
  std::string json;
  (void)google::protobuf::util::MessageToJsonString(message, &json, options);
  std::cout << json;
}

void PrintTable(const std::vector<std::string>& header,
                const std::vector<std::vector<std::string>>& rows) {
  std::vector<int> widths(header.size(), 0);
  const auto measure = [&](const std::vector<std::string>& row) {
    for (size_t i = 0; i < row.size() && i < widths.size(); ++i) {
      widths[i] = std::max(widths[i], DisplayWidth(row[i]));
    }
  };
  measure(header);
  for (const auto& row : rows) measure(row);
  const auto print = [&](const std::vector<std::string>& row) {
    std::string line;
    for (size_t i = 0; i < row.size() && i < widths.size(); ++i) {
      line += row[i];
      if (i + 1 < row.size()) line += std::string(widths[i] - DisplayWidth(row[i]) + 2, ' ');
    }
    std::cout << line << "\n";
  };
  print(header);
  for (const auto& row : rows) print(row);
}

std::string EnumFlagName(const std::string& value_name, absl::string_view prefix) {
  std::string name = absl::AsciiStrToLower(absl::StripPrefix(value_name, prefix));
  std::replace(name.begin(), name.end(), '_', '-');
  return name;
}

int WriteDocument(const std::string& content, absl::string_view content_type) {
  const std::string out = absl::GetFlag(FLAGS_out);
  if (out.empty()) {
    std::cout << content;
    return kOk;
  }
  std::ofstream file(out, std::ios::binary | std::ios::trunc);
  file << content;
  if (!file) return UsageError(absl::StrCat("cannot write ", out));
  std::cerr << "wrote " << out << " (" << content.size() << " bytes, " << content_type << ")\n";
  return kOk;
}

void PrintAuditRecords(const google::protobuf::Message& message) {
  if (JsonOutput()) {
    PrintJson(message);
    return;
  }
  const auto& response = static_cast<const v1::ListAuditRecordsResponse&>(message);
  std::vector<std::vector<std::string>> rows;
  for (const auto& r : response.records()) {
    rows.push_back({absl::StrCat(r.sequence()), r.actor().organisation(), r.actor().subject(),
                    r.action(), r.target(), r.detail()});
  }
  PrintTable({"SEQ", "ACTOR", "SUBJECT", "ACTION", "TARGET", "DETAIL"}, rows);
}

int UsageError(absl::string_view message) {
  std::cerr << "error: " << message << "\n";
  return kUsage;
}

bool ExpectArgs(const std::vector<std::string>& args, size_t n, int* exit_code) {
  if (args.size() == n) return true;
  *exit_code = UsageError(absl::StrCat("expected ", n, " argument", n == 1 ? "" : "s", ", got ",
                                       args.size(), " (see --help)"));
  return false;
}

}  // namespace svcup::cli
