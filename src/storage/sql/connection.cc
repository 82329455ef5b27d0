#include "storage/sql/connection.h"

#include <cstdlib>

namespace ocop::storage {

const std::string& ResultSet::Text(std::size_t row, std::size_t col) const {
  static const std::string kEmpty;
  const auto& cell = rows[row][col];
  return cell ? *cell : kEmpty;
}

std::int64_t ResultSet::Int(std::size_t row, std::size_t col) const {
  const auto& cell = rows[row][col];
  return cell ? std::strtoll(cell->c_str(), nullptr, 10) : 0;
}

}  // namespace ocop::storage
