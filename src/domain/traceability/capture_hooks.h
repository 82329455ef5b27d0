// What the platform checks on, and derives from, captured EPCIS events,
// inside the capture's transaction: one place where the trace graph, the lot
// registry and the lab reports learn of events, whether they came through
// POST /epcis/capture or through the platform's own pages (which capture the
// same events). Each part of traceability adds its step here.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/status.h"
#include "domain/identity/role.h"
#include "domain/store.h"
#include "gs1/epcis/event.h"

namespace ocop::domain {

// One event a rule refuses: its position in the span given to
// CheckCapturedEvents, the field at fault ("" for the whole event) and why.
struct EventRefusal {
  std::size_t position = 0;
  std::string field;
  Message message;
};

// The rules that judge events against what is stored (a cycle in claimed
// transformations, a lot shipped before it was harvested, a harvest in a
// growing area revoked by then, quantities that do not add up). Each event
// is judged as if the ones before it in `events` were stored. Reads only.
Result<std::vector<EventRefusal>> CheckCapturedEvents(Repositories& r, const Principal& who,
                                                      std::span<const gs1::epcis::Event> events);

// After `events` were stored with the consecutive seqs first_seq,
// first_seq + 1, …: records what they make (trace links, lots, lab reports).
Status OnEventsStored(Repositories& r, const Principal& who,
                      std::span<const gs1::epcis::Event> events, std::int64_t first_seq);

}  // namespace ocop::domain
