// domain::LotRepository in portable SQL (migration 0006: lots, lot_growing_areas).
#pragma once

#include "domain/traceability/lot_repository.h"
#include "storage/sql/connection.h"

namespace ocop::storage {

class SqlLotRepository final : public domain::LotRepository {
 public:
  explicit SqlLotRepository(Connection& c) : c_(c) {}

  Result<std::int64_t> Insert(const domain::Lot& lot) override;
  Result<std::optional<domain::Lot>> Get(std::int64_t id) override;
  Result<std::optional<domain::Lot>> FindByKey(const std::string& key) override;
  Result<std::optional<domain::Lot>> FindByCode(std::int64_t product_id,
                                                const std::string& code) override;
  Result<std::vector<domain::Lot>> ListByProduct(std::int64_t product_id) override;
  Result<std::vector<domain::Lot>> ListByProducts(const std::vector<std::int64_t>& product_ids,
                                                  std::int64_t limit) override;
  Result<std::vector<domain::Lot>> List(const domain::LotFilter& filter) override;
  Result<std::vector<domain::Lot>> ListByGrowingArea(std::int64_t area_id, CivilDate from,
                                                     CivilDate to) override;
  Result<std::vector<domain::Lot>> ListByPackingHouse(std::int64_t site_id) override;
  Status SetStatus(std::int64_t id, domain::LotStatus s, const std::string& reason) override;

 private:
  // Rows of `sql` (selecting kLotColumns, aliased l) with their growing areas filled in.
  Result<std::vector<domain::Lot>> Select(const std::string& sql, std::vector<Param> params);
  Result<std::optional<domain::Lot>> SelectOne(const std::string& sql, std::vector<Param> params);

  Connection& c_;
};

}  // namespace ocop::storage
