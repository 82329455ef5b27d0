// Background WAL checkpoints for the SQLite writer connection (issue 5).
//
// With synchronous=NORMAL a commit does not fsync; the fsyncs happen when a
// checkpoint copies the WAL back into the database file. SQLite's automatic
// checkpoint runs inside the commit that crosses its threshold, so one
// capture in every few paid a 64 MiB checkpoint and its fsyncs. Here the
// writer only signals, and a thread with a connection of its own copies the
// WAL in PASSIVE mode (it never waits for readers or the writer). Crash
// safety is unchanged: the WAL is the same, only who checkpoints it differs.
// The writer itself checkpoints (RESTART) once the WAL passes a hard limit,
// so the file stays bounded even while readers keep old snapshots open.
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

struct sqlite3;

namespace ocop::storage {

class WalCheckpointer {
 public:
  // Takes over `writer`'s checkpoints: installs a WAL hook on it (which
  // replaces wal_autocheckpoint) and starts the thread. Returns null, leaving
  // the writer's automatic checkpoints as they were, if `writer` is not a
  // file database or the thread's connection cannot be opened.
  // `busy_timeout_ms` is the writer's busy timeout, restored after the
  // shorter one its own checkpoints use.
  static std::unique_ptr<WalCheckpointer> Attach(sqlite3* writer, int busy_timeout_ms);

  // Removes the hook, stops the thread (after the checkpoint it may be
  // running) and closes its connection. The writer must outlive this.
  ~WalCheckpointer();

  WalCheckpointer(const WalCheckpointer&) = delete;
  WalCheckpointer& operator=(const WalCheckpointer&) = delete;

 private:
  WalCheckpointer(sqlite3* writer, sqlite3* own, int busy_timeout_ms);
  static int OnCommit(void* self, sqlite3* db, const char* schema, int frames);
  void Run();

  sqlite3* writer_;
  sqlite3* own_;  // used only by the thread
  int busy_timeout_ms_;
  // Written and read on the writer's thread only (in OnCommit).
  int last_signal_ = 0;  // WAL frames at the last wake-up
  int hard_limit_ = 0;   // WAL frames at which the writer checkpoints itself
  std::mutex mu_;
  std::condition_variable wake_;
  bool pending_ = false;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace ocop::storage
