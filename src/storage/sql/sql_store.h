// domain::Store over connection pools: the same portable SQL for SQLite and
// PostgreSQL. For SQLite, writes go through a pool of one connection (the
// single writer) and reads through a pool of several; PostgreSQL uses one pool.
#pragma once

#include <memory>

#include "domain/store.h"
#include "storage/sql/connection_pool.h"

namespace ocop::storage {

class SqlStore final : public domain::Store {
 public:
  // `readers` may be the same pool as `writers`.
  SqlStore(std::shared_ptr<ConnectionPool> writers, std::shared_ptr<ConnectionPool> readers)
      : writers_(std::move(writers)), readers_(std::move(readers)) {}

  Status Transact(const std::function<Status(domain::Repositories&)>& fn) override;
  Status Read(const std::function<Status(domain::Repositories&)>& fn) override;
  Status Ping() override;

  // Called after every operation that failed for want of the database
  // (Unavailable or Internal), for metrics. Set before use; not thread-safe to change.
  void SetErrorObserver(std::function<void(const Status&)> observer) {
    on_error_ = std::move(observer);
  }

  // Applies the embedded migrations not yet applied; returns how many ran.
  Result<int> Migrate();
  // The highest applied migration, 0 for an empty database.
  Result<int> SchemaVersion();

 private:
  Status Observe(Status s) const;
  Status Run(ConnectionPool& pool, TxMode mode,
             const std::function<Status(domain::Repositories&)>& fn);

  std::shared_ptr<ConnectionPool> writers_;
  std::shared_ptr<ConnectionPool> readers_;
  std::function<void(const Status&)> on_error_;
};

}  // namespace ocop::storage
