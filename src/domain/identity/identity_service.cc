#include "domain/identity/identity_service.h"

#include "core/crypto.h"
#include "core/text.h"

namespace ocop::domain {
namespace {

bool IsValidUsername(std::string_view u) {
  if (u.size() < 3 || u.size() > 64) return false;
  for (char c : u) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_';
    if (!ok) return false;
  }
  return true;
}

// A hash of a random password, verified against when the username is
// unknown, so that timing does not reveal which usernames exist.
const std::string& DummyHash() {
  static const std::string hash = crypto::HashPassword(crypto::RandomToken(16));
  return hash;
}

}  // namespace

Result<User> IdentityService::CreateUser(const NewUser& in) {
  FieldErrors errors;
  User u;
  u.username = in.username;
  if (!IsValidUsername(in.username)) errors.Add("username", "error.user.username");
  auto role = ParseRole(in.role);
  if (!role) {
    errors.Add("role", "error.user.role");
  } else {
    u.role = *role;
    if (*role == Role::kProvincialOfficer && !geo_.FindProvince(in.province_code)) {
      errors.Add("province", "error.geo.unknown_province");
    }
    if (*role == Role::kCommuneOfficer) {
      const Commune* c = geo_.FindCommune(in.commune_code);
      if (!c) errors.Add("commune", "error.geo.unknown_commune");
      else u.province_code = c->province_code;
    }
    if (*role == Role::kProducer && in.producer_id <= 0) {
      errors.Add("producer", "error.field.required");
    }
  }
  if (text::CodepointCount(in.password) < 10 || !text::IsValidUtf8(in.password)) {
    errors.Add("password", "error.user.password");
  }
  if (!errors.empty()) return Err(errors.ToStatus());
  if (u.role == Role::kProvincialOfficer) u.province_code = in.province_code;
  if (u.role == Role::kCommuneOfficer) u.commune_code = in.commune_code;
  if (u.role == Role::kProducer) u.producer_id = in.producer_id;
  u.password_hash = crypto::HashPassword(in.password);
  if (u.password_hash.empty()) return Err(Internal("password hashing failed"));
  u.created_at = clock_.NowUnixSeconds();
  Status s = store_.Transact([&](Repositories& repos) -> Status {
    if (u.role == Role::kProducer) {
      OCOP_ASSIGN_OR_RETURN(auto producer, repos.producers().Get(u.producer_id));
      if (!producer) {
        return InvalidArgument("error.invalid_input", {{"producer", {"error.product.producer", {}}}});
      }
      u.province_code = producer->province_code;
      u.commune_code = producer->fields.commune_code;
    }
    OCOP_ASSIGN_OR_RETURN(u.id, repos.users().Insert(u));
    return Status::Ok();
  });
  if (!s.ok()) return Err(s);
  return u;
}

Result<LoginResult> IdentityService::Login(const std::string& username,
                                           const std::string& password) {
  const std::int64_t now = clock_.NowUnixSeconds();
  const std::string key = "user:" + username;
  std::optional<User> user;
  LoginFailures failures;
  Status s = store_.Read([&](Repositories& repos) -> Status {
    OCOP_ASSIGN_OR_RETURN(failures, repos.login_throttle().Get(key));
    OCOP_ASSIGN_OR_RETURN(user, repos.users().FindByUsername(username));
    return Status::Ok();
  });
  if (!s.ok()) return Err(s);
  const bool window_open = now < failures.window_start + policy_.failure_window_seconds;
  if (window_open && failures.count >= policy_.max_failures) {
    return Err(ResourceExhausted("error.login.throttled")
                   .WithDetail(std::to_string(failures.window_start +
                                              policy_.failure_window_seconds - now)));
  }
  const bool ok = user ? crypto::VerifyPassword(user->password_hash, password)
                       : (crypto::VerifyPassword(DummyHash(), password), false);
  if (!ok) {
    s = store_.Transact([&](Repositories& repos) -> Status {
      // Re-read inside the write so that concurrent failures all count.
      OCOP_ASSIGN_OR_RETURN(LoginFailures f, repos.login_throttle().Get(key));
      if (now >= f.window_start + policy_.failure_window_seconds) f = {0, now};
      ++f.count;
      return repos.login_throttle().Put(key, f);
    });
    if (!s.ok()) return Err(s);
    return Err(Unauthenticated("error.login.invalid"));
  }
  LoginResult result;
  result.token = crypto::RandomToken(32);
  result.csrf_token = crypto::RandomToken(24);
  result.expires_at = now + policy_.session_ttl_seconds;
  result.principal = user->ToPrincipal();
  s = store_.Transact([&](Repositories& repos) -> Status {
    if (failures.count > 0) OCOP_RETURN_IF_ERROR(repos.login_throttle().Clear(key));
    auto expired = repos.sessions().DeleteExpired(now);
    if (!expired) return expired.error();
    return repos.sessions().Insert({crypto::Sha256Hex(result.token), user->id, result.csrf_token,
                                    now, result.expires_at});
  });
  if (!s.ok()) return Err(s);
  return result;
}

Result<std::optional<AuthenticatedSession>> IdentityService::Authenticate(
    const std::string& token) {
  if (token.empty() || token.size() > 128) return std::optional<AuthenticatedSession>{};
  std::optional<AuthenticatedSession> out;
  const std::int64_t now = clock_.NowUnixSeconds();
  Status s = store_.Read([&](Repositories& repos) -> Status {
    OCOP_ASSIGN_OR_RETURN(auto session, repos.sessions().Find(crypto::Sha256Hex(token)));
    if (!session || session->expires_at <= now) return Status::Ok();
    OCOP_ASSIGN_OR_RETURN(auto user, repos.users().Get(session->user_id));
    if (!user) return Status::Ok();
    out = AuthenticatedSession{user->ToPrincipal(), session->csrf_token};
    return Status::Ok();
  });
  if (!s.ok()) return Err(s);
  return out;
}

Status IdentityService::Logout(const std::string& token) {
  return store_.Transact(
      [&](Repositories& repos) { return repos.sessions().Delete(crypto::Sha256Hex(token)); });
}

}  // namespace ocop::domain
