// /api/v1/rubrics: the criteria sets, and scoring a council's sheets.
#include "api/api_context.h"
#include "api/json_writer.h"
#include "api/rubric_json.h"
#include "core/text.h"

namespace ocop::api {
namespace {

using http::Access;
using http::Method;
using http::Request;
using http::Response;
using http::Surface;

// The version and set named by the path, or NotFound.
Result<std::pair<const domain::RubricVersion*, const domain::RubricSet*>> Lookup(
    const ApiContext& ctx, const Request& r) {
  const auto* version = ctx.rubrics.Find(r.PathParam("version"));
  if (!version) return Err(NotFound("error.rubric.unknown_version"));
  const std::string n = r.PathParam("n");
  const auto* set = text::IsDigits(n) && n.size() < 4 ? version->FindSet(std::stoi(n)) : nullptr;
  if (!set) return Err(NotFound("error.rubric.unknown_set"));
  return std::make_pair(version, set);
}

}  // namespace

void RegisterRubricRoutes(http::Router& router, ApiContext& ctx) {
  router.Add(Method::kGet, "/api/v1/rubrics", Access::Public(), Surface::kApi, [&ctx](Request&) {
    JsonWriter w;
    WriteRubricVersions(w, ctx.rubrics);
    return Response::Json(200, w.Take());
  });
  router.Add(Method::kGet, "/api/v1/rubrics/{version}/sets/{n}", Access::Public(), Surface::kApi,
             [&ctx](Request& r) {
               auto found = Lookup(ctx, r);
               if (!found) return ErrorResponse(r, ctx.catalog, found.error());
               JsonWriter w;
               WriteRubricSet(w, *found->second);
               return Response::Json(200, w.Take());
             });
  // Pure arithmetic on the sheets sent: no record is read or written, so a
  // producer's self-assessment and a council's form use the same call.
  router.Add(Method::kPost, "/api/v1/rubrics/{version}/sets/{n}/score", Access::Public(),
             Surface::kApi, [&ctx](Request& r) {
               auto found = Lookup(ctx, r);
               if (!found) return ErrorResponse(r, ctx.catalog, found.error());
               if (r.Header("content-type").rfind("application/json", 0) != 0) {
                 return ErrorResponse(r, ctx.catalog, InvalidArgument("error.json.content_type"));
               }
               auto request = ParseScoringRequest(r.body);
               if (!request) return ErrorResponse(r, ctx.catalog, request.error());
               auto result = domain::Score(*found->first, *found->second, *request);
               if (!result) return ErrorResponse(r, ctx.catalog, result.error());
               JsonWriter w;
               WriteScoringResult(w, *result);
               return Response::Json(200, w.Take());
             });
}

}  // namespace ocop::api
