#include "api/json_views.h"

#include <ctime>

namespace ocop::api {

std::string IsoTimestamp(std::int64_t unix_seconds) {
  std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

void WriteProducer(JsonWriter& w, const domain::Producer& p) {
  const auto& f = p.fields;
  w.BeginObject()
      .Member("id", p.id)
      .Member("version", p.version)
      .Member("legal_type", domain::LegalTypeId(f.legal_type))
      .Member("name", f.name)
      .Member("registration_no", f.registration_no)
      .Member("representative_name", f.representative.name)
      .Member("representative_gender", domain::GenderId(f.representative.gender))
      .Member("representative_ethnicity", f.representative.ethnicity)
      .Member("province_code", p.province_code)
      .Member("commune_code", f.commune_code)
      .Member("street_address", f.street_address)
      .Member("phone", f.phone)
      .Member("email", f.email)
      .Key("founded_on")
      .StringOrNull(f.founded_on)
      .Member("created_at", IsoTimestamp(p.created_at))
      .Member("updated_at", IsoTimestamp(p.updated_at))
      .EndObject();
}

void WriteProduct(JsonWriter& w, const domain::Product& p, const domain::ProductSetCatalog& sets) {
  w.BeginObject()
      .Member("id", p.id)
      .Member("version", p.version)
      .Member("code", p.code)
      .Member("name", p.fields.name)
      .Member("product_set", p.fields.product_set)
      .Key("product_set_info");
  if (const auto* set = sets.Find(p.fields.product_set)) {
    w.BeginObject()
        .Member("number", set->number)
        .Member("name_vi", set->name_vi)
        .Member("name_en", set->name_en)
        .Member("group", set->group_code)
        .Member("subgroup", set->subgroup_no)
        .EndObject();
  } else {
    w.Null();
  }
  w.Member("producer_id", p.fields.producer_id)
      .Member("description", p.fields.description)
      .Key("gtin")
      .StringOrNull(p.fields.gtin)
      .Member("province_code", p.province_code)
      .Member("commune_code", p.commune_code)
      .Member("created_at", IsoTimestamp(p.created_at))
      .Member("updated_at", IsoTimestamp(p.updated_at))
      .EndObject();
}

void WritePrincipal(JsonWriter& w, const domain::Principal& p) {
  w.BeginObject()
      .Member("id", p.user_id)
      .Member("username", p.username)
      .Member("role", domain::RoleId(p.role));
  if (!p.province_code.empty()) w.Member("province_code", p.province_code);
  if (!p.commune_code.empty()) w.Member("commune_code", p.commune_code);
  if (p.producer_id) w.Member("producer_id", p.producer_id);
  w.EndObject();
}

void WriteProvince(JsonWriter& w, const domain::Province& p) {
  w.BeginObject()
      .Member("code", p.code)
      .Member("name", p.name)
      .Member("division_type", p.division_type)
      .EndObject();
}

void WriteCommune(JsonWriter& w, const domain::Commune& c) {
  w.BeginObject()
      .Member("code", c.code)
      .Member("name", c.name)
      .Member("division_type", c.division_type)
      .Member("province_code", c.province_code)
      .EndObject();
}

void WriteProductSet(JsonWriter& w, const domain::ProductSet& s) {
  w.BeginObject()
      .Member("number", s.number)
      .Member("name_vi", s.name_vi)
      .Member("name_en", s.name_en)
      .Member("group", s.group_code)
      .Member("group_vi", s.group_vi)
      .Member("group_en", s.group_en)
      .Member("subgroup", s.subgroup_no)
      .Member("subgroup_vi", s.subgroup_vi)
      .Member("subgroup_en", s.subgroup_en)
      .EndObject();
}

}  // namespace ocop::api
