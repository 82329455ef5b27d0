// domain::SiteRepository in portable SQL.
#pragma once

#include "domain/traceability/site_repository.h"
#include "storage/sql/connection.h"

namespace ocop::storage {

class SqlSiteRepository final : public domain::SiteRepository {
 public:
  explicit SqlSiteRepository(Connection& c) : c_(c) {}

 private:
  [[maybe_unused]] Connection& c_;
};

}  // namespace ocop::storage
