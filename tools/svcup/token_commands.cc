// svcup token keygen | mint | retire: the token issuer's and the services' signing keys, the
// key set (JWKS) the services verify with, and bearer tokens. The issuer's private key stays
// with whoever runs `svcup token mint` (or is replaced by an identity provider); services get
// only the key set and their own key.
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <iostream>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/api/validation.h"
#include "common/auth/key_set.h"
#include "common/auth/role_words.h"
#include "common/auth/signing_key.h"
#include "common/auth/token.h"
#include "common/files.h"
#include "tools/svcup/commands.h"

ABSL_FLAG(std::string, signing_key_file, "data/issuer.key",
          "token: the Ed25519 private key (PEM) that signs tokens");
ABSL_FLAG(std::string, jwks_file, "data/jwks.json",
          "token keygen/retire: the key set (JWKS) the services verify tokens with");
ABSL_FLAG(std::string, service, "",
          "token keygen: make the key of this service (reports, reviews), which signs only its "
          "identity; empty for the token issuer's key");
ABSL_FLAG(std::string, kid, "", "token retire: the id of the key to remove from the key set");
ABSL_FLAG(bool, force, false, "token keygen: overwrite an existing key file");
ABSL_FLAG(std::string, org, "", "token mint: organisation code (e.g. dpo-taipei)");
ABSL_FLAG(std::string, role, "",
          "token mint: the role, exactly one of agency-staff, agency-head, supervisor-reviewer, "
          "ministry-officer, operator");
ABSL_FLAG(std::string, subject, "", "token mint: the person or system (e.g. chen.mei-ling)");
ABSL_FLAG(absl::Duration, ttl, absl::Hours(8),
          "token mint: how long the token is valid (at most the services' --token_max_lifetime, "
          "24h by default)");
ABSL_FLAG(std::string, audience, "svcup",
          "token mint: the audience (the services' --token_audience)");

namespace svcup::cli {
namespace {

// Writes `content` to `path` through a temporary file and a rename, so a service re-reading it
// never sees half a file; `mode` applies before the rename.
bool ReplaceFile(const std::string& path, const std::string& content, mode_t mode) {
  const std::filesystem::path parent = std::filesystem::path(path).parent_path();
  std::error_code error;
  if (!parent.empty()) std::filesystem::create_directories(parent, error);
  const std::string temporary = path + ".tmp";
  {
    std::ofstream out(temporary, std::ios::trunc | std::ios::binary);
    out << content;
    if (!out.flush()) return false;
  }
  return chmod(temporary.c_str(), mode) == 0 && std::rename(temporary.c_str(), path.c_str()) == 0;
}

// The key set in --jwks_file; an empty set when the file does not exist yet.
absl::StatusOr<KeySet> ReadKeySet(const std::string& path) {
  if (!std::filesystem::exists(path)) return KeySet();
  auto json = ReadFile(path);
  if (!json.ok()) return json.status();
  return KeySet::ParseJwks(*json);
}

int Keygen(const std::vector<std::string>& args) {
  int code = kOk;
  if (!ExpectArgs(args, 0, &code)) return code;
  const std::string key_path = absl::GetFlag(FLAGS_signing_key_file);
  const std::string jwks_path = absl::GetFlag(FLAGS_jwks_file);
  const std::string service = absl::GetFlag(FLAGS_service);
  if (std::filesystem::exists(key_path) && !absl::GetFlag(FLAGS_force)) {
    return UsageError(
        absl::StrCat(key_path,
                     " exists; pass --force to replace it (to rotate, write the new key to a new "
                     "file: both stay in the key set until the old key's tokens expire)"));
  }
  auto keys = ReadKeySet(jwks_path);
  if (!keys.ok()) return UsageError(absl::StrCat(jwks_path, ": ", keys.status().message()));
  auto key = SigningKey::Generate();
  if (!key.ok()) return UsageError(key.status().message());
  if (auto added = keys->Add(*key, service); !added.ok()) return UsageError(added.message());
  if (!ReplaceFile(key_path, key->Pem(), 0600)) {
    return UsageError(absl::StrCat("cannot write ", key_path));
  }
  if (!ReplaceFile(jwks_path, keys->ToJwks(), 0644)) {
    return UsageError(absl::StrCat("cannot write ", jwks_path));
  }
  std::cout << "wrote a new Ed25519 " << (service.empty() ? "issuer" : service + " service")
            << " key " << key->key_id() << " to " << key_path << " (mode 0600) and its public "
            << "half to " << jwks_path << " (" << keys->size() << " keys)\n";
  return kOk;
}

int Retire(const std::vector<std::string>& args) {
  int code = kOk;
  if (!ExpectArgs(args, 0, &code)) return code;
  const std::string jwks_path = absl::GetFlag(FLAGS_jwks_file);
  auto keys = ReadKeySet(jwks_path);
  if (!keys.ok()) return UsageError(absl::StrCat(jwks_path, ": ", keys.status().message()));
  if (auto removed = keys->Remove(absl::GetFlag(FLAGS_kid)); !removed.ok()) {
    return UsageError(removed.message());
  }
  if (keys->size() == 0) {
    return UsageError("that is the last key in the set; add its successor first (token keygen)");
  }
  if (!ReplaceFile(jwks_path, keys->ToJwks(), 0644)) {
    return UsageError(absl::StrCat("cannot write ", jwks_path));
  }
  std::cout << "removed key " << absl::GetFlag(FLAGS_kid) << " from " << jwks_path
            << "; tokens it signed are refused once the services re-read the file\n";
  return kOk;
}

int Mint(const std::vector<std::string>& args) {
  int code = kOk;
  if (!ExpectArgs(args, 0, &code)) return code;
  auto key = SigningKey::ReadFile(absl::GetFlag(FLAGS_signing_key_file));
  if (!key.ok()) return UsageError(key.status().message());
  TokenClaims claims;
  const std::optional<v1::Role> role = RoleFromWord(absl::GetFlag(FLAGS_role));
  if (!role.has_value() || *role == v1::ROLE_SERVICE) {
    return UsageError(absl::StrCat("--role: ", Quote(absl::GetFlag(FLAGS_role)),
                                   " is not a role the issuer signs; one of ", kRoleWords,
                                   " but service (services sign their own identity)"));
  }
  claims.role = *role;
  claims.organisation = absl::GetFlag(FLAGS_org);
  claims.subject = absl::GetFlag(FLAGS_subject);
  claims.issued_at = absl::Now();
  claims.expires_at = claims.issued_at + absl::GetFlag(FLAGS_ttl);
  auto token = MintToken(*key, claims, absl::GetFlag(FLAGS_audience));
  if (!token.ok()) return UsageError(token.status().message());
  std::cout << *token << "\n";
  return kOk;
}

}  // namespace

std::vector<Command> TokenCommands() {
  return {
      {"token", "keygen",
       "Create a signing key (the issuer's, or with --service a service's own) and add its public "
       "half to the key set",
       "[--signing_key_file=data/issuer.key] [--jwks_file=data/jwks.json] [--service=NAME] "
       "[--force]",
       "svcup token keygen --service=reports --signing_key_file=data/reports.key", Keygen},
      {"token", "mint", "Sign a bearer token for an organisation and role with the issuer's key",
       "--org=CODE --role=ROLE --subject=NAME [--ttl=8h] [--signing_key_file=...] "
       "[--audience=svcup]",
       "svcup token mint --org=dpo-taipei --role=agency-head --subject=head.lin > head.token",
       Mint},
      {"token", "retire", "Remove a key from the key set (after rotating to its successor)",
       "--kid=KEY_ID [--jwks_file=data/jwks.json]",
       "svcup token retire --kid=3q2-7wBv... --jwks_file=data/jwks.json", Retire},
  };
}

}  // namespace svcup::cli
