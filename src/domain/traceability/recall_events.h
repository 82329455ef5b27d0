// The EPCIS events a recall writes: on opening, ObjectEvents OBSERVE with
// disposition `recalled` (CBV) and bizStep `holding` naming every affected
// object (lot classes in quantityList, instances in epcList) and citing the
// recall as a business transaction, so that a partner's repository query
// (EQ_disposition=recalled, MATCH_anyEPCClass=…) sees them. Built as an
// EPCISDocument and read back through gs1::epcis::ParseDocument, so they pass
// the same validation as any capture, then stored like a capture (a job of
// the acting user, the capture hooks) in the caller's transaction.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"
#include "domain/identity/role.h"
#include "domain/store.h"

namespace ocop::domain {

// One affected object as the recall event names it.
struct RecalledObject {
  std::string epc;       // the lot's class id (or an instance's EPC) as events name it
  bool is_class = true;  // quantityList (a lot) or epcList (a serialised item, a pallet)
  double quantity = 0;   // 0: not stated
  std::string unit;      // UN/ECE Rec 20, with a quantity
};

// The business transaction type and id a recall's events cite.
inline constexpr const char* kRecallBizTransactionType = "urn:ocop:btt:recall";
std::string RecallBizTransactionId(const std::string& recall_number);  // "urn:ocop:recall:{number}"

// The EPCISDocument of the recall `recall_number` at `at_ms`: one event per
// at most `per_event` objects. Objects are deduplicated by epc.
std::string RecallEventDocument(const std::string& recall_number,
                                const std::vector<RecalledObject>& objects, std::int64_t at_ms,
                                std::size_t per_event = 1000);

// In the caller's transaction: parses the document, stores its events as a
// capture job of `who` and runs the capture hooks. Returns the first event's
// id. Internal when the document does not validate (a bug, not bad input).
Result<std::string> StoreRecallEvents(Repositories& r, const Principal& who,
                                      const std::string& document, std::int64_t at_ms);

}  // namespace ocop::domain
