// domain::RecallRepository in portable SQL.
#pragma once

#include "domain/traceability/recall_repository.h"
#include "storage/sql/connection.h"

namespace ocop::storage {

class SqlRecallRepository final : public domain::RecallRepository {
 public:
  explicit SqlRecallRepository(Connection& c) : c_(c) {}

 private:
  [[maybe_unused]] Connection& c_;
};

}  // namespace ocop::storage
