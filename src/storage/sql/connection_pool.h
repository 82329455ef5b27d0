// A bounded pool of connections, created lazily by a factory. Acquire blocks
// while all are in use. Thread-safe.
#pragma once

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "storage/sql/connection.h"

namespace ocop::storage {

class ConnectionPool {
 public:
  using Factory = std::function<Result<std::unique_ptr<Connection>>()>;

  ConnectionPool(Factory factory, std::size_t max_size)
      : factory_(std::move(factory)), max_size_(max_size) {}

  // Returns the connection to the pool when destroyed (or drops it if broken).
  class Lease {
   public:
    Lease(ConnectionPool* pool, std::unique_ptr<Connection> conn)
        : pool_(pool), conn_(std::move(conn)) {}
    Lease(Lease&&) = default;
    Lease& operator=(Lease&&) = default;
    ~Lease() {
      if (pool_ && conn_) pool_->Release(std::move(conn_));
    }
    Connection& operator*() const { return *conn_; }
    Connection* operator->() const { return conn_.get(); }

   private:
    ConnectionPool* pool_;
    std::unique_ptr<Connection> conn_;
  };

  // Unavailable if a new connection cannot be opened.
  Result<Lease> Acquire();

 private:
  void Release(std::unique_ptr<Connection> conn);

  Factory factory_;
  std::size_t max_size_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<Connection>> idle_;
  std::size_t open_ = 0;
};

}  // namespace ocop::storage
