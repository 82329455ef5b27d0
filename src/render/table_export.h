// Tables as the offices open them: XLSX (libxlsxwriter) with a bold header
// row, an autofilter, the header frozen and dates as real spreadsheet dates
// (shown dd/mm/yyyy), and CSV (RFC 4180, UTF-8 with a byte-order mark so
// that Excel reads Vietnamese right). Pure apart from a temporary file for
// libxlsxwriter; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/date.h"
#include "core/status.h"

namespace ocop::render {

// One cell: empty, text, a number or a civil date.
using Cell = std::variant<std::monostate, std::string, double, CivilDate>;

struct Table {
  std::string sheet_name;            // at most 31 characters, no []:*?/\ (Excel's rules)
  std::vector<std::string> headers;  // one per column
  std::vector<double> widths;        // column widths in characters (may be shorter)
  std::vector<std::vector<Cell>> rows;
};

// The .xlsx bytes of `table`. Internal when the library fails.
Result<std::string> WriteXlsx(const Table& table);

// The .csv bytes: BOM, header line, one line per row, CRLF line ends; text
// quoted when it holds a comma, a quote or a line break, and preceded by an
// apostrophe when it starts with = + or @ (so Excel runs no formula); dates ISO
// (YYYY-MM-DD, which Excel and every parser read as a date); numbers in
// their shortest round-trip form.
std::string WriteCsv(const Table& table);

}  // namespace ocop::render
