// Bộ sản phẩm: the 26 product sets of Phụ lục I, Decision 26/2026/QĐ-TTg,
// each with its group (nhóm ngành) and sub-group (nhóm). Immutable once loaded.
#pragma once

#include <string>
#include <vector>

#include "core/status.h"

namespace ocop::domain {

struct ProductSet {
  int number = 0;          // 1..26
  std::string group_code;  // I..VI
  std::string group_vi, group_en;
  int subgroup_no = 0;  // 1..17
  std::string subgroup_vi, subgroup_en;
  std::string name_vi, name_en;
};

class ProductSetCatalog {
 public:
  // Loads `path` (data/registry/product-sets.csv); requires sets 1..N in order.
  static Result<ProductSetCatalog> Load(const std::string& path);
  const std::vector<ProductSet>& sets() const { return sets_; }
  // nullptr when `number` is not a set.
  const ProductSet* Find(int number) const;

 private:
  std::vector<ProductSet> sets_;
};

}  // namespace ocop::domain
