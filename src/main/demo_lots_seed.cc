#include "main/demo_lots_seed.h"

#include <optional>
#include <vector>

#include "domain/traceability/lot_service.h"
#include "domain/traceability/site_repository.h"
#include "main/demo_sites_seed.h"
#include "main/demo_trace_seed.h"

namespace ocop::app {
namespace {

// The code when the sites seed registered it, else "".
Result<std::string> SiteIfThere(Application& app, const char* code) {
  std::optional<domain::Site> site;
  OCOP_RETURN_IF_ERROR(app.store().Read([&](domain::Repositories& r) -> Status {
    OCOP_ASSIGN_OR_RETURN(site, r.sites().FindByCode(code));
    return Status::Ok();
  }));
  return site ? std::string(code) : std::string();
}

Status Detail(const Status& s, const std::string& what) {
  Status out = s;
  return out.WithDetail("demo lot " + what + ": " + s.ToString());
}

}  // namespace

std::string DemoAreaLot(int year) { return "MO-" + std::to_string(year) + "-03"; }
std::string DemoCashewAreaLot(int year) { return "MD-" + std::to_string(year) + "-04"; }
std::string DemoBlendLot(int year) { return "MT-" + std::to_string(year) + "-05"; }

Status SeedLotsDemo(Application& app, const std::map<std::string, domain::User>& accounts) {
  const domain::Principal producer = accounts.at("chuthe").ToPrincipal();
  const CivilDate today = CivilDate::FromUnixInVietnam(app.clock().NowUnixSeconds());
  OCOP_ASSIGN_OR_RETURN(domain::Product coffee, DemoProductNamed(app, kDemoGtinProduct));
  OCOP_ASSIGN_OR_RETURN(domain::Product cashew, DemoProductNamed(app, kDemoPlatformProduct));
  OCOP_ASSIGN_OR_RETURN(std::string coffee_area, SiteIfThere(app, kDemoCoffeeArea));
  OCOP_ASSIGN_OR_RETURN(std::string cashew_area, SiteIfThere(app, kDemoCashewArea));
  OCOP_ASSIGN_OR_RETURN(std::string house, SiteIfThere(app, kDemoPackingHouse));
  auto& lots = app.lots();

  domain::LotInput a;
  a.product_id = std::to_string(coffee.id);
  a.code = DemoAreaLot(today.year);
  a.harvest_from = today.AddDays(-40).ToIso();
  a.harvest_to = today.AddDays(-37).ToIso();
  a.quantity = "300";
  a.unit = "KGM";
  if (!coffee_area.empty()) a.growing_areas = {coffee_area};
  a.packing_house = house;
  auto coffee_lot = lots.Record(producer, a);
  if (!coffee_lot) return Detail(coffee_lot.error(), a.code);

  domain::LotInput b;
  b.product_id = std::to_string(cashew.id);
  b.code = DemoCashewAreaLot(today.year);
  b.harvest_from = today.AddDays(-25).ToIso();
  b.harvest_to = today.AddDays(-24).ToIso();
  b.quantity = "150";
  b.unit = "KGM";
  if (!cashew_area.empty()) b.growing_areas = {cashew_area};
  b.packing_house = house;
  auto cashew_lot = lots.Record(producer, b);
  if (!cashew_lot) return Detail(cashew_lot.error(), b.code);

  // Part of each blended into a two-blossom honey, sold under the coffee-blossom product.
  domain::TransformationInput blend;
  blend.inputs = {{std::to_string(coffee_lot->id), "120"}, {std::to_string(cashew_lot->id), "80"}};
  domain::LotInput out;
  out.product_id = std::to_string(coffee.id);
  out.code = DemoBlendLot(today.year);
  out.quantity = "200";
  out.unit = "KGM";
  blend.outputs = {out};
  blend.packing_house = house;
  auto blended = lots.Transform(producer, blend);
  if (!blended) return Detail(blended.error(), out.code);
  return Status::Ok();
}

}  // namespace ocop::app
