#include "domain/traceability/site.h"

namespace ocop::domain {

std::string_view SiteKindId(SiteKind k) {
  switch (k) {
    case SiteKind::kGrowingArea:
      return "growing_area";
    case SiteKind::kPackingHouse:
      return "packing_house";
  }
  return "growing_area";
}

std::optional<SiteKind> ParseSiteKind(std::string_view id) {
  if (id == "growing_area") return SiteKind::kGrowingArea;
  if (id == "packing_house") return SiteKind::kPackingHouse;
  return std::nullopt;
}

std::string_view SiteStatusId(SiteStatus s) {
  switch (s) {
    case SiteStatus::kActive:
      return "active";
    case SiteStatus::kSuspended:
      return "suspended";
    case SiteStatus::kRevoked:
      return "revoked";
  }
  return "active";
}

std::optional<SiteStatus> ParseSiteStatus(std::string_view id) {
  if (id == "active") return SiteStatus::kActive;
  if (id == "suspended") return SiteStatus::kSuspended;
  if (id == "revoked") return SiteStatus::kRevoked;
  return std::nullopt;
}

std::string_view CertificateKindId(CertificateKind k) {
  switch (k) {
    case CertificateKind::kVietGap:
      return "vietgap";
    case CertificateKind::kGlobalGap:
      return "globalgap";
    case CertificateKind::kOrganic:
      return "organic";
  }
  return "vietgap";
}

std::optional<CertificateKind> ParseCertificateKind(std::string_view id) {
  if (id == "vietgap") return CertificateKind::kVietGap;
  if (id == "globalgap") return CertificateKind::kGlobalGap;
  if (id == "organic") return CertificateKind::kOrganic;
  return std::nullopt;
}

std::string_view DiaryKindId(DiaryKind k) {
  switch (k) {
    case DiaryKind::kSpraying:
      return "spraying";
    case DiaryKind::kFertilising:
      return "fertilising";
    case DiaryKind::kOther:
      return "other";
  }
  return "other";
}

std::optional<DiaryKind> ParseDiaryKind(std::string_view id) {
  if (id == "spraying") return DiaryKind::kSpraying;
  if (id == "fertilising") return DiaryKind::kFertilising;
  if (id == "other") return DiaryKind::kOther;
  return std::nullopt;
}

std::string SiteLocationId(std::string_view code) { return "urn:ocop:site:" + std::string(code); }

SiteStatus StatusOn(const Site& site, CivilDate day) {
  // The history is not assumed sorted: the latest `on` not after `day` wins,
  // and among changes on that same day the one recorded last.
  const SiteStatusChange* in_force = nullptr;
  for (const auto& change : site.status_history) {
    if (change.on > day) continue;
    if (in_force == nullptr || change.on >= in_force->on) in_force = &change;
  }
  return in_force ? in_force->status : SiteStatus::kActive;
}

}  // namespace ocop::domain
