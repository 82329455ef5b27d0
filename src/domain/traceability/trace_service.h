// The trace graph as the platform answers it: which lots, pallets and
// locations are linked to an identifier upstream (where it came from) and
// downstream (where it went). Links are derived from captured EPCIS events
// (trace_links.h) and stored in the trace repository; this is the reading
// side, used by the API, the pages and the recall (in its own transaction).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "domain/store.h"

namespace ocop::domain {

enum class TraceDirection { kBackward, kForward, kBoth };
enum class TraceNodeKind { kObject, kLocation };  // lot, item, pallet | growing area, packing house, destination
enum class TraceLinkKind { kTransformation, kAggregation, kOrigin, kShipment };
std::string_view TraceLinkKindId(TraceLinkKind k);  // "transformation", "aggregation", "origin", "shipment"
// One node reached. depth < 0 upstream (backward), > 0 downstream (forward), 0 the start.
struct TraceNode {
  std::string key;
  TraceNodeKind kind = TraceNodeKind::kObject;
  int depth = 0;
};
// One link: transformation input→output, aggregation child→parent, origin location→object (where the object
// was created/harvested/packed), shipment object→destination location.
struct TraceEdge {
  std::string from_key, to_key;
  TraceLinkKind kind;
  std::int64_t event_seq = 0;
  std::int64_t event_time_ms = 0;
};
struct TraceGraph {
  std::vector<TraceNode> nodes;
  std::vector<TraceEdge> edges;
  bool truncated = false;
};
// In the caller's transaction (for the recall): the graph reached from `start_keys` (canonical keys). Only object
// nodes are expanded: forward along outgoing links, backward along incoming ones; locations are leaves.
Result<TraceGraph> TraceFrom(Repositories& r, std::span<const std::string> start_keys, TraceDirection direction,
                             std::size_t max_nodes);
class TraceService {
 public:
  TraceService(Store& store);
  // `id` in any form (EPC URN, Digital Link, /p/ lot id); NotFound when nothing names it.
  Result<TraceGraph> Trace(std::string_view id, TraceDirection direction, std::size_t max_nodes = 20000) const;

 private:
  Store& store_;
};

}  // namespace ocop::domain
