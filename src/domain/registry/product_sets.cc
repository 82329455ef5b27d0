#include "domain/registry/product_sets.h"

#include "core/csv.h"
#include "core/text.h"

namespace ocop::domain {

Result<ProductSetCatalog> ProductSetCatalog::Load(const std::string& path) {
  OCOP_ASSIGN_OR_RETURN(std::string content, csv::ReadFile(path));
  OCOP_ASSIGN_OR_RETURN(std::vector<csv::Row> rows, csv::Parse(content));
  ProductSetCatalog catalog;
  for (std::size_t i = 1; i < rows.size(); ++i) {
    const auto& r = rows[i];
    std::string where = path + ": line " + std::to_string(i + 1);
    if (r.size() < 9) return Err(InvalidArgument(where + ": expected at least 9 fields"));
    if (!text::IsDigits(r[0]) || std::stoi(r[0]) != static_cast<int>(i) || !text::IsDigits(r[4])) {
      return Err(InvalidArgument(where + ": set numbers must run 1, 2, 3, …"));
    }
    catalog.sets_.push_back(
        {std::stoi(r[0]), r[1], r[2], r[3], std::stoi(r[4]), r[5], r[6], r[7], r[8]});
  }
  if (catalog.sets_.empty()) return Err(InvalidArgument(path + ": no product sets"));
  return catalog;
}

const ProductSet* ProductSetCatalog::Find(int number) const {
  if (number < 1 || number > static_cast<int>(sets_.size())) return nullptr;
  return &sets_[static_cast<std::size_t>(number - 1)];
}

}  // namespace ocop::domain
