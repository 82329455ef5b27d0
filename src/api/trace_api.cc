// GET /api/v1/trace: the trace graph of an identifier as JSON, for the
// roles of domain::kTraceRoles (a producer its own goods only). Not the
// public scan page: a trace shows partners and destinations.
#include <charconv>
#include <string>

#include "api/api_context.h"
#include "api/json_writer.h"
#include "domain/traceability/event_query.h"
#include "domain/traceability/trace_service.h"
#include "http/request.h"

namespace ocop::api {
namespace {

using domain::TraceDirection;
using http::Access;
using http::Method;
using http::Request;
using http::Response;
using http::Surface;

constexpr std::size_t kDefaultMaxNodes = 2000;
constexpr std::size_t kLargestMaxNodes = 20000;

Response Trace(ApiContext& ctx, Request& r) {
  // main sets the service; a context without it (a unit test's) has no traces.
  if (ctx.traceability.trace == nullptr) {
    return ErrorResponse(r, ctx.catalog, NotFound("error.not_found"));
  }
  const std::string id = r.Query("id");
  if (id.empty()) {
    return ErrorResponse(
        r, ctx.catalog,
        InvalidArgument("error.invalid_input", {{"id", {"error.trace.id_required", {}}}}));
  }
  const std::string dir = r.Query("direction");
  auto direction = dir.empty() ? TraceDirection::kBoth : domain::ParseTraceDirection(dir);
  if (!direction) {
    return ErrorResponse(
        r, ctx.catalog,
        InvalidArgument("error.invalid_input", {{"direction", {"error.trace.direction", {}}}}));
  }
  std::size_t max_nodes = kDefaultMaxNodes;
  if (std::string m = r.Query("maxNodes"); !m.empty()) {
    auto [end, ec] = std::from_chars(m.data(), m.data() + m.size(), max_nodes);
    if (ec != std::errc() || end != m.data() + m.size() || max_nodes == 0 ||
        max_nodes > kLargestMaxNodes) {
      return ErrorResponse(
          r, ctx.catalog,
          InvalidArgument(
              "error.invalid_input",
              {{"maxNodes",
                {"error.trace.max_nodes", {{"max", std::to_string(kLargestMaxNodes)}}}}}));
    }
  }
  auto view = ctx.traceability.trace->View(*r.principal, id, *direction, max_nodes);
  if (!view) return ErrorResponse(r, ctx.catalog, view.error());

  JsonWriter w;
  w.BeginObject()
      .Member("id", view->start_key)
      .Member("direction", dir.empty() ? "both" : dir)
      .Key("truncated")
      .Bool(view->graph.truncated)
      .Key("nodes")
      .BeginArray();
  for (const auto& n : view->graph.nodes) {
    w.BeginObject()
        .Member("key", n.key)
        .Member("kind", n.kind == domain::TraceNodeKind::kObject ? "object" : "location")
        .Member("depth", n.depth);
    if (auto it = view->lots.find(n.key); it != view->lots.end()) {
      const auto& f = it->second;
      w.Key("lot")
          .BeginObject()
          .Member("code", f.lot_code)
          .Member("productCode", f.product_code)
          .Member("productName", f.product_name)
          .Key("harvestFrom")
          .StringOrNull(f.harvest_from ? f.harvest_from->ToIso() : "")
          .Key("harvestTo")
          .StringOrNull(f.harvest_to ? f.harvest_to->ToIso() : "")
          .Key("quantity")
          .Number(f.quantity, 3)
          .Member("unit", f.unit)
          .Member("status", domain::LotStatusId(f.status))
          .EndObject();
    }
    w.EndObject();
  }
  w.EndArray().Key("edges").BeginArray();
  for (const auto& e : view->graph.edges) {
    w.BeginObject()
        .Member("from", e.from_key)
        .Member("to", e.to_key)
        .Member("kind", domain::TraceLinkKindId(e.kind));
    auto it = view->event_ids.find(e.event_seq);
    w.Key("eventID").StringOrNull(it == view->event_ids.end() ? "" : it->second);
    w.Member("eventTime", domain::FormatRfc3339Ms(e.event_time_ms)).EndObject();
  }
  w.EndArray().EndObject();
  return Response::Json(200, w.Take());
}

}  // namespace

void RegisterTraceRoutes(http::Router& router, ApiContext& ctx) {
  router.Add(Method::kGet, "/api/v1/trace", Access::Roles(domain::kTraceRoles), Surface::kApi,
             [&ctx](Request& r) { return Trace(ctx, r); });
}

}  // namespace ocop::api
