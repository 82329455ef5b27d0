// The EPCIS repository's rows (migration 0003). Captures insert in batches of
// multi-row statements, the same text each time, so that SQLite reuses its
// prepared statements and PostgreSQL needs few round trips.
#include <algorithm>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "storage/sql/encoding.h"
#include "storage/sql/event_id_digest.h"
#include "storage/sql/sql_repositories.h"

namespace ocop::storage {
namespace {

using domain::CaptureJob;
using domain::StoredEvent;
using gs1::epcis::Event;

// Captures hold this PostgreSQL advisory lock to the end of their
// transaction; see LockForCapture.
constexpr std::int64_t kCaptureLockKey = 0x4f434f5045504349;  // "OCOPEPCI"

constexpr std::size_t kEventColumns = 14;
constexpr std::size_t kEventsPerStatement = 40;
constexpr std::size_t kKeysPerStatement = 200;
constexpr std::size_t kIdsPerLookup = 200;

constexpr const char* kEventSelect =
    "SELECT e.seq, e.record_time_ms, e.event_id, e.type, e.action, e.biz_step, e.disposition, "
    "e.read_point, e.biz_location, e.event_time_ms, e.json, COALESCE(c.json, '') "
    "FROM epcis_events e LEFT JOIN epcis_contexts c ON c.id = e.context_id";

std::vector<StoredEvent> EventsFrom(ResultSet& rs) {
  std::vector<StoredEvent> out;
  out.reserve(rs.rows.size());
  for (std::size_t i = 0; i < rs.rows.size(); ++i) {
    StoredEvent s;
    s.seq = rs.Int(i, 0);
    s.record_time_ms = rs.Int(i, 1);
    Event& e = s.event;
    e.event_id = rs.Text(i, 2);
    e.type = static_cast<gs1::epcis::EventType>(rs.Int(i, 3));
    e.action = rs.Text(i, 4);
    e.biz_step = rs.Text(i, 5);
    e.disposition = rs.Text(i, 6);
    e.read_point = rs.Text(i, 7);
    e.biz_location = rs.Text(i, 8);
    e.event_time_ms = rs.Int(i, 9);
    e.json = std::move(*rs.rows[i][10]);
    s.context_json = std::move(*rs.rows[i][11]);
    out.push_back(std::move(s));
  }
  return out;
}

// "($1, $2), ($3, $4)" for `rows` rows of `columns` placeholders.
std::string ValuesList(std::size_t rows, std::size_t columns) {
  std::string sql;
  std::size_t n = 1;
  for (std::size_t r = 0; r < rows; ++r) {
    sql += r == 0 ? "(" : ", (";
    for (std::size_t c = 0; c < columns; ++c) {
      if (c > 0) sql += ", ";
      sql += "$" + std::to_string(n++);
    }
    sql += ")";
  }
  return sql;
}

// Runs `head VALUES (…), (…) tail` over `params` (`columns` per row), at
// most `per_statement` rows at a time.
Status InsertRows(Connection& c, std::string_view head, std::string_view tail, std::size_t columns,
                  std::size_t per_statement, std::vector<Param>& params) {
  const std::size_t rows = params.size() / columns;
  for (std::size_t first = 0; first < rows; first += per_statement) {
    const std::size_t n = std::min(per_statement, rows - first);
    std::string sql = std::string(head) + " VALUES " + ValuesList(n, columns) + std::string(tail);
    OCOP_RETURN_IF_ERROR(
        c.Exec(sql, std::span<const Param>(params.data() + first * columns, n * columns)));
  }
  return Status::Ok();
}

// The smallest string above every string that starts with `prefix`, or ""
// when there is none that stays ASCII.
std::string PrefixUpperBound(std::string prefix) {
  while (!prefix.empty()) {
    unsigned char last = static_cast<unsigned char>(prefix.back());
    if (last < 0x7e) {
      prefix.back() = static_cast<char>(last + 1);
      return prefix;
    }
    prefix.pop_back();
  }
  return "";
}

void AddRow(std::vector<Param>& rows, const std::string& key, std::int64_t role, std::int64_t seq) {
  rows.emplace_back(key);
  rows.emplace_back(role);
  rows.emplace_back(seq);
}

std::int64_t CodePoints(std::string_view s) {
  return std::count_if(s.begin(), s.end(),
                       [](char ch) { return (static_cast<unsigned char>(ch) & 0xc0) != 0x80; });
}

// A WHERE clause with its parameters.
class Conditions {
 public:
  std::string Add(Param p) {
    params_.push_back(std::move(p));
    return "$" + std::to_string(params_.size());
  }
  void And(const std::string& cond) { sql_ += (sql_.empty() ? " WHERE " : " AND ") + cond; }
  void In(const std::string& column, const std::vector<std::string>& values) {
    if (values.empty()) return;
    std::string list;
    for (const auto& v : values) list += (list.empty() ? "" : ", ") + Add(v);
    And(column + " IN (" + list + ")");
  }
  // key = $n, or the key range of a prefix.
  std::string KeyMatch(const std::string& key, bool is_prefix) {
    if (!is_prefix) return "key = " + Add(key);
    std::string upper = PrefixUpperBound(key);
    if (upper.empty() || upper.size() != key.size()) {
      return "substr(key, 1, " + Add(CodePoints(key)) + ") = " + Add(key);
    }
    return "(key >= " + Add(key) + " AND key < " + Add(upper) + ")";
  }
  const std::string& Sql() const { return sql_; }
  std::vector<Param>& Params() { return params_; }

 private:
  std::string sql_;
  std::vector<Param> params_;
};

std::string RoleList(const std::vector<std::uint8_t>& roles) {
  std::string list;
  for (auto r : roles) list += (list.empty() ? "" : ", ") + std::to_string(r);
  return list;
}

// The job's errors as length-prefixed fields: index, field, key, the number
// of arguments, then each argument's name and value.
std::string EncodeErrors(const std::vector<domain::CaptureError>& errors) {
  std::vector<std::string> fields;
  for (const auto& e : errors) {
    fields.push_back(std::to_string(e.index));
    fields.push_back(e.field);
    fields.push_back(e.message.key);
    fields.push_back(std::to_string(e.message.args.size()));
    for (const auto& [k, v] : e.message.args) {
      fields.push_back(k);
      fields.push_back(v);
    }
  }
  return encoding::EncodeFields(fields);
}

std::vector<domain::CaptureError> DecodeErrors(std::string_view text) {
  std::vector<domain::CaptureError> out;
  auto fields = encoding::DecodeFields(text);
  if (!fields) return out;
  std::size_t i = 0;
  while (i + 4 <= fields->size()) {
    domain::CaptureError e;
    e.index = std::stoll((*fields)[i]);
    e.field = (*fields)[i + 1];
    e.message.key = (*fields)[i + 2];
    std::size_t args = std::stoul((*fields)[i + 3]);
    i += 4;
    for (std::size_t a = 0; a < args && i + 2 <= fields->size(); ++a, i += 2) {
      e.message.args.emplace_back((*fields)[i], (*fields)[i + 1]);
    }
    out.push_back(std::move(e));
  }
  return out;
}

constexpr const char* kJobColumns =
    "capture_id, user_id, username, behaviour, success, event_count, captured_count, errors, "
    "created_at_ms, finished_at_ms";

CaptureJob JobFrom(const ResultSet& rs, std::size_t i) {
  CaptureJob j;
  j.id = rs.Text(i, 0);
  j.user_id = rs.Int(i, 1);
  j.username = rs.Text(i, 2);
  j.behaviour = domain::ParseCaptureErrorBehaviour(rs.Text(i, 3))
                    .value_or(domain::CaptureErrorBehaviour::kRollback);
  j.success = rs.Int(i, 4) != 0;
  j.event_count = rs.Int(i, 5);
  j.captured_count = rs.Int(i, 6);
  j.errors = DecodeErrors(rs.Text(i, 7));
  j.created_at_ms = rs.Int(i, 8);
  j.finished_at_ms = rs.Int(i, 9);
  return j;
}

// Which of `event_ids` (with their `digests`) are stored: the rows whose
// digest matches, kept when their id text is one of those asked for.
Result<std::vector<std::string>> StoredIds(Connection& c, std::span<const std::string> event_ids,
                                           std::span<const std::int64_t> digests) {
  std::vector<std::string> out;
  std::unordered_set<std::string_view> asked(event_ids.begin(), event_ids.end());
  std::vector<Param> params;
  for (std::size_t first = 0; first < digests.size(); first += kIdsPerLookup) {
    const std::size_t n = std::min(kIdsPerLookup, digests.size() - first);
    params.assign(digests.begin() + static_cast<std::ptrdiff_t>(first),
                  digests.begin() + static_cast<std::ptrdiff_t>(first + n));
    std::string sql = "SELECT event_id FROM epcis_events WHERE event_digest IN (";
    for (std::size_t i = 1; i <= n; ++i) sql += (i > 1 ? ", $" : "$") + std::to_string(i);
    sql += ")";
    OCOP_ASSIGN_OR_RETURN(ResultSet rs, c.Query(sql, params));
    for (auto& row : rs.rows) {
      if (asked.count(*row[0])) out.push_back(std::move(*row[0]));
    }
  }
  return out;
}

}  // namespace

// PostgreSQL runs transactions concurrently at read committed: without the
// lock, a capture that took lower seqs could commit after a reader had paged
// past them. SQLite has one writer already.
Status SqlEpcisRepository::LockForCapture() {
  if (c_.dialect() != Dialect::kPostgres) return Status::Ok();
  Param lock[] = {kCaptureLockKey};
  return c_.Exec("SELECT pg_advisory_xact_lock($1)", lock);
}

Result<std::int64_t> SqlEpcisRepository::PutContext(const std::string& sha256_hex,
                                                    const std::string& context_json) {
  Param p[] = {sha256_hex, context_json};
  OCOP_RETURN_IF_ERROR(c_.Exec(
      "INSERT INTO epcis_contexts (digest, json) VALUES ($1, $2) ON CONFLICT (digest) DO NOTHING",
      p));
  OCOP_ASSIGN_OR_RETURN(ResultSet rs, c_.Query("SELECT id FROM epcis_contexts WHERE digest = $1",
                                               std::span<const Param>(p, 1)));
  if (rs.empty()) return Err(Internal("epcis context vanished"));
  return rs.Int(0, 0);
}

Result<std::vector<std::string>> SqlEpcisRepository::ExistingEventIds(
    std::span<const std::string> event_ids) {
  std::vector<std::int64_t> digests;
  digests.reserve(event_ids.size());
  for (const auto& id : event_ids) digests.push_back(EventIdDigest(id));
  return StoredIds(c_, event_ids, digests);
}

// Seqs continue after the largest stored one: the capture lock (or SQLite's
// single writer) makes that safe, and one query replaces a RETURNING per event.
// The same lock makes the check of ids before inserting exact.
Result<std::int64_t> SqlEpcisRepository::InsertEvents(std::span<const Event> events,
                                                      std::int64_t record_time_ms,
                                                      const std::string& job_id,
                                                      std::int64_t context_id) {
  if (events.empty()) return std::int64_t{0};
  std::vector<std::string> event_ids;
  std::vector<std::int64_t> digests;
  event_ids.reserve(events.size());
  digests.reserve(events.size());
  std::unordered_set<std::string_view> in_batch;
  for (const Event& e : events) {
    if (!in_batch.insert(e.event_id).second) {
      return Err(AlreadyExists("error.epcis.duplicate_event").WithDetail(e.event_id));
    }
    event_ids.push_back(e.event_id);
    digests.push_back(EventIdDigest(e.event_id));
  }
  OCOP_ASSIGN_OR_RETURN(std::vector<std::string> taken, StoredIds(c_, event_ids, digests));
  if (!taken.empty()) {
    return Err(AlreadyExists("error.epcis.duplicate_event").WithDetail(taken.front()));
  }
  OCOP_ASSIGN_OR_RETURN(ResultSet last,
                        c_.Query("SELECT COALESCE(MAX(seq), 0) FROM epcis_events", {}));
  std::int64_t seq = last.Int(0, 0);
  const std::int64_t first_seq = seq + 1;
  std::vector<Param> rows, ids, transactions;
  rows.reserve(events.size() * kEventColumns);
  const Param context = context_id == 0 ? Param(nullptr) : Param(context_id);
  for (std::size_t i = 0; i < events.size(); ++i) {
    const Event& e = events[i];
    ++seq;
    Param values[] = {seq,
                      std::int64_t{static_cast<std::int64_t>(e.type)},
                      e.action,
                      e.biz_step,
                      e.disposition,
                      e.read_point,
                      e.biz_location,
                      e.event_time_ms,
                      record_time_ms,
                      job_id,
                      context,
                      e.json,
                      e.event_id,
                      digests[i]};
    for (auto& v : values) rows.push_back(std::move(v));
    for (const auto& id : e.epcs) AddRow(ids, id.key, id.role, seq);
    for (const auto& id : e.classes) AddRow(ids, id.key, domain::kClassRoleBase + id.role, seq);
    for (const auto& t : e.biz_transactions) {
      transactions.emplace_back(t.type);
      transactions.emplace_back(t.id);
      transactions.emplace_back(seq);
    }
  }
  Status s = InsertRows(c_,
                        "INSERT INTO epcis_events (seq, type, action, biz_step, disposition, "
                        "read_point, biz_location, event_time_ms, record_time_ms, job_id, "
                        "context_id, json, event_id, event_digest)",
                        "", kEventColumns, kEventsPerStatement, rows);
  OCOP_RETURN_IF_ERROR(s);
  // An identifier listed twice in one role of one event is indexed once.
  OCOP_RETURN_IF_ERROR(InsertRows(c_, "INSERT INTO epcis_ids (key, role, seq)",
                                  " ON CONFLICT DO NOTHING", 3, kKeysPerStatement, ids));
  OCOP_RETURN_IF_ERROR(InsertRows(c_, "INSERT INTO epcis_biz_transactions (type, id, seq)",
                                  " ON CONFLICT DO NOTHING", 3, kKeysPerStatement, transactions));
  return first_seq;
}

Status SqlEpcisRepository::InsertJob(const CaptureJob& j) {
  Param p[] = {j.id,
               j.user_id,
               j.username,
               std::string(domain::CaptureErrorBehaviourId(j.behaviour)),
               encoding::Bool(j.success),
               j.event_count,
               j.captured_count,
               EncodeErrors(j.errors),
               j.created_at_ms,
               j.finished_at_ms,
               j.document};
  return c_.Exec(std::string("INSERT INTO epcis_capture_jobs (") + kJobColumns +
                     ", document) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
                 p);
}

Result<std::optional<CaptureJob>> SqlEpcisRepository::GetJob(const std::string& id) {
  Param p[] = {id};
  OCOP_ASSIGN_OR_RETURN(ResultSet rs,
                        c_.Query(std::string("SELECT ") + kJobColumns +
                                     ", document FROM epcis_capture_jobs WHERE capture_id = $1",
                                 p));
  if (rs.empty()) return std::optional<CaptureJob>{};
  CaptureJob j = JobFrom(rs, 0);
  j.document = std::move(*rs.rows[0][10]);
  return std::optional<CaptureJob>(std::move(j));
}

Result<std::vector<CaptureJob>> SqlEpcisRepository::ListJobs(std::int64_t user_id,
                                                             std::int64_t offset,
                                                             std::int64_t limit) {
  std::vector<Param> p = {limit, offset};
  std::string sql = std::string("SELECT ") + kJobColumns + " FROM epcis_capture_jobs";
  if (user_id != 0) {
    sql += " WHERE user_id = $3";
    p.emplace_back(user_id);
  }
  sql += " ORDER BY seq DESC LIMIT $1 OFFSET $2";
  OCOP_ASSIGN_OR_RETURN(ResultSet rs, c_.Query(sql, p));
  std::vector<CaptureJob> out;
  for (std::size_t i = 0; i < rs.rows.size(); ++i) out.push_back(JobFrom(rs, i));
  return out;
}

Result<std::vector<StoredEvent>> SqlEpcisRepository::Query(const domain::EventQuery& q) {
  Conditions w;
  // With an event-time range, "+" keeps SQLite from answering the ORDER BY
  // by walking every seq (it then seeks the time index and sorts the range);
  // without filters the walk by seq is the right plan.
  const bool by_time = q.ge_event_time_ms || q.lt_event_time_ms;
  w.And(std::string(by_time ? "+e.seq > " : "e.seq > ") + w.Add(q.after_seq));
  if (!q.types.empty()) {
    std::string list;
    for (auto t : q.types) list += (list.empty() ? "" : ", ") + std::to_string(static_cast<int>(t));
    w.And("e.type IN (" + list + ")");
  }
  w.In("e.action", q.actions);
  w.In("e.biz_step", q.biz_steps);
  w.In("e.disposition", q.dispositions);
  w.In("e.read_point", q.read_points);
  w.In("e.biz_location", q.biz_locations);
  if (!q.event_ids.empty()) {
    std::string digests;
    for (const auto& id : q.event_ids) {
      digests += (digests.empty() ? "" : ", ") + w.Add(EventIdDigest(id));
    }
    w.And("e.event_digest IN (" + digests + ")");
    w.In("e.event_id", q.event_ids);
  }
  if (q.ge_event_time_ms) w.And("e.event_time_ms >= " + w.Add(*q.ge_event_time_ms));
  if (q.lt_event_time_ms) w.And("e.event_time_ms < " + w.Add(*q.lt_event_time_ms));
  if (q.ge_record_time_ms) w.And("e.record_time_ms >= " + w.Add(*q.ge_record_time_ms));
  if (q.lt_record_time_ms) w.And("e.record_time_ms < " + w.Add(*q.lt_record_time_ms));
  for (const auto& m : q.ids) {
    std::string keys;
    for (std::size_t i = 0; i < m.keys.size(); ++i) {
      keys +=
          (i == 0 ? "" : " OR ") + w.KeyMatch(m.keys[i], i < m.is_prefix.size() && m.is_prefix[i]);
    }
    w.And("e.seq IN (SELECT seq FROM epcis_ids WHERE (" + keys + ") AND role IN (" +
          RoleList(m.roles) + "))");
  }
  for (const auto& t : q.biz_transactions) {
    std::string ids;
    for (const auto& id : t.ids) ids += (ids.empty() ? "" : ", ") + w.Add(id);
    w.And("e.seq IN (SELECT seq FROM epcis_biz_transactions WHERE type = " + w.Add(t.type) +
          " AND id IN (" + ids + "))");
  }
  std::string sql = std::string(kEventSelect) + w.Sql() + " ORDER BY e.seq LIMIT " + w.Add(q.limit);
  OCOP_ASSIGN_OR_RETURN(ResultSet rs, c_.Query(sql, w.Params()));
  return EventsFrom(rs);
}

Result<std::optional<StoredEvent>> SqlEpcisRepository::GetEvent(const std::string& event_id) {
  Param p[] = {EventIdDigest(event_id), event_id};
  OCOP_ASSIGN_OR_RETURN(
      ResultSet rs,
      c_.Query(std::string(kEventSelect) + " WHERE e.event_digest = $1 AND e.event_id = $2", p));
  auto events = EventsFrom(rs);
  if (events.empty()) return std::optional<StoredEvent>{};
  return std::optional<StoredEvent>(std::move(events.front()));
}

Result<std::vector<StoredEvent>> SqlEpcisRepository::EventsForKey(const std::string& key,
                                                                  bool is_prefix,
                                                                  std::int64_t limit) {
  Conditions w;
  w.And("e.seq IN (SELECT seq FROM epcis_ids WHERE " + w.KeyMatch(key, is_prefix) + ")");
  std::string sql = std::string(kEventSelect) + w.Sql() +
                    " ORDER BY e.event_time_ms, e.seq LIMIT " + w.Add(limit);
  OCOP_ASSIGN_OR_RETURN(ResultSet rs, c_.Query(sql, w.Params()));
  return EventsFrom(rs);
}

Result<std::int64_t> SqlEpcisRepository::CountEvents() {
  OCOP_ASSIGN_OR_RETURN(ResultSet rs, c_.Query("SELECT COUNT(*) FROM epcis_events", {}));
  return rs.Int(0, 0);
}

}  // namespace ocop::storage
