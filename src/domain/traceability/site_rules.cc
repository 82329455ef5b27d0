#include "domain/traceability/site_rules.h"

#include <cstdio>
#include <optional>

#include "domain/traceability/geo_area.h"
#include "domain/traceability/site_repository.h"
#include "gs1/epcis/event_facts.h"
#include "gs1/epcis/lot_event.h"

namespace ocop::domain {
namespace {

bool IsGroupChar(char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }

std::string FormatHa(double ha) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", ha);
  return buf;
}

// The certificate scheme's own name, the same in both languages.
std::string CertificateKindName(CertificateKind k) {
  switch (k) {
    case CertificateKind::kVietGap:
      return "VietGAP";
    case CertificateKind::kGlobalGap:
      return "GLOBALG.A.P.";
    case CertificateKind::kOrganic:
      return "TCVN 11041 / organic";
  }
  return "";
}

// The site an event names by `id`: a location id, or a farm's bare code.
Result<std::optional<Site>> SiteNamed(Repositories& r, const std::string& id) {
  static constexpr std::string_view kPrefix = "urn:ocop:site:";
  if (id.starts_with(kPrefix)) return r.sites().FindByLocationId(id);
  if (IsValidSiteCode(id)) return r.sites().FindByCode(id);
  return std::optional<Site>{};
}

// The days an event's objects were harvested: the first and last day of its
// ILMD harvest window when it states one (a harvest recorded after the fact
// is judged on the day it happened), else the event's own day in Vietnam.
std::vector<CivilDate> HarvestDays(const gs1::epcis::Event& e) {
  const gs1::epcis::LotIlmd ilmd = gs1::epcis::ReadLotEventFacts(e.json).ilmd;
  std::vector<CivilDate> days;
  for (const std::string* text : {&ilmd.harvest_start, &ilmd.harvest_end}) {
    if (auto d = CivilDate::Parse(*text)) days.push_back(*d);
  }
  if (days.empty()) days.push_back(CivilDate::FromUnixInVietnam(e.event_time_ms / 1000));
  return days;
}

}  // namespace

bool IsValidSiteCode(std::string_view code) {
  if (code.size() < 6 || code.size() > 40 || !code.starts_with("VN-")) return false;
  bool previous_hyphen = true;  // "VN-" ends with one
  for (char c : code.substr(3)) {
    if (c == '-') {
      if (previous_hyphen) return false;
      previous_hyphen = true;
    } else if (IsGroupChar(c)) {
      previous_hyphen = false;
    } else {
      return false;
    }
  }
  return !previous_hyphen;
}

std::string_view SiteFlagKindId(SiteFlagKind k) {
  switch (k) {
    case SiteFlagKind::kCertificateExpiring:
      return "certificate_expiring";
    case SiteFlagKind::kCertificateExpired:
      return "certificate_expired";
    case SiteFlagKind::kSprayingBeforeHarvest:
      return "spraying_before_harvest";
    case SiteFlagKind::kAreaMismatch:
      return "area_mismatch";
  }
  return "area_mismatch";
}

std::vector<SiteFlag> ComputeSiteFlags(const Site& site, CivilDate today,
                                       std::span<const HarvestWindow> harvests) {
  std::vector<SiteFlag> flags;
  for (const auto& cert : site.certificates) {
    const std::vector<std::pair<std::string, std::string>> args = {
        {"kind", CertificateKindName(cert.kind)},
        {"number", cert.number},
        {"date", cert.expires_on.ToDisplay()}};
    if (cert.expires_on < today) {
      flags.push_back({SiteFlagKind::kCertificateExpired, {"site.flag.certificate_expired", args}});
    } else if (cert.expires_on <= today.AddDays(kCertificateWarningDays)) {
      flags.push_back(
          {SiteFlagKind::kCertificateExpiring, {"site.flag.certificate_expiring", args}});
    }
  }
  std::vector<HarvestWindow> all(harvests.begin(), harvests.end());
  for (const auto& entry : site.diary) {
    if (entry.planned_harvest) all.push_back({*entry.planned_harvest, *entry.planned_harvest, ""});
  }
  for (const auto& entry : site.diary) {
    if (entry.kind != DiaryKind::kSpraying || entry.pre_harvest_interval_days <= 0) continue;
    // Harvesting is allowed from the day the interval has run: on + days.
    const CivilDate allowed = entry.on.AddDays(entry.pre_harvest_interval_days);
    for (const auto& h : all) {
      if (h.to < entry.on || h.from >= allowed) continue;
      flags.push_back({SiteFlagKind::kSprayingBeforeHarvest,
                       {h.label.empty() ? "site.flag.spraying_before_planned_harvest"
                                        : "site.flag.spraying_before_harvest",
                        {{"product", entry.product},
                         {"date", entry.on.ToDisplay()},
                         {"days", std::to_string(entry.pre_harvest_interval_days)},
                         {"harvest", h.from.ToDisplay()},
                         {"lot", h.label},
                         {"allowed", allowed.ToDisplay()}}}});
    }
  }
  if (site.boundary_area_ha && AreaMismatch(site.fields.declared_area_ha, *site.boundary_area_ha)) {
    flags.push_back({SiteFlagKind::kAreaMismatch,
                     {"site.flag.area_mismatch",
                      {{"declared", FormatHa(site.fields.declared_area_ha)},
                       {"computed", FormatHa(*site.boundary_area_ha)}}}});
  }
  return flags;
}

Status CheckSiteRules(Repositories& r, std::span<const gs1::epcis::Event> events,
                      std::vector<EventRefusal>& refusals) {
  using gs1::epcis::EventType;
  for (std::size_t i = 0; i < events.size(); ++i) {
    const auto& e = events[i];
    const bool creates =
        (e.type == EventType::kObject && e.action == "ADD") || e.type == EventType::kTransformation;
    if (!creates) continue;
    // The places the event says its objects came from, with the field each
    // is written in.
    std::vector<std::pair<std::string, std::string>> places;
    if (!e.biz_location.empty()) places.emplace_back("bizLocation", e.biz_location);
    for (auto& farm : gs1::epcis::ReadEventFacts(e.json).farm_ids) {
      places.emplace_back("ilmd", std::move(farm));
    }
    const std::vector<CivilDate> days = HarvestDays(e);
    for (const auto& [field, id] : places) {
      OCOP_ASSIGN_OR_RETURN(std::optional<Site> site, SiteNamed(r, id));
      if (!site) continue;
      CivilDate day = days.front();
      SiteStatus status = SiteStatus::kActive;
      for (const CivilDate& d : days) {
        status = StatusOn(*site, d);
        day = d;
        if (status != SiteStatus::kActive) break;
      }
      if (status == SiteStatus::kActive) continue;
      refusals.push_back({i,
                          field,
                          {status == SiteStatus::kSuspended ? "error.site.capture_suspended"
                                                            : "error.site.capture_revoked",
                           {{"code", site->fields.code}, {"date", day.ToDisplay()}}}});
      break;  // one refusal per event
    }
  }
  return Status::Ok();
}

}  // namespace ocop::domain
