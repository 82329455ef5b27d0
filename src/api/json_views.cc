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

nlohmann::json ToJson(const domain::Producer& p) {
  const auto& f = p.fields;
  return {{"id", p.id},
          {"version", p.version},
          {"legal_type", domain::LegalTypeId(f.legal_type)},
          {"name", f.name},
          {"registration_no", f.registration_no},
          {"representative_name", f.representative.name},
          {"representative_gender", domain::GenderId(f.representative.gender)},
          {"representative_ethnicity", f.representative.ethnicity},
          {"province_code", p.province_code},
          {"commune_code", f.commune_code},
          {"street_address", f.street_address},
          {"phone", f.phone},
          {"email", f.email},
          {"founded_on", f.founded_on.empty() ? nlohmann::json() : nlohmann::json(f.founded_on)},
          {"created_at", IsoTimestamp(p.created_at)},
          {"updated_at", IsoTimestamp(p.updated_at)}};
}

nlohmann::json ToJson(const domain::Product& p, const domain::ProductSetCatalog& sets) {
  const auto* set = sets.Find(p.fields.product_set);
  nlohmann::json set_json = nullptr;
  if (set) {
    set_json = {{"number", set->number},
                {"name_vi", set->name_vi},
                {"name_en", set->name_en},
                {"group", set->group_code},
                {"subgroup", set->subgroup_no}};
  }
  return {{"id", p.id},
          {"version", p.version},
          {"code", p.code},
          {"name", p.fields.name},
          {"product_set", p.fields.product_set},
          {"product_set_info", set_json},
          {"producer_id", p.fields.producer_id},
          {"description", p.fields.description},
          {"gtin", p.fields.gtin.empty() ? nlohmann::json() : nlohmann::json(p.fields.gtin)},
          {"province_code", p.province_code},
          {"commune_code", p.commune_code},
          {"created_at", IsoTimestamp(p.created_at)},
          {"updated_at", IsoTimestamp(p.updated_at)}};
}

nlohmann::json ToJson(const domain::Principal& p) {
  nlohmann::json j = {{"id", p.user_id}, {"username", p.username}, {"role", domain::RoleId(p.role)}};
  if (!p.province_code.empty()) j["province_code"] = p.province_code;
  if (!p.commune_code.empty()) j["commune_code"] = p.commune_code;
  if (p.producer_id) j["producer_id"] = p.producer_id;
  return j;
}

}  // namespace ocop::api
