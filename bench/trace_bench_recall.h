// The recall half of trace_bench: opens a recall on one lot through the
// RecallService as an officer does, reads the recall's affected records and
// writes its spreadsheet, each step timed.
#pragma once

#include <cstddef>
#include <string>

#include "core/clock.h"
#include "core/status.h"
#include "domain/store.h"

namespace ocop::bench {

struct RecallTiming {
  std::string number;  // the recall opened
  double open_ms = 0, read_ms = 0, export_ms = 0;
  std::size_t records = 0;  // affected records (FSMA 204 rows)
  std::size_t bytes = 0;    // of the XLSX and CSV files together
};

// As the national administrator account `ocop bench-data` made ("bench.data"),
// on the lot `lot_id` (a Digital Link or /p/ lot URL), without the
// same-growing-area rule so that the affected set is the lot's downstream;
// the spreadsheet is written as XLSX and as CSV, with the headings of the
// catalogue under `data_dir`/i18n.
Result<RecallTiming> OpenRecallAndExport(domain::Store& store, const Clock& clock,
                                         const std::string& lot_id, const std::string& data_dir);

}  // namespace ocop::bench
