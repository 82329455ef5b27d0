#include "storage/sqlite/wal_checkpointer.h"

#include <sqlite3.h>

namespace ocop::storage {
namespace {

// In WAL frames (one page, 4 KiB by default, each). A 1,000-event capture
// writes ~2,000-3,000 frames. Every kBackgroundFrames (32 MiB) the thread is
// woken; past kHardLimitFrames (256 MiB) the committing writer checkpoints
// itself, which then copies only what the thread has not, and the WAL
// restarts from its beginning.
constexpr int kBackgroundFrames = 8192;
constexpr int kHardLimitFrames = 65536;
constexpr int kHardLimitWaitMs = 250;

}  // namespace

std::unique_ptr<WalCheckpointer> WalCheckpointer::Attach(sqlite3* writer, int busy_timeout_ms) {
  const char* file = sqlite3_db_filename(writer, "main");
  if (file == nullptr || file[0] == '\0') return nullptr;  // :memory: or temporary
  sqlite3* own = nullptr;
  // The journal_mode statement also opens the WAL on this connection; a
  // connection that has not read the database yet cannot checkpoint it.
  if (sqlite3_open_v2(file, &own, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr) !=
          SQLITE_OK ||
      sqlite3_exec(own, "PRAGMA journal_mode=WAL", nullptr, nullptr, nullptr) != SQLITE_OK) {
    sqlite3_close_v2(own);
    return nullptr;
  }
  return std::unique_ptr<WalCheckpointer>(new WalCheckpointer(writer, own, busy_timeout_ms));
}

WalCheckpointer::WalCheckpointer(sqlite3* writer, sqlite3* own, int busy_timeout_ms)
    : writer_(writer), own_(own), busy_timeout_ms_(busy_timeout_ms) {
  thread_ = std::thread([this] { Run(); });
  sqlite3_wal_hook(writer_, &WalCheckpointer::OnCommit, this);
}

WalCheckpointer::~WalCheckpointer() {
  // No hook into a stopped thread. (Closing the last connection still
  // checkpoints the whole WAL, as SQLite always does.)
  sqlite3_wal_hook(writer_, nullptr, nullptr);
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  wake_.notify_one();
  thread_.join();
  sqlite3_close_v2(own_);
}

// Runs on the writer's thread after each commit, its locks released.
int WalCheckpointer::OnCommit(void* arg, sqlite3* db, const char* schema, int frames) {
  auto* self = static_cast<WalCheckpointer*>(arg);
  if (frames < kHardLimitFrames) self->hard_limit_ = kHardLimitFrames;  // the WAL restarted
  if (frames >= self->hard_limit_) {
    // Waits a little for readers of old snapshots (not the connection's long
    // busy timeout: the capture that committed is waiting for this), so that
    // the next commit writes the WAL from its start. Busy (a reader stayed,
    // or the thread was checkpointing) is tried again kBackgroundFrames
    // later, not on every commit.
    sqlite3_busy_timeout(db, kHardLimitWaitMs);
    const int rc =
        sqlite3_wal_checkpoint_v2(db, schema, SQLITE_CHECKPOINT_RESTART, nullptr, nullptr);
    sqlite3_busy_timeout(db, self->busy_timeout_ms_);
    if (rc != SQLITE_OK) self->hard_limit_ = frames + kBackgroundFrames;
  } else if (frames < self->last_signal_ || frames - self->last_signal_ >= kBackgroundFrames) {
    // Every kBackgroundFrames new frames, not on every commit past a mark:
    // the thread rarely catches up before the next commit (so the WAL seldom
    // restarts on its own) and copying each commit alone wrote more pages.
    self->last_signal_ = frames;
    {
      std::lock_guard lock(self->mu_);
      self->pending_ = true;
    }
    self->wake_.notify_one();
  }
  return SQLITE_OK;
}

void WalCheckpointer::Run() {
  std::unique_lock lock(mu_);
  while (true) {
    wake_.wait(lock, [this] { return pending_ || stop_; });
    if (stop_) return;
    pending_ = false;
    lock.unlock();
    // PASSIVE: copies what no reader still needs, never blocks; a busy or
    // partial result is simply retried after a later commit.
    sqlite3_wal_checkpoint_v2(own_, "main", SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
    lock.lock();
  }
}

}  // namespace ocop::storage
