#include "http/cookies.h"

namespace ocop::http {

std::string SetCookie(const std::string& name, const std::string& value,
                      std::int64_t max_age_seconds, bool secure, bool http_only) {
  std::string out = name + "=" + value + "; Path=/; Max-Age=" + std::to_string(max_age_seconds) +
                    "; SameSite=Lax";
  if (http_only) out += "; HttpOnly";
  if (secure) out += "; Secure";
  return out;
}

}  // namespace ocop::http
