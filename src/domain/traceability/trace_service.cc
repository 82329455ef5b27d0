// Traces walk the stored graph level by level: each level is one batched
// lookup of the edges of its whole frontier (TraceRepository::Edges), so a
// trace costs a query per depth rather than per node.
#include "domain/traceability/trace_service.h"

#include <algorithm>
#include <cstdlib>
#include <set>
#include <tuple>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "domain/traceability/lot_repository.h"
#include "domain/traceability/trace_repository.h"
#include "gs1/digital_link.h"

namespace ocop::domain {

std::string_view TraceLinkKindId(TraceLinkKind k) {
  switch (k) {
    case TraceLinkKind::kTransformation:
      return "transformation";
    case TraceLinkKind::kAggregation:
      return "aggregation";
    case TraceLinkKind::kOrigin:
      return "origin";
    case TraceLinkKind::kShipment:
      return "shipment";
  }
  return "";
}

std::optional<TraceDirection> ParseTraceDirection(std::string_view id) {
  if (id == "backward") return TraceDirection::kBackward;
  if (id == "forward") return TraceDirection::kForward;
  if (id == "both") return TraceDirection::kBoth;
  return std::nullopt;
}

namespace {

class Walk {
 public:
  Walk(Repositories& r, std::size_t max_nodes) : r_(r), max_nodes_(max_nodes) {}

  Status Start(std::span<const std::string> keys) {
    OCOP_ASSIGN_OR_RETURN(std::vector<TraceNodeRow> rows, r_.trace().FindNodes(keys));
    std::unordered_map<std::string, const TraceNodeRow*> by_key;
    for (const auto& n : rows) by_key.emplace(n.key, &n);
    for (const auto& k : keys) {
      if (index_.count(k)) continue;
      auto it = by_key.find(k);
      if (graph_.nodes.size() >= max_nodes_) {
        graph_.truncated = true;
        break;
      }
      const TraceNodeKind kind = it == by_key.end() ? TraceNodeKind::kObject : it->second->kind;
      index_.emplace(k, graph_.nodes.size());
      graph_.nodes.push_back({k, kind, 0});
      if (it != by_key.end()) {
        key_of_.emplace(it->second->id, k);
        if (kind == TraceNodeKind::kObject) start_ids_.push_back(it->second->id);
      }
    }
    return Status::Ok();
  }

  // Expands object nodes from the start along outgoing (forward) or
  // incoming (backward) links, one level at a time.
  Status Expand(bool forward) {
    std::vector<std::int64_t> frontier = start_ids_;
    std::unordered_set<std::int64_t> expanded(frontier.begin(), frontier.end());
    for (int depth = 1; !frontier.empty(); ++depth) {
      OCOP_ASSIGN_OR_RETURN(std::vector<TraceEdgeRow> rows, r_.trace().Edges(frontier, forward));
      // Deterministic answers whatever order the engine returned.
      std::sort(rows.begin(), rows.end(), [](const TraceEdgeRow& a, const TraceEdgeRow& b) {
        return std::tie(a.near_id, a.event_seq, a.far_id, a.kind) <
               std::tie(b.near_id, b.event_seq, b.far_id, b.kind);
      });
      std::vector<std::int64_t> next;
      for (auto& row : rows) {
        if (!index_.count(row.far_key)) {
          if (graph_.nodes.size() >= max_nodes_) {
            graph_.truncated = true;
            continue;
          }
          index_.emplace(row.far_key, graph_.nodes.size());
          graph_.nodes.push_back({row.far_key, row.far_kind, forward ? depth : -depth});
        }
        key_of_.emplace(row.far_id, row.far_key);
        const std::string& near = key_of_.at(row.near_id);
        TraceEdge edge{forward ? near : row.far_key, forward ? row.far_key : near, row.kind,
                       row.event_seq, row.event_time_ms};
        if (seen_.emplace(edge.from_key, edge.to_key, static_cast<int>(edge.kind), edge.event_seq)
                .second) {
          graph_.edges.push_back(std::move(edge));
        }
        if (row.far_kind == TraceNodeKind::kObject && expanded.insert(row.far_id).second) {
          next.push_back(row.far_id);
        }
      }
      frontier = std::move(next);
    }
    return Status::Ok();
  }

  TraceGraph Take() { return std::move(graph_); }

 private:
  Repositories& r_;
  std::size_t max_nodes_;
  TraceGraph graph_;
  std::unordered_map<std::string, std::size_t> index_;  // key → graph_.nodes index
  std::unordered_map<std::int64_t, std::string> key_of_;
  std::vector<std::int64_t> start_ids_;
  std::set<std::tuple<std::string, std::string, int, std::int64_t>> seen_;
};

}  // namespace

bool MayTrace(Role role) {
  return std::find(kTraceRoles.begin(), kTraceRoles.end(), role) != kTraceRoles.end();
}

namespace {

// The product a key is of: through the lot registry, else the GTIN of a
// Digital Link key, else the code of a platform lot id ".../p/{code}/l/…".
Result<std::optional<Product>> ProductOfKey(Repositories& r, const std::string& key) {
  OCOP_ASSIGN_OR_RETURN(std::optional<Lot> lot, r.lots().FindByKey(key));
  if (lot) return r.products().Get(lot->product_id);
  constexpr std::string_view kGtin = "https://id.gs1.org/01/";
  if (key.rfind(kGtin, 0) == 0 && key.size() >= kGtin.size() + 14) {
    return r.products().GetByGtin(key.substr(kGtin.size(), 14));
  }
  if (auto p = key.find("/p/"); p != std::string::npos) {
    const std::size_t start = p + 3;
    const std::size_t end = key.find('/', start);
    return r.products().GetByCode(key.substr(start, end == std::string::npos ? end : end - start));
  }
  return std::optional<Product>{};
}

}  // namespace

Result<TraceGraph> TraceFrom(Repositories& r, std::span<const std::string> start_keys,
                             TraceDirection direction, std::size_t max_nodes) {
  Walk walk(r, std::max<std::size_t>(max_nodes, 1));
  OCOP_RETURN_IF_ERROR(walk.Start(start_keys));
  if (direction != TraceDirection::kForward) OCOP_RETURN_IF_ERROR(walk.Expand(false));
  if (direction != TraceDirection::kBackward) OCOP_RETURN_IF_ERROR(walk.Expand(true));
  return walk.Take();
}

TraceService::TraceService(Store& store, std::string base_url)
    : store_(store), base_url_(std::move(base_url)) {
  while (!base_url_.empty() && base_url_.back() == '/') base_url_.pop_back();
}

std::string TraceService::KeyOf(std::string_view id) const {
  // A platform lot id may come without its scheme and host.
  if (id.substr(0, 3) == "/p/") return gs1::CanonicalEpc(base_url_ + std::string(id)).key;
  return gs1::CanonicalEpc(id).key;
}

Result<TraceGraph> TraceService::Trace(std::string_view id, TraceDirection direction,
                                       std::size_t max_nodes) const {
  const std::string key = KeyOf(id);
  if (key.empty()) return Err(NotFound("error.trace.unknown_id"));
  TraceGraph graph;
  OCOP_RETURN_IF_ERROR(store_.Read([&](Repositories& r) -> Status {
    const std::string keys[] = {key};
    OCOP_ASSIGN_OR_RETURN(std::vector<TraceNodeRow> found, r.trace().FindNodes(keys));
    if (found.empty()) {
      // Named by events that made no link: a graph of itself alone.
      OCOP_ASSIGN_OR_RETURN(std::vector<StoredEvent> events, r.epcis().EventsForKey(key, false, 1));
      if (events.empty()) return NotFound("error.trace.unknown_id");
    }
    OCOP_ASSIGN_OR_RETURN(graph, TraceFrom(r, keys, direction, max_nodes));
    return Status::Ok();
  }));
  return graph;
}

Result<TraceView> TraceService::View(const Principal& who, std::string_view id,
                                     TraceDirection direction, std::size_t max_nodes) const {
  if (!MayTrace(who.role)) return Err(PermissionDenied("error.forbidden"));
  TraceView view;
  view.start_key = KeyOf(id);
  if (view.start_key.empty()) return Err(NotFound("error.trace.unknown_id"));
  OCOP_RETURN_IF_ERROR(store_.Read([&](Repositories& r) -> Status {
    const std::string keys[] = {view.start_key};
    OCOP_ASSIGN_OR_RETURN(std::vector<TraceNodeRow> found, r.trace().FindNodes(keys));
    if (found.empty()) {
      OCOP_ASSIGN_OR_RETURN(std::vector<StoredEvent> events,
                            r.epcis().EventsForKey(view.start_key, false, 1));
      if (events.empty()) return NotFound("error.trace.unknown_id");
    }
    // A producer traces its own goods only; another's are as unknown.
    if (who.role == Role::kProducer) {
      OCOP_ASSIGN_OR_RETURN(std::optional<Product> product, ProductOfKey(r, view.start_key));
      if (!product || product->fields.producer_id != who.producer_id) {
        return NotFound("error.trace.unknown_id");
      }
    }
    OCOP_ASSIGN_OR_RETURN(view.graph, TraceFrom(r, keys, direction, max_nodes));
    // Nearest first, so the facts cap keeps the lots next to the start.
    std::vector<const TraceNode*> objects;
    for (const auto& n : view.graph.nodes) {
      if (n.kind == TraceNodeKind::kObject) objects.push_back(&n);
    }
    std::stable_sort(objects.begin(), objects.end(), [](const TraceNode* a, const TraceNode* b) {
      return std::abs(a->depth) < std::abs(b->depth);
    });
    if (objects.size() > kMaxLotFacts) objects.resize(kMaxLotFacts);
    std::unordered_map<std::int64_t, std::optional<Product>> products;
    for (const TraceNode* n : objects) {
      OCOP_ASSIGN_OR_RETURN(std::optional<Lot> lot, r.lots().FindByKey(n->key));
      if (!lot) continue;
      auto it = products.find(lot->product_id);
      if (it == products.end()) {
        OCOP_ASSIGN_OR_RETURN(std::optional<Product> p, r.products().Get(lot->product_id));
        it = products.emplace(lot->product_id, std::move(p)).first;
      }
      TraceLotFacts f;
      f.lot_id = lot->id;
      f.lot_code = lot->code;
      f.product_id = lot->product_id;
      if (it->second) {
        f.product_code = it->second->code;
        f.product_name = it->second->fields.name;
      }
      f.harvest_from = lot->harvest_from;
      f.harvest_to = lot->harvest_to;
      f.quantity = lot->quantity;
      f.unit = lot->unit;
      f.status = lot->status;
      view.lots.emplace(n->key, std::move(f));
    }
    std::vector<std::int64_t> seqs;
    for (const auto& e : view.graph.edges) seqs.push_back(e.event_seq);
    std::sort(seqs.begin(), seqs.end());
    seqs.erase(std::unique(seqs.begin(), seqs.end()), seqs.end());
    OCOP_ASSIGN_OR_RETURN(auto ids, r.trace().EventIds(seqs));
    for (auto& [seq, event_id] : ids) view.event_ids.emplace(seq, std::move(event_id));
    return Status::Ok();
  }));
  return view;
}

}  // namespace ocop::domain
