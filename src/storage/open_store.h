// Opens the store named by a URL: "sqlite:PATH", "sqlite::memory:" or
// "postgresql://…" (also "postgres://…").
#pragma once

#include <memory>
#include <string>

#include "storage/sql/sql_store.h"

namespace ocop::storage {

struct StoreOptions {
  int readers = 4;  // SQLite reader connections / PostgreSQL pool size
};

// InvalidArgument for a URL of no known scheme; Unavailable if the database
// cannot be opened.
Result<std::unique_ptr<SqlStore>> OpenStore(const std::string& url, StoreOptions options = {});

// True when `url` has a scheme OpenStore knows (for validating configuration).
bool IsStoreUrl(const std::string& url);

}  // namespace ocop::storage
