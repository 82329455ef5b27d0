// Routes, with the roles allowed on each, path parameters, authentication,
// CSRF checks for cookie sessions, and per-route metrics. Thread-safe once
// built (Add is only called while wiring, before serving).
#pragma once

#include <array>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "domain/identity/role.h"
#include "http/metrics.h"
#include "http/request.h"
#include "http/response.h"

namespace ocop::http {

// Who may use a route.
// Public routes act on nobody's authority, so they skip the session's CSRF
// check (the log-in form has a token of its own).
struct Access {
  bool is_public = false;           // anyone, logged in or not
  std::vector<domain::Role> roles;  // else: logged in with one of these roles

  static Access Public() { return {true, {}}; }
  static Access AnyUser() { return {false, {domain::kAllRoles.begin(), domain::kAllRoles.end()}}; }
  static Access Roles(std::vector<domain::Role> roles) { return {false, std::move(roles)}; }
  template <std::size_t N>
  static Access Roles(const std::array<domain::Role, N>& roles) {
    return {false, {roles.begin(), roles.end()}};
  }
  bool Allows(domain::Role role) const;
};

// How refusals are answered: JSON for the API, pages and redirects for people.
enum class Surface { kApi, kPage };

using Handler = std::function<Response(Request&)>;

struct Route {
  Method method;
  std::string pattern;  // "/api/v1/products/{id}"
  Access access;
  Surface surface;
  Handler handler;
  std::vector<std::string> segments;
  std::size_t max_body = 0;  // 0: the server's default limit
};

// The session behind a request, as resolved by the authenticator.
struct Authenticated {
  domain::Principal principal;
  std::string csrf_token;
  bool via_cookie = false;  // cookie sessions need a CSRF token on unsafe methods
};

class Router {
 public:
  // Resolves the credentials of a request (cookie or bearer token).
  using Authenticator = std::function<Result<std::optional<Authenticated>>(const Request&)>;
  // Renders an error for a surface: 401, 403, 404, 405, 413, 500, …
  using ErrorRenderer = std::function<Response(const Request&, Surface, const Status&)>;

  explicit Router(Metrics& metrics) : metrics_(metrics) {}

  void SetAuthenticator(Authenticator a) { authenticate_ = std::move(a); }
  void SetErrorRenderer(ErrorRenderer r) { render_error_ = std::move(r); }
  void Add(Method method, std::string pattern, Access access, Surface surface, Handler handler);
  // Lets the route `method pattern` (added before) take bodies up to `bytes`.
  void AllowBody(Method method, const std::string& pattern, std::size_t bytes);
  // The largest body the request may send: its route's, else `fallback`.
  std::size_t BodyLimitFor(Request& request, std::size_t fallback) const;

  // Never throws: a handler's exception becomes a 500 in the error shape.
  Response Handle(Request& request) const;
  // An error response in the surface the path belongs to (used by the server
  // for 413 and timeouts before routing).
  Response RenderError(const Request& request, const Status& status) const;

  const std::vector<Route>& routes() const { return routes_; }

 private:
  const Route* Match(Request& request, bool& path_matched) const;
  Response Dispatch(Request& request, const Route& route) const;

  Metrics& metrics_;
  std::vector<Route> routes_;
  Authenticator authenticate_;
  ErrorRenderer render_error_;
};

// The HTTP status of a canonical code (DESIGN.md §4).
int HttpStatusOf(Code code);

// Writes Internal and Unavailable errors to stderr (others are the client's
// doing and are not logged), with control characters of the path escaped.
void LogServerError(const Request& request, const Status& status);

// `s` with control characters as \xNN, safe to put on one log line.
std::string EscapeForLog(std::string_view s);

}  // namespace ocop::http
