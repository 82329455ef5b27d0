#include <string>
#include <vector>

#include "core/text.h"
#include "storage/sql/sql_repositories.h"

namespace ocop::storage {
namespace {

using domain::Producer;
using domain::Product;

// Builds "WHERE a = $1 AND b = $2" and its parameters.
class Where {
 public:
  void Equals(const char* column, Param value) {
    params_.push_back(std::move(value));
    Append(std::string(column) + " = $" + std::to_string(params_.size()));
  }
  void Contains(const char* column, std::string_view folded) {
    params_.push_back(LikeContains(folded));
    Append(std::string(column) + " LIKE $" + std::to_string(params_.size()) + " ESCAPE '\\'");
  }
  const std::string& Sql() const { return sql_; }
  std::vector<Param>& Params() { return params_; }
  // Appends LIMIT/OFFSET placeholders after the filter's own.
  std::string Paging(int limit, int offset) {
    params_.push_back(std::int64_t{limit});
    params_.push_back(std::int64_t{offset});
    return " LIMIT $" + std::to_string(params_.size() - 1) + " OFFSET $" +
           std::to_string(params_.size());
  }

 private:
  void Append(const std::string& cond) { sql_ += (sql_.empty() ? " WHERE " : " AND ") + cond; }
  std::string sql_;
  std::vector<Param> params_;
};

constexpr const char* kProducerColumns =
    "id, version, legal_type, name, registration_no, rep_name, rep_gender, rep_ethnicity, "
    "province_code, commune_code, street_address, phone, email, founded_on, created_at, "
    "updated_at";

Producer ProducerFromRow(const ResultSet& rs, std::size_t i) {
  Producer p;
  p.id = rs.Int(i, 0);
  p.version = rs.Int(i, 1);
  auto& f = p.fields;
  f.legal_type = domain::ParseLegalType(rs.Text(i, 2)).value_or(domain::LegalType::kCooperative);
  f.name = rs.Text(i, 3);
  f.registration_no = rs.Text(i, 4);
  f.representative.name = rs.Text(i, 5);
  f.representative.gender = domain::ParseGender(rs.Text(i, 6)).value_or(domain::Gender::kOther);
  f.representative.ethnicity = rs.Text(i, 7);
  p.province_code = rs.Text(i, 8);
  f.commune_code = rs.Text(i, 9);
  f.street_address = rs.Text(i, 10);
  f.phone = rs.Text(i, 11);
  f.email = rs.Text(i, 12);
  f.founded_on = rs.Text(i, 13);
  p.created_at = rs.Int(i, 14);
  p.updated_at = rs.Int(i, 15);
  return p;
}

// The mutable columns in a fixed order, shared by INSERT and UPDATE.
std::vector<Param> ProducerParams(const Producer& p) {
  const auto& f = p.fields;
  return {std::string(domain::LegalTypeId(f.legal_type)),
          f.name,
          text::FoldForSearch(f.name),
          f.registration_no,
          f.representative.name,
          std::string(domain::GenderId(f.representative.gender)),
          f.representative.ethnicity,
          p.province_code,
          f.commune_code,
          f.street_address,
          f.phone,
          f.email,
          f.founded_on,
          p.updated_at};
}

Status DuplicateRegistration(const Status& s) {
  if (s.code() != Code::kAlreadyExists) return s;
  return Status(Code::kAlreadyExists, {"error.producer.duplicate", {}},
                {{"registration_no", {"error.producer.duplicate", {}}}});
}

constexpr const char* kProductColumns =
    "id, version, code, name, product_set, producer_id, description, gtin, province_code, "
    "commune_code, created_at, updated_at";

Product ProductFromRow(const ResultSet& rs, std::size_t i) {
  Product p;
  p.id = rs.Int(i, 0);
  p.version = rs.Int(i, 1);
  p.code = rs.Text(i, 2);
  p.fields.name = rs.Text(i, 3);
  p.fields.product_set = static_cast<int>(rs.Int(i, 4));
  p.fields.producer_id = rs.Int(i, 5);
  p.fields.description = rs.Text(i, 6);
  p.fields.gtin = rs.Text(i, 7);
  p.province_code = rs.Text(i, 8);
  p.commune_code = rs.Text(i, 9);
  p.created_at = rs.Int(i, 10);
  p.updated_at = rs.Int(i, 11);
  return p;
}

Param GtinParam(const std::string& gtin) { return gtin.empty() ? Param(nullptr) : Param(gtin); }

Status DuplicateGtin(const Status& s) {
  if (s.code() != Code::kAlreadyExists) return s;
  return Status(Code::kAlreadyExists, {"error.product.duplicate_gtin", {}},
                {{"gtin", {"error.product.duplicate_gtin", {}}}});
}

template <typename T, typename FromRow>
Result<domain::Page<T>> ListPage(Connection& c, const char* table, const char* columns,
                                 Where& where, int limit, int offset, FromRow from_row) {
  domain::Page<T> page;
  OCOP_ASSIGN_OR_RETURN(
      ResultSet count,
      c.Query(std::string("SELECT COUNT(*) FROM ") + table + where.Sql(), where.Params()));
  page.total = count.Int(0, 0);
  std::string sql = std::string("SELECT ") + columns + " FROM " + table + where.Sql() +
                    " ORDER BY id" + where.Paging(limit, offset);
  OCOP_ASSIGN_OR_RETURN(ResultSet rs, c.Query(sql, where.Params()));
  for (std::size_t i = 0; i < rs.rows.size(); ++i) page.items.push_back(from_row(rs, i));
  return page;
}

}  // namespace

std::string LikeContains(std::string_view text) {
  std::string out = "%";
  for (char ch : text) {
    if (ch == '%' || ch == '_' || ch == '\\') out += '\\';
    out += ch;
  }
  return out + "%";
}

Result<std::int64_t> SqlProducerRepository::Insert(const Producer& p) {
  auto params = ProducerParams(p);
  params.push_back(p.created_at);
  auto rs = c_.Query(
      "INSERT INTO producers (legal_type, name, name_folded, registration_no, rep_name, "
      "rep_gender, rep_ethnicity, province_code, commune_code, street_address, phone, email, "
      "founded_on, updated_at, created_at, version) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, 1) RETURNING id",
      params);
  if (!rs) return Err(DuplicateRegistration(rs.error()));
  return rs->Int(0, 0);
}

Result<std::optional<Producer>> SqlProducerRepository::Get(std::int64_t id) {
  Param p[] = {id};
  OCOP_ASSIGN_OR_RETURN(
      ResultSet rs,
      c_.Query(std::string("SELECT ") + kProducerColumns + " FROM producers WHERE id = $1", p));
  if (rs.empty()) return std::optional<Producer>{};
  return ProducerFromRow(rs, 0);
}

Result<domain::UpdateOutcome> SqlProducerRepository::Update(const Producer& p,
                                                            std::int64_t expected_version) {
  auto params = ProducerParams(p);
  params.push_back(p.id);
  params.push_back(expected_version);
  auto rs = c_.Query(
      "UPDATE producers SET legal_type = $1, name = $2, name_folded = $3, registration_no = $4, "
      "rep_name = $5, rep_gender = $6, rep_ethnicity = $7, province_code = $8, commune_code = $9, "
      "street_address = $10, phone = $11, email = $12, founded_on = $13, updated_at = $14, "
      "version = version + 1 WHERE id = $15 AND version = $16 RETURNING version",
      params);
  if (!rs) return Err(DuplicateRegistration(rs.error()));
  if (!rs->empty()) return domain::UpdateOutcome::kUpdated;
  OCOP_ASSIGN_OR_RETURN(auto current, Get(p.id));
  return current ? domain::UpdateOutcome::kStale : domain::UpdateOutcome::kMissing;
}

Result<domain::Page<Producer>> SqlProducerRepository::List(const domain::ProducerFilter& f) {
  Where where;
  if (!f.province_code.empty()) where.Equals("province_code", f.province_code);
  if (!f.commune_code.empty()) where.Equals("commune_code", f.commune_code);
  if (f.legal_type) where.Equals("legal_type", std::string(domain::LegalTypeId(*f.legal_type)));
  if (!f.name_folded.empty()) where.Contains("name_folded", f.name_folded);
  return ListPage<Producer>(c_, "producers", kProducerColumns, where, f.limit, f.offset,
                            ProducerFromRow);
}

Result<std::int64_t> SqlProductRepository::Insert(const Product& p) {
  const auto& f = p.fields;
  Param params[] = {p.code,
                    f.name,
                    text::FoldForSearch(f.name),
                    std::int64_t{f.product_set},
                    f.producer_id,
                    f.description,
                    GtinParam(f.gtin),
                    p.province_code,
                    p.commune_code,
                    p.created_at,
                    p.updated_at};
  auto rs = c_.Query(
      "INSERT INTO products (code, name, name_folded, product_set, producer_id, description, "
      "gtin, province_code, commune_code, created_at, updated_at, version) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 1) RETURNING id",
      params);
  if (!rs) return Err(DuplicateGtin(rs.error()));
  return rs->Int(0, 0);
}

Result<std::optional<Product>> SqlProductRepository::GetWhere(const char* column, Param value) {
  Param p[] = {std::move(value)};
  OCOP_ASSIGN_OR_RETURN(ResultSet rs, c_.Query(std::string("SELECT ") + kProductColumns +
                                                   " FROM products WHERE " + column + " = $1",
                                               p));
  if (rs.empty()) return std::optional<Product>{};
  return ProductFromRow(rs, 0);
}

Result<std::optional<Product>> SqlProductRepository::Get(std::int64_t id) {
  return GetWhere("id", id);
}

Result<std::optional<Product>> SqlProductRepository::GetByCode(const std::string& code) {
  return GetWhere("code", code);
}

Result<std::optional<Product>> SqlProductRepository::GetByGtin(const std::string& gtin14) {
  // Every shorter form the same number may have been stored in: an IN list on
  // the indexed column rather than a padding expression that no index serves.
  if (gtin14.size() != 14 || !text::IsDigits(gtin14)) return std::optional<Product>{};
  std::vector<Param> forms = {gtin14};
  for (std::size_t length : {13u, 12u, 8u}) {
    const std::size_t zeros = 14 - length;
    if (gtin14.compare(0, zeros, std::string(zeros, '0')) == 0) {
      forms.emplace_back(gtin14.substr(zeros));
    }
  }
  std::string sql = std::string("SELECT ") + kProductColumns + " FROM products WHERE gtin IN (";
  for (std::size_t i = 0; i < forms.size(); ++i) sql += (i ? ", $" : "$") + std::to_string(i + 1);
  OCOP_ASSIGN_OR_RETURN(ResultSet rs, c_.Query(sql + ") ORDER BY id LIMIT 1", forms));
  if (rs.empty()) return std::optional<Product>{};
  return ProductFromRow(rs, 0);
}

Result<domain::UpdateOutcome> SqlProductRepository::Update(const Product& p,
                                                           std::int64_t expected_version) {
  const auto& f = p.fields;
  Param params[] = {f.name,
                    text::FoldForSearch(f.name),
                    std::int64_t{f.product_set},
                    f.description,
                    GtinParam(f.gtin),
                    p.updated_at,
                    p.id,
                    expected_version};
  auto rs = c_.Query(
      "UPDATE products SET name = $1, name_folded = $2, product_set = $3, description = $4, "
      "gtin = $5, updated_at = $6, version = version + 1 WHERE id = $7 AND version = $8 "
      "RETURNING version",
      params);
  if (!rs) return Err(DuplicateGtin(rs.error()));
  if (!rs->empty()) return domain::UpdateOutcome::kUpdated;
  OCOP_ASSIGN_OR_RETURN(auto current, Get(p.id));
  return current ? domain::UpdateOutcome::kStale : domain::UpdateOutcome::kMissing;
}

Result<domain::Page<Product>> SqlProductRepository::List(const domain::ProductFilter& f) {
  Where where;
  if (!f.province_code.empty()) where.Equals("province_code", f.province_code);
  if (!f.commune_code.empty()) where.Equals("commune_code", f.commune_code);
  if (f.producer_id != 0) where.Equals("producer_id", f.producer_id);
  if (f.product_set != 0) where.Equals("product_set", std::int64_t{f.product_set});
  if (!f.name_folded.empty()) where.Contains("name_folded", f.name_folded);
  return ListPage<Product>(c_, "products", kProductColumns, where, f.limit, f.offset,
                           ProductFromRow);
}

Status SqlProductRepository::MoveProducer(std::int64_t producer_id,
                                          const std::string& province_code,
                                          const std::string& commune_code) {
  Param p[] = {province_code, commune_code, producer_id};
  return c_.Exec("UPDATE products SET province_code = $1, commune_code = $2 WHERE producer_id = $3",
                 p);
}

Result<std::int64_t> SqlProductRepository::NextSequence(const std::string& commune_code) {
  Param p[] = {commune_code};
  // One statement on both engines: the row lock (PostgreSQL) or the write
  // lock (SQLite) makes concurrent registrations take turns.
  OCOP_ASSIGN_OR_RETURN(
      ResultSet rs,
      c_.Query("INSERT INTO commune_sequences (commune_code, last_value) VALUES ($1, 1) "
               "ON CONFLICT (commune_code) DO UPDATE "
               "SET last_value = commune_sequences.last_value + 1 RETURNING last_value",
               p));
  return rs.Int(0, 0);
}

}  // namespace ocop::storage
