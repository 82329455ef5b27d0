#include "api/recall_export.h"

namespace ocop::api {

render::Table RecallRecordsTable(const domain::RecallDetail& detail, const i18n::Catalog& catalog,
                                 const std::string& lang) {
  render::Table t;
  t.sheet_name = detail.recall.number;
  for (const char* key :
       {"recall.col.lot_code", "recall.col.product", "recall.col.quantity", "recall.col.unit",
        "recall.col.location", "recall.col.location_id", "recall.col.date", "recall.col.event_type",
        "recall.col.reference_type", "recall.col.reference_number", "recall.col.lot_key",
        "recall.col.reach"}) {
    t.headers.push_back(catalog.Text(lang, key));
  }
  t.widths = {16, 36, 10, 8, 36, 30, 12, 16, 14, 40, 50, 12};
  for (const domain::RecallRecord& r : detail.records) {
    std::vector<render::Cell> row;
    // A non-lot object (a pallet, an item) is traced under its own id.
    row.emplace_back(r.lot_code.empty() ? r.lot_key : r.lot_code);
    row.emplace_back(r.product_description);
    if (r.quantity > 0) {
      row.emplace_back(r.quantity);
    } else {
      row.emplace_back(std::monostate{});
    }
    row.emplace_back(r.unit);
    row.emplace_back(r.location_description);
    row.emplace_back(r.location_id);
    if (r.date) {
      row.emplace_back(*r.date);
    } else {
      row.emplace_back(std::monostate{});
    }
    row.emplace_back(catalog.Text(lang, "recall.cte." + r.event_type));
    row.emplace_back(r.reference_type);
    row.emplace_back(r.reference_number);
    row.emplace_back(r.lot_key);
    row.emplace_back(
        catalog.Text(lang, "recall.reach." + std::string(domain::RecallReachId(r.reach))));
    t.rows.push_back(std::move(row));
  }
  return t;
}

std::string RecallRecordsFileName(const domain::Recall& recall, const std::string& extension) {
  return recall.number + "-records." + extension;
}

}  // namespace ocop::api
