#include "domain/traceability/lab_report_service.h"

#include <charconv>

#include "core/crypto.h"
#include "core/file_kind.h"
#include "core/text.h"
#include "domain/text_input.h"
#include "domain/traceability/lab_report_events.h"
#include "domain/traceability/lab_report_repository.h"
#include "domain/traceability/lot_repository.h"
#include "gs1/digital_link.h"

namespace ocop::domain {

Result<std::optional<Lot>> FindLotByRef(Repositories& r, const std::string& raw) {
  std::string_view ref = text::Trim(raw);
  if (ref.empty()) return std::optional<Lot>();
  std::int64_t id = 0;
  auto [end, ec] = std::from_chars(ref.data(), ref.data() + ref.size(), id);
  if (ec == std::errc() && end == ref.data() + ref.size()) {
    if (id <= 0) return std::optional<Lot>();
    return r.lots().Get(id);
  }
  // A scanned link may carry a query or a fragment; the lot is its path.
  if (ref.starts_with("http://") || ref.starts_with("https://")) {
    ref = ref.substr(0, ref.find_first_of("?#"));
  }
  return r.lots().FindByKey(gs1::CanonicalEpc(ref).key);
}

LabReportService::LabReportService(Store& store, EpcisService& epcis, const Clock& clock,
                                   LabReportSettings settings)
    : store_(store), epcis_(epcis), clock_(clock), settings_(settings) {}

bool LabReportService::MayRead(const Principal& who, const LabReport& report) {
  switch (who.role) {
    case Role::kLaboratory:
      return report.laboratory_user_id == who.user_id;
    case Role::kProducer:
      return who.producer_id != 0 && report.producer_id == who.producer_id;
    case Role::kProvincialOfficer:
      return !who.province_code.empty() && report.province_code == who.province_code;
    case Role::kCommuneOfficer:
      return !who.commune_code.empty() && report.commune_code == who.commune_code;
    case Role::kInspector:
    case Role::kNationalAdmin:
      return true;
    default:
      return false;
  }
}

Result<LabReport> LabReportService::Submit(const Principal& who, const LabReportInput& in) {
  if (who.role != Role::kLaboratory) return Err(PermissionDenied("error.scope"));
  std::vector<FieldViolation> fields;
  LabReport report;
  report.number = in.number;
  report.sample_id = in.sample_id;
  report.method = in.method;
  const std::string_view date_text = text::Trim(in.tested_on);
  std::optional<CivilDate> tested_on = CivilDate::Parse(date_text);
  if (!tested_on) tested_on = CivilDate::ParseDisplay(date_text);
  const CivilDate today = CivilDate::FromUnixInVietnam(clock_.NowUnixSeconds());
  if (date_text.empty()) {
    fields.push_back({"tested_on", {"error.field.required", {}}});
  } else if (!tested_on) {
    fields.push_back({"tested_on", {"error.field.date", {}}});
  } else if (*tested_on > today) {
    fields.push_back({"tested_on", {"error.field.date_future", {}}});
  } else {
    report.tested_on = *tested_on;
  }
  Status judged = JudgeLabReport(report, in.parameters);
  for (const auto& f : judged.fields()) fields.push_back(f);

  std::optional<Lot> lot;
  Status read = store_.Read([&](Repositories& r) -> Status {
    OCOP_ASSIGN_OR_RETURN(lot, FindLotByRef(r, in.lot));
    if (report.number.empty()) return Status::Ok();
    OCOP_ASSIGN_OR_RETURN(std::optional<LabReport> taken,
                          r.lab_reports().FindByNumber(who.user_id, report.number));
    if (taken)
      fields.push_back({"number", {"error.lab.duplicate_number", {{"number", report.number}}}});
    return Status::Ok();
  });
  if (!read.ok()) return Err(read);
  if (text::Trim(in.lot).empty()) {
    fields.insert(fields.begin(), {"lot", {"error.field.required", {}}});
  } else if (!lot) {
    fields.insert(fields.begin(), {"lot", {"error.lab.lot_unknown", {}}});
  }
  if (!fields.empty()) return Err(InvalidArgument("error.invalid_input", std::move(fields)));

  const std::int64_t now_ms = clock_.NowUnixSeconds() * 1000;
  auto job = epcis_.CaptureDocument(who, LabReportDocument(report, lot->epc_id, now_ms),
                                    CaptureErrorBehaviour::kRollback);
  if (!job) return Err(job.error());
  std::optional<LabReport> stored;
  OCOP_RETURN_IF_ERROR(store_.Read([&](Repositories& r) -> Status {
    OCOP_ASSIGN_OR_RETURN(stored, r.lab_reports().FindByNumber(who.user_id, report.number));
    return Status::Ok();
  }));
  if (!stored) return Err(Internal("lab report not recorded from its event: " + report.number));
  return *stored;
}

Status LabReportService::CheckPdf(const std::string& bytes, std::int64_t max_bytes) {
  if (static_cast<std::int64_t>(bytes.size()) > max_bytes) {
    return InvalidArgument(
        "error.lab.pdf_size",
        {{"pdf", {"error.lab.pdf_size", {{"max", std::to_string(max_bytes >> 20)}}}}});
  }
  if (SniffFileKind(bytes) != FileKind::kPdf) {
    return InvalidArgument("error.lab.pdf_type", {{"pdf", {"error.lab.pdf_type", {}}}});
  }
  return Status::Ok();
}

Result<LabReport> LabReportService::AttachPdf(const Principal& who, std::int64_t id,
                                              const std::string& file_name,
                                              const std::string& bytes) {
  if (who.role != Role::kLaboratory) return Err(PermissionDenied("error.scope"));
  OCOP_RETURN_IF_ERROR(CheckPdf(bytes, settings_.max_pdf_bytes));
  FieldErrors name_errors;
  std::string name = CleanText(name_errors, "pdf", file_name, 200, false);
  if (!name_errors.empty() || name.empty()) name = "report.pdf";
  LabReport out;
  Status s = store_.Transact([&](Repositories& r) -> Status {
    OCOP_ASSIGN_OR_RETURN(std::optional<LabReport> report, r.lab_reports().Get(id));
    if (!report || report->laboratory_user_id != who.user_id) {
      return NotFound("error.lab.not_found");
    }
    const std::string sha = crypto::Sha256Hex(bytes);
    OCOP_RETURN_IF_ERROR(
        r.dossiers().PutBlob(sha, "application/pdf", bytes, clock_.NowUnixSeconds()));
    OCOP_RETURN_IF_ERROR(
        r.lab_reports().SetPdf(id, sha, name, static_cast<std::int64_t>(bytes.size())));
    report->pdf_sha256 = sha;
    report->pdf_name = name;
    report->pdf_size = static_cast<std::int64_t>(bytes.size());
    out = std::move(*report);
    return Status::Ok();
  });
  if (!s.ok()) return Err(s);
  return out;
}

namespace {

Result<LabReportView> ViewOf(Repositories& r, LabReport report) {
  LabReportView v;
  OCOP_ASSIGN_OR_RETURN(v.lot, r.lots().Get(report.lot_id));
  OCOP_ASSIGN_OR_RETURN(std::optional<Product> product, r.products().Get(report.product_id));
  if (product) {
    v.product_name = product->fields.name;
    v.product_code = product->code;
  }
  v.report = std::move(report);
  return v;
}

}  // namespace

Result<LabReportView> LabReportService::Get(const Principal& who, std::int64_t id) const {
  LabReportView out;
  OCOP_RETURN_IF_ERROR(store_.Read([&](Repositories& r) -> Status {
    OCOP_ASSIGN_OR_RETURN(std::optional<LabReport> report, r.lab_reports().Get(id));
    if (!report || !MayRead(who, *report)) return NotFound("error.lab.not_found");
    OCOP_ASSIGN_OR_RETURN(out, ViewOf(r, std::move(*report)));
    return Status::Ok();
  }));
  return out;
}

Result<std::pair<LabReport, std::string>> LabReportService::Pdf(const Principal& who,
                                                                std::int64_t id) const {
  std::pair<LabReport, std::string> out;
  OCOP_RETURN_IF_ERROR(store_.Read([&](Repositories& r) -> Status {
    OCOP_ASSIGN_OR_RETURN(std::optional<LabReport> report, r.lab_reports().Get(id));
    if (!report || !MayRead(who, *report) || report->pdf_sha256.empty()) {
      return NotFound("error.lab.not_found");
    }
    OCOP_ASSIGN_OR_RETURN(std::optional<std::string> bytes,
                          r.dossiers().GetBlob(report->pdf_sha256));
    if (!bytes) return NotFound("error.lab.not_found");
    out = {std::move(*report), std::move(*bytes)};
    return Status::Ok();
  }));
  return out;
}

Result<std::vector<LabReportView>> LabReportService::List(const Principal& who, std::int64_t lot_id,
                                                          std::int64_t limit) const {
  LabReportFilter f;
  f.lot_id = lot_id;
  f.limit = limit;
  switch (who.role) {
    case Role::kLaboratory:
      f.laboratory_user_id = who.user_id;
      break;
    case Role::kProducer:
      if (who.producer_id == 0) return std::vector<LabReportView>{};
      f.producer_id = who.producer_id;
      break;
    case Role::kProvincialOfficer:
      if (who.province_code.empty()) return std::vector<LabReportView>{};
      f.province_code = who.province_code;
      break;
    case Role::kCommuneOfficer:
      if (who.commune_code.empty()) return std::vector<LabReportView>{};
      f.commune_code = who.commune_code;
      break;
    case Role::kInspector:
    case Role::kNationalAdmin:
      break;
    default:
      return std::vector<LabReportView>{};
  }
  std::vector<LabReportView> out;
  OCOP_RETURN_IF_ERROR(store_.Read([&](Repositories& r) -> Status {
    OCOP_ASSIGN_OR_RETURN(std::vector<LabReport> reports, r.lab_reports().List(f));
    for (LabReport& report : reports) {
      OCOP_ASSIGN_OR_RETURN(LabReportView v, ViewOf(r, std::move(report)));
      out.push_back(std::move(v));
    }
    return Status::Ok();
  }));
  return out;
}

Result<std::optional<Lot>> LabReportService::FindLot(const std::string& ref) const {
  std::optional<Lot> lot;
  OCOP_RETURN_IF_ERROR(store_.Read([&](Repositories& r) -> Status {
    OCOP_ASSIGN_OR_RETURN(lot, FindLotByRef(r, ref));
    return Status::Ok();
  }));
  return lot;
}

}  // namespace ocop::domain
