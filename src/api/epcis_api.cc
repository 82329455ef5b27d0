#include "api/epcis_api.h"

#include <limits>
#include <nlohmann/json.hpp>
#include <set>

#include "api/json_writer.h"
#include "domain/traceability/epcis_service.h"
#include "domain/traceability/event_query.h"
#include "gs1/digital_link.h"
#include "http/request.h"

namespace ocop::api {
namespace {

using http::Access;
using http::Method;
using http::Request;
using http::Response;
using http::Surface;

constexpr const char* kStandardContext =
    "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld";
constexpr std::int64_t kJobsPerPage = 30;
constexpr const char* kJsonLd = "application/ld+json; charset=utf-8";

// The binding's version headers on every EPCIS answer.
Response& WithVersions(Response& resp) {
  resp.Header("GS1-EPCIS-Version", "2.0.0");
  resp.Header("GS1-CBV-Version", "2.0.0");
  return resp;
}

Response Error(ApiContext& ctx, const Request& r, const Status& s) {
  Response resp = ErrorResponse(r, ctx.catalog, s);
  // Too many events in one document is a payload too large, as for bytes.
  if (s.code() == Code::kResourceExhausted && s.message().key != "error.rate_limited") {
    resp.status = 413;
  }
  return WithVersions(resp);
}

std::int64_t NowMs(const ApiContext& ctx) { return ctx.clock.NowUnixSeconds() * 1000; }

// The request's versions, when it names them, must be EPCIS and CBV 2.0.
Status CheckVersions(const Request& r) {
  for (const char* header : {"gs1-epcis-version", "gs1-cbv-version"}) {
    std::string v = r.Header(header);
    if (!v.empty() && v != "2.0" && v != "2.0.0") {
      // The top-level message names the version too, or it reads "not {version}".
      const Message message{"error.epcis.unsupported_version", {{"version", v}}};
      return Status(Code::kInvalidArgument, message, {{header, message}});
    }
  }
  return Status::Ok();
}

void WriteJob(JsonWriter& w, const domain::CaptureJob& job, const ApiContext& ctx,
              const std::string& lang) {
  w.BeginObject()
      .Member("captureID", job.id)
      .Key("running")
      .Bool(job.running)
      .Key("success")
      .Bool(job.success)
      .Member("captureErrorBehaviour", domain::CaptureErrorBehaviourId(job.behaviour))
      .Member("createdAt", domain::FormatRfc3339Ms(job.created_at_ms))
      .Member("finishedAt", domain::FormatRfc3339Ms(job.finished_at_ms))
      .Member("eventCount", job.event_count)
      .Member("capturedCount", job.captured_count)
      .Member("capturedBy", job.username)
      .Key("errors")
      .BeginArray();
  // RFC 7807 problems, as the binding's CaptureJob lists them, with the event's
  // index and field as extension members.
  for (const auto& e : job.errors) {
    std::string text = ctx.catalog.Render(lang, e.message);
    std::string where = "eventList[" + std::to_string(e.index) + "]";
    if (!e.field.empty()) where += "." + e.field;
    w.BeginObject()
        .Member("type", "epcisException:ValidationException")
        .Member("title", text)
        .Member("status", 400)
        .Member("detail", where + ": " + text)
        .Member("eventIndex", e.index)
        .Member("field", e.field)
        .EndObject();
  }
  w.EndArray().EndObject();
}

Response JobAnswer(ApiContext& ctx, const Request& r, const domain::CaptureJob& job, int status) {
  JsonWriter w;
  WriteJob(w, job, ctx, r.Language());
  Response resp = Response::Json(status, w.Take());
  return WithVersions(resp);
}

Response Capture(ApiContext& ctx, Request& r) {
  Status versions = CheckVersions(r);
  if (!versions.ok()) return Error(ctx, r, versions);
  auto behaviour = domain::CaptureErrorBehaviour::kRollback;
  if (std::string h = r.Header("gs1-capture-error-behaviour"); !h.empty()) {
    auto parsed = domain::ParseCaptureErrorBehaviour(h);
    if (!parsed) {
      return Error(ctx, r,
                   InvalidArgument("error.invalid_input",
                                   {{"GS1-Capture-Error-Behaviour",
                                     {"error.epcis.bad_behaviour", {{"value", h}}}}}));
    }
    behaviour = *parsed;
  }
  auto job = ctx.epcis->CaptureDocument(*r.principal, std::move(r.body), behaviour);
  if (!job) return Error(ctx, r, job.error());
  Response resp = JobAnswer(ctx, r, *job, 202);
  resp.Header("Location", "/epcis/capture/" + http::UrlEncode(job->id));
  return resp;
}

Response CaptureOne(ApiContext& ctx, Request& r) {
  Status versions = CheckVersions(r);
  if (!versions.ok()) return Error(ctx, r, versions);
  auto id = ctx.epcis->CaptureEvent(*r.principal, std::move(r.body));
  if (!id) return Error(ctx, r, id.error());
  Response resp;
  resp.status = 201;
  resp.Header("Location", "/epcis/events/" + http::UrlEncode(*id));
  return WithVersions(resp);
}

// The page's own URL with `nextPageToken` replaced, for the Link header.
std::string NextLink(const Request& r, const std::string& token) {
  std::string url = r.path.rfind("/epcis/epcs/", 0) == 0
                        ? "/epcis/epcs/" +
                              http::UrlEncode(http::DecodeKeptEscapes(r.PathParam("epc"))) +
                              "/events"
                        : r.path;
  char sep = '?';
  for (const auto& [k, v] : r.query) {
    if (k == "nextPageToken") continue;
    url += sep + http::UrlEncode(k) + "=" + http::UrlEncode(v);
    sep = '&';
  }
  url += sep + std::string("nextPageToken=") + http::UrlEncode(token);
  return "<" + url + ">; rel=\"next\"";
}

Response QueryAnswer(ApiContext& ctx, Request& r, const std::string& epc) {
  std::vector<std::pair<std::string, std::string>> params(r.query.begin(), r.query.end());
  std::string token;
  auto query = domain::ParseEventQuery(params, token);
  if (!query) return Error(ctx, r, query.error());
  if (!epc.empty()) {
    // Any role: an instance or a class, the epc of an event or its parent,
    // input or output.
    domain::IdMatch all;
    all.roles = {1,
                 2,
                 3,
                 4,
                 domain::kClassRoleBase + 1,
                 domain::kClassRoleBase + 2,
                 domain::kClassRoleBase + 3};
    gs1::CanonicalId id = gs1::CanonicalEpc(epc);
    all.keys.push_back(id.key);
    all.is_prefix.push_back(id.is_prefix);
    query->ids.push_back(std::move(all));
  }
  auto page = ctx.epcis->Query(std::move(*query), token);
  if (!page) return Error(ctx, r, page.error());
  Response resp = Response::Text(200, EpcisQueryDocument(page->events, NowMs(ctx)), kJsonLd);
  if (!page->next_token.empty()) resp.Header("Link", NextLink(r, page->next_token));
  return WithVersions(resp);
}

Response GetEvent(ApiContext& ctx, Request& r) {
  auto event = ctx.epcis->GetEvent(http::DecodeKeptEscapes(r.PathParam("eventID")));
  if (!event) return Error(ctx, r, event.error());
  Response resp = Response::Text(200, EpcisQueryDocument({*event}, NowMs(ctx)), kJsonLd);
  return WithVersions(resp);
}

Response GetJob(ApiContext& ctx, Request& r) {
  auto job = ctx.epcis->GetJob(*r.principal, http::DecodeKeptEscapes(r.PathParam("captureID")));
  if (!job) return Error(ctx, r, job.error());
  return JobAnswer(ctx, r, *job, 200);
}

// Capture jobs newest first; the page token is the offset.
Response ListJobs(ApiContext& ctx, Request& r) {
  std::int64_t per_page = kJobsPerPage, offset = 0;
  auto number = [&](const char* name, std::int64_t& into, std::int64_t min,
                    std::int64_t max) -> Status {
    std::string v = r.Query(name);
    if (v.empty()) return Status::Ok();
    try {
      std::size_t used = 0;
      into = std::stoll(v, &used);
      if (used == v.size() && into >= min && into <= max) return Status::Ok();
    } catch (const std::exception&) {
    }
    return InvalidArgument("error.epcis.query_parameter",
                           {{name, {"error.epcis.bad_query_value", {{"parameter", name}}}}});
  };
  for (const auto& [k, v] : r.query) {
    if (k != "perPage" && k != "nextPageToken") {
      return Error(
          ctx, r,
          InvalidArgument("error.epcis.query_parameter",
                          {{k, {"error.epcis.unknown_query_parameter", {{"parameter", k}}}}}));
    }
  }
  Status s = number("perPage", per_page, 1, domain::kMaxPerPage);
  if (s.ok()) s = number("nextPageToken", offset, 0, std::numeric_limits<std::int32_t>::max());
  if (!s.ok()) return Error(ctx, r, s);
  auto jobs = ctx.epcis->ListJobs(*r.principal, offset, per_page + 1);
  if (!jobs) return Error(ctx, r, jobs.error());
  const bool more = static_cast<std::int64_t>(jobs->size()) > per_page;
  if (more) jobs->pop_back();
  JsonWriter w;
  w.BeginArray();
  for (const auto& job : *jobs) WriteJob(w, job, ctx, r.Language());
  w.EndArray();
  Response resp = Response::Json(200, w.Take());
  if (more) {
    resp.Header("Link", "</epcis/capture?perPage=" + std::to_string(per_page) + "&nextPageToken=" +
                            std::to_string(offset + per_page) + ">; rel=\"next\"");
  }
  return WithVersions(resp);
}

// The event's JSON with the repository's recordTime (EPCIS 2.0 §7.4.1: the
// repository sets it; a value sent to capture is ignored). Usually appended
// as the last member; only an event that came with its own is re-serialised.
std::string WithRecordTime(const std::string& json, std::int64_t record_ms) {
  const std::string value = domain::FormatRfc3339Ms(record_ms);
  if (json.find("\"recordTime\"") == std::string::npos) {
    if (json.size() < 3 || json.back() != '}') return json;
    return json.substr(0, json.size() - 1) + ",\"recordTime\":\"" + value + "\"}";
  }
  auto parsed = nlohmann::ordered_json::parse(json, nullptr, false);
  if (parsed.is_discarded() || !parsed.is_object()) return json;
  parsed["recordTime"] = value;
  return parsed.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

std::string EpcisQueryDocument(const std::vector<domain::StoredEvent>& events,
                               std::int64_t creation_ms) {
  // The top-level "@context" is the standard one plus, when every event came
  // with the same context, that context's other entries. Events captured
  // under different contexts each keep theirs inline instead (JSON-LD scopes
  // it to the event; the schema allows it): merging them could define for
  // one event a prefix that only another's document defined.
  std::set<std::string> contexts;
  for (const auto& e : events) {
    if (!e.context_json.empty()) contexts.insert(e.context_json);
  }
  nlohmann::json context = nlohmann::json::array({kStandardContext});
  std::set<std::string> extra;  // contexts with more than the standard one
  for (const auto& text : contexts) {
    nlohmann::json parsed = nlohmann::json::parse(text, nullptr, false);
    if (parsed.is_discarded()) continue;
    if (!parsed.is_array()) parsed = nlohmann::json::array({parsed});
    nlohmann::json rest = nlohmann::json::array();
    for (auto& item : parsed) {
      // Any version of the EPCIS context is the standard one.
      if (item.is_string() &&
          item.get<std::string>().find("epcis-context.jsonld") != std::string::npos) {
        continue;
      }
      rest.push_back(std::move(item));
    }
    if (rest.empty()) continue;
    extra.insert(text);
    if (contexts.size() == 1) {
      for (auto& item : rest) context.push_back(std::move(item));
    }
  }
  const bool inline_contexts = contexts.size() > 1;
  std::string out =
      "{\"@context\":" + context.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  out += ",\"type\":\"EPCISQueryDocument\",\"schemaVersion\":\"2.0\",\"creationDate\":\"";
  out += domain::FormatRfc3339Ms(creation_ms);
  out +=
      "\",\"epcisBody\":{\"queryResults\":{\"queryName\":\"SimpleEventQuery\","
      "\"resultsBody\":{\"eventList\":[";
  for (std::size_t i = 0; i < events.size(); ++i) {
    if (i > 0) out += ',';
    const auto& e = events[i];
    std::string json = WithRecordTime(e.event.json, e.record_time_ms);
    if (inline_contexts && extra.count(e.context_json) && json.size() > 2 && json.front() == '{') {
      out += "{\"@context\":" + e.context_json + "," + json.substr(1);
    } else {
      out += json;
    }
  }
  out += "]}}}}";
  return out;
}

void RegisterEpcisRoutes(http::Router& router, ApiContext& ctx) {
  OCOP_CHECK(ctx.epcis != nullptr);
  const Access capture = Access::Roles(domain::kEpcisCaptureRoles);
  router.Add(Method::kPost, "/epcis/capture", capture, Surface::kApi,
             [&ctx](Request& r) { return Capture(ctx, r); });
  router.Add(Method::kGet, "/epcis/capture", capture, Surface::kApi,
             [&ctx](Request& r) { return ListJobs(ctx, r); });
  router.Add(Method::kGet, "/epcis/capture/{captureID}", capture, Surface::kApi,
             [&ctx](Request& r) { return GetJob(ctx, r); });
  router.Add(Method::kPost, "/epcis/events", capture, Surface::kApi,
             [&ctx](Request& r) { return CaptureOne(ctx, r); });
  router.Add(Method::kGet, "/epcis/events", Access::AnyUser(), Surface::kApi,
             [&ctx](Request& r) { return QueryAnswer(ctx, r, ""); });
  router.Add(Method::kGet, "/epcis/events/{eventID}", Access::AnyUser(), Surface::kApi,
             [&ctx](Request& r) { return GetEvent(ctx, r); });
  router.Add(Method::kGet, "/epcis/epcs/{epc}/events", Access::AnyUser(), Surface::kApi,
             [&ctx](Request& r) {
               std::string epc = http::DecodeKeptEscapes(r.PathParam("epc"));
               if (gs1::CanonicalEpc(epc).key.empty()) {
                 return Error(ctx, r, NotFound("error.not_found"));
               }
               return QueryAnswer(ctx, r, epc);
             });
}

}  // namespace ocop::api
