// Ports the certification context needs from storage: certificates and their
// numbering, signing keys, inspections, the renewal job's lease and the
// notifications it writes. Used inside one Store transaction.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "domain/certification/certificate_record.h"
#include "domain/registry/repositories.h"

namespace ocop::domain {

struct CertificateFilter {
  std::string province_code;
  int stars = 0;
  std::string q_folded;  // substring of the folded product, producer or number
  std::int64_t product_id = 0;
  // Expiry between these (inclusive), ISO dates; empty = unbounded.
  std::string expires_from, expires_to;
  // Expiry outside [from, to] (both set, or neither), ISO dates.
  std::string expires_outside_from, expires_outside_to;
  // Revoked / suspended or not; nullopt = either.
  std::optional<bool> revoked, suspended;
  // In force on this ISO date (issued_on <= d <= expires_on), or not in force
  // on it (expires_on < d or issued_on > d); empty = no condition.
  std::string in_force_on, lapsed_on;
  int offset = 0;
  int limit = 20;
};

class CertificateRepository {
 public:
  virtual ~CertificateRepository() = default;
  // AlreadyExists for a number already used.
  virtual Result<std::int64_t> Insert(const Certificate& c) = 0;
  virtual Result<std::optional<Certificate>> GetByNumber(const std::string& number) = 0;
  virtual Result<std::optional<Certificate>> Get(std::int64_t id) = 0;
  // The product's newest certificate (by issue date, then id), as List would
  // give first, without counting: the resolver's page reads it on every scan.
  virtual Result<std::optional<Certificate>> NewestOfProduct(std::int64_t product_id) = 0;
  // Newest first (by issue date, then id).
  virtual Result<Page<Certificate>> List(const CertificateFilter& filter) = 0;
  // Writes the mutable part: re-evaluation, superseded_by, revocation,
  // suspension; only over the version `c` was read at, else Aborted
  // "error.store.retry" (the store runs the transaction again).
  virtual Status UpdateStatus(const Certificate& c) = 0;
  // The next number of `scope` (a province code or "TW") in `year`.
  virtual Result<std::int64_t> NextSequence(const std::string& scope, int year) = 0;

  virtual Status InsertKey(const SigningKey& k) = 0;
  // The newest key not retired, if any.
  virtual Result<std::optional<SigningKey>> ActiveKey() = 0;
  virtual Result<std::vector<SigningKey>> Keys() = 0;  // oldest first
  virtual Status RetireKeys(std::int64_t now) = 0;     // retires every active key

  virtual Result<std::int64_t> AddInspection(const Inspection& i) = 0;
  virtual Result<std::vector<Inspection>> Inspections(std::int64_t certificate_id) = 0;
};

// A message to a producer's or a province's inbox about a certificate.
struct Notification {
  std::int64_t id = 0;
  std::string dedupe_key;
  std::int64_t producer_id = 0;  // 0 for a province's inbox
  std::string province_code;
  std::string kind;  // "window_opens", "window_closes", "expired"
  std::string certificate_number;
  CivilDate due_on;
  std::int64_t created_at = 0;
  std::optional<std::int64_t> read_at;
};

struct OutboxMail {
  std::int64_t id = 0;
  std::string dedupe_key, to_address, subject, body;
  std::int64_t created_at = 0;
  std::optional<std::int64_t> sent_at;
  int attempts = 0;
  std::string last_error;
};

class NotificationRepository {
 public:
  virtual ~NotificationRepository() = default;
  // Takes or renews the lease of job `name` for `holder` until `expires_at`;
  // false when another holder's lease is still running at `now`.
  virtual Result<bool> TakeLease(const std::string& name, const std::string& holder,
                                 std::int64_t now, std::int64_t expires_at) = 0;
  virtual Result<std::string> LastRunOn(const std::string& name) = 0;  // ISO date or ""
  virtual Status SetLastRunOn(const std::string& name, const std::string& iso_date) = 0;
  // False when the dedupe key was already written (nothing changes).
  virtual Result<bool> Notify(const Notification& n) = 0;
  virtual Result<bool> Enqueue(const OutboxMail& m) = 0;
  // Newest first. producer_id 0 → the province's inbox.
  virtual Result<std::vector<Notification>> Inbox(std::int64_t producer_id,
                                                  const std::string& province_code, int limit) = 0;
  // Unsent mails tried fewer than `max_attempts` times, oldest first.
  virtual Result<std::vector<OutboxMail>> Unsent(int limit, int max_attempts) = 0;
  virtual Status MarkSent(std::int64_t id, std::int64_t now) = 0;
  virtual Status MarkFailed(std::int64_t id, const std::string& error) = 0;
};

}  // namespace ocop::domain
