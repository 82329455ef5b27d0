#include "storage/sql/connection_pool.h"

namespace ocop::storage {

Result<ConnectionPool::Lease> ConnectionPool::Acquire() {
  std::unique_lock lock(mu_);
  cv_.wait(lock, [&] { return !idle_.empty() || open_ < max_size_; });
  if (!idle_.empty()) {
    auto conn = std::move(idle_.back());
    idle_.pop_back();
    return Lease(this, std::move(conn));
  }
  ++open_;
  lock.unlock();
  auto conn = factory_();
  if (!conn) {
    std::lock_guard relock(mu_);
    --open_;
    cv_.notify_one();
    return Err(conn.error());
  }
  return Lease(this, std::move(*conn));
}

void ConnectionPool::Release(std::unique_ptr<Connection> conn) {
  std::lock_guard lock(mu_);
  if (conn->healthy())
    idle_.push_back(std::move(conn));
  else
    --open_;
  cv_.notify_one();
}

}  // namespace ocop::storage
