// Facts of a captured event that the repository does not index but the
// trace rules and links need: the quantities of its quantity lists (with
// their units), the farms its ILMD names and a transformation's id. Read from Event::json, which
// capture has already validated. Pure code; the JSON parser stays private.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ocop::gs1::epcis {

// One element of quantityList, childQuantityList, inputQuantityList or
// outputQuantityList.
struct QuantityElement {
  std::uint8_t role = 0;  // a ClassRole value
  std::string key;        // gs1::CanonicalEpc(epcClass).key
  bool has_quantity = false;
  double quantity = 0;
  std::string uom;  // UN/ECE Rec 20 code; "" when absent (a count of instances)
};

struct EventFacts {
  std::vector<QuantityElement> quantities;
  // The farm ids of the ILMD's cbvmda:farmList (CBV 2.0 master data), as
  // written, in order.
  std::vector<std::string> farm_ids;
  // A TransformationEvent's transformationID as written; "" when absent.
  std::string transformation_id;
};

// The facts of one event object's JSON; what cannot be read is left out
// (an empty result for text that is not a JSON object).
EventFacts ReadEventFacts(std::string_view event_json);

}  // namespace ocop::gs1::epcis
