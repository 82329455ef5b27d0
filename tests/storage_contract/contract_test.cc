// One suite, every engine: SQLite (file and memory) and PostgreSQL. The
// PostgreSQL run needs OCOP_TEST_PG_URL (`make test` starts a throw-away
// cluster); without it that run fails rather than pass unnoticed.
#include <gtest/gtest.h>

#include <filesystem>
#include <set>
#include <thread>

#include "core/clock.h"
#include "domain/registry/registry_service.h"
#include "storage/postgres/pg_connection.h"
#include "storage/sqlite/sqlite_connection.h"
#include "storage_contract/engine_fixture.h"

namespace ocop::storage {
namespace {

using contract::EngineName;
using domain::Producer;
using domain::Product;
using domain::Repositories;

const domain::Geography& Geo() {
  static const domain::Geography geo = *domain::Geography::Load(OCOP_DATA_DIR "/geo");
  return geo;
}
const domain::ProductSetCatalog& Sets() {
  static const domain::ProductSetCatalog sets =
      *domain::ProductSetCatalog::Load(OCOP_DATA_DIR "/registry/product-sets.csv");
  return sets;
}

class ContractTest : public contract::EngineTest {
 protected:
  static Producer MakeProducer(const std::string& reg_no, const std::string& commune) {
    Producer p;
    p.version = 1;
    p.fields.legal_type = domain::LegalType::kCooperative;
    p.fields.name = "Hợp tác xã Chè Tân Cương";
    p.fields.registration_no = reg_no;
    p.fields.representative = {"Nguyễn Thị Lan", domain::Gender::kFemale, "Kinh"};
    p.fields.commune_code = commune;
    p.province_code = Geo().FindCommune(commune)->province_code;
    p.created_at = p.updated_at = 1795316400;
    return p;
  }

  Result<std::int64_t> InsertProducer(const Producer& p) {
    std::int64_t id = 0;
    Status s = store_->Transact([&](Repositories& r) -> Status {
      OCOP_ASSIGN_OR_RETURN(id, r.producers().Insert(p));
      return Status::Ok();
    });
    if (!s.ok()) return Err(s);
    return id;
  }
};

TEST_P(ContractTest, MigrationsAreIdempotent) {
  auto again = store_->Migrate();
  ASSERT_TRUE(again);
  EXPECT_EQ(*again, 0);
  // 0001 registry, 0002 evaluation and certification, 0003 EPCIS, 0004 trace
  // graph, 0005 sites, 0006 lots, 0007 lab reports, 0008 recalls, 0009 the
  // sides of transformations stated in parts
  EXPECT_EQ(*store_->SchemaVersion(), 9);
  EXPECT_TRUE(store_->Ping().ok());
}

TEST_P(ContractTest, ProducersRoundTripWithVietnameseText) {
  Producer p = MakeProducer("0100233488", "06325");
  p.fields.street_address = "Xóm Đồng Lạnh, đường 3/2 — “Tân Cương”";
  auto id = InsertProducer(p);
  ASSERT_TRUE(id) << id.error().ToString();
  std::optional<Producer> read;
  ASSERT_TRUE(store_
                  ->Read([&](Repositories& r) -> Status {
                    OCOP_ASSIGN_OR_RETURN(read, r.producers().Get(*id));
                    return Status::Ok();
                  })
                  .ok());
  ASSERT_TRUE(read);
  EXPECT_EQ(read->version, 1);
  EXPECT_EQ(read->fields.name, p.fields.name);
  EXPECT_EQ(read->fields.street_address, p.fields.street_address);
  EXPECT_EQ(read->fields.representative.gender, domain::Gender::kFemale);
  EXPECT_EQ(read->province_code, p.province_code);
}

TEST_P(ContractTest, UpdatesOnlyTheExpectedVersion) {
  auto id = InsertProducer(MakeProducer("0100233488", "06325"));
  ASSERT_TRUE(id);
  Producer p = MakeProducer("0100233488", "06325");
  p.id = *id;
  p.fields.name = "Tên mới";
  auto update = [&](std::int64_t expected) {
    domain::UpdateOutcome outcome{};
    Status s = store_->Transact([&](Repositories& r) -> Status {
      OCOP_ASSIGN_OR_RETURN(outcome, r.producers().Update(p, expected));
      return Status::Ok();
    });
    EXPECT_TRUE(s.ok()) << s.ToString();
    return outcome;
  };
  EXPECT_EQ(update(1), domain::UpdateOutcome::kUpdated);
  EXPECT_EQ(update(1), domain::UpdateOutcome::kStale);
  p.id = *id + 1000;
  EXPECT_EQ(update(1), domain::UpdateOutcome::kMissing);
}

TEST_P(ContractTest, RejectsDuplicatesAndRollsBackWholly) {
  ASSERT_TRUE(InsertProducer(MakeProducer("0100233488", "06325")));
  auto dup = InsertProducer(MakeProducer("0100233488", "00070"));
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.error().code(), Code::kAlreadyExists);
  EXPECT_EQ(dup.error().fields().at(0).field, "registration_no");
  // A transaction that writes and then fails leaves nothing behind.
  Status s = store_->Transact([&](Repositories& r) -> Status {
    OCOP_ASSIGN_OR_RETURN(std::int64_t inserted,
                          r.producers().Insert(MakeProducer("0314409058", "00070")));
    EXPECT_GT(inserted, 0);
    return InvalidArgument("error.invalid_input");
  });
  EXPECT_EQ(s.code(), Code::kInvalidArgument);
  domain::Page<Producer> page;
  ASSERT_TRUE(store_
                  ->Read([&](Repositories& r) -> Status {
                    OCOP_ASSIGN_OR_RETURN(page, r.producers().List({}));
                    return Status::Ok();
                  })
                  .ok());
  EXPECT_EQ(page.total, 1);
}

TEST_P(ContractTest, ListsWithFiltersAndPages) {
  for (int i = 0; i < 25; ++i) {
    // Tax codes with valid check digits are not needed at this layer.
    Producer p = MakeProducer("01002334" + std::to_string(10 + i), i % 2 ? "06325" : "00070");
    p.fields.name = i == 7 ? "Cơ sở 100% Mật ong_rừng" : "Hợp tác xã số " + std::to_string(i);
    ASSERT_TRUE(InsertProducer(p));
  }
  auto list = [&](domain::ProducerFilter f) {
    domain::Page<Producer> page;
    EXPECT_TRUE(store_
                    ->Read([&](Repositories& r) -> Status {
                      OCOP_ASSIGN_OR_RETURN(page, r.producers().List(f));
                      return Status::Ok();
                    })
                    .ok());
    return page;
  };
  domain::ProducerFilter f;
  f.limit = 10;
  auto first = list(f);
  EXPECT_EQ(first.total, 25);
  EXPECT_EQ(first.items.size(), 10u);
  f.offset = 20;
  EXPECT_EQ(list(f).items.size(), 5u);
  domain::ProducerFilter by_province;
  by_province.province_code = "01";
  EXPECT_EQ(list(by_province).total, 13);
  domain::ProducerFilter by_name;
  by_name.name_folded = "100% mat ong_";  // LIKE wildcards match literally
  auto named = list(by_name);
  ASSERT_EQ(named.total, 1);
  EXPECT_EQ(named.items[0].fields.name, "Cơ sở 100% Mật ong_rừng");
  by_name.name_folded = "%";
  EXPECT_EQ(list(by_name).total, 1);
}

TEST_P(ContractTest, SequencesHaveNoGapsAfterRollback) {
  auto next = [&](bool commit) {
    std::int64_t value = 0;
    Status s = store_->Transact([&](Repositories& r) -> Status {
      OCOP_ASSIGN_OR_RETURN(value, r.products().NextSequence("23764"));
      return commit ? Status::Ok() : Aborted("test rollback");
    });
    EXPECT_EQ(s.ok(), commit);
    return value;
  };
  EXPECT_EQ(next(true), 1);
  EXPECT_EQ(next(false), 2);
  EXPECT_EQ(next(true), 2);
  std::int64_t other = 0;
  ASSERT_TRUE(store_
                  ->Transact([&](Repositories& r) -> Status {
                    OCOP_ASSIGN_OR_RETURN(other, r.products().NextSequence("00070"));
                    return Status::Ok();
                  })
                  .ok());
  EXPECT_EQ(other, 1);
}

TEST_P(ContractTest, ProductsByIdAndCodeWithUniqueGtin) {
  auto producer = InsertProducer(MakeProducer("0100233488", "23764"));
  ASSERT_TRUE(producer);
  Product p;
  p.version = 1;
  p.code = "52-23764-1-2026";
  p.fields = {"Mật ong hoa cà phê", 4, *producer, "Câu chuyện", "8939777100106"};
  p.province_code = "52";
  p.commune_code = "23764";
  std::int64_t id = 0;
  ASSERT_TRUE(store_
                  ->Transact([&](Repositories& r) -> Status {
                    OCOP_ASSIGN_OR_RETURN(id, r.products().Insert(p));
                    return Status::Ok();
                  })
                  .ok());
  p.code = "52-23764-2-2026";
  Status dup = store_->Transact([&](Repositories& r) -> Status {
    OCOP_ASSIGN_OR_RETURN(std::int64_t second, r.products().Insert(p));
    (void)second;
    return Status::Ok();
  });
  EXPECT_EQ(dup.code(), Code::kAlreadyExists);
  std::optional<Product> by_code;
  ASSERT_TRUE(store_
                  ->Read([&](Repositories& r) -> Status {
                    OCOP_ASSIGN_OR_RETURN(by_code, r.products().GetByCode("52-23764-1-2026"));
                    return Status::Ok();
                  })
                  .ok());
  ASSERT_TRUE(by_code);
  EXPECT_EQ(by_code->id, id);
  EXPECT_EQ(by_code->fields.gtin, "8939777100106");
  EXPECT_EQ(by_code->fields.product_set, 4);
}

TEST_P(ContractTest, UsersSessionsAndThrottle) {
  domain::User u;
  u.username = "tinh.52";
  u.password_hash = "$argon2id$x";
  u.role = domain::Role::kProvincialOfficer;
  u.province_code = "52";
  u.created_at = 1;
  std::int64_t id = 0;
  ASSERT_TRUE(store_
                  ->Transact([&](Repositories& r) -> Status {
                    OCOP_ASSIGN_OR_RETURN(id, r.users().Insert(u));
                    OCOP_RETURN_IF_ERROR(r.sessions().Insert({"h1", id, "c1", 1, 100}));
                    return r.sessions().Insert({"h2", id, "c2", 1, 300});
                  })
                  .ok());
  Status s = store_->Transact([&](Repositories& r) -> Status {
    EXPECT_EQ(r.users().Insert(u).error().code(), Code::kAlreadyExists);
    return Status::Ok();
  });
  // PostgreSQL aborts the transaction after the failed insert; that is fine.
  (void)s;
  ASSERT_TRUE(store_
                  ->Transact([&](Repositories& r) -> Status {
                    OCOP_ASSIGN_OR_RETURN(auto removed, r.sessions().DeleteExpired(200));
                    EXPECT_EQ(removed, 1);
                    return Status::Ok();
                  })
                  .ok());
  ASSERT_TRUE(store_
                  ->Read([&](Repositories& r) -> Status {
                    OCOP_ASSIGN_OR_RETURN(auto user, r.users().FindByUsername("tinh.52"));
                    EXPECT_TRUE(user && user->province_code == "52" && user->id == id);
                    OCOP_ASSIGN_OR_RETURN(auto gone, r.sessions().Find("h1"));
                    EXPECT_FALSE(gone);
                    OCOP_ASSIGN_OR_RETURN(auto kept, r.sessions().Find("h2"));
                    EXPECT_TRUE(kept && kept->csrf_token == "c2");
                    return Status::Ok();
                  })
                  .ok());
}

TEST_P(ContractTest, CountsLogInAttemptsPerWindow) {
  auto attempt = [&](const std::string& key, std::int64_t now) {
    domain::LoginFailures f;
    EXPECT_TRUE(store_
                    ->Transact([&](Repositories& r) -> Status {
                      OCOP_ASSIGN_OR_RETURN(f, r.login_throttle().RecordAttempt(key, now, 900));
                      return Status::Ok();
                    })
                    .ok());
    return f;
  };
  EXPECT_EQ(attempt("user:a", 1000).count, 1);
  EXPECT_EQ(attempt("user:a", 1100).count, 2);
  auto third = attempt("user:a", 1200);
  EXPECT_EQ(third.count, 3);
  EXPECT_EQ(third.window_start, 1000);
  auto fresh = attempt("user:a", 1900);  // the window of 1000 has ended
  EXPECT_EQ(fresh.count, 1);
  EXPECT_EQ(fresh.window_start, 1900);
  EXPECT_EQ(attempt("user:b", 1900).count, 1);
  ASSERT_TRUE(store_
                  ->Transact([&](Repositories& r) -> Status {
                    OCOP_RETURN_IF_ERROR(r.login_throttle().Clear("user:b"));
                    return r.login_throttle().DeleteStale(
                        3000, 900);  // user:a's window of 1900 has ended
                  })
                  .ok());
  EXPECT_EQ(attempt("user:b", 3000).count, 1);
  EXPECT_EQ(attempt("user:a", 3000).window_start, 3000);
}

// Two "servers" (two stores on one database), two threads each, registering
// products in the same commune at once: codes come out 1..N, none twice.
TEST_P(ContractTest, ReportsStoreFailuresToTheObserver) {
  int seen = 0;
  store_->SetErrorObserver([&](const Status&) { ++seen; });
  EXPECT_EQ(store_->Transact([](Repositories&) { return Internal("boom"); }).code(),
            Code::kInternal);
  EXPECT_EQ(
      store_->Read([](Repositories&) { return InvalidArgument("error.invalid_input"); }).code(),
      Code::kInvalidArgument);
  EXPECT_TRUE(store_->Ping().ok());
  EXPECT_EQ(seen, 1);
}

// (Not on sqlite::memory:, which is private to one process by definition.)
class ConcurrencyTest : public ContractTest {};

TEST_P(ConcurrencyTest, ConcurrentRegistrationsGetDistinctGaplessCodes) {
  FakeClock clock(1795316400);
  auto producer = InsertProducer(MakeProducer("0100233488", "23764"));
  ASSERT_TRUE(producer);
  auto second_store = Open();
  ASSERT_TRUE(second_store);
  domain::RegistryService a(*store_, Geo(), Sets(), clock);
  domain::RegistryService b(*second_store, Geo(), Sets(), clock);
  domain::Principal admin{1, "admin", domain::Role::kNationalAdmin, "", "", 0};
  constexpr int kPerThread = 15;
  std::vector<std::string> codes[4];
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      domain::RegistryService& service = t % 2 ? b : a;
      for (int i = 0; i < kPerThread; ++i) {
        auto p =
            service.CreateProduct(admin, {"Mật ong " + std::to_string(t) + "-" + std::to_string(i),
                                          "4", std::to_string(*producer), "", ""});
        if (p)
          codes[t].push_back(p->code);
        else
          ADD_FAILURE() << p.error().ToString();
      }
    });
  }
  for (auto& t : threads) t.join();
  std::set<std::string> all;
  for (auto& list : codes) all.insert(list.begin(), list.end());
  ASSERT_EQ(all.size(), 4u * kPerThread);
  for (int n = 1; n <= 4 * kPerThread; ++n) {
    EXPECT_TRUE(all.count("52-23764-" + std::to_string(n) + "-2026")) << n;
  }
}

// Attempts from two servers at once all count: none is lost to a race.
TEST_P(ConcurrencyTest, ConcurrentLogInAttemptsAllCount) {
  auto second_store = Open();
  ASSERT_TRUE(second_store);
  constexpr int kPerThread = 25;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      SqlStore& store = t % 2 ? *second_store : *store_;
      for (int i = 0; i < kPerThread; ++i) {
        Status s = store.Transact([](Repositories& r) -> Status {
          return r.login_throttle().RecordAttempt("user:x", 1000, 900).has_value()
                     ? Status::Ok()
                     : Internal("record");
        });
        EXPECT_TRUE(s.ok()) << s.ToString();
      }
    });
  }
  for (auto& t : threads) t.join();
  domain::LoginFailures last;
  ASSERT_TRUE(store_
                  ->Transact([&](Repositories& r) -> Status {
                    OCOP_ASSIGN_OR_RETURN(last,
                                          r.login_throttle().RecordAttempt("user:x", 1000, 900));
                    return Status::Ok();
                  })
                  .ok());
  EXPECT_EQ(last.count, 4 * kPerThread + 1);
}

TEST_P(ConcurrencyTest, ConcurrentAuditWritersKeepOneUnbrokenChain) {
  auto second_store = Open();
  ASSERT_TRUE(second_store);
  constexpr int kPerThread = 20;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      SqlStore& store = t % 2 ? *second_store : *store_;
      for (int i = 0; i < kPerThread; ++i) {
        Status s = store.Transact([&](Repositories& r) -> Status {
          domain::AuditEntry e;
          e.at = 1795316400 + i;
          e.actor = "thread-" + std::to_string(t);
          e.action = "score.sign";
          e.subject = "dossier:" + std::to_string(i);
          e.detail = "Tổng điểm 72,5";
          return domain::AppendAudit(r.audit(), std::move(e));
        });
        EXPECT_TRUE(s.ok()) << s.ToString();
      }
    });
  }
  for (auto& t : threads) t.join();
  std::vector<domain::AuditEntry> all;
  ASSERT_TRUE(store_
                  ->Read([&](Repositories& r) -> Status {
                    OCOP_ASSIGN_OR_RETURN(all, r.audit().Range(1, 1000));
                    return Status::Ok();
                  })
                  .ok());
  ASSERT_EQ(all.size(), 4u * kPerThread);
  EXPECT_EQ(domain::FirstBrokenEntry(all), std::nullopt);
  EXPECT_EQ(all.back().seq, 4 * kPerThread);
}

TEST_P(ConcurrencyTest, CertificateNumbersAreGaplessPerScopeAndYear) {
  auto second_store = Open();
  ASSERT_TRUE(second_store);
  constexpr int kPerThread = 15;
  std::vector<std::int64_t> got[4];
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      SqlStore& store = t % 2 ? *second_store : *store_;
      for (int i = 0; i < kPerThread; ++i) {
        Status s = store.Transact([&](Repositories& r) -> Status {
          OCOP_ASSIGN_OR_RETURN(std::int64_t n, r.certificates().NextSequence("52", 2026));
          got[t].push_back(n);
          return Status::Ok();
        });
        EXPECT_TRUE(s.ok()) << s.ToString();
      }
    });
  }
  for (auto& t : threads) t.join();
  std::set<std::int64_t> all;
  for (auto& list : got) all.insert(list.begin(), list.end());
  ASSERT_EQ(all.size(), 4u * kPerThread);
  EXPECT_EQ(*all.begin(), 1);
  EXPECT_EQ(*all.rbegin(), 4 * kPerThread);
  // Another scope or year starts again at 1.
  std::int64_t other = 0, next_year = 0;
  ASSERT_TRUE(store_
                  ->Transact([&](Repositories& r) -> Status {
                    OCOP_ASSIGN_OR_RETURN(other, r.certificates().NextSequence("TW", 2026));
                    OCOP_ASSIGN_OR_RETURN(next_year, r.certificates().NextSequence("52", 2027));
                    return Status::Ok();
                  })
                  .ok());
  EXPECT_EQ(other, 1);
  EXPECT_EQ(next_year, 1);
}

TEST_P(ContractTest, AStaleCertificateWriteIsRefusedNotLost) {
  domain::Certificate c;
  c.number = "GL-2024-0310";
  c.product_name = "Trà mãng cầu Ia Pa";
  c.product_code = c.number;
  c.producer_name = "HTX Mãng cầu Ia Pa";
  c.province_code = "52";
  c.stars = 3;
  c.rubric_version = "qd-148-2023";
  c.authority = "UBND huyện Ia Pa (cũ)";
  c.decision_number = "455/QĐ-UBND";
  c.issued = {2025, 10, 27};
  c.expires = {2028, 10, 27};
  c.kid = "k1";
  c.signature = "sig";
  c.source = domain::CertificateSource::kImported;
  ASSERT_TRUE(store_
                  ->Transact([&](Repositories& r) -> Status {
                    OCOP_ASSIGN_OR_RETURN(c.id, r.certificates().Insert(c));
                    return Status::Ok();
                  })
                  .ok());
  std::optional<domain::Certificate> first, second;
  ASSERT_TRUE(store_
                  ->Read([&](Repositories& r) -> Status {
                    OCOP_ASSIGN_OR_RETURN(first, r.certificates().GetByNumber(c.number));
                    second = first;
                    return Status::Ok();
                  })
                  .ok());
  // Two officers read the same certificate; one revokes it, then the other,
  // holding the old copy, suspends it: the revocation must not be erased.
  first->revoked_on = CivilDate{2026, 12, 1};
  first->ground = domain::RevocationGround::kCriteriaNotMet;
  ASSERT_TRUE(
      store_->Transact([&](Repositories& r) { return r.certificates().UpdateStatus(*first); })
          .ok());
  second->suspended_on = CivilDate{2026, 12, 1};
  Status stale =
      store_->Transact([&](Repositories& r) { return r.certificates().UpdateStatus(*second); });
  EXPECT_EQ(stale.message().key, "error.store.retry");
  std::optional<domain::Certificate> now;
  ASSERT_TRUE(store_
                  ->Read([&](Repositories& r) -> Status {
                    OCOP_ASSIGN_OR_RETURN(now, r.certificates().GetByNumber(c.number));
                    return Status::Ok();
                  })
                  .ok());
  EXPECT_TRUE(now->revoked_on.has_value());
  EXPECT_FALSE(now->suspended_on.has_value());
  EXPECT_EQ(now->version, 2);
}

TEST_P(ContractTest, OneHolderAtATimeHasTheJobLease) {
  auto take = [&](const std::string& holder, std::int64_t now) {
    bool taken = false;
    EXPECT_TRUE(store_
                    ->Transact([&](Repositories& r) -> Status {
                      OCOP_ASSIGN_OR_RETURN(
                          taken, r.notifications().TakeLease("renewal", holder, now, now + 600));
                      return Status::Ok();
                    })
                    .ok());
    return taken;
  };
  EXPECT_TRUE(take("server-a", 1000));
  EXPECT_FALSE(take("server-b", 1100));  // a's lease runs until 1600
  EXPECT_TRUE(take("server-a", 1200));   // a renews its own
  EXPECT_FALSE(take("server-b", 1700));  // renewed until 1800
  EXPECT_TRUE(take("server-b", 1801));   // expired: b takes over
}

TEST_P(ContractTest, TheAuditLogRefusesUpdatesAndDeletes) {
  ASSERT_TRUE(store_
                  ->Transact([](Repositories& r) -> Status {
                    domain::AuditEntry e;
                    e.at = 1795316400;
                    e.actor = "tinh.52";
                    e.action = "certificate.revoke";
                    e.subject = "certificate:OCOP-52-2026-00001";
                    return domain::AppendAudit(r.audit(), std::move(e));
                  })
                  .ok());
  if (GetParam() == "sqlite-memory") return;  // a second connection sees another database
  auto conn =
      GetParam() == "postgres" ? OpenPostgres(url_) : OpenSqlite((dir_ / "ocop.db").string());
  ASSERT_TRUE(conn) << conn.error().ToString();
  for (const char* sql :
       {"UPDATE audit_log SET detail = 'x' WHERE seq = 1", "DELETE FROM audit_log WHERE seq = 1"}) {
    EXPECT_FALSE((*conn)->ExecScript(sql).ok()) << sql;
  }
}

INSTANTIATE_TEST_SUITE_P(Engines, ContractTest,
                         ::testing::Values("sqlite-file", "sqlite-memory", "postgres"), EngineName);
INSTANTIATE_TEST_SUITE_P(Engines, ConcurrencyTest, ::testing::Values("sqlite-file", "postgres"),
                         EngineName);

}  // namespace
}  // namespace ocop::storage
