// Error bodies, sessions, geography, health, metrics and the OpenAPI document.
#include "api/api_context.h"
#include "api/json_body.h"
#include "api/json_views.h"
#include "http/cookies.h"

namespace ocop::api {

void RegisterRegistryRoutes(http::Router& router, ApiContext& ctx);
void RegisterRubricRoutes(http::Router& router, ApiContext& ctx);
void RegisterEvaluationRoutes(http::Router& router, ApiContext& ctx);
void RegisterCertificationRoutes(http::Router& router, ApiContext& ctx);
void RegisterEpcisRoutes(http::Router& router, ApiContext& ctx);
void RegisterLabReportRoutes(http::Router& router, ApiContext& ctx);
void RegisterTraceRoutes(http::Router& router, ApiContext& ctx);
void RegisterRecallRoutes(http::Router& router, ApiContext& ctx);
void RegisterSiteRoutes(http::Router& router, ApiContext& ctx);
void RegisterLotRoutes(http::Router& router, ApiContext& ctx);

namespace {

using http::Access;
using http::Method;
using http::Request;
using http::Response;
using http::Surface;
// {"items":[…]} of `items`, each written by `write`.
template <typename Items, typename WriteItem>
Response ItemsOf(const Items& items, WriteItem write) {
  JsonWriter w;
  w.BeginObject().Key("items").BeginArray();
  for (const auto& item : items) write(w, item);
  w.EndArray().EndObject();
  return Response::Json(200, w.Take());
}

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
  JsonWriter w;
  w.BeginObject()
      .Member("token", login->token)
      .Member("token_type", "Bearer")
      .Member("csrf_token", login->csrf_token)
      .Member("expires_at", IsoTimestamp(login->expires_at))
      .Key("user");
  WritePrincipal(w, login->principal);
  w.EndObject();
  Response resp = Response::Json(200, w.Take());
  resp.Header("Set-Cookie", http::SetCookie(http::kSessionCookie, login->token, login->ttl_seconds,
                                            ctx.secure_cookies || r.secure));
  return resp;
}

}  // namespace

Response ErrorResponse(const Request& request, const i18n::Catalog& catalog, const Status& status) {
  const std::string lang = request.Language();
  JsonWriter w;
  w.BeginObject().Key("error").BeginObject().Member("code", CodeName(status.code()));
  // Internal details stay in the log, not in the answer.
  w.Member("message", status.code() == Code::kInternal ? catalog.Text(lang, "error.internal")
                                                       : catalog.Render(lang, status.message()));
  if (!status.fields().empty()) {
    w.Key("fields").BeginArray();
    for (const auto& f : status.fields()) {
      w.BeginObject()
          .Member("field", f.field)
          .Member("message", catalog.Render(lang, f.message))
          .EndObject();
    }
    w.EndArray();
  }
  if (status.message().key == "error.version.stale") {
    w.Key("current_version").Int(std::stoll(status.detail()));
  }
  w.EndObject().EndObject();
  http::LogServerError(request, status);
  Response resp = Response::Json(http::HttpStatusOf(status.code()), w.Take());
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
    return Response::Json(200, R"({"status":"ok"})");
  });
  router.Add(Method::kGet, "/metrics", Access::Public(), Surface::kApi, [&ctx](Request&) {
    return Response::Text(200, ctx.metrics.Render(), "text/plain; version=0.0.4; charset=utf-8");
  });
  router.Add(Method::kGet, "/api/v1/openapi.json", Access::Public(), Surface::kApi,
             [&ctx](Request&) { return Response::Json(200, ctx.openapi_json); });

  router.Add(Method::kPost, "/api/v1/session", Access::Public(), Surface::kApi,
             [&ctx](Request& r) { return Login(ctx, r); });
  router.Add(Method::kGet, "/api/v1/session", Access::AnyUser(), Surface::kApi, [](Request& r) {
    JsonWriter w;
    w.BeginObject().Key("user");
    WritePrincipal(w, *r.principal);
    w.EndObject();
    return Response::Json(200, w.Take());
  });
  router.Add(
      Method::kDelete, "/api/v1/session", Access::AnyUser(), Surface::kApi, [&ctx](Request& r) {
        // The route admits only authenticated requests, so a token is there.
        Status s = ctx.identity.Logout(http::SessionTokenOf(r)->token);
        if (!s.ok()) return ErrorResponse(r, ctx.catalog, s);
        Response resp;
        resp.status = 204;
        resp.Header("Set-Cookie",
                    http::SetCookie(http::kSessionCookie, "", 0, ctx.secure_cookies || r.secure));
        return resp;
      });

  router.Add(
      Method::kGet, "/api/v1/geo/provinces", Access::Public(), Surface::kApi, [&ctx](Request& r) {
        const auto& geo = ctx.registry.geography();
        std::string q = r.Query("q");
        if (q.empty()) return ItemsOf(geo.provinces(), WriteProvince);
        return ItemsOf(geo.SearchProvinces(q, 50),
                       [](JsonWriter& w, const domain::Province* p) { WriteProvince(w, *p); });
      });
  router.Add(Method::kGet, "/api/v1/geo/provinces/{code}/communes", Access::Public(), Surface::kApi,
             [&ctx](Request& r) {
               const auto& geo = ctx.registry.geography();
               std::string code = r.PathParam("code");
               if (!geo.FindProvince(code)) {
                 return ErrorResponse(r, ctx.catalog, NotFound("error.geo.unknown_province"));
               }
               std::string q = r.Query("q");
               auto communes = q.empty() ? geo.CommunesOf(code) : geo.SearchCommunes(q, code, 200);
               return ItemsOf(communes,
                              [](JsonWriter& w, const domain::Commune* c) { WriteCommune(w, *c); });
             });
  router.Add(
      Method::kGet, "/api/v1/product-sets", Access::Public(), Surface::kApi,
      [&ctx](Request&) { return ItemsOf(ctx.registry.product_sets().sets(), WriteProductSet); });
  RegisterRegistryRoutes(router, ctx);
  RegisterRubricRoutes(router, ctx);
  RegisterEvaluationRoutes(router, ctx);
  RegisterCertificationRoutes(router, ctx);
  RegisterEpcisRoutes(router, ctx);
  RegisterLabReportRoutes(router, ctx);
  RegisterTraceRoutes(router, ctx);
  RegisterRecallRoutes(router, ctx);
  RegisterSiteRoutes(router, ctx);
  RegisterLotRoutes(router, ctx);
}

}  // namespace ocop::api
