#include "domain/traceability/capture_hooks.h"

#include "domain/traceability/lab_report_events.h"
#include "domain/traceability/lot_events.h"
#include "domain/traceability/site_rules.h"
#include "domain/traceability/trace_links.h"
#include "domain/traceability/trace_rules.h"

namespace ocop::domain {

Result<std::vector<EventRefusal>> CheckCapturedEvents(Repositories& r, const Principal& who,
                                                      std::span<const gs1::epcis::Event> events) {
  (void)who;
  std::vector<EventRefusal> refusals;
  OCOP_RETURN_IF_ERROR(CheckTraceRules(r, events, refusals));
  OCOP_RETURN_IF_ERROR(CheckLabReportEvents(r, who, events, refusals));
  OCOP_RETURN_IF_ERROR(CheckSiteRules(r, events, refusals));
  return refusals;
}

Status OnEventsStored(Repositories& r, const Principal& who,
                      std::span<const gs1::epcis::Event> events, std::int64_t first_seq) {
  (void)who;
  OCOP_RETURN_IF_ERROR(RecordTraceLinks(r, events, first_seq));
  OCOP_RETURN_IF_ERROR(RecordLotsFromEvents(r, who, events, first_seq));
  OCOP_RETURN_IF_ERROR(RecordLabReportsFromEvents(r, who, events, first_seq));
  return Status::Ok();
}

}  // namespace ocop::domain
