// The trace graph's rows (migration 0004). Keys are interned in batches: one
// lookup of up to kKeysPerLookup keys, one multi-row insert of the missing
// ones with RETURNING; edges go in multi-row inserts, so a capture of a
// thousand events adds its links in a handful of statements.
#include "storage/sql/trace_repository.h"

#include <algorithm>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace ocop::storage {
namespace {

using domain::TraceEdgeRow;
using domain::TraceLinkKind;
using domain::TraceNodeKind;
using domain::TraceNodeRow;

constexpr std::size_t kKeysPerLookup = 400;
constexpr std::size_t kNodesPerInsert = 200;
constexpr std::size_t kEdgesPerInsert = 150;  // 5 parameters each

std::string Placeholders(std::size_t first, std::size_t n) {
  std::string sql;
  for (std::size_t i = 0; i < n; ++i) sql += (i ? ", $" : "$") + std::to_string(first + i);
  return sql;
}

TraceNodeKind NodeKindOf(std::int64_t v) {
  return v == 1 ? TraceNodeKind::kLocation : TraceNodeKind::kObject;
}
std::int64_t NodeKindValue(TraceNodeKind k) { return k == TraceNodeKind::kLocation ? 1 : 0; }

TraceLinkKind LinkKindOf(std::int64_t v) {
  switch (v) {
    case 1:
      return TraceLinkKind::kAggregation;
    case 2:
      return TraceLinkKind::kOrigin;
    case 3:
      return TraceLinkKind::kShipment;
    default:
      return TraceLinkKind::kTransformation;
  }
}
std::int64_t LinkKindValue(TraceLinkKind k) {
  switch (k) {
    case TraceLinkKind::kTransformation:
      return 0;
    case TraceLinkKind::kAggregation:
      return 1;
    case TraceLinkKind::kOrigin:
      return 2;
    case TraceLinkKind::kShipment:
      return 3;
  }
  return 0;
}

TraceNodeRow NodeFrom(const ResultSet& rs, std::size_t i) {
  TraceNodeRow n;
  n.id = rs.Int(i, 0);
  n.key = rs.Text(i, 1);
  n.kind = NodeKindOf(rs.Int(i, 2));
  if (!rs.IsNull(i, 3)) n.created_ms = rs.Int(i, 3);
  return n;
}

// What one batch needs of a key: its kind (object wins) and earliest creation.
struct Wanted {
  TraceNodeKind kind = TraceNodeKind::kLocation;
  std::optional<std::int64_t> created_ms;
};

void Want(std::unordered_map<std::string, Wanted>& wanted, const std::string& key,
          TraceNodeKind kind) {
  Wanted& w = wanted[key];
  if (kind == TraceNodeKind::kObject) w.kind = TraceNodeKind::kObject;
}

}  // namespace

Result<std::vector<TraceNodeRow>> SqlTraceRepository::FindNodes(std::span<const std::string> keys) {
  std::vector<TraceNodeRow> out;
  std::vector<Param> params;
  for (std::size_t first = 0; first < keys.size(); first += kKeysPerLookup) {
    const std::size_t n = std::min(kKeysPerLookup, keys.size() - first);
    params.assign(keys.begin() + static_cast<std::ptrdiff_t>(first),
                  keys.begin() + static_cast<std::ptrdiff_t>(first + n));
    OCOP_ASSIGN_OR_RETURN(
        ResultSet rs, c_.Query("SELECT id, key, kind, created_ms FROM trace_nodes WHERE key IN (" +
                                   Placeholders(1, n) + ")",
                               params));
    for (std::size_t i = 0; i < rs.rows.size(); ++i) out.push_back(NodeFrom(rs, i));
  }
  return out;
}

Status SqlTraceRepository::AddLinks(std::span<const domain::TraceLinkRow> links,
                                    std::span<const domain::TraceCreation> creations) {
  if (links.empty() && creations.empty()) return Status::Ok();
  std::unordered_map<std::string, Wanted> wanted;
  for (const auto& l : links) {
    Want(wanted, l.from_key, l.from_kind);
    Want(wanted, l.to_key, l.to_kind);
  }
  for (const auto& c : creations) {
    Wanted& w = wanted[c.key];
    w.kind = TraceNodeKind::kObject;
    if (!w.created_ms || c.time_ms < *w.created_ms) w.created_ms = c.time_ms;
  }
  std::vector<std::string> keys;
  keys.reserve(wanted.size());
  for (const auto& [k, w] : wanted) keys.push_back(k);
  OCOP_ASSIGN_OR_RETURN(std::vector<TraceNodeRow> found, FindNodes(keys));

  std::unordered_map<std::string_view, std::int64_t> ids;
  for (const auto& n : found) {
    ids.emplace(wanted.find(n.key)->first, n.id);
    const Wanted& w = wanted.at(n.key);
    // Rare: a location now named as an object, or an earlier creation.
    const bool to_object = w.kind == TraceNodeKind::kObject && n.kind != TraceNodeKind::kObject;
    const bool earlier = w.created_ms && (!n.created_ms || *w.created_ms < *n.created_ms);
    if (to_object || earlier) {
      Param p[] = {
          n.id, NodeKindValue(to_object ? TraceNodeKind::kObject : n.kind),
          earlier ? Param(*w.created_ms) : (n.created_ms ? Param(*n.created_ms) : Param(nullptr))};
      OCOP_RETURN_IF_ERROR(
          c_.Exec("UPDATE trace_nodes SET kind = $2, created_ms = $3 WHERE id = $1", p));
    }
  }

  std::vector<const std::string*> missing;
  for (const auto& [k, w] : wanted) {
    if (!ids.count(k)) missing.push_back(&k);
  }
  std::vector<Param> params;
  for (std::size_t first = 0; first < missing.size(); first += kNodesPerInsert) {
    const std::size_t n = std::min(kNodesPerInsert, missing.size() - first);
    params.clear();
    std::string sql = "INSERT INTO trace_nodes (key, kind, created_ms) VALUES ";
    for (std::size_t i = 0; i < n; ++i) {
      const std::string& key = *missing[first + i];
      const Wanted& w = wanted.at(key);
      sql += (i ? ", (" : "(") + Placeholders(params.size() + 1, 3) + ")";
      params.emplace_back(key);
      params.emplace_back(NodeKindValue(w.kind));
      params.push_back(w.created_ms ? Param(*w.created_ms) : Param(nullptr));
    }
    sql += " RETURNING id, key";
    OCOP_ASSIGN_OR_RETURN(ResultSet rs, c_.Query(sql, params));
    for (std::size_t i = 0; i < rs.rows.size(); ++i) {
      ids.emplace(wanted.find(rs.Text(i, 1))->first, rs.Int(i, 0));
    }
  }

  for (std::size_t first = 0; first < links.size(); first += kEdgesPerInsert) {
    const std::size_t n = std::min(kEdgesPerInsert, links.size() - first);
    params.clear();
    std::string sql = "INSERT INTO trace_edges (src, dst, kind, seq, time_ms) VALUES ";
    for (std::size_t i = 0; i < n; ++i) {
      const auto& l = links[first + i];
      sql += (i ? ", (" : "(") + Placeholders(params.size() + 1, 5) + ")";
      params.emplace_back(ids.at(l.from_key));
      params.emplace_back(ids.at(l.to_key));
      params.emplace_back(LinkKindValue(l.kind));
      params.emplace_back(l.event_seq);
      params.emplace_back(l.event_time_ms);
    }
    sql += " ON CONFLICT DO NOTHING";
    OCOP_RETURN_IF_ERROR(c_.Exec(sql, params));
  }
  return Status::Ok();
}

Result<std::vector<TraceEdgeRow>> SqlTraceRepository::Edges(std::span<const std::int64_t> node_ids,
                                                            bool outgoing) {
  std::vector<TraceEdgeRow> out;
  const char* near = outgoing ? "e.src" : "e.dst";
  const char* far = outgoing ? "e.dst" : "e.src";
  std::vector<Param> params;
  for (std::size_t first = 0; first < node_ids.size(); first += kKeysPerLookup) {
    const std::size_t n = std::min(kKeysPerLookup, node_ids.size() - first);
    params.assign(node_ids.begin() + static_cast<std::ptrdiff_t>(first),
                  node_ids.begin() + static_cast<std::ptrdiff_t>(first + n));
    std::string sql = std::string("SELECT ") + near + ", " + far +
                      ", n.key, n.kind, e.kind, e.seq, e.time_ms FROM trace_edges e "
                      "JOIN trace_nodes n ON n.id = " +
                      far + " WHERE " + near + " IN (" + Placeholders(1, n) + ")";
    OCOP_ASSIGN_OR_RETURN(ResultSet rs, c_.Query(sql, params));
    for (std::size_t i = 0; i < rs.rows.size(); ++i) {
      TraceEdgeRow e;
      e.near_id = rs.Int(i, 0);
      e.far_id = rs.Int(i, 1);
      e.far_key = std::move(*rs.rows[i][2]);
      e.far_kind = NodeKindOf(rs.Int(i, 3));
      e.kind = LinkKindOf(rs.Int(i, 4));
      e.event_seq = rs.Int(i, 5);
      e.event_time_ms = rs.Int(i, 6);
      out.push_back(std::move(e));
    }
  }
  return out;
}

Result<std::vector<std::pair<std::int64_t, std::string>>> SqlTraceRepository::EventIds(
    std::span<const std::int64_t> seqs) {
  std::vector<std::pair<std::int64_t, std::string>> out;
  std::vector<Param> params;
  for (std::size_t first = 0; first < seqs.size(); first += kKeysPerLookup) {
    const std::size_t n = std::min(kKeysPerLookup, seqs.size() - first);
    params.assign(seqs.begin() + static_cast<std::ptrdiff_t>(first),
                  seqs.begin() + static_cast<std::ptrdiff_t>(first + n));
    OCOP_ASSIGN_OR_RETURN(
        ResultSet rs,
        c_.Query("SELECT seq, event_id FROM epcis_events WHERE seq IN (" + Placeholders(1, n) + ")",
                 params));
    for (std::size_t i = 0; i < rs.rows.size(); ++i) {
      out.emplace_back(rs.Int(i, 0), std::move(*rs.rows[i][1]));
    }
  }
  return out;
}

Status SqlTraceRepository::AddTransformationSides(
    std::span<const domain::TransformationSide> sides) {
  std::vector<Param> params;
  for (std::size_t first = 0; first < sides.size(); first += kEdgesPerInsert) {
    const std::size_t n = std::min(kEdgesPerInsert, sides.size() - first);
    params.clear();
    std::string sql =
        "INSERT INTO trace_transformation_sides (transformation_id, side, key, seq, time_ms) "
        "VALUES ";
    for (std::size_t i = 0; i < n; ++i) {
      const auto& s = sides[first + i];
      sql += (i ? ", (" : "(") + Placeholders(params.size() + 1, 5) + ")";
      params.emplace_back(s.transformation_id);
      params.emplace_back(static_cast<std::int64_t>(s.output ? 1 : 0));
      params.emplace_back(s.key);
      params.emplace_back(s.event_seq);
      params.emplace_back(s.event_time_ms);
    }
    sql += " ON CONFLICT DO NOTHING";
    OCOP_RETURN_IF_ERROR(c_.Exec(sql, params));
  }
  return Status::Ok();
}

Result<std::vector<domain::TransformationSide>> SqlTraceRepository::TransformationSides(
    std::span<const std::string> ids) {
  std::vector<domain::TransformationSide> out;
  std::vector<Param> params;
  for (std::size_t first = 0; first < ids.size(); first += kKeysPerLookup) {
    const std::size_t n = std::min(kKeysPerLookup, ids.size() - first);
    params.assign(ids.begin() + static_cast<std::ptrdiff_t>(first),
                  ids.begin() + static_cast<std::ptrdiff_t>(first + n));
    OCOP_ASSIGN_OR_RETURN(ResultSet rs,
                          c_.Query("SELECT transformation_id, side, key, seq, time_ms FROM "
                                   "trace_transformation_sides WHERE transformation_id IN (" +
                                       Placeholders(1, n) + ")",
                                   params));
    for (std::size_t i = 0; i < rs.rows.size(); ++i) {
      domain::TransformationSide s;
      s.transformation_id = rs.Text(i, 0);
      s.output = rs.Int(i, 1) == 1;
      s.key = rs.Text(i, 2);
      s.event_seq = rs.Int(i, 3);
      s.event_time_ms = rs.Int(i, 4);
      out.push_back(std::move(s));
    }
  }
  return out;
}

Result<std::int64_t> SqlTraceRepository::CountEdges() {
  OCOP_ASSIGN_OR_RETURN(ResultSet rs, c_.Query("SELECT COUNT(*) FROM trace_edges", {}));
  return rs.Int(0, 0);
}

}  // namespace ocop::storage
