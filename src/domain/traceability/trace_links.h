// The trace graph's links as captured EPCIS events make them (pure), and
// their recording after a capture (OnEventsStored calls RecordTraceLinks):
//   TransformationEvent   each input → each output (EPCs and classes),
//            across the events that share a transformationID;
//   AggregationEvent ADD|OBSERVE   each child → the parent;
//   origin   the bizLocation of an ObjectEvent ADD that makes its objects
//            (bizStep commissioning, creating_class_instance, none, or a
//            non-CBV step such as a harvest) or of a TransformationEvent,
//            and each farm of its ILMD cbvmda:farmList → each object made;
//   shipment   every event with a destinationList: each object it names →
//            each destination (a receiving event with its sourceList adds
//            nothing the shipping event did not).
// The objects such an ADD names, and a transformation's outputs, are
// "created" at the event time (TraceCreation), which the capture rules
// compare shipments with.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "domain/store.h"
#include "domain/traceability/trace_repository.h"
#include "gs1/epcis/event.h"

namespace ocop::domain {

struct DerivedLinks {
  std::vector<TraceLinkRow> links;
  std::vector<TraceCreation> creations;
};

// Appends the links and creations of `event` (stored as `seq`) to `out`.
// `event.biz_location` is a canonical key (as capture leaves it). Reads the
// event's JSON only when it may hold an ILMD farm list.
void DeriveLinks(const gs1::epcis::Event& event, std::int64_t seq, DerivedLinks& out);

// Whether an ObjectEvent ADD with this bizStep makes its objects:
// commissioning, creating a class instance, none given, or a step of the
// producer's own vocabulary (a URI: harvesting has no CBV step). An ADD
// with another CBV step (receiving, say) adds objects that exist already.
// The lot registry records lots by the same rule as the graph's origins.
bool StepMakesObjects(std::string_view biz_step);

// The canonical key of a farm id of an ILMD farm list: an identifier
// (SGLN, URI) through gs1::CanonicalEpc, a bare code as the platform's
// growing-area location "urn:ocop:site:{code}".
std::string FarmLocationKey(std::string_view farm_id);

// The objects an event names for a shipment: an ObjectEvent's EPCs and
// classes, the parent and children of an Aggregation or Transaction event,
// a TransformationEvent's outputs.
std::vector<std::string> ObjectsNamed(const gs1::epcis::Event& event);

// The inputs and outputs of a TransformationEvent that carries a
// transformationID, appended to `out` (none for any other event).
void TransformationSidesOf(const gs1::epcis::Event& event, std::int64_t seq,
                           std::vector<TransformationSide>& out);

// The links between transformation sides stated by different events under
// the same id: each of `added` with each side of `known` (which may hold
// `added` too) of an earlier event, input → output, as the later event's.
void LinkTransformationSides(std::span<const TransformationSide> added,
                             std::span<const TransformationSide> known, DerivedLinks& out);

// Stores the links of `events`, stored with seqs first_seq, first_seq + 1, …
// A TransformationEvent stating only some of its inputs or outputs under a
// transformationID (EPCIS 2.0 lets one transformation span several events)
// is linked to the sides the others state, in this capture or before.
Status RecordTraceLinks(Repositories& r, std::span<const gs1::epcis::Event> events,
                        std::int64_t first_seq);

}  // namespace ocop::domain
