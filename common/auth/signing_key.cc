#include "common/auth/signing_key.h"

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "common/auth/crypto.h"
#include "common/files.h"

namespace svcup {
namespace {

constexpr size_t kPublicKeyBytes = 32;
constexpr size_t kSignatureBytes = 64;

EVP_PKEY* AsPkey(const std::shared_ptr<void>& pkey) { return static_cast<EVP_PKEY*>(pkey.get()); }

}  // namespace

void SigningKey::PkeyDeleter::operator()(void* pkey) const {
  EVP_PKEY_free(static_cast<EVP_PKEY*>(pkey));
}

SigningKey::SigningKey(void* pkey) : pkey_(pkey, PkeyDeleter()) {
  unsigned char raw[kPublicKeyBytes];
  size_t length = sizeof(raw);
  EVP_PKEY_get_raw_public_key(AsPkey(pkey_), raw, &length);
  public_key_.assign(reinterpret_cast<const char*>(raw), length);
  key_id_ = Ed25519Thumbprint(public_key_);
}

absl::StatusOr<SigningKey> SigningKey::Generate() {
  EVP_PKEY* pkey = EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519");
  if (pkey == nullptr) return absl::InternalError("cannot generate an Ed25519 key");
  return SigningKey(pkey);
}

absl::StatusOr<SigningKey> SigningKey::FromPem(absl::string_view pem) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(
      BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), &BIO_free);
  EVP_PKEY* pkey = PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr);
  if (pkey == nullptr) {
    return absl::InvalidArgumentError("not a PEM private key");
  }
  if (EVP_PKEY_get_id(pkey) != EVP_PKEY_ED25519) {
    EVP_PKEY_free(pkey);
    return absl::InvalidArgumentError(
        "not an Ed25519 key (make one with: svcup token keygen, or openssl genpkey -algorithm "
        "ed25519)");
  }
  return SigningKey(pkey);
}

absl::StatusOr<SigningKey> SigningKey::ReadFile(const std::string& path) {
  auto pem = ReadSecretFile(path);
  if (!pem.ok()) {
    return absl::FailedPreconditionError(
        absl::StrCat("signing key ", path, ": ", pem.status().message()));
  }
  auto key = FromPem(*pem);
  if (!key.ok()) {
    return absl::FailedPreconditionError(
        absl::StrCat("signing key ", path, ": ", key.status().message()));
  }
  return key;
}

std::string SigningKey::Pem() const {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), &BIO_free);
  PEM_write_bio_PrivateKey(bio.get(), AsPkey(pkey_), nullptr, nullptr, 0, nullptr, nullptr);
  char* data = nullptr;
  const long length = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<size_t>(length));
}

std::string SigningKey::Sign(absl::string_view data) const {
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> context(EVP_MD_CTX_new(),
                                                                  &EVP_MD_CTX_free);
  unsigned char signature[kSignatureBytes];
  size_t length = sizeof(signature);
  if (EVP_DigestSignInit(context.get(), nullptr, nullptr, nullptr, AsPkey(pkey_)) != 1 ||
      EVP_DigestSign(context.get(), signature, &length,
                     reinterpret_cast<const unsigned char*>(data.data()), data.size()) != 1) {
    return "";
  }
  return std::string(reinterpret_cast<const char*>(signature), length);
}

std::string Ed25519Thumbprint(absl::string_view public_key) {
  // RFC 7638 section 3.2: the required members, in lexicographic order, no whitespace.
  return absl::WebSafeBase64Escape(Sha256(absl::StrCat(
      R"({"crv":"Ed25519","kty":"OKP","x":")", absl::WebSafeBase64Escape(public_key), "\"}")));
}

bool VerifyEd25519(absl::string_view public_key, absl::string_view data,
                   absl::string_view signature) {
  if (public_key.size() != kPublicKeyBytes || signature.size() != kSignatureBytes) return false;
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> pkey(
      EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr,
                                  reinterpret_cast<const unsigned char*>(public_key.data()),
                                  public_key.size()),
      &EVP_PKEY_free);
  if (pkey == nullptr) return false;
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> context(EVP_MD_CTX_new(),
                                                                  &EVP_MD_CTX_free);
  return EVP_DigestVerifyInit(context.get(), nullptr, nullptr, nullptr, pkey.get()) == 1 &&
         EVP_DigestVerify(context.get(), reinterpret_cast<const unsigned char*>(signature.data()),
                          signature.size(), reinterpret_cast<const unsigned char*>(data.data()),
                          data.size()) == 1;
}

}  // namespace svcup
