#include "domain/catalog/resolver.h"

#include <gtest/gtest.h>

#include "domain/traceability/epcis_service.h"
#include "support/domain_fixture.h"

namespace ocop::domain {
namespace {

using testing::DomainTest;

const CivilDate kToday{2026, 11, 22};

std::string Iso(const std::vector<LotDate>& dates, LotDateKind kind) {
  for (const auto& d : dates) {
    if (d.kind == kind) return d.date.ToIso() + (d.until ? "/" + d.until->ToIso() : "");
  }
  return "";
}

TEST(LotDates, ReadTheLinksDateAttributesWithGs1Centuries) {
  auto dates = LotDatesOf({{"17", "261231"},
                           {"11", "260200"},  // day 00: the month's last day
                           {"15", "750101"},  // 49 years ahead: this century
                           {"13", "770101"},  // 51 years ahead: the last one
                           {"7007", "260110260115"},
                           {"16", "261301"},  // month 13: skipped
                           {"10", "LOT"}},
                          kToday);
  EXPECT_EQ(Iso(dates, LotDateKind::kExpiry), "2026-12-31");
  EXPECT_EQ(Iso(dates, LotDateKind::kProduction), "2026-02-28");
  EXPECT_EQ(Iso(dates, LotDateKind::kBestBefore), "2075-01-01");
  EXPECT_EQ(Iso(dates, LotDateKind::kPackaging), "1977-01-01");
  EXPECT_EQ(Iso(dates, LotDateKind::kHarvest), "2026-01-10/2026-01-15");
  EXPECT_EQ(Iso(dates, LotDateKind::kSellBy), "");
  EXPECT_EQ(dates.size(), 5u);
  // The label's date wins over a later one of the same kind.
  AddLotDate(dates, {LotDateKind::kExpiry, CivilDate{2030, 1, 1}, {}});
  EXPECT_EQ(Iso(dates, LotDateKind::kExpiry), "2026-12-31");
}

TEST(ItemAddress, TakesBothFormsApart) {
  auto dl = ParseItemAddress({"01", "08939777100106", "10", "MO/1", "21", "S%1", "label.pdf"},
                             {{"17", "261231"}, {"linkType", "all"}});
  ASSERT_TRUE(dl) << dl.error().ToString();
  EXPECT_EQ(dl->key.gtin, "08939777100106");
  EXPECT_EQ(dl->key.lot, "MO/1");
  EXPECT_EQ(dl->key.serial, "S%1");
  EXPECT_EQ(dl->label, LabelFormat::kPdf);
  ASSERT_EQ(dl->attributes.size(), 1u);
  EXPECT_EQ(dl->attributes[0].ai, "17");
  ASSERT_EQ(dl->other_query.size(), 1u);
  EXPECT_EQ(ItemPath(dl->key), "/01/08939777100106/10/MO%2F1/21/S%251");

  auto p = ParseItemAddress({"p", "52-23764-2-2026", "l", "MD-01"}, {});
  ASSERT_TRUE(p);
  EXPECT_EQ(p->key.product_code, "52-23764-2-2026");
  EXPECT_EQ(p->key.lot, "MD-01");
  EXPECT_EQ(p->label, LabelFormat::kNone);
  EXPECT_EQ(ItemPath(p->key), "/p/52-23764-2-2026/l/MD-01");
}

TEST(ItemAddress, SaysWhyAnAddressIsWrong) {
  auto message = [](const Result<ItemAddress>& r) { return r ? "" : r.error().message().key; };
  auto check = ParseItemAddress({"01", "08939777100107"}, {});
  ASSERT_FALSE(check);
  EXPECT_EQ(check.error().code(), Code::kInvalidArgument);
  EXPECT_NE(message(check).find("check_digit"), std::string::npos) << message(check);
  EXPECT_EQ(message(ParseItemAddress({"01", "08939777100106", "21", "S", "10", "L"}, {})),
            "error.gs1.dl.qualifier_order");
  auto long_lot = ParseItemAddress({"p", "52-23764-2-2026", "l", std::string(21, 'A')}, {});
  ASSERT_FALSE(long_lot);
  EXPECT_EQ(long_lot.error().code(), Code::kInvalidArgument);
  EXPECT_EQ(message(ParseItemAddress({"p", std::string(41, '1')}, {})), "error.resolver.bad_code");
  EXPECT_EQ(message(ParseItemAddress({"414", "9520123456788"}, {})),
            "error.resolver.unsupported_key");
  for (const auto& segments : std::vector<std::vector<std::string>>{
           {"01", "08939777100106", "label.gif"}, {"p", "x", "y"}, {"p"}}) {
    auto r = ParseItemAddress(segments, {});
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code(), Code::kNotFound);
  }
}

class ResolverTest : public DomainTest {
 protected:
  void SetUp() override {
    DomainTest::SetUp();
    auto producer = registry_->CreateProducer(Admin(), HoneyCooperative());
    ASSERT_TRUE(producer) << producer.error().ToString();
    // Stored as the 13 digits of an older import: found by its 14-digit form.
    Status s = store_->Transact([&](Repositories& repos) -> Status {
      Product p;
      p.code = "52-23764-1-2026";
      p.fields = {"Mật ong hoa cà phê", 4, producer->id, "Câu chuyện", "8939777100106"};
      p.province_code = "52";
      p.commune_code = "23764";
      auto id = repos.products().Insert(p);
      return id ? Status::Ok() : id.error();
    });
    ASSERT_TRUE(s.ok()) << s.ToString();
    producer_id_ = producer->id;
  }
  std::int64_t producer_id_ = 0;
};

TEST_F(ResolverTest, FindsAProductByItsPaddedGtinAndItsLotsEvents) {
  EpcisService epcis(*store_, clock_);
  Resolver resolver(*store_, clock_);
  ItemKey key{"08939777100106", "", "", "MO/1", ""};
  const std::string lot_id = Resolver::LotIdOf(key, "https://ocop.example.vn");
  EXPECT_EQ(lot_id, gs1::CanonicalEpc("https://id.gs1.org/01/08939777100106/10/MO%2F1").key);

  auto user = identity_->CreateUser({"chuthe", "producer", "", "", producer_id_, "ocop-demo-2026"});
  ASSERT_TRUE(user) << user.error().ToString();
  const Principal producer = user->ToPrincipal();
  for (const char* time : {"2026-11-02T08:00:00+07:00", "2026-11-01T08:00:00+07:00"}) {
    auto id = epcis.CaptureEvent(
        producer, std::string("{\"@context\":[\"https://ref.gs1.org/standards/epcis/2.0.0/"
                              "epcis-context.jsonld\"],\"type\":\"ObjectEvent\",\"eventTime\":\"") +
                      time +
                      "\",\"eventTimeZoneOffset\":\"+07:00\",\"action\":\"OBSERVE\","
                      "\"bizStep\":\"shipping\",\"quantityList\":[{\"epcClass\":\"" +
                      "https://id.gs1.org/01/08939777100106/10/MO%2F1\",\"quantity\":5}]}");
    ASSERT_TRUE(id) << id.error().ToString();
  }
  auto view = resolver.Resolve(key, "https://ocop.example.vn");
  ASSERT_TRUE(view) << view.error().ToString();
  EXPECT_EQ(view->product.code, "52-23764-1-2026");
  EXPECT_EQ(view->producer.fields.name, HoneyCooperative().name);
  EXPECT_FALSE(view->certificate);
  EXPECT_EQ(view->lot_id, lot_id);
  ASSERT_EQ(view->events.size(), 2u);
  EXPECT_LT(view->events[0].event.event_time_ms, view->events[1].event.event_time_ms);
  // No events for labels, none for another lot.
  EXPECT_TRUE(resolver.Resolve(key, "https://ocop.example.vn", 0)->events.empty());
  key.lot = "MO-2";
  EXPECT_TRUE(resolver.Resolve(key, "https://ocop.example.vn")->events.empty());
  // By product code, the same product.
  EXPECT_EQ(resolver.Resolve({"", "52-23764-1-2026", "", "", ""}, "")->product.fields.gtin,
            "8939777100106");
}

TEST_F(ResolverTest, ItsStampChangesWithEverythingAPageShows) {
  EpcisService epcis(*store_, clock_);
  Resolver resolver(*store_, clock_);
  ItemKey key{"08939777100106", "", "", "MO-3", ""};
  auto view = resolver.Resolve(key, "");
  ASSERT_TRUE(view) << view.error().ToString();
  ASSERT_FALSE(view->stamp.empty());
  ASSERT_EQ(view->event_keys.size(), 1u);
  auto stamp = [&] { return *resolver.Stamp(view->product.id, view->event_keys); };
  EXPECT_EQ(stamp(), view->stamp) << "nothing changed";
  // A new event of the lot; not one of another lot.
  auto user = identity_->CreateUser({"chuthe", "producer", "", "", producer_id_, "ocop-demo-2026"});
  ASSERT_TRUE(user) << user.error().ToString();
  auto capture = [&](const std::string& lot) {
    auto id = epcis.CaptureEvent(
        user->ToPrincipal(),
        "{\"@context\":[\"https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld\"],"
        "\"type\":\"ObjectEvent\",\"eventTime\":\"2026-11-01T08:00:00+07:00\","
        "\"eventTimeZoneOffset\":\"+07:00\",\"action\":\"OBSERVE\",\"quantityList\":[{"
        "\"epcClass\":\"https://id.gs1.org/01/08939777100106/10/" +
            lot + "\",\"quantity\":5}]}");
    ASSERT_TRUE(id) << id.error().ToString();
  };
  capture("MO-4");
  EXPECT_EQ(stamp(), view->stamp) << "another lot's event";
  capture("MO-3");
  const std::string after_event = stamp();
  EXPECT_NE(after_event, view->stamp);
  EXPECT_EQ(resolver.Resolve(key, "")->stamp, after_event);
  // An edit of the product, then of its producer.
  Status s = store_->Transact([&](Repositories& repos) -> Status {
    auto p = repos.products().Get(view->product.id);
    (*p)->fields.description = "Câu chuyện mới";
    return repos.products().Update(**p, (*p)->version) == UpdateOutcome::kUpdated
               ? Status::Ok()
               : Internal("update");
  });
  ASSERT_TRUE(s.ok()) << s.ToString();
  const std::string after_edit = stamp();
  EXPECT_NE(after_edit, after_event);
  s = store_->Transact([&](Repositories& repos) -> Status {
    auto p = repos.producers().Get(producer_id_);
    (*p)->fields.phone = "0932686882";
    return repos.producers().Update(**p, (*p)->version) == UpdateOutcome::kUpdated
               ? Status::Ok()
               : Internal("update");
  });
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_NE(stamp(), after_edit);
  // The next day: the certificate's state and the page's date may differ.
  const std::string before_midnight = stamp();
  clock_.Advance(86400);
  EXPECT_NE(stamp(), before_midnight);
  // Labels (no events read) are not kept.
  EXPECT_TRUE(resolver.Resolve(key, "", 0)->stamp.empty());
}

TEST_F(ResolverTest, SaysWhichProductIsUnknown) {
  Resolver resolver(*store_, clock_);
  auto gtin = resolver.Resolve({"09506000134352", "", "", "", ""}, "");
  ASSERT_FALSE(gtin);
  EXPECT_EQ(gtin.error().code(), Code::kNotFound);
  EXPECT_EQ(gtin.error().message().key, "error.resolver.unknown_gtin");
  auto code = resolver.Resolve({"", "01-00070-9-2026", "", "L", ""}, "");
  ASSERT_FALSE(code);
  EXPECT_EQ(code.error().message().key, "error.resolver.unknown_product");
}

}  // namespace
}  // namespace ocop::domain
