// JSON representations of domain objects in API answers.
#pragma once

#include <cstdint>
#include <string>

#include "api/json_writer.h"
#include "domain/identity/role.h"
#include "domain/registry/geography.h"
#include "domain/registry/producer.h"
#include "domain/registry/product.h"
#include "domain/registry/product_sets.h"

namespace ocop::api {

void WriteProducer(JsonWriter& w, const domain::Producer& p);
void WriteProduct(JsonWriter& w, const domain::Product& p, const domain::ProductSetCatalog& sets);
void WritePrincipal(JsonWriter& w, const domain::Principal& p);
void WriteProvince(JsonWriter& w, const domain::Province& p);
void WriteCommune(JsonWriter& w, const domain::Commune& c);
void WriteProductSet(JsonWriter& w, const domain::ProductSet& s);
// "2026-11-22T10:49:42Z"
std::string IsoTimestamp(std::int64_t unix_seconds);

}  // namespace ocop::api
