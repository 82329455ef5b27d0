#include <gtest/gtest.h>

#include "http/cookies.h"
#include "http/multipart.h"
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
  // A file upload carries the token as a plain field of its multipart form.
  auto upload = cookie;
  upload["content-type"] = "multipart/form-data; boundary=XyZ";
  auto body = [](const std::string& csrf_part) {
    return "--XyZ\r\n" + csrf_part +
           "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\n\r\n"
           "%PDF-1.4\r\n--XyZ--\r\n";
  };
  const std::string field = "Content-Disposition: form-data; name=\"_csrf\"\r\n\r\n";
  EXPECT_EQ(Call(Method::kPost, "/api/v1/producers", upload, body(field + "csrf-1\r\n")).status,
            201);
  EXPECT_EQ(Call(Method::kPost, "/api/v1/producers", upload, body(field + "csrf-2\r\n")).status,
            403);
  EXPECT_EQ(Call(Method::kPost, "/api/v1/producers", upload, body("")).status, 403);
  // A file named _csrf is not the field.
  const std::string as_file =
      "Content-Disposition: form-data; name=\"_csrf\"; filename=\"t\"\r\n\r\ncsrf-1\r\n";
  EXPECT_EQ(Call(Method::kPost, "/api/v1/producers", upload, body(as_file)).status, 403);
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

std::string MultipartErrorKey(std::string_view content_type, std::string_view body,
                              std::size_t max_parts = 64) {
  auto parts = ParseMultipart(content_type, body, max_parts);
  if (parts) return "ok";
  EXPECT_EQ(parts.error().code(), Code::kInvalidArgument);
  return parts.error().message().key;
}

TEST(Multipart, ParsesFieldsAndFilesWithPreambleAndEpilogue) {
  std::string body =
      "This is a preamble, ignored.\r\n"
      "--XyZ\r\n"
      "content-disposition: form-data; name=\"title\"\r\n"
      "\r\n"
      "M\xE1\xBA\xADt ong r\xE1\xBB\xABng\r\n"
      "--XyZ  \r\n"  // transport padding after the delimiter
      "Content-Disposition: form-data; name=\"evidence\"; filename=\"C:\\Users\\An\\giay "
      "phep.pdf\"\r\n"
      "CONTENT-TYPE: application/pdf\r\n"
      "X-Ignored: yes\r\n"
      "\r\n"
      "%PDF-1.4\r\n%%EOF\r\n"  // its own last CRLF is data: the next one opens the delimiter
      "\r\n--XyZ\r\n"
      "Content-Disposition: form-data; name=\"empty\"\r\n"
      "\r\n"
      "\r\n"
      "--XyZ--\r\n"
      "epilogue --XyZ\r\n";
  auto parts = ParseMultipart("multipart/form-data; boundary=XyZ", body);
  ASSERT_TRUE(parts) << parts.error().ToString();
  ASSERT_EQ(parts->size(), 3u);
  EXPECT_EQ((*parts)[0].name, "title");
  EXPECT_EQ((*parts)[0].filename, "");
  EXPECT_EQ((*parts)[0].content_type, "");
  EXPECT_EQ((*parts)[0].data, "M\xE1\xBA\xADt ong r\xE1\xBB\xABng");
  EXPECT_EQ((*parts)[1].name, "evidence");
  EXPECT_EQ((*parts)[1].filename, "giay phep.pdf");
  EXPECT_EQ((*parts)[1].content_type, "application/pdf");
  EXPECT_EQ((*parts)[1].data, "%PDF-1.4\r\n%%EOF\r\n");
  EXPECT_EQ((*parts)[2].name, "empty");
  EXPECT_EQ((*parts)[2].data, "");
}

TEST(Multipart, KeepsBinaryDataWithBoundaryLookalikes) {
  const std::string boundary = "----WebKitFormBoundary7MA4YWxkTrZu0gW";
  // PDF-like bytes with NULs, "--" runs, the boundary without its CRLF, after a
  // bare LF, after CRLF but followed by other text, and CRLF "--" with a prefix
  // of the boundary.
  using namespace std::string_literals;
  std::string pdf = "%PDF-1.7\r\n%\xE2\xE3\xCF\xD3\r\n"s;
  pdf += "stream\0\0\x01--\xFF--\r\n--"s;
  pdf += boundary;                       // no CRLF before
  pdf += "\n--" + boundary + "\r\n";     // bare LF before
  pdf += "\r\n--" + boundary + "x\r\n";  // longer boundary
  pdf += "\r\n--" + boundary.substr(0, 10) + "\r\n";
  pdf += "\r\n--" + boundary + "-\r\n";  // one dash is not a closing delimiter
  pdf += "endstream\r\n\0--\r\n%%EOF"s;
  ASSERT_NE(pdf.find('\0'), std::string::npos);
  std::string body =
      "--" + boundary + "\r\n" +
      "Content-Disposition: form-data; name=\"file\"; filename=\"../../etc/a.pdf\"\r\n" +
      "Content-Type: application/pdf\r\n\r\n" + pdf + "\r\n--" + boundary + "--";
  auto parts = ParseMultipart("multipart/form-data; boundary=" + boundary, body);
  ASSERT_TRUE(parts) << parts.error().ToString();
  ASSERT_EQ(parts->size(), 1u);
  EXPECT_EQ((*parts)[0].filename, "a.pdf");
  EXPECT_EQ((*parts)[0].data, pdf);
}

TEST(Multipart, AcceptsQuotedBoundaryAndSeveralFiles) {
  std::string body =
      "--a'(b)+_,-./:=? c\r\n"
      "Content-Disposition: form-data; name=\"files\"; filename=\"one.png\"\r\n"
      "Content-Type: image/png\r\n\r\n"
      "\x89PNG\r\n\x1A\n1\r\n"
      "--a'(b)+_,-./:=? c\r\n"
      "Content-Disposition: FORM-DATA; filename=\"two.jpg\"; NAME=files\r\n"
      "Content-Type: image/jpeg\r\n\r\n"
      "\xFF\xD8\xFF 2\r\n"
      "--a'(b)+_,-./:=? c\r\n"
      "Content-Disposition: form-data; name=\"a;b \\\"c\\\"\"; filename=\"/x/\"; "
      "filename*=UTF-8''%C4%91.pdf\r\n\r\n"
      "3\r\n"
      "--a'(b)+_,-./:=? c\r\n"
      "Content-Disposition: form-data; name=\"headers-only\"\r\n"  // RFC 2046: no body
      "\r\n--a'(b)+_,-./:=? c--";
  auto parts =
      ParseMultipart("Multipart/Form-Data ; charset=utf-8; BOUNDARY=\"a'(b)+_,-./:=? c\"", body);
  ASSERT_TRUE(parts) << parts.error().ToString();
  ASSERT_EQ(parts->size(), 4u);
  EXPECT_EQ((*parts)[0].name, "files");
  EXPECT_EQ((*parts)[0].filename, "one.png");
  EXPECT_EQ((*parts)[0].data, "\x89PNG\r\n\x1A\n1");
  EXPECT_EQ((*parts)[1].name, "files");
  EXPECT_EQ((*parts)[1].filename, "two.jpg");
  EXPECT_EQ((*parts)[1].content_type, "image/jpeg");
  EXPECT_EQ((*parts)[1].data, "\xFF\xD8\xFF 2");
  EXPECT_EQ((*parts)[2].name, "a;b \"c\"");
  EXPECT_EQ((*parts)[2].filename, "");  // only path parts
  EXPECT_EQ((*parts)[2].data, "3");
  EXPECT_EQ((*parts)[3].name, "headers-only");
  EXPECT_EQ((*parts)[3].data, "");

  auto none = ParseMultipart("multipart/form-data; boundary=b", "--b--");
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->empty());
}

TEST(Multipart, RejectsBadBoundaries) {
  const std::string body = "--b\r\nContent-Disposition: form-data; name=x\r\n\r\n1\r\n--b--\r\n";
  EXPECT_EQ(MultipartErrorKey("multipart/form-data; boundary=b", body), "ok");
  EXPECT_EQ(MultipartErrorKey("multipart/form-data", body), "error.multipart.boundary");
  EXPECT_EQ(MultipartErrorKey("multipart/form-data; boundary=", body), "error.multipart.boundary");
  EXPECT_EQ(MultipartErrorKey("multipart/form-data; boundary=\"\"", body),
            "error.multipart.boundary");
  EXPECT_EQ(MultipartErrorKey("multipart/form-data; boundary=\"b", body),
            "error.multipart.boundary");
  EXPECT_EQ(MultipartErrorKey("multipart/form-data; boundary=b; boundary=c", body),
            "error.multipart.boundary");
  EXPECT_EQ(MultipartErrorKey("multipart/form-data; boundary=\"b \"", body),
            "error.multipart.boundary");
  EXPECT_EQ(MultipartErrorKey("multipart/form-data; boundary=\"b\r\n\"", body),
            "error.multipart.boundary");
  EXPECT_EQ(MultipartErrorKey("multipart/form-data; boundary=b<", body),
            "error.multipart.boundary");
  EXPECT_EQ(MultipartErrorKey("application/x-www-form-urlencoded; boundary=b", body),
            "error.multipart.boundary");
  EXPECT_EQ(MultipartErrorKey("", body), "error.multipart.boundary");
  std::string b70(70, 'a');
  std::string body70 =
      "--" + b70 + "\r\nContent-Disposition: form-data; name=x\r\n\r\n1\r\n--" + b70 + "--";
  EXPECT_EQ(MultipartErrorKey("multipart/form-data; boundary=" + b70, body70), "ok");
  EXPECT_EQ(MultipartErrorKey("multipart/form-data; boundary=" + b70 + "a", body70),
            "error.multipart.boundary");
}

TEST(Multipart, RejectsMalformedBodies) {
  const std::string ct = "multipart/form-data; boundary=b";
  const std::string cd = "Content-Disposition: form-data; name=x\r\n";
  const std::string malformed = "error.multipart.malformed";
  EXPECT_EQ(MultipartErrorKey(ct, ""), malformed);
  EXPECT_EQ(MultipartErrorKey(ct, "no delimiter at all"), malformed);
  // No closing delimiter: truncated uploads.
  EXPECT_EQ(MultipartErrorKey(ct, "--b\r\n" + cd + "\r\n1"), malformed);
  EXPECT_EQ(MultipartErrorKey(ct, "--b\r\n" + cd + "\r\n1\r\n--b"), malformed);
  EXPECT_EQ(MultipartErrorKey(ct, "--b\r\n" + cd + "\r\n1\r\n--b-"), malformed);
  EXPECT_EQ(MultipartErrorKey(ct, "--b\r\n" + cd + "\r\n1\r\n--b--x"), malformed);
  EXPECT_EQ(MultipartErrorKey(ct, "--b\r\n" + cd + "\r\n1\n--b--"), malformed);
  // Header block not terminated.
  EXPECT_EQ(MultipartErrorKey(ct, "--b\r\nContent-Disposition: form-data; name=x\r\n--b--"),
            malformed);
  // Missing or unusable Content-Disposition.
  EXPECT_EQ(MultipartErrorKey(ct, "--b\r\nContent-Type: text/plain\r\n\r\n1\r\n--b--"), malformed);
  EXPECT_EQ(MultipartErrorKey(ct, "--b\r\n\r\n1\r\n--b--"), malformed);
  EXPECT_EQ(
      MultipartErrorKey(ct, "--b\r\nContent-Disposition: attachment; name=x\r\n\r\n1\r\n--b--"),
      malformed);
  EXPECT_EQ(MultipartErrorKey(ct, "--b\r\nContent-Disposition: form-data\r\n\r\n1\r\n--b--"),
            malformed);
  EXPECT_EQ(
      MultipartErrorKey(ct, "--b\r\nContent-Disposition: form-data; name=\"\"\r\n\r\n1\r\n--b--"),
      malformed);
  EXPECT_EQ(
      MultipartErrorKey(ct, "--b\r\nContent-Disposition: form-data; name=\"x\r\n\r\n1\r\n--b--"),
      malformed);
  EXPECT_EQ(MultipartErrorKey(ct, "--b\r\n" + cd + cd + "\r\n1\r\n--b--"), malformed);
  EXPECT_EQ(MultipartErrorKey(ct, "--b\r\n" + cd + "no colon here\r\n\r\n1\r\n--b--"), malformed);
}

TEST(Multipart, LimitsTheNumberOfParts) {
  const std::string ct = "multipart/form-data; boundary=b";
  std::string body;
  for (int i = 0; i < 3; ++i) body += "--b\r\nContent-Disposition: form-data; name=f\r\n\r\nv\r\n";
  body += "--b--\r\n";
  EXPECT_EQ(MultipartErrorKey(ct, body, 3), "ok");
  EXPECT_EQ(MultipartErrorKey(ct, body, 2), "error.multipart.too_many_parts");
  EXPECT_EQ(MultipartErrorKey(ct, body, 0), "error.multipart.too_many_parts");
  std::string many;
  for (int i = 0; i < 65; ++i) many += "--b\r\nContent-Disposition: form-data; name=f\r\n\r\n\r\n";
  many += "--b--";
  EXPECT_EQ(MultipartErrorKey(ct, many), "error.multipart.too_many_parts");
}

}  // namespace
}  // namespace ocop::http
