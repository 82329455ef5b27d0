// Dossiers, their history and evidence (encoding rules: storage/sql/encoding.h).
#include <array>
#include <string>
#include <vector>

#include "core/crypto.h"
#include "storage/sql/encoding.h"
#include "storage/sql/sql_repositories.h"

namespace ocop::storage {
namespace {

using domain::Dossier;
using domain::DossierEvent;
using domain::Evidence;
using namespace encoding;  // NOLINT(google-build-using-namespace)

// The columns INSERT and UPDATE write, in the order of DossierParams.
constexpr std::array<const char*, 27> kMutableColumns = {"product_id",
                                                         "producer_id",
                                                         "province_code",
                                                         "commune_code",
                                                         "type",
                                                         "state",
                                                         "rubric_version",
                                                         "product_set",
                                                         "previous_dossier_id",
                                                         "base_certificate_id",
                                                         "form",
                                                         "self_assessment",
                                                         "submitted_on",
                                                         "commune_deadline",
                                                         "commune_report",
                                                         "round_id",
                                                         "central_round_id",
                                                         "attempt",
                                                         "mean_centi",
                                                         "stars",
                                                         "central_mean_centi",
                                                         "central_stars",
                                                         "result_note",
                                                         "decision_number",
                                                         "decision_date",
                                                         "decision_signer",
                                                         "updated_at"};

std::vector<Param> DossierParams(const Dossier& d) {
  return {d.product_id,
          d.producer_id,
          d.province_code,
          d.commune_code,
          std::string(domain::DossierTypeId(d.type)),
          std::string(domain::DossierStateId(d.state)),
          d.rubric_version,
          std::int64_t{d.product_set},
          NullIfZero(d.previous_dossier_id),
          NullIfZero(d.base_certificate_id),
          EncodeForm(d.form),
          EncodeSheet(d.self_assessment),
          DateText(d.submitted_on),
          DateText(d.commune_deadline),
          EncodeCommuneReport(d.commune_report),
          NullIfZero(d.round_id),
          NullIfZero(d.central_round_id),
          std::int64_t{d.attempt},
          Centi(d.mean),
          std::int64_t{d.stars},
          Centi(d.central_mean),
          std::int64_t{d.central_stars},
          d.result_note,
          d.decision_number,
          DateText(d.decision_date),
          d.decision_signer,
          d.updated_at};
}

// "a, b, c" or "a = $1, b = $2, c = $3".
std::string ColumnList(bool assign) {
  std::string out;
  for (std::size_t i = 0; i < kMutableColumns.size(); ++i) {
    if (i) out += ", ";
    out += kMutableColumns[i];
    if (assign) out += " = $" + std::to_string(i + 1);
  }
  return out;
}

std::string Placeholders(std::size_t from, std::size_t to) {
  std::string out;
  for (std::size_t i = from; i <= to; ++i) out += (i > from ? ", $" : "$") + std::to_string(i);
  return out;
}

const std::string& DossierColumns() {
  static const std::string kColumns =
      "id, token, version, created_at, " + ColumnList(/*assign=*/false);
  return kColumns;
}

Dossier DossierFromRow(const ResultSet& rs, std::size_t i) {
  Dossier d;
  d.id = rs.Int(i, 0);
  d.token = rs.Text(i, 1);
  d.version = rs.Int(i, 2);
  d.created_at = rs.Int(i, 3);
  constexpr std::size_t k = 4;  // first of kMutableColumns
  d.product_id = rs.Int(i, k + 0);
  d.producer_id = rs.Int(i, k + 1);
  d.province_code = rs.Text(i, k + 2);
  d.commune_code = rs.Text(i, k + 3);
  d.type = domain::ParseDossierType(rs.Text(i, k + 4)).value_or(domain::DossierType::kFirst);
  d.state = domain::ParseDossierState(rs.Text(i, k + 5)).value_or(domain::DossierState::kDraft);
  d.rubric_version = rs.Text(i, k + 6);
  d.product_set = static_cast<int>(rs.Int(i, k + 7));
  d.previous_dossier_id = rs.Int(i, k + 8);
  d.base_certificate_id = rs.Int(i, k + 9);
  d.form = DecodeForm(rs.Text(i, k + 10));
  d.self_assessment = DecodeSheet(rs.Text(i, k + 11));
  d.submitted_on = OptionalDateFrom(rs.Text(i, k + 12));
  d.commune_deadline = OptionalDateFrom(rs.Text(i, k + 13));
  d.commune_report = DecodeCommuneReport(rs.Text(i, k + 14));
  d.round_id = rs.Int(i, k + 15);
  d.central_round_id = rs.Int(i, k + 16);
  d.attempt = static_cast<int>(rs.Int(i, k + 17));
  d.mean = OptionalScore(rs, i, k + 18);
  d.stars = static_cast<int>(rs.Int(i, k + 19));
  d.central_mean = OptionalScore(rs, i, k + 20);
  d.central_stars = static_cast<int>(rs.Int(i, k + 21));
  d.result_note = rs.Text(i, k + 22);
  d.decision_number = rs.Text(i, k + 23);
  d.decision_date = OptionalDateFrom(rs.Text(i, k + 24));
  d.decision_signer = rs.Text(i, k + 25);
  d.updated_at = rs.Int(i, k + 26);
  return d;
}

Result<std::optional<Dossier>> FirstDossier(Connection& c, const std::string& where,
                                            std::span<const Param> params) {
  OCOP_ASSIGN_OR_RETURN(ResultSet rs,
                        c.Query("SELECT " + DossierColumns() + " FROM dossiers " + where, params));
  if (rs.empty()) return std::optional<Dossier>{};
  return DossierFromRow(rs, 0);
}

constexpr const char* kEvidenceColumns =
    "id, dossier_id, sha256, file_name, mime, size, criteria, uploaded_by, uploaded_at";

Evidence EvidenceFromRow(const ResultSet& rs, std::size_t i) {
  Evidence e;
  e.id = rs.Int(i, 0);
  e.dossier_id = rs.Int(i, 1);
  e.sha256 = rs.Text(i, 2);
  e.file_name = rs.Text(i, 3);
  e.mime = rs.Text(i, 4);
  e.size = rs.Int(i, 5);
  e.criteria = SplitIds(rs.Text(i, 6));
  e.uploaded_by = rs.Int(i, 7);
  e.uploaded_at = rs.Int(i, 8);
  return e;
}

}  // namespace

Result<std::int64_t> SqlDossierRepository::Insert(const Dossier& d) {
  auto params = DossierParams(d);
  params.push_back(d.token);
  params.push_back(d.created_at);
  const std::size_t n = kMutableColumns.size();
  OCOP_ASSIGN_OR_RETURN(ResultSet rs, c_.Query("INSERT INTO dossiers (" + ColumnList(false) +
                                                   ", token, created_at, version) " + "VALUES (" +
                                                   Placeholders(1, n + 2) + ", 1) RETURNING id",
                                               params));
  return rs.Int(0, 0);
}

Result<std::optional<Dossier>> SqlDossierRepository::Get(std::int64_t id) {
  Param p[] = {id};
  return FirstDossier(c_, "WHERE id = $1", p);
}

Result<std::optional<Dossier>> SqlDossierRepository::GetByToken(const std::string& token) {
  Param p[] = {token};
  return FirstDossier(c_, "WHERE token = $1", p);
}

Result<domain::UpdateOutcome> SqlDossierRepository::Update(const Dossier& d,
                                                           std::int64_t expected_version) {
  auto params = DossierParams(d);
  params.push_back(d.id);
  params.push_back(expected_version);
  const std::size_t n = kMutableColumns.size();
  OCOP_ASSIGN_OR_RETURN(
      ResultSet rs, c_.Query("UPDATE dossiers SET " + ColumnList(true) +
                                 ", version = version + 1 WHERE id = $" + std::to_string(n + 1) +
                                 " AND version = $" + std::to_string(n + 2) + " RETURNING version",
                             params));
  if (!rs.empty()) return domain::UpdateOutcome::kUpdated;
  OCOP_ASSIGN_OR_RETURN(auto current, Get(d.id));
  return current ? domain::UpdateOutcome::kStale : domain::UpdateOutcome::kMissing;
}

// Newest first (by id). `round_id` matches the provincial or the central round.
Result<domain::Page<Dossier>> SqlDossierRepository::List(const domain::DossierFilter& f) {
  Where where;
  if (!f.province_code.empty()) where.Equals("province_code", f.province_code);
  if (!f.commune_code.empty()) where.Equals("commune_code", f.commune_code);
  if (f.producer_id != 0) where.Equals("producer_id", f.producer_id);
  if (f.product_id != 0) where.Equals("product_id", f.product_id);
  if (f.round_id != 0) where.Raw("(round_id = ? OR central_round_id = ?)", f.round_id);
  if (f.state) where.Equals("state", std::string(domain::DossierStateId(*f.state)));
  std::vector<std::string> hidden;
  for (auto s : f.hidden_states) hidden.emplace_back(domain::DossierStateId(s));
  where.NotIn("state", hidden);
  domain::Page<Dossier> page;
  OCOP_ASSIGN_OR_RETURN(ResultSet count,
                        c_.Query("SELECT COUNT(*) FROM dossiers" + where.Sql(), where.Params()));
  page.total = count.Int(0, 0);
  std::string sql = "SELECT " + DossierColumns() + " FROM dossiers" + where.Sql() +
                    " ORDER BY id DESC" + where.Paging(f.limit, f.offset);
  OCOP_ASSIGN_OR_RETURN(ResultSet rs, c_.Query(sql, where.Params()));
  for (std::size_t i = 0; i < rs.rows.size(); ++i) page.items.push_back(DossierFromRow(rs, i));
  return page;
}

Result<std::optional<Dossier>> SqlDossierRepository::LatestOfProduct(std::int64_t product_id,
                                                                     std::int64_t except_id) {
  Param p[] = {product_id, except_id};
  return FirstDossier(c_, "WHERE product_id = $1 AND id <> $2 ORDER BY id DESC LIMIT 1", p);
}

Status SqlDossierRepository::AddEvent(std::int64_t dossier_id, const DossierEvent& e) {
  Param p[] = {dossier_id,
               e.at,
               e.actor_user_id,
               e.actor,
               e.action,
               std::string(domain::DossierStateId(e.from)),
               std::string(domain::DossierStateId(e.to)),
               e.note};
  return c_.Exec(
      "INSERT INTO dossier_events (dossier_id, at, actor_user_id, actor, action, from_state, "
      "to_state, note) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
      p);
}

// Oldest first.
Result<std::vector<DossierEvent>> SqlDossierRepository::Events(std::int64_t dossier_id) {
  Param p[] = {dossier_id};
  OCOP_ASSIGN_OR_RETURN(ResultSet rs,
                        c_.Query("SELECT at, actor_user_id, actor, action, from_state, to_state, "
                                 "note FROM dossier_events WHERE dossier_id = $1 ORDER BY id",
                                 p));
  std::vector<DossierEvent> out;
  for (std::size_t i = 0; i < rs.rows.size(); ++i) {
    DossierEvent e;
    e.at = rs.Int(i, 0);
    e.actor_user_id = rs.Int(i, 1);
    e.actor = rs.Text(i, 2);
    e.action = rs.Text(i, 3);
    e.from = domain::ParseDossierState(rs.Text(i, 4)).value_or(domain::DossierState::kDraft);
    e.to = domain::ParseDossierState(rs.Text(i, 5)).value_or(domain::DossierState::kDraft);
    e.note = rs.Text(i, 6);
    out.push_back(std::move(e));
  }
  return out;
}

Status SqlDossierRepository::PutBlob(const std::string& sha256, const std::string& mime,
                                     const std::string& bytes, std::int64_t now) {
  Param p[] = {sha256, mime, static_cast<std::int64_t>(bytes.size()),
               crypto::Base64UrlEncode(bytes), now};
  return c_.Exec(
      "INSERT INTO blobs (sha256, mime, size, data, created_at) VALUES ($1, $2, $3, $4, $5) "
      "ON CONFLICT (sha256) DO NOTHING",
      p);
}

Result<std::optional<std::string>> SqlDossierRepository::GetBlob(const std::string& sha256) {
  Param p[] = {sha256};
  OCOP_ASSIGN_OR_RETURN(ResultSet rs, c_.Query("SELECT data FROM blobs WHERE sha256 = $1", p));
  if (rs.empty()) return std::optional<std::string>{};
  auto bytes = crypto::Base64UrlDecode(rs.Text(0, 0));
  if (!bytes) return Err(Internal("blob " + sha256 + " is not base64url"));
  return bytes;
}

Result<std::int64_t> SqlDossierRepository::AddEvidence(const Evidence& e) {
  Param p[] = {e.dossier_id,        e.sha256,      e.file_name,  e.mime, e.size,
               JoinIds(e.criteria), e.uploaded_by, e.uploaded_at};
  OCOP_ASSIGN_OR_RETURN(
      ResultSet rs,
      c_.Query("INSERT INTO evidence (dossier_id, sha256, file_name, mime, size, criteria, "
               "uploaded_by, uploaded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
               p));
  return rs.Int(0, 0);
}

// In upload order.
Result<std::vector<Evidence>> SqlDossierRepository::ListEvidence(std::int64_t dossier_id) {
  Param p[] = {dossier_id};
  OCOP_ASSIGN_OR_RETURN(ResultSet rs, c_.Query(std::string("SELECT ") + kEvidenceColumns +
                                                   " FROM evidence WHERE dossier_id = $1 "
                                                   "ORDER BY id",
                                               p));
  std::vector<Evidence> out;
  for (std::size_t i = 0; i < rs.rows.size(); ++i) out.push_back(EvidenceFromRow(rs, i));
  return out;
}

// The copies keep the uploader and time of the originals, in the same order.
Status SqlDossierRepository::CopyEvidence(std::int64_t from_dossier, std::int64_t to_dossier) {
  Param p[] = {from_dossier, to_dossier};
  return c_.Exec(
      "INSERT INTO evidence (dossier_id, sha256, file_name, mime, size, criteria, uploaded_by, "
      "uploaded_at) SELECT CAST($2 AS BIGINT), sha256, file_name, mime, size, criteria, "
      "uploaded_by, uploaded_at "
      "FROM evidence WHERE dossier_id = $1 ORDER BY id",
      p);
}

}  // namespace ocop::storage
