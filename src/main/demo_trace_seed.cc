#include "main/demo_trace_seed.h"

#include <string>
#include <vector>

#include "core/text.h"
#include "domain/catalog/resolver.h"

namespace ocop::app {
namespace {

// "YYYY-MM-DDThh:00:00+07:00", `days` before today in Vietnam.
std::string EventTime(const CivilDate& today, int days, int hour) {
  char hh[8];
  std::snprintf(hh, sizeof hh, "%02d", hour);
  return today.AddDays(-days).ToIso() + "T" + hh + ":00:00+07:00";
}

// One ObjectEvent about `quantity` units of the lot `lot_id`, as a single
// EPCIS 2.0 JSON-LD event (POST /epcis/events).
std::string ObjectEvent(const std::string& lot_id, const std::string& time, const char* action,
                        const char* biz_step, const char* disposition, int quantity,
                        const std::string& ilmd) {
  std::string e =
      "{\"@context\":[\"https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld\"],"
      "\"type\":\"ObjectEvent\",\"eventTime\":\"" +
      time + "\",\"eventTimeZoneOffset\":\"+07:00\",\"action\":\"" + action + "\",\"bizStep\":\"" +
      biz_step + "\",\"disposition\":\"" + disposition + "\",\"quantityList\":[{\"epcClass\":\"" +
      lot_id + "\",\"quantity\":" + std::to_string(quantity) + ",\"uom\":\"H87\"}]";
  if (!ilmd.empty()) e += ",\"ilmd\":{" + ilmd + "}";
  return e + "}";
}

Status Capture(Application& app, const domain::Principal& who, std::string event) {
  auto id = app.epcis().CaptureEvent(who, std::move(event));
  if (!id) {
    Status s = id.error();
    return s.WithDetail("demo EPCIS event: " + s.ToString());
  }
  return Status::Ok();
}

}  // namespace

Result<domain::Product> DemoProductNamed(Application& app, const std::string& name) {
  domain::ProductFilter f;
  f.name_folded = text::FoldForSearch(name);
  f.limit = 10;
  OCOP_ASSIGN_OR_RETURN(auto page, app.registry().ListProducts(f));
  for (auto& p : page.items) {
    if (p.fields.name == name) return p;
  }
  return Err(NotFound("error.not_found").WithDetail("demo product " + name));
}

std::string DemoGtinLot(int year) { return "MO-" + std::to_string(year) + "-01"; }
std::string DemoPlatformLot(int year) { return "MD-" + std::to_string(year) + "-02"; }

Status SeedTraceabilityDemo(Application& app, const std::map<std::string, domain::User>& accounts) {
  const domain::Principal producer = accounts.at("chuthe").ToPrincipal();
  const CivilDate today = CivilDate::FromUnixInVietnam(app.clock().NowUnixSeconds());
  const std::string& base = app.certification().settings().public_base_url;

  // Coffee-blossom honey, with a GTIN: harvested, bottled, shipped.
  OCOP_ASSIGN_OR_RETURN(domain::Product honey, DemoProductNamed(app, kDemoGtinProduct));
  domain::ItemKey key;
  key.gtin = std::string(14 - honey.fields.gtin.size(), '0') + honey.fields.gtin;
  key.lot = DemoGtinLot(today.year);
  const std::string honey_lot = domain::Resolver::LotIdOf(key, base);
  const std::string honey_ilmd = "\"cbvmda:harvestStartDate\":\"" + today.AddDays(-30).ToIso() +
                                 "\",\"cbvmda:harvestEndDate\":\"" + today.AddDays(-26).ToIso() +
                                 "\",\"cbvmda:bestBeforeDate\":\"" +
                                 today.AddDays(-20).AddMonths(24).ToIso() + "\"";
  OCOP_RETURN_IF_ERROR(Capture(app, producer,
                               ObjectEvent(honey_lot, EventTime(today, 20, 8), "ADD",
                                           "commissioning", "active", 480, honey_ilmd)));
  OCOP_RETURN_IF_ERROR(Capture(app, producer,
                               ObjectEvent(honey_lot, EventTime(today, 19, 14), "OBSERVE",
                                           "inspecting", "conformant", 480, "")));
  OCOP_RETURN_IF_ERROR(Capture(app, producer,
                               ObjectEvent(honey_lot, EventTime(today, 12, 9), "OBSERVE",
                                           "shipping", "in_transit", 240, "")));

  // Cashew-blossom honey has no GTIN: its lot is named by the platform's URL.
  OCOP_ASSIGN_OR_RETURN(domain::Product cashew, DemoProductNamed(app, kDemoPlatformProduct));
  domain::ItemKey platform;
  platform.product_code = cashew.code;
  platform.lot = DemoPlatformLot(today.year);
  const std::string cashew_lot = domain::Resolver::LotIdOf(platform, base);
  const std::string cashew_ilmd = "\"cbvmda:harvestStartDate\":\"" + today.AddDays(-15).ToIso() +
                                  "\",\"cbvmda:bestBeforeDate\":\"" +
                                  today.AddDays(-10).AddMonths(18).ToIso() + "\"";
  OCOP_RETURN_IF_ERROR(Capture(app, producer,
                               ObjectEvent(cashew_lot, EventTime(today, 10, 8), "ADD",
                                           "commissioning", "active", 200, cashew_ilmd)));
  OCOP_RETURN_IF_ERROR(Capture(app, producer,
                               ObjectEvent(cashew_lot, EventTime(today, 3, 10), "OBSERVE",
                                           "shipping", "in_transit", 120, "")));
  return Status::Ok();
}

}  // namespace ocop::app
