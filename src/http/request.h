// The server's own request type, independent of the HTTP library.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/identity/role.h"

namespace ocop::http {

enum class Method { kGet, kHead, kPost, kPut, kPatch, kDelete, kOptions, kOther };
std::string_view MethodName(Method m);
Method ParseMethod(std::string_view name);

struct Request {
  Method method = Method::kGet;
  std::string path;  // decoded path, without the query
  std::multimap<std::string, std::string> query;
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;
  std::string remote_address;
  bool secure = false;  // served over TLS (directly or as told by a trusted proxy)

  // Set by the router: `{name}` segments of the matched pattern, and the
  // authenticated principal, if any.
  std::map<std::string, std::string> path_params;
  std::optional<domain::Principal> principal;
  std::string csrf_token;  // of the principal's session
  std::string route;       // the matched pattern, for metrics and logs

  std::string Header(std::string_view name) const;  // "" if absent; name lower-case
  std::string Query(std::string_view name) const;   // first value or ""
  std::string Cookie(std::string_view name) const;  // "" if absent
  std::string PathParam(std::string_view name) const;
  // Language of the user: "vi" (default) or "en", from the `lang` cookie or
  // Accept-Language.
  std::string Language() const;
};

// Parses "a=1&b=x%20y" (application/x-www-form-urlencoded and query strings).
std::multimap<std::string, std::string> ParseUrlEncoded(std::string_view s);
std::string UrlDecode(std::string_view s, bool plus_as_space);
// The server decodes URLs but for "%2F" and "%25", so that an encoded slash
// stays inside its path segment (a certificate number such as
// "125/GCN-UBND"): this decodes those two, in one pass.
std::string DecodeKeptEscapes(std::string_view s);
// text::PercentEncode: everything but RFC 3986 unreserved characters as %XX.
std::string UrlEncode(std::string_view s);

}  // namespace ocop::http
