// domain::LabReportRepository in portable SQL.
#pragma once

#include "domain/traceability/lab_report_repository.h"
#include "storage/sql/connection.h"

namespace ocop::storage {

class SqlLabReportRepository final : public domain::LabReportRepository {
 public:
  explicit SqlLabReportRepository(Connection& c) : c_(c) {}
  Result<std::int64_t> Insert(const domain::LabReport& report) override;
  Result<std::optional<domain::LabReport>> Get(std::int64_t id) override;
  Result<std::optional<domain::LabReport>> FindByEventId(const std::string& event_id) override;
  Result<std::optional<domain::LabReport>> FindByNumber(std::int64_t laboratory_user_id,
                                                        const std::string& number) override;
  Result<std::vector<domain::LabReport>> List(const domain::LabReportFilter& filter) override;
  Status SetPdf(std::int64_t id, const std::string& sha256, const std::string& name,
                std::int64_t size) override;
  Result<std::int64_t> Count() override;

 private:
  Result<std::vector<domain::LabReport>> Select(const std::string& where,
                                                std::vector<Param> params);
  Connection& c_;
};

}  // namespace ocop::storage
