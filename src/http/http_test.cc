#include <gtest/gtest.h>

#include "http/cookies.h"
#include "http/router.h"

namespace ocop::http {
namespace {

using domain::Role;

class RouterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    router_.SetErrorRenderer([](const Request&, Surface surface, const Status& s) {
      Response r = Response::Text(HttpStatusOf(s.code()), s.message().key);
      r.Header("X-Surface", surface == Surface::kApi ? "api" : "page");
      return r;
    });
    router_.SetAuthenticator([](const Request& r) -> Result<std::optional<Authenticated>> {
      std::string token = r.Cookie(kSessionCookie);
      bool via_cookie = true;
      if (token.empty()) {
        token = r.Header("authorization").substr(7);
        via_cookie = false;
      }
      if (token == "officer") {
        return Authenticated{
            {7, "tinh.52", Role::kProvincialOfficer, "52", "", 0}, "csrf-1", via_cookie};
      }
      return std::optional<Authenticated>{};
    });
    router_.Add(Method::kGet, "/api/v1/products/{id}", Access::Public(), Surface::kApi,
                [](Request& r) { return Response::Text(200, "product " + r.PathParam("id")); });
    router_.Add(Method::kPost, "/api/v1/producers",
                Access::Roles({Role::kNationalAdmin, Role::kProvincialOfficer}), Surface::kApi,
                [](Request& r) { return Response::Text(201, r.principal->username); });
    router_.Add(Method::kGet, "/admin", Access::Roles({Role::kNationalAdmin}), Surface::kPage,
                [](Request&) { return Response::Text(200, "admin"); });
  }

  Response Call(Method m, std::string path, std::map<std::string, std::string> headers = {},
                std::string body = "") {
    Request r;
    r.method = m;
    r.path = std::move(path);
    r.headers = std::move(headers);
    r.body = std::move(body);
    return router_.Handle(r);
  }

  Metrics metrics_;
  Router router_{metrics_};
};

TEST_F(RouterTest, MatchesPathParameters) {
  Response r = Call(Method::kGet, "/api/v1/products/42");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "product 42");
  EXPECT_EQ(Call(Method::kHead, "/api/v1/products/42").status, 200);
}

TEST_F(RouterTest, AnswersUnknownPathsAndMethods) {
  EXPECT_EQ(Call(Method::kGet, "/api/v1/nothing").status, 404);
  EXPECT_EQ(Call(Method::kDelete, "/api/v1/products/42").status, 405);
}

TEST_F(RouterTest, EnforcesRoles) {
  EXPECT_EQ(Call(Method::kPost, "/api/v1/producers").status, 401);
  Response ok = Call(Method::kPost, "/api/v1/producers", {{"authorization", "Bearer officer"}});
  EXPECT_EQ(ok.status, 201);
  EXPECT_EQ(ok.body, "tinh.52");
  Response denied = Call(Method::kGet, "/admin", {{"authorization", "Bearer officer"}});
  EXPECT_EQ(denied.status, 403);
  EXPECT_EQ(denied.GetHeader("x-surface"), "page");
}

TEST_F(RouterTest, RequiresCsrfTokenForCookieSessions) {
  std::map<std::string, std::string> cookie = {{"cookie", "lang=vi; ocop_session=officer"}};
  Response no_token = Call(Method::kPost, "/api/v1/producers", cookie);
  EXPECT_EQ(no_token.status, 403);
  EXPECT_EQ(no_token.body, "error.csrf");
  auto with_header = cookie;
  with_header["x-csrf-token"] = "csrf-1";
  EXPECT_EQ(Call(Method::kPost, "/api/v1/producers", with_header).status, 201);
  auto form = cookie;
  form["content-type"] = "application/x-www-form-urlencoded";
  EXPECT_EQ(Call(Method::kPost, "/api/v1/producers", form, "name=x&_csrf=csrf-1").status, 201);
  EXPECT_EQ(Call(Method::kPost, "/api/v1/producers", form, "_csrf=csrf-2").status, 403);
}

TEST_F(RouterTest, RecordsMetricsPerRoute) {
  Call(Method::kGet, "/api/v1/products/1");
  Call(Method::kGet, "/api/v1/products/2");
  std::string text = metrics_.Render();
  EXPECT_NE(text.find("ocop_http_requests_total{method=\"GET\",route=\"/api/v1/products/{id}\","
                      "status=\"200\"} 2"),
            std::string::npos);
  EXPECT_NE(
      text.find("ocop_http_request_duration_seconds_count{route=\"/api/v1/products/{id}\"} 2"),
      std::string::npos);
  EXPECT_NE(text.find("ocop_store_errors_total 0"), std::string::npos);
}

TEST(Request, ParsesFormsCookiesAndLanguage) {
  auto form = ParseUrlEncoded("name=M%E1%BA%ADt+ong&empty=&flag");
  EXPECT_EQ(form.find("name")->second, "Mật ong");
  EXPECT_EQ(form.find("empty")->second, "");
  EXPECT_TRUE(form.count("flag"));
  Request r;
  r.headers["cookie"] = "a=1; lang=en";
  EXPECT_EQ(r.Cookie("lang"), "en");
  EXPECT_EQ(r.Language(), "en");
  r.headers["cookie"] = "";
  r.headers["accept-language"] = "en-US,en;q=0.9,vi;q=0.8";
  EXPECT_EQ(r.Language(), "en");
  r.headers["accept-language"] = "vi-VN,vi;q=0.9,en;q=0.5";
  EXPECT_EQ(r.Language(), "vi");
  EXPECT_EQ(UrlDecode("%zz%4", false), "%zz%4");
}

TEST(Cookies, AreHttpOnlyAndLax) {
  std::string c = SetCookie(kSessionCookie, "tok", 60, true);
  EXPECT_NE(c.find("HttpOnly"), std::string::npos);
  EXPECT_NE(c.find("SameSite=Lax"), std::string::npos);
  EXPECT_NE(c.find("Secure"), std::string::npos);
  EXPECT_EQ(SetCookie("lang", "vi", 60, false, false).find("HttpOnly"), std::string::npos);
}

}  // namespace
}  // namespace ocop::http
