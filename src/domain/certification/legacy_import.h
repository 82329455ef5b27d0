// Chứng nhận OCOP cũ — certificates issued before the platform (under Decision 148/2023, some
// by former districts, abolished on 1 July 2025), imported from the CSV or XLSX files offices
// keep. This is the pure part: mapping the columns of a table by header name and validating
// every row, so that a report can name each bad row. Writing to the store is the caller's job
// (nothing from a file with errors unless the user asks for the valid rows only). Thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "domain/registry/geography.h"

namespace ocop::domain {

inline constexpr std::string_view kLegacyRubricVersion = "qd-148-2023";

struct LegacyCertificate {
  int row = 0;         // the row of the table it came from (header = 1), for reports
  std::string number;  // certificate number as printed; unique; trimmed, NFC
  std::string product_name, producer_name;
  std::string province_code;  // 2-digit code of the 2025 map (34 provinces)
  std::string commune_code;   // optional 5-digit commune of that province, "" if unknown
  int product_set = 0;        // optional 1..26, 0 if unknown
  int stars = 0;              // 3..5
  CivilDate issued, expires;  // expires: as given, or ExpiryOf(issued) when the cell is empty
  std::string authority;      // e.g. "UBND huyện Krông Pắc (cũ)"
  std::string decision_number;
  std::string rubric_version;  // default kLegacyRubricVersion
};

// One problem of one cell. `row` is the 1-based row of the table including the header (the line
// of a one-line-per-record CSV, the row number in Excel); `column` is the column's canonical id
// ("number", "product", "producer", "province", "commune", "product_set", "stars", "issued",
// "expires", "authority", "decision", "rubric"; "" when the table is empty).
struct RowError {
  int row;
  std::string column;
  std::string message_key;
};

struct LegacyImportReport {
  std::vector<LegacyCertificate> valid;  // rows without any error, in file order
  std::vector<RowError> errors;          // by row, then by column order
  int rows = 0;                          // data rows examined (blank rows are skipped)
};

// Validates `rows` (rows[0] is the header) as legacy certificates.
//
// Columns are found by header name, Vietnamese or English, case- and diacritic-insensitive,
// spaces/hyphens counting as "_" and "*" marks ignored ("Số chứng nhận", "so_chung_nhan",
// "Number"): so_chung_nhan/number, ten_san_pham/product, chu_the/producer, ma_tinh/province,
// ma_xa/commune, bo_san_pham/product_set, so_sao/stars, ngay_cap/issued, ngay_het_han/expires,
// co_quan_cap/authority, so_quyet_dinh/decision, bo_tieu_chi/rubric. Unknown columns are
// ignored. Required: number, product, producer, province, stars, issued, authority, decision;
// each one missing from the header gives error.import.missing_column on row 1 (and a column
// named twice error.import.duplicate_column), and then no data row is examined.
//
// Every problem of every row is reported: error.import.text (not UTF-8 or a control character),
// .required (blank required cell), .stars (not 3..5), .date (not dd/mm/yyyy, d/m/yyyy,
// YYYY-MM-DD or an Excel 1900-system serial), .issued_future (after `today`), .expiry_order
// (expires not after issued), .expiry_too_long (after issued + 36 months), .province (not in the
// 2025 map), .commune (unknown or not in that province), .product_set (not 1..26), .duplicate
// (a certificate number already seen earlier in the file), .reserved_number (a number
// starting "OCOP-", the platform's own numbering, or holding '|'). Text is trimmed and put in NFC;
// numeric codes that Excel stripped of their leading zeros ("1" for province "01") are padded.
LegacyImportReport ValidateLegacyRows(const std::vector<std::vector<std::string>>& rows,
                                      const Geography& geography, const CivilDate& today);

}  // namespace ocop::domain
