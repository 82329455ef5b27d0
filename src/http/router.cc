#include "http/router.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <exception>

#include "core/crypto.h"
#include "http/cookies.h"
#include "http/multipart.h"

namespace ocop::http {
namespace {

std::vector<std::string> Split(std::string_view path) {
  std::vector<std::string> out;
  while (!path.empty()) {
    if (path.front() == '/') {
      path.remove_prefix(1);
      continue;
    }
    auto slash = path.find('/');
    out.emplace_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash);
  }
  return out;
}

bool IsParam(const std::string& seg) {
  return seg.size() > 2 && seg.front() == '{' && seg.back() == '}';
}

bool IsUnsafe(Method m) {
  return m == Method::kPost || m == Method::kPut || m == Method::kPatch || m == Method::kDelete;
}

// The CSRF token a form or script sent: header first, then the form field of
// a urlencoded or a multipart (file upload) form.
std::string SubmittedCsrf(const Request& r) {
  std::string header = r.Header("x-csrf-token");
  if (!header.empty()) return header;
  const std::string type = r.Header("content-type");
  if (type.rfind("application/x-www-form-urlencoded", 0) == 0) {
    auto form = ParseUrlEncoded(r.body);
    auto it = form.find("_csrf");
    if (it != form.end()) return it->second;
  } else if (type.rfind("multipart/form-data", 0) == 0) {
    auto parts = ParseMultipart(type, r.body);
    if (parts) {
      for (const auto& p : *parts) {
        if (p.name == "_csrf" && p.filename.empty()) return p.data;
      }
    }
  }
  return {};
}

}  // namespace

bool Access::Allows(domain::Role role) const {
  return is_public || std::find(roles.begin(), roles.end(), role) != roles.end();
}

int HttpStatusOf(Code code) {
  switch (code) {
    case Code::kOk:
      return 200;
    case Code::kInvalidArgument:
      return 400;
    case Code::kNotFound:
      return 404;
    case Code::kAlreadyExists:
      return 409;
    case Code::kFailedPrecondition:
      return 409;
    case Code::kAborted:
      return 409;
    case Code::kPermissionDenied:
      return 403;
    case Code::kUnauthenticated:
      return 401;
    case Code::kResourceExhausted:
      return 429;
    case Code::kUnavailable:
      return 503;
    case Code::kInternal:
      return 500;
  }
  return 500;
}

std::string EscapeForLog(std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(s.size());
  for (unsigned char c : s) {
    if (c < 0x20 || c == 0x7f || c == '\\') {
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 15];
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

void LogServerError(const Request& request, const Status& status) {
  if (status.code() != Code::kInternal && status.code() != Code::kUnavailable) return;
  std::fprintf(stderr, "error: %.*s %s: %s\n", static_cast<int>(MethodName(request.method).size()),
               MethodName(request.method).data(), EscapeForLog(request.path).c_str(),
               EscapeForLog(status.ToString()).c_str());
}

void Router::Add(Method method, std::string pattern, Access access, Surface surface,
                 Handler handler) {
  std::vector<std::string> segments = Split(pattern);
  routes_.push_back({method, std::move(pattern), std::move(access), surface, std::move(handler),
                     std::move(segments)});
}

void Router::AllowBody(Method method, const std::string& pattern, std::size_t bytes) {
  for (auto& route : routes_) {
    if (route.method == method && route.pattern == pattern) route.max_body = bytes;
  }
}

std::size_t Router::BodyLimitFor(Request& request, std::size_t fallback) const {
  bool path_matched = false;
  const Route* route = Match(request, path_matched);
  return route && route->max_body ? route->max_body : fallback;
}

const Route* Router::Match(Request& request, bool& path_matched) const {
  const auto segments = Split(request.path);
  const Method method = request.method == Method::kHead ? Method::kGet : request.method;
  path_matched = false;
  for (const Route& route : routes_) {
    if (route.segments.size() != segments.size()) continue;
    bool ok = true;
    for (std::size_t i = 0; i < segments.size() && ok; ++i) {
      ok = IsParam(route.segments[i]) || route.segments[i] == segments[i];
    }
    if (!ok) continue;
    path_matched = true;
    if (route.method != method) continue;
    for (std::size_t i = 0; i < segments.size(); ++i) {
      if (IsParam(route.segments[i])) {
        // The server leaves "%2F" and "%25" in a segment ("125%2FGCN").
        request.path_params[route.segments[i].substr(1, route.segments[i].size() - 2)] =
            DecodeKeptEscapes(segments[i]);
      }
    }
    return &route;
  }
  return nullptr;
}

Response Router::RenderError(const Request& request, const Status& status) const {
  // People's browsers ask for HTML; every other client gets the JSON error shape.
  const bool wants_html = request.Header("accept").find("text/html") != std::string::npos;
  Surface surface =
      request.path.rfind("/api/", 0) == 0 || !wants_html ? Surface::kApi : Surface::kPage;
  return render_error_(request, surface, status);
}

Response Router::Dispatch(Request& request, const Route& route) const {
  if (authenticate_ && SessionTokenOf(request)) {
    auto auth = authenticate_(request);
    if (!auth) return render_error_(request, route.surface, auth.error());
    if (*auth) {
      request.principal = (*auth)->principal;
      request.csrf_token = (*auth)->csrf_token;
      if ((*auth)->via_cookie && IsUnsafe(request.method) && !route.access.is_public &&
          !crypto::ConstantTimeEquals(SubmittedCsrf(request), request.csrf_token)) {
        return render_error_(request, route.surface, PermissionDenied("error.csrf"));
      }
    }
  }
  if (!route.access.is_public) {
    if (!request.principal) {
      return render_error_(request, route.surface, Unauthenticated("error.unauthenticated"));
    }
    if (!route.access.Allows(request.principal->role)) {
      return render_error_(request, route.surface, PermissionDenied("error.forbidden"));
    }
  }
  return route.handler(request);
}

Response Router::Handle(Request& request) const {
  const auto start = std::chrono::steady_clock::now();
  bool path_matched = false;
  const Route* route = Match(request, path_matched);
  Response response;
  try {
    if (!route) {
      request.route = "unmatched";
      response = RenderError(
          request, path_matched ? Status(Code::kInvalidArgument, {"error.method_not_allowed", {}})
                                : NotFound("error.not_found"));
      if (path_matched) response.status = 405;
    } else {
      request.route = route->pattern;
      response = Dispatch(request, *route);
    }
  } catch (const std::exception& e) {
    response = RenderError(request, Internal(std::string("unhandled exception: ") + e.what()));
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  metrics_.RecordRequest(MethodName(request.method), request.route, response.status, seconds);
  return response;
}

}  // namespace ocop::http
