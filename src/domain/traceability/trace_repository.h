// Port of the trace graph store: the links derived from EPCIS events
// (trace_links.h) between lots, items, pallets and locations, with every key
// interned once into an integer node id so that a trace walks integers.
// Used inside one Store transaction; not thread-safe on its own.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "core/status.h"
#include "domain/traceability/trace_service.h"

namespace ocop::domain {

// A stored node.
struct TraceNodeRow {
  std::int64_t id = 0;
  std::string key;
  TraceNodeKind kind = TraceNodeKind::kObject;
  // The earliest time an event made the object (an ObjectEvent ADD, a
  // TransformationEvent output); nullopt when no stored event did.
  std::optional<std::int64_t> created_ms;
};

// A link to store, by keys.
struct TraceLinkRow {
  std::string from_key, to_key;
  TraceNodeKind from_kind = TraceNodeKind::kObject, to_kind = TraceNodeKind::kObject;
  TraceLinkKind kind = TraceLinkKind::kTransformation;
  std::int64_t event_seq = 0, event_time_ms = 0;
};

// An object an event made at `time_ms`.
struct TraceCreation {
  std::string key;
  std::int64_t time_ms = 0;
};

// One side of a transformation stated in parts: an input or an output that
// an event names under a transformationID (EPCIS 2.0 §7.4.6).
struct TransformationSide {
  std::string transformation_id;
  bool output = false;
  std::string key;
  std::int64_t event_seq = 0, event_time_ms = 0;
};

// A stored edge seen from one end (`near_id`, one of the ids asked about):
// the other end's id, key and kind.
struct TraceEdgeRow {
  std::int64_t near_id = 0, far_id = 0;
  std::string far_key;
  TraceNodeKind far_kind = TraceNodeKind::kObject;
  TraceLinkKind kind = TraceLinkKind::kTransformation;
  std::int64_t event_seq = 0, event_time_ms = 0;
};

class TraceRepository {
 public:
  virtual ~TraceRepository() = default;

  // The stored nodes among `keys` (any number; absent keys are left out, in no
  // particular order).
  virtual Result<std::vector<TraceNodeRow>> FindNodes(std::span<const std::string> keys) = 0;

  // Stores `links` (a link stored already for the same event is kept once),
  // creating the nodes they name, and lowers each created object's
  // created_ms to the earliest time given. A key stored as a location that
  // a link names as an object becomes an object (objects are expanded by
  // traces, locations are not).
  virtual Status AddLinks(std::span<const TraceLinkRow> links,
                          std::span<const TraceCreation> creations) = 0;

  // The edges leaving (`outgoing`) or entering `node_ids`, in no particular
  // order. Callers pass at most a few hundred ids at a time.
  virtual Result<std::vector<TraceEdgeRow>> Edges(std::span<const std::int64_t> node_ids,
                                                  bool outgoing) = 0;

  // The EPCIS event ids of stored events by seq (absent seqs left out).
  virtual Result<std::vector<std::pair<std::int64_t, std::string>>> EventIds(
      std::span<const std::int64_t> seqs) = 0;

  // Keeps the sides of transformations stated by id (a side stored already
  // for the same event is kept once).
  virtual Status AddTransformationSides(std::span<const TransformationSide> sides) = 0;

  // The stored sides of the transformations `ids`, in no particular order.
  virtual Result<std::vector<TransformationSide>> TransformationSides(
      std::span<const std::string> ids) = 0;

  // Edges stored (for tests and benchmarks).
  virtual Result<std::int64_t> CountEdges() = 0;
};

}  // namespace ocop::domain
