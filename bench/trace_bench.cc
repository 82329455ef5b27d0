// Trace and recall benchmark (issue 6) on a store `ocop bench-data` filled.
//
//   trace_bench SQLITE_PATH MANIFEST [--pg URL] [--lots N] [--recall]
//
// SQLITE_PATH: the generated SQLite store; MANIFEST: the JSON file
// `ocop bench-data --manifest` wrote for it (sample lots, bulk lots).
// 1. N lots drawn from the manifest's sample with a fixed seed are traced
//    forward and backward (TraceDirection::kBoth) through TraceService on the
//    SQLite store: p50 and p99 in ms, after a warm-up pass over other lots.
// 2. With --pg URL (the same data loaded into PostgreSQL with the same seed),
//    the same traces as one PostgreSQL recursive CTE over the same node and
//    edge tables (migration 0004), the approach most teams would take, read
//    through libpq: p50 and p99, and our time as a ratio to it. The node
//    counts of the two must agree lot by lot (a WARN line says otherwise).
// 3. With --recall: opens a recall (RecallService, as an inspector would) on
//    the lot whose forward trace names closest to and at least 1,000
//    tracking events (the manifest's first recall candidate), reads its affected records and writes
//    them as a spreadsheet, timed together. Run last: it writes to the store (lots marked
//    recalled).
//
// Prints `BENCH <name> <value> <unit>[ ratio=… vs …]` lines like bench/run.sh,
// `#` lines for details.

#include <libpq-fe.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "core/clock.h"
#include "domain/traceability/trace_service.h"
#include "gs1/digital_link.h"
#include "storage/open_store.h"
#include "trace_bench_recall.h"

namespace {

using Clock = std::chrono::steady_clock;

[[noreturn]] void Die(const std::string& what) {
  std::fprintf(stderr, "trace_bench: %s\n", what.c_str());
  std::exit(1);
}

double Ms(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double, std::milli>(b - a).count();
}

double Percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  const double rank = p * static_cast<double>(v.size() - 1);
  const auto lo = static_cast<std::size_t>(rank);
  const std::size_t hi = std::min(v.size() - 1, lo + 1);
  return v[lo] + (v[hi] - v[lo]) * (rank - static_cast<double>(lo));
}

// splitmix64: the same draw of lots on every platform.
std::uint64_t Next(std::uint64_t& s) {
  std::uint64_t z = (s += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

// The forward and backward trace of one key as a recursive CTE: objects
// (kind 0) are expanded, locations are leaves, as TraceFrom does; returns
// every edge walked with both keys, like the TraceGraph's edges.
constexpr const char* kRecursiveCte = R"SQL(
WITH RECURSIVE
start AS (SELECT id FROM trace_nodes WHERE key = $1),
fwd(id) AS (
  SELECT id FROM start
  UNION
  SELECT e.dst FROM fwd
    JOIN trace_nodes n ON n.id = fwd.id AND n.kind = 0
    JOIN trace_edges e ON e.src = fwd.id),
bwd(id) AS (
  SELECT id FROM start
  UNION
  SELECT e.src FROM bwd
    JOIN trace_nodes n ON n.id = bwd.id AND n.kind = 0
    JOIN trace_edges e ON e.dst = bwd.id)
SELECT s.key, d.key, d.kind, e.kind, e.seq, e.time_ms FROM fwd
  JOIN trace_nodes s ON s.id = fwd.id AND s.kind = 0
  JOIN trace_edges e ON e.src = fwd.id
  JOIN trace_nodes d ON d.id = e.dst
UNION ALL
SELECT s.key, d.key, s.kind, e.kind, e.seq, e.time_ms FROM bwd
  JOIN trace_nodes d ON d.id = bwd.id AND d.kind = 0
  JOIN trace_edges e ON e.dst = bwd.id
  JOIN trace_nodes s ON s.id = e.src
)SQL";

class Postgres {
 public:
  explicit Postgres(const std::string& url) : c_(PQconnectdb(url.c_str())) {
    if (PQstatus(c_) != CONNECTION_OK) Die(std::string("PostgreSQL: ") + PQerrorMessage(c_));
    PGresult* r = PQprepare(c_, "trace", kRecursiveCte, 1, nullptr);
    if (PQresultStatus(r) != PGRES_COMMAND_OK) Die(std::string("prepare: ") + PQerrorMessage(c_));
    PQclear(r);
  }
  ~Postgres() { PQfinish(c_); }

  // The number of distinct nodes the trace reaches (the start included).
  std::size_t Trace(const std::string& key) {
    const char* params[] = {key.c_str()};
    PGresult* r = PQexecPrepared(c_, "trace", 1, params, nullptr, nullptr, 0);
    if (PQresultStatus(r) != PGRES_TUPLES_OK) Die(std::string("trace: ") + PQerrorMessage(c_));
    std::set<std::string> nodes{key};
    for (int i = 0; i < PQntuples(r); ++i) {
      nodes.emplace(PQgetvalue(r, i, 0));
      nodes.emplace(PQgetvalue(r, i, 1));
    }
    PQclear(r);
    return nodes.size();
  }

 private:
  PGconn* c_;
};

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) Die("usage: trace_bench SQLITE_PATH MANIFEST [--pg URL] [--lots N] [--recall]");
  const std::string path = argv[1];
  std::string pg_url;
  std::size_t lots = 500;
  bool recall = false;
  for (int i = 3; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--pg" && i + 1 < argc) {
      pg_url = argv[++i];
    } else if (a == "--lots" && i + 1 < argc) {
      lots = static_cast<std::size_t>(std::atoll(argv[++i]));
    } else if (a == "--recall") {
      recall = true;
    } else {
      Die("unknown argument " + a);
    }
  }
  nlohmann::json manifest;
  {
    std::ifstream in(argv[2]);
    if (!in) Die(std::string("cannot read ") + argv[2]);
    manifest = nlohmann::json::parse(in);
  }
  const auto& sample = manifest.at("sample_lots");
  if (sample.empty() || lots == 0) Die("the manifest names no lots");

  auto store = ocop::storage::OpenStore("sqlite:" + path);
  if (!store) Die("cannot open " + path + ": " + store.error().ToString());
  const ocop::domain::TraceService trace(**store);

  // The lots, drawn with a fixed seed; a warm-up pass over as many others
  // brings the pages a server would hold into the cache.
  std::uint64_t seed = 42;
  std::vector<std::size_t> measured, warm;
  for (std::size_t i = 0; i < lots; ++i) measured.push_back(Next(seed) % sample.size());
  for (std::size_t i = 0; i < std::min<std::size_t>(lots, 200); ++i) {
    warm.push_back(Next(seed) % sample.size());
  }
  std::size_t expected_mismatch = 0;
  for (std::size_t i : warm) {
    if (!trace.Trace(sample[i].at("id").get<std::string>(), ocop::domain::TraceDirection::kBoth)) {
      Die("cannot trace " + sample[i].at("id").get<std::string>());
    }
  }
  std::vector<double> ours;
  std::vector<std::size_t> node_counts;
  std::size_t truncated = 0, total_nodes = 0, max_nodes = 0;
  for (std::size_t i : measured) {
    const std::string id = sample[i].at("id").get<std::string>();
    const auto t0 = Clock::now();
    auto graph = trace.Trace(id, ocop::domain::TraceDirection::kBoth);
    const auto t1 = Clock::now();
    if (!graph) Die("trace of " + id + ": " + graph.error().ToString());
    ours.push_back(Ms(t0, t1));
    node_counts.push_back(graph->nodes.size());
    total_nodes += graph->nodes.size();
    max_nodes = std::max(max_nodes, graph->nodes.size());
    if (graph->truncated) ++truncated;
    // The generator's own count: objects and locations forward and
    // backward, the start counted in both.
    const auto& f = sample[i].at("forward");
    const auto& b = sample[i].at("backward");
    const std::size_t expected =
        f.at("objects").get<std::size_t>() + f.at("locations").get<std::size_t>() +
        b.at("objects").get<std::size_t>() + b.at("locations").get<std::size_t>() - 1;
    if (expected != graph->nodes.size()) ++expected_mismatch;
  }
  const double p50 = Percentile(ours, 0.5), p99 = Percentile(ours, 0.99);
  std::printf("# trace: %zu lots, %.1f nodes on average, %zu at most, %zu truncated\n",
              measured.size(),
              static_cast<double>(total_nodes) / static_cast<double>(measured.size()), max_nodes,
              truncated);
  if (expected_mismatch) {
    std::printf(
        "WARN trace: %zu of %zu traces reach another number of nodes than the generator "
        "planned\n",
        expected_mismatch, measured.size());
  }

  std::string ratio50, ratio99;
  if (!pg_url.empty()) {
    Postgres pg(pg_url);
    for (std::size_t i : warm) pg.Trace(sample[i].at("key").get<std::string>());
    std::vector<double> theirs;
    std::size_t disagree = 0;
    for (std::size_t k = 0; k < measured.size(); ++k) {
      const std::string key = sample[measured[k]].at("key").get<std::string>();
      const auto t0 = Clock::now();
      const std::size_t n = pg.Trace(key);
      theirs.push_back(Ms(t0, Clock::now()));
      if (n != node_counts[k]) ++disagree;
    }
    const double pg50 = Percentile(theirs, 0.5), pg99 = Percentile(theirs, 0.99);
    std::printf("BENCH pg_recursive_cte_p50 %.2f ms\n", pg50);
    std::printf("BENCH pg_recursive_cte_p99 %.2f ms\n", pg99);
    if (disagree) {
      std::printf("WARN pg_recursive_cte: %zu of %zu traces reach another number of nodes\n",
                  disagree, measured.size());
    }
    char r[96];
    std::snprintf(r, sizeof r, " ratio=%.2f vs pg_recursive_cte_p50", p50 / pg50);
    ratio50 = r;
    std::snprintf(r, sizeof r, " ratio=%.2f vs pg_recursive_cte_p99", p99 / pg99);
    ratio99 = r;
  }
  std::printf("BENCH trace_p50 %.2f ms%s\n", p50, ratio50.c_str());
  std::printf("BENCH trace_p99 %.2f ms%s\n", p99, ratio99.c_str());

  if (recall) {
    // The generator's first recall candidate: the lot whose forward trace
    // names the fewest tracking events at or above 1,000 (else the most).
    const auto& candidates = manifest.at("recall_lots");
    if (candidates.empty()) Die("the manifest names no lot for the recall");
    const nlohmann::json* pick = &candidates.front();
    ocop::SystemClock clock;
    auto result = ocop::bench::OpenRecallAndExport(
        **store, clock, pick->at("id").get<std::string>(), OCOP_DATA_DIR);
    if (!result) Die("recall: " + result.error().ToString());
    std::printf("# recall %s on %s: open %.1f ms, records %.1f ms, export %.1f ms (%zu bytes)\n",
                result->number.c_str(), pick->at("id").get<std::string>().c_str(), result->open_ms,
                result->read_ms, result->export_ms, result->bytes);
    std::printf("BENCH recall_open_export %.1f ms (%zu affected)\n",
                result->open_ms + result->read_ms + result->export_ms, result->records);
  }
  return 0;
}
