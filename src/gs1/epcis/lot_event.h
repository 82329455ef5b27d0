// The EPCIS 2.0 events that create lots (lô hàng), at the JSON level: the document the platform
// captures when a producer records a lot or a transformation on its pages, and what any captured
// event says about the lots it creates (whoever wrote it). Both sides use the same members, so a
// lot recorded on a page and a lot captured directly read back the same:
//   - ObjectEvent, action ADD, bizStep commissioning, disposition active: quantityList names the
//     lot class (epcClass, quantity, uom);
//   - TransformationEvent, bizStep commissioning: inputQuantityList and outputQuantityList;
//   - readPoint and bizLocation: the packing house's or the growing area's location id;
//   - ilmd (CBV 2.0 §9 master data of the created lots): cbvmda:harvestStartDate,
//     cbvmda:harvestEndDate (xsd:date) and cbvmda:farmList [{cbvmda:farmID, cbvmda:farmIDType}].
// Pure code; the JSON library stays private.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "gs1/epcis/event.h"

namespace ocop::gs1::epcis {

// One element of a quantity list.
struct LotQuantity {
  std::string epc_class;  // as written
  bool has_quantity = false;
  double quantity = 0;
  std::string uom;  // UN/ECE Rec 20; "" when absent
};

// The ILMD of a lot-creating event. Dates are the text written ("YYYY-MM-DD" when well formed),
// "" when absent.
struct LotIlmd {
  std::string harvest_start, harvest_end;
  std::vector<std::string> farm_ids;  // cbvmda:farmID values in order
};

// What the platform writes. `type` is kObject (one ADD commissioning event over `outputs`) or
// kTransformation (`inputs` → `outputs`).
struct LotEventSpec {
  EventType type = EventType::kObject;
  std::string event_time;        // RFC 3339 with an offset: "2026-12-01T09:30:00+07:00"
  std::string time_zone_offset;  // "+07:00"
  std::string creation_date;     // the document's creationDate, RFC 3339
  std::string location_id;       // readPoint and bizLocation; "" for none
  std::vector<LotQuantity> inputs;
  std::vector<LotQuantity> outputs;
  LotIlmd ilmd;
  std::string farm_id_type = "urn:ocop:site";  // cbvmda:farmIDType of every farm
};

// An EPCISDocument with the one event of `spec`, ready for EpcisService::CaptureDocument.
std::string BuildLotDocument(const LotEventSpec& spec);

// What one captured event (its stored JSON) says about lots.
struct LotEventFacts {
  // The lot classes the event creates: quantityList of an ObjectEvent with action ADD,
  // outputQuantityList of a TransformationEvent; empty for any other event.
  std::vector<LotQuantity> created;
  std::vector<LotQuantity> inputs;  // inputQuantityList of a TransformationEvent
  LotIlmd ilmd;
  std::string read_point, biz_location;  // ids as written, "" when absent
};

// Reads `event_json` (an event object as EpcisService stores it; compact or expanded cbvmda keys).
// What cannot be read is left out; text that is no JSON object gives empty facts.
LotEventFacts ReadLotEventFacts(std::string_view event_json);

}  // namespace ocop::gs1::epcis
