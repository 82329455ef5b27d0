#include "storage/postgres/pg_connection.h"

#include <libpq-fe.h>

#include <cstring>
#include <vector>

namespace ocop::storage {
namespace {

struct ResultDeleter {
  void operator()(PGresult* r) const { PQclear(r); }
};
using ResultPtr = std::unique_ptr<PGresult, ResultDeleter>;

class PgConnection final : public Connection {
 public:
  explicit PgConnection(PGconn* conn) : conn_(conn) {}
  ~PgConnection() override { PQfinish(conn_); }

  Dialect dialect() const override { return Dialect::kPostgres; }
  bool healthy() const override { return PQstatus(conn_) == CONNECTION_OK; }

  Result<ResultSet> Query(std::string_view sql, std::span<const Param> params) override {
    std::vector<std::string> storage(params.size());
    std::vector<const char*> values(params.size(), nullptr);
    for (std::size_t i = 0; i < params.size(); ++i) {
      if (std::holds_alternative<std::int64_t>(params[i])) {
        storage[i] = std::to_string(std::get<std::int64_t>(params[i]));
        values[i] = storage[i].c_str();
      } else if (std::holds_alternative<std::string>(params[i])) {
        values[i] = std::get<std::string>(params[i]).c_str();
      }
    }
    std::string text(sql);
    ResultPtr res(PQexecParams(conn_, text.c_str(), static_cast<int>(params.size()), nullptr,
                               values.data(), nullptr, nullptr, 0));
    OCOP_RETURN_IF_ERROR(Check(res.get()));
    ResultSet out;
    const int rows = PQntuples(res.get());
    const int cols = PQnfields(res.get());
    out.rows.reserve(static_cast<std::size_t>(rows));
    for (int r = 0; r < rows; ++r) {
      auto& row = out.rows.emplace_back();
      row.reserve(static_cast<std::size_t>(cols));
      for (int c = 0; c < cols; ++c) {
        if (PQgetisnull(res.get(), r, c)) {
          row.emplace_back(std::nullopt);
        } else {
          row.emplace_back(std::string(PQgetvalue(res.get(), r, c),
                                       static_cast<std::size_t>(PQgetlength(res.get(), r, c))));
        }
      }
    }
    return out;
  }

  Status ExecScript(std::string_view sql) override {
    std::string text(sql);
    ResultPtr res(PQexec(conn_, text.c_str()));
    return Check(res.get());
  }

  Status Begin(TxMode mode) override {
    return ExecScript(mode == TxMode::kWrite ? "BEGIN"
                                             : "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
  }
  Status Commit() override { return ExecScript("COMMIT"); }
  Status Rollback() override {
    if (PQtransactionStatus(conn_) == PQTRANS_IDLE) return Status::Ok();
    return ExecScript("ROLLBACK");
  }

 private:
  Status Check(PGresult* res) {
    if (!res || PQstatus(conn_) != CONNECTION_OK) {
      return Unavailable("error.store.unavailable").WithDetail(PQerrorMessage(conn_));
    }
    auto st = PQresultStatus(res);
    if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) return Status::Ok();
    const char* state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
    std::string msg = PQresultErrorMessage(res);
    std::string sqlstate = state ? state : "";
    if (sqlstate == "23505") return AlreadyExists("error.store.duplicate").WithDetail(msg);
    if (sqlstate == "40001" || sqlstate == "40P01")
      return Aborted("error.store.retry").WithDetail(msg);
    if (sqlstate.rfind("23", 0) == 0)
      return FailedPrecondition("error.store.constraint").WithDetail(msg);
    if (sqlstate.rfind("08", 0) == 0 || sqlstate == "57P01") {
      return Unavailable("error.store.unavailable").WithDetail(msg);
    }
    return Internal("postgres: " + msg);
  }

  PGconn* conn_;
};

}  // namespace

Result<std::unique_ptr<Connection>> OpenPostgres(const std::string& url) {
  // Defaults that a URL may override: give up connecting after 5 s, notice a
  // dead peer through TCP keep-alives, and stop any statement after 30 s so
  // that a hung database cannot hold the server's threads forever.
  const char* keys[] = {"connect_timeout", "keepalives", "keepalives_idle",
                        "options",         "dbname",     nullptr};
  const char* values[] = {"5", "1", "30", "-c statement_timeout=30000", url.c_str(), nullptr};
  PGconn* conn = PQconnectdbParams(keys, values, /*expand_dbname=*/1);
  if (!conn || PQstatus(conn) != CONNECTION_OK) {
    std::string msg = conn ? PQerrorMessage(conn) : "out of memory";
    PQfinish(conn);
    return Err(Unavailable("error.store.unavailable").WithDetail("postgres: " + msg));
  }
  auto c = std::make_unique<PgConnection>(conn);
  OCOP_RETURN_IF_ERROR(c->ExecScript("SET client_min_messages = warning; SET TIME ZONE 'UTC'"));
  return std::unique_ptr<Connection>(std::move(c));
}

}  // namespace ocop::storage
