// /api/v1/lots: producers record lots and transformations (each one an EPCIS event captured as
// them); producers, officers of the lot's area, the national office, inspectors and laboratories
// read them.
#include <nlohmann/json.hpp>

#include "api/api_context.h"
#include "api/json_body.h"
#include "api/json_writer.h"
#include "core/text.h"
#include "domain/traceability/lot_service.h"

namespace ocop::api {
namespace {

using http::Access;
using http::Method;
using http::Request;
using http::Response;
using http::Surface;
using Json = nlohmann::json;

// Who may list and read lots (each sees what domain::MayViewLotsOf allows).
constexpr std::array<domain::Role, 6> kLotReaders = {
    domain::Role::kNationalAdmin, domain::Role::kProvincialOfficer, domain::Role::kCommuneOfficer,
    domain::Role::kProducer,      domain::Role::kInspector,         domain::Role::kLaboratory};

void WriteDate(JsonWriter& w, std::string_view key, const std::optional<CivilDate>& d) {
  w.Key(key);
  if (d) {
    w.String(d->ToIso());
  } else {
    w.Null();
  }
}

void WriteLotFields(JsonWriter& w, const domain::Lot& lot) {
  w.Member("id", lot.id)
      .Member("product_id", lot.product_id)
      .Member("code", lot.code)
      .Member("epc_id", lot.epc_id);
  WriteDate(w, "harvest_from", lot.harvest_from);
  WriteDate(w, "harvest_to", lot.harvest_to);
  w.Key("quantity").Number(lot.quantity, 6).Member("unit", lot.unit).Key("growing_area_ids");
  w.BeginArray();
  for (std::int64_t id : lot.growing_area_ids) w.Int(id);
  w.EndArray().Key("packing_house_id");
  if (lot.packing_house_id != 0) {
    w.Int(lot.packing_house_id);
  } else {
    w.Null();
  }
  w.Member("status", domain::LotStatusId(lot.status))
      .Member("status_reason", lot.status_reason)
      .Member("event_id", lot.event_id)
      .Member("created_at", domain::FormatRfc3339Ms(lot.created_at_ms))
      .Member("version", lot.version);
}

void WriteSite(JsonWriter& w, const domain::Site& s) {
  w.BeginObject()
      .Member("id", s.id)
      .Member("code", s.code())
      .Member("name", s.fields.name)
      .Member("location_id", s.location_id)
      .EndObject();
}

// A JSON string or number member as text for the service's validation; a wrong type is a field
// violation.
std::string Scalar(const Json& o, const char* name, const std::string& field, FieldErrors& errors) {
  auto it = o.find(name);
  if (it == o.end() || it->is_null()) return {};
  if (it->is_string()) return it->get<std::string>();
  if (it->is_number_integer()) return std::to_string(it->get<std::int64_t>());
  if (it->is_number()) return domain::FormatQuantity(it->get<double>());
  errors.Add(field, "error.field.type_string");
  return {};
}

void CheckMembers(const Json& o, std::initializer_list<const char*> known,
                  const std::string& prefix, FieldErrors& errors) {
  for (const auto& item : o.items()) {
    bool is_known = false;
    for (const char* k : known) is_known |= item.key() == k;
    if (!is_known) errors.Add(prefix + item.key(), "error.field.unknown");
  }
}

domain::LotInput ReadLot(const Json& o, const std::string& prefix, bool with_origin,
                         FieldErrors& errors) {
  domain::LotInput in;
  if (!o.is_object()) {
    errors.Add(prefix.empty() ? "body" : prefix.substr(0, prefix.size() - 1), "error.json.object");
    return in;
  }
  if (with_origin) {
    CheckMembers(o,
                 {"product_id", "code", "harvest_from", "harvest_to", "quantity", "unit",
                  "growing_areas", "packing_house"},
                 prefix, errors);
  } else {
    CheckMembers(o, {"product_id", "code", "quantity", "unit"}, prefix, errors);
  }
  in.product_id = Scalar(o, "product_id", prefix + "product_id", errors);
  in.code = Scalar(o, "code", prefix + "code", errors);
  in.quantity = Scalar(o, "quantity", prefix + "quantity", errors);
  in.unit = Scalar(o, "unit", prefix + "unit", errors);
  if (!with_origin) return in;
  in.harvest_from = Scalar(o, "harvest_from", prefix + "harvest_from", errors);
  in.harvest_to = Scalar(o, "harvest_to", prefix + "harvest_to", errors);
  in.packing_house = Scalar(o, "packing_house", prefix + "packing_house", errors);
  if (auto it = o.find("growing_areas"); it != o.end() && !it->is_null()) {
    if (!it->is_array()) {
      errors.Add(prefix + "growing_areas", "error.lot.type_list");
    } else {
      for (const Json& code : *it) {
        if (code.is_string()) {
          in.growing_areas.push_back(code.get<std::string>());
        } else {
          errors.Add(prefix + "growing_areas", "error.field.type_string");
        }
      }
    }
  }
  return in;
}

class LotApi {
 public:
  explicit LotApi(ApiContext& ctx) : ctx_(ctx) {}

  Response List(Request& r) {
    auto lots = service().List(*r.principal);
    if (!lots) return Error(r, lots.error());
    JsonWriter w;
    w.BeginObject().Key("items").BeginArray();
    for (const auto& item : *lots) {
      w.BeginObject();
      WriteLotFields(w, item.lot);
      w.Member("product_code", item.product_code).Member("product_name", item.product_name);
      w.EndObject();
    }
    w.EndArray().EndObject();
    return Response::Json(200, w.Take());
  }

  Response Get(Request& r) {
    const std::string id = r.PathParam("id");
    if (!text::IsDigits(id) || id.size() > 18) return Error(r, NotFound("error.lot.not_found"));
    auto view = service().Get(*r.principal, std::stoll(id));
    if (!view) return Error(r, view.error());
    return Response::Json(200, ViewJson(*view));
  }

  Response Create(Request& r) {
    auto body = ParseObject(r);
    if (!body) return Error(r, body.error());
    FieldErrors types;
    domain::LotInput in = ReadLot(*body, "", true, types);
    // Type problems first: the service is not called (it would store a lot that is valid apart
    // from, say, an unknown member).
    if (!types.empty()) return Error(r, types.ToStatus());
    auto lot = service().Record(*r.principal, in);
    if (!lot) return Error(r, lot.error());
    return Created(r, lot->id);
  }

  Response Transform(Request& r) {
    auto body = ParseObject(r);
    if (!body) return Error(r, body.error());
    FieldErrors types;
    CheckMembers(*body, {"inputs", "outputs", "packing_house"}, "", types);
    domain::TransformationInput in;
    in.packing_house = Scalar(*body, "packing_house", "packing_house", types);
    if (auto it = body->find("inputs"); it != body->end() && it->is_array()) {
      for (std::size_t i = 0; i < it->size(); ++i) {
        const Json& line = (*it)[i];
        const std::string prefix = "inputs[" + std::to_string(i) + "].";
        domain::TransformationInputLine l;
        if (!line.is_object()) {
          types.Add(prefix + "lot_id", "error.json.object");
        } else {
          CheckMembers(line, {"lot_id", "quantity"}, prefix, types);
          l.lot_id = Scalar(line, "lot_id", prefix + "lot_id", types);
          l.quantity = Scalar(line, "quantity", prefix + "quantity", types);
        }
        in.inputs.push_back(std::move(l));
      }
    } else if (it != body->end() && !it->is_null()) {
      types.Add("inputs", "error.lot.type_list");
    }
    if (auto it = body->find("outputs"); it != body->end() && it->is_array()) {
      for (std::size_t i = 0; i < it->size(); ++i) {
        in.outputs.push_back(
            ReadLot((*it)[i], "outputs[" + std::to_string(i) + "].", false, types));
      }
    } else if (it != body->end() && !it->is_null()) {
      types.Add("outputs", "error.lot.type_list");
    }
    if (!types.empty()) return Error(r, types.ToStatus());
    auto lots = service().Transform(*r.principal, in);
    if (!lots) return Error(r, lots.error());
    JsonWriter w;
    w.BeginObject().Key("items").BeginArray();
    for (const auto& lot : *lots) {
      w.BeginObject();
      WriteLotFields(w, lot);
      w.EndObject();
    }
    w.EndArray().EndObject();
    return Response::Json(201, w.Take());
  }

 private:
  domain::LotService& service() { return *ctx_.traceability.lots; }

  Response Error(const Request& r, const Status& s) { return ErrorResponse(r, ctx_.catalog, s); }

  Response Created(const Request& r, std::int64_t id) {
    auto view = service().Get(*r.principal, id);
    if (!view) return Error(r, view.error());
    Response resp = Response::Json(201, ViewJson(*view));
    resp.Header("Location", "/api/v1/lots/" + std::to_string(id));
    return resp;
  }

  std::string ViewJson(const domain::LotView& v) {
    JsonWriter w;
    w.BeginObject();
    WriteLotFields(w, v.lot);
    w.Member("product_code", v.product.code)
        .Member("product_name", v.product.fields.name)
        .Member("scan_url", service().settings().base_url + v.scan_path)
        .Member("trace_url", "/trace?id=" + text::PercentEncode(v.lot.epc_id))
        .Key("growing_areas")
        .BeginArray();
    for (const auto& s : v.growing_areas) WriteSite(w, s);
    w.EndArray().Key("packing_house");
    if (v.packing_house) {
      WriteSite(w, *v.packing_house);
    } else {
      w.Null();
    }
    w.Key("events").BeginArray();
    for (const auto& e : v.events) {
      w.BeginObject()
          .Member("eventID", e.event.event_id)
          .Member("type", gs1::epcis::EventTypeName(e.event.type))
          .Member("eventTime", domain::FormatRfc3339Ms(e.event.event_time_ms))
          .Member("bizStep", e.event.biz_step)
          .EndObject();
    }
    w.EndArray().EndObject();
    return w.Take();
  }

  ApiContext& ctx_;
};

}  // namespace

void RegisterLotRoutes(http::Router& router, ApiContext& ctx) {
  if (ctx.traceability.lots == nullptr) return;
  auto api = std::make_shared<LotApi>(ctx);
  auto bind = [api](Response (LotApi::*fn)(Request&)) {
    return [api, fn](Request& r) { return ((*api).*fn)(r); };
  };
  const auto readers = Access::Roles(kLotReaders);
  const auto producers = Access::Roles(std::vector<domain::Role>{domain::Role::kProducer});
  router.Add(Method::kGet, "/api/v1/lots", readers, Surface::kApi, bind(&LotApi::List));
  router.Add(Method::kPost, "/api/v1/lots", producers, Surface::kApi, bind(&LotApi::Create));
  router.Add(Method::kPost, "/api/v1/lots/transform", producers, Surface::kApi,
             bind(&LotApi::Transform));
  router.Add(Method::kGet, "/api/v1/lots/{id}", readers, Surface::kApi, bind(&LotApi::Get));
}

}  // namespace ocop::api
