#include "http/cookies.h"

#include "http/request.h"

namespace ocop::http {

std::optional<SessionToken> SessionTokenOf(const Request& request) {
  std::string auth = request.Header("authorization");
  if (auth.rfind("Bearer ", 0) == 0) return SessionToken{auth.substr(7), false};
  std::string cookie = request.Cookie(kSessionCookie);
  if (!cookie.empty()) return SessionToken{std::move(cookie), true};
  return std::nullopt;
}

std::string SetCookie(const std::string& name, const std::string& value,
                      std::int64_t max_age_seconds, bool secure, bool http_only) {
  std::string out = name + "=" + value + "; Path=/; Max-Age=" + std::to_string(max_age_seconds) +
                    "; SameSite=Lax";
  if (http_only) out += "; HttpOnly";
  if (secure) out += "; Secure";
  return out;
}

}  // namespace ocop::http
