// Password hashing (Argon2id), random tokens and digests, over libsodium.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace ocop::crypto {

// Must be called once before any other function here; false if libsodium
// could not start (the program must not go on).
bool Initialize();

// An Argon2id hash string in the PHC format ("$argon2id$v=19$m=…").
std::string HashPassword(std::string_view password);
bool VerifyPassword(std::string_view hash, std::string_view password);

// `bytes` random bytes from the OS CSPRNG, base64url without padding.
std::string RandomToken(int bytes = 32);

// Lower-case hex SHA-256 of `data` (sessions are stored by the digest of
// their token, so a leaked table does not leak live sessions).
std::string Sha256Hex(std::string_view data);

// Ed25519 (libsodium) for certificate signatures. Keys and signatures are raw
// bytes in std::string; Base64Url turns them into text.
struct SigningKeyPair {
  std::string public_key;  // 32 bytes
  std::string secret_key;  // 64 bytes
};
SigningKeyPair GenerateSigningKey();
// The 64-byte detached signature of `message`.
std::string Sign(std::string_view message, const std::string& secret_key);
bool VerifySignature(std::string_view message, std::string_view signature,
                     const std::string& public_key);
// A short stable id of a public key (the first 8 bytes of its SHA-256, base64url).
std::string KeyId(const std::string& public_key);

std::string Base64UrlEncode(std::string_view bytes);  // no padding
// nullopt if `text` is not base64url (padding optional).
std::optional<std::string> Base64UrlDecode(std::string_view text);

// Constant-time comparison of two strings of equal length.
bool ConstantTimeEquals(std::string_view a, std::string_view b);

}  // namespace ocop::crypto
