// svcup token keygen | mint: the shared key and bearer tokens for local use and demos.
#include <openssl/rand.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <iostream>

#include "absl/flags/flag.h"
#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/time/clock.h"
#include "common/api/validation.h"
#include "common/auth/role_words.h"
#include "common/auth/token.h"
#include "tools/svcup/commands.h"

ABSL_FLAG(std::string, key_file, "data/token.key", "The shared token key file");
ABSL_FLAG(bool, force, false, "token keygen: overwrite an existing key file");
ABSL_FLAG(std::string, org, "", "token mint: organisation code (e.g. dpo-taipei)");
ABSL_FLAG(std::string, role, "", "token mint: the role, exactly one of agency-staff, agency-head, supervisor-reviewer, ministry-officer, service, operator");
ABSL_FLAG(std::string, subject, "", "token mint: the person or system (e.g. chen.mei-ling)");
ABSL_FLAG(absl::Duration, ttl, absl::Hours(8), "token mint: how long the token is valid");

namespace svcup::cli {
namespace {

int Keygen(const std::vector<std::string>& args) {
  int code = kOk;
  if (!ExpectArgs(args, 0, &code)) return code;
  const std::string path = absl::GetFlag(FLAGS_key_file);
  if (std::filesystem::exists(path) && !absl::GetFlag(FLAGS_force)) {
    return UsageError(absl::StrCat(path, " exists; pass --force to replace it (every token "
                                         "minted with the old key stops working)"));
  }
  unsigned char bytes[32];
  if (RAND_bytes(bytes, sizeof(bytes)) != 1) return UsageError("no randomness available");
  const std::string key = absl::BytesToHexString(
      absl::string_view(reinterpret_cast<const char*>(bytes), sizeof(bytes)));
  const std::filesystem::path parent = std::filesystem::path(path).parent_path();
  if (!parent.empty()) std::filesystem::create_directories(parent);
  {
    std::ofstream out(path, std::ios::trunc);
    out << key << "\n";
    if (!out) return UsageError(absl::StrCat("cannot write ", path));
  }
  chmod(path.c_str(), 0600);
  std::cout << "wrote a new 256-bit token key to " << path << " (mode 0600)\n";
  return kOk;
}

int Mint(const std::vector<std::string>& args) {
  int code = kOk;
  if (!ExpectArgs(args, 0, &code)) return code;
  auto key = ReadTokenKeyFile(absl::GetFlag(FLAGS_key_file));
  if (!key.ok()) return UsageError(key.status().message());
  TokenClaims claims;
  const std::optional<v1::Role> role = RoleFromWord(absl::GetFlag(FLAGS_role));
  if (!role.has_value()) {
    return UsageError(absl::StrCat("--role: ", Quote(absl::GetFlag(FLAGS_role)),
                                   " is not a role; one of ", kRoleWords));
  }
  claims.role = *role;
  claims.organisation = absl::GetFlag(FLAGS_org);
  claims.subject = absl::GetFlag(FLAGS_subject);
  claims.issued_at = absl::Now();
  claims.expires_at = claims.issued_at + absl::GetFlag(FLAGS_ttl);
  auto token = MintToken(*key, claims);
  if (!token.ok()) return UsageError(token.status().message());
  std::cout << *token << "\n";
  return kOk;
}

}  // namespace

std::vector<Command> TokenCommands() {
  return {
      {"token", "keygen", "Create the shared HMAC key the services verify tokens with",
       "[--key_file=data/token.key] [--force]", "svcup token keygen --key_file=data/token.key",
       Keygen},
      {"token", "mint", "Mint a bearer token for an organisation and role",
       "--org=CODE --role=ROLE --subject=NAME [--ttl=8h] [--key_file=...]",
       "svcup token mint --org=dpo-taipei --role=agency-head --subject=head.lin > head.token",
       Mint},
  };
}

}  // namespace svcup::cli
