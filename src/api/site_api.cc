// /api/v1/sites: growing areas (mã số vùng trồng) and packing houses (mã số cơ
// sở đóng gói): register, read with the day's flags, list, update, change
// status, add certificates and farming-diary entries. Scopes are the
// domain's (SiteService); the routes admit the roles that may ever act.
#include <nlohmann/json.hpp>

#include "api/api_context.h"
#include "api/json_body.h"
#include "api/json_views.h"
#include "api/json_writer.h"
#include "core/text.h"
#include "domain/traceability/site_service.h"
#include "gs1/epcis/sensor_data.h"

namespace ocop::api {
namespace {

using domain::Site;
using domain::SiteView;
using http::Access;
using http::Method;
using http::Request;
using http::Response;
using http::Surface;

void WriteSite(JsonWriter& w, const SiteView& v) {
  const Site& s = v.site;
  const auto& f = s.fields;
  w.BeginObject()
      .Member("id", s.id)
      .Member("kind", domain::SiteKindId(f.kind))
      .Member("code", f.code)
      .Member("location_id", s.location_id)
      .Member("producer_id", s.producer_id)
      .Member("name", f.name)
      .Member("status", domain::SiteStatusId(v.status));
  w.Key("target_markets").BeginArray();
  for (const auto& m : f.target_markets) w.String(m);
  w.EndArray();
  w.Member("crop", f.crop).Member("variety", f.variety);
  w.Key("declared_area_ha").Number(f.declared_area_ha, 4);
  w.Key("boundary_area_ha");
  if (s.boundary_area_ha) {
    w.Number(*s.boundary_area_ha, 4);
  } else {
    w.Null();
  }
  w.Key("capacity_tonnes_per_day").Number(f.capacity_tonnes_per_day, 3);
  w.Key("yield_estimate_tonnes").Number(f.yield_estimate_tonnes, 3);
  w.Member("province_code", s.province_code)
      .Member("commune_code", f.commune_code)
      .Member("address", f.address)
      .Member("representative", f.representative);
  // The boundary as GeoJSON (validated when stored), or null.
  w.Key("boundary");
  if (f.boundary_geojson.empty()) {
    w.Null();
  } else {
    w.String(f.boundary_geojson);
  }
  w.Key("households").BeginArray();
  for (const auto& h : f.households) {
    w.BeginObject().Member("name", h.name).Key("area_ha").Number(h.area_ha, 4).EndObject();
  }
  w.EndArray();
  w.Key("certificates").BeginArray();
  for (const auto& c : s.certificates) {
    w.BeginObject()
        .Member("id", c.id)
        .Member("kind", domain::CertificateKindId(c.kind))
        .Member("number", c.number)
        .Member("issuer", c.issuer)
        .Member("issued_on", c.issued_on.ToIso())
        .Member("expires_on", c.expires_on.ToIso())
        .EndObject();
  }
  w.EndArray();
  w.Key("diary").BeginArray();
  for (const auto& e : s.diary) {
    w.BeginObject()
        .Member("id", e.id)
        .Member("on", e.on.ToIso())
        .Member("kind", domain::DiaryKindId(e.kind))
        .Member("product", e.product)
        .Member("dose", e.dose)
        .Member("pre_harvest_interval_days", e.pre_harvest_interval_days)
        .Key("planned_harvest")
        .StringOrNull(e.planned_harvest ? e.planned_harvest->ToIso() : "")
        .Member("note", e.note)
        .EndObject();
  }
  w.EndArray();
  w.Key("status_history").BeginArray();
  for (const auto& c : s.status_history) {
    w.BeginObject()
        .Member("on", c.on.ToIso())
        .Member("status", domain::SiteStatusId(c.status))
        .Member("reason", c.reason)
        .EndObject();
  }
  w.EndArray();
  w.Member("version", s.version)
      .Member("created_at", IsoTimestamp(s.created_at_ms / 1000))
      .Member("updated_at", IsoTimestamp(s.updated_at_ms / 1000));
}

// The flags in the request's language.
void WriteFlags(JsonWriter& w, const SiteView& v, const i18n::Catalog& catalog,
                const std::string& lang) {
  w.Key("flags").BeginArray();
  for (const auto& flag : v.flags) {
    w.BeginObject()
        .Member("kind", domain::SiteFlagKindId(flag.kind))
        .Member("message", catalog.Render(lang, flag.message))
        .EndObject();
  }
  w.EndArray();
}

Result<std::int64_t> PathId(const Request& r) {
  std::string id = r.PathParam("id");
  if (!text::IsDigits(id) || id.size() > 18) return Err(NotFound("error.site.not_found"));
  return std::stoll(id);
}

// Typed reads the generic FieldReader has no form for: decimals (a JSON
// number, or a string such as "12,5"), lists and the GeoJSON boundary.
class SiteReader {
 public:
  SiteReader(const nlohmann::json& body, FieldReader& in) : body_(body), in_(in) {}

  std::string Decimal(const char* name) {
    auto it = body_.find(name);
    if (it == body_.end() || it->is_null()) return {};
    if (it->is_number()) return gs1::epcis::ShortestDecimal(it->get<double>());
    if (it->is_string()) return it->get<std::string>();
    in_.errors().Add(name, "error.site.type_number");
    return {};
  }
  std::vector<std::string> Strings(const char* name) {
    std::vector<std::string> out;
    auto it = body_.find(name);
    if (it == body_.end() || it->is_null()) return out;
    if (!it->is_array()) {
      in_.errors().Add(name, "error.field.type_string_list");
      return out;
    }
    for (const auto& item : *it) {
      if (!item.is_string()) {
        in_.errors().Add(name, "error.field.type_string_list");
        return {};
      }
      out.push_back(item.get<std::string>());
    }
    return out;
  }
  // A GeoJSON object, or the same as a string.
  std::string Boundary(const char* name) {
    auto it = body_.find(name);
    if (it == body_.end() || it->is_null()) return {};
    if (it->is_object()) return it->dump();
    if (it->is_string()) return it->get<std::string>();
    in_.errors().Add(name, "error.field.type_object");
    return {};
  }
  std::vector<domain::SiteHouseholdInput> Households(const char* name) {
    std::vector<domain::SiteHouseholdInput> out;
    auto it = body_.find(name);
    if (it == body_.end() || it->is_null()) return out;
    if (!it->is_array()) {
      in_.errors().Add(name, "error.site.type_households");
      return out;
    }
    for (const auto& item : *it) {
      auto n = item.is_object() ? item.find("name") : item.end();
      if (!item.is_object() || n == item.end() || !n->is_string()) {
        in_.errors().Add(name, "error.site.type_households");
        return {};
      }
      domain::SiteHouseholdInput h{n->get<std::string>(), ""};
      if (auto a = item.find("area_ha"); a != item.end() && !a->is_null()) {
        if (a->is_number()) {
          h.area_ha = gs1::epcis::ShortestDecimal(a->get<double>());
        } else if (a->is_string()) {
          h.area_ha = a->get<std::string>();
        } else {
          in_.errors().Add(name, "error.site.type_households");
          return {};
        }
      }
      out.push_back(std::move(h));
    }
    return out;
  }

 private:
  const nlohmann::json& body_;
  FieldReader& in_;
};

#define OCOP_SITE_FIELDS                                                                         \
  "kind", "code", "name", "target_markets", "crop", "variety", "declared_area_ha",               \
      "capacity_tonnes_per_day", "yield_estimate_tonnes", "commune_code", "address", "boundary", \
      "representative", "households", "producer_id", "granted_on"

domain::SiteInput ReadSite(const nlohmann::json& body, FieldReader& in) {
  SiteReader s(body, in);
  domain::SiteInput v;
  v.kind = in.String("kind");
  v.code = in.String("code");
  v.name = in.String("name");
  v.target_markets = s.Strings("target_markets");
  v.crop = in.String("crop");
  v.variety = in.String("variety");
  v.declared_area_ha = s.Decimal("declared_area_ha");
  v.capacity_tonnes_per_day = s.Decimal("capacity_tonnes_per_day");
  v.yield_estimate_tonnes = s.Decimal("yield_estimate_tonnes");
  v.commune_code = in.String("commune_code");
  v.address = in.String("address");
  v.boundary_geojson = s.Boundary("boundary");
  v.representative = in.String("representative");
  v.households = s.Households("households");
  v.producer_id = in.Integer("producer_id");
  v.granted_on = in.String("granted_on");
  return v;
}

class SiteApi {
 public:
  explicit SiteApi(ApiContext& ctx) : ctx_(ctx) {}

  Response Error(const Request& r, const Status& s) const {
    return ErrorResponse(r, ctx_.catalog, s);
  }

  Response One(const Request& r, int status, const SiteView& v) const {
    JsonWriter w;
    WriteSite(w, v);
    WriteFlags(w, v, ctx_.catalog, r.Language());
    w.EndObject();
    return Response::Json(status, w.Take());
  }

  Response Create(Request& r) {
    auto body = ParseObject(r);
    if (!body) return Error(r, body.error());
    FieldReader in(*body, {OCOP_SITE_FIELDS});
    auto input = ReadSite(*body, in);
    if (!in.errors().empty()) return Error(r, in.Finish(sites().CheckSite(input)));
    auto created = sites().Create(*r.principal, input);
    if (!created) return Error(r, created.error());
    return One(r, 201, *created)
        .Header("Location", "/api/v1/sites/" + std::to_string(created->site.id));
  }

  Response Get(Request& r) {
    auto id = PathId(r);
    if (!id) return Error(r, id.error());
    auto v = sites().Get(*r.principal, *id);
    if (!v) return Error(r, v.error());
    return One(r, 200, *v);
  }

  Response List(Request& r) {
    auto paging = ReadPaging(r);
    if (!paging) return Error(r, paging.error());
    domain::SiteFilter f;
    FieldErrors errors;
    f.province_code = r.Query("province");
    f.commune_code = r.Query("commune");
    if (std::string p = r.Query("producer_id"); !p.empty()) {
      if (!text::IsDigits(p) || p.size() > 18) {
        errors.Add("producer_id", "error.field.type_integer");
      } else {
        f.producer_id = std::stoll(p);
      }
    }
    if (std::string k = r.Query("kind"); !k.empty()) {
      f.kind = domain::ParseSiteKind(k);
      if (!f.kind) errors.Add("kind", "error.site.kind");
    }
    const auto& geo = sites().geography();
    if (!f.province_code.empty() && !geo.FindProvince(f.province_code))
      errors.Add("province", "error.geo.unknown_province");
    if (!f.commune_code.empty() && !geo.FindCommune(f.commune_code))
      errors.Add("commune", "error.geo.unknown_commune");
    if (!errors.empty()) return Error(r, errors.ToStatus());
    f.limit = paging->second;
    f.offset = (paging->first - 1) * paging->second;
    auto page = sites().List(*r.principal, f);
    if (!page) return Error(r, page.error());
    JsonWriter w;
    w.BeginObject().Key("items").BeginArray();
    for (const auto& v : page->items) {
      WriteSite(w, v);
      WriteFlags(w, v, ctx_.catalog, r.Language());
      w.EndObject();
    }
    w.EndArray()
        .Member("page", paging->first)
        .Member("per_page", paging->second)
        .Member("total", page->total)
        .EndObject();
    return Response::Json(200, w.Take());
  }

  Response Update(Request& r) {
    auto id = PathId(r);
    if (!id) return Error(r, id.error());
    auto body = ParseObject(r);
    if (!body) return Error(r, body.error());
    FieldReader in(*body, {OCOP_SITE_FIELDS, "version"});
    auto input = ReadSite(*body, in);
    auto version = in.RequiredInteger("version");
    if (!in.errors().empty()) return Error(r, in.Finish(sites().CheckSite(input)));
    auto updated = sites().Update(*r.principal, *id, input, *version);
    if (!updated) return Error(r, updated.error());
    return One(r, 200, *updated);
  }

  Response ChangeStatus(Request& r) {
    auto id = PathId(r);
    if (!id) return Error(r, id.error());
    auto body = ParseObject(r);
    if (!body) return Error(r, body.error());
    FieldReader in(*body, {"status", "on", "reason", "version"});
    domain::SiteStatusInput input{in.String("status"), in.String("on"), in.String("reason")};
    auto version = in.RequiredInteger("version");
    if (!in.errors().empty()) {
      auto v = domain::ValidateStatusChange(input, sites().Today());
      return Error(r, in.Finish(v ? Status::Ok() : v.error()));
    }
    auto changed = sites().ChangeStatus(*r.principal, *id, input, *version);
    if (!changed) return Error(r, changed.error());
    return One(r, 200, *changed);
  }

  Response AddCertificate(Request& r) {
    auto id = PathId(r);
    if (!id) return Error(r, id.error());
    auto body = ParseObject(r);
    if (!body) return Error(r, body.error());
    FieldReader in(*body, {"kind", "number", "issuer", "issued_on", "expires_on", "version"});
    domain::SiteCertificateInput input{in.String("kind"), in.String("number"), in.String("issuer"),
                                       in.String("issued_on"), in.String("expires_on")};
    auto version = in.RequiredInteger("version");
    if (!in.errors().empty()) {
      auto v = domain::ValidateCertificate(input);
      return Error(r, in.Finish(v ? Status::Ok() : v.error()));
    }
    auto added = sites().AddCertificate(*r.principal, *id, input, *version);
    if (!added) return Error(r, added.error());
    return One(r, 201, *added);
  }

  Response AddDiaryEntry(Request& r) {
    auto id = PathId(r);
    if (!id) return Error(r, id.error());
    auto body = ParseObject(r);
    if (!body) return Error(r, body.error());
    FieldReader in(*body, {"on", "kind", "product", "dose", "pre_harvest_interval_days",
                           "planned_harvest", "note", "version"});
    domain::DiaryEntryInput input{in.String("on"),
                                  in.String("kind"),
                                  in.String("product"),
                                  in.String("dose"),
                                  in.Integer("pre_harvest_interval_days"),
                                  in.String("planned_harvest"),
                                  in.String("note")};
    auto version = in.RequiredInteger("version");
    if (!in.errors().empty()) {
      auto v = domain::ValidateDiaryEntry(input, sites().Today());
      return Error(r, in.Finish(v ? Status::Ok() : v.error()));
    }
    auto added = sites().AddDiaryEntry(*r.principal, *id, input, *version);
    if (!added) return Error(r, added.error());
    return One(r, 201, *added);
  }

 private:
  domain::SiteService& sites() const { return *ctx_.traceability.sites; }
  ApiContext& ctx_;
};

}  // namespace

void RegisterSiteRoutes(http::Router& router, ApiContext& ctx) {
  if (ctx.traceability.sites == nullptr) return;
  auto api = std::make_shared<SiteApi>(ctx);
  const auto readers = Access::Roles(domain::kSiteReaderRoles);
  const auto editors = Access::Roles(domain::kSiteEditorRoles);
  const auto officers = Access::Roles(domain::kSiteStatusRoles);
  auto bind = [api](Response (SiteApi::*fn)(Request&)) {
    return [api, fn](Request& r) { return ((*api).*fn)(r); };
  };
  router.Add(Method::kGet, "/api/v1/sites", readers, Surface::kApi, bind(&SiteApi::List));
  router.Add(Method::kPost, "/api/v1/sites", editors, Surface::kApi, bind(&SiteApi::Create));
  router.Add(Method::kGet, "/api/v1/sites/{id}", readers, Surface::kApi, bind(&SiteApi::Get));
  router.Add(Method::kPut, "/api/v1/sites/{id}", editors, Surface::kApi, bind(&SiteApi::Update));
  router.Add(Method::kPost, "/api/v1/sites/{id}/status", officers, Surface::kApi,
             bind(&SiteApi::ChangeStatus));
  router.Add(Method::kPost, "/api/v1/sites/{id}/certificates", editors, Surface::kApi,
             bind(&SiteApi::AddCertificate));
  router.Add(Method::kPost, "/api/v1/sites/{id}/diary", editors, Surface::kApi,
             bind(&SiteApi::AddDiaryEntry));
}

}  // namespace ocop::api
