// Lots: the lot event written and read back at the JSON level, class ids taken apart, and the
// service on the in-memory store: a lot recorded on the page and the same event captured directly
// make the same row; every rule refuses with its field and stores nothing; transformations; and who
// sees which lots.
#include "domain/traceability/lot_service.h"

#include <gtest/gtest.h>

#include "domain/traceability/epcis_service.h"
#include "domain/traceability/lot_events.h"
#include "domain/traceability/lot_repository.h"
#include "domain/traceability/site_repository.h"
#include "gs1/digital_link.h"
#include "gs1/epcis/lot_event.h"
#include "support/domain_fixture.h"

namespace ocop::domain {
namespace {

constexpr const char* kGtin = "08934567000017";
constexpr const char* kBase = "https://ocop.example.vn";

std::vector<std::string> FieldsOf(const Status& s) {
  std::vector<std::string> out;
  for (const auto& f : s.fields()) out.push_back(f.field + ":" + f.message.key);
  return out;
}

TEST(LotEventJsonTest, BuiltDocumentReadsBack) {
  gs1::epcis::LotEventSpec spec;
  spec.type = gs1::epcis::EventType::kTransformation;
  spec.event_time = "2026-11-22T10:00:00+07:00";
  spec.time_zone_offset = "+07:00";
  spec.creation_date = spec.event_time;
  spec.location_id = "urn:ocop:site:VN-52-PH-0001";
  spec.inputs.push_back({"https://id.gs1.org/01/08934567000017/10/A", true, 50, "KGM"});
  spec.outputs.push_back({"https://id.gs1.org/01/08934567000017/10/B", true, 49.5, "KGM"});
  spec.ilmd.harvest_start = "2026-11-01";
  spec.ilmd.harvest_end = "2026-11-05";
  spec.ilmd.farm_ids = {"urn:ocop:site:VN-52-GA-0001", "urn:ocop:site:VN-52-GA-0002"};
  const std::string doc = gs1::epcis::BuildLotDocument(spec);
  EXPECT_NE(doc.find("\"type\":\"EPCISDocument\""), std::string::npos);
  EXPECT_NE(doc.find("\"cbvmda:farmIDType\":\"urn:ocop:site\""), std::string::npos);
  // The event object inside the document, as a capture stores it.
  const std::size_t at = doc.find("{\"type\":\"TransformationEvent\"");
  ASSERT_NE(at, std::string::npos);
  const std::string event = doc.substr(at, doc.rfind("]}}") - at);
  const auto facts = gs1::epcis::ReadLotEventFacts(event);
  ASSERT_EQ(facts.created.size(), 1u);
  EXPECT_EQ(facts.created[0].epc_class, "https://id.gs1.org/01/08934567000017/10/B");
  EXPECT_EQ(facts.created[0].quantity, 49.5);
  EXPECT_EQ(facts.created[0].uom, "KGM");
  ASSERT_EQ(facts.inputs.size(), 1u);
  EXPECT_EQ(facts.inputs[0].quantity, 50);
  EXPECT_EQ(facts.ilmd.harvest_start, "2026-11-01");
  EXPECT_EQ(facts.ilmd.harvest_end, "2026-11-05");
  EXPECT_EQ(facts.ilmd.farm_ids, spec.ilmd.farm_ids);
  EXPECT_EQ(facts.biz_location, "urn:ocop:site:VN-52-PH-0001");
}

TEST(LotEventJsonTest, ReadsExpandedKeysAndOnlyCreatingEvents) {
  const auto facts = gs1::epcis::ReadLotEventFacts(
      R"({"type":"ObjectEvent","action":"ADD","quantityList":[{"epcClass":"urn:x","quantity":3}],)"
      R"("ilmd":{"urn:epcglobal:cbv:mda:harvestStartDate":"2026-10-01",)"
      R"("urn:epcglobal:cbv:mda#farmList":{"urn:epcglobal:cbv:mda#farmID":"F1"}}})");
  ASSERT_EQ(facts.created.size(), 1u);
  EXPECT_TRUE(facts.created[0].has_quantity);
  EXPECT_EQ(facts.created[0].uom, "");
  EXPECT_EQ(facts.ilmd.harvest_start, "2026-10-01");
  EXPECT_EQ(facts.ilmd.farm_ids, (std::vector<std::string>{"F1"}));
  EXPECT_TRUE(
      gs1::epcis::ReadLotEventFacts(
          R"({"type":"ObjectEvent","action":"OBSERVE","quantityList":[{"epcClass":"urn:x"}]})")
          .created.empty());
  EXPECT_TRUE(gs1::epcis::ReadLotEventFacts("not json").created.empty());
}

TEST(LotClassIdTest, TakesApartEveryLotForm) {
  auto dl = ParseLotClassId("https://id.gs1.org/01/08934567000017/10/MO-1");
  ASSERT_TRUE(dl);
  EXPECT_EQ(dl->gtin, kGtin);
  EXPECT_EQ(dl->lot, "MO-1");
  auto urn = ParseLotClassId("urn:epc:class:lgtin:8934567.000001.MO-1");
  ASSERT_TRUE(urn);
  EXPECT_EQ(urn->gtin, kGtin);
  EXPECT_EQ(urn->lot, "MO-1");
  auto other_host = ParseLotClassId("https://brand.example.com/01/8934567000017/10/MO-1?x=1");
  ASSERT_TRUE(other_host);
  EXPECT_EQ(other_host->gtin, kGtin);
  auto platform = ParseLotClassId("https://ocop.example.vn/p/52-23764-2-2026/l/MD-2026-02");
  ASSERT_TRUE(platform);
  EXPECT_EQ(platform->product_code, "52-23764-2-2026");
  EXPECT_EQ(platform->lot, "MD-2026-02");
  EXPECT_FALSE(ParseLotClassId("https://id.gs1.org/01/08934567000017/21/S1"));
  EXPECT_FALSE(ParseLotClassId("https://id.gs1.org/01/08934567000017"));
  EXPECT_FALSE(ParseLotClassId("urn:ocop:site:VN-1"));
  EXPECT_FALSE(ParseLotClassId("https://ocop.example.vn/p/52-23764-2-2026"));
}

class LotServiceTest : public testing::DomainTest {
 protected:
  void SetUp() override {
    DomainTest::SetUp();
    epcis_ = std::make_unique<EpcisService>(*store_, clock_);
    service_ = std::make_unique<LotService>(*store_, *epcis_, clock_, LotSettings{kBase});
    auto producer = registry_->CreateProducer(Admin(), HoneyCooperative());
    ASSERT_TRUE(producer) << producer.error().ToString();
    producer_id_ = producer->id;
    auto other = HoneyCooperative();
    other.registration_no = "0100233488";
    other.name = "HTX khác";
    auto other_producer = registry_->CreateProducer(Admin(), other);
    ASSERT_TRUE(other_producer) << other_producer.error().ToString();
    Status s = store_->Transact([&](Repositories& r) -> Status {
      OCOP_ASSIGN_OR_RETURN(gtin_product_, AddProduct(r, "52-23764-1-2026", "Mật ong hoa cà phê",
                                                      producer_id_, kGtin));
      OCOP_ASSIGN_OR_RETURN(plain_product_,
                            AddProduct(r, "52-23764-2-2026", "Mật ong hoa điều", producer_id_, ""));
      OCOP_ASSIGN_OR_RETURN(foreign_product_, AddProduct(r, "52-23764-3-2026", "Mật ong khác",
                                                         other_producer->id, ""));
      OCOP_ASSIGN_OR_RETURN(producer_, AddUser(r, "chuthe", Role::kProducer, "", producer_id_));
      OCOP_ASSIGN_OR_RETURN(other_, AddUser(r, "khac", Role::kProducer, "", other_producer->id));
      OCOP_ASSIGN_OR_RETURN(officer_, AddUser(r, "tinh.52", Role::kProvincialOfficer, "52", 0));
      OCOP_ASSIGN_OR_RETURN(far_officer_, AddUser(r, "tinh.01", Role::kProvincialOfficer, "01", 0));
      OCOP_ASSIGN_OR_RETURN(area_,
                            AddSite(r, "VN-52-GA-0001", SiteKind::kGrowingArea, producer_id_, {}));
      OCOP_ASSIGN_OR_RETURN(area2_,
                            AddSite(r, "VN-52-GA-0002", SiteKind::kGrowingArea, producer_id_, {}));
      OCOP_ASSIGN_OR_RETURN(house_,
                            AddSite(r, "VN-52-PH-0001", SiteKind::kPackingHouse, producer_id_, {}));
      OCOP_ASSIGN_OR_RETURN(
          revoked_, AddSite(r, "VN-52-GA-0003", SiteKind::kGrowingArea, producer_id_,
                            {{*CivilDate::Parse("2026-01-01"), SiteStatus::kActive, "", 0, 0},
                             {*CivilDate::Parse("2026-11-03"), SiteStatus::kRevoked, "x", 0, 0}}));
      OCOP_ASSIGN_OR_RETURN(
          suspended_, AddSite(r, "VN-52-GA-0004", SiteKind::kGrowingArea, producer_id_,
                              {{*CivilDate::Parse("2026-10-01"), SiteStatus::kSuspended, "", 0, 0},
                               {*CivilDate::Parse("2026-11-10"), SiteStatus::kActive, "", 0, 0}}));
      OCOP_ASSIGN_OR_RETURN(foreign_area_, AddSite(r, "VN-52-GA-0009", SiteKind::kGrowingArea,
                                                   other_producer->id, {}));
      return Status::Ok();
    });
    ASSERT_TRUE(s.ok()) << s.ToString();
  }

  Result<std::int64_t> AddProduct(Repositories& r, const std::string& code, const std::string& name,
                                  std::int64_t producer, const std::string& gtin) {
    Product p;
    p.code = code;
    p.fields = {name, 4, producer, "", gtin};
    p.province_code = "52";
    p.commune_code = "23764";
    return r.products().Insert(p);
  }

  Result<Principal> AddUser(Repositories& r, const std::string& name, Role role,
                            const std::string& province, std::int64_t producer) {
    User u;
    u.username = name;
    u.password_hash = "$argon2id$x";
    u.role = role;
    u.province_code = province;
    u.producer_id = producer;
    u.created_at = testing::kNow;
    OCOP_ASSIGN_OR_RETURN(u.id, r.users().Insert(u));
    return u.ToPrincipal();
  }

  Result<std::int64_t> AddSite(Repositories& r, const std::string& code, SiteKind kind,
                               std::int64_t producer, std::vector<SiteStatusChange> history) {
    Site s;
    s.producer_id = producer;
    s.fields.kind = kind;
    s.fields.code = code;
    s.fields.name = code;
    s.fields.commune_code = "23764";
    s.province_code = "52";
    s.location_id = SiteLocationId(code);
    s.status_history = std::move(history);
    s.created_at_ms = s.updated_at_ms = testing::kNow * 1000;
    return r.sites().Insert(s);
  }

  LotInput Honey(const std::string& code) {
    LotInput in;
    in.product_id = std::to_string(gtin_product_);
    in.code = code;
    in.harvest_from = "01/11/2026";
    in.harvest_to = "2026-11-02";
    in.quantity = "480.5";
    in.unit = "KGM";
    in.growing_areas = {"VN-52-GA-0001"};
    in.packing_house = "VN-52-PH-0001";
    return in;
  }

  std::int64_t Count(bool events) {
    std::int64_t n = 0;
    EXPECT_TRUE(store_
                    ->Read([&](Repositories& r) -> Status {
                      if (events) {
                        OCOP_ASSIGN_OR_RETURN(n, r.epcis().CountEvents());
                      } else {
                        OCOP_ASSIGN_OR_RETURN(auto lots, r.lots().List(LotFilter{}));
                        n = static_cast<std::int64_t>(lots.size());
                      }
                      return Status::Ok();
                    })
                    .ok());
    return n;
  }

  std::unique_ptr<EpcisService> epcis_;
  std::unique_ptr<LotService> service_;
  std::int64_t producer_id_ = 0, gtin_product_ = 0, plain_product_ = 0, foreign_product_ = 0;
  std::int64_t area_ = 0, area2_ = 0, house_ = 0, revoked_ = 0, suspended_ = 0, foreign_area_ = 0;
  Principal producer_, other_, officer_, far_officer_;
};

TEST_F(LotServiceTest, RecordCapturesTheEventAndTheLot) {
  auto lot = service_->Record(producer_, Honey("MO-2026-05"));
  ASSERT_TRUE(lot) << lot.error().ToString();
  EXPECT_EQ(lot->product_id, gtin_product_);
  EXPECT_EQ(lot->code, "MO-2026-05");
  EXPECT_EQ(lot->epc_id, "https://id.gs1.org/01/08934567000017/10/MO-2026-05");
  EXPECT_EQ(lot->key, gs1::CanonicalEpc("urn:epc:class:lgtin:8934567.000001.MO-2026-05").key);
  EXPECT_EQ(lot->harvest_from, CivilDate::Parse("2026-11-01"));
  EXPECT_EQ(lot->harvest_to, CivilDate::Parse("2026-11-02"));
  EXPECT_EQ(lot->quantity, 480.5);
  EXPECT_EQ(lot->unit, "KGM");
  EXPECT_EQ(lot->growing_area_ids, (std::vector<std::int64_t>{area_}));
  EXPECT_EQ(lot->packing_house_id, house_);
  EXPECT_EQ(lot->status, LotStatus::kActive);
  auto event = epcis_->GetEvent(lot->event_id);
  ASSERT_TRUE(event) << event.error().ToString();
  EXPECT_EQ(event->event.type, gs1::epcis::EventType::kObject);
  EXPECT_EQ(event->event.action, "ADD");
  EXPECT_EQ(event->event.biz_step, "commissioning");
  EXPECT_EQ(event->event.biz_location, "urn:ocop:site:VN-52-PH-0001");
  EXPECT_NE(event->event.json.find("\"cbvmda:harvestStartDate\":\"2026-11-01\""),
            std::string::npos);
  EXPECT_NE(event->event.json.find("\"cbvmda:farmID\":\"urn:ocop:site:VN-52-GA-0001\""),
            std::string::npos);

  auto plain = service_->Record(producer_, [&] {
    LotInput in = Honey("MD-2026-07");
    in.product_id = std::to_string(plain_product_);
    in.growing_areas.clear();
    in.packing_house.clear();
    in.harvest_from.clear();
    in.harvest_to.clear();
    in.unit = "H87";
    in.quantity = "200";
    return in;
  }());
  ASSERT_TRUE(plain) << plain.error().ToString();
  EXPECT_EQ(plain->epc_id, std::string(kBase) + "/p/52-23764-2-2026/l/MD-2026-07");
  EXPECT_FALSE(plain->harvest_from);
  EXPECT_TRUE(plain->growing_area_ids.empty());
  EXPECT_EQ(plain->packing_house_id, 0);
}

// The event a partner system writes for the same kind of lot, captured directly, makes the same
// row as the page does.
TEST_F(LotServiceTest, DirectCaptureMakesTheSameRow) {
  auto recorded = service_->Record(producer_, Honey("MO-A"));
  ASSERT_TRUE(recorded) << recorded.error().ToString();
  auto stored = epcis_->GetEvent(recorded->event_id);
  ASSERT_TRUE(stored);
  // The same event with another lot code (and so another event id), in EPC URN form.
  std::string json = stored->event.json;
  const std::string from = "https://id.gs1.org/01/08934567000017/10/MO-A";
  json.replace(json.find(from), from.size(), "urn:epc:class:lgtin:8934567.000001.MO-B");
  json = json.substr(0, json.find(",\"eventID\"")) + "}";
  const std::string doc =
      R"({"@context":["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"],)"
      R"("type":"EPCISDocument","schemaVersion":"2.0","creationDate":"2026-11-22T10:00:00+07:00",)"
      R"("epcisBody":{"eventList":[)" +
      json + "]}}";
  auto job = epcis_->CaptureDocument(producer_, doc, CaptureErrorBehaviour::kRollback);
  ASSERT_TRUE(job) << job.error().ToString() << "\n" << doc;
  std::optional<Lot> captured;
  ASSERT_TRUE(store_
                  ->Read([&](Repositories& r) -> Status {
                    OCOP_ASSIGN_OR_RETURN(captured, r.lots().FindByCode(gtin_product_, "MO-B"));
                    return Status::Ok();
                  })
                  .ok());
  ASSERT_TRUE(captured);
  EXPECT_EQ(captured->epc_id, "https://id.gs1.org/01/08934567000017/10/MO-B");
  EXPECT_EQ(captured->harvest_from, recorded->harvest_from);
  EXPECT_EQ(captured->harvest_to, recorded->harvest_to);
  EXPECT_EQ(captured->quantity, recorded->quantity);
  EXPECT_EQ(captured->unit, recorded->unit);
  EXPECT_EQ(captured->growing_area_ids, recorded->growing_area_ids);
  EXPECT_EQ(captured->packing_house_id, recorded->packing_house_id);
  EXPECT_EQ(captured->status, recorded->status);
  EXPECT_EQ(captured->created_at_ms, recorded->created_at_ms);
  EXPECT_NE(captured->event_id, recorded->event_id);
}

TEST_F(LotServiceTest, CaptureLeavesOtherProducersAndUnknownProductsAlone) {
  gs1::epcis::LotEventSpec spec;
  spec.event_time = spec.creation_date = "2026-11-22T10:00:00+07:00";
  spec.time_zone_offset = "+07:00";
  spec.outputs.push_back({std::string(kBase) + "/p/52-23764-3-2026/l/X1", true, 5, "KGM"});
  spec.outputs.push_back({std::string(kBase) + "/p/99-99999-9-2026/l/X2", true, 5, "KGM"});
  spec.outputs.push_back({std::string(kBase) + "/p/52-23764-2-2026/l/X3", true, 5, "KGM"});
  auto job = epcis_->CaptureDocument(producer_, gs1::epcis::BuildLotDocument(spec),
                                     CaptureErrorBehaviour::kRollback);
  ASSERT_TRUE(job) << job.error().ToString();
  auto lots = service_->List(producer_);
  ASSERT_TRUE(lots);
  ASSERT_EQ(lots->size(), 1u);
  EXPECT_EQ(lots->front().lot.code, "X3");
  EXPECT_EQ(lots->front().lot.quantity, 5);
  EXPECT_EQ(Count(false), 1);
}

// Only an event that makes its lot records it: receiving (an ADD of goods that exist already)
// names a lot without creating it, as the trace graph gives it no origin or creation time either.
TEST_F(LotServiceTest, ReceivingALotDoesNotRecordIt) {
  for (const char* step : {"receiving", "storing"}) {
    gs1::epcis::LotEventSpec spec;
    spec.event_time = spec.creation_date = "2026-11-22T10:00:00+07:00";
    spec.time_zone_offset = "+07:00";
    spec.outputs.push_back({std::string(kBase) + "/p/52-23764-2-2026/l/R-" + step, true, 5, "KGM"});
    std::string doc = gs1::epcis::BuildLotDocument(spec);
    const std::string commissioning = "\"bizStep\":\"commissioning\"";
    ASSERT_NE(doc.find(commissioning), std::string::npos) << doc;
    doc.replace(doc.find(commissioning), commissioning.size(),
                std::string("\"bizStep\":\"") + step + "\"");
    auto job = epcis_->CaptureDocument(producer_, doc, CaptureErrorBehaviour::kRollback);
    ASSERT_TRUE(job) << job.error().ToString() << "\n" << doc;
  }
  EXPECT_EQ(Count(true), 2);
  EXPECT_EQ(Count(false), 0);
}

TEST_F(LotServiceTest, EveryRuleRefusesWithItsFieldAndStoresNothing) {
  ASSERT_TRUE(service_->Record(producer_, Honey("TAKEN")));
  const std::int64_t lots = Count(false), events = Count(true);
  struct Case {
    std::function<void(LotInput&)> change;
    std::vector<std::string> fields;
  };
  const std::vector<Case> cases = {
      {[&](LotInput& in) { in.product_id = std::to_string(foreign_product_); },
       {"product_id:error.lot.product_not_own"}},
      {[&](LotInput& in) { in.product_id = "999"; }, {"product_id:error.lot.unknown_product"}},
      {[&](LotInput& in) { in.product_id = "abc"; }, {"product_id:error.lot.unknown_product"}},
      {[&](LotInput& in) { in.code = ""; }, {"code:error.field.required"}},
      {[&](LotInput& in) { in.code = "LÔ-1"; }, {"code:error.gs1.bad_character"}},
      {[&](LotInput& in) { in.code = "123456789012345678901"; }, {"code:error.gs1.too_long"}},
      {[&](LotInput& in) {
         in.harvest_from = "2026-11-23";
         in.harvest_to = "";
       },
       {"harvest_from:error.lot.harvest_future"}},
      {[&](LotInput& in) { in.harvest_to = "2026-10-31"; }, {"harvest_to:error.lot.harvest_order"}},
      {[&](LotInput& in) { in.harvest_from = "31/02/2026"; }, {"harvest_from:error.lot.date"}},
      {[&](LotInput& in) {
         in.harvest_from = "";
         in.harvest_to = "";
       },
       {"harvest_from:error.lot.harvest_required"}},
      {[&](LotInput& in) { in.quantity = "0"; }, {"quantity:error.lot.quantity"}},
      {[&](LotInput& in) { in.quantity = "-3"; }, {"quantity:error.lot.quantity"}},
      {[&](LotInput& in) { in.quantity = "12kg"; }, {"quantity:error.lot.quantity"}},
      {[&](LotInput& in) { in.quantity = "inf"; }, {"quantity:error.lot.quantity"}},
      {[&](LotInput& in) { in.unit = "kg"; }, {"unit:error.lot.unit"}},
      {[&](LotInput& in) { in.growing_areas = {"VN-NONE"}; },
       {"growing_areas:error.lot.unknown_growing_area"}},
      {[&](LotInput& in) { in.growing_areas = {"VN-52-PH-0001"}; },
       {"growing_areas:error.lot.unknown_growing_area"}},
      {[&](LotInput& in) { in.growing_areas = {"VN-52-GA-0009"}; },
       {"growing_areas:error.lot.site_not_own"}},
      {[&](LotInput& in) {
         in.growing_areas = {"VN-52-GA-0003"};
         in.harvest_to = "2026-11-03";
       },
       {"growing_areas:error.lot.site_revoked"}},
      {[&](LotInput& in) { in.growing_areas = {"VN-52-GA-0004"}; },
       {"growing_areas:error.lot.site_suspended"}},
      {[&](LotInput& in) { in.packing_house = "VN-52-GA-0001"; },
       {"packing_house:error.lot.unknown_packing_house"}},
  };
  for (std::size_t i = 0; i < cases.size(); ++i) {
    LotInput in = Honey("NEW-" + std::to_string(i));
    cases[i].change(in);
    auto r = service_->Record(producer_, in);
    ASSERT_FALSE(r) << "case " << i;
    EXPECT_EQ(r.error().code(), Code::kInvalidArgument) << "case " << i;
    EXPECT_EQ(FieldsOf(r.error()), cases[i].fields) << "case " << i;
  }
  auto dup = service_->Record(producer_, Honey("TAKEN"));
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.error().code(), Code::kAlreadyExists);
  EXPECT_EQ(FieldsOf(dup.error()), (std::vector<std::string>{"code:error.lot.duplicate"}));
  // A suspended area is fine again for a harvest after it was reinstated.
  LotInput after = Honey("AFTER");
  after.growing_areas = {"VN-52-GA-0004"};
  after.harvest_from = "2026-11-10";
  after.harvest_to = "2026-11-20";
  auto after_ok = service_->Record(producer_, after);
  EXPECT_TRUE(after_ok) << after_ok.error().ToString();
  auto officer = service_->Record(officer_, Honey("OFFICER"));
  ASSERT_FALSE(officer);
  EXPECT_EQ(officer.error().code(), Code::kPermissionDenied);
  EXPECT_EQ(Count(false), lots + 1);
  EXPECT_EQ(Count(true), events + 1);
}

TEST_F(LotServiceTest, TransformationBlendsLotsIntoANewOne) {
  LotInput a = Honey("A");
  a.quantity = "50";
  LotInput b = Honey("B");
  b.quantity = "30";
  b.harvest_from = "2026-10-20";
  b.harvest_to = "2026-10-25";
  b.growing_areas = {"VN-52-GA-0002"};
  auto la = service_->Record(producer_, a);
  auto lb = service_->Record(producer_, b);
  ASSERT_TRUE(la && lb);
  TransformationInput t;
  t.inputs = {{std::to_string(la->id), "50"}, {std::to_string(lb->id), "30"}};
  LotInput out;
  out.product_id = std::to_string(plain_product_);
  out.code = "BLEND-1";
  out.quantity = "80";
  out.unit = "KGM";
  t.outputs = {out};
  t.packing_house = "VN-52-PH-0001";
  auto made = service_->Transform(producer_, t);
  ASSERT_TRUE(made) << made.error().ToString();
  ASSERT_EQ(made->size(), 1u);
  const Lot& blend = made->front();
  EXPECT_EQ(blend.code, "BLEND-1");
  EXPECT_EQ(blend.harvest_from, CivilDate::Parse("2026-10-20"));
  EXPECT_EQ(blend.harvest_to, CivilDate::Parse("2026-11-02"));
  EXPECT_EQ(blend.growing_area_ids, (std::vector<std::int64_t>{area_, area2_}));
  EXPECT_EQ(blend.packing_house_id, house_);
  EXPECT_EQ(blend.quantity, 80);
  auto event = epcis_->GetEvent(blend.event_id);
  ASSERT_TRUE(event);
  EXPECT_EQ(event->event.type, gs1::epcis::EventType::kTransformation);

  const std::int64_t lots = Count(false), events = Count(true);
  ASSERT_TRUE(store_
                  ->Transact([&](Repositories& r) -> Status {
                    return r.lots().SetStatus(lb->id, LotStatus::kOnHold, "test");
                  })
                  .ok());
  TransformationInput bad;
  bad.inputs = {{std::to_string(la->id), "51"}, {std::to_string(lb->id), "1"}, {"999", "1"}};
  LotInput same = out;
  LotInput zero = out;
  zero.code = "Z";
  zero.quantity = "0";
  bad.outputs = {same, zero};
  auto refused = service_->Transform(producer_, bad);
  ASSERT_FALSE(refused);
  EXPECT_EQ(
      FieldsOf(refused.error()),
      (std::vector<std::string>{
          "inputs[0].quantity:error.lot.input_over", "inputs[1].lot_id:error.lot.input_not_active",
          "inputs[2].lot_id:error.lot.unknown_input", "outputs[0].code:error.lot.duplicate",
          "outputs[1].quantity:error.lot.quantity"}));
  auto foreign = service_->Transform(other_, t);
  ASSERT_FALSE(foreign);
  auto empty = service_->Transform(producer_, TransformationInput{});
  ASSERT_FALSE(empty);
  EXPECT_EQ(FieldsOf(empty.error()),
            (std::vector<std::string>{"inputs:error.lot.inputs_required",
                                      "outputs:error.lot.outputs_required"}));
  EXPECT_EQ(Count(false), lots);
  EXPECT_EQ(Count(true), events);
}

TEST_F(LotServiceTest, EachSeesTheirOwnOrTheirAreasLots) {
  auto lot = service_->Record(producer_, Honey("SEEN"));
  ASSERT_TRUE(lot);
  EXPECT_EQ(service_->List(producer_)->size(), 1u);
  EXPECT_EQ(service_->List(officer_)->size(), 1u);
  EXPECT_TRUE(service_->List(far_officer_)->empty());
  EXPECT_TRUE(service_->List(other_)->empty());
  EXPECT_EQ(service_->List(Admin())->size(), 1u);
  auto view = service_->Get(officer_, lot->id);
  ASSERT_TRUE(view) << view.error().ToString();
  EXPECT_EQ(view->product.id, gtin_product_);
  ASSERT_EQ(view->growing_areas.size(), 1u);
  EXPECT_EQ(view->growing_areas[0].code(), "VN-52-GA-0001");
  ASSERT_TRUE(view->packing_house);
  EXPECT_EQ(view->packing_house->code(), "VN-52-PH-0001");
  ASSERT_EQ(view->events.size(), 1u);
  EXPECT_EQ(view->scan_path, "/01/08934567000017/10/SEEN");
  EXPECT_EQ(service_->Get(far_officer_, lot->id).error().code(), Code::kNotFound);
  EXPECT_EQ(service_->Get(other_, lot->id).error().code(), Code::kNotFound);
  EXPECT_EQ(service_->Get(producer_, 999).error().code(), Code::kNotFound);
}

}  // namespace
}  // namespace ocop::domain
