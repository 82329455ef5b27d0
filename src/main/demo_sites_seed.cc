#include "main/demo_sites_seed.h"

#include <cmath>
#include <cstdio>
#include <numbers>
#include <string>
#include <vector>

#include "domain/traceability/geo_area.h"
#include "domain/traceability/site_service.h"

namespace ocop::app {
namespace {

// A GeoJSON Polygon: a rectangle `east_m` × `north_m` metres whose south-west
// corner is at (lon, lat), with one more vertex bulging `bulge_m` out of its
// east side (a field is seldom a rectangle).
std::string Field(double lon, double lat, double east_m, double north_m, double bulge_m) {
  const double m_per_deg_lat = domain::kEarthMeanRadiusM * std::numbers::pi / 180.0;
  const double m_per_deg_lon = m_per_deg_lat * std::cos(lat * std::numbers::pi / 180.0);
  const double dx = east_m / m_per_deg_lon, dy = north_m / m_per_deg_lat;
  const double bx = bulge_m / m_per_deg_lon;
  const std::vector<std::pair<double, double>> ring = {
      {lon, lat},           {lon + dx, lat}, {lon + dx + bx, lat + dy / 2},
      {lon + dx, lat + dy}, {lon, lat + dy}, {lon, lat}};
  std::string out = R"({"type":"Polygon","coordinates":[[)";
  for (std::size_t i = 0; i < ring.size(); ++i) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%s[%.6f,%.6f]", i ? "," : "", ring[i].first, ring[i].second);
    out += buf;
  }
  return out + "]]}";
}

Status Detail(const Status& s, const std::string& what) {
  Status copy = s;
  return copy.WithDetail("demo site " + what + ": " + s.ToString());
}

}  // namespace

Status SeedSitesDemo(Application& app, const std::map<std::string, domain::User>& accounts) {
  const domain::Principal producer = accounts.at("chuthe").ToPrincipal();
  const CivilDate today = CivilDate::FromUnixInVietnam(app.clock().NowUnixSeconds());
  auto& sites = app.sites();

  // Coffee in blossom for the coffee-blossom honey: 12.5 ha declared, and a
  // boundary that agrees (500 m × 250 m less a little).
  domain::SiteInput coffee;
  coffee.kind = "growing_area";
  coffee.code = kDemoCoffeeArea;
  coffee.name = "Vùng cà phê Ia Grai – thôn 3";
  coffee.target_markets = {"VN"};
  coffee.crop = "Cà phê (nguồn hoa cho ong)";
  coffee.variety = "Robusta TR4";
  coffee.declared_area_ha = "12,5";
  coffee.yield_estimate_tonnes = "30";
  coffee.commune_code = "23764";
  coffee.address = "Thôn 3, xã Ia Grai, tỉnh Gia Lai";
  coffee.boundary_geojson = Field(107.8400, 13.9800, 490, 250, 20);
  coffee.representative = "Trần Thị Hoa";
  coffee.households = {
      {"Hộ Rơ Châm H'Lan", "4,5"}, {"Hộ Siu Đoan", "3"}, {"Hộ Trần Văn Bình", "5"}};
  coffee.granted_on = today.AddDays(-400).ToIso();
  auto area = sites.Create(producer, coffee);
  if (!area) return Detail(area.error(), kDemoCoffeeArea);
  std::int64_t version = area->site.version;
  auto step = sites.AddCertificate(
      producer, area->site.id,
      {"vietgap", "VietGAP-TT-52-0142", "Trung tâm Kiểm định và Chứng nhận Gia Lai",
       today.AddDays(-300).ToIso(), today.AddDays(-300).AddMonths(36).ToIso()},
      version);
  if (!step) return Detail(step.error(), kDemoCoffeeArea);
  version = step->site.version;
  const std::vector<domain::DiaryEntryInput> diary = {
      {today.AddDays(-45).ToIso(), "fertilising", "Phân hữu cơ vi sinh Sông Gianh", "2 tấn/ha", "",
       "", "Bón đầu mùa mưa"},
      {today.AddDays(-25).ToIso(), "spraying", "Chế phẩm Beauveria (sinh học)", "1 kg/ha", "0", "",
       "Phòng rệp sáp; không ảnh hưởng đàn ong"},
      {today.AddDays(-12).ToIso(), "spraying", "Abamectin 3.6EC", "20 ml/16 l nước", "7",
       today.AddDays(10).ToIso(), "Phun sau mùa hoa, ong đã chuyển đàn"}};
  for (const auto& entry : diary) {
    step = sites.AddDiaryEntry(producer, area->site.id, entry, version);
    if (!step) return Detail(step.error(), kDemoCoffeeArea);
    version = step->site.version;
  }

  // Cashew for export, in the Plant Protection Department's code form: its
  // certificate expires within 60 days and its boundary holds 20 % more than
  // declared, so its page shows both flags.
  domain::SiteInput cashew;
  cashew.kind = "growing_area";
  cashew.code = kDemoCashewArea;
  cashew.name = "Vùng điều xuất khẩu Ia Grai";
  cashew.target_markets = {"CN", "VN"};
  cashew.crop = "Điều";
  cashew.variety = "PN1";
  cashew.declared_area_ha = "8";
  cashew.yield_estimate_tonnes = "9,6";
  cashew.commune_code = "23764";
  cashew.address = "Thôn 5, xã Ia Grai, tỉnh Gia Lai";
  cashew.boundary_geojson = Field(107.8520, 13.9720, 400, 240, 0);
  cashew.representative = "Trần Thị Hoa";
  cashew.households = {{"Hộ Ksor Thương", "4"}, {"Hộ Rơ Mah Nghiêm", "4"}};
  cashew.granted_on = today.AddDays(-700).ToIso();
  area = sites.Create(producer, cashew);
  if (!area) return Detail(area.error(), kDemoCashewArea);
  step = sites.AddCertificate(
      producer, area->site.id,
      {"vietgap", "VietGAP-TT-52-0098", "Công ty Chứng nhận Nông sản Tây Nguyên",
       today.AddDays(-1050).ToIso(), today.AddDays(45).ToIso()},
      area->site.version);
  if (!step) return Detail(step.error(), kDemoCashewArea);
  step = sites.AddDiaryEntry(
      producer, area->site.id,
      {today.AddDays(-60).ToIso(), "fertilising", "NPK 16-16-8", "300 kg/ha", "", "", ""},
      step->site.version);
  if (!step) return Detail(step.error(), kDemoCashewArea);

  // The cooperative's packing house.
  domain::SiteInput house;
  house.kind = "packing_house";
  house.code = kDemoPackingHouse;
  house.name = "Cơ sở đóng gói HTX Mật ong Ia Grai";
  house.target_markets = {"VN", "CN"};
  house.capacity_tonnes_per_day = "2";
  house.commune_code = "23764";
  house.address = "Thôn 3, xã Ia Grai, tỉnh Gia Lai";
  house.representative = "Trần Thị Hoa";
  house.granted_on = today.AddDays(-380).ToIso();
  auto packing = sites.Create(producer, house);
  if (!packing) return Detail(packing.error(), kDemoPackingHouse);
  return Status::Ok();
}

}  // namespace ocop::app
