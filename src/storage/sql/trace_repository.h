// domain::TraceRepository in portable SQL.
#pragma once

#include "domain/traceability/trace_repository.h"
#include "storage/sql/connection.h"

namespace ocop::storage {

class SqlTraceRepository final : public domain::TraceRepository {
 public:
  explicit SqlTraceRepository(Connection& c) : c_(c) {}

 private:
  [[maybe_unused]] Connection& c_;
};

}  // namespace ocop::storage
