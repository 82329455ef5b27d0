// Nhật ký kiểm toán — the append-only audit log. Every entry carries the hash
// of the one before, so changing, inserting or deleting an entry breaks the
// chain from there on (DESIGN.md §5). Pure; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"

namespace ocop::domain {

struct AuditEntry {
  std::int64_t seq = 0;  // 1, 2, 3, … without gaps
  std::int64_t at = 0;   // unix seconds
  std::string actor;     // username, or "system"
  std::string action;    // "score.sign", "dossier.decide", "certificate.issue", …
  std::string subject;   // "dossier:…", "certificate:OCOP-52-2026-00017"
  std::string detail;    // what changed, in plain text
  std::string prev_hash, hash;
};

// The hash of the first entry's predecessor.
inline constexpr const char* kAuditGenesis =
    "0000000000000000000000000000000000000000000000000000000000000000";

// SHA-256 (hex) over the entry's fields and prev_hash, each length-prefixed so
// that no two different entries hash the same bytes.
std::string AuditHashOf(const AuditEntry& e);

// Fills seq, prev_hash and hash of `next` given the last entry (or none).
void ChainAfter(const std::optional<AuditEntry>& last, AuditEntry& next);

// Checks a chain entry by entry, in seq order from 1, so that a long log is
// read in pages. Not thread-safe.
class AuditChainCheck {
 public:
  // False when `e`'s seq, prev_hash or hash does not follow from the entries
  // fed before it (then the check stops believing anything after it).
  bool Follows(const AuditEntry& e);
  std::int64_t count() const { return count_; }
  // The hash of the last entry fed (the genesis hash before any): publishing
  // it elsewhere also makes a truncated log detectable.
  const std::string& head() const { return head_; }

 private:
  std::int64_t count_ = 0;
  std::string head_ = kAuditGenesis;
};

// The seq of the first entry whose seq, prev_hash or hash does not follow
// from those before it, or nullopt when the chain `entries` (in seq order,
// starting at 1) is intact.
std::optional<std::int64_t> FirstBrokenEntry(const std::vector<AuditEntry>& entries);

// The log's storage. Append inserts at `entry.seq`; two writers racing for
// the same seq make one transaction fail (AlreadyExists) and retry.
class AuditRepository {
 public:
  virtual ~AuditRepository() = default;
  virtual Result<std::optional<AuditEntry>> Last() = 0;
  virtual Status Append(const AuditEntry& entry) = 0;
  // Entries with seq ≥ `from_seq`, in order, at most `limit`.
  virtual Result<std::vector<AuditEntry>> Range(std::int64_t from_seq, int limit) = 0;
};

// Appends an entry (actor, action, subject, detail, at set by the caller)
// after the last one, in the caller's transaction.
Status AppendAudit(AuditRepository& repo, AuditEntry entry);

}  // namespace ocop::domain
