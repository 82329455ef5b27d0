// PostgreSQL driver over libpq: the only file set that includes libpq-fe.h.
#pragma once

#include <memory>
#include <string>

#include "storage/sql/connection.h"

namespace ocop::storage {

// Connects to `url` ("postgresql://user@host:port/db?…"). Unavailable if the
// server cannot be reached.
Result<std::unique_ptr<Connection>> OpenPostgres(const std::string& url);

}  // namespace ocop::storage
