#include "storage/sql/lab_report_repository.h"

#include <charconv>
#include <cmath>

#include "gs1/epcis/sensor_data.h"

namespace ocop::storage {
namespace {

using domain::LabParameter;
using domain::LabReport;

constexpr const char* kColumns =
    "id, number, laboratory_user_id, laboratory, lot_id, lot_key, product_id, producer_id, "
    "province_code, tested_on, sample_id, method, verdict, event_id, event_seq, pdf_sha256, "
    "pdf_name, pdf_size, created_at_ms, commune_code";

double ToDouble(const std::string& s) {
  double d = 0;
  std::from_chars(s.data(), s.data() + s.size(), d);
  return d;
}

Param Decimal(const std::optional<double>& d) {
  if (!d) return nullptr;
  return gs1::epcis::ShortestDecimal(*d);
}

LabReport FromRow(const ResultSet& rs, std::size_t i) {
  LabReport r;
  r.id = rs.Int(i, 0);
  r.number = rs.Text(i, 1);
  r.laboratory_user_id = rs.Int(i, 2);
  r.laboratory = rs.Text(i, 3);
  r.lot_id = rs.Int(i, 4);
  r.lot_key = rs.Text(i, 5);
  r.product_id = rs.Int(i, 6);
  r.producer_id = rs.Int(i, 7);
  r.province_code = rs.Text(i, 8);
  r.tested_on = CivilDate::Parse(rs.Text(i, 9)).value_or(CivilDate{});
  r.sample_id = rs.Text(i, 10);
  r.method = rs.Text(i, 11);
  r.verdict = domain::ParseLabVerdict(rs.Text(i, 12)).value_or(domain::LabVerdict::kFail);
  r.event_id = rs.Text(i, 13);
  r.event_seq = rs.Int(i, 14);
  r.pdf_sha256 = rs.Text(i, 15);
  r.pdf_name = rs.Text(i, 16);
  r.pdf_size = rs.Int(i, 17);
  r.created_at_ms = rs.Int(i, 18);
  r.commune_code = rs.Text(i, 19);
  return r;
}

}  // namespace

Result<std::int64_t> SqlLabReportRepository::Insert(const LabReport& r) {
  const Param p[] = {r.number,
                     r.laboratory_user_id,
                     r.laboratory,
                     r.lot_id,
                     r.lot_key,
                     r.product_id,
                     r.producer_id,
                     r.province_code,
                     r.tested_on.ToIso(),
                     r.sample_id,
                     r.method,
                     std::string(domain::LabVerdictId(r.verdict)),
                     r.event_id,
                     r.event_seq,
                     r.created_at_ms,
                     r.commune_code};
  auto rs = c_.Query(
      "INSERT INTO lab_reports (number, laboratory_user_id, laboratory, lot_id, lot_key, "
      "product_id, producer_id, province_code, tested_on, sample_id, method, verdict, event_id, "
      "event_seq, pdf_sha256, pdf_name, pdf_size, created_at_ms, commune_code) VALUES ($1, $2, $3, "
      "$4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, '', '', 0, $15, $16) RETURNING id",
      p);
  if (!rs) {
    if (rs.error().code() != Code::kAlreadyExists) return Err(rs.error());
    const bool by_event = rs.error().ToString().find("event_id") != std::string::npos;
    return Err(AlreadyExists(by_event ? "error.lab.duplicate_event" : "error.lab.duplicate_number")
                   .WithDetail(by_event ? r.event_id : r.number));
  }
  const std::int64_t id = rs->Int(0, 0);
  for (std::size_t i = 0; i < r.parameters.size(); ++i) {
    const LabParameter& x = r.parameters[i];
    const Param q[] = {id,
                       static_cast<std::int64_t>(i),
                       x.name,
                       x.measurement_type,
                       x.chemical_substance,
                       x.microorganism,
                       gs1::epcis::ShortestDecimal(x.value),
                       x.unit,
                       Decimal(x.limit_min),
                       Decimal(x.limit_max),
                       std::string(domain::LabVerdictId(x.verdict))};
    OCOP_RETURN_IF_ERROR(c_.Exec(
        "INSERT INTO lab_report_parameters (report_id, position, name, measurement_type, "
        "chemical_substance, microorganism, value, unit, limit_min, limit_max, verdict) VALUES "
        "($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        q));
  }
  return id;
}

Result<std::vector<LabReport>> SqlLabReportRepository::Select(const std::string& where,
                                                              std::vector<Param> params) {
  OCOP_ASSIGN_OR_RETURN(
      ResultSet rs,
      c_.Query(std::string("SELECT ") + kColumns + " FROM lab_reports" + where, params));
  std::vector<LabReport> out;
  out.reserve(rs.rows.size());
  for (std::size_t i = 0; i < rs.rows.size(); ++i) out.push_back(FromRow(rs, i));
  for (LabReport& r : out) {
    const Param q[] = {r.id};
    OCOP_ASSIGN_OR_RETURN(
        ResultSet ps,
        c_.Query("SELECT name, measurement_type, chemical_substance, microorganism, value, unit, "
                 "limit_min, limit_max, verdict FROM lab_report_parameters WHERE report_id = $1 "
                 "ORDER BY position",
                 q));
    for (std::size_t i = 0; i < ps.rows.size(); ++i) {
      LabParameter x;
      x.name = ps.Text(i, 0);
      x.measurement_type = ps.Text(i, 1);
      x.chemical_substance = ps.Text(i, 2);
      x.microorganism = ps.Text(i, 3);
      x.value = ToDouble(ps.Text(i, 4));
      x.unit = ps.Text(i, 5);
      if (!ps.IsNull(i, 6)) x.limit_min = ToDouble(ps.Text(i, 6));
      if (!ps.IsNull(i, 7)) x.limit_max = ToDouble(ps.Text(i, 7));
      x.verdict = domain::ParseLabVerdict(ps.Text(i, 8)).value_or(domain::LabVerdict::kFail);
      r.parameters.push_back(std::move(x));
    }
  }
  return out;
}

namespace {
Result<std::optional<LabReport>> First(Result<std::vector<LabReport>> list) {
  if (!list) return Err(list.error());
  if (list->empty()) return std::optional<LabReport>();
  return std::optional<LabReport>(std::move(list->front()));
}
}  // namespace

Result<std::optional<LabReport>> SqlLabReportRepository::Get(std::int64_t id) {
  return First(Select(" WHERE id = $1", {id}));
}

Result<std::optional<LabReport>> SqlLabReportRepository::FindByEventId(
    const std::string& event_id) {
  return First(Select(" WHERE event_id = $1", {event_id}));
}

Result<std::optional<LabReport>> SqlLabReportRepository::FindByNumber(
    std::int64_t laboratory_user_id, const std::string& number) {
  return First(
      Select(" WHERE laboratory_user_id = $1 AND number = $2", {laboratory_user_id, number}));
}

Result<std::vector<LabReport>> SqlLabReportRepository::List(const domain::LabReportFilter& f) {
  std::string where;
  std::vector<Param> params;
  auto add = [&](const char* column, Param value) {
    params.push_back(std::move(value));
    where += (where.empty() ? " WHERE " : " AND ") + std::string(column) + " = $" +
             std::to_string(params.size());
  };
  if (f.laboratory_user_id != 0) add("laboratory_user_id", f.laboratory_user_id);
  if (f.producer_id != 0) add("producer_id", f.producer_id);
  if (!f.province_code.empty()) add("province_code", f.province_code);
  if (!f.commune_code.empty()) add("commune_code", f.commune_code);
  if (f.lot_id != 0) add("lot_id", f.lot_id);
  params.push_back(f.limit);
  where += " ORDER BY id DESC LIMIT $" + std::to_string(params.size());
  return Select(where, std::move(params));
}

Status SqlLabReportRepository::SetPdf(std::int64_t id, const std::string& sha256,
                                      const std::string& name, std::int64_t size) {
  const Param p[] = {sha256, name, size, id};
  OCOP_ASSIGN_OR_RETURN(
      ResultSet rs,
      c_.Query("UPDATE lab_reports SET pdf_sha256 = $1, pdf_name = $2, pdf_size = $3 WHERE id = $4 "
               "RETURNING id",
               p));
  if (rs.empty()) return NotFound("error.lab.not_found");
  return Status::Ok();
}

Result<std::int64_t> SqlLabReportRepository::Count() {
  OCOP_ASSIGN_OR_RETURN(ResultSet rs, c_.Query("SELECT COUNT(*) FROM lab_reports", {}));
  return rs.Int(0, 0);
}

}  // namespace ocop::storage
