// Reading the cells of an Excel workbook (.xlsx, Office Open XML) as text, for imports of the
// data offices keep in Excel (legacy OCOP certificates first). Wraps libzip and expat, which
// stay private to this file. Pure function of the bytes; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace ocop::datafiles {

inline constexpr int kXlsxMaxRows = 100000;
inline constexpr int kXlsxMaxColumns = 64;

// The cells of the first worksheet of an .xlsx file, as text, row by row: element i is sheet
// row i + 1, so leading and interior empty rows are kept (as rows of ""), trailing empty rows are
// dropped and every row is padded with "" to the width of the widest. The first worksheet is the
// first <sheet> of the workbook in workbook order, resolved through the workbook's relationships
// (not assumed to be sheet1.xml). Cell references ("C7") place the cells, so skipped cells read
// as "".
//
// Values: shared and inline strings as stored (not trimmed); numbers as written in the XML
// ("45231" for a date serial, "3.5"); booleans as "TRUE"/"FALSE"; formula results as cached;
// error values as written ("#N/A"). Formulas themselves and formatting are ignored.
//
// Errors: InvalidArgument "error.import.xlsx" when the bytes are not a readable xlsx (not a
// zip, a damaged entry, no workbook or sheet, malformed XML or a DTD, a bad cell reference or
// shared-string index); InvalidArgument "error.import.too_large" when a non-empty cell lies
// beyond row kXlsxMaxRows or column kXlsxMaxColumns, or an XML part exceeds 128 MiB unpacked.
Result<std::vector<std::vector<std::string>>> ReadXlsxFirstSheet(std::string_view bytes);

}  // namespace ocop::datafiles
