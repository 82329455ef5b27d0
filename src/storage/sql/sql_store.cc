#include "storage/sql/sql_store.h"

#include "core/clock.h"
#include "storage/sql/migrations.h"
#include "storage/sql/sql_repositories.h"

namespace ocop::storage {
namespace {

// Deadlocks and serialisation failures (PostgreSQL) are retried a few times:
// the transaction left nothing durable, so running it again is safe.
constexpr int kMaxAttempts = 3;

}  // namespace

Status SqlStore::Run(ConnectionPool& pool, TxMode mode,
                     const std::function<Status(domain::Repositories&)>& fn) {
  Status last;
  for (int attempt = 0; attempt < kMaxAttempts; ++attempt) {
    auto lease = pool.Acquire();
    if (!lease) return lease.error();
    Connection& conn = **lease;
    last = conn.Begin(mode);
    // A pooled connection the server has dropped fails at BEGIN, before
    // anything ran: the lease discards it and the next attempt opens another.
    if (last.code() == Code::kUnavailable && !conn.healthy()) continue;
    if (!last.ok()) return last;
    SqlRepositories repos(conn);
    try {
      last = fn(repos);
      if (last.ok()) last = conn.Commit();
    } catch (...) {
      (void)conn.Rollback();  // never hand back a connection inside a transaction
      throw;
    }
    if (last.ok()) return last;
    (void)conn.Rollback();
    if (last.message().key != "error.store.retry") break;
  }
  return last;
}

Status SqlStore::Transact(const std::function<Status(domain::Repositories&)>& fn) {
  return Observe(Run(*writers_, TxMode::kWrite, fn));
}

Status SqlStore::Read(const std::function<Status(domain::Repositories&)>& fn) {
  return Observe(Run(*readers_, TxMode::kRead, fn));
}

Status SqlStore::Observe(Status s) const {
  if (on_error_ && (s.code() == Code::kUnavailable || s.code() == Code::kInternal)) on_error_(s);
  return s;
}

Status SqlStore::Ping() {
  auto lease = readers_->Acquire();
  if (!lease) return Observe(lease.error());
  auto r = (*lease)->Query("SELECT 1", {});
  return Observe(r ? Status::Ok() : r.error());
}

Result<int> SqlStore::SchemaVersion() {
  auto lease = writers_->Acquire();
  if (!lease) return Err(lease.error());
  Connection& conn = **lease;
  OCOP_RETURN_IF_ERROR(
      conn.ExecScript("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
                      "name TEXT NOT NULL, applied_at BIGINT NOT NULL)"));
  OCOP_ASSIGN_OR_RETURN(ResultSet rs,
                        conn.Query("SELECT COALESCE(MAX(version), 0) FROM schema_migrations", {}));
  return static_cast<int>(rs.Int(0, 0));
}

Result<int> SqlStore::Migrate() {
  OCOP_ASSIGN_OR_RETURN(int current, SchemaVersion());
  int applied = 0;
  SystemClock clock;
  for (const Migration& m : EmbeddedMigrations()) {
    if (m.version <= current) continue;
    auto lease = writers_->Acquire();
    if (!lease) return Err(lease.error());
    Connection& conn = **lease;
    OCOP_RETURN_IF_ERROR(conn.Begin(TxMode::kWrite));
    Status s = conn.ExecScript(conn.dialect() == Dialect::kSqlite ? m.sqlite_sql : m.postgres_sql);
    if (s.ok()) {
      Param params[] = {std::int64_t{m.version}, std::string(m.name), clock.NowUnixSeconds()};
      s = conn.Exec("INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)",
                    params);
    }
    if (s.ok()) s = conn.Commit();
    if (!s.ok()) {
      (void)conn.Rollback();
      return Err(Status(s).WithDetail("migration " + std::to_string(m.version) + " " +
                                      std::string(m.name) + ": " + s.detail()));
    }
    ++applied;
  }
  return applied;
}

}  // namespace ocop::storage
