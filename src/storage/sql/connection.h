// The narrow database interface that the portable SQL repositories are written
// against. Drivers (storage/sqlite, storage/postgres) implement it; they are
// the only places that include the engines' headers.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/status.h"

namespace ocop::storage {

enum class Dialect { kSqlite, kPostgres };

// A statement parameter: SQL NULL, an integer or text. Placeholders are
// written `$1`, `$2`, … in every statement, for both engines.
using Param = std::variant<std::nullptr_t, std::int64_t, std::string>;

// Every cell comes back as text (or NULL); Row helpers convert.
struct ResultSet {
  std::vector<std::vector<std::optional<std::string>>> rows;

  bool empty() const { return rows.empty(); }
  const std::string& Text(std::size_t row, std::size_t col) const;
  std::int64_t Int(std::size_t row, std::size_t col) const;
  bool IsNull(std::size_t row, std::size_t col) const { return !rows[row][col].has_value(); }
};

enum class TxMode {
  kWrite,  // SQLite: BEGIN IMMEDIATE (takes the write lock up front)
  kRead,   // a consistent read-only snapshot
};

// One database session. Not thread-safe: a pool hands it to one thread at a
// time. Errors: AlreadyExists for a unique violation (detail names the
// constraint), Aborted for a serialisation failure or deadlock, Unavailable
// when the database cannot be reached or is locked too long, Internal else.
class Connection {
 public:
  virtual ~Connection() = default;
  virtual Dialect dialect() const = 0;
  virtual Result<ResultSet> Query(std::string_view sql, std::span<const Param> params) = 0;
  // Runs several statements without parameters (migrations).
  virtual Status ExecScript(std::string_view sql) = 0;
  virtual Status Begin(TxMode mode) = 0;
  virtual Status Commit() = 0;
  virtual Status Rollback() = 0;
  // False once the connection is broken; the pool then replaces it.
  virtual bool healthy() const = 0;

  Status Exec(std::string_view sql, std::span<const Param> params) {
    auto r = Query(sql, params);
    return r ? Status::Ok() : r.error();
  }
};

}  // namespace ocop::storage
