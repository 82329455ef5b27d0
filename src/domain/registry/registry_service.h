// Use cases of the registry: producers and products, with validation, access
// scope and the OCOP product code. Thread-safe (holds no mutable state).
#pragma once

#include <array>
#include <cstdint>
#include <string>

#include "core/clock.h"
#include "core/date.h"
#include "core/status.h"
#include "domain/identity/role.h"
#include "domain/registry/geography.h"
#include "domain/registry/product_sets.h"
#include "domain/store.h"

namespace ocop::domain {

// Raw input from a form or a JSON body; everything is validated here, so that
// both edges give the same field errors.
struct ProducerInput {
  std::string legal_type, name, registration_no;
  std::string representative_name, representative_gender, representative_ethnicity;
  std::string commune_code, street_address, phone, email, founded_on;
};

struct ProductInput {
  std::string name, product_set, producer_id, description, gtin;
};

// Validates `in` and returns normalised (NFC, trimmed) fields, or
// InvalidArgument naming every bad field.
Result<ProducerFields> ValidateProducer(const ProducerInput& in, const Geography& geo,
                                        const CivilDate& today);
Result<ProductFields> ValidateProduct(const ProductInput& in, const ProductSetCatalog& sets);

// A Vietnamese tax code (mã số thuế): 10 digits with its check digit, the
// same plus a 3-digit branch suffix ("0100233488-001"), or a 12-digit personal
// identification number used as a household business's tax code.
bool IsValidRegistrationNo(std::string_view s);

// Roles that may register producers (each within its area), and that may
// edit producers and register or edit products. The routes declare these.
inline constexpr std::array<Role, 3> kRegistrarRoles = {
    Role::kNationalAdmin, Role::kProvincialOfficer, Role::kCommuneOfficer};
inline constexpr std::array<Role, 4> kEditorRoles = {Role::kNationalAdmin, Role::kProvincialOfficer,
                                                     Role::kCommuneOfficer, Role::kProducer};

class RegistryService {
 public:
  RegistryService(Store& store, const Geography& geo, const ProductSetCatalog& sets,
                  const Clock& clock)
      : store_(store), geo_(geo), sets_(sets), clock_(clock) {}

  // PermissionDenied outside the principal's scope; AlreadyExists for a
  // registration number already registered.
  Result<Producer> CreateProducer(const Principal& who, const ProducerInput& in);
  // Aborted (with the current version in detail) when `expected_version` is
  // stale. Moving a producer to another commune is an officer's act (a
  // producer account cannot), and its products move with it; their codes stay.
  Result<Producer> UpdateProducer(const Principal& who, std::int64_t id, const ProducerInput& in,
                                  std::int64_t expected_version);
  Result<Producer> GetProducer(std::int64_t id);
  Result<Page<Producer>> ListProducers(const ProducerFilter& filter);

  // Assigns the OCOP product code in the same transaction as the insert.
  Result<Product> CreateProduct(const Principal& who, const ProductInput& in);
  Result<Product> UpdateProduct(const Principal& who, std::int64_t id, const ProductInput& in,
                                std::int64_t expected_version);
  Result<Product> GetProduct(std::int64_t id);
  Result<Page<Product>> ListProducts(const ProductFilter& filter);

  // Validation alone, as Create/Update would do it, for edges that found other
  // problems first and must still list every field.
  Status CheckProducer(const ProducerInput& in) const;
  Status CheckProduct(const ProductInput& in) const;

  // Whether `who` may create or edit this producer and its products.
  static bool MayEdit(const Principal& who, const std::string& province_code,
                      const std::string& commune_code, std::int64_t producer_id);

  const Geography& geography() const { return geo_; }
  const ProductSetCatalog& product_sets() const { return sets_; }

 private:
  Store& store_;
  const Geography& geo_;
  const ProductSetCatalog& sets_;
  const Clock& clock_;
};

// "52-23938-7-2026"
std::string FormatProductCode(const std::string& province_code, const std::string& commune_code,
                              std::int64_t sequence, int year);

}  // namespace ocop::domain
