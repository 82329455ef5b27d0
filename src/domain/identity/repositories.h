// Ports the identity context needs from storage. Implementations are used
// inside one Store transaction and are not thread-safe on their own.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/status.h"
#include "domain/identity/user.h"

namespace ocop::domain {

class UserRepository {
 public:
  virtual ~UserRepository() = default;
  // Inserts and returns the new id; AlreadyExists if the username is taken.
  virtual Result<std::int64_t> Insert(const User& user) = 0;
  virtual Result<std::optional<User>> FindByUsername(const std::string& username) = 0;
  virtual Result<std::optional<User>> Get(std::int64_t id) = 0;
};

class SessionRepository {
 public:
  virtual ~SessionRepository() = default;
  virtual Status Insert(const SessionRecord& session) = 0;
  virtual Result<std::optional<SessionRecord>> Find(const std::string& token_hash) = 0;
  virtual Status Delete(const std::string& token_hash) = 0;
  // Removes sessions that expired before `now`; returns how many.
  virtual Result<std::int64_t> DeleteExpired(std::int64_t now) = 0;
};

// Log-in attempts per account within a window, kept in the store so that
// every server agrees.
struct LoginFailures {
  std::int64_t count = 0;
  std::int64_t window_start = 0;
};

class LoginThrottleRepository {
 public:
  virtual ~LoginThrottleRepository() = default;
  // Counts one more attempt on `key`, atomically (concurrent attempts each
  // count), starting a new window at `now` if the last one began at or before
  // `now - window_seconds`; returns the count and window after this attempt.
  virtual Result<LoginFailures> RecordAttempt(const std::string& key, std::int64_t now,
                                              std::int64_t window_seconds) = 0;
  virtual Status Clear(const std::string& key) = 0;
  // Forgets windows that ended before `now - window_seconds`.
  virtual Status DeleteStale(std::int64_t now, std::int64_t window_seconds) = 0;
};

}  // namespace ocop::domain
