// Growing-area geometry and rules without a store: the geodesic area of
// boundaries against figures computed independently (the closed form of a
// spherical zone, L'Huilier's spherical excess, metres on the ground), the
// validation of GeoJSON boundaries and codes, StatusOn and the flags.
#include "domain/traceability/site_rules.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <sstream>

#include "domain/traceability/geo_area.h"

namespace ocop::domain {
namespace {

constexpr double kR = kEarthMeanRadiusM;
constexpr double kRad = std::numbers::pi / 180.0;

CivilDate D(const char* iso) { return *CivilDate::Parse(iso); }

std::string PolygonJson(const std::vector<std::pair<double, double>>& ring) {
  std::ostringstream s;
  s.precision(12);
  s << R"({"type":"Polygon","coordinates":[[)";
  for (std::size_t i = 0; i < ring.size(); ++i) {
    s << (i ? "," : "") << "[" << ring[i].first << "," << ring[i].second << "]";
  }
  s << "]]}";
  return s.str();
}

std::string BoundaryErrorKey(std::string_view json) {
  auto g = ParseBoundary(json);
  if (g) return "";
  EXPECT_EQ(g.error().fields().size(), 1u);
  EXPECT_EQ(g.error().fields().at(0).field, "boundary");
  return g.error().fields().at(0).message.key;
}

// The area of a spherical triangle with great-circle edges, by L'Huilier's
// theorem: an algorithm independent of the one under test.
double LhuilierM2(GeoPoint a, GeoPoint b, GeoPoint c) {
  auto angle = [](GeoPoint p, GeoPoint q) {
    const double x =
        std::sin(p.lat * kRad) * std::sin(q.lat * kRad) +
        std::cos(p.lat * kRad) * std::cos(q.lat * kRad) * std::cos((q.lon - p.lon) * kRad);
    return std::acos(std::min(1.0, x));
  };
  const double ab = angle(a, b), bc = angle(b, c), ca = angle(c, a);
  const double s = (ab + bc + ca) / 2;
  const double t =
      std::tan(s / 2) * std::tan((s - ab) / 2) * std::tan((s - bc) / 2) * std::tan((s - ca) / 2);
  return 4 * std::atan(std::sqrt(t)) * kR * kR;
}

TEST(GeoAreaTest, LatitudeLongitudeCellMatchesTheZoneFormula) {
  // 1° × 1° north of Hà Nội: area = R² · Δλ · (sin φ2 − sin φ1) exactly.
  auto g = ParseBoundary(PolygonJson({{105, 20}, {106, 20}, {106, 21}, {105, 21}, {105, 20}}));
  ASSERT_TRUE(g) << g.error().ToString();
  const double expected_ha = kR * kR * kRad * (std::sin(21 * kRad) - std::sin(20 * kRad)) / 1e4;
  EXPECT_NEAR(GeometryAreaHa(*g), expected_ha, expected_ha * 1e-9);
  EXPECT_NEAR(expected_ha, 1'160'000, 10'000);  // about 11,600 km²
}

TEST(GeoAreaTest, FieldTriangleMatchesLhuilier) {
  // A coffee plot of about 2 ha near Pleiku.
  const GeoPoint a{108.0000, 13.9800}, b{108.0025, 13.9802}, c{108.0011, 13.9816};
  GeoRing ring = {a, b, c, a};
  const double expected = LhuilierM2(a, b, c);
  EXPECT_GT(expected, 15000);
  EXPECT_NEAR(RingAreaM2(ring), expected, expected * 1e-4);
}

TEST(GeoAreaTest, HundredMetreSquareIsOneHectareAndWindingDoesNotMatter) {
  const double lat = 13.98;
  const double dlat = 100 / (kR * kRad);
  const double dlon = dlat / std::cos(lat * kRad);
  std::vector<std::pair<double, double>> ring = {
      {108, lat}, {108 + dlon, lat}, {108 + dlon, lat + dlat}, {108, lat + dlat}, {108, lat}};
  auto ccw = ParseBoundary(PolygonJson(ring));
  ASSERT_TRUE(ccw);
  EXPECT_NEAR(GeometryAreaHa(*ccw), 1.0, 0.001);
  std::reverse(ring.begin(), ring.end());
  auto cw = ParseBoundary(PolygonJson(ring));
  ASSERT_TRUE(cw);
  EXPECT_NEAR(GeometryAreaHa(*cw), GeometryAreaHa(*ccw), 1e-9);
}

TEST(GeoAreaTest, HolesAreSubtractedAndMultiPolygonsAdded) {
  const std::string outer = "[[108,14],[108.01,14],[108.01,14.01],[108,14.01],[108,14]]";
  const std::string hole =
      "[[108.002,14.002],[108.004,14.002],[108.004,14.004],[108.002,14.004],[108.002,14.002]]";
  auto whole = ParseBoundary(R"({"type":"Polygon","coordinates":[)" + outer + "]}");
  auto holed = ParseBoundary(R"({"type":"Polygon","coordinates":[)" + outer + "," + hole + "]}");
  auto hole_only = ParseBoundary(R"({"type":"Polygon","coordinates":[)" + hole + "]}");
  ASSERT_TRUE(whole && holed && hole_only);
  EXPECT_NEAR(GeometryAreaHa(*holed), GeometryAreaHa(*whole) - GeometryAreaHa(*hole_only), 1e-9);
  auto multi = ParseBoundary(R"({"type":"Feature","properties":{"name":"Lô A"},)"
                             R"("geometry":{"type":"MultiPolygon","coordinates":[[)" +
                             outer + "],[" + hole + "]]}}");
  ASSERT_TRUE(multi) << multi.error().ToString();
  EXPECT_NEAR(GeometryAreaHa(*multi), GeometryAreaHa(*whole) + GeometryAreaHa(*hole_only), 1e-9);
}

TEST(GeoAreaTest, RefusesBadBoundariesNamingTheProblem) {
  EXPECT_EQ(BoundaryErrorKey("not json"), "error.site.boundary_json");
  EXPECT_EQ(BoundaryErrorKey(R"({"type":"Polygon","coordinates":[[[0,0],[1,0]]]})"),
            "error.site.boundary_ring_short");
  EXPECT_EQ(BoundaryErrorKey(R"({"type":"Point","coordinates":[108,14]})"),
            "error.site.boundary_type");
  EXPECT_EQ(BoundaryErrorKey(R"({"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1]]]})"),
            "error.site.boundary_ring_open");
  EXPECT_EQ(
      BoundaryErrorKey(R"({"type":"Polygon","coordinates":[[[0,0],[181,0],[1,1],[0,1],[0,0]]]})"),
      "error.site.boundary_range");
  EXPECT_EQ(
      BoundaryErrorKey(R"({"type":"Polygon","coordinates":[[[0,0],[1,0],[1,95],[0,1],[0,0]]]})"),
      "error.site.boundary_range");
  EXPECT_EQ(BoundaryErrorKey(R"({"type":"Polygon","coordinates":[[[0,0],[1,0],"x",[0,0]]]})"),
            "error.site.boundary_position");
  // A bow tie: edges 1 and 3 cross.
  EXPECT_EQ(
      BoundaryErrorKey(R"({"type":"Polygon","coordinates":[[[0,0],[1,1],[1,0],[0,1],[0,0]]]})"),
      "error.site.boundary_crossing");
  // All on one line: no area.
  EXPECT_EQ(BoundaryErrorKey(R"({"type":"Polygon","coordinates":[[[0,0],[1,0],[2,0],[0,0]]]})"),
            "error.site.boundary_empty");
  // Too many positions.
  std::vector<std::pair<double, double>> big;
  for (std::size_t i = 0; i < kMaxBoundaryPositions + 1; ++i) {
    const double t = 2 * std::numbers::pi * static_cast<double>(i) / kMaxBoundaryPositions;
    big.emplace_back(108 + 0.01 * std::cos(t), 14 + 0.01 * std::sin(t));
  }
  big.push_back(big.front());
  EXPECT_EQ(BoundaryErrorKey(PolygonJson(big)), "error.site.boundary_too_large");
  // The position is named: ring 1, position 3.
  auto g = ParseBoundary(R"({"type":"Polygon","coordinates":[[[0,0],[1,0],[1,-91],[0,0]]]})");
  ASSERT_FALSE(g);
  const auto& args = g.error().fields().at(0).message.args;
  EXPECT_NE(
      std::find(args.begin(), args.end(), std::pair<std::string, std::string>{"position", "3"}),
      args.end());
}

TEST(GeoAreaTest, MismatchAboveTenPercent) {
  EXPECT_FALSE(AreaMismatch(10, 10.9));
  EXPECT_FALSE(AreaMismatch(10, 9.1));
  EXPECT_TRUE(AreaMismatch(10, 11.2));
  EXPECT_TRUE(AreaMismatch(10, 8.8));
  EXPECT_FALSE(AreaMismatch(0, 3));  // nothing declared: nothing to compare
}

TEST(SiteCodeTest, AcceptsDomesticAndExportFormsOnly) {
  for (const char* ok : {"VN-52-GA-0001", "VN-DTOR-0017", "VN-DTPH-0003", "VN-TGOR-0356"}) {
    EXPECT_TRUE(IsValidSiteCode(ok)) << ok;
  }
  for (const char* bad :
       {"", "VN-", "VN-1", "vn-52-GA-0001", "VN-52-ga-0001", "VN--52", "VN-52-", "US-52-GA-0001",
        "VN-52 GA", "VN-ĐT-0001", "VN-0123456789-0123456789-0123456789-01234"}) {
    EXPECT_FALSE(IsValidSiteCode(bad)) << bad;
  }
}

Site Area() {
  Site s;
  s.id = 1;
  s.fields.kind = SiteKind::kGrowingArea;
  s.fields.code = "VN-52-GA-0001";
  s.fields.declared_area_ha = 10;
  return s;
}

TEST(StatusOnTest, TheLastChangeNotAfterTheDayWins) {
  Site s = Area();
  EXPECT_EQ(StatusOn(s, D("2026-01-01")), SiteStatus::kActive);  // no history
  s.status_history = {{D("2026-01-01"), SiteStatus::kActive, ""},
                      {D("2026-06-01"), SiteStatus::kSuspended, "dư lượng"},
                      {D("2026-07-01"), SiteStatus::kActive, "khắc phục"},
                      {D("2026-09-01"), SiteStatus::kRevoked, "vi phạm"}};
  EXPECT_EQ(StatusOn(s, D("2026-05-31")), SiteStatus::kActive);
  EXPECT_EQ(StatusOn(s, D("2026-06-01")), SiteStatus::kSuspended);
  EXPECT_EQ(StatusOn(s, D("2026-06-30")), SiteStatus::kSuspended);
  EXPECT_EQ(StatusOn(s, D("2026-07-01")), SiteStatus::kActive);
  EXPECT_EQ(StatusOn(s, D("2026-08-31")), SiteStatus::kActive);
  EXPECT_EQ(StatusOn(s, D("2027-01-01")), SiteStatus::kRevoked);
  // Two decisions on one day: the one recorded later wins.
  s.status_history.push_back({D("2026-06-01"), SiteStatus::kActive, "nhầm"});
  EXPECT_EQ(StatusOn(s, D("2026-06-15")), SiteStatus::kActive);
}

bool HasFlag(const std::vector<SiteFlag>& flags, SiteFlagKind kind) {
  return std::any_of(flags.begin(), flags.end(), [&](const SiteFlag& f) { return f.kind == kind; });
}

TEST(SiteFlagsTest, CertificatesExpiringWithinSixtyDaysOrExpired) {
  Site s = Area();
  const CivilDate today = D("2026-11-22");
  s.certificates = {{1, CertificateKind::kVietGap, "VG-1", "Trung tâm A", D("2024-01-21"),
                     D("2027-01-21")}};  // 60 days ahead
  auto flags = ComputeSiteFlags(s, today, {});
  ASSERT_EQ(flags.size(), 1u);
  EXPECT_EQ(flags[0].kind, SiteFlagKind::kCertificateExpiring);
  EXPECT_EQ(flags[0].message.key, "site.flag.certificate_expiring");
  s.certificates[0].expires_on = D("2027-01-22");  // 61 days
  EXPECT_TRUE(ComputeSiteFlags(s, today, {}).empty());
  s.certificates[0].expires_on = D("2026-11-21");
  EXPECT_TRUE(HasFlag(ComputeSiteFlags(s, today, {}), SiteFlagKind::kCertificateExpired));
  s.certificates[0].expires_on = today;  // valid through its last day
  EXPECT_TRUE(HasFlag(ComputeSiteFlags(s, today, {}), SiteFlagKind::kCertificateExpiring));
}

TEST(SiteFlagsTest, SprayingWhoseIntervalReachesPastAHarvest) {
  Site s = Area();
  const CivilDate today = D("2026-11-22");
  DiaryEntry spray;
  spray.on = D("2026-11-01");
  spray.kind = DiaryKind::kSpraying;
  spray.product = "Abamectin 3.6EC";
  spray.pre_harvest_interval_days = 14;  // harvest allowed from 15/11
  s.diary = {spray};
  const HarvestWindow early[] = {{D("2026-11-10"), D("2026-11-12"), "L1"}};
  auto flags = ComputeSiteFlags(s, today, early);
  ASSERT_EQ(flags.size(), 1u);
  EXPECT_EQ(flags[0].kind, SiteFlagKind::kSprayingBeforeHarvest);
  EXPECT_EQ(flags[0].message.key, "site.flag.spraying_before_harvest");
  const HarvestWindow straddling[] = {{D("2026-10-25"), D("2026-11-14"), "L2"}};
  EXPECT_EQ(ComputeSiteFlags(s, today, straddling).size(), 1u);
  const HarvestWindow after[] = {{D("2026-11-15"), D("2026-11-20"), "L3"}};
  EXPECT_TRUE(ComputeSiteFlags(s, today, after).empty());
  const HarvestWindow before[] = {{D("2026-10-20"), D("2026-10-31"), "L4"}};
  EXPECT_TRUE(ComputeSiteFlags(s, today, before).empty());
  // A harvest planned in the diary counts too; fertilising has no interval rule.
  DiaryEntry plan;
  plan.on = D("2026-11-02");
  plan.kind = DiaryKind::kFertilising;
  plan.product = "NPK 16-16-8";
  plan.planned_harvest = D("2026-11-08");
  s.diary.push_back(plan);
  flags = ComputeSiteFlags(s, today, {});
  ASSERT_EQ(flags.size(), 1u);
  EXPECT_EQ(flags[0].message.key, "site.flag.spraying_before_planned_harvest");
}

TEST(SiteFlagsTest, BoundaryAreaMismatch) {
  Site s = Area();
  s.boundary_area_ha = 11.5;
  auto flags = ComputeSiteFlags(s, D("2026-11-22"), {});
  ASSERT_EQ(flags.size(), 1u);
  EXPECT_EQ(flags[0].kind, SiteFlagKind::kAreaMismatch);
  s.boundary_area_ha = 10.4;
  EXPECT_TRUE(ComputeSiteFlags(s, D("2026-11-22"), {}).empty());
}

}  // namespace
}  // namespace ocop::domain
