// The lot repository on every engine: a lot reads back exactly (dates, quantity as the same double,
// growing areas in order, no packing house as 0), codes unique per product and keys unique, the
// lists by product, filter, growing area (harvest windows overlapping, inclusive) and packing
// house, newest first, and the status change bumping the version.
#include <gtest/gtest.h>

#include "domain/traceability/lot_repository.h"
#include "storage/sql/sql_repositories.h"
#include "storage_contract/engine_fixture.h"
#include "storage_contract/traceability_rows.h"

namespace ocop::storage {
namespace {

using contract::EngineName;
using domain::Lot;
using domain::LotStatus;
using domain::Repositories;

CivilDate D(const char* iso) { return *CivilDate::Parse(iso); }

class LotContractTest : public contract::EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    if (HasFatalFailure()) return;
    Status s = store_->Transact([&](Repositories& r) -> Status {
      for (const std::string province : {"52", "54"}) {
        const std::string commune = province == "52" ? "23764" : "22015";
        OCOP_ASSIGN_OR_RETURN(std::int64_t producer_id,
                              contract::InsertProducer(r, province, commune, "HTX " + province,
                                                       "59071443" + province));
        producers_.push_back(producer_id);
        OCOP_ASSIGN_OR_RETURN(std::int64_t product_id,
                              contract::InsertProduct(r, producer_id, province + "-23764-1-2026",
                                                      "Mật ong", province, commune));
        products_.push_back(product_id);
      }
      return Status::Ok();
    });
    ASSERT_TRUE(s.ok()) << s.ToString();
  }

  Lot Make(std::int64_t product, const std::string& code) {
    Lot l;
    l.product_id = product;
    l.code = code;
    l.epc_id = "https://ocop.example.vn/p/" + std::to_string(product) + "/l/" + code;
    l.key = l.epc_id;
    l.quantity = 12.345678901;
    l.unit = "KGM";
    l.event_id = "ni:///lot-" + code;
    l.created_at_ms = 1795316400123;
    return l;
  }

  Result<std::int64_t> Insert(const Lot& l) {
    return TransactValue<std::int64_t>([&](Repositories& r) { return r.lots().Insert(l); });
  }

  std::vector<std::int64_t> Ids(const std::vector<Lot>& lots) {
    std::vector<std::int64_t> ids;
    for (const auto& l : lots) ids.push_back(l.id);
    return ids;
  }

  std::vector<std::int64_t> producers_, products_;
};

TEST_P(LotContractTest, ReadsBackWhatWasInserted) {
  Lot l = Make(products_[0], "MO-2026-01");
  l.harvest_from = D("2026-11-01");
  l.harvest_to = D("2026-11-05");
  l.growing_area_ids = {7, 3, 9};
  l.packing_house_id = 11;
  auto id = Insert(l);
  ASSERT_TRUE(id) << id.error().ToString();
  auto got = ReadValue<std::optional<Lot>>([&](Repositories& r) { return r.lots().Get(*id); });
  ASSERT_TRUE(got);
  EXPECT_EQ(got->id, *id);
  EXPECT_EQ(got->product_id, products_[0]);
  EXPECT_EQ(got->code, "MO-2026-01");
  EXPECT_EQ(got->epc_id, l.epc_id);
  EXPECT_EQ(got->key, l.key);
  EXPECT_EQ(got->harvest_from, D("2026-11-01"));
  EXPECT_EQ(got->harvest_to, D("2026-11-05"));
  EXPECT_EQ(got->quantity, 12.345678901);
  EXPECT_EQ(got->unit, "KGM");
  EXPECT_EQ(got->growing_area_ids, (std::vector<std::int64_t>{7, 3, 9}));
  EXPECT_EQ(got->packing_house_id, 11);
  EXPECT_EQ(got->status, LotStatus::kActive);
  EXPECT_EQ(got->event_id, "ni:///lot-MO-2026-01");
  EXPECT_EQ(got->created_at_ms, 1795316400123);
  EXPECT_EQ(got->version, 1);

  Lot bare = Make(products_[0], "MO-2026-02");
  auto bare_id = Insert(bare);
  ASSERT_TRUE(bare_id);
  auto b = ReadValue<std::optional<Lot>>([&](Repositories& r) { return r.lots().Get(*bare_id); });
  ASSERT_TRUE(b);
  EXPECT_FALSE(b->harvest_from);
  EXPECT_FALSE(b->harvest_to);
  EXPECT_TRUE(b->growing_area_ids.empty());
  EXPECT_EQ(b->packing_house_id, 0);

  auto by_key =
      ReadValue<std::optional<Lot>>([&](Repositories& r) { return r.lots().FindByKey(l.key); });
  ASSERT_TRUE(by_key);
  EXPECT_EQ(by_key->id, *id);
  auto by_code = ReadValue<std::optional<Lot>>(
      [&](Repositories& r) { return r.lots().FindByCode(products_[0], "MO-2026-01"); });
  ASSERT_TRUE(by_code);
  EXPECT_EQ(by_code->id, *id);
  EXPECT_FALSE(ReadValue<std::optional<Lot>>(
      [&](Repositories& r) { return r.lots().FindByCode(products_[1], "MO-2026-01"); }));
  EXPECT_FALSE(ReadValue<std::optional<Lot>>([&](Repositories& r) { return r.lots().Get(999); }));
}

TEST_P(LotContractTest, CodeIsUniquePerProductAndKeyUnique) {
  ASSERT_TRUE(Insert(Make(products_[0], "A1")));
  auto again = Insert(Make(products_[0], "A1"));
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code(), Code::kAlreadyExists);
  EXPECT_EQ(again.error().message().key, "error.lot.duplicate");
  Lot same_key = Make(products_[1], "A2");
  same_key.key = Make(products_[0], "A1").key;
  auto taken = Insert(same_key);
  ASSERT_FALSE(taken);
  EXPECT_EQ(taken.error().code(), Code::kAlreadyExists);
  // The same code under another product is another lot.
  EXPECT_TRUE(Insert(Make(products_[1], "A1")));
  // Nothing of the refused inserts stayed.
  auto all = ReadValue<std::vector<Lot>>(
      [&](Repositories& r) { return r.lots().List(domain::LotFilter{}); });
  EXPECT_EQ(all.size(), 2u);
}

TEST_P(LotContractTest, ListsNewestFirstByProductAndFilter) {
  auto a = *Insert(Make(products_[0], "A"));
  auto b = *Insert(Make(products_[1], "B"));
  auto c = *Insert(Make(products_[0], "C"));
  EXPECT_EQ(Ids(ReadValue<std::vector<Lot>>(
                [&](Repositories& r) { return r.lots().ListByProduct(products_[0]); })),
            (std::vector<std::int64_t>{c, a}));
  EXPECT_EQ(Ids(ReadValue<std::vector<Lot>>([&](Repositories& r) {
              return r.lots().ListByProducts({products_[0], products_[1]}, 2);
            })),
            (std::vector<std::int64_t>{c, b}));
  EXPECT_TRUE(ReadValue<std::vector<Lot>>([&](Repositories& r) {
                return r.lots().ListByProducts({}, 10);
              }).empty());
  domain::LotFilter f;
  f.producer_id = producers_[1];
  EXPECT_EQ(Ids(ReadValue<std::vector<Lot>>([&](Repositories& r) { return r.lots().List(f); })),
            (std::vector<std::int64_t>{b}));
  f = {};
  f.province_code = "52";
  EXPECT_EQ(Ids(ReadValue<std::vector<Lot>>([&](Repositories& r) { return r.lots().List(f); })),
            (std::vector<std::int64_t>{c, a}));
  f = {};
  f.commune_code = "22015";
  EXPECT_EQ(Ids(ReadValue<std::vector<Lot>>([&](Repositories& r) { return r.lots().List(f); })),
            (std::vector<std::int64_t>{b}));
  f = {};
  f.limit = 1;
  EXPECT_EQ(Ids(ReadValue<std::vector<Lot>>([&](Repositories& r) { return r.lots().List(f); })),
            (std::vector<std::int64_t>{c}));
}

TEST_P(LotContractTest, GrowingAreaWindowsOverlapInclusively) {
  Lot early = Make(products_[0], "E");
  early.harvest_from = D("2026-10-01");
  early.harvest_to = D("2026-10-10");
  early.growing_area_ids = {5};
  Lot late = Make(products_[0], "L");
  late.harvest_from = D("2026-10-11");
  late.harvest_to = D("2026-10-20");
  late.growing_area_ids = {5, 6};
  Lot undated = Make(products_[0], "U");
  undated.growing_area_ids = {5};
  Lot packed = Make(products_[1], "P");
  packed.packing_house_id = 8;
  auto e = *Insert(early);
  auto l = *Insert(late);
  ASSERT_TRUE(Insert(undated));
  auto p = *Insert(packed);
  auto window = [&](std::int64_t area, const char* from, const char* to) {
    return Ids(ReadValue<std::vector<Lot>>(
        [&](Repositories& r) { return r.lots().ListByGrowingArea(area, D(from), D(to)); }));
  };
  EXPECT_EQ(window(5, "2026-10-10", "2026-10-11"), (std::vector<std::int64_t>{l, e}));
  EXPECT_EQ(window(5, "2026-10-01", "2026-10-01"), (std::vector<std::int64_t>{e}));
  EXPECT_EQ(window(5, "2026-10-21", "2026-12-31"), (std::vector<std::int64_t>{}));
  EXPECT_EQ(window(6, "2026-01-01", "2026-12-31"), (std::vector<std::int64_t>{l}));
  EXPECT_EQ(window(7, "2026-01-01", "2026-12-31"), (std::vector<std::int64_t>{}));
  EXPECT_EQ(Ids(ReadValue<std::vector<Lot>>(
                [&](Repositories& r) { return r.lots().ListByPackingHouse(8); })),
            (std::vector<std::int64_t>{p}));
}

TEST_P(LotContractTest, SetStatusBumpsVersion) {
  auto id = *Insert(Make(products_[0], "S"));
  Status s = store_->Transact([&](Repositories& r) -> Status {
    return r.lots().SetStatus(id, LotStatus::kOnHold, "Dư lượng vượt ngưỡng");
  });
  ASSERT_TRUE(s.ok()) << s.ToString();
  auto got = ReadValue<std::optional<Lot>>([&](Repositories& r) { return r.lots().Get(id); });
  ASSERT_TRUE(got);
  EXPECT_EQ(got->status, LotStatus::kOnHold);
  EXPECT_EQ(got->status_reason, "Dư lượng vượt ngưỡng");
  EXPECT_EQ(got->version, 2);
  Status missing = store_->Transact(
      [&](Repositories& r) -> Status { return r.lots().SetStatus(999, LotStatus::kRecalled, ""); });
  EXPECT_EQ(missing.code(), Code::kNotFound);
}

INSTANTIATE_TEST_SUITE_P(Engines, LotContractTest,
                         ::testing::Values("sqlite-file", "sqlite-memory", "postgres"), EngineName);

}  // namespace
}  // namespace ocop::storage
