// Port of the lots of products store: lots of products with their harvest, quantity, origin and
// status. Used inside one Store transaction; not thread-safe on its own.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/date.h"
#include "core/status.h"
#include "domain/traceability/lot.h"

namespace ocop::domain {

// Which lots to list: of one producer's products, of products in one province or commune; every
// criterion left empty/0 matches all.
struct LotFilter {
  std::int64_t producer_id = 0;
  std::string province_code;
  std::string commune_code;
  std::int64_t limit = 200;
};

class LotRepository {
 public:
  virtual ~LotRepository() = default;

  // Stores `lot` (its id, version and created_at_ms as given are ignored: version starts at 1,
  // created_at_ms is kept as given when non-zero) and returns its id. AlreadyExists
  // ("error.lot.duplicate") when the product already has a lot with this code or the key is taken.
  virtual Result<std::int64_t> Insert(const Lot& lot) = 0;
  virtual Result<std::optional<Lot>> Get(std::int64_t id) = 0;
  // The lot whose trace-graph key (gs1::CanonicalEpc(epc_id).key) is `key`.
  virtual Result<std::optional<Lot>> FindByKey(const std::string& key) = 0;
  // The lot of `product_id` numbered `code`.
  virtual Result<std::optional<Lot>> FindByCode(std::int64_t product_id,
                                                const std::string& code) = 0;
  // Lots of one product, newest first.
  virtual Result<std::vector<Lot>> ListByProduct(std::int64_t product_id) = 0;
  // Lots of any of `product_ids`, newest first, at most `limit` (a producer's or an area's lots).
  virtual Result<std::vector<Lot>> ListByProducts(const std::vector<std::int64_t>& product_ids,
                                                  std::int64_t limit) = 0;
  // Lots matching `filter`, newest first.
  virtual Result<std::vector<Lot>> List(const LotFilter& filter) = 0;
  // Lots from `area_id` whose harvest [harvest_from, harvest_to] overlaps [from, to] (both
  // inclusive); lots without harvest dates are not listed.
  virtual Result<std::vector<Lot>> ListByGrowingArea(std::int64_t area_id, CivilDate from,
                                                     CivilDate to) = 0;
  // Lots packed at `site_id`, newest first.
  virtual Result<std::vector<Lot>> ListByPackingHouse(std::int64_t site_id) = 0;
  // Sets the status and its reason and bumps version. NotFound when no such lot.
  virtual Status SetStatus(std::int64_t id, LotStatus s, const std::string& reason) = 0;
};

}  // namespace ocop::domain
