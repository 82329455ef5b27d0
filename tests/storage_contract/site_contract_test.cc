// The site repository on every engine: a site reads back exactly (areas in
// whole square metres, households in order, the boundary's area or none,
// dates, the status history by day), codes and location ids unique, lookups
// by id, code and location id, lists filtered by producer, province, commune
// and kind in code order with paging, and versioned updates and additions
// that refuse a stale version and leave nothing behind.
#include <gtest/gtest.h>

#include "domain/traceability/site_repository.h"
#include "storage/sql/sql_repositories.h"
#include "storage_contract/engine_fixture.h"
#include "storage_contract/traceability_rows.h"

namespace ocop::storage {
namespace {

using contract::EngineName;
using domain::Repositories;
using domain::Site;
using domain::SiteStatus;
using domain::UpdateOutcome;

CivilDate D(const char* iso) { return *CivilDate::Parse(iso); }

class SiteContractTest : public contract::EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    if (HasFatalFailure()) return;
    Status s = store_->Transact([&](Repositories& r) -> Status {
      for (const std::string province : {"52", "54"}) {
        OCOP_ASSIGN_OR_RETURN(
            std::int64_t id,
            contract::InsertProducer(r, province, province == "52" ? "23764" : "22015",
                                     "HTX " + province, "59071443" + province));
        producers_.push_back(id);
      }
      return Status::Ok();
    });
    ASSERT_TRUE(s.ok()) << s.ToString();
  }

  Site Make(const std::string& code, int producer = 0) {
    Site s;
    s.producer_id = producers_[producer];
    s.fields.kind = domain::SiteKind::kGrowingArea;
    s.fields.code = code;
    s.location_id = domain::SiteLocationId(code);
    s.fields.name = "Vùng cà phê " + code;
    s.fields.target_markets = {"VN", "CN"};
    s.fields.crop = "Cà phê";
    s.fields.variety = "TR4";
    s.fields.declared_area_ha = 12.3456;
    s.fields.yield_estimate_tonnes = 30.125;
    s.fields.commune_code = producer == 0 ? "23764" : "22015";
    s.province_code = producer == 0 ? "52" : "54";
    s.fields.address = "Thôn 3";
    s.fields.boundary_geojson =
        R"({"type":"Polygon","coordinates":[[[108,14],[108.01,14],[108.01,14.01],[108,14]]]})";
    s.boundary_area_ha = 59.9761;
    s.fields.representative = "Trần Thị Hoa";
    s.fields.households = {{"Hộ Rơ Châm H'Lan", 4.5}, {"Hộ Siu Đoan", 0.0001}};
    s.status_history = {{D("2026-01-15"), SiteStatus::kActive, "", 7, 1795316400123}};
    s.certificates = {{0, domain::CertificateKind::kVietGap, "VG-1", "Trung tâm A", D("2025-01-10"),
                       D("2028-01-10"), 1795316400124}};
    domain::DiaryEntry e;
    e.on = D("2026-11-01");
    e.kind = domain::DiaryKind::kSpraying;
    e.product = "Abamectin 3.6EC";
    e.dose = "20 ml/16 l";
    e.pre_harvest_interval_days = 14;
    e.planned_harvest = D("2026-11-20");
    e.note = "dòng 1\ndòng 2";
    e.by_user_id = 7;
    e.recorded_at_ms = 1795316400125;
    s.diary = {e};
    s.created_at_ms = s.updated_at_ms = 1795316400000;
    return s;
  }

  Result<std::int64_t> Insert(const Site& s) {
    return TransactValue<std::int64_t>([&](Repositories& r) { return r.sites().Insert(s); });
  }

  template <typename Fn>
  UpdateOutcome Write(Fn fn) {
    UpdateOutcome out = UpdateOutcome::kMissing;
    Status s = store_->Transact([&](Repositories& r) -> Status {
      OCOP_ASSIGN_OR_RETURN(out, fn(r));
      return Status::Ok();
    });
    EXPECT_TRUE(s.ok()) << s.ToString();
    return out;
  }

  std::optional<Site> Get(std::int64_t id) {
    return ReadValue<std::optional<Site>>([&](Repositories& r) { return r.sites().Get(id); });
  }

  std::vector<std::int64_t> producers_;
};

TEST_P(SiteContractTest, ReadsBackWhatWasInserted) {
  const Site in = Make("VN-52-GA-0001");
  auto id = Insert(in);
  ASSERT_TRUE(id) << id.error().ToString();
  auto got = Get(*id);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->id, *id);
  EXPECT_EQ(got->version, 1);
  EXPECT_EQ(got->producer_id, producers_[0]);
  EXPECT_EQ(got->fields.kind, domain::SiteKind::kGrowingArea);
  EXPECT_EQ(got->fields.code, "VN-52-GA-0001");
  EXPECT_EQ(got->location_id, "urn:ocop:site:VN-52-GA-0001");
  EXPECT_EQ(got->fields.name, in.fields.name);
  EXPECT_EQ(got->fields.target_markets, (std::vector<std::string>{"VN", "CN"}));
  EXPECT_EQ(got->fields.crop, "Cà phê");
  EXPECT_EQ(got->fields.variety, "TR4");
  EXPECT_DOUBLE_EQ(got->fields.declared_area_ha, 12.3456);  // 123,456 m²
  EXPECT_DOUBLE_EQ(got->fields.yield_estimate_tonnes, 30.125);
  EXPECT_DOUBLE_EQ(got->fields.capacity_tonnes_per_day, 0);
  EXPECT_EQ(got->province_code, "52");
  EXPECT_EQ(got->fields.commune_code, "23764");
  EXPECT_EQ(got->fields.boundary_geojson, in.fields.boundary_geojson);
  ASSERT_TRUE(got->boundary_area_ha);
  EXPECT_DOUBLE_EQ(*got->boundary_area_ha, 59.9761);
  EXPECT_EQ(got->fields.representative, "Trần Thị Hoa");
  ASSERT_EQ(got->fields.households.size(), 2u);
  EXPECT_EQ(got->fields.households[0].name, "Hộ Rơ Châm H'Lan");
  EXPECT_DOUBLE_EQ(got->fields.households[1].area_ha, 0.0001);
  ASSERT_EQ(got->status_history.size(), 1u);
  EXPECT_EQ(got->status_history[0].on, D("2026-01-15"));
  EXPECT_EQ(got->status_history[0].by_user_id, 7);
  ASSERT_EQ(got->certificates.size(), 1u);
  EXPECT_GT(got->certificates[0].id, 0);
  EXPECT_EQ(got->certificates[0].expires_on, D("2028-01-10"));
  ASSERT_EQ(got->diary.size(), 1u);
  EXPECT_EQ(got->diary[0].kind, domain::DiaryKind::kSpraying);
  EXPECT_EQ(got->diary[0].pre_harvest_interval_days, 14);
  EXPECT_EQ(got->diary[0].planned_harvest, D("2026-11-20"));
  EXPECT_EQ(got->diary[0].note, "dòng 1\ndòng 2");
  EXPECT_EQ(got->created_at_ms, 1795316400000);
  // Without a boundary, no area; a packing house's capacity.
  Site house = Make("VN-52-PH-0001");
  house.fields.kind = domain::SiteKind::kPackingHouse;
  house.fields.boundary_geojson.clear();
  house.boundary_area_ha.reset();
  house.fields.capacity_tonnes_per_day = 2.5;
  house.diary.clear();
  auto house_id = Insert(house);
  ASSERT_TRUE(house_id);
  auto h = Get(*house_id);
  EXPECT_FALSE(h->boundary_area_ha);
  EXPECT_DOUBLE_EQ(h->fields.capacity_tonnes_per_day, 2.5);
  EXPECT_TRUE(h->diary.empty());
}

TEST_P(SiteContractTest, CodesAreUniqueAndFoundByCodeAndLocation) {
  ASSERT_TRUE(Insert(Make("VN-52-GA-0001")));
  auto again = Insert(Make("VN-52-GA-0001", 1));
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code(), Code::kAlreadyExists);
  EXPECT_EQ(again.error().fields().at(0).field, "code");
  auto by_code = ReadValue<std::optional<Site>>(
      [](Repositories& r) { return r.sites().FindByCode("VN-52-GA-0001"); });
  ASSERT_TRUE(by_code);
  EXPECT_EQ(by_code->diary.size(), 1u);
  auto by_location = ReadValue<std::optional<Site>>(
      [](Repositories& r) { return r.sites().FindByLocationId("urn:ocop:site:VN-52-GA-0001"); });
  ASSERT_TRUE(by_location);
  EXPECT_EQ(by_location->id, by_code->id);
  EXPECT_FALSE(ReadValue<std::optional<Site>>(
      [](Repositories& r) { return r.sites().FindByCode("vn-52-ga-0001"); }));
  EXPECT_FALSE(Get(by_code->id + 100));
}

TEST_P(SiteContractTest, ListsFilterInCodeOrderWithPaging) {
  for (const char* code : {"VN-52-GA-0003", "VN-52-GA-0001", "VN-DTOR-0017"}) {
    ASSERT_TRUE(Insert(Make(code)));
  }
  Site house = Make("VN-52-PH-0001");
  house.fields.kind = domain::SiteKind::kPackingHouse;
  ASSERT_TRUE(Insert(house));
  ASSERT_TRUE(Insert(Make("VN-54-GA-0001", 1)));
  auto codes = [&](domain::SiteFilter f) {
    auto page = ReadValue<domain::Page<Site>>([&](Repositories& r) { return r.sites().List(f); });
    std::vector<std::string> out;
    for (const auto& s : page.items) out.push_back(s.fields.code);
    return std::make_pair(out, page.total);
  };
  domain::SiteFilter all;
  EXPECT_EQ(codes(all).first,
            (std::vector<std::string>{"VN-52-GA-0001", "VN-52-GA-0003", "VN-52-PH-0001",
                                      "VN-54-GA-0001", "VN-DTOR-0017"}));
  domain::SiteFilter province;
  province.province_code = "54";
  EXPECT_EQ(codes(province).first, (std::vector<std::string>{"VN-54-GA-0001"}));
  domain::SiteFilter producer;
  producer.producer_id = producers_[0];
  producer.kind = domain::SiteKind::kGrowingArea;
  producer.limit = 2;
  producer.offset = 1;
  auto [page, total] = codes(producer);
  EXPECT_EQ(page, (std::vector<std::string>{"VN-52-GA-0003", "VN-DTOR-0017"}));
  EXPECT_EQ(total, 3);
  domain::SiteFilter commune;
  commune.commune_code = "23764";
  EXPECT_EQ(codes(commune).second, 4);
}

TEST_P(SiteContractTest, UpdatesAndAdditionsNeedTheCurrentVersion) {
  auto id = Insert(Make("VN-52-GA-0001"));
  ASSERT_TRUE(id);
  Site s = *Get(*id);
  s.fields.name = "Đổi tên";
  s.fields.households = {{"Hộ mới", 1}};
  s.boundary_area_ha.reset();
  s.fields.boundary_geojson.clear();
  s.updated_at_ms = 1795316500000;
  EXPECT_EQ(Write([&](Repositories& r) { return r.sites().Update(s, 1); }),
            UpdateOutcome::kUpdated);
  EXPECT_EQ(Write([&](Repositories& r) { return r.sites().Update(s, 1); }), UpdateOutcome::kStale);
  Site missing = s;
  missing.id = *id + 100;
  EXPECT_EQ(Write([&](Repositories& r) { return r.sites().Update(missing, 1); }),
            UpdateOutcome::kMissing);
  auto got = Get(*id);
  EXPECT_EQ(got->version, 2);
  EXPECT_EQ(got->fields.name, "Đổi tên");
  ASSERT_EQ(got->fields.households.size(), 1u);
  EXPECT_FALSE(got->boundary_area_ha);
  EXPECT_EQ(got->updated_at_ms, 1795316500000);

  const domain::SiteStatusChange suspend{D("2026-10-15"), SiteStatus::kSuspended, "MRL", 9,
                                         1795316600000};
  EXPECT_EQ(Write([&](Repositories& r) { return r.sites().AddStatusChange(*id, suspend, 1); }),
            UpdateOutcome::kStale);
  EXPECT_EQ(Write([&](Repositories& r) { return r.sites().AddStatusChange(*id, suspend, 2); }),
            UpdateOutcome::kUpdated);
  // An earlier day recorded later sorts by its day.
  const domain::SiteStatusChange earlier{D("2026-03-01"), SiteStatus::kSuspended, "sớm", 9,
                                         1795316700000};
  EXPECT_EQ(Write([&](Repositories& r) { return r.sites().AddStatusChange(*id, earlier, 3); }),
            UpdateOutcome::kUpdated);
  domain::SiteCertificate cert{0,
                               domain::CertificateKind::kOrganic,
                               "HC-9",
                               "B",
                               D("2026-01-01"),
                               D("2027-01-01"),
                               1795316800000};
  EXPECT_EQ(Write([&](Repositories& r) { return r.sites().AddCertificate(*id, cert, 3); }),
            UpdateOutcome::kStale);
  EXPECT_EQ(Write([&](Repositories& r) { return r.sites().AddCertificate(*id, cert, 4); }),
            UpdateOutcome::kUpdated);
  domain::DiaryEntry e;
  e.on = D("2026-10-01");
  e.kind = domain::DiaryKind::kFertilising;
  e.product = "NPK";
  EXPECT_EQ(Write([&](Repositories& r) { return r.sites().AddDiaryEntry(*id + 100, e, 5); }),
            UpdateOutcome::kMissing);
  EXPECT_EQ(Write([&](Repositories& r) { return r.sites().AddDiaryEntry(*id, e, 5); }),
            UpdateOutcome::kUpdated);
  got = Get(*id);
  EXPECT_EQ(got->version, 6);
  ASSERT_EQ(got->status_history.size(), 3u);
  EXPECT_EQ(got->status_history[0].on, D("2026-01-15"));
  EXPECT_EQ(got->status_history[1].reason, "sớm");
  EXPECT_EQ(got->status_history[2].reason, "MRL");
  EXPECT_EQ(domain::StatusOn(*got, D("2026-06-01")), SiteStatus::kSuspended);
  ASSERT_EQ(got->certificates.size(), 2u);
  EXPECT_EQ(got->certificates[1].kind, domain::CertificateKind::kOrganic);
  ASSERT_EQ(got->diary.size(), 2u);
  EXPECT_EQ(got->diary[0].on, D("2026-10-01"));  // by day
  EXPECT_FALSE(got->diary[0].planned_harvest);
}

INSTANTIATE_TEST_SUITE_P(Engines, SiteContractTest,
                         ::testing::Values("sqlite-file", "sqlite-memory", "postgres"), EngineName);

}  // namespace
}  // namespace ocop::storage
