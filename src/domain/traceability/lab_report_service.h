// Use cases of laboratory test reports: a laboratory submits a report on a
// lot (through the form or the JSON API), which is captured as the EPCIS
// event of lab_report_events.h so that the row is recorded by the same step
// as a partner laboratory's own capture; the report PDF is attached after.
// Who reads: the laboratory that submitted it, the lot's producer, the
// provincial officers of the product's province and the commune officers of
// its commune, inspectors and the national office; nobody else (the public scan page shows only a
// recall). Thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/clock.h"
#include "core/status.h"
#include "domain/identity/role.h"
#include "domain/store.h"
#include "domain/traceability/epcis_service.h"
#include "domain/traceability/lab_report.h"
#include "domain/traceability/lot.h"

namespace ocop::domain {

struct LabReportSettings {
  std::int64_t max_pdf_bytes = 10 << 20;  // larger: InvalidArgument ("error.lab.pdf_size")
};

// A report as the form and the API submit it.
struct LabReportInput {
  std::string lot;  // the lot's id, or its class id / scanned link in any form
  std::string number, sample_id, method;
  std::string tested_on;  // "YYYY-MM-DD" or "dd/mm/yyyy"
  std::vector<StatedParameter> parameters;
};

// A report with the lot and product it is about, for display.
struct LabReportView {
  LabReport report;
  std::optional<Lot> lot;
  std::string product_name, product_code;
};

class LabReportService {
 public:
  LabReportService(Store& store, EpcisService& epcis, const Clock& clock,
                   LabReportSettings settings = {});

  // Laboratories only (PermissionDenied else). InvalidArgument with field
  // violations ("lot", "tested_on" — a date after today —, and those of
  // JudgeLabReport); NotFound ("error.lab.lot_unknown") for an unknown lot;
  // AlreadyExists ("error.lab.duplicate_number"). Nothing is stored on error.
  Result<LabReport> Submit(const Principal& who, const LabReportInput& in);

  // The laboratory that submitted report `id` attaches its PDF (replacing
  // any before). InvalidArgument: "error.lab.pdf_type" when the bytes are not
  // a PDF (by signature), "error.lab.pdf_size" over the limit; NotFound when
  // the report is not the caller's.
  Result<LabReport> AttachPdf(const Principal& who, std::int64_t id, const std::string& file_name,
                              const std::string& bytes);

  // NotFound ("error.lab.not_found") when missing or not readable by `who`.
  Result<LabReportView> Get(const Principal& who, std::int64_t id) const;
  // The PDF bytes; NotFound when none is attached.
  Result<std::pair<LabReport, std::string>> Pdf(const Principal& who, std::int64_t id) const;
  // The reports `who` may read, newest first; of one lot when `lot_id` is not 0.
  Result<std::vector<LabReportView>> List(const Principal& who, std::int64_t lot_id,
                                          std::int64_t limit = 100) const;
  // The lot named by `ref` (its id, class id or link), for the form.
  Result<std::optional<Lot>> FindLot(const std::string& ref) const;

  static bool MayRead(const Principal& who, const LabReport& report);
  // The PDF rules of AttachPdf alone (a form checks them before submitting,
  // so that a bad file stores nothing).
  static Status CheckPdf(const std::string& bytes, std::int64_t max_bytes);
  const LabReportSettings& settings() const { return settings_; }

 private:
  Store& store_;
  EpcisService& epcis_;
  const Clock& clock_;
  LabReportSettings settings_;
};

// Shared by the service and the capture step: the lot named by `ref`.
Result<std::optional<Lot>> FindLotByRef(Repositories& r, const std::string& ref);

}  // namespace ocop::domain
