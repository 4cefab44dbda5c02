// The shared machinery of the svcup command-line tool: connection settings (flags or
// environment), credentials, deadlines and retries, reading drafts from files, output as a table
// or JSON, and exit codes per error class.
#ifndef SVCUP_TOOLS_SVCUP_CLI_H_
#define SVCUP_TOOLS_SVCUP_CLI_H_

#include <google/protobuf/message.h>
#include <grpcpp/channel.h>
#include <grpcpp/client_context.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/flags/declare.h"
#include "absl/flags/flag.h"
#include "svcup/v1/common.pb.h"
#include "absl/status/status.h"
#include "absl/strings/string_view.h"

// Flags shared by several command groups (defined in cli.cc).
ABSL_DECLARE_FLAG(int, year);
ABSL_DECLARE_FLAG(std::string, file);
ABSL_DECLARE_FLAG(bool, template);
ABSL_DECLARE_FLAG(std::string, etag);
ABSL_DECLARE_FLAG(std::string, state);
ABSL_DECLARE_FLAG(std::string, out);
ABSL_DECLARE_FLAG(std::string, target_prefix);

namespace svcup::cli {

// Exit codes, one per class of failure, so scripts can tell them apart.
enum ExitCode : int {
  kOk = 0,
  kFailed = 1,        // anything not below (INTERNAL, DATA_LOSS ...)
  kUsage = 2,         // bad command line or unreadable input file
  kNotFound = 3,      // NOT_FOUND
  kDenied = 4,        // PERMISSION_DENIED, UNAUTHENTICATED
  kUnavailable = 5,   // UNAVAILABLE, DEADLINE_EXCEEDED: the service is down or slow
  kRefused = 6,       // INVALID_ARGUMENT, FAILED_PRECONDITION, ALREADY_EXISTS, ABORTED ...
};

// The exit code of a status.
int ExitCodeOf(const absl::Status& status);

// One subcommand: "svcup <group> <verb> ...".
struct Command {
  std::string group;
  std::string verb;
  // One line for the command list.
  std::string summary;
  // Arguments and flags, e.g. "NAME [--as_of=YYYY-MM-DD]".
  std::string usage;
  // A complete example.
  std::string example;
  // Runs the command with its positional arguments; returns the exit code.
  std::function<int(const std::vector<std::string>& args)> run;
};

// The service a call goes to.
enum class Service { kPlans, kReports, kReviews };

// A channel to `service`, from --<service>_addr or SVCUP_<SERVICE>_ADDR (TLS when --tls_ca_file
// or SVCUP_TLS_CA_FILE names a CA bundle; mutual TLS with --tls_cert_file and --tls_key_file).
std::shared_ptr<grpc::Channel> ChannelTo(Service service);

// Runs `call` with a fresh context (bearer token, deadline from --timeout) and retries it on
// UNAVAILABLE up to --retries times with backoff when `idempotent` (reads, and writes that carry
// a request_id). Prints the error (code and the server's message) on failure.
// An error whose code is `expected` is returned without being printed (a probe).
absl::Status Call(const std::function<grpc::Status(grpc::ClientContext&)>& call,
                  bool idempotent = true,
                  absl::StatusCode expected = absl::StatusCode::kOk);

// Like Call, but as `token` and without printing the error: for commands that report the outcome
// of many items themselves (report submit-dir).
absl::Status CallAs(const std::string& token,
                    const std::function<grpc::Status(grpc::ClientContext&)>& call,
                    bool idempotent);

// INVALID_ARGUMENT naming the flag when a credential file given by flag or environment
// (--token_file, --tls_ca_file, --tls_cert_file, --tls_key_file) cannot be read.
absl::Status CheckCredentialFiles();

// The token held in the file at `path`, without surrounding whitespace ("" when unreadable).
std::string ReadTokenFile(const std::string& path);

// The bearer token of --token, SVCUP_TOKEN, --token_file or SVCUP_TOKEN_FILE ("" if none).
std::string BearerToken();

// The id this invocation sends as `x-request-id` with every call, so the services' access logs
// (and the calls they make on its behalf) can be found; printed with faults.
const std::string& TraceId();

// A request_id for a mutation: --request_id if given, else a fresh random one.
std::string RequestId();

// Whether `path` names a YAML file (.yaml or .yml).
bool IsYamlPath(absl::string_view path);

// Reads a draft file into `message`: protobuf's JSON mapping, or the same structure in YAML
// when the name ends in .yaml or .yml. INVALID_ARGUMENT naming the file and the problem when it
// cannot be read or parsed.
absl::Status ReadDraftFile(const std::string& path, google::protobuf::Message& message);

// Whether output should be JSON (--json).
bool JsonOutput();

// Prints a draft template to fill in: every field, as JSON, or as YAML with --yaml.
int PrintTemplate(const google::protobuf::Message& content);

// Prints a message as indented JSON (protobuf's JSON mapping, proto field names).
void PrintJson(const google::protobuf::Message& message);

// Prints rows as an aligned table (CJK characters counted as two columns).
void PrintTable(const std::vector<std::string>& header,
                const std::vector<std::vector<std::string>>& rows);

// Prints "error: <message>" to stderr and returns kUsage.
int UsageError(absl::string_view message);

// Parses a lower-case flag value such as "supervisory-office" into the enum value named
// prefix + "SUPERVISORY_OFFICE". False when there is no such value.
template <typename Enum>
bool ParseEnumFlag(const std::string& value, absl::string_view prefix,
                   bool (*parse)(const std::string&, Enum*), Enum* out);

// The lower-case form of an enum value name without its prefix ("supervisory-office").
std::string EnumFlagName(const std::string& value_name, absl::string_view prefix);

// Prints an audit trail page as a table (or JSON with --json).
void PrintAuditRecords(const google::protobuf::Message& response);

// Lists a service's audit trail (--target_prefix) through `stub` and prints it.
template <typename Stub>
int ListAuditRecords(Stub& stub);

// Writes `document` to --out (reporting where) or to stdout.
int WriteDocument(const std::string& content, absl::string_view content_type);

// Returns a usage error unless exactly `n` positional arguments were given.
bool ExpectArgs(const std::vector<std::string>& args, size_t n, int* exit_code);

// Calls an RPC (`rpc` fills the response) and prints the answer: as JSON with --json, else with
// `print`. Returns the exit code (the error is printed by Call).
template <typename Response>
int CallAndPrint(const std::function<grpc::Status(grpc::ClientContext&, Response*)>& rpc,
                 const std::function<void(const Response&)>& print) {
  Response response;
  const absl::Status status = Call([&](grpc::ClientContext& c) { return rpc(c, &response); });
  if (!status.ok()) return ExitCodeOf(status);
  if (JsonOutput()) {
    PrintJson(response);
  } else {
    print(response);
  }
  return kOk;
}

// Calls a List RPC page after page (500 at a time) and gathers every page into `all` (repeated
// fields appended, the last page's singular fields kept, no next_page_token).
template <typename Request, typename Response>
absl::Status ListAllPages(
    Request request,
    const std::function<grpc::Status(grpc::ClientContext&, const Request&, Response*)>& rpc,
    Response* all) {
  request.set_page_size(500);
  do {
    Response page;
    const absl::Status status =
        Call([&](grpc::ClientContext& c) { return rpc(c, request, &page); });
    if (!status.ok()) return status;
    request.set_page_token(page.next_page_token());
    all->MergeFrom(page);
  } while (!request.page_token().empty());
  all->clear_next_page_token();
  return absl::OkStatus();
}

template <typename Stub>
int ListAuditRecords(Stub& stub) {
  v1::ListAuditRecordsRequest request;
  request.set_target_prefix(absl::GetFlag(FLAGS_target_prefix));
  request.set_page_size(500);
  v1::ListAuditRecordsResponse response;
  auto status = Call([&](grpc::ClientContext& c) {
    return stub.ListAuditRecords(&c, request, &response);
  });
  if (!status.ok()) return ExitCodeOf(status);
  PrintAuditRecords(response);
  return kOk;
}

template <typename Enum>
bool ParseEnumFlag(const std::string& value, absl::string_view prefix,
                   bool (*parse)(const std::string&, Enum*), Enum* out) {
  std::string name(prefix);
  for (char c : value) name.push_back(c == '-' ? '_' : static_cast<char>(std::toupper(c)));
  return parse(name, out);
}

}  // namespace svcup::cli

#endif  // SVCUP_TOOLS_SVCUP_CLI_H_
