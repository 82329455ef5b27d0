// Sản phẩm — a product registered for OCOP evaluation.
#pragma once

#include <cstdint>
#include <string>

namespace ocop::domain {

struct ProductFields {
  std::string name;
  int product_set = 0;  // 1..26, Phụ lục I
  std::int64_t producer_id = 0;
  std::string description;
  std::string gtin;  // optional; GTIN-8/12/13/14 with a valid check digit
};

struct Product {
  std::int64_t id = 0;
  std::int64_t version = 0;
  // Mã sản phẩm OCOP: PP-CCCCC-N-YYYY (province, commune, sequence kept per
  // commune, year of registration). Assigned once, never reused.
  std::string code;
  ProductFields fields;
  std::string province_code;
  std::string commune_code;
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
};

}  // namespace ocop::domain
