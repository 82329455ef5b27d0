// Tests of the .xlsx reader on workbooks written by libxlsxwriter, packages built by hand with
// libzip (sheet order, inline and rich strings, limits), damaged input and the import fixture.
#include "datafiles/xlsx_reader.h"

#include <gtest/gtest.h>
#include <xlsxwriter.h>
#include <zip.h>

#include <cstdio>
#include <fstream>
#include <functional>
#include <random>
#include <sstream>
#include <utility>

#include "core/csv.h"
#include "domain/certification/legacy_import.h"
#include "domain/registry/geography.h"

namespace ocop::datafiles {
namespace {

using Grid = std::vector<std::vector<std::string>>;
using Parts = std::vector<std::pair<std::string, std::string>>;

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

std::string TempPath(const std::string& name) { return ::testing::TempDir() + name; }

// The bytes of a workbook that `fill` writes with libxlsxwriter.
std::string WriteWorkbook(const std::function<void(lxw_workbook*)>& fill,
                          bool constant_memory = false) {
  const std::string path = TempPath("xlsx_reader_test.xlsx");
  lxw_workbook_options options = {};
  options.constant_memory = constant_memory ? LXW_TRUE : LXW_FALSE;
  lxw_workbook* workbook = workbook_new_opt(path.c_str(), &options);
  EXPECT_NE(workbook, nullptr);
  fill(workbook);
  EXPECT_EQ(workbook_close(workbook), LXW_NO_ERROR);
  std::string bytes = Slurp(path);
  std::remove(path.c_str());
  return bytes;
}

// The bytes of a zip holding `parts`, written with libzip.
std::string ZipOf(const Parts& parts) {
  const std::string path = TempPath("xlsx_reader_test.zip");
  int error = 0;
  zip_t* zip = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
  EXPECT_NE(zip, nullptr);
  for (const auto& [name, content] : parts) {
    zip_source_t* source = zip_source_buffer(zip, content.data(), content.size(), 0);
    EXPECT_GE(zip_file_add(zip, name.c_str(), source, ZIP_FL_ENC_UTF_8), 0);
  }
  EXPECT_EQ(zip_close(zip), 0);
  std::string bytes = Slurp(path);
  std::remove(path.c_str());
  return bytes;
}

constexpr const char* kMain = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
constexpr const char* kRel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
constexpr const char* kPkgRel = "http://schemas.openxmlformats.org/package/2006/relationships";

std::string Worksheet(const std::string& sheet_data) {
  return std::string("<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"") + kMain +
         "\"><sheetData>" + sheet_data + "</sheetData></worksheet>";
}

// A minimal package whose workbook lists "Data" (rId2 → `data_target`) before "Other" (rId1 →
// worksheets/sheet1.xml); `extra` parts are added or replace the defaults.
std::string HandBuiltXlsx(const std::string& data_sheet, Parts extra = {},
                          const std::string& data_target = "worksheets/sheet2.xml") {
  Parts parts = {
      {"_rels/.rels", std::string("<Relationships xmlns=\"") + kPkgRel +
                          "\"><Relationship Id=\"rId1\" Type=\"" + kRel +
                          "/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"},
      {"xl/workbook.xml", std::string("<workbook xmlns=\"") + kMain + "\" xmlns:r=\"" + kRel +
                              "\"><sheets><sheet name=\"Data\" sheetId=\"2\" r:id=\"rId2\"/>"
                              "<sheet name=\"Other\" sheetId=\"1\" r:id=\"rId1\"/></sheets>"
                              "</workbook>"},
      {"xl/_rels/workbook.xml.rels",
       std::string("<Relationships xmlns=\"") + kPkgRel + "\"><Relationship Id=\"rId1\" Type=\"" +
           kRel +
           "/worksheet\" Target=\"worksheets/sheet1.xml\"/><Relationship Id=\"rId2\" Type=\"" +
           kRel + "/worksheet\" Target=\"" + data_target + "\"/><Relationship Id=\"rId3\" Type=\"" +
           kRel + "/sharedStrings\" Target=\"sharedStrings.xml\"/></Relationships>"},
      {"xl/sharedStrings.xml",
       std::string("<sst xmlns=\"") + kMain +
           "\"><si><t>Tên sản phẩm</t></si>"
           "<si><r><t>Mật ong </t></r><r><rPr><b/></rPr><t>Ia Grai</t></r>"
           "<rPh sb=\"0\" eb=\"1\"><t>PHONETIC</t></rPh></si><si><t xml:space=\"preserve\"> "
           "a &amp; b </t></si></sst>"},
      {"xl/worksheets/sheet1.xml", Worksheet("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>")},
      {"xl/worksheets/sheet2.xml", data_sheet},
  };
  for (auto& [name, content] : extra) {
    bool replaced = false;
    for (auto& part : parts) {
      if (part.first == name) {
        part.second = content;
        replaced = true;
      }
    }
    if (!replaced) parts.emplace_back(name, content);
  }
  return ZipOf(parts);
}

void ExpectError(const Result<Grid>& result, const char* key) {
  ASSERT_FALSE(result) << "expected " << key;
  EXPECT_EQ(result.error().code(), Code::kInvalidArgument);
  EXPECT_EQ(result.error().message().key, key);
}

TEST(XlsxReader, ReadsSharedStringsNumbersDatesBooleansAndSkippedCells) {
  auto bytes = WriteWorkbook([](lxw_workbook* wb) {
    lxw_worksheet* ws = workbook_add_worksheet(wb, "Chứng nhận");
    lxw_format* date = workbook_add_format(wb);
    format_set_num_format(date, "dd/mm/yyyy");
    worksheet_write_string(ws, 0, 0, "Số chứng nhận", nullptr);
    worksheet_write_string(ws, 0, 1, "Tên sản phẩm", nullptr);
    worksheet_write_string(ws, 0, 3, "Số sao", nullptr);  // C1 skipped
    worksheet_write_string(ws, 1, 0, "125/GCN-UBND", nullptr);
    worksheet_write_string(ws, 1, 1, "Cà phê bột Krông Pắc", nullptr);
    worksheet_write_number(ws, 1, 3, 4, nullptr);
    // Row 3 is empty.
    worksheet_write_number(ws, 3, 0, 3.5, nullptr);
    lxw_datetime issued = {2023, 11, 1, 0, 0, 0};
    worksheet_write_datetime(ws, 3, 1, &issued, date);
    worksheet_write_boolean(ws, 3, 2, 1, nullptr);
    worksheet_write_boolean(ws, 3, 3, 0, nullptr);
    worksheet_write_formula_num(ws, 4, 0, "=1+2", nullptr, 3);
    worksheet_write_formula_str(ws, 4, 1, "=\"Gia \"&\"Lai\"", nullptr, "Gia Lai");
    worksheet_write_string(ws, 4, 2, "Cà phê bột Krông Pắc", nullptr);  // a repeated string
    // Formatted but empty cells and rows after the data are not data.
    worksheet_write_blank(ws, 5, 7, date);
    worksheet_set_row(ws, 9, 30, nullptr);
  });
  auto grid = ReadXlsxFirstSheet(bytes);
  ASSERT_TRUE(grid) << grid.error().ToString();
  EXPECT_EQ(*grid, (Grid{
                       {"Số chứng nhận", "Tên sản phẩm", "", "Số sao"},
                       {"125/GCN-UBND", "Cà phê bột Krông Pắc", "", "4"},
                       {"", "", "", ""},
                       {"3.5", "45231", "TRUE", "FALSE"},
                       {"3", "Gia Lai", "Cà phê bột Krông Pắc", ""},
                   }));
}

TEST(XlsxReader, ReadsInlineStringsOfAConstantMemoryWorkbook) {
  auto bytes = WriteWorkbook(
      [](lxw_workbook* wb) {
        lxw_worksheet* ws = workbook_add_worksheet(wb, nullptr);
        worksheet_write_string(ws, 0, 0, "Mã tỉnh", nullptr);
        worksheet_write_string(ws, 0, 1, "Mã xã", nullptr);
        worksheet_write_string(ws, 1, 0, "66", nullptr);
        worksheet_write_string(ws, 1, 1, "24490", nullptr);
      },
      /*constant_memory=*/true);
  ASSERT_NE(bytes.find("sheet1.xml"), std::string::npos);
  auto grid = ReadXlsxFirstSheet(bytes);
  ASSERT_TRUE(grid) << grid.error().ToString();
  EXPECT_EQ(*grid, (Grid{{"Mã tỉnh", "Mã xã"}, {"66", "24490"}}));
}

TEST(XlsxReader, ReadsOnlyTheFirstSheetOfSeveral) {
  auto bytes = WriteWorkbook([](lxw_workbook* wb) {
    worksheet_write_string(workbook_add_worksheet(wb, "Dữ liệu"), 0, 0, "đầu tiên", nullptr);
    worksheet_write_string(workbook_add_worksheet(wb, "Khác"), 0, 0, "thứ hai", nullptr);
  });
  auto grid = ReadXlsxFirstSheet(bytes);
  ASSERT_TRUE(grid) << grid.error().ToString();
  EXPECT_EQ(*grid, (Grid{{"đầu tiên"}}));
}

TEST(XlsxReader, FollowsWorkbookOrderNotFileNames) {
  auto bytes = HandBuiltXlsx(Worksheet(
      "<row r=\"2\"><c r=\"B2\" t=\"s\"><v>0</v></c><c r=\"C2\" t=\"s\"><v>1</v></c></row>"
      "<row r=\"3\"><c r=\"A3\" t=\"s\"><v>2</v></c><c r=\"C3\" t=\"inlineStr\"><is><r><t>Krông "
      "</t></r><r><t>Pắc</t></r></is></c></row>"));
  auto grid = ReadXlsxFirstSheet(bytes);
  ASSERT_TRUE(grid) << grid.error().ToString();
  EXPECT_EQ(
      *grid,
      (Grid{{"", "", ""}, {"", "Tên sản phẩm", "Mật ong Ia Grai"}, {" a & b ", "", "Krông Pắc"}}));
}

TEST(XlsxReader, ResolvesAbsoluteTargetsAndCellsWithoutReferences) {
  auto bytes = HandBuiltXlsx(
      Worksheet("<row><c><v>1</v></c><c><v>2</v></c></row><row><c r=\"B2\"><v>3</v></c>"
                "<c><v>4</v></c></row>"),
      {}, "/xl/worksheets/../worksheets/sheet2.xml");
  auto grid = ReadXlsxFirstSheet(bytes);
  ASSERT_TRUE(grid) << grid.error().ToString();
  EXPECT_EQ(*grid, (Grid{{"1", "2", ""}, {"", "3", "4"}}));
}

TEST(XlsxReader, ReadsTheImportFixtureLikeItsCsv) {
  const std::string dir = OCOP_DATA_DIR "/../tests/fixtures/import/";
  auto grid = ReadXlsxFirstSheet(Slurp(dir + "legacy-certificates.xlsx"));
  ASSERT_TRUE(grid) << grid.error().ToString();
  ASSERT_EQ(grid->size(), 9u);
  EXPECT_EQ((*grid)[0][0], "Số chứng nhận");
  EXPECT_EQ((*grid)[1][7], "45153");  // 15/08/2023 as a serial

  auto geography = domain::Geography::Load(OCOP_DATA_DIR "/geo");
  ASSERT_TRUE(geography);
  const CivilDate today{2026, 11, 22};
  auto from_xlsx = domain::ValidateLegacyRows(*grid, *geography, today);
  auto csv_rows = csv::Parse(Slurp(dir + "legacy-certificates.csv"));
  ASSERT_TRUE(csv_rows);
  auto from_csv = domain::ValidateLegacyRows(*csv_rows, *geography, today);

  ASSERT_EQ(from_xlsx.errors.size(), 2u);
  EXPECT_EQ(from_xlsx.errors[0].row, 8);
  EXPECT_EQ(from_xlsx.errors[0].message_key, "error.import.stars");
  EXPECT_EQ(from_xlsx.errors[1].row, 9);
  EXPECT_EQ(from_xlsx.errors[1].message_key, "error.import.date");
  ASSERT_EQ(from_xlsx.valid.size(), 6u);
  ASSERT_EQ(from_csv.valid.size(), 6u);
  for (std::size_t i = 0; i < 6; ++i) {
    const auto &x = from_xlsx.valid[i], &c = from_csv.valid[i];
    EXPECT_EQ(x.number, c.number);
    EXPECT_EQ(x.product_name, c.product_name);
    EXPECT_EQ(x.province_code, c.province_code);
    EXPECT_EQ(x.commune_code, c.commune_code);
    EXPECT_EQ(x.product_set, c.product_set);
    EXPECT_EQ(x.stars, c.stars);
    EXPECT_EQ(x.issued, c.issued);
    EXPECT_EQ(x.expires, c.expires);
    EXPECT_EQ(x.authority, c.authority);
  }
}

TEST(XlsxReader, RefusesBytesThatAreNotAZip) {
  ExpectError(ReadXlsxFirstSheet(""), "error.import.xlsx");
  ExpectError(ReadXlsxFirstSheet("Số chứng nhận,Tên sản phẩm\n1,2\n"), "error.import.xlsx");
  std::mt19937 random(2025);
  std::string noise(4096, '\0');
  for (char& c : noise) c = static_cast<char>(random());
  ExpectError(ReadXlsxFirstSheet(noise), "error.import.xlsx");
  ExpectError(ReadXlsxFirstSheet(std::string("PK\x03\x04", 4) + noise), "error.import.xlsx");
}

TEST(XlsxReader, RefusesAZipWithoutAWorkbook) {
  ExpectError(ReadXlsxFirstSheet(ZipOf({{"readme.txt", "không phải bảng tính"}})),
              "error.import.xlsx");
}

TEST(XlsxReader, RefusesATruncatedWorkbook) {
  auto bytes = WriteWorkbook([](lxw_workbook* wb) {
    worksheet_write_string(workbook_add_worksheet(wb, nullptr), 0, 0, "Số sao", nullptr);
  });
  for (std::size_t keep : {bytes.size() / 2, bytes.size() - 30, std::size_t{22}}) {
    ExpectError(ReadXlsxFirstSheet(std::string_view(bytes).substr(0, keep)), "error.import.xlsx");
  }
}

TEST(XlsxReader, RefusesDamagedPackages) {
  const std::string ok_sheet = Worksheet("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>");
  // A workbook without sheets; a sheet relationship pointing nowhere; no workbook rels.
  ExpectError(ReadXlsxFirstSheet(HandBuiltXlsx(
                  ok_sheet, {{"xl/workbook.xml", std::string("<workbook xmlns=\"") + kMain +
                                                     "\"><sheets/></workbook>"}})),
              "error.import.xlsx");
  ExpectError(ReadXlsxFirstSheet(HandBuiltXlsx(ok_sheet, {}, "worksheets/missing.xml")),
              "error.import.xlsx");
  ExpectError(ReadXlsxFirstSheet(
                  ZipOf({{"xl/workbook.xml", "<workbook><sheets><sheet/></sheets></workbook>"},
                         {"xl/worksheets/sheet1.xml", ok_sheet}})),
              "error.import.xlsx");
  // Malformed XML, a DTD, a bad cell reference, a shared string that does not exist.
  for (const std::string& sheet :
       {Worksheet("<row r=\"1\"><c r=\"A1\"><v>1</v></row>"),
        std::string("<!DOCTYPE worksheet [<!ENTITY x \"y\">]><worksheet xmlns=\"") + kMain +
            "\"><sheetData><row><c><v>&x;</v></c></row></sheetData></worksheet>",
        Worksheet("<row r=\"1\"><c r=\"1A\"><v>1</v></c></row>"),
        Worksheet("<row r=\"0\"><c><v>1</v></c></row>"),
        Worksheet("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>3</v></c></row>"),
        Worksheet("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>x</v></c></row>")}) {
    ExpectError(ReadXlsxFirstSheet(HandBuiltXlsx(sheet)), "error.import.xlsx");
  }
}

TEST(XlsxReader, EnforcesTheRowAndColumnLimits) {
  auto at = [](const std::string& ref) {
    return HandBuiltXlsx(Worksheet("<row><c r=\"" + ref + "\"><v>1</v></c></row>"));
  };
  auto last_column = ReadXlsxFirstSheet(at("BL1"));  // column 64
  ASSERT_TRUE(last_column) << last_column.error().ToString();
  EXPECT_EQ((*last_column)[0].size(), 64u);
  auto last_row = ReadXlsxFirstSheet(at("A100000"));
  ASSERT_TRUE(last_row) << last_row.error().ToString();
  EXPECT_EQ(last_row->size(), 100000u);
  ExpectError(ReadXlsxFirstSheet(at("BM1")), "error.import.too_large");
  ExpectError(ReadXlsxFirstSheet(at("A100001")), "error.import.too_large");
  // Empty cells far away (formatting) do not count.
  auto styled = ReadXlsxFirstSheet(HandBuiltXlsx(
      Worksheet("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row><row r=\"500000\"><c r=\"XFD500000\" "
                "s=\"1\"/></row>")));
  ASSERT_TRUE(styled) << styled.error().ToString();
  EXPECT_EQ(*styled, (Grid{{"1"}}));
}

}  // namespace
}  // namespace ocop::datafiles
