// EPCIS repository benchmark (issue 5): capture throughput into SQLite with a
// large store already filled, next to plain SQLite inserts of the same rows
// in the same run (the ceiling), and MATCH_epc latency for one lot.
//
//   epcis_bench STORE_PATH [PRELOAD_EVENTS] [MEASURED_DOCUMENTS]
//
// STORE_PATH is a SQLite file that `ocop migrate` and `ocop seed-demo` have
// prepared (the capture jobs belong to the demo's `admin`). Prints
// `BENCH <name> <value> <unit>[ ratio=… vs …]` lines like bench/run.sh.
//
// The synthetic supply chain: 100,000 lots of 20,000 products without GTINs,
// identified by their platform URLs, at 900 sites; every lot has ten events
// spread over the whole history (commissioning with ILMD, packing into a
// pallet, shipping, receiving, …), so one lot's events sit in ten different
// documents. Two shapes of document are measured: "spread" (every event of a
// document about another lot at another site: the worst case for the indexes,
// each event landing on its own index pages) and "producer" (one
// cooperative's document: its 100 lots at its 5 sites, as a producer or its
// packing house captures them).

#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "core/clock.h"
#include "domain/traceability/epcis_service.h"
#include "gs1/digital_link.h"
#include "gs1/epcis/json_binding.h"
#include "storage/open_store.h"
#include "storage/sql/event_id_digest.h"

namespace {

using Clock = std::chrono::steady_clock;
constexpr int kEventsPerDocument = 1000;
constexpr std::int64_t kLots = 100000;
constexpr std::int64_t kBaseTime = 1735689600;  // 2025-01-01T00:00:00Z

[[noreturn]] void Die(const std::string& what) {
  std::fprintf(stderr, "epcis_bench: %s\n", what.c_str());
  std::exit(1);
}

std::string LotUrl(std::int64_t lot) {
  char buf[96];
  std::snprintf(buf, sizeof buf, "https://ocop.example.vn/p/52-%05lld-1-2025/l/L%06lld",
                static_cast<long long>(lot % 20000), static_cast<long long>(lot));
  return buf;
}

std::string Time(std::int64_t seconds) {
  const std::time_t t = static_cast<std::time_t>(kBaseTime + seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[40];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S.000Z", &tm);
  return buf;
}

enum class Shape { kSpread, kProducer };

// Event n of the history: at stage n / kLots (0..9) of a lot, about lot n %
// kLots at its site for the spread shape; for the producer shape, about one
// of the 100 lots at one of the 5 sites of producer (n / 1000) % 1000.
std::string EventJson(std::int64_t n, Shape shape) {
  const std::int64_t producer = (n / kEventsPerDocument) % 1000;
  const std::int64_t lot = shape == Shape::kSpread ? n % kLots : producer * 100 + n % 100;
  const std::int64_t stage = (n / kLots) % 10;
  const std::string epc = "\"" + LotUrl(lot) + "\"";
  const std::string when =
      "\"eventTime\":\"" + Time(n * 3) + "\",\"eventTimeZoneOffset\":\"+07:00\"";
  const std::string site =
      std::to_string(1 + (shape == Shape::kSpread ? lot % 900 : (producer * 5 + n % 5) % 900));
  const std::string where = ",\"readPoint\":{\"id\":\"urn:epc:id:sgln:8930000.0" + site +
                            ".0\"},\"bizLocation\":{\"id\":\"urn:epc:id:sgln:8930000.0" + site +
                            ".0\"}";
  switch (stage) {
    case 0:
      return "{\"type\":\"ObjectEvent\"," + when + ",\"epcList\":[" + epc +
             "],\"action\":\"ADD\",\"bizStep\":\"commissioning\",\"disposition\":\"active\"" +
             where + ",\"ilmd\":{\"cbvmda:harvestStartDate\":\"" + Time(n * 3).substr(0, 10) +
             "\"}}";
    case 1:
      return "{\"type\":\"AggregationEvent\"," + when + ",\"parentID\":\"urn:epc:id:sscc:8930000." +
             std::to_string(1000000000 + lot) + "\",\"childEPCs\":[" + epc +
             "],\"action\":\"ADD\",\"bizStep\":\"packing\",\"disposition\":\"in_progress\"" +
             where + "}";
    case 2:
    case 5:
    case 8:
      return "{\"type\":\"ObjectEvent\"," + when + ",\"epcList\":[" + epc +
             "],\"action\":\"OBSERVE\",\"bizStep\":\"shipping\",\"disposition\":\"in_transit\"" +
             where +
             ",\"bizTransactionList\":[{\"type\":\"po\",\"bizTransaction\":\"urn:epcglobal:cbv:bt:"
             "8930000000017:" +
             std::to_string(n) + "\"}]}";
    case 3:
    case 6:
    case 9:
      return "{\"type\":\"ObjectEvent\"," + when + ",\"epcList\":[" + epc +
             "],\"action\":\"OBSERVE\",\"bizStep\":\"receiving\",\"disposition\":\"in_progress\"" +
             where + "}";
    default:
      return "{\"type\":\"ObjectEvent\"," + when + ",\"epcList\":[" + epc +
             "],\"action\":\"OBSERVE\",\"bizStep\":\"storing\",\"disposition\":\"sellable_not_"
             "accessible\"" +
             where + "}";
  }
}

std::string Document(std::int64_t first_event, Shape shape = Shape::kSpread) {
  std::string doc =
      "{\"@context\":[\"https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld\"],"
      "\"type\":\"EPCISDocument\",\"schemaVersion\":\"2.0\",\"creationDate\":\"2026-12-01T00:00:"
      "00Z\","
      "\"epcisBody\":{\"eventList\":[";
  for (int i = 0; i < kEventsPerDocument; ++i) {
    if (i) doc += ',';
    doc += EventJson(first_event + i, shape);
  }
  doc += "]}}";
  return doc;
}

double Seconds(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double>(b - a).count();
}

// The ceiling: the rows the repository writes for one document (the job,
// the events, their identifiers and business transactions), inserted with
// plain prepared statements in one transaction on a connection of our own.
class PlainInserter {
 public:
  explicit PlainInserter(const std::string& path) {
    if (sqlite3_open(path.c_str(), &db_) != SQLITE_OK) Die("cannot open " + path);
    // The storage settings of storage/sqlite/sqlite_connection.cc's writer,
    // except that this connection never checkpoints while timed: Checkpoint()
    // runs after each run of documents, off the clock, so the ceiling is the
    // inserts alone (the store's writer checkpoints on a thread of its own).
    Exec(
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000; "
        "PRAGMA wal_autocheckpoint=0; PRAGMA journal_size_limit=134217728; "
        "PRAGMA cache_size=-65536;");
    job_ = Prepare(
        "INSERT INTO epcis_capture_jobs (capture_id, user_id, username, behaviour, success, "
        "event_count, captured_count, errors, created_at_ms, finished_at_ms, document) "
        "VALUES (?, ?, 'admin', 'rollback', 1, ?, ?, '', ?, ?, ?)");
    event_ = Prepare(
        "INSERT INTO epcis_events (event_id, type, action, biz_step, disposition, read_point, "
        "biz_location, event_time_ms, record_time_ms, job_id, context_id, json, event_digest) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?)");
    id_ = Prepare("INSERT INTO epcis_ids (key, role, seq) VALUES (?, ?, ?)");
    tx_ = Prepare("INSERT INTO epcis_biz_transactions (type, id, seq) VALUES (?, ?, ?)");
  }
  ~PlainInserter() {
    for (sqlite3_stmt* s : {job_, event_, id_, tx_}) sqlite3_finalize(s);
    sqlite3_close(db_);
  }

  void Checkpoint() { Exec("PRAGMA wal_checkpoint(PASSIVE)"); }

  void Insert(const std::string& job_id, const std::string& document,
              const std::vector<ocop::gs1::epcis::Event>& events, std::int64_t user_id) {
    Exec("BEGIN IMMEDIATE");
    Bind(job_, 1, job_id);
    sqlite3_bind_int64(job_, 2, user_id);
    sqlite3_bind_int64(job_, 3, static_cast<std::int64_t>(events.size()));
    sqlite3_bind_int64(job_, 4, static_cast<std::int64_t>(events.size()));
    sqlite3_bind_int64(job_, 5, 1);
    sqlite3_bind_int64(job_, 6, 2);
    Bind(job_, 7, document);
    Step(job_);
    for (const auto& e : events) {
      Bind(event_, 1, e.event_id);
      sqlite3_bind_int(event_, 2, static_cast<int>(e.type));
      Bind(event_, 3, e.action);
      Bind(event_, 4, e.biz_step);
      Bind(event_, 5, e.disposition);
      Bind(event_, 6, ocop::gs1::CanonicalEpc(e.read_point).key);
      Bind(event_, 7, ocop::gs1::CanonicalEpc(e.biz_location).key);
      sqlite3_bind_int64(event_, 8, e.event_time_ms);
      sqlite3_bind_int64(event_, 9, 1);
      Bind(event_, 10, job_id);
      Bind(event_, 11, e.json);
      sqlite3_bind_int64(event_, 12, ocop::storage::EventIdDigest(e.event_id));
      Step(event_);
      const std::int64_t seq = sqlite3_last_insert_rowid(db_);
      for (const auto& id : e.epcs) InsertId(id.key, id.role, seq);
      for (const auto& id : e.classes) InsertId(id.key, id.role + 10, seq);
      for (const auto& t : e.biz_transactions) {
        Bind(tx_, 1, t.type);
        Bind(tx_, 2, t.id);
        sqlite3_bind_int64(tx_, 3, seq);
        Step(tx_);
      }
    }
    Exec("COMMIT");
  }

 private:
  void InsertId(const std::string& key, int role, std::int64_t seq) {
    Bind(id_, 1, key);
    sqlite3_bind_int(id_, 2, role);
    sqlite3_bind_int64(id_, 3, seq);
    Step(id_);
  }
  sqlite3_stmt* Prepare(const char* sql) {
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v2(db_, sql, -1, &s, nullptr) != SQLITE_OK) Die(sqlite3_errmsg(db_));
    return s;
  }
  void Bind(sqlite3_stmt* s, int i, const std::string& v) {
    sqlite3_bind_text(s, i, v.data(), static_cast<int>(v.size()), SQLITE_STATIC);
  }
  void Step(sqlite3_stmt* s) {
    if (sqlite3_step(s) != SQLITE_DONE) Die(sqlite3_errmsg(db_));
    sqlite3_reset(s);
  }
  void Exec(const char* sql) {
    char* err = nullptr;
    if (sqlite3_exec(db_, sql, nullptr, nullptr, &err) != SQLITE_OK) Die(err ? err : sql);
  }

  sqlite3* db_ = nullptr;
  sqlite3_stmt* job_ = nullptr;
  sqlite3_stmt* event_ = nullptr;
  sqlite3_stmt* id_ = nullptr;
  sqlite3_stmt* tx_ = nullptr;
};

double Percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size())))];
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) Die("usage: epcis_bench STORE_PATH [PRELOAD_EVENTS] [MEASURED_DOCUMENTS]");
  const std::string path = argv[1];
  const std::int64_t preload = argc > 2 ? std::atoll(argv[2]) : 1000000;
  const int measured = argc > 3 ? std::atoi(argv[3]) : 20;

  auto store = ocop::storage::OpenStore("sqlite:" + path);
  if (!store) Die(store.error().ToString());
  ocop::SystemClock clock;
  ocop::domain::EpcisService epcis(**store, clock);
  ocop::domain::Principal admin;
  ocop::Status found = (*store)->Read([&](ocop::domain::Repositories& repos) -> ocop::Status {
    auto user = repos.users().FindByUsername("admin");
    if (!user) return user.error();
    if (!*user) return ocop::NotFound("no admin: run `ocop seed-demo` first");
    admin.user_id = (*user)->id;
    admin.username = "admin";
    admin.role = ocop::domain::Role::kNationalAdmin;
    return ocop::Status::Ok();
  });
  if (!found.ok()) Die(found.ToString());

  auto capture = [&](std::int64_t first_event) {
    auto job = epcis.CaptureDocument(admin, Document(first_event),
                                     ocop::domain::CaptureErrorBehaviour::kRollback);
    if (!job) Die("capture failed: " + job.error().ToString());
    if (job->captured_count != kEventsPerDocument) Die("a document was not captured whole");
  };

  // 1. Fill the store through the capture path itself.
  std::int64_t next = 0;
  const auto fill0 = Clock::now();
  while (next < preload) {
    capture(next);
    next += kEventsPerDocument;
  }
  const double fill_s = Seconds(fill0, Clock::now());
  std::printf("# preloaded %lld events in %.1f s (%.0f events/s through capture)\n",
              static_cast<long long>(next), fill_s, static_cast<double>(next) / fill_s);

  // 2. Capture with the store full, next to plain inserts of the same rows
  // on a connection of their own. The two alternate in runs of documents
  // (ours, plain, plain, ours: the machine's load drifts) rather than one by
  // one, because in WAL mode one connection's write empties the other's page
  // cache; the first document of each run warms the cache and is not timed.
  // Plain rows come from parsing outside the clock.
  PlainInserter plain(path);
  const int per_run = std::max(1, measured / 2);
  auto measure = [&](Shape shape, const char* name) {
    double ours_s = 0, plain_s = 0, parse_s = 0;
    int plain_docs = 0;
    auto run_ours = [&] {
      for (int d = 0; d <= per_run; ++d) {
        const std::string document = Document(next, shape);
        next += kEventsPerDocument;
        const auto t0 = Clock::now();
        auto job =
            epcis.CaptureDocument(admin, document, ocop::domain::CaptureErrorBehaviour::kRollback);
        const auto t1 = Clock::now();
        if (!job || job->captured_count != kEventsPerDocument) Die("measured capture failed");
        if (d > 0) ours_s += Seconds(t0, t1);
      }
    };
    auto run_plain = [&] {
      for (int d = 0; d <= per_run; ++d) {
        const std::string document = Document(next, shape);
        next += kEventsPerDocument;
        const auto p0 = Clock::now();
        auto parsed = ocop::gs1::epcis::ParseDocument(document);
        const auto p1 = Clock::now();
        if (!parsed || !parsed->errors.empty()) Die("the generated document does not parse");
        plain.Insert("plain-" + std::to_string(next), document, parsed->events, admin.user_id);
        if (d > 0) {
          parse_s += Seconds(p0, p1);
          plain_s += Seconds(p1, Clock::now());
          ++plain_docs;
        }
      }
      plain.Checkpoint();
    };
    run_ours();
    run_plain();
    run_plain();
    run_ours();
    const double events = 2.0 * per_run * kEventsPerDocument;
    const double ours_rate = events / ours_s, plain_rate = events / plain_s;
    std::printf("# %s documents: %d of %d events each way, in runs of %d after a warm-up\n", name,
                2 * per_run, kEventsPerDocument, per_run);
    std::printf("BENCH epcis_capture_%s_plain_sqlite_insert %.0f events/s\n", name, plain_rate);
    std::printf(
        "BENCH epcis_capture_%s %.0f events/s ratio=%.2f vs epcis_capture_%s_plain_sqlite_insert\n",
        name, ours_rate, ours_rate / plain_rate, name);
    std::printf("BENCH epcis_parse_document_%s %.1f ms per %d events\n", name,
                1000 * parse_s / plain_docs, kEventsPerDocument);
  };
  std::printf("# store holding %lld events before the measured captures\n",
              static_cast<long long>(next));
  measure(Shape::kSpread, "spread");
  measure(Shape::kProducer, "producer");

  // 3. MATCH_epc for one lot, lots picked at random over the whole history.
  std::mt19937_64 rng(42);
  std::uniform_int_distribution<std::int64_t> pick(0, std::min<std::int64_t>(kLots, preload) - 1);
  std::vector<double> ms;
  std::size_t hits = 0;
  for (int q = 0; q < 2000; ++q) {
    ocop::domain::EventQuery query;
    ocop::domain::IdMatch match;
    match.roles = {static_cast<std::uint8_t>(ocop::gs1::epcis::EpcRole::kEpc)};
    match.keys = {LotUrl(pick(rng))};
    match.is_prefix = {false};
    query.ids.push_back(match);
    query.limit = 100;
    const auto t0 = Clock::now();
    auto page = epcis.Query(query, "");
    ms.push_back(1000 * Seconds(t0, Clock::now()));
    if (!page) Die("query failed: " + page.error().ToString());
    hits += page->events.size();
  }
  std::printf("# MATCH_epc: 2000 queries for random lots, %.1f events per answer\n",
              static_cast<double>(hits) / 2000);
  std::printf("BENCH epcis_match_epc_p50 %.2f ms\n", Percentile(ms, 0.50));
  std::printf("BENCH epcis_match_epc_p99 %.2f ms\n", Percentile(ms, 0.99));
  return 0;
}
