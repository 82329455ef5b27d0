// /api/v1/dossiers, rounds, council sheets, decisions.
#include "api/api_context.h"
#include "api/json_body.h"
#include "api/json_views.h"

namespace ocop::api {

void RegisterEvaluationRoutes(http::Router& router, ApiContext& ctx) {
  (void)router;
  (void)ctx;
}

}  // namespace ocop::api
