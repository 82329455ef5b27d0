// Recalls on the in-memory store: the affected set of a captured chain (the
// forward trace and the same-area window), what opening writes (records,
// destinations, notices, lot statuses, the recall EPCIS events), proposals,
// scopes, refusals that leave nothing behind, confirmations and closure, and
// the banner data of the resolver.
#include "domain/traceability/recall_service.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "domain/catalog/resolver.h"
#include "domain/traceability/epcis_service.h"
#include "domain/traceability/lot_repository.h"
#include "domain/traceability/recall_events.h"
#include "gs1/digital_link.h"
#include "gs1/epcis/json_binding.h"
#include "support/domain_fixture.h"

namespace ocop::domain {
namespace {

constexpr const char* kGtin = "08934567000017";
constexpr const char* kBase = "https://ocop.example.vn";

std::string LotId(const std::string& code) {
  return std::string("https://id.gs1.org/01/") + kGtin + "/10/" + code;
}
std::string Key(const std::string& code) { return gs1::CanonicalEpc(LotId(code)).key; }

class RecallTest : public testing::DomainTest {
 protected:
  void SetUp() override {
    DomainTest::SetUp();
    epcis_ = std::make_unique<EpcisService>(*store_, clock_);
    recalls_ = std::make_unique<RecallService>(*store_, clock_, RecallSettings{kBase});
    auto producer = registry_->CreateProducer(Admin(), HoneyCooperative());
    ASSERT_TRUE(producer) << producer.error().ToString();
    producer_id_ = producer->id;
    ASSERT_TRUE(store_
                    ->Transact([&](Repositories& r) -> Status {
                      Product p;
                      p.code = "52-23764-1-2026";
                      p.fields = {"Mật ong hoa cà phê", 4, producer_id_, "", kGtin};
                      p.province_code = "52";
                      p.commune_code = "23764";
                      OCOP_ASSIGN_OR_RETURN(product_id_, r.products().Insert(p));
                      OCOP_ASSIGN_OR_RETURN(producer_, AddUser(r, "chuthe", Role::kProducer, ""));
                      OCOP_ASSIGN_OR_RETURN(officer_,
                                            AddUser(r, "tinh.52", Role::kProvincialOfficer, "52"));
                      OCOP_ASSIGN_OR_RETURN(other_officer_,
                                            AddUser(r, "tinh.01", Role::kProvincialOfficer, "01"));
                      return Status::Ok();
                    })
                    .ok());
  }

  Result<Principal> AddUser(Repositories& r, const std::string& name, Role role,
                            const std::string& province) {
    User u;
    u.username = name;
    u.password_hash = "$argon2id$x";
    u.role = role;
    u.province_code = province;
    if (role == Role::kProducer) u.producer_id = producer_id_;
    u.created_at = testing::kNow;
    OCOP_ASSIGN_OR_RETURN(u.id, r.users().Insert(u));
    return u.ToPrincipal();
  }

  // A lot as the lots page records it (its creating event is not needed here).
  std::int64_t AddLot(const std::string& code, const std::string& from, const std::string& to,
                      std::int64_t area, double kg) {
    Lot l;
    l.product_id = product_id_;
    l.code = code;
    l.epc_id = LotId(code);
    l.key = Key(code);
    l.harvest_from = CivilDate::Parse(from);
    l.harvest_to = CivilDate::Parse(to);
    l.quantity = kg;
    l.unit = "KGM";
    l.growing_area_ids = {area};
    l.event_id = "ni:///lot-" + code;
    std::int64_t id = 0;
    Status s = store_->Transact([&](Repositories& r) -> Status {
      OCOP_ASSIGN_OR_RETURN(id, r.lots().Insert(l));
      return Status::Ok();
    });
    EXPECT_TRUE(s.ok()) << s.ToString();
    return id;
  }

  static std::string Quantity(const std::string& code, double kg) {
    return R"({"epcClass":")" + LotId(code) + R"(","quantity":)" + std::to_string(kg) +
           R"(,"uom":"KGM"})";
  }
  static std::string Ship(const std::string& code, double kg, const std::string& to,
                          const std::string& time, const std::string& desadv = "") {
    std::string bt;
    if (!desadv.empty()) {
      bt = R"(,"bizTransactionList":[{"type":"desadv","bizTransaction":"urn:ocop:desadv:)" +
           desadv + R"("}])";
    }
    return R"({"type":"ObjectEvent","action":"OBSERVE","bizStep":"shipping","eventTime":")" + time +
           R"(","eventTimeZoneOffset":"+07:00","epcList":[],"quantityList":[)" +
           Quantity(code, kg) + "]" + bt +
           R"(,"destinationList":[{"type":"location","destination":"urn:ocop:party:)" + to +
           R"("}]})";
  }
  static std::string Blend(const std::string& in, const std::string& out, const std::string& time) {
    return R"({"type":"TransformationEvent","bizStep":"commissioning","eventTime":")" + time +
           R"(","eventTimeZoneOffset":"+07:00","inputQuantityList":[)" + Quantity(in, 100) +
           R"(],"outputQuantityList":[)" + Quantity(out, 90) +
           R"(],"bizLocation":{"id":"urn:ocop:site:PH-1"}})";
  }
  Status Capture(const std::vector<std::string>& events) {
    std::string list;
    for (const auto& e : events) list += (list.empty() ? "" : ",") + e;
    auto job = epcis_->CaptureDocument(
        producer_,
        R"({"@context":["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"],)"
        R"("type":"EPCISDocument","schemaVersion":"2.0","creationDate":"2026-11-22T00:00:00Z",)"
        R"("epcisBody":{"eventList":[)" +
            list + "]}}",
        CaptureErrorBehaviour::kRollback);
    return job ? Status::Ok() : job.error();
  }

  // H1 (area 1, 1–2 Oct) is blended into B1, shipped to a supermarket with a
  // despatch advice; H2 (area 1, 6 Oct: within a week) goes to a market; H3
  // (area 1, 20 Oct) and H4 (area 2, 1 Oct) go elsewhere.
  void CaptureChain() {
    h1_ = AddLot("H1", "2026-10-01", "2026-10-02", 1, 100);
    h2_ = AddLot("H2", "2026-10-06", "2026-10-06", 1, 80);
    h3_ = AddLot("H3", "2026-10-20", "2026-10-20", 1, 70);
    h4_ = AddLot("H4", "2026-10-01", "2026-10-01", 2, 60);
    Status s = Capture({Blend("H1", "B1", "2026-10-05T08:00:00+07:00"),
                        Ship("B1", 90, "sieu-thi-a", "2026-10-07T08:00:00+07:00", "DA-1"),
                        Ship("H2", 80, "cho-b", "2026-10-08T08:00:00+07:00"),
                        Ship("H3", 70, "cho-c", "2026-10-21T08:00:00+07:00"),
                        Ship("H4", 60, "cho-d", "2026-10-02T08:00:00+07:00")});
    ASSERT_TRUE(s.ok()) << s.ToString();
  }

  OpenRecallRequest Request(std::vector<std::string> lots) {
    OpenRecallRequest q;
    q.lots = std::move(lots);
    q.reason = "failed_test";
    q.reason_text = "Dư lượng kháng sinh vượt ngưỡng";
    q.reference = "KN-2026-0001";
    return q;
  }

  std::optional<Lot> LotOf(std::int64_t id) {
    std::optional<Lot> lot;
    EXPECT_TRUE(store_
                    ->Read([&](Repositories& r) -> Status {
                      OCOP_ASSIGN_OR_RETURN(lot, r.lots().Get(id));
                      return Status::Ok();
                    })
                    .ok());
    return lot;
  }

  std::int64_t CountRecalls() {
    std::vector<Recall> all;
    EXPECT_TRUE(store_
                    ->Read([&](Repositories& r) -> Status {
                      OCOP_ASSIGN_OR_RETURN(all, r.recalls().List({}));
                      return Status::Ok();
                    })
                    .ok());
    return static_cast<std::int64_t>(all.size());
  }

  std::vector<StoredEvent> RecalledEvents() {
    EventQuery q;
    q.dispositions = {"recalled"};
    q.limit = 100;
    auto page = epcis_->Query(q, "");
    EXPECT_TRUE(page) << page.error().ToString();
    return page ? page->events : std::vector<StoredEvent>{};
  }

  static std::set<std::string> KeysOf(const std::vector<RecallRecord>& records) {
    std::set<std::string> keys;
    for (const auto& r : records) keys.insert(r.lot_key);
    return keys;
  }
  static const RecallRecord* Find(const std::vector<RecallRecord>& records, const std::string& key,
                                  const std::string& cte) {
    for (const auto& r : records) {
      if (r.lot_key == key && r.event_type == cte) return &r;
    }
    return nullptr;
  }

  std::unique_ptr<EpcisService> epcis_;
  std::unique_ptr<RecallService> recalls_;
  std::int64_t producer_id_ = 0, product_id_ = 0;
  std::int64_t h1_ = 0, h2_ = 0, h3_ = 0, h4_ = 0;
  Principal producer_, officer_, other_officer_;
  std::string token_;
};

TEST_F(RecallTest, OpensOnTheForwardTraceAndTheLotsOfTheSameAreaAndWindow) {
  CaptureChain();
  // Scanned as a Digital Link on another host: the same lot.
  auto rc = recalls_->Open(
      officer_, Request({"https://ocop.example.vn/01/" + std::string(kGtin) + "/10/H1"}));
  ASSERT_TRUE(rc) << rc.error().ToString();
  EXPECT_EQ(rc->status, RecallStatus::kOpen);
  EXPECT_EQ(rc->number, "TH-2026-000001");
  EXPECT_EQ(rc->province_code, "52");
  EXPECT_FALSE(rc->voluntary);
  EXPECT_FALSE(rc->event_id.empty());

  auto d = recalls_->Get(officer_, rc->id);
  ASSERT_TRUE(d) << d.error().ToString();
  EXPECT_EQ(KeysOf(d->records), (std::set<std::string>{Key("H1"), Key("H2"), Key("B1")}));
  const RecallRecord* harvest = Find(d->records, Key("H1"), "harvesting");
  ASSERT_NE(harvest, nullptr);
  EXPECT_EQ(harvest->reach, RecallReach::kNamed);
  EXPECT_EQ(harvest->lot_code, "H1");
  EXPECT_EQ(harvest->quantity, 100);
  EXPECT_EQ(harvest->unit, "KGM");
  EXPECT_EQ(harvest->date, CivilDate::Parse("2026-10-01"));
  EXPECT_EQ(harvest->product_description, "Mật ong hoa cà phê (52-23764-1-2026)");
  EXPECT_EQ(harvest->reference_number, "ni:///lot-H1");
  const RecallRecord* shipped = Find(d->records, Key("B1"), "shipping");
  ASSERT_NE(shipped, nullptr);
  EXPECT_EQ(shipped->reach, RecallReach::kForward);
  EXPECT_EQ(shipped->location_id, "urn:ocop:party:sieu-thi-a");
  EXPECT_EQ(shipped->quantity, 90);
  EXPECT_EQ(shipped->date, CivilDate::Parse("2026-10-07"));
  EXPECT_EQ(shipped->reference_type, "desadv");
  EXPECT_EQ(shipped->reference_number, "urn:ocop:desadv:DA-1");
  const RecallRecord* made = Find(d->records, Key("B1"), "transformation");
  ASSERT_NE(made, nullptr);
  EXPECT_EQ(made->location_id, "urn:ocop:site:PH-1");
  EXPECT_EQ(made->reference_type, "epcis_event");
  const RecallRecord* same_area = Find(d->records, Key("H2"), "shipping");
  ASSERT_NE(same_area, nullptr);
  EXPECT_EQ(same_area->reach, RecallReach::kSameArea);

  ASSERT_EQ(d->destinations.size(), 2u);
  EXPECT_EQ(d->destinations[0].location_id, "urn:ocop:party:cho-b");
  EXPECT_EQ(d->destinations[1].location_id, "urn:ocop:party:sieu-thi-a");
  EXPECT_FALSE(d->destinations[0].token.empty());  // the officer hands the link on
  EXPECT_TRUE(d->may_manage);

  EXPECT_EQ(LotOf(h1_)->status, LotStatus::kRecalled);
  EXPECT_EQ(LotOf(h2_)->status, LotStatus::kRecalled);
  EXPECT_EQ(LotOf(h3_)->status, LotStatus::kActive);
  EXPECT_EQ(LotOf(h4_)->status, LotStatus::kActive);

  // The recall event names every affected lot class and cites the recall.
  auto events = RecalledEvents();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].event.event_id, rc->event_id);
  EXPECT_EQ(events[0].event.biz_step, "holding");
  EXPECT_NE(events[0].event.json.find(LotId("H2")), std::string::npos);
  EXPECT_NE(events[0].event.json.find("urn:ocop:recall:TH-2026-000001"), std::string::npos);
  auto for_b1 = epcis_->EventsForId(LotId("B1"), 10);
  ASSERT_TRUE(for_b1);
  EXPECT_TRUE(std::any_of(for_b1->begin(), for_b1->end(),
                          [](const StoredEvent& e) { return e.event.disposition == "recalled"; }));

  // The producer is told, in its inbox and by mail.
  auto notices = recalls_->Notices(producer_);
  ASSERT_TRUE(notices);
  ASSERT_EQ(notices->size(), 1u);
  EXPECT_EQ((*notices)[0].recall_number, "TH-2026-000001");
  auto seen = recalls_->Get(producer_, rc->id);
  ASSERT_TRUE(seen) << seen.error().ToString();
  EXPECT_FALSE(seen->may_manage);
  EXPECT_TRUE(seen->destinations[0].token.empty());
  std::vector<OutboxMail> mails;
  ASSERT_TRUE(store_
                  ->Read([&](Repositories& r) -> Status {
                    OCOP_ASSIGN_OR_RETURN(mails, r.notifications().Unsent(10, 5));
                    return Status::Ok();
                  })
                  .ok());
  ASSERT_EQ(mails.size(), 1u);
  EXPECT_EQ(mails[0].to_address, "htx@example.com");
  EXPECT_NE(mails[0].subject.find("TH-2026-000001"), std::string::npos);
}

TEST_F(RecallTest, TheAreaRuleCanBeNarrowedOrTurnedOff) {
  CaptureChain();
  auto q = Request({std::to_string(h1_)});
  q.rule.window_days = 3;  // H2 was harvested 4 days after H1's window
  auto narrow = recalls_->Open(officer_, q);
  ASSERT_TRUE(narrow) << narrow.error().ToString();
  EXPECT_EQ(KeysOf(recalls_->Get(officer_, narrow->id)->records),
            (std::set<std::string>{Key("H1"), Key("B1")}));
  EXPECT_EQ(LotOf(h2_)->status, LotStatus::kActive);

  q = Request({std::to_string(h3_)});
  q.rule.enabled = false;
  auto off = recalls_->Open(officer_, q);
  ASSERT_TRUE(off) << off.error().ToString();
  EXPECT_EQ(KeysOf(recalls_->Get(officer_, off->id)->records), std::set<std::string>{Key("H3")});
  EXPECT_EQ(recalls_->Get(officer_, off->id)->destinations.size(), 1u);
}

TEST_F(RecallTest, AProposalIsStoredOnceAndOpenedByAnOfficer) {
  CaptureChain();
  RecallProposal p{h1_, "failed_test", "KN-2026-0042", testing::kNow * 1000};
  for (int i = 0; i < 2; ++i) {
    Status s = store_->Transact([&](Repositories& r) { return ProposeRecall(r, p); });
    ASSERT_TRUE(s.ok()) << s.ToString();
  }
  EXPECT_EQ(CountRecalls(), 1);
  Status bad = store_->Transact([&](Repositories& r) {
    return ProposeRecall(r, {h1_, "rumour", "", testing::kNow * 1000});
  });
  EXPECT_EQ(bad.code(), Code::kInvalidArgument);

  auto listed = recalls_->List(officer_, RecallStatus::kProposed);
  ASSERT_TRUE(listed);
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ((*listed)[0].reference, "KN-2026-0042");
  EXPECT_TRUE(recalls_->List(producer_)->empty());  // proposals are the officers'
  EXPECT_EQ(recalls_->Get(producer_, (*listed)[0].id).error().code(), Code::kNotFound);
  EXPECT_EQ(recalls_->List(other_officer_)->size(), 0u);

  OpenRecallRequest q;
  q.rule.enabled = false;
  auto opened = recalls_->OpenProposal(officer_, (*listed)[0].id, q);
  ASSERT_TRUE(opened) << opened.error().ToString();
  EXPECT_EQ(opened->status, RecallStatus::kOpen);
  EXPECT_EQ(opened->number, (*listed)[0].number);
  EXPECT_EQ(opened->reference, "KN-2026-0042");
  EXPECT_EQ(LotOf(h1_)->status, LotStatus::kRecalled);
  EXPECT_EQ(recalls_->OpenProposal(officer_, opened->id, q).error().code(),
            Code::kFailedPrecondition);
}

TEST_F(RecallTest, RefusalsLeaveNothingBehind) {
  CaptureChain();
  const std::int64_t events = *epcis_->CountEvents();
  auto unknown = recalls_->Open(
      officer_,
      Request({std::to_string(h1_), "https://id.gs1.org/01/" + std::string(kGtin) + "/10/NOPE"}));
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code(), Code::kInvalidArgument);
  ASSERT_EQ(unknown.error().fields().size(), 1u);
  EXPECT_EQ(unknown.error().fields()[0].field, "lots[1]");

  auto q = Request({std::to_string(h1_)});
  q.reason = "gossip";
  q.reason_text = "";
  q.rule.window_days = 91;
  auto bad = recalls_->Open(officer_, q);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().fields().size(), 3u);

  // Another province's officer, and the producer of nothing here.
  EXPECT_EQ(recalls_->Open(other_officer_, Request({std::to_string(h1_)})).error().code(),
            Code::kPermissionDenied);
  Principal lab{1, "lab", Role::kLaboratory, "", "", 0};
  EXPECT_EQ(recalls_->Open(lab, Request({std::to_string(h1_)})).error().code(),
            Code::kPermissionDenied);

  EXPECT_EQ(CountRecalls(), 0);
  EXPECT_EQ(*epcis_->CountEvents(), events);
  EXPECT_EQ(LotOf(h1_)->status, LotStatus::kActive);
  EXPECT_EQ(LotOf(h2_)->status, LotStatus::kActive);
}

TEST_F(RecallTest, AProducerMayRecallItsOwnLotsVoluntarily) {
  CaptureChain();
  auto q = Request({std::to_string(h4_)});
  q.reason = "complaint";
  auto rc = recalls_->Open(producer_, q);
  ASSERT_TRUE(rc) << rc.error().ToString();
  EXPECT_TRUE(rc->voluntary);
  auto d = recalls_->Get(producer_, rc->id);
  ASSERT_TRUE(d);
  ASSERT_EQ(d->destinations.size(), 1u);
  // It may not confirm for the market, nor close over it unconfirmed.
  EXPECT_EQ(recalls_->Confirm(producer_, rc->id, d->destinations[0].id, "").code(),
            Code::kPermissionDenied);
  auto early = recalls_->Close(producer_, rc->id, "Đã thu hồi", "Chợ đã đóng cửa");
  EXPECT_EQ(early.error().code(), Code::kFailedPrecondition);
  // The market confirms through its link; then the producer closes.
  ASSERT_TRUE(store_
                  ->Read([&](Repositories& r) -> Status {
                    OCOP_ASSIGN_OR_RETURN(auto all, r.recalls().ListDestinations(rc->id));
                    token_ = all[0].token;
                    return Status::Ok();
                  })
                  .ok());
  auto confirmed = recalls_->ConfirmByToken(token_, "Đã gỡ khỏi quầy 12 hộp");
  ASSERT_TRUE(confirmed) << confirmed.error().ToString();
  EXPECT_TRUE(confirmed->confirmed_now);
  EXPECT_EQ(confirmed->recall_number, rc->number);
  EXPECT_FALSE(recalls_->ConfirmByToken(token_, "")->confirmed_now);  // once
  auto closed = recalls_->Close(producer_, rc->id, "Đã thu hồi toàn bộ", "");
  ASSERT_TRUE(closed) << closed.error().ToString();
  EXPECT_EQ(closed->status, RecallStatus::kClosed);
  EXPECT_TRUE(closed->close_justification.empty());
  EXPECT_EQ(recalls_->ConfirmByToken(token_, "").error().code(), Code::kFailedPrecondition);
  EXPECT_EQ(recalls_->ConfirmByToken("no-such-token", "").error().code(), Code::kNotFound);
}

TEST_F(RecallTest, AnOfficerClosesOverUnconfirmedDestinationsOnlyWithAJustification) {
  CaptureChain();
  auto rc = recalls_->Open(officer_, Request({std::to_string(h1_)}));
  ASSERT_TRUE(rc) << rc.error().ToString();
  auto d = recalls_->Get(officer_, rc->id);
  ASSERT_TRUE(recalls_->Confirm(officer_, rc->id, d->destinations[0].id, "Gọi điện xác nhận").ok());
  EXPECT_EQ(recalls_->Confirm(officer_, rc->id, 999999, "").code(), Code::kNotFound);
  EXPECT_EQ(recalls_->Get(officer_, rc->id)->confirmed, 1u);

  auto refused = recalls_->Close(officer_, rc->id, "Báo cáo", "");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code(), Code::kFailedPrecondition);
  EXPECT_EQ(refused.error().fields()[0].field, "justification");
  EXPECT_EQ(recalls_->Close(officer_, rc->id, "", "x").error().code(), Code::kInvalidArgument);
  EXPECT_EQ(recalls_->Get(officer_, rc->id)->recall.status, RecallStatus::kOpen);

  // The resolver shows the recall on the lot's page, and closure changes its stamp.
  Resolver resolver(*store_, clock_);
  ItemKey key{kGtin, "", "", "H1", ""};
  auto view = resolver.Resolve(key, kBase);
  ASSERT_TRUE(view) << view.error().ToString();
  ASSERT_EQ(view->recalls.size(), 1u);
  EXPECT_EQ(view->recalls[0].number, rc->number);
  EXPECT_EQ(view->recalls[0].status, RecallStatus::kOpen);
  auto product_view = resolver.Resolve({kGtin, "", "", "", ""}, kBase);
  ASSERT_TRUE(product_view);
  ASSERT_EQ(product_view->recalls.size(), 1u);
  // B1, blended from H1, is a lot of the same product.
  EXPECT_EQ(product_view->recalls[0].lot_codes, (std::vector<std::string>{"B1", "H1", "H2"}));
  auto other_lot = resolver.Resolve({kGtin, "", "", "H4", ""}, kBase);
  EXPECT_TRUE(other_lot->recalls.empty());

  auto closed = recalls_->Close(officer_, rc->id, "Đã thu hồi 170 kg", "Siêu thị không phản hồi");
  ASSERT_TRUE(closed) << closed.error().ToString();
  EXPECT_EQ(closed->close_justification, "Siêu thị không phản hồi");
  auto stamp = resolver.Stamp(view->product.id, view->event_keys);
  ASSERT_TRUE(stamp);
  EXPECT_NE(*stamp, view->stamp);
  auto after = resolver.Resolve(key, kBase);
  EXPECT_EQ(after->recalls[0].status, RecallStatus::kClosed);
  EXPECT_EQ(recalls_->Close(officer_, rc->id, "again", "x").error().code(),
            Code::kFailedPrecondition);
}

TEST(RecallEventsTest, TheDocumentValidatesAndNamesEachObjectOnce) {
  std::vector<RecalledObject> objects = {{LotId("A1"), true, 12.5, "KGM"},
                                         {LotId("A1"), true, 12.5, "KGM"},
                                         {"urn:epc:id:sscc:8934567.0000000001", false, 0, ""},
                                         {LotId("B2"), true, 0, ""}};
  const std::string doc = RecallEventDocument("TH-2026-000007", objects, 1795316400000, 2);
  auto parsed = gs1::epcis::ParseDocument(doc);
  ASSERT_TRUE(parsed) << parsed.error().ToString() << doc;
  ASSERT_TRUE(parsed->errors.empty()) << parsed->errors[0].field << " " << doc;
  ASSERT_EQ(parsed->events.size(), 2u);  // three objects, two per event
  EXPECT_EQ(parsed->events[0].disposition, "recalled");
  EXPECT_EQ(parsed->events[0].action, "OBSERVE");
  EXPECT_EQ(parsed->events[0].classes.size(), 1u);
  EXPECT_EQ(parsed->events[0].epcs.size(), 1u);
  EXPECT_EQ(parsed->events[1].classes.size(), 1u);
  ASSERT_EQ(parsed->events[0].biz_transactions.size(), 1u);
  EXPECT_EQ(parsed->events[0].biz_transactions[0].id, "urn:ocop:recall:TH-2026-000007");
}

}  // namespace
}  // namespace ocop::domain
