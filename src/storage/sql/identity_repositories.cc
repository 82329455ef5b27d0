#include "domain/identity/role.h"
#include "storage/sql/sql_repositories.h"

namespace ocop::storage {
namespace {

constexpr const char* kUserColumns =
    "id, username, password_hash, role, province_code, commune_code, producer_id, created_at";

domain::User UserFromRow(const ResultSet& rs, std::size_t i) {
  domain::User u;
  u.id = rs.Int(i, 0);
  u.username = rs.Text(i, 1);
  u.password_hash = rs.Text(i, 2);
  u.role = domain::ParseRole(rs.Text(i, 3)).value_or(domain::Role::kProducer);
  u.province_code = rs.Text(i, 4);
  u.commune_code = rs.Text(i, 5);
  u.producer_id = rs.Int(i, 6);
  u.created_at = rs.Int(i, 7);
  return u;
}

Param NullIfZero(std::int64_t v) { return v == 0 ? Param(nullptr) : Param(v); }

}  // namespace

Result<std::int64_t> SqlUserRepository::Insert(const domain::User& u) {
  Param p[] = {u.username,      u.password_hash, std::string(domain::RoleId(u.role)),
               u.province_code, u.commune_code,  NullIfZero(u.producer_id),
               u.created_at};
  auto rs = c_.Query(
      "INSERT INTO users (username, password_hash, role, province_code, commune_code, "
      "producer_id, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
      p);
  if (!rs) {
    if (rs.error().code() == Code::kAlreadyExists) {
      return Err(Status(Code::kAlreadyExists, {"error.user.exists", {}},
                        {{"username", {"error.user.exists", {}}}}));
    }
    return Err(rs.error());
  }
  return rs->Int(0, 0);
}

Result<std::optional<domain::User>> SqlUserRepository::FindByUsername(const std::string& name) {
  Param p[] = {name};
  OCOP_ASSIGN_OR_RETURN(
      ResultSet rs,
      c_.Query(std::string("SELECT ") + kUserColumns + " FROM users WHERE username = $1", p));
  if (rs.empty()) return std::optional<domain::User>{};
  return UserFromRow(rs, 0);
}

Result<std::optional<domain::User>> SqlUserRepository::Get(std::int64_t id) {
  Param p[] = {id};
  OCOP_ASSIGN_OR_RETURN(
      ResultSet rs,
      c_.Query(std::string("SELECT ") + kUserColumns + " FROM users WHERE id = $1", p));
  if (rs.empty()) return std::optional<domain::User>{};
  return UserFromRow(rs, 0);
}

Status SqlSessionRepository::Insert(const domain::SessionRecord& s) {
  Param p[] = {s.token_hash, s.user_id, s.csrf_token, s.created_at, s.expires_at};
  return c_.Exec(
      "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at) "
      "VALUES ($1, $2, $3, $4, $5)",
      p);
}

Result<std::optional<domain::SessionRecord>> SqlSessionRepository::Find(
    const std::string& token_hash) {
  Param p[] = {token_hash};
  OCOP_ASSIGN_OR_RETURN(ResultSet rs,
                        c_.Query("SELECT token_hash, user_id, csrf_token, created_at, expires_at "
                                 "FROM sessions WHERE token_hash = $1",
                                 p));
  if (rs.empty()) return std::optional<domain::SessionRecord>{};
  return domain::SessionRecord{rs.Text(0, 0), rs.Int(0, 1), rs.Text(0, 2), rs.Int(0, 3),
                               rs.Int(0, 4)};
}

Status SqlSessionRepository::Delete(const std::string& token_hash) {
  Param p[] = {token_hash};
  return c_.Exec("DELETE FROM sessions WHERE token_hash = $1", p);
}

Result<std::int64_t> SqlSessionRepository::DeleteExpired(std::int64_t now) {
  Param p[] = {now};
  OCOP_ASSIGN_OR_RETURN(ResultSet rs,
                        c_.Query("DELETE FROM sessions WHERE expires_at <= $1 RETURNING 1", p));
  return static_cast<std::int64_t>(rs.rows.size());
}

Result<domain::LoginFailures> SqlLoginThrottleRepository::RecordAttempt(
    const std::string& key, std::int64_t now, std::int64_t window_seconds) {
  Param p[] = {key, now, now - window_seconds};
  OCOP_ASSIGN_OR_RETURN(
      ResultSet rs,
      c_.Query("INSERT INTO login_throttle (key, count, window_start) VALUES ($1, 1, $2) "
               "ON CONFLICT (key) DO UPDATE SET "
               "count = CASE WHEN login_throttle.window_start <= $3 THEN 1 "
               "ELSE login_throttle.count + 1 END, "
               "window_start = CASE WHEN login_throttle.window_start <= $3 THEN $2 "
               "ELSE login_throttle.window_start END "
               "RETURNING count, window_start",
               p));
  return domain::LoginFailures{rs.Int(0, 0), rs.Int(0, 1)};
}

Status SqlLoginThrottleRepository::Clear(const std::string& key) {
  Param p[] = {key};
  return c_.Exec("DELETE FROM login_throttle WHERE key = $1", p);
}

Status SqlLoginThrottleRepository::DeleteStale(std::int64_t now, std::int64_t window_seconds) {
  Param p[] = {now - window_seconds};
  return c_.Exec("DELETE FROM login_throttle WHERE window_start <= $1", p);
}

}  // namespace ocop::storage
