// Ports the registry context needs from storage. Used inside one Store
// transaction; not thread-safe on their own.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "domain/registry/producer.h"
#include "domain/registry/product.h"

namespace ocop::domain {

template <typename T>
struct Page {
  std::vector<T> items;
  std::int64_t total = 0;
};

struct ProducerFilter {
  std::string province_code;
  std::string commune_code;
  std::optional<LegalType> legal_type;
  std::string name_folded;  // substring of the folded name
  int offset = 0;
  int limit = 20;
};

struct ProductFilter {
  std::string province_code;
  std::string commune_code;
  std::int64_t producer_id = 0;
  int product_set = 0;
  std::string name_folded;
  int offset = 0;
  int limit = 20;
};

enum class UpdateOutcome { kUpdated, kStale, kMissing };

class ProducerRepository {
 public:
  virtual ~ProducerRepository() = default;
  // Inserts with version 1 and returns the id; AlreadyExists on a duplicate
  // registration number.
  virtual Result<std::int64_t> Insert(const Producer& producer) = 0;
  virtual Result<std::optional<Producer>> Get(std::int64_t id) = 0;
  // Writes `producer` (version+1) only if the stored version is
  // `expected_version`.
  virtual Result<UpdateOutcome> Update(const Producer& producer, std::int64_t expected_version) = 0;
  virtual Result<Page<Producer>> List(const ProducerFilter& filter) = 0;
};

class ProductRepository {
 public:
  virtual ~ProductRepository() = default;
  virtual Result<std::int64_t> Insert(const Product& product) = 0;
  virtual Result<std::optional<Product>> Get(std::int64_t id) = 0;
  virtual Result<std::optional<Product>> GetByCode(const std::string& code) = 0;
  // The product whose GTIN is `gtin14` (14 digits, as in a Digital Link),
  // whether it was stored as GTIN-8, -12, -13 or -14: the same number padded
  // with leading zeros. nullopt when none.
  virtual Result<std::optional<Product>> GetByGtin(const std::string& gtin14) = 0;
  // One value for everything the public page of product `product_id` shows
  // from the store, which changes whenever that page may (the resolver's page
  // cache checks it on every scan, so one indexed statement): the product's
  // and its producer's versions, its newest certificate's id and version
  // (every update of these rows bumps its version; none is ever deleted), and
  // the number and greatest seq of the EPCIS events naming any of the exact
  // canonical `event_keys` (events are only ever added). "" when there is no
  // such product.
  virtual Result<std::string> PageStamp(std::int64_t product_id,
                                        const std::vector<std::string>& event_keys) = 0;
  virtual Result<UpdateOutcome> Update(const Product& product, std::int64_t expected_version) = 0;
  virtual Result<Page<Product>> List(const ProductFilter& filter) = 0;
  // Sets the place of every product of `producer_id` (after the producer moved).
  virtual Status MoveProducer(std::int64_t producer_id, const std::string& province_code,
                              const std::string& commune_code) = 0;
  // The next number of the commune's product sequence, atomically within the
  // transaction: concurrent transactions never get the same number, and a
  // rolled-back one leaves no gap.
  virtual Result<std::int64_t> NextSequence(const std::string& commune_code) = 0;
};

}  // namespace ocop::domain
