#include "storage/open_store.h"

#include "storage/postgres/pg_connection.h"
#include "storage/sqlite/sqlite_connection.h"

namespace ocop::storage {
namespace {

bool StartsWith(const std::string& s, std::string_view prefix) { return s.rfind(prefix, 0) == 0; }

}  // namespace

bool IsStoreUrl(const std::string& url) {
  return (StartsWith(url, "sqlite:") && url.size() > 7) || StartsWith(url, "postgresql://") ||
         StartsWith(url, "postgres://");
}

Result<std::unique_ptr<SqlStore>> OpenStore(const std::string& url, StoreOptions options) {
  if (!IsStoreUrl(url)) {
    return Err(InvalidArgument("error.store.url").WithDetail("unknown store URL: " + url));
  }
  if (StartsWith(url, "sqlite:")) {
    std::string path = url.substr(7);
    if (path == ":memory:") {
      // One private database: one connection serves writes and reads alike.
      auto conn = OpenSqlite(":memory:");
      if (!conn) return Err(conn.error());
      auto shared = std::make_shared<std::unique_ptr<Connection>>(std::move(*conn));
      auto pool = std::make_shared<ConnectionPool>(
          [shared]() -> Result<std::unique_ptr<Connection>> {
            if (!*shared) return Err(Internal("in-memory SQLite connection lost"));
            return std::move(*shared);
          },
          1);
      return std::make_unique<SqlStore>(pool, pool);
    }
    // Fail now, not at the first request, if the file cannot be opened.
    if (auto probe = OpenSqlite(path); !probe) return Err(probe.error());
    auto writers = std::make_shared<ConnectionPool>([path] { return OpenSqlite(path); }, 1);
    auto readers = std::make_shared<ConnectionPool>([path] { return OpenSqlite(path); },
                                                    static_cast<std::size_t>(options.readers));
    return std::make_unique<SqlStore>(writers, readers);
  }
  if (auto probe = OpenPostgres(url); !probe) return Err(probe.error());
  auto pool = std::make_shared<ConnectionPool>([url] { return OpenPostgres(url); },
                                               static_cast<std::size_t>(options.readers));
  return std::make_unique<SqlStore>(pool, pool);
}

}  // namespace ocop::storage
