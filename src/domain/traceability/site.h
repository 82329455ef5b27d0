// Growing areas (mã số vùng trồng) and packing houses (mã số cơ sở đóng gói):
// the places a producer's crops are grown and packed, each under a code the
// Plant Protection Department (Cục Bảo vệ thực vật) or the provincial
// authority grants. Events name a site by its location id
// `urn:ocop:site:{code}`; lots name the growing areas they were harvested in.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"

namespace ocop::domain {

enum class SiteKind { kGrowingArea, kPackingHouse };
std::string_view SiteKindId(SiteKind k);  // "growing_area", "packing_house"
std::optional<SiteKind> ParseSiteKind(std::string_view id);

enum class SiteStatus { kActive, kSuspended, kRevoked };
std::string_view SiteStatusId(SiteStatus s);  // "active", "suspended", "revoked"
std::optional<SiteStatus> ParseSiteStatus(std::string_view id);

// One dated decision on a code: granted (active), suspended, reinstated
// (active again) or revoked. `on` is the day it takes effect.
struct SiteStatusChange {
  CivilDate on;
  SiteStatus status = SiteStatus::kActive;
  std::string reason;
  std::int64_t by_user_id = 0;
  std::int64_t recorded_at_ms = 0;
};

// A household farming part of a growing area (hộ thành viên).
struct SiteHousehold {
  std::string name;
  double area_ha = 0;
};

enum class CertificateKind { kVietGap, kGlobalGap, kOrganic };
std::string_view CertificateKindId(CertificateKind k);  // "vietgap", "globalgap", "organic"
std::optional<CertificateKind> ParseCertificateKind(std::string_view id);

struct SiteCertificate {
  std::int64_t id = 0;
  CertificateKind kind = CertificateKind::kVietGap;
  std::string number;
  std::string issuer;  // the certification body
  CivilDate issued_on;
  CivilDate expires_on;
  std::int64_t recorded_at_ms = 0;
};

enum class DiaryKind { kSpraying, kFertilising, kOther };
std::string_view DiaryKindId(DiaryKind k);  // "spraying", "fertilising", "other"
std::optional<DiaryKind> ParseDiaryKind(std::string_view id);

// Nhật ký canh tác: one spraying, fertilising or other farming operation.
// A spraying's pre-harvest interval (thời gian cách ly) forbids harvesting
// before `on + pre_harvest_interval_days`.
struct DiaryEntry {
  std::int64_t id = 0;
  CivilDate on;
  DiaryKind kind = DiaryKind::kOther;
  std::string product;  // the pesticide or fertiliser
  std::string dose;     // as written on the label, e.g. "20 ml/16 l nước"
  int pre_harvest_interval_days = 0;
  std::optional<CivilDate> planned_harvest;
  std::string note;
  std::int64_t by_user_id = 0;
  std::int64_t recorded_at_ms = 0;
};

// What a user may set on a site (the rest is derived or recorded by its own
// use case: status changes, certificates, diary entries).
struct SiteFields {
  SiteKind kind = SiteKind::kGrowingArea;
  std::string code;  // e.g. VN-52-GA-0001, VN-DTOR-0017; unique nationally
  std::string name;
  std::vector<std::string> target_markets;  // ISO 3166-1 alpha-2 ("VN", "CN", "US", …)
  std::string crop;                         // growing areas
  std::string variety;
  double declared_area_ha = 0;         // growing areas: the area declared on the code
  double capacity_tonnes_per_day = 0;  // packing houses
  double yield_estimate_tonnes = 0;    // growing areas: expected per season
  std::string commune_code;            // the 2025 map
  std::string address;
  std::string boundary_geojson;  // GeoJSON Polygon or MultiPolygon, "" when none
  std::string representative;    // owner or representative
  std::vector<SiteHousehold> households;
};

struct Site {
  std::int64_t id = 0;
  std::int64_t producer_id = 0;
  SiteFields fields;
  SiteKind kind() const { return fields.kind; }
  const std::string& code() const { return fields.code; }
  std::string location_id;                 // urn:ocop:site:{code}
  std::string province_code;               // derived from the commune
  std::optional<double> boundary_area_ha;  // geodesic area of the boundary
  std::vector<SiteCertificate> certificates;
  std::vector<DiaryEntry> diary;
  std::vector<SiteStatusChange> status_history;  // by `on`, then recorded order
  std::int64_t version = 1;
  std::int64_t created_at_ms = 0, updated_at_ms = 0;
};

// "urn:ocop:site:" + code.
std::string SiteLocationId(std::string_view code);

// The status in force on `day`: the last change with on <= day (later
// records win on the same day); active before the first change.
SiteStatus StatusOn(const Site& site, CivilDate day);

}  // namespace ocop::domain
