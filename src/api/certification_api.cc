// /api/v1/certificates, the public key, revocation, inspections, imports, notifications.
#include "api/api_context.h"
#include "api/json_body.h"
#include "api/json_views.h"

namespace ocop::api {

http::Response VerificationJson(http::Request& request, ApiContext& ctx) {
  return ErrorResponse(request, ctx.catalog, NotFound("error.certificate.not_found"));
}

void RegisterCertificationRoutes(http::Router& router, ApiContext& ctx) {
  (void)router;
  (void)ctx;
}

}  // namespace ocop::api
