// Shared set-up of the domain tests: the real reference data and an
// in-memory store with the schema, on a fake clock.
#pragma once

#include <gtest/gtest.h>

#include <memory>

#include "core/clock.h"
#include "core/crypto.h"
#include "domain/identity/identity_service.h"
#include "domain/registry/registry_service.h"
#include "storage/open_store.h"

namespace ocop::domain::testing {

inline const Geography& Geo() {
  static const Geography geo = *Geography::Load(OCOP_DATA_DIR "/geo");
  return geo;
}

inline const ProductSetCatalog& Sets() {
  static const ProductSetCatalog sets =
      *ProductSetCatalog::Load(OCOP_DATA_DIR "/registry/product-sets.csv");
  return sets;
}

// 2026-11-22T03:00:00Z
inline constexpr std::int64_t kNow = 1795316400;

class DomainTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(crypto::Initialize());
    auto store = storage::OpenStore("sqlite::memory:");
    ASSERT_TRUE(store) << store.error().ToString();
    store_ = std::move(*store);
    ASSERT_TRUE(store_->Migrate());
    registry_ = std::make_unique<RegistryService>(*store_, Geo(), Sets(), clock_);
    identity_ = std::make_unique<IdentityService>(*store_, Geo(), clock_);
  }

  static ProducerInput HoneyCooperative() {
    return {"cooperative", "Hợp tác xã Mật ong Ia Grai",
            "5907144323",  "Trần Thị Hoa",
            "female",      "Gia Rai",
            "23764",       "Thôn 3",
            "0932686881",  "htx@example.com",
            "2016-04-12"};
  }

  static Principal Admin() { return {1, "admin", Role::kNationalAdmin, "", "", 0}; }

  FakeClock clock_{kNow};
  std::unique_ptr<storage::SqlStore> store_;
  std::unique_ptr<RegistryService> registry_;
  std::unique_ptr<IdentityService> identity_;
};

}  // namespace ocop::domain::testing
