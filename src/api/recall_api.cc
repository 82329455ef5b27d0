// /api/v1/recalls: open a recall on lots (or from a proposal), read it with
// its FSMA 204 records and destinations, confirm a destination's removal,
// close it with a report, and download the records as XLSX or CSV. Who may do
// what is the service's (domain/traceability/recall_service.h); a
// destination confirms through its link at /api/v1/recall-confirmations/{token}.
#include <array>
#include <nlohmann/json.hpp>

#include "api/api_context.h"
#include "api/json_body.h"
#include "api/json_views.h"
#include "api/recall_export.h"
#include "core/text.h"
#include "domain/traceability/recall_service.h"

namespace ocop::api {
namespace {

using domain::Recall;
using domain::RecallDetail;
using domain::Role;
using http::Access;
using http::Method;
using http::Request;
using http::Response;
using http::Surface;

constexpr std::array kRecallRoles = {Role::kNationalAdmin, Role::kProvincialOfficer,
                                     Role::kInspector, Role::kProducer};
constexpr std::array kOfficers = {Role::kNationalAdmin, Role::kProvincialOfficer, Role::kInspector};

std::string Iso(std::int64_t ms) { return ms == 0 ? "" : IsoTimestamp(ms / 1000); }

nlohmann::json OrNull(const std::string& s) {
  return s.empty() ? nlohmann::json() : nlohmann::json(s);
}

nlohmann::json RecallJson(const Recall& rc) {
  return {{"id", rc.id},
          {"number", rc.number},
          {"status", domain::RecallStatusId(rc.status)},
          {"reason", domain::RecallReasonId(rc.reason)},
          {"reason_text", rc.reason_text},
          {"reference", rc.reference},
          {"voluntary", rc.voluntary},
          {"area_rule", rc.rule.enabled},
          {"window_days", rc.rule.window_days},
          {"lot_ids", rc.lot_ids},
          {"province_code", rc.province_code},
          {"proposed_at", OrNull(Iso(rc.proposed_at_ms))},
          {"opened_at", OrNull(Iso(rc.opened_at_ms))},
          {"closed_at", OrNull(Iso(rc.closed_at_ms))},
          {"close_report", OrNull(rc.close_report)},
          {"close_justification", OrNull(rc.close_justification)},
          {"event_id", OrNull(rc.event_id)},
          {"version", rc.version}};
}

nlohmann::json DetailJson(const RecallDetail& d) {
  nlohmann::json j = RecallJson(d.recall);
  nlohmann::json lots = nlohmann::json::array();
  for (const auto& l : d.lots) {
    lots.push_back({{"id", l.id},
                    {"code", l.code},
                    {"epc_id", l.epc_id},
                    {"status", domain::LotStatusId(l.status)}});
  }
  j["lots"] = std::move(lots);
  nlohmann::json records = nlohmann::json::array();
  for (const auto& r : d.records) {
    records.push_back({{"lot_key", r.lot_key},
                       {"lot_code", OrNull(r.lot_code)},
                       {"lot_id", r.lot_id == 0 ? nlohmann::json() : nlohmann::json(r.lot_id)},
                       {"product", r.product_description},
                       {"quantity", r.quantity > 0 ? nlohmann::json(r.quantity) : nlohmann::json()},
                       {"unit", OrNull(r.unit)},
                       {"location_id", OrNull(r.location_id)},
                       {"location", OrNull(r.location_description)},
                       {"date", r.date ? nlohmann::json(r.date->ToIso()) : nlohmann::json()},
                       {"event_type", r.event_type},
                       {"reference_type", OrNull(r.reference_type)},
                       {"reference_number", OrNull(r.reference_number)},
                       {"reach", domain::RecallReachId(r.reach)}});
  }
  j["records"] = std::move(records);
  nlohmann::json dests = nlohmann::json::array();
  for (const auto& dst : d.destinations) {
    nlohmann::json x = {
        {"id", dst.id},
        {"location_id", dst.location_id},
        {"description", dst.description},
        {"notified_at", Iso(dst.notified_at_ms)},
        {"confirmed_at",
         dst.confirmed_at_ms ? nlohmann::json(Iso(*dst.confirmed_at_ms)) : nlohmann::json()},
        {"confirmation_note", OrNull(dst.confirmation_note)}};
    if (!dst.token.empty()) x["confirm_link"] = "/recalls/confirm/" + dst.token;
    dests.push_back(std::move(x));
  }
  j["destinations"] = std::move(dests);
  j["confirmed"] = d.confirmed;
  j["may_manage"] = d.may_manage;
  return j;
}

std::optional<std::int64_t> IdParam(const Request& r, const char* name) {
  const std::string id = r.PathParam(name);
  if (id.empty() || id.size() > 18 || !text::IsDigits(id)) return std::nullopt;
  return std::stoll(id);
}

class RecallApi {
 public:
  explicit RecallApi(ApiContext& ctx) : ctx_(ctx) {}

  Response List(Request& r) {
    if (!Service()) return Unavailable(r);
    std::optional<domain::RecallStatus> status;
    if (const std::string s = r.Query("status"); !s.empty()) {
      status = domain::ParseRecallStatus(s);
      if (!status) {
        return Error(r, InvalidArgument("error.invalid_input",
                                        {{"status", {"error.recall.status_invalid", {}}}}));
      }
    }
    auto list = Service()->List(*r.principal, status);
    if (!list) return Error(r, list.error());
    nlohmann::json items = nlohmann::json::array();
    for (const auto& rc : *list) items.push_back(RecallJson(rc));
    return Response::Json(200, nlohmann::json{{"items", std::move(items)}}.dump());
  }

  Response Create(Request& r) {
    if (!Service()) return Unavailable(r);
    auto body = ParseObject(r);
    if (!body) return Error(r, body.error());
    FieldReader in(*body,
                   {"lots", "reason", "reason_text", "reference", "area_rule", "window_days"});
    domain::OpenRecallRequest q = ReadRequest(*body, in);
    q.reason = in.String("reason");
    auto lots = body->find("lots");
    if (lots != body->end() && !lots->is_null()) {
      if (!lots->is_array()) {
        in.errors().Add("lots", "error.recall.lots_required");
      } else {
        for (std::size_t i = 0; i < lots->size(); ++i) {
          const auto& v = (*lots)[i];
          if (v.is_number_integer()) {
            q.lots.push_back(std::to_string(v.get<std::int64_t>()));
          } else if (v.is_string()) {
            q.lots.push_back(v.get<std::string>());
          } else {
            in.errors().Add("lots[" + std::to_string(i) + "]", "error.field.type_string");
          }
        }
      }
    }
    if (!in.errors().empty()) return Error(r, in.Finish(Status::Ok()));
    auto rc = Service()->Open(*r.principal, q);
    if (!rc) return Error(r, rc.error());
    return Answer(r, rc->id, 201);
  }

  Response OpenProposal(Request& r) {
    if (!Service()) return Unavailable(r);
    auto id = IdParam(r, "id");
    if (!id) return Error(r, NotFound("error.recall.not_found"));
    auto body = ParseObject(r);
    if (!body) return Error(r, body.error());
    FieldReader in(*body, {"reason_text", "reference", "area_rule", "window_days"});
    domain::OpenRecallRequest q = ReadRequest(*body, in);
    if (!in.errors().empty()) return Error(r, in.Finish(Status::Ok()));
    auto rc = Service()->OpenProposal(*r.principal, *id, q);
    if (!rc) return Error(r, rc.error());
    return Answer(r, rc->id, 200);
  }

  Response Get(Request& r) {
    if (!Service()) return Unavailable(r);
    auto id = IdParam(r, "id");
    if (!id) return Error(r, NotFound("error.recall.not_found"));
    return Answer(r, *id, 200);
  }

  Response Confirm(Request& r) {
    if (!Service()) return Unavailable(r);
    auto id = IdParam(r, "id");
    auto dest = IdParam(r, "destination");
    if (!id || !dest) return Error(r, NotFound("error.recall.not_found"));
    auto body = ParseObject(r);
    if (!body) return Error(r, body.error());
    FieldReader in(*body, {"note"});
    const std::string note = in.String("note");
    if (!in.errors().empty()) return Error(r, in.Finish(Status::Ok()));
    Status s = Service()->Confirm(*r.principal, *id, *dest, note);
    if (!s.ok()) return Error(r, s);
    return Answer(r, *id, 200);
  }

  Response Close(Request& r) {
    if (!Service()) return Unavailable(r);
    auto id = IdParam(r, "id");
    if (!id) return Error(r, NotFound("error.recall.not_found"));
    auto body = ParseObject(r);
    if (!body) return Error(r, body.error());
    FieldReader in(*body, {"report", "justification"});
    const std::string report = in.String("report");
    const std::string justification = in.String("justification");
    if (!in.errors().empty()) return Error(r, in.Finish(Status::Ok()));
    auto rc = Service()->Close(*r.principal, *id, report, justification);
    if (!rc) return Error(r, rc.error());
    return Answer(r, *id, 200);
  }

  Response RecordsXlsx(Request& r) { return Records(r, true); }
  Response RecordsCsv(Request& r) { return Records(r, false); }

  // A destination's confirmation through its link (no account needed).
  Response ConfirmByToken(Request& r) {
    if (!Service()) return Unavailable(r);
    const std::string token = r.PathParam("token");
    std::string note;
    if (!r.body.empty()) {
      auto body = ParseObject(r);
      if (!body) return Error(r, body.error());
      FieldReader in(*body, {"note"});
      note = in.String("note");
      if (!in.errors().empty()) return Error(r, in.Finish(Status::Ok()));
    }
    auto c = Service()->ConfirmByToken(token, note);
    if (!c) return Error(r, c.error());
    nlohmann::json j = {{"recall_number", c->recall_number},
                        {"status", domain::RecallStatusId(c->status)},
                        {"location_id", c->destination.location_id},
                        {"description", c->destination.description},
                        {"confirmed_at", c->destination.confirmed_at_ms
                                             ? nlohmann::json(Iso(*c->destination.confirmed_at_ms))
                                             : nlohmann::json()},
                        {"confirmed_now", c->confirmed_now}};
    return Response::Json(200, j.dump());
  }

 private:
  domain::RecallService* Service() { return ctx_.traceability.recalls; }
  Response Error(const Request& r, const Status& s) { return ErrorResponse(r, ctx_.catalog, s); }
  Response Unavailable(const Request& r) { return Error(r, Internal("recall service not wired")); }

  // The optional members shared by opening and opening a proposal.
  static domain::OpenRecallRequest ReadRequest(const nlohmann::json& body, FieldReader& in) {
    domain::OpenRecallRequest q;
    q.reason_text = in.String("reason_text");
    q.reference = in.String("reference");
    if (auto it = body.find("area_rule"); it != body.end() && !it->is_null()) {
      if (it->is_boolean()) {
        q.rule.enabled = it->get<bool>();
      } else {
        in.errors().Add("area_rule", "error.recall.area_rule_type");
      }
    }
    if (auto it = body.find("window_days"); it != body.end() && !it->is_null()) {
      if (it->is_number_integer() && it->get<std::int64_t>() >= -1000000 &&
          it->get<std::int64_t>() <= 1000000) {
        q.rule.window_days = static_cast<int>(it->get<std::int64_t>());
      } else {
        in.errors().Add("window_days", "error.field.type_integer");
      }
    }
    return q;
  }

  Response Answer(const Request& r, std::int64_t id, int status) {
    auto d = Service()->Get(*r.principal, id);
    if (!d) return Error(r, d.error());
    Response resp = Response::Json(status, DetailJson(*d).dump());
    if (status == 201) resp.Header("Location", "/api/v1/recalls/" + std::to_string(id));
    return resp;
  }

  Response Records(Request& r, bool xlsx) {
    if (!Service()) return Unavailable(r);
    auto id = IdParam(r, "id");
    if (!id) return Error(r, NotFound("error.recall.not_found"));
    auto d = Service()->Get(*r.principal, *id);
    if (!d) return Error(r, d.error());
    const render::Table table = RecallRecordsTable(*d, ctx_.catalog, r.Language());
    if (!xlsx) {
      return Response::Attachment(render::WriteCsv(table), "text/csv; charset=utf-8",
                                  RecallRecordsFileName(d->recall, "csv"));
    }
    auto bytes = render::WriteXlsx(table);
    if (!bytes) return Error(r, bytes.error());
    return Response::Attachment(std::move(*bytes),
                                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                                RecallRecordsFileName(d->recall, "xlsx"));
  }

  ApiContext& ctx_;
};

}  // namespace

void RegisterRecallRoutes(http::Router& router, ApiContext& ctx) {
  auto api = std::make_shared<RecallApi>(ctx);
  auto bind = [api](Response (RecallApi::*fn)(Request&)) {
    return [api, fn](Request& r) { return ((*api).*fn)(r); };
  };
  const auto users = Access::Roles(kRecallRoles);
  const auto officers = Access::Roles(kOfficers);
  router.Add(Method::kGet, "/api/v1/recalls", users, Surface::kApi, bind(&RecallApi::List));
  router.Add(Method::kPost, "/api/v1/recalls", users, Surface::kApi, bind(&RecallApi::Create));
  router.Add(Method::kGet, "/api/v1/recalls/{id}", users, Surface::kApi, bind(&RecallApi::Get));
  router.Add(Method::kPost, "/api/v1/recalls/{id}/open", officers, Surface::kApi,
             bind(&RecallApi::OpenProposal));
  router.Add(Method::kPost, "/api/v1/recalls/{id}/destinations/{destination}/confirm", officers,
             Surface::kApi, bind(&RecallApi::Confirm));
  router.Add(Method::kPost, "/api/v1/recalls/{id}/close", users, Surface::kApi,
             bind(&RecallApi::Close));
  router.Add(Method::kGet, "/api/v1/recalls/{id}/records.xlsx", users, Surface::kApi,
             bind(&RecallApi::RecordsXlsx));
  router.Add(Method::kGet, "/api/v1/recalls/{id}/records.csv", users, Surface::kApi,
             bind(&RecallApi::RecordsCsv));
  router.Add(Method::kPost, "/api/v1/recall-confirmations/{token}", Access::Public(), Surface::kApi,
             bind(&RecallApi::ConfirmByToken));
}

}  // namespace ocop::api
