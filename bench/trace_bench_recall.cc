#include "trace_bench_recall.h"

#include <chrono>
#include <optional>

#include "api/recall_export.h"
#include "domain/traceability/recall_service.h"
#include "i18n/catalog.h"
#include "render/table_export.h"

namespace ocop::bench {
namespace {

double Ms(std::chrono::steady_clock::time_point a, std::chrono::steady_clock::time_point b) {
  return std::chrono::duration<double, std::milli>(b - a).count();
}

}  // namespace

Result<RecallTiming> OpenRecallAndExport(domain::Store& store, const Clock& clock,
                                         const std::string& lot_id, const std::string& data_dir) {
  OCOP_ASSIGN_OR_RETURN(const i18n::Catalog catalog, i18n::Catalog::Load(data_dir + "/i18n"));
  std::optional<domain::User> admin;
  OCOP_RETURN_IF_ERROR(store.Read([&](domain::Repositories& r) -> Status {
    OCOP_ASSIGN_OR_RETURN(admin, r.users().FindByUsername("bench.data"));
    return Status::Ok();
  }));
  if (!admin) return Err(NotFound("error.not_found").WithDetail("the bench.data account"));
  const domain::Principal who = admin->ToPrincipal();
  domain::RecallService recalls(store, clock, domain::RecallSettings{});

  domain::OpenRecallRequest request;
  request.lots = {lot_id};
  request.reason = "failed_test";
  request.reason_text = "Dư lượng thuốc bảo vệ thực vật vượt giới hạn (đo hiệu năng)";
  request.reference = "BENCH-LAB-0001";
  request.rule.enabled = false;
  RecallTiming t;
  const auto t0 = std::chrono::steady_clock::now();
  OCOP_ASSIGN_OR_RETURN(domain::Recall recall, recalls.Open(who, request));
  const auto t1 = std::chrono::steady_clock::now();
  OCOP_ASSIGN_OR_RETURN(domain::RecallDetail detail, recalls.Get(who, recall.id));
  const auto t2 = std::chrono::steady_clock::now();
  t.number = recall.number;
  t.records = detail.records.size();
  // The spreadsheet an officer downloads: the records as a table, as XLSX
  // and as CSV (both, as the recall page offers both).
  const render::Table table = api::RecallRecordsTable(detail, catalog, "vi");
  OCOP_ASSIGN_OR_RETURN(const std::string xlsx, render::WriteXlsx(table));
  const std::string csv = render::WriteCsv(table);
  const auto t3 = std::chrono::steady_clock::now();
  t.open_ms = Ms(t0, t1);
  t.read_ms = Ms(t1, t2);
  t.export_ms = Ms(t2, t3);
  t.bytes = xlsx.size() + csv.size();
  if (table.rows.size() != t.records) {
    return Err(Internal("the spreadsheet has " + std::to_string(table.rows.size()) + " rows for " +
                        std::to_string(t.records) + " records"));
  }
  return t;
}

}  // namespace ocop::bench
