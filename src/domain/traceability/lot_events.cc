#include "domain/traceability/lot_events.h"

#include <algorithm>
#include <vector>

#include "domain/traceability/lot_repository.h"
#include "domain/traceability/site_repository.h"
#include "domain/traceability/trace_links.h"
#include "gs1/digital_link.h"
#include "gs1/epcis/lot_event.h"

namespace ocop::domain {
namespace {

constexpr std::string_view kGs1Prefix = "https://id.gs1.org/";
constexpr std::string_view kSitePrefix = "urn:ocop:site:";

std::optional<CivilDate> IlmdDate(const std::string& text) {
  if (text.size() < 10) return std::nullopt;
  return CivilDate::Parse(std::string_view(text).substr(0, 10));
}

// A site named by its location id or its code.
Result<std::optional<Site>> SiteNamed(Repositories& r, const std::string& id) {
  if (id.empty()) return std::optional<Site>();
  if (id.rfind(kSitePrefix, 0) == 0) return r.sites().FindByLocationId(id);
  return r.sites().FindByCode(id);
}

// Fills the lot's origin from the event: farms of the ILMD, else the location when it is a growing
// area; the packing house from the location.
Status FillOrigin(Repositories& r, const gs1::epcis::LotEventFacts& facts, Lot& lot) {
  for (const std::string& farm : facts.ilmd.farm_ids) {
    OCOP_ASSIGN_OR_RETURN(std::optional<Site> site, SiteNamed(r, farm));
    if (site && site->kind() == SiteKind::kGrowingArea &&
        std::find(lot.growing_area_ids.begin(), lot.growing_area_ids.end(), site->id) ==
            lot.growing_area_ids.end()) {
      lot.growing_area_ids.push_back(site->id);
    }
  }
  const std::string& where = !facts.biz_location.empty() ? facts.biz_location : facts.read_point;
  if (where.rfind(kSitePrefix, 0) != 0) return Status::Ok();
  OCOP_ASSIGN_OR_RETURN(std::optional<Site> site, r.sites().FindByLocationId(where));
  if (!site) return Status::Ok();
  if (site->kind() == SiteKind::kPackingHouse) {
    lot.packing_house_id = site->id;
  } else if (lot.growing_area_ids.empty()) {
    lot.growing_area_ids.push_back(site->id);
  }
  return Status::Ok();
}

}  // namespace

std::optional<LotClassId> ParseLotClassId(std::string_view epc_class) {
  const std::string key = gs1::CanonicalEpc(epc_class).key;
  if (key.rfind(kGs1Prefix, 0) == 0) {
    auto link = gs1::ParseDigitalLink(key);
    if (!link || link->primary.ai != "01") return std::nullopt;
    LotClassId out;
    out.gtin = link->primary.value;
    for (const auto& q : link->qualifiers) {
      if (q.ai == "21") return std::nullopt;  // a serialised item, not a lot
      if (q.ai == "10") out.lot = q.value;
    }
    if (out.lot.empty()) return std::nullopt;
    return out;
  }
  if (key.rfind("http://", 0) != 0 && key.rfind("https://", 0) != 0) return std::nullopt;
  const std::size_t p = key.find("/p/", key.find("://") + 3);
  if (p == std::string::npos) return std::nullopt;
  const std::size_t l = key.find("/l/", p + 3);
  if (l == std::string::npos || l == p + 3 || l + 3 >= key.size()) return std::nullopt;
  LotClassId out;
  out.product_code = key.substr(p + 3, l - p - 3);
  out.lot = key.substr(l + 3);
  if (out.product_code.find('/') != std::string::npos) return std::nullopt;
  return out;
}

Result<std::optional<LotOfProduct>> FindLotProduct(Repositories& r, std::string_view epc_class) {
  const auto id = ParseLotClassId(epc_class);
  if (!id) return std::optional<LotOfProduct>();
  std::optional<Product> product;
  if (!id->gtin.empty()) {
    OCOP_ASSIGN_OR_RETURN(product, r.products().GetByGtin(id->gtin));
  } else {
    OCOP_ASSIGN_OR_RETURN(product, r.products().GetByCode(id->product_code));
  }
  if (!product) return std::optional<LotOfProduct>();
  return std::optional<LotOfProduct>(LotOfProduct{std::move(*product), id->lot});
}

Status RecordLotsFromEvents(Repositories& r, const Principal& who,
                            std::span<const gs1::epcis::Event> events, std::int64_t first_seq) {
  (void)first_seq;
  for (const gs1::epcis::Event& event : events) {
    // The events that make lots, by the rule that gives them their origin in
    // the trace graph: an ADD of goods that exist already (receiving) is none.
    const bool makes = event.type == gs1::epcis::EventType::kTransformation ||
                       (event.type == gs1::epcis::EventType::kObject && event.action == "ADD" &&
                        StepMakesObjects(event.biz_step));
    if (!makes) continue;
    const gs1::epcis::LotEventFacts facts = gs1::epcis::ReadLotEventFacts(event.json);
    for (const gs1::epcis::LotQuantity& created : facts.created) {
      OCOP_ASSIGN_OR_RETURN(std::optional<LotOfProduct> of, FindLotProduct(r, created.epc_class));
      if (!of) continue;
      if (who.role != Role::kNationalAdmin && of->product.fields.producer_id != who.producer_id) {
        continue;
      }
      const std::string key = gs1::CanonicalEpc(created.epc_class).key;
      OCOP_ASSIGN_OR_RETURN(std::optional<Lot> existing, r.lots().FindByKey(key));
      if (existing) continue;
      OCOP_ASSIGN_OR_RETURN(existing, r.lots().FindByCode(of->product.id, of->code));
      if (existing) continue;
      Lot lot;
      lot.product_id = of->product.id;
      lot.code = of->code;
      lot.epc_id = key;
      lot.key = key;
      lot.harvest_from = IlmdDate(facts.ilmd.harvest_start);
      lot.harvest_to = IlmdDate(facts.ilmd.harvest_end);
      if (!lot.harvest_from) lot.harvest_from = lot.harvest_to;
      if (!lot.harvest_to) lot.harvest_to = lot.harvest_from;
      lot.quantity = created.has_quantity ? created.quantity : 0;
      lot.unit = created.uom;
      OCOP_RETURN_IF_ERROR(FillOrigin(r, facts, lot));
      lot.event_id = event.event_id;
      lot.created_at_ms = event.event_time_ms;
      auto id = r.lots().Insert(lot);
      if (!id) return id.error();
    }
  }
  return Status::Ok();
}

}  // namespace ocop::domain
