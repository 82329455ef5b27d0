// Set-Cookie values for the session, CSRF and language cookies.
#pragma once

#include <cstdint>
#include <string>

namespace ocop::http {

inline constexpr const char* kSessionCookie = "ocop_session";

// HttpOnly, SameSite=Lax, Path=/, and Secure when served over TLS.
// `max_age_seconds` 0 deletes the cookie.
std::string SetCookie(const std::string& name, const std::string& value,
                      std::int64_t max_age_seconds, bool secure, bool http_only = true);

}  // namespace ocop::http
