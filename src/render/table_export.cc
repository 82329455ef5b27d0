#include "render/table_export.h"

#include <xlsxwriter.h>

#include <charconv>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>

#include "core/crypto.h"

namespace ocop::render {
namespace {

// Days from Excel's epoch (1899-12-30, the 1900 date system) to a date.
double ExcelSerial(const CivilDate& d) {
  return static_cast<double>(d.DaysSinceEpoch() - CivilDate{1899, 12, 30}.DaysSinceEpoch());
}

// The shortest text that reads back as `v` ("200", "12.345", "0.1").
std::string ShortestNumber(double v) {
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  return ec == std::errc() ? std::string(buf, end) : std::string();
}

void CsvField(std::string& out, std::string s) {
  // A cell Excel would run as a formula is kept as text (OWASP CSV injection).
  if (!s.empty() && (s[0] == '=' || s[0] == '+' || s[0] == '@')) s.insert(0, "'");
  if (s.find_first_of(",\"\r\n") == std::string::npos) {
    out += s;
    return;
  }
  out += '"';
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

// Removes the file when it goes out of scope.
struct TempFile {
  std::filesystem::path path;
  ~TempFile() {
    std::error_code ec;
    std::filesystem::remove(path, ec);
  }
};

}  // namespace

Result<std::string> WriteXlsx(const Table& table) {
  std::error_code ec;
  TempFile file{std::filesystem::temp_directory_path(ec) /
                ("ocop-table-" + crypto::RandomToken(9) + ".xlsx")};
  if (ec) return Err(Internal("no temporary directory: " + ec.message()));
  lxw_workbook_options options = {};
  options.constant_memory = LXW_TRUE;  // rows are written in order: bounded memory
  lxw_workbook* wb = workbook_new_opt(file.path.c_str(), &options);
  if (wb == nullptr) return Err(Internal("xlsx: cannot create the workbook"));
  lxw_worksheet* ws =
      workbook_add_worksheet(wb, table.sheet_name.empty() ? nullptr : table.sheet_name.c_str());
  if (ws == nullptr) {
    workbook_close(wb);
    return Err(Internal("xlsx: bad sheet name"));
  }
  lxw_format* bold = workbook_add_format(wb);
  format_set_bold(bold);
  format_set_bg_color(bold, 0xE7EEF7);
  format_set_border(bold, LXW_BORDER_THIN);
  lxw_format* date = workbook_add_format(wb);
  format_set_num_format(date, "dd/mm/yyyy");
  const auto columns = static_cast<lxw_col_t>(table.headers.size());
  for (lxw_col_t c = 0; c < columns; ++c) {
    const double width = c < table.widths.size() ? table.widths[c] : 16;
    worksheet_set_column(ws, c, c, width, nullptr);
    worksheet_write_string(ws, 0, c, table.headers[c].c_str(), bold);
  }
  for (std::size_t i = 0; i < table.rows.size(); ++i) {
    const auto row = static_cast<lxw_row_t>(i + 1);
    const auto& cells = table.rows[i];
    for (lxw_col_t c = 0; c < columns && c < cells.size(); ++c) {
      const Cell& cell = cells[c];
      if (const auto* s = std::get_if<std::string>(&cell)) {
        if (!s->empty()) worksheet_write_string(ws, row, c, s->c_str(), nullptr);
      } else if (const auto* n = std::get_if<double>(&cell)) {
        worksheet_write_number(ws, row, c, *n, nullptr);
      } else if (const auto* d = std::get_if<CivilDate>(&cell)) {
        worksheet_write_number(ws, row, c, ExcelSerial(*d), date);
      }
    }
  }
  if (columns > 0) {
    worksheet_autofilter(ws, 0, 0, static_cast<lxw_row_t>(table.rows.size()), columns - 1);
  }
  worksheet_freeze_panes(ws, 1, 0);
  if (lxw_error e = workbook_close(wb); e != LXW_NO_ERROR) {
    return Err(Internal(std::string("xlsx: ") + lxw_strerror(e)));
  }
  std::ifstream in(file.path, std::ios::binary);
  if (!in) return Err(Internal("xlsx: cannot read the workbook back"));
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::string WriteCsv(const Table& table) {
  std::string out = "\xEF\xBB\xBF";
  for (std::size_t c = 0; c < table.headers.size(); ++c) {
    if (c) out += ',';
    CsvField(out, table.headers[c]);
  }
  out += "\r\n";
  for (const auto& cells : table.rows) {
    for (std::size_t c = 0; c < table.headers.size(); ++c) {
      if (c) out += ',';
      if (c >= cells.size()) continue;
      const Cell& cell = cells[c];
      if (const auto* s = std::get_if<std::string>(&cell)) {
        CsvField(out, *s);
      } else if (const auto* n = std::get_if<double>(&cell)) {
        out += ShortestNumber(*n);
      } else if (const auto* d = std::get_if<CivilDate>(&cell)) {
        out += d->ToIso();
      }
    }
    out += "\r\n";
  }
  return out;
}

}  // namespace ocop::render
