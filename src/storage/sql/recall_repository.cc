// Recalls in portable SQL. Quantities are stored in thousandths
// (llround(q * 1000)) so both engines keep them exactly; absent dates are "".
#include "storage/sql/recall_repository.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "core/crypto.h"
#include "storage/sql/encoding.h"

namespace ocop::storage {
namespace {

using domain::LotRecallMark;
using domain::Recall;
using domain::RecallDestination;
using domain::RecallNotice;
using domain::RecallRecord;
using namespace encoding;  // NOLINT(google-build-using-namespace)

// Rows per multi-row INSERT: well under SQLite's 32766 and PostgreSQL's 65535 parameters.
constexpr std::size_t kRowsPerStatement = 200;
constexpr std::size_t kSeqsPerStatement = 500;

constexpr const char* kRecallColumns =
    "id, number, status, reason, reason_text, reference, voluntary, area_rule, window_days, "
    "province_code, producer_id, proposed_at_ms, opened_at_ms, opened_by, closed_at_ms, "
    "closed_by, close_report, close_justification, event_id, version";

Recall RecallFromRow(const ResultSet& rs, std::size_t i) {
  Recall r;
  r.id = rs.Int(i, 0);
  r.number = rs.Text(i, 1);
  r.status = domain::ParseRecallStatus(rs.Text(i, 2)).value_or(domain::RecallStatus::kProposed);
  r.reason = domain::ParseRecallReason(rs.Text(i, 3)).value_or(domain::RecallReason::kFailedTest);
  r.reason_text = rs.Text(i, 4);
  r.reference = rs.Text(i, 5);
  r.voluntary = rs.Int(i, 6) != 0;
  r.rule.enabled = rs.Int(i, 7) != 0;
  r.rule.window_days = static_cast<int>(rs.Int(i, 8));
  r.province_code = rs.Text(i, 9);
  r.producer_id = rs.IsNull(i, 10) ? 0 : rs.Int(i, 10);
  r.proposed_at_ms = rs.Int(i, 11);
  r.opened_at_ms = rs.Int(i, 12);
  r.opened_by = rs.IsNull(i, 13) ? 0 : rs.Int(i, 13);
  r.closed_at_ms = rs.Int(i, 14);
  r.closed_by = rs.IsNull(i, 15) ? 0 : rs.Int(i, 15);
  r.close_report = rs.Text(i, 16);
  r.close_justification = rs.Text(i, 17);
  r.event_id = rs.Text(i, 18);
  r.version = rs.Int(i, 19);
  return r;
}

std::string Placeholders(std::size_t first, std::size_t n) {
  std::string s = "(";
  for (std::size_t i = 0; i < n; ++i) s += (i ? ", $" : "$") + std::to_string(first + i);
  return s + ")";
}

// INSERT `head` VALUES (…), (…) … in statements of at most kRowsPerStatement
// rows of `columns` parameters each.
Status InsertRows(Connection& c, const std::string& head, std::size_t columns,
                  const std::vector<Param>& values) {
  const std::size_t rows = values.size() / columns;
  std::vector<Param> params;
  for (std::size_t first = 0; first < rows; first += kRowsPerStatement) {
    const std::size_t n = std::min(kRowsPerStatement, rows - first);
    std::string sql = head + " VALUES ";
    for (std::size_t i = 0; i < n; ++i) {
      sql += (i ? ", " : "") + Placeholders(i * columns + 1, columns);
    }
    params.assign(values.begin() + static_cast<std::ptrdiff_t>(first * columns),
                  values.begin() + static_cast<std::ptrdiff_t>((first + n) * columns));
    OCOP_RETURN_IF_ERROR(c.Exec(sql, params));
  }
  return Status::Ok();
}

std::string NumberOf(std::int64_t id, std::int64_t at_ms) {
  const CivilDate d = CivilDate::FromUnixInVietnam(at_ms / 1000);
  std::string digits = std::to_string(id);
  if (digits.size() < 6) digits.insert(0, 6 - digits.size(), '0');
  return "TH-" + std::to_string(d.year) + "-" + digits;
}

LotRecallMark MarkFromRow(const ResultSet& rs, std::size_t i) {
  LotRecallMark m;
  m.number = rs.Text(i, 0);
  m.status = domain::ParseRecallStatus(rs.Text(i, 1)).value_or(domain::RecallStatus::kOpen);
  m.reason = domain::ParseRecallReason(rs.Text(i, 2)).value_or(domain::RecallReason::kFailedTest);
  m.opened_at_ms = rs.Int(i, 3);
  m.closed_at_ms = rs.Int(i, 4);
  return m;
}

}  // namespace

Result<std::int64_t> SqlRecallRepository::InsertRow(const Recall& r, Param proposal_key) {
  // The number needs the id: a random placeholder keeps UNIQUE until it is set.
  Param p[] = {"pending-" + crypto::RandomToken(12),
               std::string(domain::RecallStatusId(r.status)),
               std::string(domain::RecallReasonId(r.reason)),
               r.reason_text,
               r.reference,
               Bool(r.voluntary),
               Bool(r.rule.enabled),
               std::int64_t{r.rule.window_days},
               r.province_code,
               NullIfZero(r.producer_id),
               std::move(proposal_key),
               r.proposed_at_ms,
               r.opened_at_ms,
               NullIfZero(r.opened_by),
               r.closed_at_ms,
               NullIfZero(r.closed_by),
               r.close_report,
               r.close_justification,
               r.event_id};
  OCOP_ASSIGN_OR_RETURN(
      ResultSet rs,
      c_.Query("INSERT INTO recalls (number, status, reason, reason_text, reference, voluntary, "
               "area_rule, window_days, province_code, producer_id, proposal_key, proposed_at_ms, "
               "opened_at_ms, opened_by, closed_at_ms, closed_by, close_report, "
               "close_justification, event_id, version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, "
               "$9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, 1) "
               "ON CONFLICT DO NOTHING RETURNING id",
               p));
  if (rs.empty()) return std::int64_t{0};
  const std::int64_t id = rs.Int(0, 0);
  const std::int64_t at =
      r.opened_at_ms != 0 && (r.proposed_at_ms == 0 || r.opened_at_ms < r.proposed_at_ms)
          ? r.opened_at_ms
          : r.proposed_at_ms;
  Param u[] = {NumberOf(id, at), id};
  OCOP_RETURN_IF_ERROR(c_.Exec("UPDATE recalls SET number = $1 WHERE id = $2", u));
  OCOP_RETURN_IF_ERROR(WriteLots(id, r.lot_ids));
  return id;
}

Result<std::int64_t> SqlRecallRepository::Insert(const Recall& r) {
  OCOP_ASSIGN_OR_RETURN(std::int64_t id, InsertRow(r, nullptr));
  if (id == 0) return Err(Internal("recall insert returned no id"));
  return id;
}

Result<std::int64_t> SqlRecallRepository::InsertProposal(const Recall& r) {
  const std::int64_t lot = r.lot_ids.empty() ? 0 : r.lot_ids.front();
  return InsertRow(r, std::to_string(lot) + "|" + r.reference);
}

Status SqlRecallRepository::WriteLots(std::int64_t recall_id,
                                      const std::vector<std::int64_t>& lot_ids) {
  Param d[] = {recall_id};
  OCOP_RETURN_IF_ERROR(c_.Exec("DELETE FROM recall_lots WHERE recall_id = $1", d));
  std::vector<Param> values;
  std::vector<std::int64_t> seen;
  for (std::size_t i = 0; i < lot_ids.size(); ++i) {
    if (std::find(seen.begin(), seen.end(), lot_ids[i]) != seen.end()) continue;
    seen.push_back(lot_ids[i]);
    values.insert(values.end(), {recall_id, lot_ids[i], static_cast<std::int64_t>(i)});
  }
  return InsertRows(c_, "INSERT INTO recall_lots (recall_id, lot_id, position)", 3, values);
}

Result<std::vector<std::int64_t>> SqlRecallRepository::LotsOf(std::int64_t recall_id) {
  Param p[] = {recall_id};
  OCOP_ASSIGN_OR_RETURN(
      ResultSet rs,
      c_.Query("SELECT lot_id FROM recall_lots WHERE recall_id = $1 ORDER BY position", p));
  std::vector<std::int64_t> out;
  for (std::size_t i = 0; i < rs.rows.size(); ++i) out.push_back(rs.Int(i, 0));
  return out;
}

Result<std::optional<Recall>> SqlRecallRepository::GetWhere(const char* column, Param value) {
  Param p[] = {std::move(value)};
  OCOP_ASSIGN_OR_RETURN(ResultSet rs, c_.Query(std::string("SELECT ") + kRecallColumns +
                                                   " FROM recalls WHERE " + column + " = $1",
                                               p));
  if (rs.empty()) return std::optional<Recall>();
  Recall r = RecallFromRow(rs, 0);
  OCOP_ASSIGN_OR_RETURN(r.lot_ids, LotsOf(r.id));
  return std::optional<Recall>(std::move(r));
}

Result<std::optional<Recall>> SqlRecallRepository::Get(std::int64_t id) {
  return GetWhere("id", id);
}

Result<std::optional<Recall>> SqlRecallRepository::FindByNumber(const std::string& number) {
  return GetWhere("number", number);
}

Result<std::vector<Recall>> SqlRecallRepository::List(const domain::RecallFilter& f) {
  Where w;
  if (!f.province_code.empty()) w.Equals("province_code", f.province_code);
  if (f.producer_id != 0) w.Equals("producer_id", f.producer_id);
  if (!f.statuses.empty()) {
    std::string cond = "status IN (";
    for (std::size_t i = 0; i < f.statuses.size(); ++i) {
      w.Params().emplace_back(std::string(domain::RecallStatusId(f.statuses[i])));
      cond += (i ? ", $" : "$") + std::to_string(w.Params().size());
    }
    // Where::Raw takes one value; the IN list is spliced with its own placeholders.
    const std::string prefix = w.Sql().empty() ? " WHERE " : " AND ";
    std::string sql = std::string("SELECT ") + kRecallColumns + " FROM recalls" + w.Sql() + prefix +
                      cond + ") ORDER BY id DESC";
    w.Params().emplace_back(f.limit);
    sql += " LIMIT $" + std::to_string(w.Params().size());
    OCOP_ASSIGN_OR_RETURN(ResultSet rs, c_.Query(sql, w.Params()));
    std::vector<Recall> out;
    for (std::size_t i = 0; i < rs.rows.size(); ++i) {
      out.push_back(RecallFromRow(rs, i));
      OCOP_ASSIGN_OR_RETURN(out.back().lot_ids, LotsOf(out.back().id));
    }
    return out;
  }
  w.Params().emplace_back(f.limit);
  const std::string sql = std::string("SELECT ") + kRecallColumns + " FROM recalls" + w.Sql() +
                          " ORDER BY id DESC LIMIT $" + std::to_string(w.Params().size());
  OCOP_ASSIGN_OR_RETURN(ResultSet rs, c_.Query(sql, w.Params()));
  std::vector<Recall> out;
  for (std::size_t i = 0; i < rs.rows.size(); ++i) {
    out.push_back(RecallFromRow(rs, i));
    OCOP_ASSIGN_OR_RETURN(out.back().lot_ids, LotsOf(out.back().id));
  }
  return out;
}

Status SqlRecallRepository::Update(const Recall& r) {
  Param p[] = {std::string(domain::RecallStatusId(r.status)),
               std::string(domain::RecallReasonId(r.reason)),
               r.reason_text,
               r.reference,
               Bool(r.voluntary),
               Bool(r.rule.enabled),
               std::int64_t{r.rule.window_days},
               r.province_code,
               NullIfZero(r.producer_id),
               r.proposed_at_ms,
               r.opened_at_ms,
               NullIfZero(r.opened_by),
               r.closed_at_ms,
               NullIfZero(r.closed_by),
               r.close_report,
               r.close_justification,
               r.event_id,
               r.id,
               r.version};
  OCOP_ASSIGN_OR_RETURN(
      ResultSet rs,
      c_.Query("UPDATE recalls SET status = $1, reason = $2, reason_text = $3, reference = $4, "
               "voluntary = $5, area_rule = $6, window_days = $7, province_code = $8, "
               "producer_id = $9, proposed_at_ms = $10, opened_at_ms = $11, opened_by = $12, "
               "closed_at_ms = $13, closed_by = $14, close_report = $15, "
               "close_justification = $16, event_id = $17, version = version + 1 "
               "WHERE id = $18 AND version = $19 RETURNING id",
               p));
  if (rs.empty()) {
    Param q[] = {r.id};
    OCOP_ASSIGN_OR_RETURN(ResultSet e, c_.Query("SELECT 1 FROM recalls WHERE id = $1", q));
    return e.empty() ? NotFound("error.recall.not_found") : Aborted("error.version.stale");
  }
  return WriteLots(r.id, r.lot_ids);
}

Status SqlRecallRepository::InsertRecords(std::int64_t recall_id,
                                          std::span<const RecallRecord> records) {
  Param q[] = {recall_id};
  OCOP_ASSIGN_OR_RETURN(
      ResultSet rs,
      c_.Query("SELECT COALESCE(MAX(position), -1) FROM recall_records WHERE recall_id = $1", q));
  std::int64_t position = rs.Int(0, 0) + 1;
  std::vector<Param> values;
  values.reserve(records.size() * 16);
  for (const RecallRecord& r : records) {
    values.insert(
        values.end(),
        {recall_id, position++, r.lot_key, r.lot_code, r.lot_id, r.product_id,
         r.product_description, static_cast<std::int64_t>(std::llround(r.quantity * 1000)), r.unit,
         r.location_id, r.location_description, DateText(r.date), r.event_type, r.reference_type,
         r.reference_number, std::string(domain::RecallReachId(r.reach))});
  }
  return InsertRows(c_,
                    "INSERT INTO recall_records (recall_id, position, lot_key, lot_code, lot_id, "
                    "product_id, product_description, quantity_milli, unit, location_id, "
                    "location_description, event_date, event_type, reference_type, "
                    "reference_number, reach)",
                    16, values);
}

Result<std::vector<RecallRecord>> SqlRecallRepository::ListRecords(std::int64_t recall_id) {
  Param p[] = {recall_id};
  OCOP_ASSIGN_OR_RETURN(
      ResultSet rs,
      c_.Query("SELECT lot_key, lot_code, lot_id, product_id, product_description, "
               "quantity_milli, unit, location_id, location_description, event_date, event_type, "
               "reference_type, reference_number, reach FROM recall_records "
               "WHERE recall_id = $1 ORDER BY position",
               p));
  std::vector<RecallRecord> out(rs.rows.size());
  for (std::size_t i = 0; i < rs.rows.size(); ++i) {
    RecallRecord& r = out[i];
    r.lot_key = rs.Text(i, 0);
    r.lot_code = rs.Text(i, 1);
    r.lot_id = rs.Int(i, 2);
    r.product_id = rs.Int(i, 3);
    r.product_description = rs.Text(i, 4);
    r.quantity = static_cast<double>(rs.Int(i, 5)) / 1000.0;
    r.unit = rs.Text(i, 6);
    r.location_id = rs.Text(i, 7);
    r.location_description = rs.Text(i, 8);
    r.date = OptionalDateFrom(rs.Text(i, 9));
    r.event_type = rs.Text(i, 10);
    r.reference_type = rs.Text(i, 11);
    r.reference_number = rs.Text(i, 12);
    r.reach = domain::ParseRecallReach(rs.Text(i, 13)).value_or(domain::RecallReach::kForward);
  }
  return out;
}

Result<std::vector<std::int64_t>> SqlRecallRepository::InsertDestinations(
    std::int64_t recall_id, std::span<const RecallDestination> destinations) {
  std::vector<Param> values;
  for (std::size_t i = 0; i < destinations.size(); ++i) {
    const RecallDestination& d = destinations[i];
    values.insert(values.end(), {recall_id, d.location_id, d.description, d.token, d.notified_at_ms,
                                 std::string()});
  }
  OCOP_RETURN_IF_ERROR(InsertRows(c_,
                                  "INSERT INTO recall_destinations (recall_id, location_id, "
                                  "description, token, notified_at_ms, confirmation_note)",
                                  6, values));
  std::vector<std::int64_t> ids;
  OCOP_ASSIGN_OR_RETURN(std::vector<RecallDestination> stored, ListDestinations(recall_id));
  for (const RecallDestination& d : destinations) {
    for (const RecallDestination& s : stored) {
      if (s.location_id == d.location_id) ids.push_back(s.id);
    }
  }
  return ids;
}

Result<std::vector<RecallDestination>> SqlRecallRepository::ListDestinations(
    std::int64_t recall_id) {
  Param p[] = {recall_id};
  OCOP_ASSIGN_OR_RETURN(
      ResultSet rs,
      c_.Query(
          "SELECT id, location_id, description, notified_at_ms, confirmed_at_ms, "
          "confirmed_by, confirmation_note, token FROM recall_destinations WHERE recall_id = $1 "
          "ORDER BY location_id",
          p));
  std::vector<RecallDestination> out(rs.rows.size());
  for (std::size_t i = 0; i < rs.rows.size(); ++i) {
    RecallDestination& d = out[i];
    d.id = rs.Int(i, 0);
    d.location_id = rs.Text(i, 1);
    d.description = rs.Text(i, 2);
    d.notified_at_ms = rs.Int(i, 3);
    d.confirmed_at_ms = OptionalInt(rs, i, 4);
    d.confirmed_by = rs.IsNull(i, 5) ? 0 : rs.Int(i, 5);
    d.confirmation_note = rs.Text(i, 6);
    d.token = rs.Text(i, 7);
  }
  return out;
}

Result<std::optional<std::pair<std::int64_t, std::int64_t>>>
SqlRecallRepository::FindDestinationByToken(const std::string& token) {
  Param p[] = {token};
  OCOP_ASSIGN_OR_RETURN(
      ResultSet rs, c_.Query("SELECT recall_id, id FROM recall_destinations WHERE token = $1", p));
  if (rs.empty()) return std::optional<std::pair<std::int64_t, std::int64_t>>();
  return std::optional<std::pair<std::int64_t, std::int64_t>>(
      std::pair{rs.Int(0, 0), rs.Int(0, 1)});
}

Result<bool> SqlRecallRepository::ConfirmDestination(std::int64_t recall_id,
                                                     std::int64_t destination_id,
                                                     std::int64_t at_ms, std::int64_t by_user,
                                                     const std::string& note) {
  Param p[] = {at_ms, NullIfZero(by_user), note, destination_id, recall_id};
  OCOP_ASSIGN_OR_RETURN(
      ResultSet rs,
      c_.Query("UPDATE recall_destinations SET confirmed_at_ms = $1, confirmed_by = $2, "
               "confirmation_note = $3 WHERE id = $4 AND recall_id = $5 "
               "AND confirmed_at_ms IS NULL RETURNING id",
               p));
  if (!rs.empty()) return true;
  Param q[] = {destination_id, recall_id};
  OCOP_ASSIGN_OR_RETURN(
      ResultSet e,
      c_.Query("SELECT 1 FROM recall_destinations WHERE id = $1 AND recall_id = $2", q));
  if (e.empty()) return Err(NotFound("error.recall.destination_not_found"));
  return false;
}

Status SqlRecallRepository::InsertNotices(std::span<const RecallNotice> notices) {
  std::vector<Param> values;
  for (const RecallNotice& n : notices) {
    values.insert(values.end(), {n.recall_id, n.producer_id, n.created_at_ms});
  }
  return InsertRows(c_, "INSERT INTO recall_notices (recall_id, producer_id, created_at_ms)", 3,
                    values);
}

Result<std::vector<RecallNotice>> SqlRecallRepository::NoticesFor(std::int64_t producer_id,
                                                                  std::int64_t limit) {
  Param p[] = {producer_id, limit};
  OCOP_ASSIGN_OR_RETURN(
      ResultSet rs,
      c_.Query("SELECT n.id, n.recall_id, n.producer_id, r.number, n.created_at_ms, n.read_at_ms "
               "FROM recall_notices n JOIN recalls r ON r.id = n.recall_id "
               "WHERE n.producer_id = $1 ORDER BY n.id DESC LIMIT $2",
               p));
  std::vector<RecallNotice> out(rs.rows.size());
  for (std::size_t i = 0; i < rs.rows.size(); ++i) {
    out[i].id = rs.Int(i, 0);
    out[i].recall_id = rs.Int(i, 1);
    out[i].producer_id = rs.Int(i, 2);
    out[i].recall_number = rs.Text(i, 3);
    out[i].created_at_ms = rs.Int(i, 4);
    out[i].read_at_ms = OptionalInt(rs, i, 5);
  }
  return out;
}

Result<std::vector<LotRecallMark>> SqlRecallRepository::RecallsOfKey(const std::string& lot_key) {
  Param p[] = {lot_key};
  OCOP_ASSIGN_OR_RETURN(
      ResultSet rs,
      c_.Query("SELECT number, status, reason, opened_at_ms, closed_at_ms FROM recalls "
               "WHERE status <> 'proposed' AND id IN "
               "(SELECT recall_id FROM recall_records WHERE lot_key = $1) ORDER BY id DESC",
               p));
  std::vector<LotRecallMark> out;
  for (std::size_t i = 0; i < rs.rows.size(); ++i) out.push_back(MarkFromRow(rs, i));
  return out;
}

Result<std::vector<LotRecallMark>> SqlRecallRepository::RecallsOfProduct(std::int64_t product_id) {
  Param p[] = {product_id};
  OCOP_ASSIGN_OR_RETURN(
      ResultSet rs,
      c_.Query("SELECT number, status, reason, opened_at_ms, closed_at_ms FROM recalls "
               "WHERE status <> 'proposed' AND id IN "
               "(SELECT recall_id FROM recall_records WHERE product_id = $1) ORDER BY id DESC",
               p));
  std::vector<LotRecallMark> out;
  for (std::size_t i = 0; i < rs.rows.size(); ++i) out.push_back(MarkFromRow(rs, i));
  OCOP_ASSIGN_OR_RETURN(ResultSet codes,
                        c_.Query("SELECT DISTINCT r.number, rr.lot_code FROM recall_records rr "
                                 "JOIN recalls r ON r.id = rr.recall_id WHERE rr.product_id = $1 "
                                 "AND rr.lot_code <> '' ORDER BY rr.lot_code",
                                 p));
  for (std::size_t i = 0; i < codes.rows.size(); ++i) {
    for (LotRecallMark& m : out) {
      if (m.number == codes.Text(i, 0)) m.lot_codes.push_back(codes.Text(i, 1));
    }
  }
  return out;
}

Result<std::vector<domain::EventReference>> SqlRecallRepository::EventReferences(
    std::span<const std::int64_t> seqs) {
  std::vector<domain::EventReference> out;
  std::vector<Param> params;
  for (std::size_t first = 0; first < seqs.size(); first += kSeqsPerStatement) {
    const std::size_t n = std::min(kSeqsPerStatement, seqs.size() - first);
    params.assign(seqs.begin() + static_cast<std::ptrdiff_t>(first),
                  seqs.begin() + static_cast<std::ptrdiff_t>(first + n));
    const std::string in = Placeholders(1, n);
    OCOP_ASSIGN_OR_RETURN(
        ResultSet rs,
        c_.Query("SELECT e.seq, e.event_id, e.event_time_ms, e.json, COALESCE(c.json, '') "
                 "FROM epcis_events e LEFT JOIN epcis_contexts c ON c.id = e.context_id "
                 "WHERE e.seq IN " +
                     in,
                 params));
    for (std::size_t i = 0; i < rs.rows.size(); ++i) {
      domain::EventReference ref;
      ref.seq = rs.Int(i, 0);
      ref.event_id = rs.Text(i, 1);
      ref.event_time_ms = rs.Int(i, 2);
      ref.json = rs.Text(i, 3);
      ref.context_json = rs.Text(i, 4);
      out.push_back(std::move(ref));
    }
  }
  return out;
}

}  // namespace ocop::storage
