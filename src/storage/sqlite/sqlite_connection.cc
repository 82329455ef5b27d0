#include "storage/sqlite/sqlite_connection.h"

#include <sqlite3.h>

#include <string_view>
#include <unordered_map>
#include <vector>

#include "storage/sqlite/wal_checkpointer.h"

namespace ocop::storage {
namespace {

constexpr int kBusyTimeoutMs = 10000;

// Storage settings, measured with bench/epcis_bench (issue 5). With
// synchronous=NORMAL the fsyncs happen at checkpoints; SQLite's default
// checkpoint every 1,000 WAL pages ran one on every commit of a 1,000-event
// capture (~3,000 pages). 16,384 pages (64 MiB) amortise it over several
// captures and merge the pages they share; journal_size_limit trims the WAL
// file back after a checkpoint resets it, so it stays bounded. The writer of
// a file database hands its checkpoints to a WalCheckpointer thread instead
// (see Begin); the automatic ones remain for other connections that write
// (migrations, the bench's plain inserter).
constexpr const char* kPragmas[] = {
    "PRAGMA journal_mode=WAL",
    "PRAGMA foreign_keys=ON",
    "PRAGMA synchronous=NORMAL",
    "PRAGMA wal_autocheckpoint=16384",
    "PRAGMA journal_size_limit=134217728",
};

// The writer's page cache (the default is 2 MiB): index inserts at random
// places read pages that a small cache has just evicted. Set on a
// connection's first write transaction, so that read-only pool connections
// keep the small default and `ocop serve` stays small.
constexpr const char* kWriterCachePragma = "PRAGMA cache_size=-65536";  // 64 MiB

Status ErrorFrom(sqlite3* db, int rc) {
  const int primary = rc & 0xff;
  std::string msg = sqlite3_errmsg(db);
  if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY) {
    return AlreadyExists("error.store.duplicate").WithDetail(msg);
  }
  if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) {
    return Unavailable("error.store.busy").WithDetail(msg);
  }
  if (primary == SQLITE_CONSTRAINT)
    return FailedPrecondition("error.store.constraint").WithDetail(msg);
  return Internal("sqlite: " + msg);
}

// A prepared statement and the index of each `$n` placeholder in it.
struct Prepared {
  sqlite3_stmt* stmt = nullptr;
  std::vector<int> index;  // index[n-1] = bind index of "$n", 0 if absent
};

class SqliteConnection final : public Connection {
 public:
  explicit SqliteConnection(sqlite3* db) : db_(db) {}
  ~SqliteConnection() override {
    checkpointer_.reset();  // before the connection it hooks into closes
    for (auto& [sql, p] : cache_) sqlite3_finalize(p.stmt);
    sqlite3_close_v2(db_);
  }

  Dialect dialect() const override { return Dialect::kSqlite; }
  // A connection still inside a transaction (after an exception) is not
  // given to anyone else.
  bool healthy() const override { return sqlite3_get_autocommit(db_) != 0; }

  Result<ResultSet> Query(std::string_view sql, std::span<const Param> params) override {
    OCOP_ASSIGN_OR_RETURN(Prepared * p, Prepare(sql));
    sqlite3_stmt* stmt = p->stmt;
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);
    for (std::size_t i = 0; i < params.size() && i < p->index.size(); ++i) {
      int idx = p->index[i];
      if (idx == 0) continue;
      int rc = SQLITE_OK;
      if (std::holds_alternative<std::int64_t>(params[i])) {
        rc = sqlite3_bind_int64(stmt, idx, std::get<std::int64_t>(params[i]));
      } else if (std::holds_alternative<std::string>(params[i])) {
        const auto& s = std::get<std::string>(params[i]);
        // SQLITE_STATIC: `params` outlives the steps below, which are the
        // only ones that read it (no copy of every event's JSON on capture).
        rc = sqlite3_bind_text(stmt, idx, s.data(), static_cast<int>(s.size()), SQLITE_STATIC);
      } else {
        rc = sqlite3_bind_null(stmt, idx);
      }
      if (rc != SQLITE_OK) return Err(ErrorFrom(db_, rc));
    }
    ResultSet out;
    const int columns = sqlite3_column_count(stmt);
    while (true) {
      int rc = sqlite3_step(stmt);
      if (rc == SQLITE_DONE) break;
      if (rc != SQLITE_ROW) {
        rc = sqlite3_extended_errcode(db_);
        Status s = ErrorFrom(db_, rc);
        sqlite3_reset(stmt);
        sqlite3_clear_bindings(stmt);
        return Err(s);
      }
      auto& row = out.rows.emplace_back();
      row.reserve(static_cast<std::size_t>(columns));
      for (int c = 0; c < columns; ++c) {
        if (sqlite3_column_type(stmt, c) == SQLITE_NULL) {
          row.emplace_back(std::nullopt);
        } else {
          const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, c));
          row.emplace_back(
              std::string(text, static_cast<std::size_t>(sqlite3_column_bytes(stmt, c))));
        }
      }
    }
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);  // no pointer into `params` stays bound
    return out;
  }

  Status ExecScript(std::string_view sql) override {
    std::string s(sql);
    char* err = nullptr;
    int rc = sqlite3_exec(db_, s.c_str(), nullptr, nullptr, &err);
    if (rc != SQLITE_OK) {
      std::string msg = err ? err : "";
      sqlite3_free(err);
      return Internal("sqlite: " + msg);
    }
    return Status::Ok();
  }

  // Through the statement cache: parsing BEGIN and COMMIT on every request
  // showed up in the product-detail benchmark.
  Status Begin(TxMode mode) override {
    if (mode == TxMode::kWrite && !writer_cache_) {
      OCOP_RETURN_IF_ERROR(ExecScript(kWriterCachePragma));
      writer_cache_ = true;
      checkpointer_ = WalCheckpointer::Attach(db_, kBusyTimeoutMs);
    }
    return Exec(mode == TxMode::kWrite ? "BEGIN IMMEDIATE" : "BEGIN", {});
  }
  Status Commit() override { return Exec("COMMIT", {}); }
  Status Rollback() override {
    if (sqlite3_get_autocommit(db_)) return Status::Ok();
    return ExecScript("ROLLBACK");
  }

 private:
  Result<Prepared*> Prepare(std::string_view sql) {
    auto it = cache_.find(std::string(sql));
    if (it != cache_.end()) return &it->second;
    Prepared p;
    int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                SQLITE_PREPARE_PERSISTENT, &p.stmt, nullptr);
    if (rc != SQLITE_OK)
      return Err(Internal("sqlite prepare: " + std::string(sqlite3_errmsg(db_))));
    const int count = sqlite3_bind_parameter_count(p.stmt);
    for (int n = 1; n <= count; ++n) {
      std::string name = "$" + std::to_string(n);
      p.index.push_back(sqlite3_bind_parameter_index(p.stmt, name.c_str()));
    }
    auto [pos, inserted] = cache_.emplace(std::string(sql), p);
    return &pos->second;
  }

  sqlite3* db_;
  bool writer_cache_ = false;
  // The writer's checkpoints, off its commits (null for :memory:).
  std::unique_ptr<WalCheckpointer> checkpointer_;
  std::unordered_map<std::string, Prepared> cache_;
};

}  // namespace

Result<std::unique_ptr<Connection>> OpenSqlite(const std::string& path) {
  sqlite3* db = nullptr;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close_v2(db);
    return Err(
        Unavailable("error.store.unavailable").WithDetail("sqlite open " + path + ": " + msg));
  }
  sqlite3_busy_timeout(db, kBusyTimeoutMs);
  auto conn = std::make_unique<SqliteConnection>(db);
  for (const char* pragma : kPragmas) {
    OCOP_RETURN_IF_ERROR(conn->ExecScript(pragma));
  }
  return std::unique_ptr<Connection>(std::move(conn));
}

}  // namespace ocop::storage
