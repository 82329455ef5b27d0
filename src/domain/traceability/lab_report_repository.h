// Port of the laboratory test reports store: reports on lots with their
// parameters and attached PDF. Used inside one Store transaction; not
// thread-safe on its own.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "domain/traceability/lab_report.h"

namespace ocop::domain {

// Which reports a list shows: every non-zero/non-empty criterion must hold.
struct LabReportFilter {
  std::int64_t laboratory_user_id = 0;
  std::int64_t producer_id = 0;
  std::string province_code;
  std::string commune_code;
  std::int64_t lot_id = 0;
  std::int64_t limit = 100;
};

class LabReportRepository {
 public:
  virtual ~LabReportRepository() = default;

  // Stores `report` with its parameters (id and pdf fields as given are
  // ignored: a new report has no PDF) and returns its id. AlreadyExists
  // ("error.lab.duplicate_number") when the laboratory already has a report
  // with this number, or ("error.lab.duplicate_event") for its event id.
  virtual Result<std::int64_t> Insert(const LabReport& report) = 0;
  virtual Result<std::optional<LabReport>> Get(std::int64_t id) = 0;
  virtual Result<std::optional<LabReport>> FindByEventId(const std::string& event_id) = 0;
  virtual Result<std::optional<LabReport>> FindByNumber(std::int64_t laboratory_user_id,
                                                        const std::string& number) = 0;
  // Newest first, with their parameters.
  virtual Result<std::vector<LabReport>> List(const LabReportFilter& filter) = 0;
  // Records the attached PDF (its blob stored by the caller). NotFound when
  // no such report.
  virtual Status SetPdf(std::int64_t id, const std::string& sha256, const std::string& name,
                        std::int64_t size) = 0;
  virtual Result<std::int64_t> Count() = 0;
};

}  // namespace ocop::domain
