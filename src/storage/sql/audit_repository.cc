// The audit log's rows; the chain itself is computed by the domain.
#include <string>
#include <vector>

#include "storage/sql/sql_repositories.h"

namespace ocop::storage {
namespace {

constexpr const char* kAuditColumns = "seq, at, actor, action, subject, detail, prev_hash, hash";

std::vector<domain::AuditEntry> EntriesFrom(const ResultSet& rs) {
  std::vector<domain::AuditEntry> out;
  for (std::size_t i = 0; i < rs.rows.size(); ++i) {
    out.push_back({rs.Int(i, 0), rs.Int(i, 1), rs.Text(i, 2), rs.Text(i, 3), rs.Text(i, 4),
                   rs.Text(i, 5), rs.Text(i, 6), rs.Text(i, 7)});
  }
  return out;
}

}  // namespace

// Appends are serialised: on PostgreSQL (read committed, several servers) the
// transaction first takes an advisory lock held until it ends, so the last
// entry it reads stays the last until it has appended after it; SQLite has
// one writer already. Without it, concurrent writers raced for the same seq
// and exhausted their retries (tests/storage_contract).
constexpr std::int64_t kAuditLockKey = 0x4f434f5041554449;  // "OCOPAUDI"

Result<std::optional<domain::AuditEntry>> SqlAuditRepository::Last() {
  if (c_.dialect() == Dialect::kPostgres) {
    Param lock[] = {kAuditLockKey};
    OCOP_RETURN_IF_ERROR(c_.Exec("SELECT pg_advisory_xact_lock($1)", lock));
  }
  OCOP_ASSIGN_OR_RETURN(ResultSet rs, c_.Query(std::string("SELECT ") + kAuditColumns +
                                                   " FROM audit_log ORDER BY seq DESC LIMIT 1",
                                               {}));
  auto entries = EntriesFrom(rs);
  if (entries.empty()) return std::optional<domain::AuditEntry>{};
  return std::move(entries.front());
}

// A seq already taken (another writer appended first) is AlreadyExists with
// the key "error.store.retry", so that SqlStore runs the transaction again
// and AppendAudit chains after the new last entry.
Status SqlAuditRepository::Append(const domain::AuditEntry& e) {
  Param p[] = {e.seq, e.at, e.actor, e.action, e.subject, e.detail, e.prev_hash, e.hash};
  Status s = c_.Exec(
      "INSERT INTO audit_log (seq, at, actor, action, subject, detail, prev_hash, hash) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
      p);
  if (s.code() != Code::kAlreadyExists) return s;
  return Status(Code::kAlreadyExists, {"error.store.retry", {}})
      .WithDetail("audit seq " + std::to_string(e.seq) + " is taken");
}

Result<std::vector<domain::AuditEntry>> SqlAuditRepository::Range(std::int64_t from_seq,
                                                                  int limit) {
  Param p[] = {from_seq, std::int64_t{limit}};
  OCOP_ASSIGN_OR_RETURN(ResultSet rs, c_.Query(std::string("SELECT ") + kAuditColumns +
                                                   " FROM audit_log WHERE seq >= $1 "
                                                   "ORDER BY seq LIMIT $2",
                                               p));
  return EntriesFrom(rs);
}

}  // namespace ocop::storage
