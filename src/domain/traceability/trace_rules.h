// The trace graph's capture rules: claims that contradict what is stored (or
// what events before them in the same capture say) are refused with the
// reason, never stored as truth.
//   - a TransformationEvent whose outputs are already upstream of its inputs
//     (a cycle; an id both input and output of one event is a lot reworked
//     under its own id and no cycle);
//   - an event with bizStep shipping or departing that names an object
//     before the object was made (its ObjectEvent ADD, or the
//     TransformationEvent that output it);
//   - a TransformationEvent whose output quantities exceed its input
//     quantities in one unit of measure (quantities in different units, or
//     without one, are not compared: converting kilograms into boxes is
//     the transformation's business).
#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include "core/status.h"
#include "domain/store.h"
#include "domain/traceability/capture_hooks.h"
#include "gs1/epcis/event.h"

namespace ocop::domain {

// Largest upstream search of the cycle rule; a larger graph is not judged.
inline constexpr std::size_t kMaxCycleSearchNodes = 100000;

// Appends a refusal to `refusals` for each event of `events` that breaks a
// rule, judging each as if the ones before it (not refused) were stored.
// Reads only.
Status CheckTraceRules(Repositories& r, std::span<const gs1::epcis::Event> events,
                       std::vector<EventRefusal>& refusals);

}  // namespace ocop::domain
