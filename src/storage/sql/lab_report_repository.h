// domain::LabReportRepository in portable SQL.
#pragma once

#include "domain/traceability/lab_report_repository.h"
#include "storage/sql/connection.h"

namespace ocop::storage {

class SqlLabReportRepository final : public domain::LabReportRepository {
 public:
  explicit SqlLabReportRepository(Connection& c) : c_(c) {}

 private:
  [[maybe_unused]] Connection& c_;
};

}  // namespace ocop::storage
