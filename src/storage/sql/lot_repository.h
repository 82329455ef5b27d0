// domain::LotRepository in portable SQL.
#pragma once

#include "domain/traceability/lot_repository.h"
#include "storage/sql/connection.h"

namespace ocop::storage {

class SqlLotRepository final : public domain::LotRepository {
 public:
  explicit SqlLotRepository(Connection& c) : c_(c) {}

 private:
  [[maybe_unused]] Connection& c_;
};

}  // namespace ocop::storage
