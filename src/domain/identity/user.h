// Accounts (tài khoản) and log-in sessions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "domain/identity/role.h"

namespace ocop::domain {

struct User {
  std::int64_t id = 0;
  std::string username;
  std::string password_hash;  // Argon2id, PHC string
  Role role = Role::kProducer;
  std::string province_code;
  std::string commune_code;
  std::int64_t producer_id = 0;
  std::int64_t created_at = 0;

  Principal ToPrincipal() const {
    return {id, username, role, province_code, commune_code, producer_id};
  }
};

// A log-in session. Stored by the SHA-256 of its token; the token itself is
// only ever held by the client.
struct SessionRecord {
  std::string token_hash;
  std::int64_t user_id = 0;
  std::string csrf_token;
  std::int64_t created_at = 0;
  std::int64_t expires_at = 0;
};

}  // namespace ocop::domain
