#include "storage/sql/site_repository.h"

#include <cmath>
#include <string>
#include <vector>

#include "core/text.h"
#include "storage/sql/sql_repositories.h"

namespace ocop::storage {
namespace {

using domain::Site;

// Hectares and tonnes are kept as whole square metres and kilograms.
std::int64_t HaToM2(double ha) { return static_cast<std::int64_t>(std::llround(ha * 10000.0)); }
double M2ToHa(std::int64_t m2) { return static_cast<double>(m2) / 10000.0; }
std::int64_t TonnesToKg(double t) { return static_cast<std::int64_t>(std::llround(t * 1000.0)); }
double KgToTonnes(std::int64_t kg) { return static_cast<double>(kg) / 1000.0; }

CivilDate DateOf(const std::string& iso) { return CivilDate::Parse(iso).value_or(CivilDate{}); }

std::string JoinMarkets(const std::vector<std::string>& markets) {
  std::string out;
  for (const auto& m : markets) out += (out.empty() ? "" : ",") + m;
  return out;
}

std::vector<std::string> SplitMarkets(const std::string& joined) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < joined.size()) {
    std::size_t comma = joined.find(',', start);
    if (comma == std::string::npos) comma = joined.size();
    if (comma > start) out.push_back(joined.substr(start, comma - start));
    start = comma + 1;
  }
  return out;
}

constexpr const char* kSiteColumns =
    "id, version, kind, code, location_id, producer_id, name, target_markets, crop, variety, "
    "declared_area_m2, capacity_kg_per_day, yield_estimate_kg, province_code, commune_code, "
    "address, boundary_geojson, boundary_area_m2, representative, created_at_ms, updated_at_ms";

Site SiteFromRow(const ResultSet& rs, std::size_t i) {
  Site s;
  s.id = rs.Int(i, 0);
  s.version = rs.Int(i, 1);
  auto& f = s.fields;
  f.kind = domain::ParseSiteKind(rs.Text(i, 2)).value_or(domain::SiteKind::kGrowingArea);
  f.code = rs.Text(i, 3);
  s.location_id = rs.Text(i, 4);
  s.producer_id = rs.Int(i, 5);
  f.name = rs.Text(i, 6);
  f.target_markets = SplitMarkets(rs.Text(i, 7));
  f.crop = rs.Text(i, 8);
  f.variety = rs.Text(i, 9);
  f.declared_area_ha = M2ToHa(rs.Int(i, 10));
  f.capacity_tonnes_per_day = KgToTonnes(rs.Int(i, 11));
  f.yield_estimate_tonnes = KgToTonnes(rs.Int(i, 12));
  s.province_code = rs.Text(i, 13);
  f.commune_code = rs.Text(i, 14);
  f.address = rs.Text(i, 15);
  f.boundary_geojson = rs.Text(i, 16);
  if (!rs.IsNull(i, 17)) s.boundary_area_ha = M2ToHa(rs.Int(i, 17));
  f.representative = rs.Text(i, 18);
  s.created_at_ms = rs.Int(i, 19);
  s.updated_at_ms = rs.Int(i, 20);
  return s;
}

// The mutable columns in a fixed order, shared by INSERT and UPDATE ($1–$15).
std::vector<Param> SiteParams(const Site& s) {
  const auto& f = s.fields;
  return {std::string(domain::SiteKindId(f.kind)),
          f.name,
          JoinMarkets(f.target_markets),
          f.crop,
          f.variety,
          HaToM2(f.declared_area_ha),
          TonnesToKg(f.capacity_tonnes_per_day),
          TonnesToKg(f.yield_estimate_tonnes),
          s.province_code,
          f.commune_code,
          f.address,
          f.boundary_geojson,
          s.boundary_area_ha ? Param(HaToM2(*s.boundary_area_ha)) : Param(nullptr),
          f.representative,
          s.updated_at_ms};
}

Status DuplicateCode(const Status& s) {
  if (s.code() != Code::kAlreadyExists) return s;
  return Status(Code::kAlreadyExists, {"error.site.duplicate_code", {}},
                {{"code", {"error.site.duplicate_code", {}}}});
}

}  // namespace

Result<std::int64_t> SqlSiteRepository::Insert(const Site& s) {
  auto params = SiteParams(s);
  params.push_back(s.fields.code);
  params.push_back(s.location_id);
  params.push_back(s.producer_id);
  params.push_back(s.created_at_ms);
  auto rs = c_.Query(
      "INSERT INTO sites (kind, name, target_markets, crop, variety, declared_area_m2, "
      "capacity_kg_per_day, yield_estimate_kg, province_code, commune_code, address, "
      "boundary_geojson, boundary_area_m2, representative, updated_at_ms, code, location_id, "
      "producer_id, created_at_ms, version) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, "
      "$19, 1) RETURNING id",
      params);
  if (!rs) return Err(DuplicateCode(rs.error()));
  const std::int64_t id = rs->Int(0, 0);
  OCOP_RETURN_IF_ERROR(WriteHouseholds(id, s.fields.households));
  for (const auto& change : s.status_history) OCOP_RETURN_IF_ERROR(InsertStatusChange(id, change));
  for (const auto& cert : s.certificates) OCOP_RETURN_IF_ERROR(InsertCertificate(id, cert));
  for (const auto& entry : s.diary) OCOP_RETURN_IF_ERROR(InsertDiaryEntry(id, entry));
  return id;
}

Status SqlSiteRepository::WriteHouseholds(std::int64_t site_id,
                                          const std::vector<domain::SiteHousehold>& households) {
  Param del[] = {site_id};
  OCOP_RETURN_IF_ERROR(c_.Exec("DELETE FROM site_households WHERE site_id = $1", del));
  for (std::size_t i = 0; i < households.size(); ++i) {
    Param p[] = {site_id, static_cast<std::int64_t>(i), households[i].name,
                 HaToM2(households[i].area_ha)};
    OCOP_RETURN_IF_ERROR(c_.Exec(
        "INSERT INTO site_households (site_id, ordinal, name, area_m2) VALUES ($1, $2, $3, $4)",
        p));
  }
  return Status::Ok();
}

Status SqlSiteRepository::InsertStatusChange(std::int64_t site_id,
                                             const domain::SiteStatusChange& c) {
  Param p[] = {site_id,  c.on.ToIso(), std::string(domain::SiteStatusId(c.status)),
               c.reason, c.by_user_id, c.recorded_at_ms};
  return c_.Exec(
      "INSERT INTO site_status_changes (site_id, on_date, status, reason, by_user_id, "
      "recorded_at_ms) VALUES ($1, $2, $3, $4, $5, $6)",
      p);
}

Status SqlSiteRepository::InsertCertificate(std::int64_t site_id,
                                            const domain::SiteCertificate& c) {
  Param p[] = {site_id,
               std::string(domain::CertificateKindId(c.kind)),
               c.number,
               c.issuer,
               c.issued_on.ToIso(),
               c.expires_on.ToIso()};
  return c_.Exec(
      "INSERT INTO site_certificates (site_id, kind, number, issuer, issued_on, expires_on) "
      "VALUES ($1, $2, $3, $4, $5, $6)",
      p);
}

Status SqlSiteRepository::InsertDiaryEntry(std::int64_t site_id, const domain::DiaryEntry& e) {
  Param p[] = {site_id,
               e.on.ToIso(),
               std::string(domain::DiaryKindId(e.kind)),
               e.product,
               e.dose,
               std::int64_t{e.pre_harvest_interval_days},
               e.planned_harvest ? e.planned_harvest->ToIso() : std::string(),
               e.note,
               e.by_user_id,
               e.recorded_at_ms};
  return c_.Exec(
      "INSERT INTO site_diary_entries (site_id, on_date, kind, product, dose, "
      "pre_harvest_interval_days, planned_harvest, note, by_user_id, recorded_at_ms) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
      p);
}

Status SqlSiteRepository::LoadChildren(Site& s) {
  Param id[] = {s.id};
  OCOP_ASSIGN_OR_RETURN(ResultSet hh,
                        c_.Query("SELECT name, area_m2 FROM site_households WHERE site_id = $1 "
                                 "ORDER BY ordinal",
                                 id));
  for (std::size_t i = 0; i < hh.rows.size(); ++i) {
    s.fields.households.push_back({hh.Text(i, 0), M2ToHa(hh.Int(i, 1))});
  }
  OCOP_ASSIGN_OR_RETURN(ResultSet st,
                        c_.Query("SELECT on_date, status, reason, by_user_id, recorded_at_ms "
                                 "FROM site_status_changes WHERE site_id = $1 ORDER BY on_date, id",
                                 id));
  for (std::size_t i = 0; i < st.rows.size(); ++i) {
    domain::SiteStatusChange c;
    c.on = DateOf(st.Text(i, 0));
    c.status = domain::ParseSiteStatus(st.Text(i, 1)).value_or(domain::SiteStatus::kActive);
    c.reason = st.Text(i, 2);
    c.by_user_id = st.Int(i, 3);
    c.recorded_at_ms = st.Int(i, 4);
    s.status_history.push_back(std::move(c));
  }
  OCOP_ASSIGN_OR_RETURN(
      ResultSet ce,
      c_.Query("SELECT id, kind, number, issuer, issued_on, expires_on FROM site_certificates "
               "WHERE site_id = $1 ORDER BY id",
               id));
  for (std::size_t i = 0; i < ce.rows.size(); ++i) {
    domain::SiteCertificate c;
    c.id = ce.Int(i, 0);
    c.kind =
        domain::ParseCertificateKind(ce.Text(i, 1)).value_or(domain::CertificateKind::kVietGap);
    c.number = ce.Text(i, 2);
    c.issuer = ce.Text(i, 3);
    c.issued_on = DateOf(ce.Text(i, 4));
    c.expires_on = DateOf(ce.Text(i, 5));
    s.certificates.push_back(std::move(c));
  }
  OCOP_ASSIGN_OR_RETURN(
      ResultSet di,
      c_.Query("SELECT id, on_date, kind, product, dose, pre_harvest_interval_days, "
               "planned_harvest, note, by_user_id, recorded_at_ms FROM site_diary_entries "
               "WHERE site_id = $1 ORDER BY on_date, id",
               id));
  for (std::size_t i = 0; i < di.rows.size(); ++i) {
    domain::DiaryEntry e;
    e.id = di.Int(i, 0);
    e.on = DateOf(di.Text(i, 1));
    e.kind = domain::ParseDiaryKind(di.Text(i, 2)).value_or(domain::DiaryKind::kOther);
    e.product = di.Text(i, 3);
    e.dose = di.Text(i, 4);
    e.pre_harvest_interval_days = static_cast<int>(di.Int(i, 5));
    if (!di.Text(i, 6).empty()) e.planned_harvest = CivilDate::Parse(di.Text(i, 6));
    e.note = di.Text(i, 7);
    e.by_user_id = di.Int(i, 8);
    e.recorded_at_ms = di.Int(i, 9);
    s.diary.push_back(std::move(e));
  }
  return Status::Ok();
}

Result<std::optional<Site>> SqlSiteRepository::GetWhere(const char* column, Param value) {
  Param p[] = {std::move(value)};
  OCOP_ASSIGN_OR_RETURN(
      ResultSet rs,
      c_.Query(std::string("SELECT ") + kSiteColumns + " FROM sites WHERE " + column + " = $1", p));
  if (rs.empty()) return std::optional<Site>{};
  Site s = SiteFromRow(rs, 0);
  OCOP_RETURN_IF_ERROR(LoadChildren(s));
  return std::optional<Site>(std::move(s));
}

Result<std::optional<Site>> SqlSiteRepository::Get(std::int64_t id) { return GetWhere("id", id); }

Result<std::optional<Site>> SqlSiteRepository::FindByCode(const std::string& code) {
  return GetWhere("code", code);
}

Result<std::optional<Site>> SqlSiteRepository::FindByLocationId(const std::string& location_id) {
  return GetWhere("location_id", location_id);
}

Result<domain::Page<Site>> SqlSiteRepository::List(const domain::SiteFilter& f) {
  std::string where;
  std::vector<Param> params;
  auto equals = [&](const char* column, Param value) {
    params.push_back(std::move(value));
    where += (where.empty() ? " WHERE " : " AND ") + std::string(column) + " = $" +
             std::to_string(params.size());
  };
  if (f.producer_id != 0) equals("producer_id", f.producer_id);
  if (!f.province_code.empty()) equals("province_code", f.province_code);
  if (!f.commune_code.empty()) equals("commune_code", f.commune_code);
  if (f.kind) equals("kind", std::string(domain::SiteKindId(*f.kind)));
  domain::Page<Site> page;
  OCOP_ASSIGN_OR_RETURN(ResultSet count, c_.Query("SELECT COUNT(*) FROM sites" + where, params));
  page.total = count.Int(0, 0);
  params.push_back(std::int64_t{f.limit});
  params.push_back(std::int64_t{f.offset});
  const std::string sql = std::string("SELECT ") + kSiteColumns + " FROM sites" + where +
                          " ORDER BY code LIMIT $" + std::to_string(params.size() - 1) +
                          " OFFSET $" + std::to_string(params.size());
  OCOP_ASSIGN_OR_RETURN(ResultSet rs, c_.Query(sql, params));
  for (std::size_t i = 0; i < rs.rows.size(); ++i) {
    Site s = SiteFromRow(rs, i);
    OCOP_RETURN_IF_ERROR(LoadChildren(s));
    page.items.push_back(std::move(s));
  }
  return page;
}

Result<domain::UpdateOutcome> SqlSiteRepository::Update(const Site& s,
                                                        std::int64_t expected_version) {
  auto params = SiteParams(s);
  params.push_back(s.id);
  params.push_back(expected_version);
  OCOP_ASSIGN_OR_RETURN(
      ResultSet rs,
      c_.Query("UPDATE sites SET kind = $1, name = $2, target_markets = $3, crop = $4, "
               "variety = $5, declared_area_m2 = $6, capacity_kg_per_day = $7, "
               "yield_estimate_kg = $8, province_code = $9, commune_code = $10, address = $11, "
               "boundary_geojson = $12, boundary_area_m2 = $13, representative = $14, "
               "updated_at_ms = $15, version = version + 1 WHERE id = $16 AND version = $17 "
               "RETURNING version",
               params));
  if (rs.empty()) {
    OCOP_ASSIGN_OR_RETURN(auto current, Get(s.id));
    return current ? domain::UpdateOutcome::kStale : domain::UpdateOutcome::kMissing;
  }
  OCOP_RETURN_IF_ERROR(WriteHouseholds(s.id, s.fields.households));
  return domain::UpdateOutcome::kUpdated;
}

Result<domain::UpdateOutcome> SqlSiteRepository::BumpVersion(std::int64_t site_id,
                                                             std::int64_t expected_version,
                                                             std::int64_t now_ms) {
  Param p[] = {now_ms, site_id, expected_version};
  OCOP_ASSIGN_OR_RETURN(ResultSet rs,
                        c_.Query("UPDATE sites SET version = version + 1, updated_at_ms = $1 "
                                 "WHERE id = $2 AND version = $3 RETURNING version",
                                 p));
  if (!rs.empty()) return domain::UpdateOutcome::kUpdated;
  Param id[] = {site_id};
  OCOP_ASSIGN_OR_RETURN(ResultSet exists, c_.Query("SELECT 1 FROM sites WHERE id = $1", id));
  return exists.empty() ? domain::UpdateOutcome::kMissing : domain::UpdateOutcome::kStale;
}

Result<domain::UpdateOutcome> SqlSiteRepository::AddStatusChange(
    std::int64_t site_id, const domain::SiteStatusChange& change, std::int64_t expected_version) {
  OCOP_ASSIGN_OR_RETURN(auto outcome,
                        BumpVersion(site_id, expected_version, change.recorded_at_ms));
  if (outcome != domain::UpdateOutcome::kUpdated) return outcome;
  OCOP_RETURN_IF_ERROR(InsertStatusChange(site_id, change));
  return outcome;
}

Result<domain::UpdateOutcome> SqlSiteRepository::AddCertificate(std::int64_t site_id,
                                                                const domain::SiteCertificate& cert,
                                                                std::int64_t expected_version) {
  OCOP_ASSIGN_OR_RETURN(auto outcome, BumpVersion(site_id, expected_version, cert.recorded_at_ms));
  if (outcome != domain::UpdateOutcome::kUpdated) return outcome;
  OCOP_RETURN_IF_ERROR(InsertCertificate(site_id, cert));
  return outcome;
}

Result<domain::UpdateOutcome> SqlSiteRepository::AddDiaryEntry(std::int64_t site_id,
                                                               const domain::DiaryEntry& entry,
                                                               std::int64_t expected_version) {
  OCOP_ASSIGN_OR_RETURN(auto outcome, BumpVersion(site_id, expected_version, entry.recorded_at_ms));
  if (outcome != domain::UpdateOutcome::kUpdated) return outcome;
  OCOP_RETURN_IF_ERROR(InsertDiaryEntry(site_id, entry));
  return outcome;
}

}  // namespace ocop::storage
