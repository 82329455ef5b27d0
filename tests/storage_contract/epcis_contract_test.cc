// The EPCIS repository on every engine: events, identifiers and contexts
// round-trip, every query criterion, duplicate ids refused with nothing
// written, capture jobs, pages that neither repeat nor skip while captures
// continue, and the indexes the EPC and bizStep queries use.
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <set>
#include <thread>

#include "core/crypto.h"
#include "storage/postgres/pg_connection.h"
#include "storage/sql/sql_repositories.h"
#include "storage/sqlite/sqlite_connection.h"
#include "storage_contract/engine_fixture.h"

namespace ocop::storage {
namespace {

using contract::EngineName;
using domain::EventQuery;
using domain::Repositories;
using domain::StoredEvent;
using gs1::epcis::Event;
using gs1::epcis::EventType;

constexpr const char* kLot = "https://id.gs1.org/01/04012345123456/10/L1";
std::string Sgtin(int serial) {
  return "https://id.gs1.org/01/04012345123456/21/" + std::to_string(serial);
}

class EpcisContractTest : public contract::EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    if (HasFatalFailure()) return;
    domain::User u;
    u.username = "htx.tancuong";
    u.password_hash = "$argon2id$x";
    u.created_at = 1;
    ASSERT_TRUE(store_
                    ->Transact([&](Repositories& r) -> Status {
                      OCOP_ASSIGN_OR_RETURN(user_id_, r.users().Insert(u));
                      return Status::Ok();
                    })
                    .ok());
  }

 public:
  static Event MakeEvent(const std::string& id, std::int64_t time_ms) {
    Event e;
    e.event_id = id;
    e.type = EventType::kObject;
    e.action = "OBSERVE";
    e.biz_step = "shipping";
    e.disposition = "in_transit";
    e.read_point = "https://id.gs1.org/414/8934567000017";
    e.biz_location = "https://id.gs1.org/414/8934567000024";
    e.event_time_ms = time_ms;
    e.json = R"({"type":"ObjectEvent","eventID":")" + id + R"(","note":"Chè Tân Cương"})";
    return e;
  }

 protected:
  // Captures `events` as the service does: lock, context, events, job.
  Status Capture(const std::vector<Event>& events, const std::string& context = "",
                 SqlStore* store = nullptr) {
    const std::string job_id = crypto::RandomToken(8);
    return (store ? *store : *store_).Transact([&](Repositories& r) -> Status {
      OCOP_RETURN_IF_ERROR(r.epcis().LockForCapture());
      std::int64_t context_id = 0;
      if (!context.empty()) {
        OCOP_ASSIGN_OR_RETURN(context_id,
                              r.epcis().PutContext(crypto::Sha256Hex(context), context));
      }
      auto first = r.epcis().InsertEvents(events, 1795316400000, job_id, context_id);
      return first ? Status::Ok() : first.error();
    });
  }

  std::vector<StoredEvent> Query(const EventQuery& q) {
    std::vector<StoredEvent> out;
    Status s = store_->Read([&](Repositories& r) -> Status {
      OCOP_ASSIGN_OR_RETURN(out, r.epcis().Query(q));
      return Status::Ok();
    });
    EXPECT_TRUE(s.ok()) << s.ToString();
    return out;
  }

  static std::vector<std::string> Ids(const std::vector<StoredEvent>& events) {
    std::vector<std::string> ids;
    for (const auto& e : events) ids.push_back(e.event.event_id);
    return ids;
  }

  std::int64_t Count() {
    std::int64_t n = -1;
    EXPECT_TRUE(store_
                    ->Read([&](Repositories& r) -> Status {
                      OCOP_ASSIGN_OR_RETURN(n, r.epcis().CountEvents());
                      return Status::Ok();
                    })
                    .ok());
    return n;
  }

  std::int64_t user_id_ = 0;
};

// Three events: a shipping of two serials, a receiving of one with a lot in
// its quantity list and a purchase order, and an aggregation under a pallet.
std::vector<Event> SampleEvents() {
  std::vector<Event> events;
  Event a = EpcisContractTest::MakeEvent("ni:///sha-256;aa?ver=CBV2.0", 3000);
  a.epcs = {{1, Sgtin(1)}, {1, Sgtin(2)}, {1, Sgtin(2)}};  // listed twice: indexed once
  events.push_back(a);
  Event b = EpcisContractTest::MakeEvent("urn:uuid:6f6e3c2a-0000-4000-8000-000000000002", 1000);
  b.biz_step = "receiving";
  b.disposition = "in_progress";
  b.action = "ADD";
  b.biz_location = "https://id.gs1.org/414/8934567000031";
  b.epcs = {{1, Sgtin(2)}};
  b.classes = {{1, kLot}};
  b.biz_transactions = {{"po", "urn:epcglobal:cbv:bt:8934567000017:PO-1"}};
  events.push_back(b);
  Event c = EpcisContractTest::MakeEvent("ni:///sha-256;cc?ver=CBV2.0", 2000);
  c.type = EventType::kAggregation;
  c.action = "ADD";
  c.biz_step = "packing";
  c.epcs = {{1, Sgtin(3)}};
  c.epcs.push_back({2, "https://id.gs1.org/00/189345670000000019"});
  events.push_back(c);
  return events;
}

TEST_P(EpcisContractTest, EventsRoundTripAndEveryCriterionFilters) {
  const std::string context =
      R"(["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld",{"ex":"https://ex.vn/"}])";
  ASSERT_TRUE(Capture(SampleEvents(), context).ok());
  EXPECT_EQ(Count(), 3);

  std::optional<StoredEvent> got;
  ASSERT_TRUE(store_
                  ->Read([&](Repositories& r) -> Status {
                    OCOP_ASSIGN_OR_RETURN(got, r.epcis().GetEvent("ni:///sha-256;aa?ver=CBV2.0"));
                    return Status::Ok();
                  })
                  .ok());
  ASSERT_TRUE(got);
  EXPECT_EQ(got->event.json, SampleEvents()[0].json);  // Vietnamese text byte for byte
  EXPECT_EQ(got->context_json, context);
  EXPECT_EQ(got->event.biz_step, "shipping");
  EXPECT_EQ(got->event.event_time_ms, 3000);
  EXPECT_EQ(got->record_time_ms, 1795316400000);

  EventQuery all;
  EXPECT_EQ(Ids(Query(all)).size(), 3u);
  using V = std::vector<std::string>;
  auto by = [&](auto set) {
    EventQuery q;
    set(q);
    return Ids(Query(q));
  };
  const std::string a = "ni:///sha-256;aa?ver=CBV2.0", c = "ni:///sha-256;cc?ver=CBV2.0";
  const std::string b = "urn:uuid:6f6e3c2a-0000-4000-8000-000000000002";
  EXPECT_EQ(by([](EventQuery& q) { q.types = {EventType::kAggregation}; }), V{c});
  EXPECT_EQ(by([](EventQuery& q) { q.actions = {"ADD"}; }), (V{b, c}));
  EXPECT_EQ(by([](EventQuery& q) { q.biz_steps = {"shipping", "packing"}; }), (V{a, c}));
  EXPECT_EQ(by([](EventQuery& q) { q.dispositions = {"in_progress"}; }), V{b});
  EXPECT_EQ(by([](EventQuery& q) { q.biz_locations = {"https://id.gs1.org/414/8934567000031"}; }),
            V{b});
  EXPECT_EQ(
      by([](EventQuery& q) { q.read_points = {"https://id.gs1.org/414/8934567000017"}; }).size(),
      3u);
  EXPECT_EQ(by([&](EventQuery& q) { q.event_ids = {c}; }), V{c});
  EXPECT_EQ(by([](EventQuery& q) {
              q.ge_event_time_ms = 2000;
              q.lt_event_time_ms = 3000;
            }),
            V{c});
  EXPECT_EQ(by([](EventQuery& q) { q.ge_record_time_ms = 1795316400001; }), V{});
  EXPECT_EQ(by([](EventQuery& q) { q.lt_record_time_ms = 1795316400001; }).size(), 3u);
  // MATCH_epc on serial 2: both events; on the parent SSCC only as parentID.
  EXPECT_EQ(by([](EventQuery& q) { q.ids = {{{1}, {Sgtin(2)}, {false}}}; }), (V{a, b}));
  EXPECT_EQ(by([](EventQuery& q) {
              q.ids = {{{1}, {"https://id.gs1.org/00/189345670000000019"}, {false}}};
            }),
            V{});
  EXPECT_EQ(by([](EventQuery& q) {
              q.ids = {{{2}, {"https://id.gs1.org/00/189345670000000019"}, {false}}};
            }),
            V{c});
  // A pattern is a prefix: every serial of the GTIN.
  EXPECT_EQ(by([](EventQuery& q) {
              q.ids = {{{1}, {"https://id.gs1.org/01/04012345123456/21/"}, {true}}};
            }),
            (V{a, b, c}));
  EXPECT_EQ(by([](EventQuery& q) { q.ids = {{{11}, {kLot}, {false}}}; }), V{b});
  EXPECT_EQ(by([](EventQuery& q) { q.ids = {{{1}, {kLot}, {false}}}; }), V{});
  // Criteria combine: serial 2 AND bizStep receiving.
  EXPECT_EQ(by([](EventQuery& q) {
              q.ids = {{{1}, {Sgtin(2)}, {false}}};
              q.biz_steps = {"receiving"};
            }),
            V{b});
  EXPECT_EQ(by([](EventQuery& q) {
              q.biz_transactions = {{"po", {"urn:epcglobal:cbv:bt:8934567000017:PO-1"}}};
            }),
            V{b});
  EXPECT_EQ(by([](EventQuery& q) { q.biz_transactions = {{"inv", {"x"}}}; }), V{});
  // Paging by seq.
  auto first = Query(EventQuery{.limit = 2});
  ASSERT_EQ(first.size(), 2u);
  EXPECT_EQ(Ids(Query(EventQuery{.after_seq = first.back().seq, .limit = 2})), V{c});

  // Any role, oldest event time first.
  std::vector<StoredEvent> history;
  ASSERT_TRUE(store_
                  ->Read([&](Repositories& r) -> Status {
                    OCOP_ASSIGN_OR_RETURN(
                        history,
                        r.epcis().EventsForKey("https://id.gs1.org/01/04012345123456/", true, 10));
                    return Status::Ok();
                  })
                  .ok());
  EXPECT_EQ(Ids(history), (V{b, c, a}));
}

TEST_P(EpcisContractTest, ContextsAreStoredOnce) {
  const std::string context = R"({"ex":"https://ex.vn/"})";
  std::int64_t first = 0, second = 0;
  ASSERT_TRUE(store_
                  ->Transact([&](Repositories& r) -> Status {
                    OCOP_ASSIGN_OR_RETURN(
                        first, r.epcis().PutContext(crypto::Sha256Hex(context), context));
                    OCOP_ASSIGN_OR_RETURN(
                        second, r.epcis().PutContext(crypto::Sha256Hex(context), context));
                    return Status::Ok();
                  })
                  .ok());
  EXPECT_GT(first, 0);
  EXPECT_EQ(first, second);
}

TEST_P(EpcisContractTest, ADuplicateEventIdWritesNothing) {
  ASSERT_TRUE(Capture({MakeEvent("urn:uuid:1", 1)}).ok());
  std::vector<Event> batch = {MakeEvent("urn:uuid:2", 2), MakeEvent("urn:uuid:1", 3)};
  batch[0].epcs = {{1, Sgtin(9)}};
  Status s = Capture(batch);
  EXPECT_EQ(s.code(), Code::kAlreadyExists);
  EXPECT_EQ(s.message().key, "error.epcis.duplicate_event");
  EXPECT_EQ(Count(), 1);
  EventQuery q;
  q.ids = {{{1}, {Sgtin(9)}, {false}}};
  EXPECT_TRUE(Query(q).empty());  // nor its identifiers
  std::vector<std::string> existing;
  ASSERT_TRUE(store_
                  ->Read([&](Repositories& r) -> Status {
                    std::vector<std::string> ids = {"urn:uuid:1", "urn:uuid:2"};
                    OCOP_ASSIGN_OR_RETURN(existing, r.epcis().ExistingEventIds(ids));
                    return Status::Ok();
                  })
                  .ok());
  EXPECT_EQ(existing, std::vector<std::string>{"urn:uuid:1"});
}

TEST_P(EpcisContractTest, CaptureJobsRoundTrip) {
  domain::CaptureJob job;
  job.id = "job-1";
  job.user_id = user_id_;
  job.username = "htx.tancuong";
  job.behaviour = domain::CaptureErrorBehaviour::kProceed;
  job.success = false;
  job.created_at_ms = 10;
  job.finished_at_ms = 11;
  job.event_count = 3;
  job.captured_count = 1;
  job.errors = {{0, "epcList[2]", {"error.epcis.bad_epc", {{"value", "Lô; số=1\n"}}}},
                {2, "", {"error.epcis.duplicate_event", {}}}};
  job.document = R"({"type":"EPCISDocument","note":"Hợp tác xã"})";
  domain::CaptureJob other = job;
  other.id = "job-2";
  other.errors.clear();
  ASSERT_TRUE(store_
                  ->Transact([&](Repositories& r) -> Status {
                    OCOP_RETURN_IF_ERROR(r.epcis().InsertJob(job));
                    return r.epcis().InsertJob(other);
                  })
                  .ok());
  std::optional<domain::CaptureJob> got;
  std::vector<domain::CaptureJob> mine, none;
  ASSERT_TRUE(store_
                  ->Read([&](Repositories& r) -> Status {
                    OCOP_ASSIGN_OR_RETURN(got, r.epcis().GetJob("job-1"));
                    OCOP_ASSIGN_OR_RETURN(mine, r.epcis().ListJobs(user_id_, 0, 10));
                    OCOP_ASSIGN_OR_RETURN(none, r.epcis().ListJobs(user_id_ + 1, 0, 10));
                    return Status::Ok();
                  })
                  .ok());
  ASSERT_TRUE(got);
  EXPECT_EQ(got->document, job.document);
  EXPECT_EQ(got->behaviour, domain::CaptureErrorBehaviour::kProceed);
  EXPECT_FALSE(got->success);
  EXPECT_EQ(got->event_count, 3);
  EXPECT_EQ(got->captured_count, 1);
  ASSERT_EQ(got->errors.size(), 2u);
  EXPECT_EQ(got->errors[0].field, "epcList[2]");
  EXPECT_EQ(got->errors[0].message.args[0].second, "Lô; số=1\n");
  EXPECT_EQ(got->errors[1].index, 2);
  ASSERT_EQ(mine.size(), 2u);
  EXPECT_EQ(mine[0].id, "job-2");  // newest first
  EXPECT_TRUE(mine[0].document.empty());
  EXPECT_TRUE(none.empty());
}

class EpcisConcurrencyTest : public EpcisContractTest {};

// Two writers capture batches while a reader pages through: the pages, put
// together, are every event exactly once in one increasing order.
TEST_P(EpcisConcurrencyTest, PagesNeitherRepeatNorSkipWhileCapturesContinue) {
  constexpr int kBatches = 30, kPerBatch = 10;
  auto second = Open();
  ASSERT_TRUE(second);
  std::atomic<int> writers_left{2};
  std::vector<std::thread> writers;
  for (int w = 0; w < 2; ++w) {
    writers.emplace_back([&, w] {
      for (int b = 0; b < kBatches; ++b) {
        std::vector<Event> batch;
        for (int i = 0; i < kPerBatch; ++i) {
          batch.push_back(MakeEvent(
              "urn:uuid:w" + std::to_string(w) + "-" + std::to_string(b) + "-" + std::to_string(i),
              i));
          batch.back().epcs = {{1, Sgtin(w * 100000 + b * 100 + i)}};
        }
        Status s = Capture(batch, "", w == 0 ? store_.get() : second.get());
        if (!s.ok()) ADD_FAILURE() << s.ToString();
      }
      --writers_left;
    });
  }
  std::vector<StoredEvent> seen;
  std::int64_t after = 0;
  while (true) {
    const bool finished = writers_left.load() == 0;
    auto page = Query(EventQuery{.after_seq = after, .limit = 7});
    for (auto& e : page) {
      EXPECT_GT(e.seq, after);
      after = e.seq;
      seen.push_back(std::move(e));
    }
    if (page.empty() && finished) break;
  }
  for (auto& t : writers) t.join();
  std::set<std::string> ids;
  for (const auto& e : seen) ids.insert(e.event.event_id);
  EXPECT_EQ(seen.size(), std::size_t{2 * kBatches * kPerBatch});
  EXPECT_EQ(ids.size(), seen.size());
  EXPECT_EQ(Count(), static_cast<std::int64_t>(seen.size()));
}

// Records the statements a repository runs, so that the test can ask the
// engine how it would run them.
class RecordingConnection final : public Connection {
 public:
  explicit RecordingConnection(Connection& inner) : inner_(inner) {}
  Dialect dialect() const override { return inner_.dialect(); }
  Result<ResultSet> Query(std::string_view sql, std::span<const Param> params) override {
    last_sql = std::string(sql);
    last_params.assign(params.begin(), params.end());
    return inner_.Query(sql, params);
  }
  Status ExecScript(std::string_view sql) override { return inner_.ExecScript(sql); }
  Status Begin(TxMode mode) override { return inner_.Begin(mode); }
  Status Commit() override { return inner_.Commit(); }
  Status Rollback() override { return inner_.Rollback(); }
  bool healthy() const override { return inner_.healthy(); }

  std::string last_sql;
  std::vector<Param> last_params;

 private:
  Connection& inner_;
};

// MATCH_epc, EQ_bizStep and event times are index seeks on both engines.
TEST_P(EpcisConcurrencyTest, EpcBizStepAndTimeQueriesUseIndexes) {
  std::vector<Event> events;
  // Enough rows, and rare enough values, that an index is worth using.
  for (int i = 0; i < 3000; ++i) {
    events.push_back(MakeEvent("urn:uuid:e" + std::to_string(i), i));
    events.back().biz_step = i % 100 ? "shipping" : "receiving";
    events.back().epcs = {{1, Sgtin(i)}};
  }
  ASSERT_TRUE(Capture(events).ok());
  auto raw =
      GetParam() == "postgres" ? OpenPostgres(url_) : OpenSqlite((dir_ / "ocop.db").string());
  ASSERT_TRUE(raw) << raw.error().ToString();
  Connection& conn = **raw;
  const bool pg = conn.dialect() == Dialect::kPostgres;
  // Tiny tables make a full scan the cheapest plan on PostgreSQL; forbidding
  // it asks whether an index plan exists at all.
  if (pg) ASSERT_TRUE(conn.ExecScript("ANALYZE; SET enable_seqscan = off").ok());
  RecordingConnection recorder(conn);
  SqlEpcisRepository repo(recorder);
  auto plan_of = [&](const EventQuery& q) {
    EXPECT_TRUE(repo.Query(q));
    std::string sql = (pg ? "EXPLAIN " : "EXPLAIN QUERY PLAN ") + recorder.last_sql;
    auto rs = conn.Query(sql, recorder.last_params);
    EXPECT_TRUE(rs) << rs.error().ToString();
    std::string plan;
    for (const auto& row : rs->rows) {
      for (const auto& cell : row) plan += (cell ? *cell : "") + " ";
      plan += "\n";
    }
    return plan;
  };
  EventQuery by_epc;
  by_epc.ids = {{{1}, {Sgtin(42)}, {false}}};
  EventQuery by_step;
  by_step.biz_steps = {"receiving"};
  EventQuery by_time;
  by_time.ge_event_time_ms = 100;
  by_time.lt_event_time_ms = 110;
  for (const auto& [name, q, index] :
       {std::tuple{"MATCH_epc", by_epc, pg ? "epcis_ids_pkey" : "PRIMARY KEY (key=?"},
        std::tuple{"EQ_bizStep", by_step, "epcis_events_biz_step"},
        std::tuple{"eventTime", by_time, "epcis_events_event_time"}}) {
    std::string plan = plan_of(q);
    EXPECT_NE(plan.find(index), std::string::npos) << name << ":\n" << plan;
    if (!pg) EXPECT_EQ(plan.find("SCAN e \n"), std::string::npos) << name << ":\n" << plan;
  }
}

INSTANTIATE_TEST_SUITE_P(Engines, EpcisContractTest,
                         ::testing::Values("sqlite-file", "sqlite-memory", "postgres"), EngineName);
INSTANTIATE_TEST_SUITE_P(Engines, EpcisConcurrencyTest,
                         ::testing::Values("sqlite-file", "postgres"), EngineName);

}  // namespace
}  // namespace ocop::storage
