// SqlProductRepository::PageStamp: the check behind the resolver's page
// cache, in a file of its own as it reads four tables (products, producers,
// certificates, epcis_ids, and the recalls naming the product's lots) in one
// statement, every lookup through a primary key or an index.
#include <string>
#include <vector>

#include "storage/sql/sql_repositories.h"

namespace ocop::storage {

Result<std::string> SqlProductRepository::PageStamp(std::int64_t product_id,
                                                    const std::vector<std::string>& event_keys) {
  std::vector<Param> params = {product_id};
  std::string keys;
  for (const auto& k : event_keys) {
    params.emplace_back(k);
    keys += (keys.empty() ? "$" : ", $") + std::to_string(params.size());
  }
  const std::string events =
      keys.empty()
          ? std::string("0, 0")
          : "(SELECT COUNT(*) FROM epcis_ids WHERE key IN (" + keys +
                ")), (SELECT COALESCE(MAX(seq), 0) FROM epcis_ids WHERE key IN (" + keys + "))";
  // Recalls naming the product's lots or these keys: opening one adds it,
  // closing one bumps its version (recall_records has an index on each).
  const std::string recall_ids =
      "SELECT recall_id FROM recall_records WHERE product_id = $1" +
      (keys.empty()
           ? std::string()
           : " UNION SELECT recall_id FROM recall_records WHERE lot_key IN (" + keys + ")");
  const std::string recalls =
      "(SELECT COUNT(*) + COALESCE(SUM(version), 0) FROM recalls WHERE id IN (" + recall_ids + "))";
  // The newest certificate by the rule of CertificateRepository::NewestOfProduct.
  OCOP_ASSIGN_OR_RETURN(
      ResultSet rs,
      c_.Query("SELECT p.version, COALESCE(pr.version, 0), COALESCE(c.id, 0), "
               "COALESCE(c.version, 0), " +
                   events + ", " + recalls +
                   " FROM products p LEFT JOIN producers pr ON pr.id = p.producer_id"
                   " LEFT JOIN certificates c ON c.id = (SELECT id FROM certificates"
                   " WHERE product_id = p.id ORDER BY issued_on DESC, id DESC LIMIT 1)"
                   " WHERE p.id = $1",
               params));
  if (rs.empty()) return std::string();
  std::string stamp = "p" + std::to_string(product_id);
  for (std::size_t col = 0; col < 7; ++col) stamp += "." + std::to_string(rs.Int(0, col));
  return stamp;
}

}  // namespace ocop::storage
