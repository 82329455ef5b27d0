// JSON representations of domain objects in API answers.
#pragma once

#include <nlohmann/json.hpp>

#include "domain/identity/role.h"
#include "domain/registry/geography.h"
#include "domain/registry/producer.h"
#include "domain/registry/product.h"
#include "domain/registry/product_sets.h"

namespace ocop::api {

nlohmann::json ToJson(const domain::Producer& p);
nlohmann::json ToJson(const domain::Product& p, const domain::ProductSetCatalog& sets);
nlohmann::json ToJson(const domain::Principal& p);
// "2026-11-22T10:49:42Z"
std::string IsoTimestamp(std::int64_t unix_seconds);

}  // namespace ocop::api
