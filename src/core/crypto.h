// Password hashing (Argon2id), random tokens and digests, over libsodium.
#pragma once

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

// Constant-time comparison of two strings of equal length.
bool ConstantTimeEquals(std::string_view a, std::string_view b);

}  // namespace ocop::crypto
