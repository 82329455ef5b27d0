// Error bodies, sessions, geography, health, metrics and the OpenAPI document.
#include <cstdio>

#include <nlohmann/json.hpp>

#include "api/api_context.h"
#include "api/json_body.h"
#include "api/json_views.h"
#include "http/cookies.h"

namespace ocop::api {

void RegisterRegistryRoutes(http::Router& router, ApiContext& ctx);

namespace {

using http::Access;
using http::Method;
using http::Request;
using http::Response;
using http::Surface;
using nlohmann::json;

Response Ok(int status, const json& body) { return Response::Json(status, body.dump()); }

Response Login(ApiContext& ctx, Request& r) {
  auto body = ParseObject(r);
  if (!body) return ErrorResponse(r, ctx.catalog, body.error());
  FieldReader in(*body, {"username", "password"});
  std::string username = in.String("username");
  std::string password = in.String("password");
  if (username.empty()) in.errors().Add("username", "error.field.required");
  if (password.empty()) in.errors().Add("password", "error.field.required");
  if (!in.errors().empty()) return ErrorResponse(r, ctx.catalog, in.Finish(Status::Ok()));
  auto login = ctx.identity.Login(username, password);
  if (!login) return ErrorResponse(r, ctx.catalog, login.error());
  Response resp = Ok(200, {{"token", login->token},
                           {"token_type", "Bearer"},
                           {"csrf_token", login->csrf_token},
                           {"expires_at", IsoTimestamp(login->expires_at)},
                           {"user", ToJson(login->principal)}});
  resp.Header("Set-Cookie",
              http::SetCookie(http::kSessionCookie, login->token,
                              login->expires_at - SystemClock().NowUnixSeconds(),
                              ctx.secure_cookies || r.secure));
  return resp;
}

// The session's token: the bearer token, else the cookie.
std::string TokenOf(const Request& r) {
  std::string auth = r.Header("authorization");
  if (auth.rfind("Bearer ", 0) == 0) return auth.substr(7);
  return r.Cookie(http::kSessionCookie);
}

json GeoProvince(const domain::Province& p) {
  return {{"code", p.code}, {"name", p.name}, {"division_type", p.division_type}};
}

json GeoCommune(const domain::Commune& c) {
  return {{"code", c.code},
          {"name", c.name},
          {"division_type", c.division_type},
          {"province_code", c.province_code}};
}

}  // namespace

Response ErrorResponse(const Request& request, const i18n::Catalog& catalog, const Status& status) {
  const std::string lang = request.Language();
  json error = {{"code", CodeName(status.code())}};
  // Internal details stay in the log, not in the answer.
  error["message"] = status.code() == Code::kInternal
                         ? catalog.Text(lang, "error.internal")
                         : catalog.Render(lang, status.message());
  if (!status.fields().empty()) {
    json fields = json::array();
    for (const auto& f : status.fields()) {
      fields.push_back({{"field", f.field}, {"message", catalog.Render(lang, f.message)}});
    }
    error["fields"] = fields;
  }
  if (status.message().key == "error.version.stale") {
    error["current_version"] = std::stoll(status.detail());
  }
  if (status.code() == Code::kInternal || status.code() == Code::kUnavailable) {
    std::fprintf(stderr, "error: %s %s: %s\n", std::string(http::MethodName(request.method)).c_str(),
                 request.path.c_str(), status.ToString().c_str());
  }
  Response resp = Response::Json(http::HttpStatusOf(status.code()), json{{"error", error}}.dump());
  if (status.code() == Code::kResourceExhausted && !status.detail().empty()) {
    resp.Header("Retry-After", status.detail());
  }
  if (status.code() == Code::kUnauthenticated) resp.Header("WWW-Authenticate", "Bearer");
  return resp;
}

void RegisterApiRoutes(http::Router& router, ApiContext& ctx) {
  router.Add(Method::kGet, "/healthz", Access::Public(), Surface::kApi, [&ctx](Request& r) {
    Status s = ctx.store.Ping();
    if (!s.ok()) return ErrorResponse(r, ctx.catalog, s);
    return Ok(200, {{"status", "ok"}});
  });
  router.Add(Method::kGet, "/metrics", Access::Public(), Surface::kApi, [&ctx](Request&) {
    return Response::Text(200, ctx.metrics.Render(), "text/plain; version=0.0.4; charset=utf-8");
  });
  router.Add(Method::kGet, "/api/v1/openapi.json", Access::Public(), Surface::kApi,
             [&ctx](Request&) { return Response::Json(200, ctx.openapi_json); });

  router.Add(Method::kPost, "/api/v1/session", Access::Public(), Surface::kApi,
             [&ctx](Request& r) { return Login(ctx, r); });
  router.Add(Method::kGet, "/api/v1/session", Access::AnyUser(), Surface::kApi,
             [](Request& r) { return Ok(200, {{"user", ToJson(*r.principal)}}); });
  router.Add(Method::kDelete, "/api/v1/session", Access::AnyUser(), Surface::kApi,
             [&ctx](Request& r) {
               Status s = ctx.identity.Logout(TokenOf(r));
               if (!s.ok()) return ErrorResponse(r, ctx.catalog, s);
               Response resp;
               resp.status = 204;
               resp.Header("Set-Cookie", http::SetCookie(http::kSessionCookie, "", 0,
                                                         ctx.secure_cookies || r.secure));
               return resp;
             });

  router.Add(Method::kGet, "/api/v1/geo/provinces", Access::Public(), Surface::kApi,
             [&ctx](Request& r) {
               const auto& geo = ctx.registry.geography();
               json items = json::array();
               std::string q = r.Query("q");
               if (q.empty()) {
                 for (const auto& p : geo.provinces()) items.push_back(GeoProvince(p));
               } else {
                 for (const auto* p : geo.SearchProvinces(q, 50)) items.push_back(GeoProvince(*p));
               }
               return Ok(200, {{"items", items}});
             });
  router.Add(Method::kGet, "/api/v1/geo/provinces/{code}/communes", Access::Public(),
             Surface::kApi, [&ctx](Request& r) {
               const auto& geo = ctx.registry.geography();
               std::string code = r.PathParam("code");
               if (!geo.FindProvince(code)) {
                 return ErrorResponse(r, ctx.catalog, NotFound("error.geo.unknown_province"));
               }
               json items = json::array();
               std::string q = r.Query("q");
               auto communes = q.empty() ? geo.CommunesOf(code) : geo.SearchCommunes(q, code, 200);
               for (const auto* c : communes) items.push_back(GeoCommune(*c));
               return Ok(200, {{"items", items}});
             });
  router.Add(Method::kGet, "/api/v1/product-sets", Access::Public(), Surface::kApi,
             [&ctx](Request&) {
               json items = json::array();
               for (const auto& s : ctx.registry.product_sets().sets()) {
                 items.push_back({{"number", s.number},
                                  {"name_vi", s.name_vi},
                                  {"name_en", s.name_en},
                                  {"group", s.group_code},
                                  {"group_vi", s.group_vi},
                                  {"group_en", s.group_en},
                                  {"subgroup", s.subgroup_no},
                                  {"subgroup_vi", s.subgroup_vi},
                                  {"subgroup_en", s.subgroup_en}});
               }
               return Ok(200, {{"items", items}});
             });
  RegisterRegistryRoutes(router, ctx);
}

}  // namespace ocop::api
