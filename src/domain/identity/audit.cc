#include "domain/identity/audit.h"

#include "core/crypto.h"

namespace ocop::domain {
namespace {

void Field(std::string& out, const std::string& value) {
  out += std::to_string(value.size());
  out += ':';
  out += value;
  out += ';';
}

}  // namespace

std::string AuditHashOf(const AuditEntry& e) {
  std::string bytes = "OCOP-AUDIT1;";
  Field(bytes, std::to_string(e.seq));
  Field(bytes, std::to_string(e.at));
  Field(bytes, e.actor);
  Field(bytes, e.action);
  Field(bytes, e.subject);
  Field(bytes, e.detail);
  Field(bytes, e.prev_hash);
  return crypto::Sha256Hex(bytes);
}

void ChainAfter(const std::optional<AuditEntry>& last, AuditEntry& next) {
  next.seq = last ? last->seq + 1 : 1;
  next.prev_hash = last ? last->hash : kAuditGenesis;
  next.hash = AuditHashOf(next);
}

std::optional<std::int64_t> FirstBrokenEntry(const std::vector<AuditEntry>& entries) {
  std::optional<AuditEntry> last;
  for (const auto& e : entries) {
    std::int64_t expected_seq = last ? last->seq + 1 : 1;
    const std::string& expected_prev = last ? last->hash : std::string(kAuditGenesis);
    if (e.seq != expected_seq || e.prev_hash != expected_prev || e.hash != AuditHashOf(e)) {
      return e.seq;
    }
    last = e;
  }
  return std::nullopt;
}

Status AppendAudit(AuditRepository& repo, AuditEntry entry) {
  OCOP_ASSIGN_OR_RETURN(std::optional<AuditEntry> last, repo.Last());
  ChainAfter(last, entry);
  return repo.Append(entry);
}

}  // namespace ocop::domain
