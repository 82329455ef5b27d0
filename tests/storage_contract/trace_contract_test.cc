// The trace graph's repository on every engine: keys interned once, a
// location named as an object becomes one, creation times keep the
// earliest, a link stored twice for one event is kept once, edges seen
// from either end, traces through the stored graph (depths, truncation),
// and the forward and backward seeks on their indexes.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "domain/traceability/trace_repository.h"
#include "domain/traceability/trace_service.h"
#include "storage/postgres/pg_connection.h"
#include "storage/sql/sql_repositories.h"
#include "storage/sqlite/sqlite_connection.h"
#include "storage_contract/engine_fixture.h"

namespace ocop::storage {
namespace {

using contract::EngineName;
using domain::Repositories;
using domain::TraceCreation;
using domain::TraceDirection;
using domain::TraceGraph;
using domain::TraceLinkKind;
using domain::TraceLinkRow;
using domain::TraceNodeKind;

constexpr auto kObject = TraceNodeKind::kObject;
constexpr auto kLocation = TraceNodeKind::kLocation;

TraceLinkRow Link(std::string from, std::string to, TraceLinkKind kind, std::int64_t seq,
                  TraceNodeKind from_kind = kObject, TraceNodeKind to_kind = kObject) {
  return {std::move(from), std::move(to), from_kind, to_kind, kind, seq, 1000 * seq};
}

class TraceContractTest : public contract::EngineTest {
 protected:
  Status Add(std::vector<TraceLinkRow> links, std::vector<TraceCreation> creations = {}) {
    return store_->Transact([&](Repositories& r) { return r.trace().AddLinks(links, creations); });
  }
  // area → harvest lot H1, H2 → blend B → pallet P → shop; B also → shop2.
  void Chain() {
    ASSERT_TRUE(Add({Link("urn:ocop:site:GA-1", "H1", TraceLinkKind::kOrigin, 1, kLocation),
                     Link("urn:ocop:site:GA-2", "H2", TraceLinkKind::kOrigin, 2, kLocation),
                     Link("H1", "B", TraceLinkKind::kTransformation, 3),
                     Link("H2", "B", TraceLinkKind::kTransformation, 3),
                     Link("B", "P", TraceLinkKind::kAggregation, 4),
                     Link("P", "shop", TraceLinkKind::kShipment, 5, kObject, kLocation),
                     Link("B", "shop2", TraceLinkKind::kShipment, 6, kObject, kLocation)},
                    {{"H1", 1000}, {"H2", 2000}, {"B", 3000}})
                    .ok());
  }
  Result<TraceGraph> Trace(std::vector<std::string> keys, TraceDirection d,
                           std::size_t max_nodes = 100) {
    TraceGraph g;
    Status s = store_->Read([&](Repositories& r) -> Status {
      OCOP_ASSIGN_OR_RETURN(g, domain::TraceFrom(r, keys, d, max_nodes));
      return Status::Ok();
    });
    if (!s.ok()) return Err(s);
    return g;
  }
  static int DepthOf(const TraceGraph& g, const std::string& key) {
    for (const auto& n : g.nodes) {
      if (n.key == key) return n.depth;
    }
    return 99;
  }
};

TEST_P(TraceContractTest, InternsKeysOnceAndKeepsEarliestCreation) {
  ASSERT_TRUE(
      Add({Link("A", "loc", TraceLinkKind::kShipment, 1, kObject, kLocation)}, {{"A", 5000}}).ok());
  // "loc" named as an object now; A made earlier by another event; the
  // same link of event 1 again changes nothing.
  ASSERT_TRUE(Add({Link("A", "loc", TraceLinkKind::kShipment, 1, kObject, kLocation),
                   Link("loc", "C", TraceLinkKind::kAggregation, 2)},
                  {{"A", 4000}, {"A", 4500}, {"C", 7000}})
                  .ok());
  ASSERT_TRUE(Add({}, {{"A", 9000}}).ok());  // later: no change
  std::vector<domain::TraceNodeRow> nodes;
  std::int64_t edges = 0;
  ASSERT_TRUE(store_
                  ->Read([&](Repositories& r) -> Status {
                    const std::vector<std::string> keys = {"A", "loc", "C", "missing"};
                    OCOP_ASSIGN_OR_RETURN(nodes, r.trace().FindNodes(keys));
                    OCOP_ASSIGN_OR_RETURN(edges, r.trace().CountEdges());
                    return Status::Ok();
                  })
                  .ok());
  ASSERT_EQ(nodes.size(), 3u);
  std::sort(nodes.begin(), nodes.end(), [](auto& a, auto& b) { return a.key < b.key; });
  EXPECT_EQ(nodes[0].key, "A");
  EXPECT_EQ(nodes[0].created_ms, 4000);
  EXPECT_EQ(nodes[1].key, "C");
  EXPECT_EQ(nodes[1].created_ms, 7000);
  EXPECT_EQ(nodes[2].key, "loc");
  EXPECT_EQ(nodes[2].kind, kObject);
  EXPECT_FALSE(nodes[2].created_ms);
  EXPECT_EQ(std::set<std::int64_t>({nodes[0].id, nodes[1].id, nodes[2].id}).size(), 3u);
  EXPECT_EQ(edges, 2);
}

// The sides of transformations stated in parts: kept once per event, read
// back by transformation id with their side, event and time.
TEST_P(TraceContractTest, TransformationSidesByTheirId) {
  using domain::TransformationSide;
  const std::vector<TransformationSide> sides = {{"urn:uuid:t1", false, "H1", 3, 3000},
                                                 {"urn:uuid:t1", true, "B", 4, 4000},
                                                 {"urn:uuid:t2", false, "H2", 5, 5000}};
  for (int twice = 0; twice < 2; ++twice) {
    ASSERT_TRUE(
        store_->Transact([&](Repositories& r) { return r.trace().AddTransformationSides(sides); })
            .ok());
  }
  std::vector<TransformationSide> t1;
  ASSERT_TRUE(store_
                  ->Read([&](Repositories& r) -> Status {
                    const std::vector<std::string> ids = {"urn:uuid:t1", "urn:uuid:none"};
                    OCOP_ASSIGN_OR_RETURN(t1, r.trace().TransformationSides(ids));
                    return Status::Ok();
                  })
                  .ok());
  ASSERT_EQ(t1.size(), 2u);
  std::sort(t1.begin(), t1.end(), [](auto& a, auto& b) { return a.event_seq < b.event_seq; });
  EXPECT_EQ(t1[0].transformation_id, "urn:uuid:t1");
  EXPECT_FALSE(t1[0].output);
  EXPECT_EQ(t1[0].key, "H1");
  EXPECT_EQ(t1[0].event_time_ms, 3000);
  EXPECT_TRUE(t1[1].output);
  EXPECT_EQ(t1[1].key, "B");
  EXPECT_EQ(t1[1].event_seq, 4);
}

TEST_P(TraceContractTest, EdgesFromEitherEnd) {
  Chain();
  std::vector<domain::TraceEdgeRow> out, in;
  ASSERT_TRUE(store_
                  ->Read([&](Repositories& r) -> Status {
                    const std::vector<std::string> keys = {"B"};
                    OCOP_ASSIGN_OR_RETURN(auto nodes, r.trace().FindNodes(keys));
                    const std::vector<std::int64_t> ids = {nodes.at(0).id};
                    OCOP_ASSIGN_OR_RETURN(out, r.trace().Edges(ids, true));
                    OCOP_ASSIGN_OR_RETURN(in, r.trace().Edges(ids, false));
                    return Status::Ok();
                  })
                  .ok());
  ASSERT_EQ(out.size(), 2u);
  std::sort(out.begin(), out.end(), [](auto& a, auto& b) { return a.event_seq < b.event_seq; });
  EXPECT_EQ(out[0].far_key, "P");
  EXPECT_EQ(out[0].kind, TraceLinkKind::kAggregation);
  EXPECT_EQ(out[0].event_time_ms, 4000);
  EXPECT_EQ(out[1].far_key, "shop2");
  EXPECT_EQ(out[1].far_kind, kLocation);
  ASSERT_EQ(in.size(), 2u);
  for (const auto& e : in) EXPECT_EQ(e.kind, TraceLinkKind::kTransformation);
}

TEST_P(TraceContractTest, TracesBothWaysWithDepthsAndTruncates) {
  Chain();
  auto back = Trace({"P"}, TraceDirection::kBackward);
  ASSERT_TRUE(back) << back.error().ToString();
  EXPECT_EQ(back->nodes.size(), 6u);  // P, B, H1, H2, GA-1, GA-2
  EXPECT_EQ(DepthOf(*back, "P"), 0);
  EXPECT_EQ(DepthOf(*back, "B"), -1);
  EXPECT_EQ(DepthOf(*back, "H2"), -2);
  EXPECT_EQ(DepthOf(*back, "urn:ocop:site:GA-1"), -3);
  EXPECT_EQ(back->edges.size(), 5u);
  EXPECT_FALSE(back->truncated);

  auto both = Trace({"B"}, TraceDirection::kBoth);
  ASSERT_TRUE(both);
  EXPECT_EQ(both->nodes.size(), 8u);
  EXPECT_EQ(DepthOf(*both, "shop"), 2);
  EXPECT_EQ(DepthOf(*both, "shop2"), 1);
  EXPECT_EQ(DepthOf(*both, "urn:ocop:site:GA-2"), -2);
  // Locations are leaves: a forward trace from a growing area goes nowhere.
  auto area = Trace({"urn:ocop:site:GA-1"}, TraceDirection::kForward);
  ASSERT_TRUE(area);
  EXPECT_EQ(area->nodes.size(), 1u);

  auto capped = Trace({"B"}, TraceDirection::kBoth, 4);
  ASSERT_TRUE(capped);
  EXPECT_EQ(capped->nodes.size(), 4u);
  EXPECT_TRUE(capped->truncated);
  for (const auto& e : capped->edges) {
    EXPECT_NE(DepthOf(*capped, e.from_key), 99) << e.from_key;
    EXPECT_NE(DepthOf(*capped, e.to_key), 99) << e.to_key;
  }
}

// On a database a second connection can open.
class TracePlanTest : public TraceContractTest {};

// The seeks of a trace level use the primary key (forward) and the dst index (backward).
TEST_P(TracePlanTest, LevelLookupsUseIndexes) {
  std::vector<TraceLinkRow> links;
  for (int i = 0; i < 2000; ++i) {
    links.push_back(Link("L" + std::to_string(i), "L" + std::to_string(i + 1),
                         TraceLinkKind::kTransformation, i + 1));
  }
  ASSERT_TRUE(Add(links).ok());
  auto raw =
      GetParam() == "postgres" ? OpenPostgres(url_) : OpenSqlite((dir_ / "ocop.db").string());
  ASSERT_TRUE(raw) << raw.error().ToString();
  Connection& conn = **raw;
  const bool pg = conn.dialect() == Dialect::kPostgres;
  if (pg) ASSERT_TRUE(conn.ExecScript("ANALYZE; SET enable_seqscan = off").ok());
  for (const auto& [near, far, index] :
       {std::tuple{"e.src", "e.dst", pg ? "trace_edges_pkey" : "PRIMARY KEY (src=?)"},
        std::tuple{"e.dst", "e.src", pg ? "trace_edges_dst" : "trace_edges_dst (dst=?)"}}) {
    std::string sql = std::string(pg ? "EXPLAIN " : "EXPLAIN QUERY PLAN ") + "SELECT " + near +
                      ", " + far +
                      ", n.key, n.kind, e.kind, e.seq, e.time_ms FROM trace_edges e JOIN "
                      "trace_nodes n ON n.id = " +
                      far + " WHERE " + near + " IN ($1, $2, $3)";
    Param p[] = {std::int64_t{5}, std::int64_t{50}, std::int64_t{500}};
    auto rs = conn.Query(sql, p);
    ASSERT_TRUE(rs) << rs.error().ToString();
    std::string plan;
    for (const auto& row : rs->rows) {
      for (const auto& cell : row) plan += (cell ? *cell : "") + " ";
      plan += "\n";
    }
    EXPECT_NE(plan.find(index), std::string::npos) << near << ":\n" << plan;
  }
}

INSTANTIATE_TEST_SUITE_P(Engines, TraceContractTest,
                         ::testing::Values("sqlite-file", "sqlite-memory", "postgres"), EngineName);
INSTANTIATE_TEST_SUITE_P(Engines, TracePlanTest, ::testing::Values("sqlite-file", "postgres"),
                         EngineName);

}  // namespace
}  // namespace ocop::storage
