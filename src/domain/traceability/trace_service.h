// The trace graph as the platform answers it: which lots, pallets and
// locations are linked to an identifier upstream (where it came from) and
// downstream (where it went). Links are derived from captured EPCIS events
// (trace_links.h) and stored in the trace repository; this is the reading
// side, used by the API, the pages and the recall (in its own transaction).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/status.h"
#include "domain/identity/role.h"
#include "domain/store.h"
#include "domain/traceability/lot.h"

namespace ocop::domain {

enum class TraceDirection { kBackward, kForward, kBoth };
// kObject: a lot, item or pallet; kLocation: a growing area, packing house or destination.
enum class TraceNodeKind { kObject, kLocation };
enum class TraceLinkKind { kTransformation, kAggregation, kOrigin, kShipment };
// "transformation", "aggregation", "origin", "shipment".
std::string_view TraceLinkKindId(TraceLinkKind k);
// One node reached. depth < 0 upstream (backward), > 0 downstream (forward), 0 the start.
struct TraceNode {
  std::string key;
  TraceNodeKind kind = TraceNodeKind::kObject;
  int depth = 0;
};
// One link: transformation input→output, aggregation child→parent, origin location→object (where
// the object was created/harvested/packed), shipment object→destination location.
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
// In the caller's transaction (for the recall): the graph reached from `start_keys` (canonical
// keys). Only object nodes are expanded: forward along outgoing links, backward along incoming
// ones; locations are leaves.
Result<TraceGraph> TraceFrom(Repositories& r, std::span<const std::string> start_keys,
                             TraceDirection direction, std::size_t max_nodes);
// What the API and the page show of a lot node, when the lot registry has it.
struct TraceLotFacts {
  std::int64_t lot_id = 0;
  std::string lot_code;
  std::int64_t product_id = 0;
  std::string product_code, product_name;
  std::optional<CivilDate> harvest_from, harvest_to;
  double quantity = 0;
  std::string unit;
  LotStatus status = LotStatus::kActive;
};

// A trace as people see it: the graph, the key it started from, and the
// facts of the lots among its nodes (the nearest kMaxLotFacts of them).
struct TraceView {
  std::string start_key;
  TraceGraph graph;
  std::map<std::string, TraceLotFacts> lots;      // by node key
  std::map<std::int64_t, std::string> event_ids;  // of the edges' event seqs
};
inline constexpr std::size_t kMaxLotFacts = 200;

// Who may trace: the national office, provincial and commune officers,
// inspectors and laboratories any identifier; a producer the lots and items
// of its own products; council and advisory members not at all.
bool MayTrace(Role role);
inline constexpr std::array<Role, 6> kTraceRoles = {Role::kNationalAdmin,  Role::kProvincialOfficer,
                                                    Role::kCommuneOfficer, Role::kInspector,
                                                    Role::kLaboratory,     Role::kProducer};

class TraceService {
 public:
  // `base_url` completes a relative platform lot id ("/p/{code}/l/{lot}").
  TraceService(Store& store, std::string base_url = "");
  // `id` in any form (EPC URN, Digital Link, /p/ lot id); NotFound when nothing names it.
  Result<TraceGraph> Trace(std::string_view id, TraceDirection direction,
                           std::size_t max_nodes = 20000) const;
  // The canonical key a trace of `id` starts from.
  std::string KeyOf(std::string_view id) const;
  // Trace() for `who`, with the lots' facts. PermissionDenied for a role
  // that may not trace; NotFound as Trace, and for a producer tracing goods
  // that are not of its own products (as unknown as a missing id).
  Result<TraceView> View(const Principal& who, std::string_view id, TraceDirection direction,
                         std::size_t max_nodes = 2000) const;

 private:
  Store& store_;
  std::string base_url_;
};

// "backward", "forward", "both"; nullopt for anything else.
std::optional<TraceDirection> ParseTraceDirection(std::string_view id);

}  // namespace ocop::domain
