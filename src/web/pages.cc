// Log-in, log-out, the home page of each role, the language switch and
// error pages.
#include <cctype>
#include <cstring>

#include "core/crypto.h"
#include "http/cookies.h"
#include "web/page_data.h"

namespace ocop::web {

void RegisterLabReportPages(http::Router& router, WebContext& ctx);

void RegisterTracePages(http::Router& router, WebContext& ctx);
void RegisterRecallPages(http::Router& router, WebContext& ctx);
void RegisterSitePages(http::Router& router, WebContext& ctx);
void RegisterLotPages(http::Router& router, WebContext& ctx);

namespace {

using domain::Role;
using http::Access;
using http::Method;
using http::Request;
using http::Response;
using http::Surface;

constexpr const char* kLoginCsrfCookie = "ocop_login_csrf";

// Only local paths, so that ?next= cannot send a user to another site:
// a single leading '/', and only characters that cannot change how a browser
// reads the URL (browsers drop tabs and newlines, and treat '\\' as '/').
std::string SafeNext(const std::string& next) {
  if (next.size() < 1 || next[0] != '/' || (next.size() > 1 && next[1] == '/')) return "/";
  for (unsigned char c : next) {
    const bool safe = std::isalnum(c) || (c != 0 && std::strchr("/-_.~?=&%+,;:", c) != nullptr);
    if (!safe) return "/";
  }
  return next;
}

Response LoginForm(const Request& r, WebContext& ctx, const std::string& username,
                   const std::string& error, int status) {
  std::string csrf = crypto::RandomToken(24);
  Data d = BaseData(r, ctx, "page.login.title");
  d.set("login_csrf", csrf);
  d.set("username", username);
  d.set("next", SafeNext(r.Query("next").empty() ? FormOf(r)["next"] : r.Query("next")));
  if (!error.empty()) d.set("error", error);
  Response resp = HtmlPage(ctx, "login", d, status);
  resp.Header("Set-Cookie",
              http::SetCookie(kLoginCsrfCookie, csrf, 3600, ctx.secure_cookies || r.secure));
  return resp;
}

Response LoginSubmit(Request& r, WebContext& ctx) {
  auto form = FormOf(r);
  const std::string lang = r.Language();
  std::string cookie = r.Cookie(kLoginCsrfCookie);
  if (cookie.empty() || !crypto::ConstantTimeEquals(cookie, form["_csrf"])) {
    return LoginForm(r, ctx, form["username"], ctx.catalog.Text(lang, "error.csrf"), 403);
  }
  auto login = ctx.identity.Login(form["username"], form["password"]);
  if (!login) {
    Response resp =
        LoginForm(r, ctx, form["username"], ctx.catalog.Render(lang, login.error().message()),
                  http::HttpStatusOf(login.error().code()));
    if (login.error().code() == Code::kResourceExhausted) {
      resp.Header("Retry-After", login.error().detail());
    }
    return resp;
  }
  Response resp = Response::Redirect(SafeNext(form["next"]));
  const bool secure = ctx.secure_cookies || r.secure;
  resp.Header("Set-Cookie",
              http::SetCookie(http::kSessionCookie, login->token, login->ttl_seconds, secure));
  resp.Header("Set-Cookie", http::SetCookie(kLoginCsrfCookie, "", 0, secure));
  return resp;
}

Response Home(Request& r, WebContext& ctx) {
  Data d = BaseData(r, ctx, "page.home.title");
  const std::string lang = r.Language();
  auto count_products = [&](domain::ProductFilter f) {
    f.limit = 1;
    auto page = ctx.registry.ListProducts(f);
    return page ? page->total : 0;
  };
  auto count_producers = [&](domain::ProducerFilter f) {
    f.limit = 1;
    auto page = ctx.registry.ListProducers(f);
    return page ? page->total : 0;
  };
  if (!r.principal) {
    d.set("anonymous", true);
    d.set("product_count", std::to_string(count_products({})));
    return HtmlPage(ctx, "home", d);
  }
  const auto& p = *r.principal;
  const auto& geo = ctx.registry.geography();
  d.set("role_intro", ctx.catalog.Text(lang, "home.intro." + std::string(domain::RoleId(p.role))));
  domain::ProducerFilter producers;
  domain::ProductFilter products;
  std::string scope_name = ctx.catalog.Text(lang, "home.scope.national");
  if (p.role == Role::kProvincialOfficer) {
    producers.province_code = products.province_code = p.province_code;
    if (const auto* prov = geo.FindProvince(p.province_code)) scope_name = prov->name;
    d.set("filter_query", "province=" + p.province_code);
  } else if (p.role == Role::kCommuneOfficer) {
    producers.commune_code = products.commune_code = p.commune_code;
    if (const auto* c = geo.FindCommune(p.commune_code)) scope_name = c->name;
    d.set("filter_query", "commune=" + p.commune_code);
  } else if (p.role == Role::kProducer) {
    auto producer = ctx.registry.GetProducer(p.producer_id);
    if (producer) {
      Data own;
      own.set("id", std::to_string(producer->id));
      own.set("name", producer->fields.name);
      d.set("own_producer", own);
      scope_name = producer->fields.name;
    }
    products.producer_id = p.producer_id;
    d.set("filter_query", "producer_id=" + std::to_string(p.producer_id));
  }
  d.set("scope_name", scope_name);
  if (p.role != Role::kProducer)
    d.set("producer_count", std::to_string(count_producers(producers)));
  d.set("product_count", std::to_string(count_products(products)));
  return HtmlPage(ctx, "home", d);
}

}  // namespace

Response PageError(const Request& request, WebContext& ctx, const Status& status) {
  http::LogServerError(request, status);
  if (status.code() == Code::kUnauthenticated) {
    return Response::Redirect("/login?next=" + http::UrlEncode(request.path));
  }
  Data d = BaseData(request, ctx, "page.error.title");
  const std::string lang = request.Language();
  d.set("message", status.code() == Code::kInternal ? ctx.catalog.Text(lang, "error.internal")
                                                    : ctx.catalog.Render(lang, status.message()));
  d.set("status", std::to_string(http::HttpStatusOf(status.code())));
  return HtmlPage(ctx, "error", d, http::HttpStatusOf(status.code()));
}

void RegisterPageRoutes(http::Router& router, WebContext& ctx) {
  router.Add(Method::kGet, "/", Access::Public(), Surface::kPage,
             [&ctx](Request& r) { return Home(r, ctx); });
  router.Add(Method::kGet, "/login", Access::Public(), Surface::kPage,
             [&ctx](Request& r) { return LoginForm(r, ctx, "", "", 200); });
  router.Add(Method::kPost, "/login", Access::Public(), Surface::kPage,
             [&ctx](Request& r) { return LoginSubmit(r, ctx); });
  router.Add(Method::kPost, "/logout", Access::AnyUser(), Surface::kPage, [&ctx](Request& r) {
    // Any session this request carries ends, whether cookie or bearer.
    if (auto session = http::SessionTokenOf(r)) (void)ctx.identity.Logout(session->token);
    Response resp = Response::Redirect("/");
    resp.Header("Set-Cookie",
                http::SetCookie(http::kSessionCookie, "", 0, ctx.secure_cookies || r.secure));
    return resp;
  });
  router.Add(Method::kGet, "/lang", Access::Public(), Surface::kPage, [&ctx](Request& r) {
    std::string lang = r.Query("set") == "en" ? "en" : "vi";
    Response resp = Response::Redirect(SafeNext(r.Query("next")));
    resp.Header("Set-Cookie", http::SetCookie("lang", lang, std::int64_t{365} * 24 * 3600,
                                              ctx.secure_cookies || r.secure, false));
    return resp;
  });
  RegisterProducerPages(router, ctx);
  RegisterProductPages(router, ctx);
  RegisterDossierPages(router, ctx);
  RegisterCouncilPages(router, ctx);
  RegisterCertificatePages(router, ctx);
  RegisterLabReportPages(router, ctx);
  RegisterTracePages(router, ctx);
  RegisterRecallPages(router, ctx);
  RegisterSitePages(router, ctx);
  RegisterLotPages(router, ctx);
}

}  // namespace ocop::web
