// Use cases of accounts: creating users, logging in (with throttling), and
// resolving a session token to a principal. Thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <semaphore>
#include <string>

#include "core/clock.h"
#include "core/status.h"
#include "domain/identity/user.h"
#include "domain/registry/geography.h"
#include "domain/store.h"

namespace ocop::domain {

struct NewUser {
  std::string username;
  std::string role;
  std::string province_code;
  std::string commune_code;
  std::int64_t producer_id = 0;
  std::string password;
};

struct LoginResult {
  std::string token;  // the only copy; the store keeps its digest
  std::string csrf_token;
  std::int64_t expires_at = 0;
  std::int64_t ttl_seconds = 0;  // the session's lifetime, for the cookie's Max-Age
  Principal principal;
};

struct AuthenticatedSession {
  Principal principal;
  std::string csrf_token;
};

struct IdentityPolicy {
  std::int64_t session_ttl_seconds = 12 * 3600;
  int max_failures = 5;                       // attempts allowed per window before a success
  std::int64_t failure_window_seconds = 900;  // then locked until the window ends
};

class IdentityService {
 public:
  static constexpr int kConcurrentPasswordChecks = 2;
  static constexpr std::size_t kMaxPasswordBytes = 1024;

  IdentityService(Store& store, const Geography& geo, const Clock& clock,
                  IdentityPolicy policy = {})
      : store_(store), geo_(geo), clock_(clock), policy_(policy) {}

  // Validates the role's scope (a provincial officer needs a real province, a
  // producer account an existing producer, …) and a password of ≥ 10
  // characters. AlreadyExists if the username is taken.
  Result<User> CreateUser(const NewUser& in);

  // Unauthenticated for a wrong username or password (the same answer for
  // both); ResourceExhausted, with the seconds to wait in detail, after too
  // many attempts on the account or while the password checks are saturated.
  // The password is compared in NFC, as it was stored.
  Result<LoginResult> Login(const std::string& username, const std::string& password);

  // The live session for `token`, or nullopt if unknown or expired.
  Result<std::optional<AuthenticatedSession>> Authenticate(const std::string& token);

  Status Logout(const std::string& token);

 private:
  Store& store_;
  const Geography& geo_;
  const Clock& clock_;
  IdentityPolicy policy_;
  std::counting_semaphore<kConcurrentPasswordChecks> password_checks_{kConcurrentPasswordChecks};
};

}  // namespace ocop::domain
