#include "domain/traceability/site_service.h"

#include <charconv>
#include <cmath>
#include <limits>
#include <optional>

#include "core/text.h"
#include "domain/text_input.h"
#include "domain/traceability/geo_area.h"
#include "domain/traceability/lot_repository.h"

namespace ocop::domain {
namespace {

Status StaleVersion(std::int64_t current) {
  return Aborted("error.version.stale").WithDetail(std::to_string(current));
}

std::optional<CivilDate> ParseDate(std::string_view s) {
  const std::string t(text::Trim(s));
  if (auto d = CivilDate::Parse(t)) return d;
  return CivilDate::ParseDisplay(t);
}

// A non-negative decimal ("12.5" or, as Vietnamese writes it, "12,5");
// nullopt when malformed.
std::optional<double> ParseDecimal(std::string_view raw) {
  std::string s(text::Trim(raw));
  for (char& c : s) {
    if (c == ',') c = '.';
  }
  if (s.empty() || s.find_first_not_of("0123456789.") != std::string::npos) return std::nullopt;
  double v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

// An optional decimal in [0, max]: 0 when empty; adds `error.site.number`
// otherwise. `required` also refuses empty and zero.
double ReadAmount(FieldErrors& errors, const char* field, const std::string& raw, double max,
                  bool required) {
  if (text::Trim(raw).empty()) {
    if (required) errors.Add(field, "error.field.required");
    return 0;
  }
  auto v = ParseDecimal(raw);
  if (!v || *v > max || (required && *v <= 0)) {
    errors.Add(field, "error.site.number", {{"max", std::to_string(static_cast<long long>(max))}});
    return 0;
  }
  return *v;
}

std::optional<CivilDate> ReadDate(FieldErrors& errors, const char* field, const std::string& raw,
                                  bool required) {
  if (text::Trim(raw).empty()) {
    if (required) errors.Add(field, "error.field.required");
    return std::nullopt;
  }
  auto d = ParseDate(raw);
  if (!d || d->year < 1990 || d->year > 2200) {
    errors.Add(field, "error.site.date");
    return std::nullopt;
  }
  return d;
}

bool IsMarket(std::string_view m) {
  return m.size() == 2 && m[0] >= 'A' && m[0] <= 'Z' && m[1] >= 'A' && m[1] <= 'Z';
}

}  // namespace

Result<SiteFields> ValidateSite(const SiteInput& in, const Geography& geo) {
  FieldErrors errors;
  SiteFields f;
  auto kind = ParseSiteKind(text::Trim(in.kind));
  if (!kind) {
    errors.Add("kind", "error.site.kind");
  } else {
    f.kind = *kind;
  }
  const bool area = f.kind == SiteKind::kGrowingArea;
  f.code = std::string(text::Trim(in.code));
  if (f.code.empty()) {
    errors.Add("code", "error.field.required");
  } else if (!IsValidSiteCode(f.code)) {
    errors.Add("code", "error.site.code");
  }
  f.name = CleanText(errors, "name", in.name, 200, true);
  for (const auto& raw : in.target_markets) {
    std::string m(text::Trim(raw));
    if (!IsMarket(m)) {
      errors.Add("target_markets", "error.site.market", {{"market", m}});
      break;
    }
    bool seen = false;
    for (const auto& have : f.target_markets) seen = seen || have == m;
    if (!seen) f.target_markets.push_back(m);
  }
  if (in.target_markets.empty()) errors.Add("target_markets", "error.field.required");
  f.crop = CleanText(errors, "crop", in.crop, 100, area);
  f.variety = CleanText(errors, "variety", in.variety, 100, false);
  f.declared_area_ha = ReadAmount(errors, "declared_area_ha", in.declared_area_ha, 100000, area);
  f.capacity_tonnes_per_day =
      ReadAmount(errors, "capacity_tonnes_per_day", in.capacity_tonnes_per_day, 100000, !area);
  f.yield_estimate_tonnes =
      ReadAmount(errors, "yield_estimate_tonnes", in.yield_estimate_tonnes, 10000000, false);
  f.commune_code = std::string(text::Trim(in.commune_code));
  if (f.commune_code.empty()) {
    errors.Add("commune_code", "error.field.required");
  } else if (!geo.FindCommune(f.commune_code)) {
    errors.Add("commune_code", "error.geo.unknown_commune");
  }
  f.address = CleanText(errors, "address", in.address, 300, false);
  f.boundary_geojson = std::string(text::Trim(in.boundary_geojson));
  if (!f.boundary_geojson.empty()) {
    auto g = ParseBoundary(f.boundary_geojson, "boundary");
    if (!g) {
      for (const auto& v : g.error().fields()) errors.Add(v.field, v.message.key, v.message.args);
    }
  }
  f.representative = CleanText(errors, "representative", in.representative, 100, true);
  if (in.households.size() > 500) {
    errors.Add("households", "error.site.households_many", {{"max", "500"}});
  } else {
    for (std::size_t i = 0; i < in.households.size(); ++i) {
      const std::string field = "households." + std::to_string(i + 1);
      SiteHousehold h;
      h.name = CleanText(errors, (field + ".name").c_str(), in.households[i].name, 100, true);
      h.area_ha =
          ReadAmount(errors, (field + ".area_ha").c_str(), in.households[i].area_ha, 100000, false);
      f.households.push_back(std::move(h));
    }
  }
  if (!errors.empty()) return Err(errors.ToStatus());
  return f;
}

Result<SiteCertificate> ValidateCertificate(const SiteCertificateInput& in) {
  FieldErrors errors;
  SiteCertificate c;
  auto kind = ParseCertificateKind(text::Trim(in.kind));
  if (!kind) {
    errors.Add("kind", "error.site.certificate_kind");
  } else {
    c.kind = *kind;
  }
  c.number = CleanText(errors, "number", in.number, 60, true);
  c.issuer = CleanText(errors, "issuer", in.issuer, 200, true);
  auto issued = ReadDate(errors, "issued_on", in.issued_on, true);
  auto expires = ReadDate(errors, "expires_on", in.expires_on, true);
  if (issued && expires && *expires <= *issued) {
    errors.Add("expires_on", "error.site.expires_before_issued");
  }
  if (!errors.empty()) return Err(errors.ToStatus());
  c.issued_on = *issued;
  c.expires_on = *expires;
  return c;
}

Result<DiaryEntry> ValidateDiaryEntry(const DiaryEntryInput& in, CivilDate today) {
  FieldErrors errors;
  DiaryEntry e;
  auto kind = ParseDiaryKind(text::Trim(in.kind));
  if (!kind) {
    errors.Add("kind", "error.site.diary_kind");
  } else {
    e.kind = *kind;
  }
  auto on = ReadDate(errors, "on", in.on, true);
  if (on && *on > today) errors.Add("on", "error.site.diary_future");
  const bool input = e.kind != DiaryKind::kOther;
  e.product = CleanText(errors, "product", in.product, 200, input);
  e.dose = CleanText(errors, "dose", in.dose, 100, input);
  const std::string phi(text::Trim(in.pre_harvest_interval_days));
  if (!phi.empty()) {
    if (!text::IsDigits(phi) || phi.size() > 3 || std::stoi(phi) > 365) {
      errors.Add("pre_harvest_interval_days", "error.site.phi");
    } else {
      e.pre_harvest_interval_days = std::stoi(phi);
    }
  } else if (e.kind == DiaryKind::kSpraying) {
    errors.Add("pre_harvest_interval_days", "error.field.required");
  }
  e.planned_harvest = ReadDate(errors, "planned_harvest", in.planned_harvest, false);
  if (on && e.planned_harvest && *e.planned_harvest < *on) {
    errors.Add("planned_harvest", "error.site.harvest_before_entry");
  }
  e.note = CleanText(errors, "note", in.note, 1000, false, Lines::kMany);
  if (!errors.empty()) return Err(errors.ToStatus());
  e.on = *on;
  return e;
}

Result<SiteStatusChange> ValidateStatusChange(const SiteStatusInput& in, CivilDate today) {
  FieldErrors errors;
  SiteStatusChange c;
  auto status = ParseSiteStatus(text::Trim(in.status));
  if (!status) {
    errors.Add("status", "error.site.status");
  } else {
    c.status = *status;
  }
  auto on = ReadDate(errors, "on", in.on, true);
  // A decision may take effect later, but not years ahead.
  if (on && *on > today.AddDays(366)) errors.Add("on", "error.site.status_far");
  c.reason = CleanText(errors, "reason", in.reason, 500, true, Lines::kMany);
  if (!errors.empty()) return Err(errors.ToStatus());
  c.on = *on;
  return c;
}

bool SiteService::MayRead(const Principal& who, const Site& site) {
  switch (who.role) {
    case Role::kNationalAdmin:
    case Role::kInspector:
      return true;
    case Role::kProvincialOfficer:
      return who.province_code == site.province_code;
    case Role::kCommuneOfficer:
      return who.commune_code == site.fields.commune_code;
    case Role::kProducer:
      return who.producer_id != 0 && who.producer_id == site.producer_id;
    default:
      return false;
  }
}

bool SiteService::MayEdit(const Principal& who, const Site& site) {
  if (who.role == Role::kNationalAdmin) return true;
  return who.role == Role::kProducer && who.producer_id != 0 && who.producer_id == site.producer_id;
}

bool SiteService::MayChangeStatus(const Principal& who, const Site& site) {
  switch (who.role) {
    case Role::kNationalAdmin:
      return true;
    case Role::kProvincialOfficer:
      return who.province_code == site.province_code;
    case Role::kCommuneOfficer:
      return who.commune_code == site.fields.commune_code;
    default:
      return false;
  }
}

Status SiteService::CheckSite(const SiteInput& in) const {
  auto v = ValidateSite(in, geo_);
  return v ? Status::Ok() : v.error();
}

Result<SiteView> SiteService::ViewOf(Repositories& r, Site site) const {
  const CivilDate today = Today();
  std::vector<HarvestWindow> harvests;
  // The lots whose harvest may fall inside a spraying's interval.
  std::optional<CivilDate> from, to;
  for (const auto& e : site.diary) {
    if (e.kind != DiaryKind::kSpraying || e.pre_harvest_interval_days <= 0) continue;
    const CivilDate end = e.on.AddDays(e.pre_harvest_interval_days - 1);
    if (!from || e.on < *from) from = e.on;
    if (!to || end > *to) to = end;
  }
  if (site.fields.kind == SiteKind::kGrowingArea && from) {
    OCOP_ASSIGN_OR_RETURN(auto lots, r.lots().ListByGrowingArea(site.id, *from, *to));
    for (const auto& lot : lots) {
      if (!lot.harvest_from) continue;
      harvests.push_back(
          HarvestWindow{*lot.harvest_from, lot.harvest_to.value_or(*lot.harvest_from), lot.code});
    }
  }
  SiteView view;
  view.status = StatusOn(site, today);
  view.flags = ComputeSiteFlags(site, today, harvests);
  view.site = std::move(site);
  return view;
}

Result<Site> SiteService::Load(Repositories& r, const Principal& who, std::int64_t id) const {
  OCOP_ASSIGN_OR_RETURN(std::optional<Site> site, r.sites().Get(id));
  if (!site || !MayRead(who, *site)) return Err(NotFound("error.site.not_found"));
  return std::move(*site);
}

Result<SiteView> SiteService::Create(const Principal& who, const SiteInput& in) {
  FieldErrors extra;
  std::int64_t producer_id = 0;
  const std::string pid(text::Trim(in.producer_id));
  if (who.role == Role::kProducer) {
    producer_id = who.producer_id;
    if (!pid.empty() && pid != std::to_string(who.producer_id)) {
      return Err(PermissionDenied("error.scope"));
    }
  } else if (pid.empty()) {
    extra.Add("producer_id", "error.field.required");
  } else if (!text::IsDigits(pid) || pid.size() > 18) {
    extra.Add("producer_id", "error.field.type_integer");
  } else {
    producer_id = std::stoll(pid);
  }
  const CivilDate today = Today();
  auto granted = ReadDate(extra, "granted_on", in.granted_on, false);
  if (granted && *granted > today) extra.Add("granted_on", "error.site.granted_future");
  auto fields = ValidateSite(in, geo_);
  if (!fields || !extra.empty()) {
    FieldErrors all = extra;
    if (!fields) {
      for (const auto& v : fields.error().fields()) all.Add(v.field, v.message.key, v.message.args);
    }
    return Err(all.ToStatus());
  }
  Site site;
  site.producer_id = producer_id;
  site.fields = std::move(*fields);
  site.location_id = SiteLocationId(site.fields.code);
  site.province_code = geo_.FindCommune(site.fields.commune_code)->province_code;
  if (!site.fields.boundary_geojson.empty()) {
    site.boundary_area_ha = GeometryAreaHa(*ParseBoundary(site.fields.boundary_geojson));
  }
  site.created_at_ms = site.updated_at_ms = clock_.NowUnixSeconds() * 1000;
  site.status_history.push_back(
      {granted.value_or(today), SiteStatus::kActive, "", who.user_id, site.created_at_ms});
  if (!MayEdit(who, site)) return Err(PermissionDenied("error.scope"));
  SiteView view;
  Status s = store_.Transact([&](Repositories& r) -> Status {
    OCOP_ASSIGN_OR_RETURN(std::optional<Producer> producer, r.producers().Get(producer_id));
    if (!producer) {
      return InvalidArgument("error.invalid_input", {{"producer_id", {"error.site.producer", {}}}});
    }
    OCOP_ASSIGN_OR_RETURN(site.id, r.sites().Insert(site));
    OCOP_ASSIGN_OR_RETURN(std::optional<Site> stored, r.sites().Get(site.id));
    OCOP_ASSIGN_OR_RETURN(view, ViewOf(r, std::move(*stored)));
    return Status::Ok();
  });
  if (!s.ok()) return Err(s);
  return view;
}

Result<SiteView> SiteService::Get(const Principal& who, std::int64_t id) {
  SiteView view;
  Status s = store_.Read([&](Repositories& r) -> Status {
    OCOP_ASSIGN_OR_RETURN(Site site, Load(r, who, id));
    OCOP_ASSIGN_OR_RETURN(view, ViewOf(r, std::move(site)));
    return Status::Ok();
  });
  if (!s.ok()) return Err(s);
  return view;
}

Result<Page<SiteView>> SiteService::List(const Principal& who, SiteFilter filter) {
  switch (who.role) {
    case Role::kNationalAdmin:
    case Role::kInspector:
      break;
    case Role::kProvincialOfficer:
      if (!filter.province_code.empty() && filter.province_code != who.province_code) {
        return Err(PermissionDenied("error.scope"));
      }
      filter.province_code = who.province_code;
      break;
    case Role::kCommuneOfficer:
      if (!filter.commune_code.empty() && filter.commune_code != who.commune_code) {
        return Err(PermissionDenied("error.scope"));
      }
      filter.commune_code = who.commune_code;
      break;
    case Role::kProducer:
      if (filter.producer_id != 0 && filter.producer_id != who.producer_id) {
        return Err(PermissionDenied("error.scope"));
      }
      filter.producer_id = who.producer_id;
      break;
    default:
      return Err(PermissionDenied("error.scope"));
  }
  Page<SiteView> page;
  Status s = store_.Read([&](Repositories& r) -> Status {
    OCOP_ASSIGN_OR_RETURN(Page<Site> sites, r.sites().List(filter));
    page.total = sites.total;
    for (auto& site : sites.items) {
      OCOP_ASSIGN_OR_RETURN(SiteView view, ViewOf(r, std::move(site)));
      page.items.push_back(std::move(view));
    }
    return Status::Ok();
  });
  if (!s.ok()) return Err(s);
  return page;
}

Result<SiteView> SiteService::ChangeSite(
    const Principal& who, std::int64_t id, std::int64_t expected_version,
    const std::function<Status(const Site&)>& check,
    const std::function<Result<UpdateOutcome>(Repositories&, Site&)>& save, Answer answer) {
  SiteView view;
  Status s = store_.Transact([&](Repositories& r) -> Status {
    OCOP_ASSIGN_OR_RETURN(Site site, Load(r, who, id));
    OCOP_RETURN_IF_ERROR(check(site));
    if (site.version != expected_version) return StaleVersion(site.version);
    OCOP_ASSIGN_OR_RETURN(UpdateOutcome outcome, save(r, site));
    if (outcome == UpdateOutcome::kStale) return StaleVersion(expected_version + 1);
    if (outcome == UpdateOutcome::kMissing) return NotFound("error.site.not_found");
    if (answer == Answer::kAsSaved) {
      site.version = expected_version + 1;
      OCOP_ASSIGN_OR_RETURN(view, ViewOf(r, std::move(site)));
      return Status::Ok();
    }
    OCOP_ASSIGN_OR_RETURN(std::optional<Site> stored, r.sites().Get(id));
    OCOP_ASSIGN_OR_RETURN(view, ViewOf(r, std::move(*stored)));
    return Status::Ok();
  });
  if (!s.ok()) return Err(s);
  return view;
}

Result<SiteView> SiteService::Update(const Principal& who, std::int64_t id, const SiteInput& in,
                                     std::int64_t expected_version) {
  OCOP_ASSIGN_OR_RETURN(SiteFields fields, ValidateSite(in, geo_));
  return ChangeSite(
      who, id, expected_version,
      [&](const Site& site) -> Status {
        if (!MayEdit(who, site)) return PermissionDenied("error.scope");
        FieldErrors fixed;
        if (fields.code != site.fields.code) fixed.Add("code", "error.site.code_fixed");
        if (fields.kind != site.fields.kind) fixed.Add("kind", "error.site.kind_fixed");
        if (!fixed.empty()) return fixed.ToStatus();
        return Status::Ok();
      },
      [&](Repositories& r, Site& site) -> Result<UpdateOutcome> {
        site.fields = fields;
        site.province_code = geo_.FindCommune(fields.commune_code)->province_code;
        site.boundary_area_ha.reset();
        if (!fields.boundary_geojson.empty()) {
          site.boundary_area_ha = GeometryAreaHa(*ParseBoundary(fields.boundary_geojson));
        }
        site.updated_at_ms = clock_.NowUnixSeconds() * 1000;
        return r.sites().Update(site, expected_version);
      },
      Answer::kAsSaved);
}

Result<SiteView> SiteService::ChangeStatus(const Principal& who, std::int64_t id,
                                           const SiteStatusInput& in,
                                           std::int64_t expected_version) {
  OCOP_ASSIGN_OR_RETURN(SiteStatusChange change, ValidateStatusChange(in, Today()));
  change.by_user_id = who.user_id;
  change.recorded_at_ms = clock_.NowUnixSeconds() * 1000;
  return ChangeSite(
      who, id, expected_version,
      [&](const Site& site) -> Status {
        if (!MayChangeStatus(who, site)) return PermissionDenied("error.scope");
        for (const auto& c : site.status_history) {
          if (c.status == SiteStatus::kRevoked) {
            return FailedPrecondition("error.site.revoked_final");
          }
        }
        if (StatusOn(site, change.on) == change.status) {
          return InvalidArgument("error.invalid_input",
                                 {{"status", {"error.site.status_same", {}}}});
        }
        return Status::Ok();
      },
      [&](Repositories& r, Site&) {
        return r.sites().AddStatusChange(id, change, expected_version);
      },
      Answer::kAsStored);
}

Result<SiteView> SiteService::AddCertificate(const Principal& who, std::int64_t id,
                                             const SiteCertificateInput& in,
                                             std::int64_t expected_version) {
  OCOP_ASSIGN_OR_RETURN(SiteCertificate cert, ValidateCertificate(in));
  cert.recorded_at_ms = clock_.NowUnixSeconds() * 1000;
  return ChangeSite(
      who, id, expected_version,
      [&](const Site& site) -> Status {
        return MayEdit(who, site) ? Status::Ok() : PermissionDenied("error.scope");
      },
      [&](Repositories& r, Site&) { return r.sites().AddCertificate(id, cert, expected_version); },
      Answer::kAsStored);
}

Result<SiteView> SiteService::AddDiaryEntry(const Principal& who, std::int64_t id,
                                            const DiaryEntryInput& in,
                                            std::int64_t expected_version) {
  OCOP_ASSIGN_OR_RETURN(DiaryEntry entry, ValidateDiaryEntry(in, Today()));
  entry.by_user_id = who.user_id;
  entry.recorded_at_ms = clock_.NowUnixSeconds() * 1000;
  return ChangeSite(
      who, id, expected_version,
      [&](const Site& site) -> Status {
        if (!MayEdit(who, site)) return PermissionDenied("error.scope");
        if (site.fields.kind != SiteKind::kGrowingArea) {
          return FailedPrecondition("error.site.diary_packing_house");
        }
        return Status::Ok();
      },
      [&](Repositories& r, Site&) { return r.sites().AddDiaryEntry(id, entry, expected_version); },
      Answer::kAsStored);
}

}  // namespace ocop::domain
