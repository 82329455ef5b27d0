// Lots as EPCIS events make them. Whether a producer records a lot on the lots page (LotService
// builds the event) or captures the event through POST /epcis/capture, the Lot row comes from here,
// inside the capture's transaction, so both ways give the same rows.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/status.h"
#include "domain/identity/role.h"
#include "domain/registry/product.h"
#include "domain/store.h"
#include "domain/traceability/lot.h"
#include "gs1/epcis/event.h"

namespace ocop::domain {

// A class id taken apart: the lot `lot` of the product with GTIN `gtin` (AI 01 + AI 10, in any form
// gs1::CanonicalEpc reads: Digital Link or urn:epc:class:lgtin) or of the product coded
// `product_code` (a platform id "{base_url}/p/{code}/l/{lot}", any http(s) base).
struct LotClassId {
  std::string gtin;          // 14 digits, or ""
  std::string product_code;  // or ""
  std::string lot;
};
// nullopt when `epc_class` names no lot in either form (an item, a product class, another URN).
std::optional<LotClassId> ParseLotClassId(std::string_view epc_class);

// The product a class id names and the lot code, when the registry holds that product.
struct LotOfProduct {
  Product product;
  std::string code;
};
Result<std::optional<LotOfProduct>> FindLotProduct(Repositories& r, std::string_view epc_class);

// The capture step (called by OnEventsStored): for every event that creates lot classes
// (ObjectEvent ADD quantityList, TransformationEvent outputQuantityList; see gs1/epcis/lot_event.h)
// and every such class naming a lot of a product the registry knows, not yet recorded, and that
// `who` may record (the product's own producer, or the national office), inserts a Lot:
//   - epc_id and key: the canonical key of the class id (the Resolver::LotIdOf form);
//   - quantity and unit: the quantity element's;
//   - harvest dates: the ILMD's cbvmda:harvestStartDate / harvestEndDate (one given: both that
//   day);
//   - growing areas: the sites of the ILMD's cbvmda:farmList (farmID a site location id
//     urn:ocop:site:{code} or a site code); else the bizLocation (then readPoint) when it is a
//     growing area;
//   - packing house: the bizLocation (then readPoint) when it is a packing house;
//   - event_id the event's, created_at_ms its event time, status active.
// Classes of unknown products, lots already recorded (a later event about the same lot) and lots of
// other producers' products are left alone.
Status RecordLotsFromEvents(Repositories& r, const Principal& who,
                            std::span<const gs1::epcis::Event> events, std::int64_t first_seq);

}  // namespace ocop::domain
