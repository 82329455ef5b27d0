#include "domain/identity/identity_service.h"

#include <chrono>

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
  static const std::string kHash = crypto::HashPassword(crypto::RandomToken(16));
  return kHash;
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
      if (!c)
        errors.Add("commune", "error.geo.unknown_commune");
      else
        u.province_code = c->province_code;
    }
    if (*role == Role::kProducer && in.producer_id <= 0) {
      errors.Add("producer", "error.field.required");
    }
  }
  const std::string password = text::ToNfc(in.password);
  if (!text::IsValidUtf8(password) || text::CodepointCount(password) < 10 ||
      password.size() > kMaxPasswordBytes) {
    errors.Add("password", "error.user.password");
  }
  if (!errors.empty()) return Err(errors.ToStatus());
  if (u.role == Role::kProvincialOfficer) u.province_code = in.province_code;
  if (u.role == Role::kCommuneOfficer) u.commune_code = in.commune_code;
  if (u.role == Role::kProducer) u.producer_id = in.producer_id;
  u.password_hash = crypto::HashPassword(password);
  if (u.password_hash.empty()) return Err(Internal("password hashing failed"));
  u.created_at = clock_.NowUnixSeconds();
  Status s = store_.Transact([&](Repositories& repos) -> Status {
    if (u.role == Role::kProducer) {
      OCOP_ASSIGN_OR_RETURN(auto producer, repos.producers().Get(u.producer_id));
      if (!producer) {
        return InvalidArgument("error.invalid_input",
                               {{"producer", {"error.product.producer", {}}}});
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
                                           const std::string& raw_password) {
  const std::int64_t now = clock_.NowUnixSeconds();
  const std::string password = text::ToNfc(raw_password);
  // A name no account can have is refused without touching the store, after
  // the same work as a real check so that timing tells nothing.
  const bool plausible = IsValidUsername(username) && password.size() <= kMaxPasswordBytes;
  // Argon2id takes 64 MiB and a fraction of a second: bound how many run at once.
  if (!password_checks_.try_acquire_for(std::chrono::seconds(5))) {
    return Err(ResourceExhausted("error.login.busy").WithDetail("5"));
  }
  struct Release {
    std::counting_semaphore<kConcurrentPasswordChecks>& s;
    ~Release() { s.release(); }
  } release{password_checks_};
  if (!plausible) {
    (void)crypto::VerifyPassword(DummyHash(), password);
    return Err(Unauthenticated("error.login.invalid"));
  }
  const std::string key = "user:" + username;
  LoginFailures attempts;
  std::optional<User> user;
  // The attempt counts before the password is checked, so that concurrent
  // guesses cannot all slip in under the limit.
  Status s = store_.Transact([&](Repositories& repos) -> Status {
    OCOP_ASSIGN_OR_RETURN(
        attempts, repos.login_throttle().RecordAttempt(key, now, policy_.failure_window_seconds));
    return Status::Ok();
  });
  if (!s.ok()) return Err(s);
  if (attempts.count > policy_.max_failures) {
    return Err(ResourceExhausted("error.login.throttled")
                   .WithDetail(std::to_string(attempts.window_start +
                                              policy_.failure_window_seconds - now)));
  }
  s = store_.Read([&](Repositories& repos) -> Status {
    OCOP_ASSIGN_OR_RETURN(user, repos.users().FindByUsername(username));
    return Status::Ok();
  });
  if (!s.ok()) return Err(s);
  const bool ok = user ? crypto::VerifyPassword(user->password_hash, password)
                       : (crypto::VerifyPassword(DummyHash(), password), false);
  if (!ok) return Err(Unauthenticated("error.login.invalid"));
  LoginResult result;
  result.token = crypto::RandomToken(32);
  result.csrf_token = crypto::RandomToken(24);
  result.expires_at = now + policy_.session_ttl_seconds;
  result.ttl_seconds = policy_.session_ttl_seconds;
  result.principal = user->ToPrincipal();
  s = store_.Transact([&](Repositories& repos) -> Status {
    OCOP_RETURN_IF_ERROR(repos.login_throttle().Clear(key));
    OCOP_RETURN_IF_ERROR(repos.login_throttle().DeleteStale(now, policy_.failure_window_seconds));
    auto expired = repos.sessions().DeleteExpired(now);
    if (!expired) return expired.error();
    return repos.sessions().Insert(
        {crypto::Sha256Hex(result.token), user->id, result.csrf_token, now, result.expires_at});
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
