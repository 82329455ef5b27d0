// The daily job's lease, its notifications and the mail outbox. A province's
// inbox is the rows whose producer_id is NULL (domain: 0).
#include <string>
#include <vector>

#include "storage/sql/encoding.h"
#include "storage/sql/sql_repositories.h"

namespace ocop::storage {
namespace {

using domain::Notification;
using domain::OutboxMail;
using namespace encoding;  // NOLINT(google-build-using-namespace)

Notification NotificationFromRow(const ResultSet& rs, std::size_t i) {
  Notification n;
  n.id = rs.Int(i, 0);
  n.dedupe_key = rs.Text(i, 1);
  n.producer_id = rs.Int(i, 2);
  n.province_code = rs.Text(i, 3);
  n.kind = rs.Text(i, 4);
  n.certificate_number = rs.Text(i, 5);
  n.due_on = DateFrom(rs.Text(i, 6));
  n.created_at = rs.Int(i, 7);
  n.read_at = OptionalInt(rs, i, 8);
  return n;
}

OutboxMail MailFromRow(const ResultSet& rs, std::size_t i) {
  OutboxMail m;
  m.id = rs.Int(i, 0);
  m.dedupe_key = rs.Text(i, 1);
  m.to_address = rs.Text(i, 2);
  m.subject = rs.Text(i, 3);
  m.body = rs.Text(i, 4);
  m.created_at = rs.Int(i, 5);
  m.sent_at = OptionalInt(rs, i, 6);
  m.attempts = static_cast<int>(rs.Int(i, 7));
  m.last_error = rs.Text(i, 8);
  return m;
}

// NotFound when the statement (… RETURNING id) touched no row.
Status Touched(Result<ResultSet> rs) {
  if (!rs) return rs.error();
  return rs->empty() ? NotFound("error.not_found") : Status::Ok();
}

}  // namespace

// One statement: inserts the lease, or takes it over when it has run out or
// is already `holder`'s; no row comes back when another holder keeps it.
Result<bool> SqlNotificationRepository::TakeLease(const std::string& name,
                                                  const std::string& holder, std::int64_t now,
                                                  std::int64_t expires_at) {
  Param p[] = {name, holder, expires_at, now};
  OCOP_ASSIGN_OR_RETURN(
      ResultSet rs,
      c_.Query("INSERT INTO job_leases (name, holder, expires_at, last_run_on) "
               "VALUES ($1, $2, $3, '') ON CONFLICT (name) DO UPDATE SET "
               "holder = excluded.holder, expires_at = excluded.expires_at "
               "WHERE job_leases.expires_at <= $4 OR job_leases.holder = excluded.holder "
               "RETURNING holder",
               p));
  return !rs.empty();
}

Result<std::string> SqlNotificationRepository::LastRunOn(const std::string& name) {
  Param p[] = {name};
  OCOP_ASSIGN_OR_RETURN(ResultSet rs,
                        c_.Query("SELECT last_run_on FROM job_leases WHERE name = $1", p));
  return rs.empty() ? std::string() : rs.Text(0, 0);
}

// Creates the job's row (with no holder) if it has none yet.
Status SqlNotificationRepository::SetLastRunOn(const std::string& name,
                                               const std::string& iso_date) {
  Param p[] = {name, iso_date};
  return c_.Exec(
      "INSERT INTO job_leases (name, holder, expires_at, last_run_on) VALUES ($1, '', 0, $2) "
      "ON CONFLICT (name) DO UPDATE SET last_run_on = excluded.last_run_on",
      p);
}

Result<bool> SqlNotificationRepository::Notify(const Notification& n) {
  Param p[] = {n.dedupe_key, NullIfZero(n.producer_id),  n.province_code,
               n.kind,       n.certificate_number,       DateText(n.due_on),
               n.created_at, OptionalIntParam(n.read_at)};
  OCOP_ASSIGN_OR_RETURN(
      ResultSet rs,
      c_.Query("INSERT INTO notifications (dedupe_key, producer_id, province_code, kind, "
               "certificate_number, due_on, created_at, read_at) "
               "VALUES ($1, $2, $3, $4, $5, $6, $7, $8) "
               "ON CONFLICT (dedupe_key) DO NOTHING RETURNING id",
               p));
  return !rs.empty();
}

Result<bool> SqlNotificationRepository::Enqueue(const OutboxMail& m) {
  Param p[] = {m.dedupe_key,
               m.to_address,
               m.subject,
               m.body,
               m.created_at,
               OptionalIntParam(m.sent_at),
               std::int64_t{m.attempts},
               m.last_error};
  OCOP_ASSIGN_OR_RETURN(
      ResultSet rs,
      c_.Query("INSERT INTO outbox (dedupe_key, to_address, subject, body, created_at, sent_at, "
               "attempts, last_error) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) "
               "ON CONFLICT (dedupe_key) DO NOTHING RETURNING id",
               p));
  return !rs.empty();
}

Result<std::vector<Notification>> SqlNotificationRepository::Inbox(std::int64_t producer_id,
                                                                   const std::string& province_code,
                                                                   int limit) {
  constexpr const char* kColumns =
      "SELECT id, dedupe_key, producer_id, province_code, kind, certificate_number, due_on, "
      "created_at, read_at FROM notifications ";
  Result<ResultSet> rs;
  if (producer_id != 0) {
    Param p[] = {producer_id, std::int64_t{limit}};
    rs = c_.Query(std::string(kColumns) + "WHERE producer_id = $1 ORDER BY id DESC LIMIT $2", p);
  } else {
    Param p[] = {province_code, std::int64_t{limit}};
    rs = c_.Query(std::string(kColumns) +
                      "WHERE producer_id IS NULL AND province_code = $1 ORDER BY id DESC LIMIT $2",
                  p);
  }
  if (!rs) return Err(rs.error());
  std::vector<Notification> out;
  for (std::size_t i = 0; i < rs->rows.size(); ++i) out.push_back(NotificationFromRow(*rs, i));
  return out;
}

// Oldest first.
Result<std::vector<OutboxMail>> SqlNotificationRepository::Unsent(int limit, int max_attempts) {
  Param p[] = {std::int64_t{limit}, std::int64_t{max_attempts}};
  OCOP_ASSIGN_OR_RETURN(
      ResultSet rs,
      c_.Query(
          "SELECT id, dedupe_key, to_address, subject, body, created_at, sent_at, attempts, "
          "last_error FROM outbox WHERE sent_at IS NULL AND attempts < $2 ORDER BY id LIMIT $1",
          p));
  std::vector<OutboxMail> out;
  for (std::size_t i = 0; i < rs.rows.size(); ++i) out.push_back(MailFromRow(rs, i));
  return out;
}

// NotFound when there is no such mail.
Status SqlNotificationRepository::MarkSent(std::int64_t id, std::int64_t now) {
  Param p[] = {now, id};
  return Touched(c_.Query("UPDATE outbox SET sent_at = $1 WHERE id = $2 RETURNING id", p));
}

// Counts the attempt and keeps the error; NotFound when there is no such mail.
Status SqlNotificationRepository::MarkFailed(std::int64_t id, const std::string& error) {
  Param p[] = {error, id};
  return Touched(c_.Query(
      "UPDATE outbox SET attempts = attempts + 1, last_error = $1 WHERE id = $2 RETURNING id", p));
}

}  // namespace ocop::storage
