// The recall repository on every engine: a recall with its lots reads back
// exactly and gets its number from its id; a proposal is stored once per lot
// and reference; updates check the version; records (more than one INSERT
// statement's worth), destinations and notices round-trip; a destination is
// confirmed once; a lot's and a product's recalls; stored events' references
// in batches; and the page stamp moves when a recall naming the product opens
// or closes.
#include <gtest/gtest.h>

#include "storage/sql/sql_repositories.h"
#include "storage_contract/engine_fixture.h"
#include "storage_contract/traceability_rows.h"

namespace ocop::storage {
namespace {

using contract::EngineName;
using domain::Recall;
using domain::RecallDestination;
using domain::RecallRecord;
using domain::RecallStatus;
using domain::Repositories;

constexpr std::int64_t kAt = 1795316400000;  // 2026-11-22T03:00:00Z

class RecallContractTest : public contract::EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    if (HasFatalFailure()) return;
    Status s = store_->Transact([&](Repositories& r) -> Status {
      OCOP_ASSIGN_OR_RETURN(
          producer_id_,
          contract::InsertProducer(r, "52", "23764", "Hợp tác xã Mật ong Ia Grai", "5907144323"));
      OCOP_ASSIGN_OR_RETURN(product_id_,
                            contract::InsertProduct(r, producer_id_, "52-23764-1-2026",
                                                    "Mật ong hoa cà phê", "52", "23764"));
      OCOP_ASSIGN_OR_RETURN(
          user_id_, contract::InsertUser(r, "tinh.52", domain::Role::kProvincialOfficer, "52"));
      for (const char* code : {"L-1", "L-2"}) {
        OCOP_ASSIGN_OR_RETURN(std::int64_t id, contract::InsertLot(r, product_id_, code));
        lots_.push_back(id);
      }
      return Status::Ok();
    });
    ASSERT_TRUE(s.ok()) << s.ToString();
  }

  Recall Opened() const {
    Recall rc;
    rc.status = RecallStatus::kOpen;
    rc.reason = domain::RecallReason::kComplaint;
    rc.reason_text = "Khiếu nại: hộp phồng; \"nắp\" hở\nxem ảnh";
    rc.reference = "KN-2026-7";
    rc.voluntary = true;
    rc.rule = {false, 3};
    rc.lot_ids = {lots_[1], lots_[0]};
    rc.province_code = "52";
    rc.producer_id = producer_id_;
    rc.opened_at_ms = kAt;
    rc.opened_by = user_id_;
    rc.event_id = "ni:///recall";
    return rc;
  }

  std::int64_t producer_id_ = 0, product_id_ = 0, user_id_ = 0;
  std::vector<std::int64_t> lots_;
};

TEST_P(RecallContractTest, ARecallReadsBackExactlyWithItsNumber) {
  std::int64_t id = 0;
  ASSERT_TRUE(store_
                  ->Transact([&](Repositories& r) -> Status {
                    OCOP_ASSIGN_OR_RETURN(id, r.recalls().Insert(Opened()));
                    return Status::Ok();
                  })
                  .ok());
  auto got = ReadValue<std::optional<Recall>>([&](Repositories& r) { return r.recalls().Get(id); });
  ASSERT_TRUE(got);
  const Recall want = Opened();
  EXPECT_EQ(got->number,
            "TH-2026-" + std::string(6 - std::to_string(id).size(), '0') + std::to_string(id));
  EXPECT_EQ(got->status, RecallStatus::kOpen);
  EXPECT_EQ(got->reason, want.reason);
  EXPECT_EQ(got->reason_text, want.reason_text);
  EXPECT_EQ(got->reference, want.reference);
  EXPECT_TRUE(got->voluntary);
  EXPECT_FALSE(got->rule.enabled);
  EXPECT_EQ(got->rule.window_days, 3);
  EXPECT_EQ(got->lot_ids, want.lot_ids);  // in the order named
  EXPECT_EQ(got->province_code, "52");
  EXPECT_EQ(got->producer_id, producer_id_);
  EXPECT_EQ(got->opened_at_ms, kAt);
  EXPECT_EQ(got->opened_by, user_id_);
  EXPECT_EQ(got->closed_by, 0);
  EXPECT_EQ(got->event_id, "ni:///recall");
  EXPECT_EQ(got->version, 1);
  auto by_number = ReadValue<std::optional<Recall>>(
      [&](Repositories& r) { return r.recalls().FindByNumber(got->number); });
  ASSERT_TRUE(by_number);
  EXPECT_EQ(by_number->id, id);

  // A stale version is refused; the right one bumps it.
  Recall closed = *got;
  closed.status = RecallStatus::kClosed;
  closed.closed_at_ms = kAt + 1000;
  closed.closed_by = user_id_;
  closed.close_report = "Đã thu hồi";
  closed.version = 7;
  Status stale = store_->Transact([&](Repositories& r) { return r.recalls().Update(closed); });
  EXPECT_EQ(stale.code(), Code::kAborted);
  closed.version = 1;
  ASSERT_TRUE(store_->Transact([&](Repositories& r) { return r.recalls().Update(closed); }).ok());
  got = ReadValue<std::optional<Recall>>([&](Repositories& r) { return r.recalls().Get(id); });
  EXPECT_EQ(got->status, RecallStatus::kClosed);
  EXPECT_EQ(got->close_report, "Đã thu hồi");
  EXPECT_EQ(got->version, 2);
  closed.id = 99999;
  EXPECT_EQ(store_->Transact([&](Repositories& r) { return r.recalls().Update(closed); }).code(),
            Code::kNotFound);
}

TEST_P(RecallContractTest, AProposalIsStoredOncePerLotAndReference) {
  Recall p;
  p.status = RecallStatus::kProposed;
  p.reference = "KN-1";
  p.lot_ids = {lots_[0]};
  p.province_code = "52";
  p.producer_id = producer_id_;
  p.proposed_at_ms = kAt;
  std::vector<std::int64_t> ids;
  for (int i = 0; i < 2; ++i) {
    ASSERT_TRUE(store_
                    ->Transact([&](Repositories& r) -> Status {
                      OCOP_ASSIGN_OR_RETURN(std::int64_t id, r.recalls().InsertProposal(p));
                      ids.push_back(id);
                      return Status::Ok();
                    })
                    .ok());
  }
  EXPECT_GT(ids[0], 0);
  EXPECT_EQ(ids[1], 0);
  p.reference = "KN-2";
  ASSERT_TRUE(store_
                  ->Transact([&](Repositories& r) -> Status {
                    return r.recalls().InsertProposal(p) ? Status::Ok() : Internal("x");
                  })
                  .ok());
  domain::RecallFilter f;
  f.statuses = {RecallStatus::kProposed};
  f.province_code = "52";
  auto listed =
      ReadValue<std::vector<Recall>>([&](Repositories& r) { return r.recalls().List(f); });
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[0].reference, "KN-2");  // newest first
  f.statuses = {RecallStatus::kOpen};
  EXPECT_TRUE(
      ReadValue<std::vector<Recall>>([&](Repositories& r) { return r.recalls().List(f); }).empty());
  f = {};
  f.province_code = "01";
  EXPECT_TRUE(
      ReadValue<std::vector<Recall>>([&](Repositories& r) { return r.recalls().List(f); }).empty());
}

TEST_P(RecallContractTest, RecordsDestinationsAndNoticesRoundTrip) {
  std::int64_t id = 0;
  std::vector<RecallRecord> records;
  for (int i = 0; i < 450; ++i) {  // three INSERT statements
    RecallRecord rec;
    rec.lot_key =
        i % 2 ? "https://ocop.example.vn/p/52-23764-1-2026/l/L-2" : "k" + std::to_string(i);
    rec.lot_code = i % 2 ? "L-2" : "";
    rec.lot_id = i % 2 ? lots_[1] : 0;
    rec.product_id = i % 2 ? product_id_ : 0;
    rec.product_description = "Mật ong hoa cà phê";
    rec.quantity = 12.345 + i;
    rec.unit = "KGM";
    rec.location_id = "urn:ocop:party:sieu-thi-" + std::to_string(i % 3);
    rec.location_description = "Siêu thị";
    if (i % 5) rec.date = CivilDate::Parse("2026-10-07");
    rec.event_type = "shipping";
    rec.reference_type = "desadv";
    rec.reference_number = "DA-" + std::to_string(i);
    rec.reach = i % 2 ? domain::RecallReach::kNamed : domain::RecallReach::kSameArea;
    records.push_back(rec);
  }
  std::vector<RecallDestination> dests(2);
  dests[0].location_id = "urn:ocop:party:b";
  dests[0].description = "Chợ B";
  dests[0].token = "tok-b";
  dests[0].notified_at_ms = kAt;
  dests[1].location_id = "urn:ocop:party:a";
  dests[1].description = "Siêu thị A";
  dests[1].token = "tok-a";
  dests[1].notified_at_ms = kAt;
  std::vector<std::int64_t> dest_ids;
  ASSERT_TRUE(store_
                  ->Transact([&](Repositories& r) -> Status {
                    OCOP_ASSIGN_OR_RETURN(id, r.recalls().Insert(Opened()));
                    OCOP_RETURN_IF_ERROR(r.recalls().InsertRecords(id, records));
                    OCOP_ASSIGN_OR_RETURN(dest_ids, r.recalls().InsertDestinations(id, dests));
                    std::vector<domain::RecallNotice> notices = {
                        {0, id, producer_id_, "", kAt, std::nullopt}};
                    return r.recalls().InsertNotices(notices);
                  })
                  .ok());
  auto back = ReadValue<std::vector<RecallRecord>>(
      [&](Repositories& r) { return r.recalls().ListRecords(id); });
  ASSERT_EQ(back.size(), records.size());
  for (std::size_t i = 0; i < back.size(); ++i) {
    EXPECT_EQ(back[i].lot_key, records[i].lot_key) << i;
    EXPECT_EQ(back[i].lot_id, records[i].lot_id);
    EXPECT_DOUBLE_EQ(back[i].quantity, records[i].quantity);
    EXPECT_EQ(back[i].date, records[i].date);
    EXPECT_EQ(back[i].reference_number, records[i].reference_number);
    EXPECT_EQ(back[i].reach, records[i].reach);
    EXPECT_EQ(back[i].location_description, "Siêu thị");
  }
  ASSERT_EQ(dest_ids.size(), 2u);
  auto listed = ReadValue<std::vector<RecallDestination>>(
      [&](Repositories& r) { return r.recalls().ListDestinations(id); });
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[0].location_id, "urn:ocop:party:a");  // by location id
  EXPECT_EQ(listed[0].id, dest_ids[1]);
  EXPECT_EQ(listed[0].token, "tok-a");
  EXPECT_FALSE(listed[0].confirmed_at_ms);

  auto found = ReadValue<std::optional<std::pair<std::int64_t, std::int64_t>>>(
      [&](Repositories& r) { return r.recalls().FindDestinationByToken("tok-b"); });
  ASSERT_TRUE(found);
  EXPECT_EQ(found->first, id);
  EXPECT_EQ(found->second, dest_ids[0]);
  std::vector<bool> confirmed;
  for (int i = 0; i < 2; ++i) {
    ASSERT_TRUE(store_
                    ->Transact([&](Repositories& r) -> Status {
                      OCOP_ASSIGN_OR_RETURN(bool c, r.recalls().ConfirmDestination(
                                                        id, dest_ids[0], kAt + i, user_id_, "ok"));
                      confirmed.push_back(c);
                      return Status::Ok();
                    })
                    .ok());
  }
  EXPECT_EQ(confirmed, (std::vector<bool>{true, false}));
  listed = ReadValue<std::vector<RecallDestination>>(
      [&](Repositories& r) { return r.recalls().ListDestinations(id); });
  EXPECT_EQ(listed[1].confirmed_at_ms, kAt);
  EXPECT_EQ(listed[1].confirmed_by, user_id_);
  EXPECT_EQ(listed[1].confirmation_note, "ok");
  Status wrong = store_->Transact([&](Repositories& r) -> Status {
    auto c = r.recalls().ConfirmDestination(id + 1, dest_ids[0], kAt, 0, "");
    return c ? Status::Ok() : c.error();
  });
  EXPECT_EQ(wrong.code(), Code::kNotFound);

  auto notices = ReadValue<std::vector<domain::RecallNotice>>(
      [&](Repositories& r) { return r.recalls().NoticesFor(producer_id_, 10); });
  ASSERT_EQ(notices.size(), 1u);
  EXPECT_EQ(notices[0].recall_id, id);
  EXPECT_FALSE(notices[0].recall_number.empty());

  auto of_key = ReadValue<std::vector<domain::LotRecallMark>>([&](Repositories& r) {
    return r.recalls().RecallsOfKey("https://ocop.example.vn/p/52-23764-1-2026/l/L-2");
  });
  ASSERT_EQ(of_key.size(), 1u);
  EXPECT_EQ(of_key[0].status, RecallStatus::kOpen);
  EXPECT_TRUE(ReadValue<std::vector<domain::LotRecallMark>>([&](Repositories& r) {
                return r.recalls().RecallsOfKey("https://ocop.example.vn/p/52-23764-1-2026/l/L-1");
              }).empty());
  auto of_product = ReadValue<std::vector<domain::LotRecallMark>>(
      [&](Repositories& r) { return r.recalls().RecallsOfProduct(product_id_); });
  ASSERT_EQ(of_product.size(), 1u);
  EXPECT_EQ(of_product[0].lot_codes, std::vector<std::string>{"L-2"});
}

TEST_P(RecallContractTest, ThePageStampMovesWhenARecallOpensAndCloses) {
  const std::vector<std::string> keys = {"https://ocop.example.vn/p/52-23764-1-2026/l/L-1"};
  auto stamp = [&] {
    return ReadValue<std::string>(
        [&](Repositories& r) { return r.products().PageStamp(product_id_, keys); });
  };
  const std::string before = stamp();
  ASSERT_FALSE(before.empty());
  Recall rc = Opened();
  ASSERT_TRUE(store_
                  ->Transact([&](Repositories& r) -> Status {
                    OCOP_ASSIGN_OR_RETURN(rc.id, r.recalls().Insert(rc));
                    RecallRecord rec;
                    rec.lot_key = keys[0];
                    rec.product_id = product_id_;
                    std::vector<RecallRecord> one = {rec};
                    return r.recalls().InsertRecords(rc.id, one);
                  })
                  .ok());
  const std::string opened = stamp();
  EXPECT_NE(opened, before);
  rc.status = RecallStatus::kClosed;
  rc.version = 1;
  ASSERT_TRUE(store_->Transact([&](Repositories& r) { return r.recalls().Update(rc); }).ok());
  EXPECT_NE(stamp(), opened);
}

TEST_P(RecallContractTest, EventReferencesComeInBatches) {
  std::vector<gs1::epcis::Event> events;
  for (int i = 0; i < 600; ++i) {
    gs1::epcis::Event e;
    e.event_id = "urn:uuid:ev-" + std::to_string(i);
    e.type = gs1::epcis::EventType::kObject;
    e.action = "OBSERVE";
    e.event_time_ms = kAt + i;
    e.json = R"({"type":"ObjectEvent","n":)" + std::to_string(i) + "}";
    events.push_back(e);
  }
  std::int64_t first = 0;
  ASSERT_TRUE(store_
                  ->Transact([&](Repositories& r) -> Status {
                    OCOP_RETURN_IF_ERROR(r.epcis().LockForCapture());
                    OCOP_ASSIGN_OR_RETURN(std::int64_t ctx,
                                          r.epcis().PutContext("d1", R"(["https://x"])"));
                    OCOP_ASSIGN_OR_RETURN(first, r.epcis().InsertEvents(events, kAt, "job", ctx));
                    return Status::Ok();
                  })
                  .ok());
  std::vector<std::int64_t> seqs;
  for (int i = 0; i < 600; ++i) seqs.push_back(first + i);
  seqs.push_back(first + 10000);  // unknown: left out
  auto refs = ReadValue<std::vector<domain::EventReference>>(
      [&](Repositories& r) { return r.recalls().EventReferences(seqs); });
  ASSERT_EQ(refs.size(), 600u);
  std::sort(refs.begin(), refs.end(), [](const auto& a, const auto& b) { return a.seq < b.seq; });
  EXPECT_EQ(refs[599].event_id, "urn:uuid:ev-599");
  EXPECT_EQ(refs[599].event_time_ms, kAt + 599);
  EXPECT_EQ(refs[599].json, events[599].json);
  EXPECT_EQ(refs[0].context_json, R"(["https://x"])");
}

INSTANTIATE_TEST_SUITE_P(Engines, RecallContractTest,
                         ::testing::Values("sqlite-file", "sqlite-memory", "postgres"), EngineName);

}  // namespace
}  // namespace ocop::storage
