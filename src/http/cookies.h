// Set-Cookie values for the session, CSRF and language cookies.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace ocop::http {

inline constexpr const char* kSessionCookie = "ocop_session";

struct Request;

// The session token a request carries: "Authorization: Bearer …" first, else
// the session cookie; `via_cookie` says which (cookie sessions need CSRF
// tokens). nullopt when it carries none.
struct SessionToken {
  std::string token;
  bool via_cookie = false;
};
std::optional<SessionToken> SessionTokenOf(const Request& request);

// HttpOnly, SameSite=Lax, Path=/, and Secure when served over TLS.
// `max_age_seconds` 0 deletes the cookie.
std::string SetCookie(const std::string& name, const std::string& value,
                      std::int64_t max_age_seconds, bool secure, bool http_only = true);

}  // namespace ocop::http
