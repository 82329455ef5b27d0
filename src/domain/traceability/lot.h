// A lot (lô hàng) of one product: what was harvested or made, when, how much, where it was grown
// and packed, and its status. A lot is created by an EPCIS event (ObjectEvent ADD commissioning, or
// a TransformationEvent output) naming its class id; the Lot row is derived from that event,
// whether the producer recorded it on the lots page or captured the event directly (see
// lot_events.h).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"

namespace ocop::domain {

enum class LotStatus { kActive, kOnHold, kRecalled };

// "active", "on_hold", "recalled": the stored and JSON form.
inline std::string_view LotStatusId(LotStatus s) {
  switch (s) {
    case LotStatus::kOnHold:
      return "on_hold";
    case LotStatus::kRecalled:
      return "recalled";
    case LotStatus::kActive:
      break;
  }
  return "active";
}
inline std::optional<LotStatus> ParseLotStatus(std::string_view id) {
  if (id == "active") return LotStatus::kActive;
  if (id == "on_hold") return LotStatus::kOnHold;
  if (id == "recalled") return LotStatus::kRecalled;
  return std::nullopt;
}

struct Lot {
  std::int64_t id = 0, product_id = 0;
  std::string code;    // the lot number (AI 10 rules)
  std::string epc_id;  // the class id events name it by (Resolver::LotIdOf form)
  std::string key;     // gs1::CanonicalEpc(epc_id).key: its trace-graph node
  std::optional<CivilDate> harvest_from, harvest_to;
  double quantity = 0;
  std::string unit;  // UN/ECE Rec 20: KGM, LTR, H87 (pieces) …
  std::vector<std::int64_t> growing_area_ids;
  std::int64_t packing_house_id = 0;  // 0: none
  LotStatus status = LotStatus::kActive;
  std::string status_reason;
  std::string event_id;  // the EPCIS event that created it
  std::int64_t created_at_ms = 0, version = 1;
};

}  // namespace ocop::domain
