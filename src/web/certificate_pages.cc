// The public verification page, the certificate search and the province's certificate dashboard.
#include "web/page_data.h"

namespace ocop::web {

http::Response VerificationPage(http::Request& request, WebContext& ctx) {
  return PageError(request, ctx, NotFound("error.certificate.not_found"));
}

void RegisterCertificatePages(http::Router& router, WebContext& ctx) {
  (void)router;
  (void)ctx;
}

}  // namespace ocop::web
