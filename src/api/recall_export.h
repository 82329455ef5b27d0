// The FSMA 204 traceability records of a recall as a table (one row per
// critical tracking event of an affected object, with the key data elements:
// traceability lot code, product description, quantity, unit of measure,
// location description and id, date, event type, reference document type and
// number), headed in the reader's language, for the XLSX and CSV downloads.
#pragma once

#include <string>

#include "domain/traceability/recall_service.h"
#include "i18n/catalog.h"
#include "render/table_export.h"

namespace ocop::api {

// The records of `detail` in their stored order (the trace's).
render::Table RecallRecordsTable(const domain::RecallDetail& detail, const i18n::Catalog& catalog,
                                 const std::string& lang);

// "TH-2026-000001-records.xlsx" and so on.
std::string RecallRecordsFileName(const domain::Recall& recall, const std::string& extension);

}  // namespace ocop::api
