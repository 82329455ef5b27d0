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

bool AuditChainCheck::Follows(const AuditEntry& e) {
  if (e.seq != count_ + 1 || e.prev_hash != head_ || e.hash != AuditHashOf(e)) return false;
  ++count_;
  head_ = e.hash;
  return true;
}

std::optional<std::int64_t> FirstBrokenEntry(const std::vector<AuditEntry>& entries) {
  AuditChainCheck check;
  for (const auto& e : entries) {
    if (!check.Follows(e)) return e.seq;
  }
  return std::nullopt;
}

Status AppendAudit(AuditRepository& repo, AuditEntry entry) {
  OCOP_ASSIGN_OR_RETURN(std::optional<AuditEntry> last, repo.Last());
  ChainAfter(last, entry);
  return repo.Append(entry);
}

}  // namespace ocop::domain
