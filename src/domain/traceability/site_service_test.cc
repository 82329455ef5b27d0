// The site use cases on a real (in-memory SQLite) store: registering with
// validation, scopes, versions, status changes, certificates and diary, the
// flags of the day, and the capture rule that refuses a harvest in an area
// suspended or revoked by then, with nothing stored.
#include "domain/traceability/site_service.h"

#include <gtest/gtest.h>

#include "domain/identity/user.h"
#include "domain/traceability/epcis_service.h"
#include "support/domain_fixture.h"

namespace ocop::domain {
namespace {

using testing::DomainTest;

class SiteServiceTest : public DomainTest {
 protected:
  void SetUp() override {
    DomainTest::SetUp();
    sites_ = std::make_unique<SiteService>(*store_, testing::Geo(), clock_);
    epcis_ = std::make_unique<EpcisService>(*store_, clock_);
    auto producer = registry_->CreateProducer(Admin(), HoneyCooperative());
    ASSERT_TRUE(producer) << producer.error().ToString();
    producer_id_ = producer->id;
    User u;
    u.username = "chuthe";
    u.password_hash = "$argon2id$x";
    u.role = Role::kProducer;
    u.producer_id = producer_id_;
    u.created_at = testing::kNow;
    ASSERT_TRUE(store_
                    ->Transact([&](Repositories& r) -> Status {
                      OCOP_ASSIGN_OR_RETURN(u.id, r.users().Insert(u));
                      return Status::Ok();
                    })
                    .ok());
    producer_ = u.ToPrincipal();
  }

  static SiteInput AreaInput(const std::string& code = "VN-52-GA-0001") {
    SiteInput in;
    in.kind = "growing_area";
    in.code = code;
    in.name = "Vùng cà phê Ia Grai";
    in.target_markets = {"VN", "CN"};
    in.crop = "Cà phê";
    in.variety = "Robusta TR4";
    in.declared_area_ha = "1";
    in.commune_code = "23764";
    in.representative = "Trần Thị Hoa";
    in.households = {{"Hộ Rơ Châm H'Lan", "0,6"}, {"Hộ Siu Đoan", "0.4"}};
    in.granted_on = "2026-01-15";
    return in;
  }

  static Principal Officer(const std::string& province) {
    return {90, "tinh", Role::kProvincialOfficer, province, "", 0};
  }

  std::int64_t CountEvents() { return *epcis_->CountEvents(); }

  std::unique_ptr<SiteService> sites_;
  std::unique_ptr<EpcisService> epcis_;
  std::int64_t producer_id_ = 0;
  Principal producer_;
};

TEST_F(SiteServiceTest, ProducerRegistersItsOwnGrowingArea) {
  auto in = AreaInput();
  // A 100 m × 100 m square: 1 ha, as declared.
  in.boundary_geojson = R"({"type":"Polygon","coordinates":[[[108.0,13.98],[108.000926,13.98],)"
                        R"([108.000926,13.980899],[108.0,13.980899],[108.0,13.98]]]})";
  auto created = sites_->Create(producer_, in);
  ASSERT_TRUE(created) << created.error().ToString();
  const Site& s = created->site;
  EXPECT_EQ(s.producer_id, producer_id_);
  EXPECT_EQ(s.location_id, "urn:ocop:site:VN-52-GA-0001");
  EXPECT_EQ(s.province_code, "52");
  ASSERT_TRUE(s.boundary_area_ha);
  EXPECT_NEAR(*s.boundary_area_ha, 1.0, 0.01);
  ASSERT_EQ(s.fields.households.size(), 2u);
  EXPECT_DOUBLE_EQ(s.fields.households[0].area_ha, 0.6);
  ASSERT_EQ(s.status_history.size(), 1u);
  EXPECT_EQ(s.status_history[0].on, *CivilDate::Parse("2026-01-15"));
  EXPECT_EQ(created->status, SiteStatus::kActive);
  EXPECT_TRUE(created->flags.empty());
  EXPECT_EQ(s.version, 1);
  // The same code again.
  auto again = sites_->Create(producer_, in);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code(), Code::kAlreadyExists);
}

TEST_F(SiteServiceTest, ListsEveryBadFieldAndStoresNothing) {
  SiteInput in = AreaInput("vn-52");
  in.name = "";
  in.target_markets = {"Vietnam"};
  in.declared_area_ha = "-3";
  in.commune_code = "99999";
  in.boundary_geojson = R"({"type":"Polygon","coordinates":[[[0,0],[1,1],[1,0],[0,1],[0,0]]]})";
  in.granted_on = "2099-01-01";
  auto created = sites_->Create(producer_, in);
  ASSERT_FALSE(created);
  std::set<std::string> fields;
  for (const auto& f : created.error().fields()) fields.insert(f.field);
  EXPECT_EQ(fields, (std::set<std::string>{"code", "name", "target_markets", "declared_area_ha",
                                           "commune_code", "boundary", "granted_on"}));
  auto page = sites_->List(Admin(), {});
  ASSERT_TRUE(page);
  EXPECT_EQ(page->total, 0);
}

TEST_F(SiteServiceTest, ScopesReadEditAndStatus) {
  auto created = sites_->Create(producer_, AreaInput());
  ASSERT_TRUE(created);
  const std::int64_t id = created->site.id;
  Principal other{77, "khac", Role::kProducer, "", "", producer_id_ + 1};
  EXPECT_EQ(sites_->Get(other, id).error().code(), Code::kNotFound);
  EXPECT_EQ(sites_->Get(Officer("01"), id).error().code(), Code::kNotFound);
  EXPECT_TRUE(sites_->Get(Officer("52"), id));
  EXPECT_EQ(sites_->List(Officer("52"), {})->total, 1);
  EXPECT_EQ(sites_->List(Officer("01"), {})->total, 0);
  // Officers do not edit the site; producers do not change its status.
  EXPECT_EQ(sites_->Update(Officer("52"), id, AreaInput(), 1).error().code(),
            Code::kPermissionDenied);
  EXPECT_EQ(sites_->ChangeStatus(producer_, id, {"suspended", "2026-11-01", "tự đình chỉ"}, 1)
                .error()
                .code(),
            Code::kPermissionDenied);
  // An admin registers for a producer, naming it.
  auto in = AreaInput("VN-DTOR-0017");
  EXPECT_EQ(sites_->Create(Admin(), in).error().fields().at(0).field, "producer_id");
  in.producer_id = std::to_string(producer_id_);
  EXPECT_TRUE(sites_->Create(Admin(), in));
}

TEST_F(SiteServiceTest, UpdateNeedsTheCurrentVersionAndKeepsTheCode) {
  auto created = sites_->Create(producer_, AreaInput());
  ASSERT_TRUE(created);
  const std::int64_t id = created->site.id;
  auto in = AreaInput();
  in.declared_area_ha = "2,5";
  auto updated = sites_->Update(producer_, id, in, 1);
  ASSERT_TRUE(updated) << updated.error().ToString();
  EXPECT_EQ(updated->site.version, 2);
  EXPECT_DOUBLE_EQ(updated->site.fields.declared_area_ha, 2.5);
  auto stale = sites_->Update(producer_, id, in, 1);
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().code(), Code::kAborted);
  EXPECT_EQ(stale.error().detail(), "2");
  in.code = "VN-52-GA-0002";
  EXPECT_EQ(sites_->Update(producer_, id, in, 2).error().fields().at(0).field, "code");
}

TEST_F(SiteServiceTest, StatusHistoryRevocationIsFinal) {
  auto created = sites_->Create(producer_, AreaInput());
  ASSERT_TRUE(created);
  const std::int64_t id = created->site.id;
  auto suspended =
      sites_->ChangeStatus(Officer("52"), id, {"suspended", "2026-10-15", "Dư lượng vượt MRL"}, 1);
  ASSERT_TRUE(suspended) << suspended.error().ToString();
  EXPECT_EQ(suspended->status, SiteStatus::kSuspended);
  EXPECT_EQ(suspended->site.status_history.size(), 2u);
  EXPECT_EQ(suspended->site.status_history[1].by_user_id, 90);
  // Suspending what is suspended changes nothing; a reason is required.
  EXPECT_EQ(
      sites_->ChangeStatus(Officer("52"), id, {"suspended", "2026-10-20", "lại"}, 2).error().code(),
      Code::kInvalidArgument);
  EXPECT_EQ(sites_->ChangeStatus(Officer("52"), id, {"active", "2026-11-01", ""}, 2)
                .error()
                .fields()
                .at(0)
                .field,
            "reason");
  ASSERT_TRUE(sites_->ChangeStatus(Officer("52"), id, {"revoked", "2026-11-10", "Tái phạm"}, 2));
  auto after = sites_->ChangeStatus(Admin(), id, {"active", "2026-11-20", "Cấp lại"}, 3);
  ASSERT_FALSE(after);
  EXPECT_EQ(after.error().code(), Code::kFailedPrecondition);
  auto site = sites_->Get(Admin(), id);
  ASSERT_TRUE(site);
  EXPECT_EQ(site->status, SiteStatus::kRevoked);
  EXPECT_EQ(StatusOn(site->site, *CivilDate::Parse("2026-10-01")), SiteStatus::kActive);
}

TEST_F(SiteServiceTest, CertificatesAndDiaryRaiseFlags) {
  auto created = sites_->Create(producer_, AreaInput());
  ASSERT_TRUE(created);
  const std::int64_t id = created->site.id;
  // Today is 22/11/2026: a certificate expiring on 10/01/2027 is flagged.
  auto cert = sites_->AddCertificate(producer_, id,
                                     {"vietgap", "VietGAP-TT-24-01-52-0007",
                                      "Trung tâm Chứng nhận Phù hợp", "2024-01-10", "10/01/2027"},
                                     1);
  ASSERT_TRUE(cert) << cert.error().ToString();
  ASSERT_EQ(cert->flags.size(), 1u);
  EXPECT_EQ(cert->flags[0].kind, SiteFlagKind::kCertificateExpiring);
  EXPECT_EQ(
      sites_->AddCertificate(producer_, id, {"vietgap", "X", "Y", "2027-01-10", "2026-01-10"}, 2)
          .error()
          .fields()
          .at(0)
          .field,
      "expires_on");
  // Sprayed on 15/11 with 14 days' interval, harvest planned on 25/11.
  auto diary = sites_->AddDiaryEntry(
      producer_, id,
      {"2026-11-15", "spraying", "Abamectin 3.6EC", "20 ml/16 l nước", "14", "2026-11-25", ""}, 2);
  ASSERT_TRUE(diary) << diary.error().ToString();
  EXPECT_EQ(diary->site.diary.size(), 1u);
  EXPECT_EQ(diary->flags.size(), 2u);
  // A diary entry in the future, a spraying without its interval.
  auto bad = sites_->AddDiaryEntry(producer_, id,
                                   {"2026-12-01", "spraying", "Abamectin", "20 ml", "", "", ""}, 3);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().fields().size(), 2u);
  EXPECT_EQ(sites_->Get(producer_, id)->site.version, 3);
}

std::string HarvestDocument(const std::string& time, const std::string& location,
                            const std::string& farm = "", const std::string& harvested = "") {
  std::string ilmd;
  if (!farm.empty()) ilmd = R"("cbvmda:farmList":[{"cbvmda:farmID":")" + farm + R"("}])";
  if (!harvested.empty()) {
    ilmd += (ilmd.empty() ? "" : ",") + std::string(R"("cbvmda:harvestStartDate":")") + harvested +
            "\"";
  }
  if (!ilmd.empty()) ilmd = R"(,"ilmd":{)" + ilmd + "}";
  return R"({"@context":["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"],)"
         R"("type":"EPCISDocument","schemaVersion":"2.0","creationDate":"2026-11-22T00:00:00Z",)"
         R"("epcisBody":{"eventList":[{"type":"ObjectEvent","action":"ADD",)"
         R"("bizStep":"commissioning","eventTime":")" +
         time +
         R"(","eventTimeZoneOffset":"+07:00","quantityList":[{"epcClass":)"
         R"("https://id.gs1.org/01/08934567000011/10/H)" +
         time.substr(8, 2) + R"(","quantity":100,"uom":"KGM"}],"bizLocation":{"id":")" + location +
         "\"}" + ilmd + "}]}}";
}

TEST_F(SiteServiceTest, CaptureRefusesAHarvestWhereTheCodeWasNotInForce) {
  auto created = sites_->Create(producer_, AreaInput());
  ASSERT_TRUE(created);
  ASSERT_TRUE(sites_->ChangeStatus(Officer("52"), created->site.id,
                                   {"suspended", "2026-10-15", "Dư lượng vượt MRL"}, 1));
  const std::int64_t before = CountEvents();
  auto refused = epcis_->CaptureDocument(
      producer_, HarvestDocument("2026-10-20T08:00:00+07:00", "urn:ocop:site:VN-52-GA-0001"),
      CaptureErrorBehaviour::kRollback);
  ASSERT_FALSE(refused);
  ASSERT_FALSE(refused.error().fields().empty());
  EXPECT_EQ(refused.error().fields()[0].message.key, "error.site.capture_suspended");
  EXPECT_EQ(refused.error().fields()[0].field, "eventList[0].bizLocation");
  EXPECT_EQ(CountEvents(), before);
  // Named as a farm of the ILMD by its bare code, at another location.
  refused = epcis_->CaptureDocument(
      producer_,
      HarvestDocument("2026-10-21T08:00:00+07:00", "urn:ocop:site:VN-52-PH-0009", "VN-52-GA-0001"),
      CaptureErrorBehaviour::kRollback);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().fields()[0].field, "eventList[0].ilmd");
  // Before the suspension (14/10, 23:00 in Vietnam is still 14/10): stored.
  auto stored = epcis_->CaptureDocument(
      producer_, HarvestDocument("2026-10-14T23:00:00+07:00", "urn:ocop:site:VN-52-GA-0001"),
      CaptureErrorBehaviour::kRollback);
  ASSERT_TRUE(stored) << stored.error().ToString();
  EXPECT_EQ(CountEvents(), before + 1);
  // Recorded after the suspension, harvested before it (the ILMD's harvest
  // date is what counts): stored; recorded before a harvest stated after it:
  // refused.
  stored = epcis_->CaptureDocument(
      producer_,
      HarvestDocument("2026-10-25T08:00:00+07:00", "urn:ocop:site:VN-52-GA-0001", "", "2026-10-12"),
      CaptureErrorBehaviour::kRollback);
  ASSERT_TRUE(stored) << stored.error().ToString();
  EXPECT_EQ(CountEvents(), before + 2);
  refused = epcis_->CaptureDocument(
      producer_,
      HarvestDocument("2026-10-13T08:00:00+07:00", "urn:ocop:site:VN-52-GA-0001", "", "2026-10-16"),
      CaptureErrorBehaviour::kRollback);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().fields()[0].message.key, "error.site.capture_suspended");
  EXPECT_EQ(CountEvents(), before + 2);
}

}  // namespace
}  // namespace ocop::domain
