// Certificates and their numbering, signing keys and inspections (encoding
// rules: storage/sql/encoding.h). A certificate's source is "platform" or
// "imported"; an absent revocation ground is "".
#include <array>
#include <string>
#include <vector>

#include "core/crypto.h"
#include "core/text.h"
#include "storage/sql/encoding.h"
#include "storage/sql/sql_repositories.h"

namespace ocop::storage {
namespace {

using domain::Certificate;
using namespace encoding;  // NOLINT(google-build-using-namespace)

std::string SourceText(domain::CertificateSource s) {
  return s == domain::CertificateSource::kImported ? "imported" : "platform";
}

domain::CertificateSource SourceFrom(std::string_view text) {
  return text == "imported" ? domain::CertificateSource::kImported
                            : domain::CertificateSource::kPlatform;
}

std::string GroundText(const std::optional<domain::RevocationGround>& g) {
  return g ? std::string(domain::RevocationGroundId(*g)) : "";
}

constexpr const char* kCertificateColumns =
    "id, number, product_id, dossier_id, product_name, product_code, producer_name, "
    "province_code, stars, rubric_version, authority, decision_number, signer, issued_on, "
    "expires_on, kid, signature, source, reevaluation_filed_on, reevaluation_decided, "
    "superseded_by, revoked_on, suspended_on, ground, ground_note, ground_evidence, "
    "ground_decision, created_at, updated_at, version";

Certificate CertificateFromRow(const ResultSet& rs, std::size_t i) {
  Certificate c;
  c.id = rs.Int(i, 0);
  c.number = rs.Text(i, 1);
  c.product_id = rs.Int(i, 2);
  c.dossier_id = rs.Int(i, 3);
  c.product_name = rs.Text(i, 4);
  c.product_code = rs.Text(i, 5);
  c.producer_name = rs.Text(i, 6);
  c.province_code = rs.Text(i, 7);
  c.stars = static_cast<int>(rs.Int(i, 8));
  c.rubric_version = rs.Text(i, 9);
  c.authority = rs.Text(i, 10);
  c.decision_number = rs.Text(i, 11);
  c.signer = rs.Text(i, 12);
  c.issued = DateFrom(rs.Text(i, 13));
  c.expires = DateFrom(rs.Text(i, 14));
  c.kid = rs.Text(i, 15);
  c.signature = rs.Text(i, 16);
  c.source = SourceFrom(rs.Text(i, 17));
  c.reevaluation_filed = OptionalDateFrom(rs.Text(i, 18));
  c.reevaluation_decided = rs.Int(i, 19) != 0;
  c.superseded_by = rs.Text(i, 20);
  c.revoked_on = OptionalDateFrom(rs.Text(i, 21));
  c.suspended_on = OptionalDateFrom(rs.Text(i, 22));
  c.ground = domain::ParseRevocationGround(rs.Text(i, 23));
  c.ground_note = rs.Text(i, 24);
  c.ground_evidence = rs.Text(i, 25);
  c.ground_decision = rs.Text(i, 26);
  c.created_at = rs.Int(i, 27);
  c.updated_at = rs.Int(i, 28);
  c.version = rs.Int(i, 29);
  return c;
}

// The part UpdateStatus writes, shared with Insert: $1 … $10.
std::vector<Param> StatusParams(const Certificate& c) {
  return {DateText(c.reevaluation_filed),
          Bool(c.reevaluation_decided),
          c.superseded_by,
          DateText(c.revoked_on),
          DateText(c.suspended_on),
          GroundText(c.ground),
          c.ground_note,
          c.ground_evidence,
          c.ground_decision,
          c.updated_at};
}

std::string SearchKey(const Certificate& c) {
  return text::FoldForSearch(c.number + " " + c.product_name + " " + c.producer_name + " " +
                             c.product_code);
}

Result<std::optional<Certificate>> FirstCertificate(Connection& c, const char* column,
                                                    Param value) {
  Param p[] = {std::move(value)};
  OCOP_ASSIGN_OR_RETURN(ResultSet rs, c.Query(std::string("SELECT ") + kCertificateColumns +
                                                  " FROM certificates WHERE " + column + " = $1",
                                              p));
  if (rs.empty()) return std::optional<Certificate>{};
  return CertificateFromRow(rs, 0);
}

// Internal when a stored key is not base64url.
Result<domain::SigningKey> KeyFromRow(const ResultSet& rs, std::size_t i) {
  domain::SigningKey k;
  k.kid = rs.Text(i, 0);
  auto public_key = crypto::Base64UrlDecode(rs.Text(i, 1));
  auto secret_key = crypto::Base64UrlDecode(rs.Text(i, 2));
  if (!public_key || !secret_key) return Err(Internal("signing key " + k.kid + " is corrupt"));
  k.public_key = std::move(*public_key);
  k.secret_key = std::move(*secret_key);
  k.created_at = rs.Int(i, 3);
  k.retired_at = OptionalInt(rs, i, 4);
  return k;
}

// "(column < $a OR column > $b)": Where::Raw binds one value, so `from` is
// bound first and named by its placeholder.
void NotBetween(Where& where, const std::string& column, const std::string& from,
                const std::string& to) {
  where.Params().push_back(from);
  const std::string from_placeholder = "$" + std::to_string(where.Params().size());
  where.Raw("(" + column + " < " + from_placeholder + " OR " + column + " > ?)", to);
}

// A date column holds "" when absent (encoding.h).
void IsSet(Where& where, const std::string& column, bool set) {
  where.Raw(column + (set ? " <> ?" : " = ?"), std::string());
}

constexpr const char* kKeyColumns = "kid, public_key, secret_key, created_at, retired_at";

}  // namespace

// AlreadyExists for a number already used.
Result<std::int64_t> SqlCertificateRepository::Insert(const Certificate& c) {
  auto p = StatusParams(c);
  for (Param v : std::initializer_list<Param>{
           c.number, NullIfZero(c.product_id), NullIfZero(c.dossier_id), c.product_name,
           c.product_code, c.producer_name, c.province_code, SearchKey(c), std::int64_t{c.stars},
           c.rubric_version, c.authority, c.decision_number, c.signer, DateText(c.issued),
           DateText(c.expires), c.kid, c.signature, SourceText(c.source), c.created_at}) {
    p.push_back(std::move(v));
  }
  auto rs = c_.Query(
      "INSERT INTO certificates (reevaluation_filed_on, reevaluation_decided, superseded_by, "
      "revoked_on, suspended_on, ground, ground_note, ground_evidence, ground_decision, "
      "updated_at, number, product_id, dossier_id, product_name, product_code, producer_name, "
      "province_code, search_folded, stars, rubric_version, authority, decision_number, signer, "
      "issued_on, expires_on, kid, signature, source, created_at) VALUES ($1, $2, $3, $4, $5, "
      "$6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, "
      "$24, $25, $26, $27, $28, $29) RETURNING id",
      p);
  if (!rs) {
    if (rs.error().code() != Code::kAlreadyExists) return Err(rs.error());
    return Err(AlreadyExists("error.store.duplicate").WithDetail("certificate " + c.number));
  }
  return rs->Int(0, 0);
}

Result<std::optional<Certificate>> SqlCertificateRepository::GetByNumber(
    const std::string& number) {
  return FirstCertificate(c_, "number", number);
}

Result<std::optional<Certificate>> SqlCertificateRepository::Get(std::int64_t id) {
  return FirstCertificate(c_, "id", id);
}

Result<std::optional<Certificate>> SqlCertificateRepository::NewestOfProduct(
    std::int64_t product_id) {
  Param p[] = {product_id};
  OCOP_ASSIGN_OR_RETURN(
      ResultSet rs, c_.Query(std::string("SELECT ") + kCertificateColumns +
                                 " FROM certificates WHERE product_id = $1"
                                 " ORDER BY issued_on DESC, id DESC LIMIT 1",
                             p));
  if (rs.empty()) return std::optional<Certificate>{};
  return CertificateFromRow(rs, 0);
}

Result<domain::Page<Certificate>> SqlCertificateRepository::List(
    const domain::CertificateFilter& f) {
  Where where;
  if (!f.province_code.empty()) where.Equals("province_code", f.province_code);
  if (f.stars != 0) where.Equals("stars", std::int64_t{f.stars});
  if (f.product_id != 0) where.Equals("product_id", f.product_id);
  if (!f.expires_from.empty()) where.Raw("expires_on >= ?", f.expires_from);
  if (!f.expires_to.empty()) where.Raw("expires_on <= ?", f.expires_to);
  if (!f.q_folded.empty()) where.Contains("search_folded", f.q_folded);
  if (!f.expires_outside_from.empty()) {
    NotBetween(where, "expires_on", f.expires_outside_from, f.expires_outside_to);
  }
  if (f.revoked) IsSet(where, "revoked_on", *f.revoked);
  if (f.suspended) IsSet(where, "suspended_on", *f.suspended);
  if (!f.in_force_on.empty()) where.Raw("issued_on <= ? AND expires_on >= ?", f.in_force_on);
  if (!f.lapsed_on.empty()) where.Raw("(expires_on < ? OR issued_on > ?)", f.lapsed_on);
  domain::Page<Certificate> page;
  OCOP_ASSIGN_OR_RETURN(
      ResultSet count, c_.Query("SELECT COUNT(*) FROM certificates" + where.Sql(), where.Params()));
  page.total = count.Int(0, 0);
  std::string sql = std::string("SELECT ") + kCertificateColumns + " FROM certificates" +
                    where.Sql() + " ORDER BY issued_on DESC, id DESC" +
                    where.Paging(f.limit, f.offset);
  OCOP_ASSIGN_OR_RETURN(ResultSet rs, c_.Query(sql, where.Params()));
  for (std::size_t i = 0; i < rs.rows.size(); ++i) page.items.push_back(CertificateFromRow(rs, i));
  return page;
}

// Finds the row by `c.id`; NotFound when there is none.
// Writes only over the version `c` was read at; another writer's change in
// between makes the store run the transaction again on fresh rows.
Status SqlCertificateRepository::UpdateStatus(const Certificate& c) {
  auto p = StatusParams(c);
  p.push_back(c.id);
  p.push_back(c.version);
  OCOP_ASSIGN_OR_RETURN(
      ResultSet rs,
      c_.Query("UPDATE certificates SET reevaluation_filed_on = $1, reevaluation_decided = $2, "
               "superseded_by = $3, revoked_on = $4, suspended_on = $5, ground = $6, "
               "ground_note = $7, ground_evidence = $8, ground_decision = $9, updated_at = $10, "
               "version = version + 1 WHERE id = $11 AND version = $12 RETURNING id",
               p));
  if (!rs.empty()) return Status::Ok();
  OCOP_ASSIGN_OR_RETURN(std::optional<Certificate> now, Get(c.id));
  if (!now) return NotFound("error.not_found");
  return Status(Code::kAborted, {"error.store.retry", {}})
      .WithDetail("certificate " + c.number + " changed since it was read");
}

Result<std::int64_t> SqlCertificateRepository::NextSequence(const std::string& scope, int year) {
  Param p[] = {scope, std::int64_t{year}};
  // One statement on both engines, like the product codes' sequence.
  OCOP_ASSIGN_OR_RETURN(
      ResultSet rs,
      c_.Query("INSERT INTO certificate_sequences (scope, year, last_value) VALUES ($1, $2, 1) "
               "ON CONFLICT (scope, year) DO UPDATE "
               "SET last_value = certificate_sequences.last_value + 1 RETURNING last_value",
               p));
  return rs.Int(0, 0);
}

Status SqlCertificateRepository::InsertKey(const domain::SigningKey& k) {
  Param p[] = {k.kid, crypto::Base64UrlEncode(k.public_key), crypto::Base64UrlEncode(k.secret_key),
               k.created_at, OptionalIntParam(k.retired_at)};
  return c_.Exec(
      "INSERT INTO signing_keys (kid, public_key, secret_key, created_at, retired_at) "
      "VALUES ($1, $2, $3, $4, $5)",
      p);
}

Result<std::optional<domain::SigningKey>> SqlCertificateRepository::ActiveKey() {
  OCOP_ASSIGN_OR_RETURN(ResultSet rs, c_.Query(std::string("SELECT ") + kKeyColumns +
                                                   " FROM signing_keys WHERE retired_at IS NULL "
                                                   "ORDER BY created_at DESC, kid DESC LIMIT 1",
                                               {}));
  if (rs.empty()) return std::optional<domain::SigningKey>{};
  OCOP_ASSIGN_OR_RETURN(domain::SigningKey key, KeyFromRow(rs, 0));
  return key;
}

Result<std::vector<domain::SigningKey>> SqlCertificateRepository::Keys() {
  OCOP_ASSIGN_OR_RETURN(ResultSet rs, c_.Query(std::string("SELECT ") + kKeyColumns +
                                                   " FROM signing_keys ORDER BY created_at, kid",
                                               {}));
  std::vector<domain::SigningKey> out;
  for (std::size_t i = 0; i < rs.rows.size(); ++i) {
    OCOP_ASSIGN_OR_RETURN(domain::SigningKey key, KeyFromRow(rs, i));
    out.push_back(std::move(key));
  }
  return out;
}

Status SqlCertificateRepository::RetireKeys(std::int64_t now) {
  Param p[] = {now};
  return c_.Exec("UPDATE signing_keys SET retired_at = $1 WHERE retired_at IS NULL", p);
}

Result<std::int64_t> SqlCertificateRepository::AddInspection(const domain::Inspection& i) {
  Param p[] = {i.certificate_id, i.inspector_user_id,       DateText(i.inspected_on),
               i.kind,           JoinIds(i.unmet_criteria), i.findings,
               i.created_at};
  OCOP_ASSIGN_OR_RETURN(
      ResultSet rs,
      c_.Query("INSERT INTO inspections (certificate_id, inspector_user_id, inspected_on, kind, "
               "unmet_criteria, findings, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) "
               "RETURNING id",
               p));
  return rs.Int(0, 0);
}

// Oldest first.
Result<std::vector<domain::Inspection>> SqlCertificateRepository::Inspections(
    std::int64_t certificate_id) {
  Param p[] = {certificate_id};
  OCOP_ASSIGN_OR_RETURN(
      ResultSet rs,
      c_.Query("SELECT id, certificate_id, inspector_user_id, inspected_on, kind, unmet_criteria, "
               "findings, created_at FROM inspections WHERE certificate_id = $1 ORDER BY id",
               p));
  std::vector<domain::Inspection> out;
  for (std::size_t r = 0; r < rs.rows.size(); ++r) {
    domain::Inspection i;
    i.id = rs.Int(r, 0);
    i.certificate_id = rs.Int(r, 1);
    i.inspector_user_id = rs.Int(r, 2);
    i.inspected_on = DateFrom(rs.Text(r, 3));
    i.kind = rs.Text(r, 4);
    i.unmet_criteria = SplitIds(rs.Text(r, 5));
    i.findings = rs.Text(r, 6);
    i.created_at = rs.Int(r, 7);
    out.push_back(std::move(i));
  }
  return out;
}

}  // namespace ocop::storage
