// SQLite driver: the only file set that includes sqlite3.h.
#pragma once

#include <memory>
#include <string>

#include "storage/sql/connection.h"

namespace ocop::storage {

// Opens `path` (":memory:" for a private in-memory database) in WAL mode with
// foreign keys on and a busy timeout, caching prepared statements.
Result<std::unique_ptr<Connection>> OpenSqlite(const std::string& path);

}  // namespace ocop::storage
